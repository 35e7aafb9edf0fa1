# syntax=docker/dockerfile:1.7
ARG NODE_VERSION=20.18.1

FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /src
RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build

FROM gcr.io/distroless/nodejs20-debian12@sha256:4c1c1f9c4b8b2e3e3a5b2f4c8a1e9d0f7b6a5c4d3e2f1a0b9c8d7e6f5a4b3c2d1
WORKDIR /app
COPY --from=build /src/dist ./dist
COPY --from=build /src/node_modules ./node_modules
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["/nodejs/bin/node", "dist/healthcheck.js"]
CMD ["dist/server.js"]
