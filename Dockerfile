# syntax=docker/dockerfile:1

# Build: the full dependency tree, to compile TypeScript to dist/ with tsconfig.build.json.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

# Runtime: production dependencies and compiled code only. The worker still needs @temporalio/worker's
# bundler at start-up, which is a production dependency, so nothing from the build stage but dist/ is copied.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY db/migrations ./db/migrations
COPY templates ./templates
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]
