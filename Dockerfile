# One liuhen station: the gateway (MQTT 1883, RTMP 1935, HTTP 8080) with the built dashboard.
#   docker compose up -d        (see docker-compose.yml)
FROM node:20-bookworm-slim

# ffmpeg records the station copy of every live stream; the CJK font is for burned-in
# watermarks when simulated recorders run in this image.
RUN apt-get update \
  && apt-get install -y --no-install-recommends ffmpeg fonts-wqy-microhei \
  && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Manifests first, so the dependency layer is reused until they change.
COPY package.json package-lock.json ./
COPY contract/package.json contract/
COPY device-profiles/package.json device-profiles/
COPY evidence/package.json evidence/
COPY firmware-host/package.json firmware-host/
COPY gateway/package.json gateway/
COPY dashboard/package.json dashboard/
RUN npm ci

COPY . .
RUN npm run build

ENV LIUHEN_STORAGE_DATA_DIR=/data
VOLUME /data
EXPOSE 1883 1935 8080

# slim has no curl: ask node.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "gateway/dist/cli.js"]
