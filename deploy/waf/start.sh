#!/usr/bin/env bash
# Runnerly's WAF: renders nginx.conf.template and the ModSecurity/CRS setup into a folder of its
# own, then runs nginx in the foreground (exec: the caller's pid is nginx's master; SIGTERM stops
# it, SIGQUIT drains it). Debian packages: nginx libnginx-mod-http-modsecurity modsecurity-crs.
#
#   deploy/waf/start.sh [--check]        --check: render, test the configuration (nginx -t), exit
#
# Settings (environment):
#   WAF_UPSTREAM     the gateway, host:port or http://host:port        (127.0.0.1:8080)
#   WAF_LISTEN       address:port nginx listens on                     (127.0.0.1:8088)
#   WAF_DIR          folder for the rendered config, pid, logs, temp   (a new folder under $TMPDIR)
#   WAF_MODSECURITY  on | off (off: the same nginx without the WAF, for comparisons)   (on)
#   WAF_RATE_AUTH    sign-up/login/activation/password requests per minute per address (20)
#   WAF_BURST_AUTH   of which at once                                  (10)
#   WAF_RATE_API     other API requests per second per address         (20)
#   WAF_BURST_API    of which at once                                  (200)
#   WAF_RATE_WEBHOOK Strava webhook requests per second per address    (20)
#   WAF_BURST_WEBHOOK                                                  (100)
#   WAF_BODY_LIMIT   largest request body but uploads (nginx size)     (256k, the gateway's BODY_LIMIT_BYTES)
#   WAF_UPLOAD_LIMIT largest upload                                    (501m, the gateway's UPLOAD_LIMIT_BYTES)
#   WAF_WORKERS      nginx worker processes                            (auto)
#   WAF_ERROR_LOG    a file or stderr                                  ($WAF_DIR/error.log)
#   WAF_LOG_LEVEL    info logs every rule that matched; warn only refusals (info)
#   WAF_ACCESS_LOG   a file, /dev/stdout, or off                       ($WAF_DIR/access.log)
#   WAF_CRS_DIR      the Core Rule Set                                 (/usr/share/modsecurity-crs)
#   WAF_MODULE       ngx_http_modsecurity_module.so                    (Debian's)
#   NGINX            the nginx binary                                  (nginx on PATH, else /usr/sbin/nginx)
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
die() { echo "waf: $*" >&2; exit 1; }

nginx_bin="${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
[ -x "$nginx_bin" ] || die "nginx is not installed (Debian: apt-get install nginx libnginx-mod-http-modsecurity modsecurity-crs)"
module="${WAF_MODULE:-/usr/lib/nginx/modules/ngx_http_modsecurity_module.so}"
[ -f "$module" ] || die "no ModSecurity module at $module (Debian: apt-get install libnginx-mod-http-modsecurity)"
crs="${WAF_CRS_DIR:-/usr/share/modsecurity-crs}"
compgen -G "$crs/rules/REQUEST-9*.conf" >/dev/null || die "no OWASP Core Rule Set under $crs/rules (Debian: apt-get install modsecurity-crs)"

upstream="${WAF_UPSTREAM:-127.0.0.1:8080}"
upstream="${upstream#http://}"
upstream="${upstream%%/*}"
[[ "$upstream" =~ ^[A-Za-z0-9._-]+:[0-9]+$|^\[[0-9A-Fa-f:.]+\]:[0-9]+$ ]] || die "WAF_UPSTREAM must be host:port or http://host:port, not '${WAF_UPSTREAM:-}'"
listen="${WAF_LISTEN:-127.0.0.1:8088}"
[[ "$listen" =~ ^([0-9.]+|\[[0-9A-Fa-f:]+\]):[0-9]+$ ]] || die "WAF_LISTEN must be address:port, not '$listen'"
modsec="${WAF_MODSECURITY:-on}"
[[ "$modsec" =~ ^(on|off)$ ]] || die "WAF_MODSECURITY must be on or off"
int() { [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive integer, not '$2'"; echo "$2"; }
size() { [[ "$2" =~ ^[1-9][0-9]*[kKmMgG]?$ ]] || die "$1 must be an nginx size (256k, 501m), not '$2'"; echo "$2"; }
rate_auth=$(int WAF_RATE_AUTH "${WAF_RATE_AUTH:-20}")
burst_auth=$(int WAF_BURST_AUTH "${WAF_BURST_AUTH:-10}")
rate_api=$(int WAF_RATE_API "${WAF_RATE_API:-20}")
burst_api=$(int WAF_BURST_API "${WAF_BURST_API:-200}")
rate_webhook=$(int WAF_RATE_WEBHOOK "${WAF_RATE_WEBHOOK:-20}")
burst_webhook=$(int WAF_BURST_WEBHOOK "${WAF_BURST_WEBHOOK:-100}")
body_limit=$(size WAF_BODY_LIMIT "${WAF_BODY_LIMIT:-256k}")
upload_limit=$(size WAF_UPLOAD_LIMIT "${WAF_UPLOAD_LIMIT:-501m}")
workers="${WAF_WORKERS:-auto}"
[[ "$workers" =~ ^(auto|[1-9][0-9]*)$ ]] || die "WAF_WORKERS must be auto or a number"

own_dir=""
[ -n "${WAF_DIR:-}" ] || own_dir=1
dir="${WAF_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/runnerly-waf.XXXXXX")}"
mkdir -p "$dir"/{client-body,proxy,fastcgi,uwsgi,scgi,modsecurity}
dir="$(cd "$dir" && pwd)"
error_log="${WAF_ERROR_LOG:-$dir/error.log}"
log_level="${WAF_LOG_LEVEL:-info}"
[[ "$log_level" =~ ^(debug|info|notice|warn|error)$ ]] || die "WAF_LOG_LEVEL must be info, notice, warn or error"
access_log="${WAF_ACCESS_LOG:-$dir/access.log}"
[ "$access_log" = off ] || access_log="$access_log runnerly"

# Started as root (a container, CI), the workers run as nobody and own only this folder.
user_directive=""
if [ "$(id -u)" = 0 ]; then
  group="$(id -gn nobody 2>/dev/null || echo nogroup)"
  user_directive="user nobody $group;"
  chown -R "nobody:$group" "$dir"
fi

unicode_map=""
[ -f /etc/nginx/unicode.mapping ] && unicode_map="SecUnicodeMapFile /etc/nginx/unicode.mapping 20127"
cat >"$dir/modsecurity-main.conf" <<CONF
# Rendered by $here/start.sh
Include $here/modsecurity.conf
$unicode_map
SecTmpDir $dir/modsecurity
SecDataDir $dir/modsecurity
Include $here/crs-setup.conf
Include $here/exclusions-before-crs.conf
Include $crs/rules/*.conf
Include $here/exclusions-after-crs.conf
CONF

conf="$(<"$here/nginx.conf.template")"
render() { conf="${conf//@$1@/$2}"; }
render USER_DIRECTIVE "$user_directive"
render WORKERS "$workers"
render RUN_DIR "$dir"
render ERROR_LOG "$error_log"
render LOG_LEVEL "$log_level"
render ACCESS_LOG "$access_log"
render MODSECURITY_MODULE "$module"
render MODSECURITY "$modsec"
render UPSTREAM "$upstream"
render LISTEN "$listen"
render RATE_AUTH "$rate_auth"
render BURST_AUTH "$burst_auth"
render RATE_API "$rate_api"
render BURST_API "$burst_api"
render RATE_WEBHOOK "$rate_webhook"
render BURST_WEBHOOK "$burst_webhook"
render BODY_LIMIT "$body_limit"
render UPLOAD_LIMIT "$upload_limit"
[[ "$conf" != *@[A-Z_]*@* ]] || die "unrendered setting left in the template: $(grep -o '@[A-Z_]*@' <<<"$conf" | head -1)"
printf '%s\n' "$conf" >"$dir/nginx.conf"

early_log="$error_log"
[ "$early_log" = stderr ] && early_log=/dev/stderr
args=(-p "$dir" -c "$dir/nginx.conf" -e "$early_log")
if [ "${1:-}" = --check ]; then
  status=0
  "$nginx_bin" "${args[@]}" -t -q || status=$?
  [ -z "$own_dir" ] || rm -rf "$dir"
  exit $status
fi
echo "waf: http://$listen → $upstream (ModSecurity $modsec), files in $dir" >&2
exec "$nginx_bin" "${args[@]}" -g 'daemon off;'
