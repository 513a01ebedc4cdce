// Helpers shared by the benchmark scripts (spine.mjs, recorder.mjs): clocks, /proc
// sampling, cleanup of the processes and temp dirs a run leaves behind, child node
// processes (gateway-proc.mjs and the agents), statistics and machine info.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = dirname(here);
const GATEWAY_PROC = join(here, 'gateway-proc.mjs');

/** Kernel clock ticks per second: the unit of utime/stime in /proc/<pid>/stat and of /proc/stat. */
export const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Wall-clock milliseconds with sub-ms resolution: the same clock as the page's performance.timeOrigin + now(). */
export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (msg) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------- /proc

/** One process's /proc/<pid>/stat: name, state, parent and CPU ticks used (user + system); null once gone. */
export function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = s.lastIndexOf(')');
    const comm = s.slice(s.indexOf('(') + 1, close);
    const f = s.slice(close + 2).split(' ');
    // f[0] is field 3 (state); utime/stime are fields 14/15.
    return { pid, comm, state: f[0], ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

function allStats() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = procStat(Number(name));
    if (st) out.push(st);
  }
  return out;
}

/** Busy ticks of the whole machine (all cores): user+nice+system+irq+softirq+steal. */
export function machineTicks() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return f[0] + f[1] + f[2] + f[5] + f[6] + (f[7] ?? 0);
}

/** Live (not zombie) children of a pid, optionally only those named `comm` (e.g. the ffmpegs below a gateway). */
export function childrenOf(pid, comm) {
  return allStats().filter((s) => s.ppid === pid && (!comm || s.comm === comm) && s.state !== 'Z');
}

function descendantsOf(pid) {
  const stats = allStats();
  const out = [];
  const walk = (p) => {
    for (const s of stats) {
      if (s.ppid === p) {
        out.push(s.pid);
        walk(s.pid);
      }
    }
  };
  walk(pid);
  return out;
}

/**
 * VmRSS, PSS (shared pages split between sharers) and USS (private pages only) in kB. A figure that
 * cannot be read (the process is gone) is `missing`: spine.mjs sums them (0), recorder.mjs skips them (null).
 */
export function memKb(pid, missing = 0) {
  let rss = missing;
  let pss = missing;
  let uss = missing;
  try {
    rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    /* gone */
  }
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    pss = field('Pss');
    uss = field('Private_Clean') + field('Private_Dirty');
  } catch {
    /* gone or not supported */
  }
  return { rss, pss, uss };
}

// ---------------------------------------------------------------- cleanup

const tempDirs = new Set();
const children = new Set(); // ChildProcess objects we spawned
const extraPids = new Set(); // pids outside our process tree that are ours to kill (a gateway's recorder ffmpegs)

function killQuietly(pid, signal = 'SIGKILL') {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/** Synchronous last-resort cleanup (installCleanup, runMain): every process below us (only ours), then temp dirs. */
function cleanupSync() {
  const pids = new Set([...descendantsOf(process.pid), ...extraPids]);
  for (const c of children) if (c.pid && c.exitCode === null && c.signalCode === null) pids.add(c.pid);
  for (const pid of pids) killQuietly(pid);
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** Runs cleanupSync on exit, and turns SIGINT/SIGTERM/SIGHUP into an exit, so an interrupted run leaves nothing. */
export function installCleanup() {
  process.on('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\n${sig}: cleaning up`);
      process.exit(130);
    });
  }
}

/** A fresh directory under the OS temp dir, removed by cleanupSync if the run does not remove it first. */
export function tempDir(prefix) {
  return keepTempDir(mkdtempSync(join(os.tmpdir(), prefix)));
}

/** Registers a directory made elsewhere (e.g. on /dev/shm) for cleanupSync. */
export function keepTempDir(d) {
  tempDirs.add(d);
  return d;
}

export function removeDir(d) {
  rmSync(d, { recursive: true, force: true });
  tempDirs.delete(d);
}

/** Registers a spawned ChildProcess so cleanupSync kills it if it is still running. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

/** Sends `signal`, then SIGKILL if the child has not exited within timeoutMs. */
export async function stopChild(child, signal = 'SIGTERM', timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  if (!(await exited(child, timeoutMs))) {
    child.kill('SIGKILL');
    await exited(child, 2000);
  }
}

/** Runs a script's main(): reports a failure as exit code 1, always cleans up (`before` first), then exits. */
export async function runMain(main, before = async () => undefined) {
  try {
    await main();
  } catch (err) {
    console.error(`bench failed: ${err.stack ?? err}`);
    process.exitCode = 1;
  } finally {
    await before();
    cleanupSync();
  }
  process.exit();
}

// ---------------------------------------------------------------- child node processes

/**
 * Starts `node <script> ...args` (cwd: the repo root); resolves with the text after LIUHEN_BENCH_READY on its
 * stdout. Other stdout lines go to onLine, and to noteWarning when onLine does not take them; stderr lines go
 * to noteWarning (and are echoed to our stderr first with echoStderr).
 */
export async function startNodeChild(who, script, args, { onLine = () => false, noteWarning, echoStderr = false }) {
  const child = track(spawn(process.execPath, [script, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] }));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (line.trim() && !/^\(Use `node --trace-warnings/.test(line)) {
      noteWarning(who, line);
      if (echoStderr) process.stderr.write(`  ${who}: ${line}\n`);
    }
  });
  const ready = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^LIUHEN_BENCH_READY ?(.*)$/.exec(line);
      if (m) resolve(m[1]);
      else if (!onLine(line)) noteWarning(who, line);
    });
    child.once('exit', (code, sig) => reject(new Error(`${who} process exited early (${sig ?? code})`)));
    setTimeout(() => reject(new Error(`${who} process did not start within 30 s`)), 30_000).unref();
  });
  return { child, ready };
}

/** onLine for startNodeChild on an agent process: collects its `LIUHEN_AGENT <message>` lines into agentLog. */
export function agentLogLines(agentLog) {
  return (line) => {
    const m = /^LIUHEN_AGENT (.*)$/.exec(line);
    if (m) agentLog.push({ t: Date.now(), m: m[1] });
    return Boolean(m);
  };
}

/**
 * A gateway alone in its own process (bench/gateway-proc.mjs), so its CPU and memory can be read from /proc,
 * with its data in dataDir (made if need be).
 */
export async function startGatewayProc(dataDir, childOptions, overrides) {
  mkdirSync(dataDir, { recursive: true });
  const args = [dataDir, 'warn', ...(overrides ? [JSON.stringify(overrides)] : [])];
  const { child, ready } = await startNodeChild('gateway', GATEWAY_PROC, args, childOptions);
  const ports = JSON.parse(ready);
  tokens.set(ports.url, ports.token);
  return { child, pid: child.pid, ports, url: ports.url, dataDir, token: ports.token, user: ports.user };
}

/** Admin API tokens of the gateways this process started, by base URL. */
const tokens = new Map();

/** fetch() with the admin token of the gateway the URL points at (the API needs a signed-in caller). */
export function apiFetch(url, init = {}) {
  const token = [...tokens].find(([base]) => url.startsWith(base))?.[1];
  return fetch(url, token ? { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } } : init);
}

/** Signs the page in to the gateway's dashboard with the bench's supervisor account. */
export async function signInPage(page, gw) {
  await page.goto(`${gw.url}/`);
  await page.getByTestId('login-username').fill(gw.user.username);
  await page.getByTestId('login-password').fill(gw.user.password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor({ timeout: 15_000 });
}

export async function stopGatewayProc(gw) {
  // Its station recorder ffmpegs are in their own process group and outlive a SIGKILL of the gateway:
  // remember them (for cleanupSync too) and make sure they end.
  const recs = childrenOf(gw.pid, 'ffmpeg').map((s) => s.pid);
  for (const p of recs) extraPids.add(p);
  gw.child.stdin.end();
  await stopChild(gw.child, 'SIGTERM', 10_000);
  const deadline = Date.now() + 5000;
  while (recs.some((p) => procStat(p) && procStat(p).state !== 'Z') && Date.now() < deadline) await sleep(100);
  for (const p of recs) {
    if (procStat(p)) killQuietly(p);
    extraPids.delete(p);
  }
}

/** Keeps pids (a gateway's recorder ffmpegs seen during a run) for cleanupSync until stopGatewayProc. */
export function keepPids(pids) {
  for (const p of pids) extraPids.add(p);
}

export async function getJson(url) {
  const res = await apiFetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/** Whether the gateway at url lists deviceId, in that state (for waitFor). */
export async function deviceInState(url, deviceId, state) {
  const r = await apiFetch(`${url}/api/devices/${deviceId}`);
  return r.ok && (await r.json()).state === state;
}

/** Polls fn every pollMs until it returns something truthy (which it resolves with), or throws after timeoutMs. */
export async function waitFor(fn, timeoutMs, what, pollMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}

// ---------------------------------------------------------------- statistics and the machine

/** Deterministic pseudo-random numbers in [0, 1) (an LCG), so every run builds the same population. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** x to d decimals; null, undefined and NaN give null (JSON has no NaN). */
export const round = (x, d = 1) =>
  x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** d) / 10 ** d;

/** Nearest-rank percentile (p99 of 50 samples is the largest sample); null for no samples. */
export function percentile(xs, p) {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Throws unless `npx tsc -b` has built each of these workspace packages (the benchmarks import their dist). */
export function requireBuilt(pkgs) {
  for (const pkg of pkgs) {
    if (!existsSync(join(root, pkg, 'dist', 'index.js')))
      throw new Error(`${pkg}/dist missing: run "npx tsc -b" first`);
  }
}

/** What the figures were measured on, for the results file. */
export function machineInfo(ffmpegPath) {
  const cpu = os.cpus();
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    totalMemoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    ffmpeg: spawnSync(ffmpegPath, ['-version'], { encoding: 'utf8' }).stdout.split('\n')[0],
  };
}

/**
 * Reads a text/event-stream body as EventSource does: onEvent(event, data, t) for every event with data,
 * t = clock() when its chunk was read. Returns when the stream ends; an abort ends it quietly.
 */
export async function readSse(body, clock, onEvent) {
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for await (const chunk of body) {
      const t = clock();
      buf += decoder.decode(chunk, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) onEvent(event, data, t);
      }
    }
  } catch (err) {
    if (err.name !== 'AbortError') throw err;
  }
}

/**
 * The warnings and errors children print, counted once per distinct text (pino lines by message),
 * for the results file: { list, note(who, line) }. `echo` also prints each first occurrence.
 */
export function warningTally({ echo = false } = {}) {
  const list = [];
  return {
    list,
    note(who, line) {
      let text = line;
      try {
        const j = JSON.parse(line);
        text = `${j.msg ?? ''} ${j.reason ?? j.err?.message ?? j.err ?? j.stderr ?? ''}`.trim();
      } catch {
        /* not a pino line */
      }
      const key = `${who}: ${String(text)
        .replace(/\(node:\d+\)/, '(node)')
        .slice(0, 300)}`;
      const seen = list.find((w) => w.text === key);
      if (seen) seen.count += 1;
      else {
        list.push({ text: key, count: 1 });
        if (echo) process.stderr.write(`  ${who}: ${line.slice(0, 500)}\n`);
      }
    },
  };
}
