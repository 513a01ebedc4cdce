// The publicity benchmark's load generator (bench/publicity.mjs), in its own process so it does not share
// an event loop with the server it measures. A closed loop per connection over raw keep-alive HTTP/1.1
// sockets (no pipelining): send one GET, read the whole answer (Content-Length), send the next. A raw
// client, because a Node http.Agent costs more CPU per request than nginx does to answer it.
//   node bench/publicity-load.mjs '{"host":"127.0.0.1","port":8080,"path":"/","connections":32,"warmupMs":1000,"durationMs":10000}'
// Prints `LIUHEN_LOAD_MEASURING` when the warm-up ends and the measured window starts, then one line
// `LIUHEN_LOAD_RESULT <json>`: answers completed inside the window, their latency (send → last body byte)
// and status codes, errors, timeouts, and this process's own CPU over the window.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

const cfg = {
  connections: 32,
  warmupMs: 1000,
  durationMs: 10_000,
  timeoutMs: 30_000,
  ...JSON.parse(process.argv[2] ?? '{}'),
};
const REQUEST = Buffer.from(
  `GET ${cfg.path} HTTP/1.1\r\nHost: ${cfg.host}:${cfg.port}\r\nUser-Agent: liuhen-bench\r\nAccept: */*\r\n\r\n`,
  'latin1',
);
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');

let phase = 'warmup'; // → 'measure' → 'done'
let windowStart = 0;
let windowEnd = Infinity;
const latencies = [];
const statuses = {};
const bodyBytes = new Set();
let errors = 0;
let timeouts = 0;
let reconnects = 0;
let unparsable = 0;
const sockets = new Set();

function connection() {
  const s = net.connect({ host: cfg.host, port: cfg.port });
  sockets.add(s);
  s.setNoDelay(true);
  let pending = null; // header bytes read so far
  let bodyLeft = -1; // -1: reading the header
  let status = 0;
  let closeAfter = false;
  let sentAt = 0;
  let inFlight = false;
  let timer = null;

  const send = () => {
    if (phase === 'done') return void s.destroy();
    sentAt = performance.now();
    inFlight = true;
    timer = setTimeout(() => {
      timeouts += 1;
      inFlight = false;
      s.destroy();
    }, cfg.timeoutMs);
    s.write(REQUEST);
  };

  const finish = () => {
    const t = performance.now();
    clearTimeout(timer);
    inFlight = false;
    if (phase === 'measure' && t >= windowStart && t <= windowEnd) {
      latencies.push(t - sentAt);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    pending = null;
    bodyLeft = -1;
    if (closeAfter) s.destroy();
    else send();
  };

  s.on('connect', send);
  s.on('data', (chunk) => {
    if (!inFlight) return; // nothing asked: ignore (cannot happen without pipelining)
    if (bodyLeft === -1) {
      pending = pending ? Buffer.concat([pending, chunk]) : chunk;
      const end = pending.indexOf(HEADER_END);
      if (end === -1) return;
      const head = pending.toString('latin1', 0, end);
      status = Number(head.slice(9, 12));
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
      closeAfter = /\r\nconnection:\s*close/i.test(head);
      if (!length) {
        // Chunked or close-delimited answers are not expected from either server: count and start over.
        unparsable += 1;
        inFlight = false;
        clearTimeout(timer);
        return void s.destroy();
      }
      const total = Number(length[1]);
      bodyBytes.add(total);
      bodyLeft = total - (pending.length - end - 4);
    } else {
      bodyLeft -= chunk.length;
    }
    if (bodyLeft <= 0) finish();
  });
  s.on('error', () => undefined);
  s.on('close', () => {
    sockets.delete(s);
    clearTimeout(timer);
    if (inFlight) errors += 1;
    if (phase !== 'done') {
      reconnects += 1;
      connection();
    }
  });
}

const cpuAt = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (let i = 0; i < cfg.connections; i++) connection();
await new Promise((r) => setTimeout(r, cfg.warmupMs));
phase = 'measure';
windowStart = performance.now();
windowEnd = windowStart + cfg.durationMs;
const cpu0 = cpuAt();
process.stdout.write('LIUHEN_LOAD_MEASURING\n');
await new Promise((r) => setTimeout(r, cfg.durationMs));
const cpuMs = cpuAt() - cpu0;
const windowMs = performance.now() - windowStart;
phase = 'done';
for (const s of sockets) s.destroy();

latencies.sort((a, b) => a - b);
const at = (p) =>
  latencies.length ? latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))] : null;
const ok = Object.entries(statuses).reduce((n, [k, v]) => n + (k >= 200 && k < 300 ? v : 0), 0);
const result = {
  requests: latencies.length,
  ok,
  rps: latencies.length / (windowMs / 1000),
  latencyP50Ms: at(0.5),
  latencyP90Ms: at(0.9),
  latencyP99Ms: at(0.99),
  latencyMaxMs: latencies.at(-1) ?? null,
  latencyMeanMs: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
  statuses,
  bodyBytes: [...bodyBytes],
  errors,
  timeouts,
  reconnects,
  unparsable,
  windowMs,
  clientCpuPercent: (100 * cpuMs) / windowMs,
};
process.stdout.write(`LIUHEN_LOAD_RESULT ${JSON.stringify(result)}\n`);
process.exit(0);
