// The benchmark's own observers, in a worker thread so that the main thread's
// work (Playwright, HTTP presses) cannot delay when something is seen:
//  - an SSE client on /api/events: posts { type: 'snapshot', state } once, then
//    { type: 'flip', state, t } whenever the device's displayed state changes;
//  - an MQTT client on the device's `set` and `state` topics (to split the press
//    path into stages): posts { type: 'mqtt', kind: 'set' | 'state', state, t }.
// workerData: { url, mqttUrl, deviceId }. t is wall-clock ms (performance.timeOrigin + performance.now()).
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { topics } from '@liuhen/device-profiles';
import { readSse } from './lib.mjs';

const { url, mqttUrl, deviceId, token } = workerData;
const ac = new AbortController();
const clock = () => performance.timeOrigin + performance.now();

const client = mqtt.connect(mqttUrl, { reconnectPeriod: 0, clientId: `bench-observer-${process.pid}` });
client.on('error', (err) => parentPort.postMessage({ type: 'error', message: `mqtt: ${err.message}` }));
client.on('connect', () => {
  client.subscribe([topics.set(deviceId), topics.state(deviceId)], { qos: 0 }, (err) => {
    if (err) parentPort.postMessage({ type: 'error', message: `mqtt subscribe: ${err.message}` });
    else parentPort.postMessage({ type: 'mqttReady' });
  });
});
client.on('message', (topic, payload, packet) => {
  const t = clock();
  if (packet.retain) return; // the retained copy sent on subscribe, not a live message
  const kind = topic === topics.set(deviceId) ? 'set' : 'state';
  let state = null;
  try {
    state = kind === 'state' ? JSON.parse(payload.toString()).state : JSON.parse(payload.toString()).action;
  } catch {
    /* keep null */
  }
  parentPort.postMessage({ type: 'mqtt', kind, state, t });
});

parentPort.on('message', (m) => {
  if (m === 'close') {
    ac.abort();
    client.end(true);
  }
});

const shown = (d) => (d.online ? d.state : 'offline');
let last = null;
try {
  const res = await fetch(`${url}/api/events`, {
    signal: ac.signal,
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET /api/events: HTTP ${res.status}`);
  await readSse(res.body, clock, (event, data, t) => {
    if (event === 'snapshot') {
      const d = JSON.parse(data).devices.find((x) => x.id === deviceId);
      last = d ? shown(d) : null;
      parentPort.postMessage({ type: 'snapshot', state: last });
    } else if (event === 'device') {
      const d = JSON.parse(data);
      if (d.id !== deviceId || shown(d) === last) return;
      last = shown(d);
      parentPort.postMessage({ type: 'flip', state: last, t });
    }
  });
} catch (err) {
  if (err.name !== 'AbortError') parentPort.postMessage({ type: 'error', message: err.message });
}
