# syntax=docker/dockerfile:1
# One image for every app of the routing platform: `docker run IMAGE ingester|worker|dashboard|emulator`.
# Build: docker build -t routing-platform .   (docs/operations.md, "The image")
# Checked by test/ops/dockerfile.test.ts (lint rules) and `npm run test:containers` (a real build and run).

# Any Node 20 image on Debian bookworm (npm included); overridable for mirrors and air-gapped builds.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: install with the lockfile, compile (and build the dashboard's console with Vite), then deploy each
# app with production dependencies only (the console's ui/dist goes with the dashboard) ---
FROM ${NODE_IMAGE} AS build
ENV CI=true
# The repository's pinned pnpm (scripts/pnpm.mjs), through npm: corepack's signature check is not relied on.
RUN npm install --global pnpm@10.34.9
WORKDIR /src
# Only the lockfile first: the dependency download stays cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm exec tsc -b apps/ingester apps/worker apps/dashboard apps/genesys-emulator \
 && pnpm --filter @routing/dashboard run build:ui
# pnpm deploy: each app with its workspace packages copied in and production dependencies only.
# https://pnpm.io/cli/deploy
RUN for app in ingester worker dashboard genesys-emulator-app; do \
      dir="${app%-app}"; \
      pnpm --filter "@routing/${app}" --prod --config.inject-workspace-packages=true deploy "/out/${dir}" || exit 1; \
    done \
 && rm -rf /out/*/test /out/*/bench /out/*/node_modules/@routing/*/test /out/*/node_modules/@routing/*/bench

# --- runtime -------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to the app (which drains, then exits) and reaps zombies.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    EMULATOR_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /out /app
COPY ops/docker/routing.sh /usr/local/bin/routing
COPY ops/docker/healthcheck.mjs /app/healthcheck.mjs
# Files stay root-owned and read-only for the app: it runs as an unprivileged user and writes nothing.
USER 10001:10001
# ingester (webhook, /metrics), worker (/metrics), dashboard, emulator
EXPOSE 9101 9102 3000 4010
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 CMD ["/usr/local/bin/routing", "healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/routing"]
CMD ["help"]
