// A gateway alone in its own process, for the fault tests (faults.test.ts):
// only a separate process can be killed with SIGKILL and started again on the
// same ports and data directory, as a station crash and restart would.
//
//   node gateway/test/gateway-child.mjs '<json>'
//   json: { "dataDir": "...", "ports": { "mqtt": n, "rtmp": n, "http": n }, "level": "info", "overrides": {...} }
//
// It runs the built gateway (dist/, as a station runs it; the test builds it
// first). Logs are pino JSON lines on stdout; once it listens it prints
// `LIUHEN_FAULTS_READY {"mqtt":..,"rtmp":..,"http":..,"url":..}`. SIGTERM or
// SIGINT stop it cleanly, and so does its stdin closing (the test process went
// away), so a failed test run cannot leave a station behind.
import { createLogger, loadConfig, startGateway } from '@liuhen/gateway';

const spec = JSON.parse(process.argv[2] ?? '{}');
if (!spec.dataDir || !spec.ports) {
  console.error(
    'usage: node gateway/test/gateway-child.mjs \'{"dataDir":"...","ports":{"mqtt":0,"rtmp":0,"http":0}}\'',
  );
  process.exit(2);
}
const level = spec.level ?? 'info';
// A lab station (anonymous MQTT, unsigned RTMP, unenrolled uploads allowed, as lab.allowInsecure
// permits): the simulated recorders here are not enrolled. Settings given override these.
const LAB = {
  lab: { allowInsecure: true },
  mqtt: { allowAnonymous: true },
  rtmp: { allowUnsigned: true },
  auth: { allowUnenrolledUploads: true },
  devices: { allowSimCommands: true },
};
const given = spec.overrides ?? {};
const extra = Object.fromEntries(
  [...new Set([...Object.keys(LAB), ...Object.keys(given)])].map((k) => [k, { ...LAB[k], ...given[k] }]),
);

const config = loadConfig({
  env: {},
  overrides: {
    ...extra,
    // Fixed loopback ports: a restart must come back where the recorders look for it.
    mqtt: { ...extra.mqtt, host: '127.0.0.1', port: spec.ports.mqtt },
    rtmp: { ...extra.rtmp, host: '127.0.0.1', port: spec.ports.rtmp },
    http: { ...extra.http, host: '127.0.0.1', port: spec.ports.http },
    storage: { ...extra.storage, dataDir: spec.dataDir },
    log: { level },
  },
});
const gw = await startGateway(config, { log: createLogger(level) });

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  // A stop that hangs must not keep the test waiting: it kills us after 15 s.
  setTimeout(() => process.exit(1), 15_000).unref();
  try {
    await gw.stop();
  } catch (err) {
    console.error(`gateway stop failed: ${err.message}`);
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
process.stdin.on('end', () => void shutdown());
process.stdin.on('error', () => void shutdown());
process.stdin.resume();

// An admin API token for the test's reads (a new one per start: tokens live in the database).
const { token } = await gw.auth.createToken({ name: 'faults-test', role: 'admin' }, 'test');
process.stdout.write(`LIUHEN_FAULTS_READY ${JSON.stringify({ ...gw.ports, url: gw.url, token })}\n`);
