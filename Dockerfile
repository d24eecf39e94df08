# The app for cluster mode (docker-compose.yml): web app, job workers and outbox dispatcher in one
# process, talking to a Camunda 8.8 cluster through the SDK. Without ZEEBE_REST_ADDRESS it runs the
# embedded engine instead, as `npm start` does.

# Pinned to the patch release of a supported LTS (Node 20 reached end of life in April 2026): a
# rebuild months later must not silently change Node. Development machines run Node 20 or newer.
FROM node:24.21.0-bookworm-slim AS build
# better-sqlite3 compiles from source when no prebuilt binary fits the platform
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
# npm 11 honours package.json's allowScripts (only the approved packages run install scripts);
# pinned so the image's npm is the one package-lock.json was written with.
RUN npm install -g npm@11.19.1
WORKDIR /app
# dependencies first, so a source change reuses the installed layer
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
# pages and the server's bundle are built once here, not on every start; dev tools (esbuild) are
# dropped once they are built
RUN npm run build:web && npm run build:server && npm prune --omit=dev

FROM node:24.21.0-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
# owned by root: the app cannot rewrite its own code
COPY --from=build /app ./
# SQLite files when STORE_URL is unset (a single container without PostgreSQL)
RUN mkdir data && chown node:node data
USER node
EXPOSE 3000
# GET /api/session answers without a log-in and touches neither the store nor the engine: it says
# the process serves HTTP, not that PostgreSQL or the cluster are reachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/session', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1 (no npm or tsx CLI wrapper), so SIGTERM from `docker stop` reaches the
# app's shutdown handler, which finishes in-flight jobs and closes the store. It runs the bundle
# (scripts/build-server.ts): nothing is transpiled at start (docs/decisions/0022).
CMD ["node", "dist/server/start.js"]
