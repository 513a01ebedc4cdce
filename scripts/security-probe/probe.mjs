#!/usr/bin/env node
// Security probe: an attacker's-eye check of a running station (issue 12, "Secure by default"),
// with third-party clients only: mosquitto_pub / mosquitto_sub, curl, ffmpeg, openssl and raw
// sockets (node:net). Nothing here imports the station's code.
//
//   node scripts/security-probe/probe.mjs --http http://127.0.0.1:8080 --mqtt 1883 --rtmp 1935 --device sim-001
//
// Options (all but the first four are optional):
//   --http URL --mqtt PORT --rtmp PORT   the station
//   --device ID            an enrolled recorder that is live (streaming) now; npm start's sim-001 is
//   --login USER:PASSWORD  a person who may watch the live board, to see what a check did to the
//                          station (default supervisor:liuhen-demo, npm start's demo account)
//   --desk-login USER:PASSWORD  an equipment manager: enables finding 7 (revocation), which adds a
//                          recorder probe-rev-<time> to the inventory, enrolls it and retires it
//   --device-creds FILE    a recorder's enrollment.json (data/recorders/<id>/enrollment.json):
//                          also checks that a logged-in recorder is confined to its own topics
//   --log FILE             the station's log (e.g. npm start's output): quoted as evidence, and
//                          finding 3 checks its start-up warnings
//   --pid PID              the gateway process (default: whoever listens on the MQTT port)
//   --gateway-cli FILE     liuhen-gateway to try insecure starts with (default gateway/dist/cli.js)
//   --only 1,4,6           run only these findings
//
// Output: one line per check, `REFUSED|ACCEPTED|SKIPPED <finding> <check>: <evidence>`.
// REFUSED: the attack (or the insecure setting) was refused, the defect is not there. ACCEPTED: the
// defect is there. Exit code 1 if anything was ACCEPTED. Progress goes to stderr.
//
// Side effects on the station: failed recorder logins (the per-address and per-name budgets of
// ghost ids, and of --device for a minute), refused MQTT publishes, refused RTMP publishes, up to a
// few hundred MB of gateway memory in the RTMP pre-publish checks (finding 6), and with
// --desk-login one retired recorder. It never sends a valid command to a recorder.
import { spawn } from 'node:child_process';
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '..', '..');

const { values: opt } = parseArgs({
  options: {
    http: { type: 'string' },
    mqtt: { type: 'string' },
    rtmp: { type: 'string' },
    device: { type: 'string', default: 'sim-001' },
    login: { type: 'string', default: 'supervisor:liuhen-demo' },
    'desk-login': { type: 'string' },
    'device-creds': { type: 'string' },
    log: { type: 'string' },
    pid: { type: 'string' },
    'gateway-cli': { type: 'string', default: join(repoRoot, 'gateway', 'dist', 'cli.js') },
    only: { type: 'string' },
    'flood-worker': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help || !opt.http || !opt.mqtt || !opt.rtmp) {
  console.error(
    'usage: node scripts/security-probe/probe.mjs --http http://127.0.0.1:8080 --mqtt 1883 --rtmp 1935 [--device sim-001]\n' +
      '       [--login user:password] [--desk-login user:password] [--device-creds enrollment.json] [--log station.log]\n' +
      '       [--pid PID] [--gateway-cli gateway/dist/cli.js] [--only 1,2,...]',
  );
  process.exit(2);
}

const BASE = new URL(opt.http.replace(/\/+$/, ''));
const HOST = BASE.hostname.replace(/^\[|\]$/g, '');
const MQTT_PORT = Number(opt.mqtt);
const RTMP_PORT = Number(opt.rtmp);
const DEVICE = opt.device;
const ONLY = opt.only ? new Set(opt.only.split(',').map((s) => s.trim())) : null;
const RUN_ID = Date.now().toString(36);

// ------------------------------------------------------------------------------------ reporting

const results = [];
function report(verdict, finding, check, evidence) {
  const line = `${verdict} ${finding} ${check}: ${String(evidence).replace(/\s+/g, ' ').trim()}`;
  results.push({ verdict, finding, check, line });
  console.log(line);
}
const progress = (msg) => console.error(`[probe ${new Date().toISOString().slice(11, 19)}] ${msg}`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const round = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? null : Number(x.toFixed(d)));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const clip = (s, n = 160) => {
  const t = String(s ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

// ------------------------------------------------------------------------------------ processes

/** Processes this probe started and has not seen end (killed, by process group, on exit). */
const children = new Set();

/** Runs a command; never throws for its exit code. Killed (its process group) after timeoutMs. */
function run(cmd, args, { timeoutMs = 30_000, input, env, cwd, onOutput } = {}) {
  return new Promise((resolveRun) => {
    const t0 = now();
    let child;
    try {
      child = spawn(cmd, args, { env: env ?? process.env, cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (err) {
      resolveRun({ code: null, signal: null, stdout: '', stderr: String(err), timedOut: false, ms: 0, error: err });
      return;
    }
    children.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d) => {
      stdout += d;
      onOutput?.(stdout + stderr, child);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onOutput?.(stdout + stderr, child);
    });
    child.stdin.on('error', () => undefined);
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child, 'SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      children.delete(child);
      resolveRun({
        code: null,
        signal: null,
        stdout,
        stderr: stderr + String(err),
        timedOut,
        ms: now() - t0,
        error: err,
      });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolveRun({ code, signal, stdout, stderr, timedOut, ms: now() - t0 });
    });
  });
}

function killTree(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* gone */
    }
  }
}

function cleanup() {
  for (const c of children) killTree(c, 'SIGKILL');
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });
}

async function have(cmd) {
  const r = await run('sh', ['-c', `command -v ${cmd}`], { timeoutMs: 10_000 });
  return r.code === 0;
}

// ------------------------------------------------------------------------------------ network

/**
 * Against a loopback station every simulated attacker host gets its own source address
 * (127.x.y.z), as separate machines would: the station's per-address budgets then see 32 hosts,
 * not one. Elsewhere the probe's own address is used.
 */
let multiAddress = false;
function srcAddr(pool, n) {
  if (!multiAddress) return undefined;
  return `127.${pool}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}
async function detectMultiAddress() {
  if (!/^127\./.test(HOST)) return false;
  return new Promise((r) => {
    const s = net.createConnection({ host: HOST, port: Number(BASE.port || 80), localAddress: '127.99.0.1' });
    s.once('connect', () => {
      s.destroy();
      r(true);
    });
    s.once('error', () => r(false));
    setTimeout(() => {
      s.destroy();
      r(false);
    }, 10_000);
  });
}

const client = BASE.protocol === 'https:' ? https : http;

/** One HTTP request: status, headers, body text (and JSON when it parses), time to the answer. */
function request(method, path, { headers = {}, body, localAddress, agent, timeoutMs = 60_000 } = {}) {
  return new Promise((resolveReq) => {
    const t0 = now();
    const req = client.request(
      new URL(path, BASE),
      { method, headers, agent: agent ?? false, localAddress, rejectUnauthorized: false, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolveReq({ status: res.statusCode, headers: res.headers, text, json, ms: now() - t0 });
        });
        res.on('error', (err) => resolveReq({ status: 0, text: String(err), json: null, ms: now() - t0 }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err) => resolveReq({ status: 0, text: String(err.message), json: null, ms: now() - t0 }));
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const basic = (user, password) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** A person's session (cookie and CSRF token), or null. */
async function signIn(userColonPassword) {
  if (!userColonPassword) return null;
  const i = userColonPassword.indexOf(':');
  const [username, password] = [userColonPassword.slice(0, i), userColonPassword.slice(i + 1)];
  const r = await request('POST', '/api/session', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) {
    progress(`sign-in as ${username} failed: ${r.status} ${clip(r.text)}`);
    return null;
  }
  const cookie = [r.headers['set-cookie']].flat().find(Boolean)?.split(';')[0];
  return { username, cookie, csrf: r.json?.csrfToken, role: r.json?.user?.role };
}

/** A request as a signed-in person (cookie, and the CSRF token on changes). */
function asUser(session, method, path, body) {
  const headers = { cookie: session.cookie };
  if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return request(method, path, { headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function deviceView(session, id) {
  if (!session) return null;
  const r = await asUser(session, 'GET', `/api/devices/${encodeURIComponent(id)}`);
  return r.status === 200 ? r.json : { missing: true, status: r.status };
}
async function health() {
  const r = await request('GET', '/api/health');
  return r.status === 200 ? r.json : null;
}

// ------------------------------------------------------------------------------------ station process

async function gatewayPid() {
  if (opt.pid) return Number(opt.pid);
  if (!/^(127\.|localhost$|::1$)/.test(HOST)) return null;
  const r = await run('ss', ['-Hltnp', `sport = :${MQTT_PORT}`], { timeoutMs: 10_000 });
  const m = /pid=(\d+)/.exec(r.stdout);
  if (m) return Number(m[1]);
  // Without ss: the socket inode in /proc/net/tcp, then the process holding it.
  try {
    const hex = MQTT_PORT.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set();
    for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
      if (!existsSync(f)) continue;
      for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
        const c = line.trim().split(/\s+/);
        if (c[1]?.endsWith(`:${hex}`) && c[3] === '0A') inodes.add(c[9]);
      }
    }
    const { readdirSync, readlinkSync } = await import('node:fs');
    for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        for (const fd of readdirSync(`/proc/${p}/fd`)) {
          const l = readlinkSync(`/proc/${p}/fd/${fd}`);
          const s = /^socket:\[(\d+)\]$/.exec(l);
          if (s && inodes.has(s[1])) return Number(p);
        }
      } catch {
        /* not ours to read */
      }
    }
  } catch {
    /* no /proc */
  }
  return null;
}

/** VmRSS and VmSize of a process, MB; null when it cannot be read. */
function mem(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      rss: Number(/VmRSS:\s+(\d+)/.exec(s)[1]) / 1024,
      vsz: Number(/VmSize:\s+(\d+)/.exec(s)[1]) / 1024,
    };
  } catch {
    return null;
  }
}
async function steadyRss(pid) {
  const xs = [];
  for (let i = 0; i < 5; i++) {
    const m = mem(pid);
    if (m) xs.push(m.rss);
    await sleep(200);
  }
  return xs.length ? median(xs) : null;
}

/** Log lines added since `from` (byte offset) that match re, for evidence. */
function logSize() {
  try {
    return readFileSync(opt.log).length;
  } catch {
    return 0;
  }
}
function logLines(from, re, max = 3) {
  if (!opt.log) return [];
  try {
    const text = readFileSync(opt.log).subarray(from).toString('utf8');
    return text
      .split('\n')
      .filter((l) => re.test(l))
      .slice(0, max)
      .map((l) => {
        try {
          const j = JSON.parse(l);
          const { level: _l, time: _t, svc: _s, pid: _p, hostname: _h, ...rest } = j;
          return clip(JSON.stringify(rest), 220);
        } catch {
          return clip(l, 220);
        }
      });
  } catch {
    return [];
  }
}
const logNote = (from, re, max) => {
  const ls = logLines(from, re, max);
  return ls.length ? `; log: ${ls.join(' | ')}` : '';
};

// ------------------------------------------------------------------------------------ MQTT (mosquitto clients)

const V3_CONNACK = {
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};
const V5_CONNACK = {
  128: 'unspecified error',
  132: 'unsupported protocol version',
  134: 'bad user name or password',
  135: 'not authorized',
  136: 'server unavailable',
  137: 'server busy',
};
const connackName = (c, v5) => (v5 ? V5_CONNACK : V3_CONNACK)[c] ?? 'refused';

const mosqAuth = ({ user, pass, bind }) => [
  ...(user !== undefined ? ['-u', user] : []),
  ...(pass !== undefined ? ['-P', pass] : []),
  ...(bind ? ['-A', bind] : []),
];

/** mosquitto_pub, QoS 1, with its debug output: CONNACK code, PUBACK, connection lost. */
async function mqttPub({ topic, message, retain = false, version = 'mqttv311', ...auth }) {
  const args = [
    '-h',
    HOST,
    '-p',
    String(MQTT_PORT),
    '-V',
    version,
    '-q',
    '1',
    '-d',
    '-i',
    `probe-${randomBytes(4).toString('hex')}`,
  ];
  args.push('-t', topic, '-m', message, ...(retain ? ['-r'] : []), ...mosqAuth(auth));
  const r = await run('mosquitto_pub', args, { timeoutMs: 30_000 });
  const out = r.stdout + r.stderr;
  const ca = /received CONNACK \((\d+)\)/.exec(out);
  return {
    connack: ca ? Number(ca[1]) : null,
    puback: /received PUBACK/.test(out),
    lost: /connection was lost|Connection error|Error:/i.test(out),
    code: r.code,
    out,
  };
}

/** mosquitto_sub for waitSec: CONNACK, granted subscription codes, messages received. */
async function mqttSub({ topics: ts, waitSec = 5, version = 'mqttv311', ...auth }) {
  const args = [
    '-h',
    HOST,
    '-p',
    String(MQTT_PORT),
    '-V',
    version,
    '-d',
    '-W',
    String(waitSec),
    '-i',
    `probe-${randomBytes(4).toString('hex')}`,
  ];
  for (const t of ts) args.push('-t', t);
  args.push('-F', '@@PROBE-MSG %t %p', ...mosqAuth(auth));
  const r = await run('mosquitto_sub', args, { timeoutMs: (waitSec + 30) * 1000 });
  const out = r.stdout + r.stderr;
  const ca = /received CONNACK \((\d+)\)/.exec(out);
  const granted =
    /Subscribed \(mid: \d+\): ([\d, ]+)/
      .exec(out)?.[1]
      .split(',')
      .map((s) => Number(s.trim())) ?? [];
  const messages = out.split('\n').filter((l) => l.startsWith('@@PROBE-MSG '));
  return { connack: ca ? Number(ca[1]) : null, granted, messages, out, code: r.code };
}

function pubVerdict(p, v5 = false) {
  if (p.connack === null) return ['REFUSED', `connection closed before any CONNACK (exit ${p.code})`];
  if (p.connack !== 0) return ['REFUSED', `CONNACK ${p.connack} (${connackName(p.connack, v5)})`];
  if (p.puback) return ['ACCEPTED', 'CONNACK 0 (logged in) and PUBACK: the broker took the message'];
  return [
    'ACCEPTED',
    `CONNACK 0: logged in without credentials (publish then ${p.lost ? 'dropped, connection closed' : 'not acknowledged'})`,
  ];
}

/** Raw MQTT 3.1.1 packets. */
function varint(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}
const mqttStr = (s) => {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(2);
  len.writeUInt16BE(b.length);
  return Buffer.concat([len, b]);
};

function openSocket(port) {
  return new Promise((resolveOpen, reject) => {
    const s = net.createConnection({ host: HOST, port });
    const t0 = now();
    const info = { s, openedAt: t0, closedAt: null, received: 0 };
    info.closed = new Promise((r) =>
      s.once('close', () => {
        info.closedAt = now();
        r(info.closedAt - t0);
      }),
    );
    s.on('data', (d) => (info.received += d.length));
    s.on('error', () => undefined);
    s.once('connect', () => resolveOpen(info));
    s.once('error', reject);
    s.setTimeout(120_000, () => s.destroy());
  });
}

/** Writes chunks until `total` bytes went out or the peer closed; a write may stall (then stop). */
async function streamUntilClosed(s, total, chunkOf, { stallMs = 15_000, stop } = {}) {
  let sent = 0;
  let i = 0;
  while (sent < total && !s.destroyed && !stop?.()) {
    const chunk = chunkOf(i++);
    const ok = s.write(chunk);
    sent += chunk.length;
    if (!ok) {
      const drained = await new Promise((r) => {
        const done = (v) => {
          clearTimeout(t);
          s.off('drain', onDrain);
          s.off('close', onClose);
          r(v);
        };
        const onDrain = () => done(true);
        const onClose = () => done(false);
        const t = setTimeout(() => done(false), stallMs);
        s.once('drain', onDrain);
        s.once('close', onClose);
      });
      if (!drained) break;
    }
  }
  return sent;
}

/** Deterministic pseudo-random bytes (xorshift32), so every run sends the same garbage. */
function garbage(seed, n) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i += 4) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b.writeUInt32LE(x, i);
  }
  return b;
}

// ------------------------------------------------------------------------------------ keys

/** An Ed25519 public key, SPKI PEM: made with openssl when it is there, else node:crypto. */
async function ed25519PublicPem() {
  if (await have('openssl')) {
    const priv = await run('openssl', ['genpkey', '-algorithm', 'ed25519'], { timeoutMs: 20_000 });
    if (priv.code === 0) {
      const pub = await run('openssl', ['pkey', '-pubout'], { input: priv.stdout, timeoutMs: 20_000 });
      if (pub.code === 0 && pub.stdout.includes('BEGIN PUBLIC KEY')) return pub.stdout;
    }
  }
  return generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

// =================================================================================== findings

let session = null;
let pid = null;
/** The running station's start-up warnings (finding 3), judged after findings 1 and 4. */
let startWarnings = null;

/** Finding 1: anonymous MQTT. */
async function finding1() {
  const before = await deviceView(session, DEVICE);
  const healthBefore = await health();
  const ts = () => new Date().toISOString();
  const ghost = `ghost-mqtt-${RUN_ID}`.slice(0, 40);
  const attempts = [
    [
      'anon-set-stop',
      `liuhen/devices/${DEVICE}/set`,
      JSON.stringify({ v: 1, commandId: 'e', action: 'stop', ts: ts() }),
      false,
    ],
    [
      'anon-set-officer',
      `liuhen/devices/${DEVICE}/set`,
      JSON.stringify({ v: 1, commandId: 'f', action: 'set-officer', officerId: '99999999', ts: ts() }),
      false,
    ],
    ['anon-retained-gateway-offline', 'liuhen/gateway/availability', JSON.stringify({ v: 1, status: 'offline' }), true],
    [
      'anon-state-unknown-device',
      `liuhen/devices/${ghost}/state`,
      JSON.stringify({
        v: 1,
        deviceId: ghost,
        profile: 'sim',
        state: 'recording',
        recordingId: 'probe',
        recordingSince: ts(),
        officerId: '33010012',
        batteryPercent: 80,
        storageFreeBytes: 1e9,
        firmwareVersion: 'probe',
        ts: ts(),
      }),
      true,
    ],
  ];
  for (const [check, topic, message, retain] of attempts) {
    const p = await mqttPub({ topic, message, retain });
    const [v, ev] = pubVerdict(p);
    report(v, 1, check, `mosquitto_pub -q 1${retain ? ' -r' : ''} -t ${topic} without credentials: ${ev}`);
  }
  // A user name with no password, an empty password, and MQTT 5.
  {
    const p = await mqttPub({
      topic: `liuhen/devices/${DEVICE}/set`,
      message: '{}',
      user: ghost,
      bind: srcAddr(61, 1),
    });
    const [v, ev] = pubVerdict(p);
    report(v, 1, 'user-name-without-password', `mosquitto_pub -u ${ghost} (no -P): ${ev}`);
  }
  {
    const p = await mqttPub({ topic: `liuhen/devices/${DEVICE}/set`, message: '{}', version: 'mqttv5' });
    const [v, ev] = pubVerdict(p, true);
    report(v, 1, 'anon-mqtt5', `mosquitto_pub -V mqttv5 without credentials: ${ev}`);
  }
  for (const [check, topic] of [
    ['anon-subscribe-#', '#'],
    ['anon-subscribe-$SYS', '$SYS/#'],
  ]) {
    const s = await mqttSub({ topics: [topic], waitSec: 5 });
    let v;
    let ev;
    if (s.connack === null) [v, ev] = ['REFUSED', `connection closed before any CONNACK (exit ${s.code})`];
    else if (s.connack !== 0) [v, ev] = ['REFUSED', `CONNACK ${s.connack} (${connackName(s.connack)})`];
    else if (s.messages.length > 0 || s.granted.some((g) => g < 128))
      [v, ev] = [
        'ACCEPTED',
        `CONNACK 0, SUBACK ${s.granted.join(',')}, ${s.messages.length} messages in 5 s, e.g. ${clip(s.messages[0] ?? '', 120)}`,
      ];
    else
      [v, ev] = ['ACCEPTED', `CONNACK 0 (anonymous login accepted) but SUBACK ${s.granted.join(',')} and no messages`];
    report(v, 1, check, `mosquitto_sub -t '${topic}' without credentials: ${ev}`);
  }

  // What the attempts did to the station.
  await sleep(2000);
  if (!session) {
    report('SKIPPED', 1, 'no-effect', 'not signed in (--login): cannot see the recorder and the inventory');
  } else {
    const after = await deviceView(session, DEVICE);
    const g = await deviceView(session, ghost);
    const healthAfter = await health();
    const changed = [];
    if (before && after && !before.missing) {
      for (const k of ['state', 'officerId', 'recordingSince', 'online'])
        if (before[k] !== after[k]) changed.push(`${DEVICE}.${k} ${before[k]} → ${after[k]}`);
    }
    if (g && !g.missing) changed.push(`${ghost} is now in the inventory (state ${g.state}, online ${g.online})`);
    if (healthBefore && healthAfter && healthAfter.devices.known > healthBefore.devices.known)
      changed.push(`devices known ${healthBefore.devices.known} → ${healthAfter.devices.known}`);
    report(
      changed.length ? 'ACCEPTED' : 'REFUSED',
      1,
      'no-effect',
      changed.length
        ? changed.join('; ')
        : `${DEVICE} still ${after?.state} with officer ${after?.officerId}, recording since ${after?.recordingSince}; GET /api/devices/${ghost} → ${g?.status ?? 200}; devices known ${healthAfter?.devices.known}`,
    );
  }

  // A logged-in recorder is confined to its own topics (only with --device-creds).
  if (!opt['device-creds']) {
    report('SKIPPED', 1, 'recorder-confinement', 'no --device-creds (a recorder enrollment.json) given');
    return;
  }
  let creds;
  try {
    creds = JSON.parse(readFileSync(opt['device-creds'], 'utf8'));
  } catch (err) {
    report('SKIPPED', 1, 'recorder-confinement', `cannot read ${opt['device-creds']}: ${err.message}`);
    return;
  }
  const me = creds.deviceId;
  const auth = { user: creds.mqtt.username, pass: creds.mqtt.password };
  const other = me === DEVICE ? 'sim-002' : DEVICE;
  for (const [check, topic, message] of [
    [
      'recorder-publishes-other-set',
      `liuhen/devices/${other}/set`,
      JSON.stringify({ v: 1, commandId: 'g', action: 'stop', ts: ts() }),
    ],
    [
      'recorder-publishes-own-set',
      `liuhen/devices/${me}/set`,
      JSON.stringify({ v: 1, commandId: 'h', action: 'press', ts: ts() }),
    ],
    [
      'recorder-publishes-gateway-availability',
      'liuhen/gateway/availability',
      JSON.stringify({ v: 1, status: 'offline' }),
    ],
    ['recorder-publishes-other-state', `liuhen/devices/${ghost}/state`, '{}'],
  ]) {
    const p = await mqttPub({ topic, message, ...auth });
    let v;
    let ev;
    if (p.connack !== 0)
      [v, ev] = ['SKIPPED', `the recorder's own credentials were refused (CONNACK ${p.connack}): not testable`];
    else if (p.puback) [v, ev] = ['ACCEPTED', 'PUBACK: the broker took it'];
    else [v, ev] = ['REFUSED', 'logged in (CONNACK 0), the publish got no PUBACK and the connection was closed'];
    report(v, 1, check, `as ${me}: mosquitto_pub -q 1 -t ${topic}: ${ev}`);
  }
  const s = await mqttSub({ topics: ['#', '$SYS/#', `liuhen/devices/${other}/state`], waitSec: 4, ...auth });
  report(
    s.connack === 0 && (s.messages.length > 0 || s.granted.some((g) => g < 128))
      ? 'ACCEPTED'
      : s.connack === 0
        ? 'REFUSED'
        : 'SKIPPED',
    1,
    'recorder-subscribes-others',
    `as ${me}: mosquitto_sub -t '#' -t '$SYS/#' -t liuhen/devices/${other}/state: CONNACK ${s.connack}, SUBACK ${s.granted.join(',') || '-'}, ${s.messages.length} messages`,
  );
}

/** Finding 2: uploads and key registration without credentials. */
async function finding2() {
  if (!(await have('curl'))) {
    report('SKIPPED', 2, 'all', 'curl is not installed');
    return;
  }
  const pem = await ed25519PublicPem();
  let n = 0;
  const curl = async (method, path, { headers = {}, body } = {}) => {
    const args = ['-sS', '--max-time', '60', '-X', method, '-w', '\n@@STATUS %{http_code}'];
    const src = srcAddr(62, n++);
    if (src) args.push('--interface', src);
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
    if (body !== undefined) args.push('--data-binary', '@-');
    args.push(new URL(path, BASE).toString());
    const r = await run('curl', args, { input: body, timeoutMs: 90_000 });
    const m = /\n@@STATUS (\d+)\s*$/.exec(r.stdout);
    return { status: m ? Number(m[1]) : 0, text: m ? r.stdout.slice(0, m.index) : r.stdout + r.stderr };
  };
  const verdict = (r) =>
    [401, 403, 429].includes(r.status)
      ? ['REFUSED', `${r.status} ${clip(r.text, 200)}`]
      : r.status >= 200 && r.status < 300
        ? ['ACCEPTED', `${r.status}: accepted without recorder credentials: ${clip(r.text, 200)}`]
        : r.status === 0
          ? ['SKIPPED', `no answer: ${clip(r.text)}`]
          : [
              'ACCEPTED',
              `${r.status}: past the credentials check without credentials (the handler answered): ${clip(r.text, 200)}`,
            ];

  const bytes = Buffer.from('probe segment bytes ', 'utf8');
  const completeBody = (officerId) =>
    JSON.stringify({
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      startedAt: new Date(Date.now() - 60_000).toISOString(),
      endedAt: new Date().toISOString(),
      officerId,
      recordingIds: [],
      marked: false,
    });
  const seg = (id) => `${id}_20260101T000000Z_probe_000001.mp4`;
  const patchHeaders = { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' };
  const json = { 'content-type': 'application/json' };

  for (const id of ['ghost-01', DEVICE]) {
    const up = `/api/devices/${id}/uploads/${seg(id)}`;
    let r = await curl('PATCH', up, { headers: patchHeaders, body: bytes });
    report(verdict(r)[0], 2, `patch-upload-${id}`, `PATCH ${up} (no credentials): ${verdict(r)[1]}`);
    r = await curl('POST', `${up}/complete`, { headers: json, body: completeBody('33010012') });
    report(
      verdict(r)[0],
      2,
      `complete-upload-${id}`,
      `POST ${up}/complete {"officerId":"33010012",…} (no credentials): ${verdict(r)[1]}`,
    );
    r = await curl('PUT', `/api/devices/${id}/key`, { headers: json, body: JSON.stringify({ publicKeyPem: pem }) });
    report(
      verdict(r)[0],
      2,
      `put-key-${id}`,
      `PUT /api/devices/${id}/key (an openssl Ed25519 key, no credentials): ${verdict(r)[1]}`,
    );
  }
  {
    const up = `/api/devices/ghost-01/uploads/${seg('ghost-01')}`;
    let r = await curl('GET', up);
    report(verdict(r)[0], 2, 'get-upload-offset-ghost-01', `GET ${up} (no credentials): ${verdict(r)[1]}`);
    r = await curl('PATCH', up, {
      headers: { ...patchHeaders, authorization: basic('ghost-01', 'guess') },
      body: bytes,
    });
    report(
      verdict(r)[0],
      2,
      'patch-upload-ghost-01-guessed-basic',
      `PATCH ${up} with Basic ghost-01:guess: ${verdict(r)[1]}`,
    );
  }
  if (session) {
    // A person is not a recorder: a signed-in session (with its CSRF token) cannot upload either.
    const up = `/api/devices/${DEVICE}/uploads/${seg(DEVICE)}`;
    const r = await curl('PATCH', up, {
      headers: { ...patchHeaders, cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: bytes,
    });
    report(
      verdict(r)[0],
      2,
      `patch-upload-${DEVICE}-as-${session.role}`,
      `PATCH ${up} with a ${session.role} session: ${verdict(r)[1]}`,
    );
    const g = await deviceView(session, 'ghost-01');
    report(
      g && !g.missing ? 'ACCEPTED' : 'REFUSED',
      2,
      'no-effect',
      g && !g.missing
        ? `ghost-01 is in the inventory now: ${clip(JSON.stringify(g), 200)}`
        : `GET /api/devices/ghost-01 → ${g?.status}`,
    );
  } else {
    report('SKIPPED', 2, 'as-person / no-effect', 'not signed in (--login)');
  }
}

/** Finding 3: start posture (the running station's log, and insecure starts of liuhen-gateway). */
async function finding3() {
  // 3a: the running station's start-up warnings.
  if (!opt.log) {
    report('SKIPPED', 3, 'start-log', 'no --log: the station log was not given');
  } else {
    const text = existsSync(opt.log) ? readFileSync(opt.log, 'utf8') : '';
    // The start: everything up to the "gateway ready" line.
    const lines = text.split('\n');
    const ready = lines.findIndex((l) => /gateway ready/.test(l));
    const startText = lines.slice(0, ready >= 0 ? ready + 1 : 200).join('\n');
    const warnings = startText
      .split('\n')
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return null;
        }
      })
      .filter((j) => j && j.level >= 40 && !j.reqId)
      .map((j) => j.msg);
    const insecure = warnings.filter((m) => /INSECURE LAB STATION/.test(m));
    // Demo accounts exist if the published demo password signs in.
    const demo = opt.login?.endsWith(':liuhen-demo') && session !== null;
    const demoWarned = warnings.some((m) => /demo mode/i.test(m));
    if (demo)
      report(
        demoWarned ? 'REFUSED' : 'ACCEPTED',
        3,
        'start-log-demo',
        demoWarned
          ? `warned: "${clip(
              warnings.find((m) => /demo mode/i.test(m)),
              140,
            )}"`
          : 'a demo account signs in with the published password and the start log has no demo warning',
      );
    else report('SKIPPED', 3, 'start-log-demo', 'no demo account signed in with the published password');
    // Plain HTTP reachable on a network address?
    const lanIp = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    let onNetwork = false;
    if (lanIp && BASE.protocol === 'http:') {
      onNetwork = await new Promise((r) => {
        const s = net.createConnection({ host: lanIp, port: Number(BASE.port || 80) });
        s.once('connect', () => (s.destroy(), r(true)));
        s.once('error', () => r(false));
        setTimeout(() => (s.destroy(), r(false)), 5000);
      });
    }
    const httpWarned = warnings.some((m) => /plain HTTP on a network address/.test(m));
    if (onNetwork)
      report(
        httpWarned ? 'REFUSED' : 'ACCEPTED',
        3,
        'start-log-plain-http',
        `plain HTTP answers on ${lanIp}:${BASE.port}; ${httpWarned ? 'warned at start' : 'no warning at start'}`,
      );
    else
      report(
        'SKIPPED',
        3,
        'start-log-plain-http',
        `plain HTTP not reachable on a network address (${lanIp ?? 'none'})`,
      );
    startWarnings = { insecure, all: warnings };
  }

  // 3b: liuhen-gateway with an insecure setting and no lab flag must refuse to start.
  const cli = resolve(opt['gateway-cli']);
  if (!existsSync(cli)) {
    report('SKIPPED', 3, 'cli-refuses', `${cli} not found (npm run build, or --gateway-cli)`);
    return;
  }
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LIUHEN_')));
  const tryStart = async (extra, label) => {
    const dir = mkdtempSync(join(os.tmpdir(), 'liuhen-probe-cli-'));
    const env = {
      ...baseEnv,
      LIUHEN_STORAGE_DATA_DIR: join(dir, 'data'),
      LIUHEN_HTTP_HOST: '127.0.0.1',
      LIUHEN_MQTT_HOST: '127.0.0.1',
      LIUHEN_RTMP_HOST: '127.0.0.1',
      LIUHEN_HTTP_PORT: '0',
      LIUHEN_MQTT_PORT: '0',
      LIUHEN_RTMP_PORT: '0',
      ...extra,
    };
    progress(`starting liuhen-gateway with ${label}`);
    let started = false;
    const r = await run(process.execPath, [cli], {
      env,
      cwd: dir,
      timeoutMs: 180_000,
      onOutput: (out, child) => {
        if (!started && /gateway ready/.test(out)) {
          started = true;
          setTimeout(() => killTree(child, 'SIGTERM'), 1500);
          setTimeout(() => killTree(child, 'SIGKILL'), 30_000);
        }
      },
    });
    rmSync(dir, { recursive: true, force: true });
    const out = r.stdout + r.stderr;
    return { ...r, out, started: started || /gateway ready/.test(out) };
  };
  for (const name of [
    'LIUHEN_MQTT_ALLOW_ANONYMOUS',
    'LIUHEN_RTMP_ALLOW_UNSIGNED',
    'LIUHEN_AUTH_ALLOW_UNENROLLED_UPLOADS',
  ]) {
    const r = await tryStart({ [name]: 'true' }, `${name}=true`);
    const refusal = /refusing to start[^\n"]*/.exec(r.out)?.[0];
    if (r.started)
      report(
        'ACCEPTED',
        3,
        `cli-refuses-${name}`,
        `${name}=true without the lab flag: the gateway started ("gateway ready")`,
      );
    else if (r.code !== 0 && refusal)
      report(
        'REFUSED',
        3,
        `cli-refuses-${name}`,
        `${name}=true: exit ${r.code} in ${round(r.ms / 1000)} s, "${clip(refusal, 170)}"`,
      );
    else
      report(
        'SKIPPED',
        3,
        `cli-refuses-${name}`,
        `${name}=true: exit ${r.code}${r.timedOut ? ' (timed out)' : ''} without "refusing to start": ${clip(r.out.split('\n').filter(Boolean).slice(-2).join(' | '), 200)}`,
      );
  }
  {
    const r = await tryStart(
      { LIUHEN_MQTT_ALLOW_ANONYMOUS: 'true', LIUHEN_LAB_ALLOW_INSECURE: 'true' },
      'LIUHEN_MQTT_ALLOW_ANONYMOUS=true and the lab flag',
    );
    const warn = /INSECURE LAB STATION[^"]*/.exec(r.out)?.[0];
    if (!r.started)
      report(
        'SKIPPED',
        3,
        'cli-lab-warns',
        `with the lab flag the gateway did not start: exit ${r.code}: ${clip(r.out.split('\n').filter(Boolean).slice(-2).join(' | '), 200)}`,
      );
    else
      report(
        warn ? 'REFUSED' : 'ACCEPTED',
        3,
        'cli-lab-warns',
        warn
          ? `started as a lab and warned: "${clip(warn, 150)}"`
          : 'started with anonymous MQTT and the lab flag without an INSECURE warning',
      );
  }
}

/** Watches the device on the live board (and the station's live stream count) while fn runs. */
async function watchLive(fn) {
  const samples = [];
  let done = false;
  const t0 = Date.now();
  const loop = (async () => {
    while (!done) {
      const [d, h] = await Promise.all([deviceView(session, DEVICE), health()]);
      samples.push({
        t: (Date.now() - t0) / 1000,
        live: d?.live,
        recordingSince: d?.recordingSince,
        streams: h?.rtmp?.liveStreams,
      });
      await sleep(1000);
    }
  })();
  try {
    return { result: await fn(), samples };
  } finally {
    done = true;
    await loop;
  }
}

const ffmpegFrames = (out) => {
  const m = [...out.matchAll(/frame=\s*(\d+)/g)].pop();
  return m ? Number(m[1]) : 0;
};
const ffmpegWhy = (out) =>
  clip(
    out
      .split(/\r|\n/)
      .map((l) => l.trim())
      .filter((l) => l && !/^frame=|^\[libx264|^Stream mapping|^video:/.test(l))
      .slice(-3)
      .join(' | '),
    220,
  );

/** Finding 4: unsigned RTMP publishes (and RTMP play) while the device streams. */
async function finding4() {
  if (!(await have('ffmpeg'))) {
    report('SKIPPED', 4, 'all', 'ffmpeg is not installed');
    return;
  }
  if (!session) {
    report(
      'SKIPPED',
      4,
      'live-kept',
      'not signed in (--login): the live board cannot be read; publishes are still tried',
    );
  }
  let before = await deviceView(session, DEVICE);
  for (let i = 0; session && !before?.live && i < 30; i++) {
    await sleep(2000);
    before = await deviceView(session, DEVICE);
  }
  const healthBefore = await health();
  if (session && !before?.live)
    report(
      'SKIPPED',
      4,
      'live-kept',
      `${DEVICE} is not live (${clip(JSON.stringify(before), 100)}): start it recording first`,
    );
  const rtmp = (path) => `rtmp://${HOST.includes(':') ? `[${HOST}]` : HOST}:${RTMP_PORT}/live/${path}`;
  const publish = (path, seconds) =>
    run(
      'ffmpeg',
      [
        '-hide_banner',
        '-nostdin',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=320x240:rate=10',
        '-t',
        String(seconds),
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-g',
        '10',
        '-f',
        'flv',
        rtmp(path),
      ],
      { timeoutMs: (seconds + 60) * 1000 },
    );
  const pubVerdictOf = (r, seconds) =>
    r.code === 0
      ? ['ACCEPTED', `ffmpeg streamed all ${seconds} s and exited 0 (${ffmpegFrames(r.stderr)} frames)`]
      : [
          'REFUSED',
          `ffmpeg exit ${r.code}${r.timedOut ? ' (timed out)' : ''} after ${round(r.ms / 1000)} s, ${ffmpegFrames(r.stderr)} frames encoded: ${ffmpegWhy(r.stderr)}`,
        ];

  const logFrom = logSize();
  const ghost = `ghost-rtmp-${RUN_ID}`.slice(0, 40);
  const { result, samples } = await watchLive(async () => {
    const out = {};
    progress(`unsigned RTMP publish to live/${DEVICE}`);
    out.unsigned = await publish(DEVICE, 10);
    const exp = Math.floor(Date.now() / 1000) + 600;
    progress(`forged publish key to live/${DEVICE}`);
    out.forged = await publish(`${DEVICE}?exp=${exp}&sig=${'0'.repeat(64)}`, 6);
    progress(`unsigned RTMP publish to live/${ghost}`);
    out.ghost = await publish(ghost, 6);
    progress(`RTMP play of live/${DEVICE}`);
    out.play = await run('ffmpeg', ['-hide_banner', '-nostdin', '-i', rtmp(DEVICE), '-t', '3', '-f', 'null', '-'], {
      timeoutMs: 60_000,
    });
    await sleep(5000);
    return out;
  });
  const refusedLog = (re) => logNote(logFrom, re, 1);
  let [v, ev] = pubVerdictOf(result.unsigned, 10);
  report(
    v,
    4,
    `unsigned-publish-${DEVICE}`,
    `ffmpeg -re testsrc → ${rtmp(DEVICE)}: ${ev}${refusedLog(new RegExp(`refused publish.*|live/${DEVICE}.*refused publish`))}`,
  );
  [v, ev] = pubVerdictOf(result.forged, 6);
  report(v, 4, `forged-key-publish-${DEVICE}`, `→ live/${DEVICE}?exp=…&sig=000…: ${ev}`);
  [v, ev] = pubVerdictOf(result.ghost, 6);
  report(v, 4, 'unsigned-publish-unknown-device', `→ live/${ghost}: ${ev}`);
  {
    const r = result.play;
    const frames = ffmpegFrames(r.stderr);
    const gotVideo = /Stream #\d+:\d+.*Video/.test(r.stderr);
    report(
      frames > 0 || gotVideo ? 'ACCEPTED' : 'REFUSED',
      4,
      `rtmp-play-${DEVICE}`,
      `ffmpeg -i ${rtmp(DEVICE)} (no credentials): exit ${r.code}, ${frames} frames${gotVideo ? ', video stream described' : ''}: ${ffmpegWhy(r.stderr)}`,
    );
  }
  if (session && before?.live) {
    const notLive = samples.filter((s) => s.live === false);
    const moved = samples.filter((s) => s.recordingSince && s.recordingSince !== before.recordingSince);
    const fewer = samples.filter(
      (s) => typeof s.streams === 'number' && healthBefore && s.streams < healthBefore.rtmp.liveStreams,
    );
    const ended = logNote(logFrom, new RegExp(`${DEVICE}.*(live stream ended|unpublish|stream ended)`), 2);
    const bad = notLive.length || fewer.length;
    report(
      bad ? 'ACCEPTED' : 'REFUSED',
      4,
      'live-kept',
      bad
        ? `${DEVICE} not live in ${notLive.length}/${samples.length} samples (first at +${notLive[0]?.t ?? fewer[0]?.t} s), live streams below ${healthBefore?.rtmp.liveStreams} in ${fewer.length}${ended}`
        : `${DEVICE} live in all ${samples.length} samples over ${round(samples.at(-1)?.t ?? 0)} s of attempts, recording since ${before.recordingSince}${moved.length ? ` (recordingSince changed in ${moved.length})` : ' (unchanged)'}, live streams ${healthBefore?.rtmp.liveStreams} throughout`,
    );
    const g = await deviceView(session, ghost);
    report(
      g && !g.missing ? 'ACCEPTED' : 'REFUSED',
      4,
      'unknown-device-not-registered',
      g && !g.missing ? `${ghost} is on the board now (live ${g.live})` : `GET /api/devices/${ghost} → ${g?.status}`,
    );
  }
}

/** Finding 5: wrong-password flood and known/unknown id timing. */
async function finding5() {
  const path = (id) => `/api/devices/${id}/uploads/${id}_000001.mp4`;
  const healthAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const healthP99 = async (n = 300) => {
    const xs = [];
    for (let i = 0; i < n; i++) {
      const r = await request('GET', '/api/health', { agent: healthAgent });
      if (r.status !== 200) throw new Error(`/api/health answered ${r.status}`);
      xs.push(r.ms);
    }
    return { p50: percentile(xs, 50), p99: percentile(xs, 99) };
  };

  // Without any credentials: does the answer tell an enrolled id from one that does not exist?
  {
    const ghost = `nx-${RUN_ID}-plain`;
    const k = await request('GET', path(DEVICE));
    const u = await request('GET', path(ghost));
    const norm = (r, id) =>
      `${r.status} ${r.json?.code ?? ''} ${String(r.json?.message ?? r.text).replaceAll(id, '<id>')}`;
    const same = norm(k, DEVICE) === norm(u, ghost);
    report(
      same ? 'REFUSED' : 'ACCEPTED',
      5,
      'no-credentials-answer-tells-enrolled',
      same
        ? `GET ${path('<id>')} without credentials answers the same for ${DEVICE} and an unknown id: ${clip(norm(k, DEVICE), 160)}`
        : `GET ${path('<id>')} without credentials: ${DEVICE} → ${k.status} "${clip(k.json?.message ?? k.text, 110)}"; unknown id → ${u.status} "${clip(u.json?.message ?? u.text, 140)}": anyone can tell which ids are enrolled`,
    );
  }

  // 5b first (fresh budgets): the same wrong password for a known and an unknown id, from fresh addresses.
  {
    const known = [];
    const unknown = [];
    const answers = new Set();
    const PAIRS = 7; // < the 10 failures a minute one user name may have
    for (let i = 0; i < PAIRS; i++) {
      const ghost = `nx-${RUN_ID}-${i}`;
      const k = await request('GET', path(DEVICE), {
        headers: { authorization: basic(DEVICE, `wrong-${i}`) },
        localAddress: srcAddr(56, 2 * i),
      });
      const u = await request('GET', path(ghost), {
        headers: { authorization: basic(ghost, `wrong-${i}`) },
        localAddress: srcAddr(56, 2 * i + 1),
      });
      known.push(k.ms);
      unknown.push(u.ms);
      answers.add(`${k.status} ${k.json?.code ?? clip(k.text, 40)}`);
      answers.add(`${u.status} ${u.json?.code ?? clip(u.text, 40)}`);
    }
    const mk = median(known);
    const mu = median(unknown);
    const sameAnswer = answers.size === 1;
    const close = Math.abs(mk - mu) <= Math.max(30, 0.5 * Math.min(mk, mu));
    const accepted = [...answers].some((a) => /^2/.test(a));
    report(
      accepted || !sameAnswer || !close ? 'ACCEPTED' : 'REFUSED',
      5,
      'known-vs-unknown-id',
      `${PAIRS} pairs of Basic <id>:wrong on GET ${path('<id>')}: answers ${[...answers].join(' / ')}; median ${round(mk)} ms for ${DEVICE} vs ${round(mu)} ms for unknown ids (${sameAnswer ? 'same answer' : 'DIFFERENT answers'}, ${close ? 'no noticeable time difference' : 'time differs'})`,
    );
  }

  const CLIENTS = 32;
  const flood = (kind) =>
    startFlood({ base: BASE.href, kind, clients: CLIENTS, device: DEVICE, runId: RUN_ID, multi: multiAddress });

  // Rounds of idle / flood, for each kind; 'none' (no credentials at all) is the control: what the
  // same request rate costs the station without any password to check.
  const rounds = [];
  const logFrom = logSize();
  for (let round_ = 0; round_ < 3; round_++) {
    for (const kind of ['known', 'unknown', 'none']) {
      const idle = await healthP99();
      const f = await flood(kind);
      await sleep(1500); // let the flood build up
      const under = await healthP99();
      const stats = await f.stop();
      rounds.push({ kind, idle, under, stats });
      progress(
        `flood (${kind}) round ${round_ + 1}: health p99 idle ${round(idle.p99)} ms, under flood ${round(under.p99)} ms; ${stats.sent} requests, answers ${JSON.stringify(stats.tally)}`,
      );
      await sleep(1000);
    }
  }
  const summary = (kind) => {
    const rs = rounds.filter((r) => r.kind === kind);
    const tally = {};
    for (const r of rs) for (const [k, n] of Object.entries(r.stats.tally)) tally[k] = (tally[k] ?? 0) + n;
    const secs = rs.reduce((n, r) => n + r.stats.seconds, 0);
    return {
      rs,
      idle: median(rs.map((r) => r.idle.p99)),
      under: median(rs.map((r) => r.under.p99)),
      idle50: median(rs.map((r) => r.idle.p50)),
      under50: median(rs.map((r) => r.under.p50)),
      tally,
      rate: rs.reduce((n, r) => n + r.stats.sent, 0) / Math.max(secs, 0.001),
    };
  };
  const control = summary('none');
  for (const kind of ['known', 'unknown']) {
    const x = summary(kind);
    // "~2x idle"; an idle p99 of a few ms doubles from scheduler jitter alone on a loaded 2-core machine
    // whose cores the flood shares, so never less than idle + 25 ms (the defect was seconds).
    const limit = Math.max(2 * x.idle, x.idle + 25);
    const accepted = Object.keys(x.tally).some((k) => /^2/.test(k));
    const who = kind === 'known' ? `Basic ${DEVICE}:wrong` : 'Basic <unknown id>:wrong (a new id each request)';
    // The finding is the password checks stalling the station: a flood of wrong passwords may cost
    // what the same flood without credentials (the control) costs, not more.
    const over = x.under > limit;
    const worseThanControl = x.under > Math.max(2 * control.under, control.under + 25);
    report(
      accepted || (over && worseThanControl) ? 'ACCEPTED' : 'REFUSED',
      5,
      `flood-${kind}-id`,
      `${CLIENTS} clients${multiAddress ? ' (each its own 127.x address)' : ''} in another process × ${who} on GET ${path('<id>')}: /api/health p99 ${round(x.under)} ms under flood vs ${round(x.idle)} ms idle (limit ${round(limit)}; medians of ${x.rs.length} rounds), p50 ${round(x.under50)} vs ${round(x.idle50)} ms; ${round(x.rate, 0)} requests/s answered ${JSON.stringify(x.tally)}. Control, the same flood with no credentials: p99 ${round(control.under)} ms vs ${round(control.idle)} ms idle, ${round(control.rate, 0)} requests/s ${JSON.stringify(control.tally)}${over && !worseThanControl ? '. Above ~2x idle, but no worse than the control: what costs is the request rate, not the password checks' : ''}`,
    );
  }
  healthAgent.destroy();
  if (opt.log) {
    const grown = logSize() - logFrom;
    const lines = logLines(logFrom, /request refused|login refused/, 1e9).length;
    const sent = rounds.reduce((n, r) => n + r.stats.sent, 0);
    const secs = rounds.reduce((n, r) => n + r.stats.seconds, 0);
    report(
      lines >= 0.5 * sent ? 'ACCEPTED' : 'REFUSED',
      5,
      'refusal-log-volume',
      `(not in the issue) the floods sent ${sent} requests in ${round(secs)} s; the station log grew by ${round(grown / 2 ** 20)} MB with ${lines} "request refused"/"login refused" lines (${round(lines / Math.max(sent, 1), 2)} per request, ${round((grown / 2 ** 20 / Math.max(secs, 1)) * 60)} MB a minute): an unauthenticated client writes the station's log at will${logNote(logFrom, /request refused/, 1)}`,
    );
  }
  if (session) {
    const d = await deviceView(session, DEVICE);
    report(
      d?.online ? 'REFUSED' : 'ACCEPTED',
      5,
      'recorder-unaffected',
      `${DEVICE} after the floods: online ${d?.online}, state ${d?.state}, live ${d?.live}`,
    );
  }
}

/** Finding 6: memory and sockets before login (MQTT) and before a publish (RTMP). */
async function finding6() {
  if (pid === null) progress('gateway process not found (--pid): memory is not measured, only socket closing');
  const LIMIT_MB = 20;

  /** Runs sockets against a port while sampling RSS; each socket gets `feed(info, i)`. */
  const attack = async ({ port, sockets, feed, waitCloseMs }) => {
    const before = pid === null ? null : await steadyRss(pid);
    let peak = before ?? 0;
    let peakVsz = pid === null ? 0 : (mem(pid)?.vsz ?? 0);
    const vszBefore = peakVsz;
    const sampler = setInterval(() => {
      const m = pid === null ? null : mem(pid);
      if (m) {
        peak = Math.max(peak, m.rss);
        peakVsz = Math.max(peakVsz, m.vsz);
      }
    }, 50);
    const socks = await Promise.all(
      Array.from({ length: sockets }, async (_, i) => {
        const info = await openSocket(port);
        const sent = await feed(info, i, () => peak - (before ?? peak));
        const closedMs = await Promise.race([info.closed, sleep(waitCloseMs).then(() => null)]);
        info.s.destroy();
        return { sent, closedMs: closedMs === null ? null : round(closedMs, 0), received: info.received };
      }),
    );
    clearInterval(sampler);
    const after = pid === null ? null : await steadyRss(pid);
    return { before, peak: pid === null ? null : peak, after, socks, vszGrowth: peakVsz - vszBefore };
  };
  const memText = (r) =>
    r.before === null
      ? 'RSS not measured (no --pid)'
      : `gateway RSS ${round(r.before)} → peak ${round(r.peak)} → ${round(r.after)} MB (+${round(r.peak - r.before)} MB; VmSize +${round(r.vszGrowth)} MB)`;
  const grew = (r) => r.before !== null && r.peak - r.before > LIMIT_MB;

  // 6a: MQTT CONNECT announcing 256 MB, then 50 MB streamed, on 3 sockets (plus a silent socket).
  const silent = openSocket(MQTT_PORT).then(async (info) => ({
    closedMs: await Promise.race([info.closed, sleep(40_000).then(() => null)]),
    info,
  }));
  {
    progress('MQTT: 3 sockets, CONNECT header announcing 256 MB, then 50 MB each');
    const fill = Buffer.alloc(64 * 1024, 0x41);
    const r = await attack({
      port: MQTT_PORT,
      sockets: 3,
      waitCloseMs: 20_000,
      feed: async (info) => {
        info.s.write(Buffer.concat([Buffer.from([0x10]), varint(2 ** 28 - 1)]));
        return streamUntilClosed(info.s, 50 * 2 ** 20, () => fill, { stallMs: 15_000 });
      },
    });
    const closed = r.socks.every((s) => s.closedMs !== null);
    report(
      grew(r) || !closed ? 'ACCEPTED' : 'REFUSED',
      6,
      'mqtt-connect-256MB',
      `${memText(r)}; sockets ${closed ? 'closed' : 'NOT all closed'} after ${r.socks.map((s) => s.closedMs ?? '>20000').join(', ')} ms, having taken ${r.socks.map((s) => round(s.sent / 2 ** 20)).join(', ')} MB`,
    );
  }
  // 6b: a first packet that is not a CONNECT (a PUBLISH of a stop command).
  {
    const before = await deviceView(session, DEVICE);
    const info = await openSocket(MQTT_PORT);
    const body = Buffer.concat([
      mqttStr(`liuhen/devices/${DEVICE}/set`),
      Buffer.from(JSON.stringify({ v: 1, commandId: 'p', action: 'stop', ts: new Date().toISOString() })),
    ]);
    info.s.write(Buffer.concat([Buffer.from([0x30]), varint(body.length), body]));
    const closedMs = await Promise.race([info.closed, sleep(20_000).then(() => null)]);
    info.s.destroy();
    await sleep(2000);
    const after = await deviceView(session, DEVICE);
    const effect =
      before && after && before.state !== after.state ? `; ${DEVICE} state ${before.state} → ${after.state}` : '';
    report(
      closedMs === null || effect ? 'ACCEPTED' : 'REFUSED',
      6,
      'mqtt-publish-before-connect',
      `raw PUBLISH liuhen/devices/${DEVICE}/set as the first packet: ${closedMs === null ? 'socket still open after 20 s' : `socket closed after ${round(closedMs, 0)} ms`}, ${info.received} bytes answered${effect || (after ? `; ${DEVICE} still ${after.state}` : '')}`,
    );
  }
  {
    const s = await silent;
    report(
      s.closedMs === null ? 'ACCEPTED' : 'REFUSED',
      6,
      'mqtt-silent-socket',
      s.closedMs === null
        ? 'a connection that sends nothing is still open after 40 s'
        : `a connection that sends nothing was closed after ${round(s.closedMs / 1000)} s`,
    );
  }

  // 6c: RTMP, before any publish: handshake garbage (deterministic pseudo-random bytes).
  // Bounded: a socket stops sending once the gateway grew by 400 MB.
  const STOP_MB = 400;
  {
    progress('RTMP: 3 sockets × 2 MB of pseudo-random bytes (no handshake), waiting for the publish deadline');
    const r = await attack({
      port: RTMP_PORT,
      sockets: 3,
      waitCloseMs: 40_000,
      feed: async (info, i, growth) => {
        const data = garbage(0x9e3779b9 + i, 2 * 2 ** 20);
        return streamUntilClosed(info.s, data.length, (k) => data.subarray(k * 16384, (k + 1) * 16384), {
          stop: () => growth() > STOP_MB,
        });
      },
    });
    const closed = r.socks.every((s) => s.closedMs !== null);
    report(
      grew(r) || !closed ? 'ACCEPTED' : 'REFUSED',
      6,
      'rtmp-garbage-before-publish',
      `${memText(r)} from ${round(r.socks.reduce((n, s) => n + s.sent, 0) / 2 ** 20)} MB sent; sockets ${closed ? 'closed' : 'NOT all closed'} after ${r.socks.map((s) => s.closedMs ?? '>40000').join(', ')} ms; the station answered ${r.socks.map((s) => s.received).join(', ')} bytes (a valid C0 is 0x03, the first byte here 0x${garbage(0x9e3779b9, 4)[0].toString(16)})`,
    );
  }
  // 6d: RTMP, a proper handshake, then one 16 MB message announced and sent before any publish.
  {
    progress('RTMP: 3 sockets, handshake + a 16 MB message before any publish');
    const r = await attack({
      port: RTMP_PORT,
      sockets: 3,
      waitCloseMs: 40_000,
      feed: async (info, i, growth) => {
        const s = info.s;
        s.write(Buffer.concat([Buffer.from([3]), garbage(7 + i, 1536)])); // C0 + C1
        for (let t = 0; t < 200 && info.received < 1 + 1536 * 2 && !s.destroyed; t++) await sleep(50);
        if (s.destroyed || info.received < 1 + 1536 * 2) return 0;
        s.write(garbage(11 + i, 1536)); // C2
        // Set Chunk Size (type 1) to 2^31-1 on chunk stream 2, then a 16 MB AMF0 command (type 20) on stream 3.
        const scs = Buffer.alloc(16);
        scs[0] = 0x02;
        scs.writeUIntBE(4, 4, 3);
        scs[7] = 1;
        scs.writeUInt32BE(0x7fffffff, 12);
        const len = 0xfffff0;
        const hdr = Buffer.alloc(12);
        hdr[0] = 0x03;
        hdr.writeUIntBE(len, 4, 3);
        hdr[7] = 20;
        s.write(Buffer.concat([scs, hdr]));
        const fill = Buffer.alloc(64 * 1024, 0x05);
        return 1537 + 1536 + 28 + (await streamUntilClosed(s, len, () => fill, { stop: () => growth() > STOP_MB }));
      },
    });
    const closed = r.socks.every((s) => s.closedMs !== null);
    report(
      grew(r) || !closed ? 'ACCEPTED' : 'REFUSED',
      6,
      'rtmp-16MB-message-before-publish',
      `${memText(r)}; sent ${r.socks.map((s) => round(s.sent / 2 ** 20)).join(', ')} MB; sockets ${closed ? 'closed' : 'NOT all closed'} after ${r.socks.map((s) => s.closedMs ?? '>40000').join(', ')} ms`,
    );
  }
  const h = await health();
  const d = await deviceView(session, DEVICE);
  report(
    h && (!session || d?.live) ? 'REFUSED' : 'ACCEPTED',
    6,
    'station-survives',
    `after finding 6: /api/health ${h ? `ok, ${h.rtmp.liveStreams} live streams, ${h.mqtt.clients} MQTT clients` : 'DOES NOT ANSWER'}${session ? `; ${DEVICE} live ${d?.live}` : ''}${pid !== null ? `; gateway RSS now ${round(mem(pid)?.rss)} MB` : ''}`,
  );
}

/** Finding 7: revocation (opt-in: needs an equipment manager, leaves a retired recorder). */
async function finding7() {
  if (!opt['desk-login']) {
    report('SKIPPED', 7, 'revocation', 'no --desk-login (an equipment manager) given');
    return;
  }
  const desk = await signIn(opt['desk-login']);
  if (!desk) {
    report('SKIPPED', 7, 'revocation', 'the --desk-login account could not sign in');
    return;
  }
  const id = `probe-rev-${RUN_ID}`.slice(0, 40);
  const add = await asUser(desk, 'POST', '/api/devices', { id, profile: 'sim', serial: `PROBE-${RUN_ID}` });
  const code = add.status === 201 ? await asUser(desk, 'POST', `/api/devices/${id}/enrollment`) : add;
  if (code.status !== 201) {
    report('SKIPPED', 7, 'revocation', `could not add and enroll ${id}: ${code.status} ${clip(code.text)}`);
    return;
  }
  const redeem = await request('POST', '/api/enroll', {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      code: code.json.code,
      publicKeyPem: await ed25519PublicPem(),
      profile: 'sim',
      firmwareVersion: 'probe',
    }),
  });
  if (redeem.status !== 200) {
    report('SKIPPED', 7, 'revocation', `redeeming the code failed: ${redeem.status} ${clip(redeem.text)}`);
    return;
  }
  const { username, password } = redeem.json.mqtt;
  const up = `/api/devices/${id}/uploads/${id}_000001.mp4`;
  const ok = await request('GET', up, { headers: { authorization: basic(username, password) } });
  // A live MQTT connection with the credentials (a raw socket: CONNECT, then wait for CONNACK).
  const mq = await openSocket(MQTT_PORT);
  let connack = null;
  mq.s.on('data', (d) => {
    if (connack === null && d[0] === 0x20) connack = d[3];
  });
  const body = Buffer.concat([
    mqttStr('MQTT'),
    Buffer.from([4, 0xc2, 0, 60]),
    mqttStr(`probe-rev-${RUN_ID}`),
    mqttStr(username),
    mqttStr(password),
  ]);
  mq.s.write(Buffer.concat([Buffer.from([0x10]), varint(body.length), body]));
  for (let i = 0; i < 300 && connack === null && mq.closedAt === null; i++) await sleep(100);
  const connected = connack === 0 && mq.closedAt === null;
  if (ok.status !== 200 || !connected) {
    report(
      'SKIPPED',
      7,
      'revocation',
      `the fresh credentials did not work before retiring (HTTP ${ok.status}, MQTT CONNACK ${connack})`,
    );
    mq.s.destroy();
    return;
  }
  const t0 = now();
  const retire = await asUser(desk, 'POST', `/api/devices/${id}/status`, {
    status: 'retired',
    reason: 'security probe: revocation check',
  });
  const answeredMs = now() - t0;
  if (retire.status !== 200) {
    report('SKIPPED', 7, 'revocation', `retiring ${id} failed: ${retire.status} ${clip(retire.text)}`);
    mq.s.destroy();
    return;
  }
  const httpAfter = await request('GET', up, { headers: { authorization: basic(username, password) } });
  const droppedMs = await Promise.race([mq.closed.then(() => mq.closedAt - t0), sleep(15_000).then(() => null)]);
  const sub = droppedMs !== null;
  mq.s.destroy();
  const relogin = await mqttPub({ topic: `liuhen/devices/${id}/state`, message: '{}', user: username, pass: password });
  const evRetire = `retired (${retire.status}) in ${round(answeredMs)} ms`;
  report(
    [401, 429].includes(httpAfter.status) ? 'REFUSED' : 'ACCEPTED',
    7,
    'http-after-retire',
    `${id} ${evRetire}; HTTP Basic with its old credentials: ${ok.status} before, ${httpAfter.status} ${httpAfter.json?.code ?? ''} after`,
  );
  report(
    sub ? 'REFUSED' : 'ACCEPTED',
    7,
    'mqtt-dropped',
    sub
      ? `the old MQTT connection was dropped, seen ${round(droppedMs)} ms after the retire request was sent`
      : 'the old MQTT connection is still open 15 s after retiring',
  );
  report(
    relogin.connack !== 0 ? 'REFUSED' : 'ACCEPTED',
    7,
    'mqtt-login-after-retire',
    `mosquitto_pub with the old credentials: ${relogin.connack === null ? 'connection closed' : `CONNACK ${relogin.connack} (${connackName(relogin.connack)})`}`,
  );
}

/** Findings 8-10: 8 and 9 are covered by the gateway's tests; 10: the station key is served. */
async function finding8to10() {
  report('SKIPPED', 8, 'scope', 'covered by gateway/test/access.test.ts (not probed)');
  report('SKIPPED', 9, 'chain-replace', 'covered by the gateway offload tests (not probed)');
  const r = await request('GET', '/api/station/key');
  if (r.status !== 200 || !r.json?.publicKeyPem) {
    report('ACCEPTED', 10, 'station-key', `GET /api/station/key → ${r.status} ${clip(r.text)}: no station key served`);
    return;
  }
  let fp;
  if (await have('openssl')) {
    const der = await run('sh', ['-c', 'openssl pkey -pubin -outform DER | openssl dgst -sha256 -r'], {
      input: r.json.publicKeyPem,
      timeoutMs: 20_000,
    });
    fp = /^([0-9a-f]{64})/.exec(der.stdout)?.[1];
  }
  fp ??= createHash('sha256')
    .update(createPublicKey(r.json.publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
  report(
    fp === r.json.fingerprint ? 'REFUSED' : 'ACCEPTED',
    10,
    'station-key',
    `GET /api/station/key → ${r.json.algorithm} key, fingerprint ${r.json.fingerprint}; SHA-256 of its DER (openssl) ${fp === r.json.fingerprint ? 'matches' : `is ${fp}: MISMATCH`}`,
  );
}

/** Finding 3, after 1 and 4: whatever was open on the running station was announced at its start. */
function finding3Posture() {
  if (!startWarnings) return;
  const open = results.filter(
    (r) =>
      r.verdict === 'ACCEPTED' &&
      ((r.finding === 1 && /^anon-/.test(r.check)) || (r.finding === 4 && /publish/.test(r.check))),
  );
  const { insecure, all } = startWarnings;
  if (open.length && !insecure.length)
    report(
      'ACCEPTED',
      3,
      'start-log-insecure',
      `the station runs open (${open.map((r) => `${r.finding} ${r.check}`).join(', ')}) and its start log has no INSECURE LAB warning`,
    );
  else
    report(
      'REFUSED',
      3,
      'start-log-insecure',
      insecure.length
        ? `lab station, warned at start: ${insecure.map((m) => clip(m, 100)).join(' | ')}`
        : `nothing open was found by findings 1 and 4, and no INSECURE LAB line; start warnings: ${all.map((m) => clip(m, 60)).join(' | ') || 'none'}`,
    );
}

// ------------------------------------------------------------------------------------ flood worker

/** Starts the flood in a child process (so its load does not delay this process's timing). */
function startFlood(config) {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawn(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--http',
        config.base,
        '--mqtt',
        '0',
        '--rtmp',
        '0',
        '--flood-worker',
        JSON.stringify(config),
      ],
      {
        detached: true,
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    children.add(child);
    let out = '';
    let started = false;
    child.stdout.on('data', (d) => {
      out += d;
      if (!started && out.includes('@@FLOOD-STARTED')) {
        started = true;
        resolveStart({
          stop: () =>
            new Promise((resolveStop) => {
              const t = setTimeout(() => killTree(child, 'SIGKILL'), 60_000);
              child.on('close', () => {
                clearTimeout(t);
                children.delete(child);
                const m = /@@FLOOD-STATS (.*)/.exec(out);
                resolveStop(m ? JSON.parse(m[1]) : { tally: { 'no stats': 1 }, sent: 0, seconds: 0 });
              });
              child.stdin.end('stop\n');
            }),
        });
      }
    });
    child.on('error', rejectStart);
    child.on('close', (code) => {
      if (!started) rejectStart(new Error(`flood worker exited ${code} before starting`));
    });
  });
}

/** The flood itself: `clients` closed loops of requests on keep-alive connections, until stdin says stop. */
async function floodWorker({ base, kind, clients, device, runId, multi }) {
  const url = new URL(base);
  const lib = url.protocol === 'https:' ? https : http;
  const tally = {};
  let stop = false;
  let sent = 0;
  const t0 = now();
  const one = (id, agent, localAddress) =>
    new Promise((r) => {
      const headers = kind === 'none' ? {} : { authorization: basic(id, 'wrong') };
      const req = lib.request(
        new URL(`/api/devices/${id}/uploads/${id}_000001.mp4`, url),
        { headers, agent, localAddress, rejectUnauthorized: false, timeout: 60_000 },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => {
            let code = '';
            try {
              code = JSON.parse(body).code ?? '';
            } catch {
              /* not JSON */
            }
            r(`${res.statusCode}${code ? ` ${code}` : ''}`);
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => r(`error ${e.code ?? e.message}`));
      req.end();
    });
  const loops = Array.from({ length: clients }, async (_, c) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const localAddress = multi ? `127.${kind === 'known' ? 57 : kind === 'unknown' ? 58 : 59}.0.${c + 1}` : undefined;
    for (let n = 0; !stop; n++) {
      const id = kind === 'unknown' ? `nx-${runId}-${c}-${n}` : device;
      const key = await one(id, agent, localAddress);
      sent++;
      tally[key] = (tally[key] ?? 0) + 1;
      if (key.startsWith('error')) await sleep(200);
    }
    agent.destroy();
  });
  process.stdout.write('@@FLOOD-STARTED\n');
  let input = '';
  process.stdin.on('data', (d) => {
    input += d;
    if (input.includes('stop')) stop = true;
  });
  process.stdin.on('end', () => (stop = true));
  await new Promise((r) => {
    const t = setInterval(() => stop && (clearInterval(t), r()), 50);
  });
  const seconds = (now() - t0) / 1000;
  await Promise.all(loops);
  process.stdout.write(`@@FLOOD-STATS ${JSON.stringify({ tally, sent, seconds })}\n`);
  process.exit(0);
}

// =================================================================================== main

const wanted = (n) => !ONLY || ONLY.has(String(n));

async function main() {
  const missing = [];
  for (const c of ['mosquitto_pub', 'mosquitto_sub', 'curl', 'ffmpeg', 'openssl'])
    if (!(await have(c))) missing.push(c);
  if (missing.length) progress(`missing tools: ${missing.join(', ')} (their checks are skipped)`);
  const h = await health();
  if (!h) {
    console.error(`no station answers GET ${new URL('/api/health', BASE)}`);
    process.exit(2);
  }
  multiAddress = await detectMultiAddress();
  pid = await gatewayPid();
  progress(
    `station ${BASE.origin}: MQTT ${MQTT_PORT}, RTMP ${RTMP_PORT}, ${h.devices.known} devices, ${h.rtmp.liveStreams} live; gateway pid ${pid ?? 'unknown'}; source addresses ${multiAddress ? 'one per simulated host (127.x)' : 'this host only'}`,
  );
  session = await signIn(opt.login);

  const steps = [
    [3, finding3],
    [1, finding1],
    [2, finding2],
    [4, finding4],
    [5, finding5],
    [7, finding7],
    [10, finding8to10],
    [6, finding6], // last: the RTMP checks leave the gateway's memory high
  ];
  for (const [n, fn] of steps) {
    if (!wanted(n) && !(n === 10 && (wanted(8) || wanted(9)))) continue;
    progress(`finding ${n}`);
    try {
      if ([1, 2].includes(n) && !(await have(n === 1 ? 'mosquitto_pub' : 'curl'))) {
        report('SKIPPED', n, 'all', 'client not installed');
        continue;
      }
      await fn();
    } catch (err) {
      report('SKIPPED', n, 'probe-error', `the probe failed: ${clip(err.stack ?? err, 300)}`);
    }
  }
  if (wanted(3)) finding3Posture();
  const count = (v) => results.filter((r) => r.verdict === v).length;
  progress(`done: ${count('REFUSED')} refused, ${count('ACCEPTED')} accepted, ${count('SKIPPED')} skipped`);
  cleanup();
  process.exit(count('ACCEPTED') > 0 ? 1 : 0);
}

if (opt['flood-worker']) await floodWorker(JSON.parse(opt['flood-worker']));
else await main();
