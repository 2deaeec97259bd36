# syntax=docker/dockerfile:1.7
# The api and the worker (same image, different command). TypeScript runs directly on Node 24 (type
# stripping): there is no build step, only production dependencies.
FROM node:24.9-bookworm-slim AS deps
WORKDIR /app
# npm needs every workspace's manifest to accept the lockfile; only the api's dependencies are installed.
COPY package.json package-lock.json ./
COPY api/package.json api/
COPY packages/contracts/package.json packages/contracts/
COPY packages/domain/package.json packages/domain/
COPY packages/sdk/package.json packages/sdk/
COPY admin/package.json admin/
COPY miniapp/package.json miniapp/
COPY test/package.json test/
RUN npm install --omit=dev --workspace @yuanan/api --include-workspace-root=false --no-audit --no-fund \
 && npm cache clean --force

FROM node:24.9-bookworm-slim AS runtime
ENV NODE_ENV=production \
    FILE_DIR=/app/var/files \
    PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY packages/contracts packages/contracts
COPY packages/domain packages/domain
COPY api/package.json api/
COPY api/src api/src
RUN mkdir -p /app/var/files && chown -R node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health/ready').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
CMD ["node", "api/src/main.ts"]
