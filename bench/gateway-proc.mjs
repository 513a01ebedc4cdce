// A liuhen gateway alone in its own process, on ephemeral loopback ports, so the
// benchmark can measure its CPU and memory from outside (/proc/<pid>).
//
//   node bench/gateway-proc.mjs <dataDir> [logLevel] [overridesJson]
//
// Prints one line `LIUHEN_BENCH_READY {"mqtt":..,"rtmp":..,"http":..,"url":..}`
// on stdout once it listens (pino log lines may share stdout). Stops cleanly on
// SIGTERM/SIGINT, or when its stdin closes (the parent went away).
import { randomBytes } from 'node:crypto';
import { createLogger, loadConfig, startGateway } from '@liuhen/gateway';
import { stopOnSignalOrParentGone } from './lib-proc.mjs';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: node bench/gateway-proc.mjs <dataDir> [logLevel]');
  process.exit(2);
}
const level = process.argv[3] ?? 'warn';
/** Extra settings by section, e.g. {"telemetry":{"influxUrl":"http://127.0.0.1:8086/bench"}}; ports, hosts and dataDir stay ours. */
// A lab station (anonymous MQTT, unsigned RTMP, unenrolled uploads allowed, as lab.allowInsecure
// permits): the simulated recorders here are not enrolled. Settings given override these.
const LAB = {
  lab: { allowInsecure: true },
  mqtt: { allowAnonymous: true },
  rtmp: { allowUnsigned: true },
  auth: { allowUnenrolledUploads: true },
  devices: { allowSimCommands: true },
};
const given = process.argv[4] ? JSON.parse(process.argv[4]) : {};
const extra = Object.fromEntries(
  [...new Set([...Object.keys(LAB), ...Object.keys(given)])].map((k) => [k, { ...LAB[k], ...given[k] }]),
);

const config = loadConfig({
  env: {},
  overrides: {
    ...extra,
    mqtt: { ...extra.mqtt, host: '127.0.0.1', port: 0 },
    rtmp: { ...extra.rtmp, host: '127.0.0.1', port: 0 },
    http: { ...extra.http, host: '127.0.0.1', port: 0 },
    storage: { ...extra.storage, dataDir },
    log: { level },
  },
});
const gw = await startGateway(config, { log: createLogger(level) });

stopOnSignalOrParentGone(() => gw.stop(), 10_000, 'gateway');

// The benchmark signs in like anyone else: an admin API token for its API calls, and a supervisor
// account for the dashboard page it drives.
const { token } = await gw.auth.createToken({ name: 'bench', role: 'admin' }, 'bench');
const user = { username: 'bench.supervisor', password: randomBytes(12).toString('base64url') };
await gw.auth.createUser({ ...user, displayName: 'bench', role: 'supervisor' }, 'bench');
process.stdout.write(`LIUHEN_BENCH_READY ${JSON.stringify({ ...gw.ports, url: gw.url, token, user })}\n`);
