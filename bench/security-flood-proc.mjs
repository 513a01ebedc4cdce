// The wrong-password flood of bench/security.mjs, in its own process so that its work does not
// share the event loop (or the process) of the health probe or of the gateway.
//
//   node bench/security-flood-proc.mjs '<json>'
//     {"kind":"http"|"mqtt","port":..,"clients":32,"subnet":20,"targets":[...]}
//
// Client i is a closed loop from 127.0.<subnet>.<i+1> (every 127/8 address reaches a listener on
// 127.0.0.1), cycling through `targets` from position i: for HTTP [path, Authorization header] sent
// on one keep-alive connection per client; for MQTT a CONNECT packet (hex) on a new connection each
// time, until the CONNACK or the close. Prints `LIUHEN_BENCH_READY` once 2 × clients answers came
// back, and `LIUHEN_FLOOD_STATS <json>` (answers by status or CONNACK code) when its stdin says
// `stop` or closes; then exits.
import http from 'node:http';
import net from 'node:net';
import { createInterface } from 'node:readline';

const { kind, port, clients, subnet, targets } = JSON.parse(process.argv[2]);
const stats = {};
let answered = 0;
let stopping = false;
const note = (k) => {
  stats[k] = (stats[k] ?? 0) + 1;
  if (++answered === 2 * clients) process.stdout.write('LIUHEN_BENCH_READY\n');
};

const agents = new Map();
function httpOnce(from, [path, authorization]) {
  if (!agents.has(from)) agents.set(from, new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: from }));
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, agent: agents.get(from), headers: { authorization } },
      (res) => {
        res.resume();
        res.on('end', () => {
          note(`${res.statusCode}${res.headers['retry-after'] ? '+retry-after' : ''}`);
          resolve();
        });
      },
    );
    req.on('error', () => {
      note('error');
      resolve();
    });
    req.end();
  });
}

function mqttOnce(from, hex) {
  return new Promise((resolve) => {
    const s = net.createConnection({ host: '127.0.0.1', port, localAddress: from });
    let done = false;
    const finish = (k) => {
      if (done) return;
      done = true;
      s.destroy();
      note(k);
      resolve();
    };
    s.on('data', (d) => {
      if (d.length >= 4 && d[0] === 0x20) finish(`connack${d[3]}`);
    });
    s.on('error', () => finish('closed'));
    s.on('close', () => finish('closed'));
    s.write(Buffer.from(hex, 'hex'));
  });
}

async function client(i) {
  const from = `127.0.${subnet}.${i + 1}`;
  for (let n = i; !stopping; n++) {
    const t = targets[n % targets.length];
    if (kind === 'http') await httpOnce(from, t);
    else await mqttOnce(from, t);
  }
}

const running = Array.from({ length: clients }, (_, i) => client(i));
let finished = false;
async function stop() {
  if (finished) return;
  finished = true;
  stopping = true;
  await Promise.all(running);
  for (const a of agents.values()) a.destroy();
  process.stdout.write(`LIUHEN_FLOOD_STATS ${JSON.stringify({ answered, stats })}\n`);
  process.exit(0);
}
createInterface({ input: process.stdin }).on('line', (l) => l.trim() === 'stop' && void stop());
process.stdin.on('end', () => void stop());
process.on('SIGTERM', () => void stop());
