# One image for every service, worker and the web app's server; compose picks the entry point
# with `command`.

FROM node:20-slim AS tools
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npx vite build --config web/vite.config.mts

FROM node:20-slim AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=tools /app/dist ./dist
COPY --from=tools /app/web/dist ./dist/web/dist
COPY package.json ./
USER node
CMD ["node", "dist/api/auth/main.js"]
