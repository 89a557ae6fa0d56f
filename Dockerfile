# syntax=docker/dockerfile:1
# lakewarden image. The build steps are the ones CI runs (.ci/run): `npm ci --no-audit --no-fund`, then
# `npm run build`.
#
# Base image: an exact Node.js 24 release (the one npm scripts run on: devDependency `node` in package.json) on
# an exact Debian release. Pin it by digest for reproducible builds, e.g.
#   docker buildx imagetools inspect node:24.21.0-trixie-slim     # prints the index digest
#   docker build --build-arg NODE_DIGEST=@sha256:<digest> .
# (NODE_DIGEST includes the leading @; empty = the tag only.)
ARG NODE_VERSION=24.21.0
ARG DEBIAN_RELEASE=trixie
ARG NODE_DIGEST=
FROM node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim${NODE_DIGEST} AS base
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
ARG NODE_VERSION
ARG DEBIAN_RELEASE
# Set by the release build: the package version and the git commit.
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="lakewarden" \
      org.opencontainers.image.description="Databricks cost and reliability findings filed as Jira issues to their owners; approved fixes applied, read back and evidenced." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/lakewarden/lakewarden" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.base.name="docker.io/library/node:${NODE_VERSION}-${DEBIAN_RELEASE}-slim"
ENV NODE_ENV=production \
    LAKEWARDEN_HOME=/app
COPY --chown=node:node package.json LICENSE ./
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
