#!/usr/bin/env bash
# The container test: Docker (Debian's docker.io; dockerd started here when none runs), the base
# images made locally (deploy/docker/base-images.sh: debootstrap + Node.js 24), the image built
# with `docker build --network host`, then apps/runnerly/src/deploy/containers.test.ts: setup and
# every service in containers on the host's network against this machine's PostgreSQL and
# RabbitMQ, a runner signed up through the containerised gateway, a run imported and read back.
# Prints the durations; exit code is the test's. The image is kept (the next run reuses its layers).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts
started=$(date +%s)
if ! command -v dockerd >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io debootstrap >/dev/null ||
    { echo "containers: could not install docker.io and debootstrap"; exit 1; }
fi
ours=
if ! docker info >/dev/null 2>&1; then
  # No image registry and no bridge needed: every container runs on the host's network.
  setsid dockerd --iptables=false --ip-forward=false --bridge=none >artifacts/dockerd.log 2>&1 &
  ours=$!
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
fi
docker info --format 'containers: Docker engine {{.ServerVersion}}' || { echo "containers: dockerd did not start"; exit 1; }
stop() { if [ -n "$ours" ]; then kill "$ours" 2>/dev/null; wait "$ours" 2>/dev/null; fi; }
trap stop EXIT

version=$(node -p 'require("./apps/runnerly/package.json").version')
deploy/docker/base-images.sh || { echo "containers: the base images could not be made"; exit 1; }
based=$(date +%s)
DOCKER_BUILDKIT=0 docker build --network host -t "runnerly:$version" . >artifacts/docker-build.log 2>&1 ||
  { tail -30 artifacts/docker-build.log; echo "containers: docker build failed"; exit 1; }
built=$(date +%s)
docker image ls "runnerly:$version" --format 'containers: image {{.Repository}}:{{.Tag}}, {{.Size}}'
RUNNERLY_CONTAINER_TEST=1 node scripts/test.mjs apps/runnerly/src/deploy/containers.test.ts 2>&1 | tee artifacts/test-containers.log
rc=${PIPESTATUS[0]}
ended=$(date +%s)
docker image prune -f >/dev/null 2>&1
echo "containers: base images $((based - started)) s, build $((built - based)) s, test $((ended - built)) s, exit $rc"
exit "$rc"
