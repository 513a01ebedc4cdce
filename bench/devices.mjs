// Devices benchmark (issue: hand-out desk, telemetry, alerts, live supervision). Needs `npx tsc -b`.
//   node bench/devices.mjs [--devices 200] [--runs 3] [--window 30] [--alerts 60]
// A fleet of simulated recorders (MQTT clients: retained state, then telemetry at 1 Hz, the
// same payloads a recorder sends) against a gateway in its own process, twice: with its
// telemetry in a real InfluxDB 1.x (Debian's influxd on ephemeral loopback ports), and with
// the embedded store (the peer run). Measures, over --runs windows of --window seconds:
//   gatewayCpuPercent / gatewayRssMb   the gateway process (percent of one core; MiB)
//   influxPointsPerSecond              points that landed in InfluxDB, counted by querying it
//   alertP99Ms                         a recorder's telemetry crosses the battery threshold →
//                                      the `alert` event reaches a dashboard's SSE channel
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import {
  CLK_TCK,
  here,
  installCleanup,
  log,
  machineInfo,
  median,
  memKb,
  procStat,
  requireBuilt,
  round,
  runMain,
  sleep,
  startGatewayProc,
  stopChild,
  stopGatewayProc,
  tempDir,
  track,
  waitFor,
  apiFetch,
  readSse,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    devices: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    window: { type: 'string', default: '30' },
    alerts: { type: 'string', default: '60' },
  },
});
const N = Number(args.devices);
const RUNS = Number(args.runs);
const WINDOW_S = Number(args.window);
const ALERT_TRIALS = Number(args.alerts);
requireBuilt(['device-profiles', 'gateway']);
const { PROTOCOL_VERSION, topics } = await import('@liuhen/device-profiles');

const warnings = [];
const childOptions = { noteWarning: (who, line) => warnings.length < 50 && warnings.push(`${who}: ${line}`) };
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Debian's influxd (1.6) with its own config and data, on loopback ports. */
async function startInfluxd(dir) {
  const bin = ['/usr/bin/influxd', ...(process.env.PATH ?? '').split(':').map((d) => `${d}/influxd`)].find(
    (f) => spawnSync('test', ['-x', f]).status === 0,
  );
  if (!bin) throw new Error('influxd not found: apt-get install -y influxdb (npm test installs it)');
  const http = await freePort();
  const rpc = await freePort();
  mkdirSync(dir, { recursive: true });
  const conf = join(dir, 'influxdb.conf');
  writeFileSync(
    conf,
    `reporting-disabled = true
bind-address = "127.0.0.1:${rpc}"
[meta]
  dir = "${dir}/meta"
[data]
  dir = "${dir}/data"
  wal-dir = "${dir}/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:${http}"
  log-enabled = false
[monitor]
  store-enabled = false
[continuous_queries]
  log-enabled = false
`,
  );
  const child = track(spawn(bin, ['-config', conf], { stdio: ['ignore', 'ignore', 'ignore'] }));
  const url = `http://127.0.0.1:${http}`;
  await waitFor(async () => (await fetch(`${url}/ping`).catch(() => null))?.status === 204, 30_000, 'influxd /ping');
  return { child, url, pid: child.pid };
}

async function influxQuery(url, db, q) {
  const res = await fetch(`${url}/query?db=${encodeURIComponent(db)}&epoch=ms&q=${encodeURIComponent(q)}`);
  return res.json();
}

function telemetry(deviceId, i, battery) {
  const now = new Date().toISOString();
  return {
    v: PROTOCOL_VERSION,
    deviceId,
    officerId: null,
    state: i % 3 === 0 ? 'recording' : 'standby',
    battery: { percent: battery, voltageMv: 3900, charging: false },
    storage: { freeBytes: 20e9, totalBytes: 32e9, recordableSeconds: 60_000 },
    temperatureC: 40 + (i % 10),
    signal: { network: 'wifi', rssiDbm: -50 - (i % 30) },
    clockOffsetMs: 5,
    gps: { lat: 30.27 + (i % 20) * 0.001, lon: 120.15 + Math.floor(i / 20) * 0.001, accuracyM: 5, fixAt: now },
    selfTest: { camera: true, microphone: true },
    offload: { pendingSegments: 0, pendingBytes: 0 },
    ts: now,
  };
}

/** N recorders on their own MQTT connections, each publishing telemetry once a second. */
async function startFleet(mqttUrl) {
  const clients = [];
  const low = new Set();
  for (let i = 0; i < N; i++) {
    const id = `fleet-${String(i).padStart(3, '0')}`;
    const c = await mqtt.connectAsync(mqttUrl, { reconnectPeriod: 1000, clientId: id });
    const state = {
      v: PROTOCOL_VERSION,
      deviceId: id,
      profile: 'sim',
      state: 'standby',
      recordingId: null,
      recordingSince: null,
      officerId: null,
      batteryPercent: 90,
      storageFreeBytes: 20e9,
      firmwareVersion: 'bench',
      ts: new Date().toISOString(),
    };
    await c.publishAsync(topics.state(id), JSON.stringify(state), { qos: 1, retain: true });
    clients.push({ id, c, i });
  }
  let sent = 0;
  const timers = clients.map(({ id, c, i }) => {
    const tick = () => {
      c.publish(topics.telemetry(id), JSON.stringify(telemetry(id, i, low.has(id) ? 5 : 80)), { qos: 0 });
      sent++;
    };
    // Spread over the second, as real recorders drift apart.
    const start = setTimeout(
      () => {
        tick();
        timers[i] = setInterval(tick, 1000);
      },
      (i * 1000) / N,
    );
    return start;
  });
  return {
    clients,
    sent: () => sent,
    /** Publishes a low-battery telemetry now (outside the schedule) and keeps it low until cleared. */
    lower(id) {
      low.add(id);
      const { c, i } = clients.find((x) => x.id === id);
      c.publish(topics.telemetry(id), JSON.stringify(telemetry(id, i, 5)), { qos: 0 });
    },
    raise(id) {
      low.delete(id);
      const { c, i } = clients.find((x) => x.id === id);
      c.publish(topics.telemetry(id), JSON.stringify(telemetry(id, i, 80)), { qos: 0 });
    },
    async stop() {
      for (const t of timers) clearInterval(t); // clears a pending first timeout as well
      await Promise.all(clients.map(({ c }) => c.endAsync()));
    },
  };
}

/** The dashboard's live channel, parsed as a browser's EventSource would. */
async function sseClient(url, onEvent) {
  const ac = new AbortController();
  const res = await apiFetch(`${url}/api/events`, { signal: ac.signal, headers: { accept: 'text/event-stream' } });
  void readSse(
    res.body,
    () => performance.timeOrigin + performance.now(),
    (event, data, at) => onEvent(event, JSON.parse(data), at),
  ).catch(() => undefined);
  return { close: () => ac.abort() };
}

function gatewayTicks(pid) {
  return procStat(pid)?.ticks ?? 0;
}

async function measureRun(label, overrides, influx) {
  const dataDir = tempDir(`liuhen-bench-dev-${label}-`);
  const gw = await startGatewayProc(dataDir, childOptions, overrides);
  log(`${label}: gateway pid ${gw.pid} at ${gw.url}; connecting ${N} recorders`);
  const fleet = await startFleet(`mqtt://127.0.0.1:${gw.ports.mqtt}`);
  await sleep(10_000); // warm-up: every recorder registered and sending
  const windows = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = Date.now();
    const ticks0 = gatewayTicks(gw.pid);
    const influxTicks0 = influx ? (procStat(influx.pid)?.ticks ?? 0) : 0;
    const sent0 = fleet.sent();
    const rss = [];
    const end = t0 + WINDOW_S * 1000;
    while (Date.now() < end) {
      await sleep(1000);
      rss.push(memKb(gw.pid).rss / 1024);
    }
    const t1 = Date.now();
    const sent1 = fleet.sent();
    const seconds = (t1 - t0) / 1000;
    const cpu = ((gatewayTicks(gw.pid) - ticks0) / CLK_TCK / seconds) * 100;
    const influxCpu = influx ? (((procStat(influx.pid)?.ticks ?? 0) - influxTicks0) / CLK_TCK / seconds) * 100 : null;
    let points = null;
    if (influx) {
      await sleep(2500); // the store flushes every second; let the window's last batch land
      const measurements = ['battery', 'storage', 'temperature', 'signal', 'clock', 'position', 'recording', 'offload'];
      let total = 0;
      for (const m of measurements) {
        const j = await influxQuery(
          influx.url,
          'liuhen_bench',
          `SELECT count(*) FROM "liuhen_raw"."${m}" WHERE time >= ${t0}ms AND time < ${t1}ms`,
        );
        const row = j.results?.[0]?.series?.[0];
        // count(*) gives one column per field: a point counts once, by its largest field count.
        if (row) total += Math.max(...row.values[0].slice(1).map(Number));
      }
      points = total / seconds;
    }
    const w = { cpu, rssMb: Math.max(...rss), influxCpu, points, telemetryPerSecond: (sent1 - sent0) / seconds };
    windows.push(w);
    log(
      `${label} run ${r + 1}: gateway ${round(cpu)} % CPU, ${round(w.rssMb)} MiB RSS${influx ? `, influx ${round(points)} points/s (influxd ${round(influxCpu)} % CPU)` : ''}, ${round(w.telemetryPerSecond)} telemetry/s sent`,
    );
  }

  // Alert latency: one recorder at a time drops under the battery threshold.
  const latencies = [];
  if (ALERT_TRIALS > 0) {
    const waiting = new Map();
    const sse = await sseClient(gw.url, (event, data, at) => {
      if (event !== 'alert' || data.rule !== 'battery-low') return;
      const w = waiting.get(`${data.deviceId}|${data.status}`);
      if (w) w(at);
    });
    await sleep(500);
    for (let k = 0; k < ALERT_TRIALS; k++) {
      const id = fleet.clients[(k * 7) % N].id;
      const active = new Promise((resolve) => waiting.set(`${id}|active`, resolve));
      const t = performance.timeOrigin + performance.now();
      fleet.lower(id);
      const at = await Promise.race([active, sleep(5000).then(() => null)]);
      waiting.delete(`${id}|active`);
      if (at === null) log(`alert for ${id} did not arrive within 5 s`);
      else latencies.push(at - t);
      const cleared = new Promise((resolve) => waiting.set(`${id}|cleared`, resolve));
      fleet.raise(id);
      await Promise.race([cleared, sleep(5000)]);
      waiting.delete(`${id}|cleared`);
      await sleep(100);
    }
    sse.close();
    log(
      `${label}: alert latency p50 ${round(pct(latencies, 50), 1)} ms, p99 ${round(pct(latencies, 99), 1)} ms (${latencies.length}/${ALERT_TRIALS})`,
    );
  }
  await fleet.stop();
  await stopGatewayProc(gw);
  return { windows, latencies };
}

await runMain(async () => {
  installCleanup();
  const influxDir = tempDir('liuhen-bench-influx-');
  const influx = await startInfluxd(influxDir);
  log(`influxd ${influx.url} (pid ${influx.pid})`);
  const withInflux = await measureRun('influx', { telemetry: { influxUrl: `${influx.url}/liuhen_bench` } }, influx);
  await stopChild(influx.child, 'SIGTERM', 10_000);
  const embedded = await measureRun('embedded', {}, null);

  const m = (xs) => round(median(xs), 1);
  const results = {
    gatewayCpuPercent: m(withInflux.windows.map((w) => w.cpu)),
    gatewayRssMb: m(withInflux.windows.map((w) => w.rssMb)),
    influxPointsPerSecond: m(withInflux.windows.map((w) => w.points)),
    alertP99Ms: round(pct(withInflux.latencies, 99), 1),
    alertP50Ms: round(pct(withInflux.latencies, 50), 1),
    alertMaxMs: round(Math.max(...withInflux.latencies), 1),
    alertSamples: withInflux.latencies.length,
    influxdCpuPercent: m(withInflux.windows.map((w) => w.influxCpu)),
    telemetryMessagesPerSecond: m(withInflux.windows.map((w) => w.telemetryPerSecond)),
    peerEmbeddedGatewayCpuPercent: m(embedded.windows.map((w) => w.cpu)),
    peerEmbeddedGatewayRssMb: m(embedded.windows.map((w) => w.rssMb)),
    peerEmbeddedAlertP99Ms: round(pct(embedded.latencies, 99), 1),
    cpuRatioInfluxToEmbedded: round(
      median(withInflux.windows.map((w) => w.cpu)) / median(embedded.windows.map((w) => w.cpu)),
      2,
    ),
    runs: { influx: withInflux.windows, embedded: embedded.windows },
    fleet: { recorders: N, telemetryHz: 1, windowSeconds: WINDOW_S, runs: RUNS, alertTrials: ALERT_TRIALS },
    goals: { alertP99Ms: '≤ 1000' },
    warnings,
    machine: machineInfo('ffmpeg'),
  };
  const full = N === 200;
  const file = full ? join(here, 'results', 'devices.json') : join(influxDir, '..', 'devices-trial.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file}`);
  console.log(JSON.stringify({ ...results, runs: undefined, warnings: warnings.slice(0, 5) }, null, 2));
});
