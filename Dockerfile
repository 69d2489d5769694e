# Officina headless: `officina serve` (MCP over Streamable HTTP at /mcp, the web UI, /health, /ready).
#
#   docker build -t officina .
#   docker run -d --name officina -p 7411:7411 -v officina-data:/data officina
#   docker logs officina          # the one-time login link (open it with localhost instead of 0.0.0.0)
#   docker exec officina node bin/officina.mjs login     # another link
#
# Publish the container's port on the same port number (-p 7411:7411, or set OFFICINA_PORT to the
# one you publish): the UI's requests are refused when their Origin names another port. Reached by
# a name other than localhost, list it: -e OFFICINA_ALLOWED_HOSTS=officina.example.com. The MCP
# token is <data>/token (made at first start), or -e OFFICINA_TOKEN=… . README "Headless deployment".

# Build: the core and CLI (tsc → out/node, with the tools' schemas) and the web UI (→ out/renderer).
# Scripts are not run: better-sqlite3 ships prebuilt modules (its install step would only look for
# one, through node-gyp and Python, which this image lacks), Electron's binary is not needed to build,
# and the `node` devDependency (Node 24 for development machines) is this image's own Node.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && rm -f node_modules/.bin/node
COPY tsconfig.base.json tsconfig.node.json tsconfig.electron.json tsconfig.web.json electron.vite.config.ts ./
COPY scripts/one-byte-sources.mjs scripts/build-tool-list.mjs scripts/
COPY shared shared
COPY electron electron
COPY renderer renderer
RUN npm run build

# Run: production dependencies, the built core and UI, the CLI's entry. No compiler, no sources.
FROM node:24-bookworm-slim
# Pages that need their scripts run (the scraper's `render`) are read with Debian's Chromium, driven
# by playwright-core (it downloads no browser). It adds ~300 MB to the image; build with
# --build-arg WITH_CHROMIUM=0 to leave it out (then render: "always" says there is no Chromium, and
# "auto" reads pages as fetched). Chromium runs as the image's user, `node`, with its sandbox, which
# needs user namespaces: Docker's default seccomp profile refuses the clone() flags Chromium uses,
# so run the container with a profile that allows them, e.g. Playwright's
# (`--security-opt seccomp=seccomp_profile.json`, github.com/microsoft/playwright, utils/docker), or
# `-e OFFICINA_CHROMIUM_SANDBOX=0` to run Chromium without its sandbox (every request of a rendered
# page is still answered by Officina's own fetcher, with its address guard).
ARG WITH_CHROMIUM=1
RUN if [ "$WITH_CHROMIUM" = "1" ]; then \
      apt-get update \
      && apt-get install -y --no-install-recommends chromium fonts-liberation \
      && rm -rf /var/lib/apt/lists/*; \
    fi
ENV NODE_ENV=production \
    OFFICINA_DATA_DIR=/data \
    OFFICINA_VAULT=/data/vault \
    OFFICINA_HOST=0.0.0.0 \
    OFFICINA_PORT=7411 \
    OFFICINA_CHROMIUM=/usr/bin/chromium
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin/officina.mjs bin/
COPY --from=build /app/out/node out/node
COPY --from=build /app/out/renderer out/renderer
# The data directory belongs to the image's unprivileged user (node, uid 1000); a named volume
# mounted there starts with that owner.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 7411
# /health answers 200 while the process serves (/ready, for traffic, waits for the vault scan).
# Node's fetch, since the slim image has neither curl nor wget.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.OFFICINA_PORT || 7411) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# serve stops gracefully on SIGTERM (docker stop): calls under way finish, the database is closed.
CMD ["node", "bin/officina.mjs", "serve"]
