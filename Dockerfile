# syntax=docker/dockerfile:1
# Dredge, for the scanning service (`dredge server`, `dredge worker`) and the CLI:
#   docker build -t dredge .        (from the repository root; .dockerignore keeps the context small and clean)
# It is checked by the tests with `dredge config Dockerfile` (no findings), not built there: the test machines
# have no container engine and cannot pull the base image. See docs/deploy.md.
# The base is pinned by digest (node:20-bookworm-slim, a linux/amd64+arm64 index); let a bot (Renovate,
# Dependabot) bump it, or read the current one with `docker buildx imagetools inspect node:20-bookworm-slim`.
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0

# --- build: compile TypeScript and the native better-sqlite3 module ---------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /src
# The toolchain for node-gyp (better-sqlite3) stays in this stage: nothing of it is copied out.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` (a build) needs the sources, copied below; the native
# module is then built on its own.
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src/ src/
COPY bin/ bin/
RUN npm run build \
 && npm prune --omit=dev \
 && npm cache clean --force

# --- runtime: the compiled code, production dependencies, an unprivileged user ----------------------------
FROM ${NODE_IMAGE} AS runtime
LABEL org.opencontainers.image.title="dredge" \
      org.opencontainers.image.description="Container image vulnerability scanner: CLI, scanning service and workers" \
      org.opencontainers.image.licenses="Apache-2.0"
ENV NODE_ENV=production \
    DREDGE_CACHE_DIR=/var/cache/dredge
WORKDIR /opt/dredge
COPY --from=build --chown=root:root /src/package.json ./
COPY --from=build --chown=root:root /src/node_modules/ node_modules/
COPY --from=build --chown=root:root /src/dist/ dist/
COPY --from=build --chown=root:root /src/bin/ bin/
# The code is owned by root and read-only for the runtime user; only the cache directory is writable (the
# vulnerability database, and the SQLite catalog when no PostgreSQL URL is given).
RUN mkdir -p /var/cache/dredge && chown node:node /var/cache/dredge
VOLUME ["/var/cache/dredge"]
# uid 1000 ("node" in the node images): numeric, so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# 8080: the API; 9090: /metrics (no token) and /health, /ready for probes, on every server and worker.
EXPOSE 8080 9090
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9090/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/opt/dredge/bin/dredge.js"]
CMD ["server", "--listen", "0.0.0.0:8080", "--metrics-listen", "0.0.0.0:9090"]
