# Parley production image: one process serving REST, sockets, widget.js, the embed page and the dashboard.
# Build: docker build -t parley .   Run: see docker-compose.yml and docs/operations.md.

FROM node:20-bookworm-slim AS deps
# Native addons (sqlite3, bcrypt) compile from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN npm install --global pnpm@12.21.0
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY apps ./apps
COPY packages ./packages
COPY migrations ./migrations
ENV npm_config_nodedir=/usr/local
RUN pnpm install --frozen-lockfile

FROM deps AS build
COPY turbo.json tsconfig.base.json ./
RUN pnpm build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The built bundle, as `pnpm start` runs it (tsx is for development and tests).
CMD ["node", "--enable-source-maps", "apps/server/dist/main.js", "--migrate"]
