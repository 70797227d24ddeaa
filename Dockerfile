# syntax=docker/dockerfile:1
# The k8s-mcp image: the HTTP server (legacy SSE at /sse, Streamable HTTP at /mcp, /health,
# monitoring), plus the stdio server and the `k8s-mcp` CLI. See docs/deployment.md.
#
#   docker build -t k8s-mcp:0.1.0 .
#   docker run --rm -p 8766:8766 -e K8S_MCP_AUTH_TOKENS=change-me k8s-mcp:0.1.0
#
# Stages: build (every dependency, TypeScript compile) -> prune (production dependencies only,
# sources dropped) -> runtime (non-root, nothing but Node.js and the built packages).

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
# .dockerignore keeps node_modules, dist, .git, .env and the test tooling out of the context.
COPY . .
# `npm ci`: exactly the locked versions (the lock is kept in sync with every package.json; a
# unit spec runs `npm ci --dry-run` with npm 10, the image's npm, and with the local npm). No
# install scripts are needed (only esbuild and nx have one, both dev-only).
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund \
 && npx tsc -b apps/http-server/tsconfig.app.json apps/stdio-server/tsconfig.app.json apps/cli/tsconfig.app.json

FROM build AS prune
# The testing lib is a workspace whose peer dependency (vitest) npm would keep as production:
# drop it before pruning. Then drop sources and build metadata; dist/ and package.json remain,
# and node_modules/@k8s-mcp/* stay relative links to libs/* and apps/*.
RUN --mount=type=cache,target=/root/.npm \
    rm -rf libs/testing \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf libs/*/src apps/*/src libs/*/out-tsc apps/*/out-tsc \
 && find libs apps \( -name 'tsconfig*.json' -o -name project.json -o -name '*.tsbuildinfo' \) -delete

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    K8S_MCP_HOST=0.0.0.0 \
    K8S_MCP_PORT=8766 \
    K8S_AUDIT_LOG=/app/logs/audit.log
WORKDIR /app
COPY --from=prune /src/package.json /src/package-lock.json ./
COPY --from=prune /src/node_modules ./node_modules
COPY --from=prune /src/libs ./libs
COPY --from=prune /src/apps ./apps
# The code stays root-owned (read-only to the server); only the audit log directory is writable.
# A numeric user lets Kubernetes verify runAsNonRoot (uid 1000 is "node" in the Node.js images).
RUN mkdir -p /app/logs && chown 1000:1000 /app/logs \
 && ln -s /app/apps/cli/dist/main.js /usr/local/bin/k8s-mcp \
 && chmod 755 /app/apps/cli/dist/main.js
USER 1000:1000
EXPOSE 8766
# /health needs no token and is exempt from K8S_MCP_ALLOWED_HOSTS. Node's fetch: no curl needed.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.K8S_MCP_PORT||8766)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Binding 0.0.0.0 without K8S_MCP_AUTH_TOKENS (or _FILE) is refused at start: set a token.
ENTRYPOINT ["node", "apps/http-server/dist/main.js"]
