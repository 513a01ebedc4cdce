#!/usr/bin/env node
/**
 * liuhen-recorder: runs one recorder agent.
 *   liuhen-recorder --device sim-001 [--profile sim] [--mqtt mqtt://127.0.0.1:1883]
 *                   [--rtmp rtmp://127.0.0.1:1935] [--station http://127.0.0.1:8080] [--officer 12345]
 *                   [--data ./data/recorders] [--gps /dev/liuhen-gps] [--record]
 * First boot at the station, instead of --device:
 *   liuhen-recorder --enroll <code> --station http://10.0.0.2:8080 [--data ...]
 * After that the id and credentials come from <data>/enrollment.json and --device is not needed.
 * With the sim profile, type "r" + Enter to press the record button.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { getProfile } from '@liuhen/device-profiles';
import { startAgent, type Agent } from './agent.js';
import { ENROLLMENT_FILE } from './enrollment.js';

const { values } = parseArgs({
  options: {
    device: { type: 'string' },
    profile: { type: 'string', default: process.env.LIUHEN_PROFILE ?? 'sim' },
    mqtt: { type: 'string', default: process.env.LIUHEN_MQTT_URL ?? 'mqtt://127.0.0.1:1883' },
    rtmp: { type: 'string', default: process.env.LIUHEN_RTMP_URL ?? 'rtmp://127.0.0.1:1935' },
    officer: { type: 'string' },
    station: { type: 'string', default: process.env.LIUHEN_STATION_URL },
    data: { type: 'string', default: process.env.LIUHEN_RECORDER_DATA ?? './data/recorders' },
    enroll: { type: 'string' },
    gps: { type: 'string', default: process.env.LIUHEN_GPS_PORT },
    record: { type: 'boolean', default: false },
  },
});

function fail(msg: string, code: number): never {
  console.error(`liuhen-recorder: ${msg}`);
  process.exit(code);
}

const dataDir = values.data!;
const deviceId = values.device ?? process.env.LIUHEN_DEVICE_ID;
if (values.enroll !== undefined && !values.station)
  fail('--enroll needs the station to enroll with: --station http://<station>:8080', 2);
if (!deviceId && values.enroll === undefined && !existsSync(join(dataDir, ENROLLMENT_FILE)))
  fail(
    'give the recorder id with --device <id> (or LIUHEN_DEVICE_ID), or enroll with --enroll <code> --station <url>',
    2,
  );

let agent: Agent;
try {
  agent = await startAgent({
    ...(deviceId ? { deviceId } : {}),
    profile: getProfile(values.profile!),
    mqttUrl: values.mqtt!,
    rtmpUrl: values.rtmp!,
    // Without --officer the officer last set by the hand-out desk is kept.
    ...(values.officer !== undefined ? { officerId: values.officer } : {}),
    stationUrl: values.station,
    dataDir,
    ...(values.enroll !== undefined ? { enrollment: { stationUrl: values.station!, code: values.enroll } } : {}),
    ...(values.gps ? { gps: { port: values.gps } } : {}),
  });
} catch (err) {
  // A refused enrollment code, a bad key file, hardware that is not there: say so and stop.
  fail((err as Error).message, 1);
}
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
