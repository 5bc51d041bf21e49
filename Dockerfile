# One image recipe for both apps: docker-compose.yml builds it with APP=cms and APP=announcer.
# Build context: the repository root. Node 24 is the maintained LTS the image runs on (package.json
# `engines` lists every version the code runs on; CI tests on the Node it has).
ARG APP=cms
FROM node:24-bookworm AS build
ARG APP
WORKDIR /src
COPY package.json package-lock.json nx.json tsconfig.base.json tsconfig.json ./
COPY libs/tracker-core/package.json libs/tracker-core/
COPY libs/tracker-redis/package.json libs/tracker-redis/
COPY apps/cms/package.json apps/cms/
COPY apps/announcer/package.json apps/announcer/
RUN npm ci --no-audit --no-fund
COPY tools tools
COPY libs libs
COPY apps apps
RUN NX_DAEMON=false npx nx run "${APP}:build" --outputStyle=static && npm prune --omit=dev

FROM node:24-bookworm-slim
ARG APP
ENV NODE_ENV=production APP=${APP} DATA_DIR=/app/var
WORKDIR /app
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules node_modules
COPY --from=build /src/libs/tracker-core/package.json libs/tracker-core/
COPY --from=build /src/libs/tracker-core/dist libs/tracker-core/dist
COPY --from=build /src/libs/tracker-redis/package.json libs/tracker-redis/
COPY --from=build /src/libs/tracker-redis/dist libs/tracker-redis/dist
COPY --from=build /src/apps/${APP}/package.json apps/${APP}/
COPY --from=build /src/apps/${APP}/dist apps/${APP}/dist
# DATA_DIR belongs to the user the app runs as, so a fresh named volume mounted there does too.
RUN mkdir -p /app/var && chown node:node /app/var
USER node
# cms listens on 3000, the announcer on 3001 (docker-compose.yml sets the ports and the
# health checks: the slim image has no curl or wget, they run `node -e "fetch(…)"`).
EXPOSE 3000 3001
CMD ["sh", "-c", "exec node apps/$APP/dist/main.js"]
