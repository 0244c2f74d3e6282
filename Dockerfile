# The production image: NestJS serves the built dashboard and /api on one origin.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY contract/package.json contract/
COPY client/package.json client/
COPY nest/package.json nest/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY test-support/package.json test-support/
COPY bench/package.json bench/
RUN npm ci -w contract -w client -w nest -w backend -w frontend --no-audit --no-fund
COPY contract contract
COPY client client
COPY nest nest
COPY backend backend
COPY frontend frontend
RUN npm run build -w contract && npm run build -w client && npm run build -w nest && npm run build -w frontend && npm run build -w backend

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY client/package.json client/
COPY nest/package.json nest/
COPY backend/package.json backend/
COPY frontend/package.json frontend/
COPY e2e/package.json e2e/
COPY test-support/package.json test-support/
COPY bench/package.json bench/
RUN npm ci -w backend --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE}
# tini as PID 1: signals reach node, and zombies are reaped.
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 STATIC_DIR=/app/frontend/dist
WORKDIR /app
COPY --from=prod-deps /app/node_modules node_modules
COPY contract/package.json contract/
COPY --from=build /src/contract/dist contract/dist
COPY nest/package.json nest/
COPY --from=build /src/nest/dist nest/dist
COPY backend/package.json backend/
COPY --from=build /src/backend/dist backend/dist
COPY --from=build /src/frontend/dist frontend/dist
USER node
EXPOSE 3000
# bash asks for the health path itself: starting Node for every probe cost about 0.1 CPU-second.
HEALTHCHECK --interval=2s --timeout=3s --start-period=20s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/3000 && printf 'GET /api/health HTTP/1.0\\r\\n\\r\\n' >&3 && read -r _ status _ <&3 && [ \"$status\" = 200 ]"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "backend/dist/main.js"]
