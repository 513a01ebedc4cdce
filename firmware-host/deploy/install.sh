#!/usr/bin/env bash
# Installs the liuhen recorder agent on Raspberry Pi OS (Bookworm), as root:
#   sudo ./install.sh --device rec-0042 --profile raspi-4 --station 10.0.0.2
# Idempotent: running it again upgrades the code and keeps the data, the key and the config.
set -euo pipefail

DEVICE="" PROFILE="raspi-4" STATION=""
while [ $# -gt 0 ]; do
  case "$1" in
    --device) DEVICE="$2"; shift 2 ;;
    --profile) PROFILE="$2"; shift 2 ;;
    --station) STATION="$2"; shift 2 ;;
    *) echo "unknown option $1 (use --device ID --profile PROFILE --station HOST)" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" = 0 ] || { echo "run as root (sudo $0 ...)" >&2; exit 1; }
[ -n "$DEVICE" ] && [ -n "$STATION" ] || { echo "usage: $0 --device ID --station HOST [--profile raspi-4|raspi-zero-2w|raspi-5|firmata-devkit]" >&2; exit 2; }

here="$(cd "$(dirname "$0")/../.." && pwd)"

echo "== packages: Node.js 20, ffmpeg (with the Pi's h264_v4l2m2m encoder), fonts for the watermark"
apt-get update -qq
if ! node --version 2>/dev/null | grep -qE '^v(2[0-9])'; then
  apt-get install -y -qq nodejs npm
fi
apt-get install -y -qq ffmpeg fonts-wqy-microhei

echo "== user and folders"
id liuhen >/dev/null 2>&1 || useradd --system --home /var/lib/liuhen --shell /usr/sbin/nologin liuhen
for g in gpio dialout video audio; do getent group "$g" >/dev/null && usermod -aG "$g" liuhen; done
install -d -o liuhen -g liuhen -m 0750 /var/lib/liuhen
install -d -m 0755 /etc/liuhen /opt/liuhen

echo "== code"
rsync -a --delete --exclude node_modules --exclude data --exclude .git "$here/" /opt/liuhen/
(cd /opt/liuhen && npm ci --no-audit --no-fund && npx tsc -b firmware-host && npm prune --omit=dev)

if [ ! -f /etc/liuhen/recorder.env ]; then
  cat > /etc/liuhen/recorder.env <<ENV
LIUHEN_DEVICE_ID=$DEVICE
LIUHEN_PROFILE=$PROFILE
LIUHEN_MQTT_URL=mqtt://$STATION:1883
LIUHEN_RTMP_URL=rtmp://$STATION:1935
LIUHEN_STATION_URL=http://$STATION:8080
ENV
fi

echo "== udev rules and service"
install -m 0644 "$here/firmware-host/deploy/99-liuhen.rules" /etc/udev/rules.d/99-liuhen.rules
udevadm control --reload-rules && udevadm trigger
install -m 0644 "$here/firmware-host/deploy/liuhen-recorder.service" /etc/systemd/system/liuhen-recorder.service
systemctl daemon-reload
systemctl enable --now liuhen-recorder.service
echo "installed: journalctl -u liuhen-recorder -f to watch it; the device key is created in /var/lib/liuhen/$DEVICE/keys on first start"
