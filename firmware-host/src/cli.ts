#!/usr/bin/env node
/**
 * liuhen-recorder: runs one recorder agent.
 *   liuhen-recorder --device sim-001 [--profile sim] [--mqtt mqtt://127.0.0.1:1883]
 *                   [--rtmp rtmp://127.0.0.1:1935] [--station http://127.0.0.1:8080] [--officer 12345]
 *                   [--data ./data/recorders] [--record]
 * With the sim profile, type "r" + Enter to press the record button.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getProfile } from '@liuhen/device-profiles';
import { startAgent } from './agent.js';

const { values } = parseArgs({
  options: {
    device: { type: 'string' },
    profile: { type: 'string', default: process.env.LIUHEN_PROFILE ?? 'sim' },
    mqtt: { type: 'string', default: process.env.LIUHEN_MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
    rtmp: { type: 'string', default: process.env.LIUHEN_RTMP_URL ?? 'rtmp://127.0.0.1:1935' },
    officer: { type: 'string' },
    station: { type: 'string', default: process.env.LIUHEN_STATION_URL },
    data: { type: 'string', default: process.env.LIUHEN_RECORDER_DATA ?? './data/recorders' },
    record: { type: 'boolean', default: false },
  },
});

const deviceId = values.device ?? process.env.LIUHEN_DEVICE_ID;
if (!deviceId) {
  console.error('liuhen-recorder: give the recorder id with --device <id> (or LIUHEN_DEVICE_ID)');
  process.exit(2);
}

const agent = await startAgent({
  deviceId,
  profile: getProfile(values.profile!),
  mqttUrl: values.mqtt!,
  rtmpUrl: values.rtmp!,
  officerId: values.officer ?? null,
  stationUrl: values.station,
  dataDir: values.data!,
});
await agent.connected();
if (values.record) agent.buttons.press();

if (process.stdin.isTTY) {
  console.log('press "r" + Enter to toggle recording, Ctrl-C to quit');
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line.trim() === 'r') agent.buttons.press();
  });
}

let stopping = false;
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await agent.stop();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
