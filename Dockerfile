# syntax=docker/dockerfile:1
# lakewarden image. The build steps are the ones CI runs (.ci/run): `npm ci`, then `npm run build`.
# Pin the base image by digest in your registry mirror; the tag is kept readable here.
ARG NODE_IMAGE=node:24-bookworm-slim
FROM ${NODE_IMAGE} AS base
WORKDIR /app

# Production dependencies only (no dev tools in the final image).
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

# Full install + TypeScript build, the same commands as CI.
FROM base AS build
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    LAKEWARDEN_HOME=/app
COPY --chown=node:node package.json ./
COPY --chown=node:node --from=prod-deps /app/node_modules ./node_modules
COPY --chown=node:node --from=build /app/dist ./dist
# Rules and templates ship in the image. To override, mount your own folder over them read-only
# (`-v ./my-rules:/app/rules:ro`, `-v ./my-templates:/app/templates:ro`), or point rules.directory /
# rules.templatesDirectory in lakewarden.yaml elsewhere. The scan job re-reads both at every run.
COPY --chown=node:node rules ./rules
COPY --chown=node:node templates ./templates
# State (SQLite store when DATABASE_URL is not postgres://). Configuration: mount lakewarden.yaml at
# /app/lakewarden.yaml (relative paths in it resolve from /app) or set LAKEWARDEN_CONFIG.
RUN mkdir -p /app/.lakewarden && chown node:node /app/.lakewarden
VOLUME ["/app/.lakewarden"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains (service.shutdownGraceSeconds, default 25 s): give the container more than that to stop.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "--enable-source-maps", "dist/cli.js"]
CMD ["serve"]
