# syntax=docker/dockerfile:1

# Build: all dependencies (TypeScript and friends), then compile.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts ./scripts
COPY web ./web
RUN npm run build

# Production dependencies only: no compiler, no embedded PostgreSQL, no test tools.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# The image's own unprivileged user.
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Migrations run as their own step (the compose file's `migrate` service, or a release job):
#   node dist/scripts/migrate.js latest
# The heap flags keep a server process under 200 MB resident (BENCHMARKS.md): the same as `npm start`.
CMD ["node", "--max-semi-space-size=8", "--heap-growing-percent=25", "dist/src/main.js"]
