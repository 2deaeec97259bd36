# syntax=docker/dockerfile:1.7
# Static front-ends behind nginx: `--target admin` (console) or `--target miniapp-h5` (mini-program H5 build).
# nginx forwards /api and /socket.io to the api service, so the apps use relative URLs.
FROM node:24.9-bookworm AS build
WORKDIR /app
COPY . .
RUN npm install --no-audit --no-fund \
 && npm run build -w @yuanan/admin \
 && npm run build:h5 -w @yuanan/miniapp

FROM nginx:1.27-alpine AS admin
COPY docker/nginx/spa.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/admin/dist /usr/share/nginx/html
HEALTHCHECK --interval=15s --timeout=3s CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
EXPOSE 80

FROM nginx:1.27-alpine AS miniapp-h5
COPY docker/nginx/spa.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/miniapp/dist/h5 /usr/share/nginx/html
HEALTHCHECK --interval=15s --timeout=3s CMD ["wget", "-q", "-O", "/dev/null", "http://127.0.0.1/"]
EXPOSE 80
