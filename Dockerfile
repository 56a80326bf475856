# syntax=docker/dockerfile:1
# Node 22 LTS: Node 20 reached end of life in April 2026. The code runs on both (the tests run on 20).
# Build stage: compilers for better-sqlite3's native addon, built from source: no prebuilt binary is
# downloaded, every package comes from package-lock.json with its integrity hash, and node-gyp uses the
# image's own Node headers (npm_config_nodedir) instead of fetching them.
FROM node:22-bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --build-from-source --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The production build leaves out the tests and the Bot API emulator (src/sandbox/); then the dev
# dependencies (tsx, TypeScript, the test tools) go.
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev

# Runtime stage: no compilers, no dev dependencies, no emulator, not root; it runs the compiled dist/.
FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    DATABASE_PATH=/var/lib/relay/relay.db \
    PORT=8080
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY data ./data
COPY locales ./locales
RUN mkdir -p /var/lib/relay && chown node:node /var/lib/relay && chmod 700 /var/lib/relay
USER node
VOLUME ["/var/lib/relay"]
EXPOSE 8080
# /healthz listens on 127.0.0.1 unless HTTP_HOST says otherwise: the check runs inside the container.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
