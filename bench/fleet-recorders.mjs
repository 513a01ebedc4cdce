// Part of the fleet benchmark (bench/fleet.mjs): a share of the simulated recorders, each on its own
// MQTT connection (the real `mqtt` client), in this child process so that the load generator is
// spread over several processes and its CPU can be read from /proc apart from the gateway's.
//
// Each recorder behaves like firmware-host's agent on the wire: connects with an `offline` last
// will, publishes `availability` online and its retained `state` (QoS 1), subscribes to its `set`
// and `time-reply` topics, then publishes telemetry every 5 s (QoS 0), its state as a heartbeat
// every 10 s, and a time-sync request every 60 s. A press (asked for by the parent over IPC)
// publishes the `button.pressed` and `recording.*` events (QoS 1) and the new state, as the agent's
// button handler does; the parent is told the monotonic time just before the publish.
//
// IPC in:  {type:'start', mqttUrl, ids, telemetryMs, heartbeatMs, timeSyncMs}
//          {type:'press', id, to: 'recording'|'standby'}   {type:'stop'}
// IPC out: {type:'connected', n}  {type:'pressed', id, to, t0}  {type:'stats', sent}  {type:'error', message}
//          {type:'stopped'}
// Times are process.hrtime in ms: CLOCK_MONOTONIC, the same clock in every process on the machine.
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';

const mono = () => Number(process.hrtime.bigint()) / 1e6;
const send = (m) => process.send?.(m);
const recorders = new Map();
const timers = [];
let sent = 0;

function statePayload(r) {
  const ts = new Date().toISOString();
  return JSON.stringify({
    v: PROTOCOL_VERSION,
    deviceId: r.id,
    profile: 'sim',
    state: r.state,
    recordingId: r.state === 'recording' ? r.recordingId : null,
    recordingSince: r.state === 'recording' ? r.since : null,
    officerId: r.officerId,
    batteryPercent: r.battery,
    storageFreeBytes: 20_000_000_000,
    firmwareVersion: 'bench-fleet',
    clockOffsetMs: 3,
    ts,
  });
}

function telemetryPayload(r) {
  const ts = new Date().toISOString();
  return JSON.stringify({
    v: PROTOCOL_VERSION,
    deviceId: r.id,
    officerId: r.officerId,
    state: r.state,
    battery: { percent: r.battery, voltageMv: 3900, charging: false },
    storage: { freeBytes: 20_000_000_000, totalBytes: 32_000_000_000, recordableSeconds: 60_000 },
    temperatureC: 40 + (r.n % 10),
    signal: { network: 'wifi', rssiDbm: -50 - (r.n % 30) },
    clockOffsetMs: 3,
    gps: { lat: 30.27 + (r.n % 20) * 0.001, lon: 120.15 + Math.floor(r.n / 20) * 0.001, accuracyM: 5, fixAt: ts },
    selfTest: { camera: true, microphone: true },
    offload: { pendingSegments: 0, pendingBytes: 0 },
    ts,
  });
}

function publishEvent(r, type) {
  r.seq += 1;
  const e = {
    v: PROTOCOL_VERSION,
    deviceId: r.id,
    seq: r.seq,
    type,
    officerId: r.officerId,
    ts: new Date().toISOString(),
    ...(r.recordingId ? { recordingId: r.recordingId } : {}),
  };
  r.c.publish(topics.events(r.id), JSON.stringify(e), { qos: 1 });
  sent += 1;
}

function publishState(r) {
  r.c.publish(topics.state(r.id), statePayload(r), { qos: 1, retain: true });
  sent += 1;
}

function connectOne(mqttUrl, id, n) {
  return new Promise((resolve, reject) => {
    const r = {
      id,
      n,
      state: 'standby',
      recordingId: null,
      since: null,
      officerId: `B${100000 + n}`,
      battery: 90,
      seq: 0,
    };
    r.c = mqtt.connect(mqttUrl, {
      clientId: `rec-${id}`,
      clean: true,
      keepalive: 15,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      will: {
        topic: topics.availability(id),
        payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, status: 'offline' })),
        qos: 1,
        retain: true,
      },
    });
    let first = true;
    r.c.on('connect', () => {
      r.c.publish(
        topics.availability(id),
        JSON.stringify({ v: PROTOCOL_VERSION, status: 'online', ts: new Date().toISOString() }),
        { qos: 1, retain: true },
      );
      publishState(r);
      r.c.subscribe([topics.set(id), topics['time-reply'](id)], { qos: 1 }, (err) => {
        if (!first) return;
        first = false;
        if (err) reject(err);
        else resolve(r);
      });
    });
    r.c.on('error', (err) => {
      if (first) {
        first = false;
        reject(err);
      } else send({ type: 'error', message: `${id}: ${err.message}` });
    });
    // Nothing is commanded in this benchmark; time replies are read and dropped, as cheap as an agent's.
    r.c.on('message', () => undefined);
  });
}

/** Runs fn every periodMs for each recorder, the recorders' phases spread evenly over the period. */
function everyRecorder(periodMs, fn) {
  const list = [...recorders.values()];
  list.forEach((r, i) => {
    const start = setTimeout(
      () => {
        fn(r);
        timers.push(setInterval(() => fn(r), periodMs));
      },
      Math.round((periodMs * (i + Math.random())) / list.length),
    );
    timers.push(start);
  });
}

async function start(m) {
  const queue = m.ids.map((id, k) => [id, m.firstIndex + k]);
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const r = await connectOne(m.mqttUrl, next[0], next[1]);
      recorders.set(r.id, r);
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  everyRecorder(m.telemetryMs, (r) => {
    if (!r.c.connected) return;
    r.c.publish(topics.telemetry(r.id), telemetryPayload(r), { qos: 0 });
    sent += 1;
  });
  everyRecorder(m.heartbeatMs, (r) => r.c.connected && publishState(r));
  let timeSeq = 0;
  everyRecorder(m.timeSyncMs, (r) => {
    if (!r.c.connected) return;
    const req = { v: PROTOCOL_VERSION, requestId: `t${++timeSeq}`, deviceSentAt: Date.now() };
    r.c.publish(topics.time(r.id), JSON.stringify(req), { qos: 0 });
    sent += 1;
  });
  send({ type: 'connected', n: recorders.size });
}

function press(m) {
  const r = recorders.get(m.id);
  if (!r) return send({ type: 'error', message: `no recorder ${m.id} here` });
  const t0 = mono();
  // As the agent's state machine does: events first, then the state the station shows.
  if (m.to === 'recording') {
    r.state = 'recording';
    r.recordingId = randomUUID();
    r.since = new Date().toISOString();
    publishEvent(r, 'button.pressed');
    publishEvent(r, 'recording.started');
  } else {
    publishEvent(r, 'button.pressed');
    publishEvent(r, 'recording.stopped');
    r.state = 'standby';
    r.recordingId = null;
    r.since = null;
  }
  publishState(r);
  send({ type: 'pressed', id: r.id, to: m.to, t0 });
}

async function stop() {
  for (const t of timers) clearInterval(t);
  await Promise.all([...recorders.values()].map((r) => r.c.endAsync().catch(() => undefined)));
  send({ type: 'stopped' });
  process.exit(0);
}

process.on('message', (m) => {
  if (m.type === 'start')
    start(m).catch((err) => {
      send({ type: 'error', message: `start: ${err.message}` });
      process.exit(1);
    });
  else if (m.type === 'press') press(m);
  else if (m.type === 'stats') send({ type: 'stats', sent });
  else if (m.type === 'stop') void stop();
});
// The parent went away: end quietly.
process.on('disconnect', () => process.exit(0));
