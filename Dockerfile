# syntax=docker/dockerfile:1
# Runnerly: one image for every service, compiled JavaScript on Node.js 24 LTS.
#   docker build -t runnerly:0.2.0 .
#   docker run runnerly:0.2.0 start <service>     (gateway, tokendealer, accounts, data, strava, imports, …)
#   docker run runnerly:0.2.0 setup               (migrations and service clients, once before the services)
# compose.yaml and deploy/k8s run it; README "Run it on several machines".
ARG NODE_MAJOR=24

# Build: every dependency, `tsc -b` (each workspace's dist/), the dashboard (Vite), then only
# what production needs: dist/, package.json files and the production dependencies.
FROM node:${NODE_MAJOR}-bookworm AS build
# node-gyp (better-sqlite3) builds against the image's own headers instead of downloading them.
ENV npm_config_nodedir=/usr/local CI=true
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund
RUN npx tsc -b && npm run -s build -w @runnerly/dashboard
RUN npm prune --omit=dev --no-audit --no-fund \
 && mkdir -p /out \
 && cp -a package.json package-lock.json CHANGELOG.md node_modules /out/ \
 && for ws in packages/* services/* apps/*; do \
      [ -f "$ws/package.json" ] || continue; \
      mkdir -p "/out/$ws" && cp -a "$ws/package.json" "/out/$ws/"; \
      if [ -d "$ws/dist" ]; then cp -a "$ws/dist" "/out/$ws/"; fi; \
    done \
 && cp -a apps/runnerly/bin /out/apps/runnerly/ \
 && find /out -path /out/node_modules -prune -o \( -name '*.test.js' -o -name '*.test.d.ts' -o -name '*.map' -o -name '.tsbuildinfo' \) -print0 | xargs -0 rm -f

# Run: the slim image, a user without privileges, no compiler, no TypeScript, no tsx.
FROM node:${NODE_MAJOR}-bookworm-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--conditions=@runnerly/compiled \
    HOST=0.0.0.0 \
    DATA_DIR=/data
RUN groupadd --system --gid 10001 runnerly \
 && useradd --system --uid 10001 --gid runnerly --home-dir /app --no-create-home --shell /usr/sbin/nologin runnerly \
 && mkdir -p /data && chown runnerly:runnerly /data
WORKDIR /app
COPY --from=build /out /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["node", "apps/runnerly/bin/runnerly.js"]
CMD ["start", "gateway"]
