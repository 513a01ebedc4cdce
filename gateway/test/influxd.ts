/**
 * A real InfluxDB 1.x for integration tests: Debian's `influxdb` package
 * (1.6.7), installed on first use when the tests run as root, started on
 * ephemeral loopback ports with its own temporary config and data.
 *
 * influxd runs under a tiny shell watchdog that holds a pipe from this
 * process: when the test worker dies, even by SIGKILL, the pipe closes and
 * the watchdog stops influxd, so no test run leaves a server behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  closeSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Influxd {
  /** Base URL without a database, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Stops influxd and removes its data. */
  stop(): Promise<void>;
  /** Stops influxd but keeps its ports and data, to simulate an outage. */
  kill(): Promise<void>;
  /** Starts it again after kill(), on the same ports with the same data. */
  restart(): Promise<void>;
}

const INSTALL_LOCK = join(tmpdir(), 'liuhen-influxdb-install.lock');
const STALE_LOCK_MS = 10 * 60_000;

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findInfluxd(): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin']) {
    const file = join(dir, 'influxd');
    if (isExecutable(file)) return file;
  }
  return null;
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    let output = '';
    const keep = (b: Buffer) => (output = (output + b.toString()).slice(-4000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock whose holder died (its pid is gone) or that is very old. */
function lockIsStale(): boolean {
  try {
    const pid = Number.parseInt(readFileSync(INSTALL_LOCK, 'utf8'), 10);
    if (Date.now() - statSync(INSTALL_LOCK).mtimeMs > STALE_LOCK_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * apt-get once per machine: test files run in parallel workers, so the first
 * takes a lock file and the others wait until it is released.
 */
async function installInfluxdb(): Promise<string> {
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    let fd: number;
    try {
      fd = openSync(INSTALL_LOCK, 'wx');
    } catch {
      if (lockIsStale()) rmSync(INSTALL_LOCK, { force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for another test to install influxdb`);
      else await sleep(500);
      continue;
    }
    try {
      writeFileSync(fd, String(process.pid));
      // Someone else may have finished while we waited for the lock.
      const installed = findInfluxd();
      if (installed) return installed;
      const update = await run('apt-get', ['update', '-qq']);
      const install = await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'influxdb']);
      const found = findInfluxd();
      if (!found) {
        throw new Error(
          `apt-get could not install influxdb (update exit ${update.code}, install exit ${install.code}):\n${install.output || update.output}`,
        );
      }
      return found;
    } finally {
      closeSync(fd);
      unlinkSync(INSTALL_LOCK);
    }
  }
}

async function ensureInfluxd(): Promise<string> {
  const found = findInfluxd();
  if (found) return found;
  if (process.getuid?.() !== 0) {
    throw new Error(
      'The telemetry tests need InfluxDB 1.x (influxd). Install it with: sudo apt-get install -y influxdb',
    );
  }
  return installInfluxdb();
}

/** A free loopback port: bind port 0, read it, close. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Keys as `influxd config` of Debian's 1.6.7 prints them; influxd ignores
 * keys it does not know, so a typo here fails silently: check that output
 * when editing. Debian patches usage reporting to opt-in
 * (`reporting-enabled`); `reporting-disabled` is the upstream key, kept for
 * an upstream build. The admin UI is gone since 1.3, so there is no [admin]
 * section; the input services (graphite, collectd, opentsdb, udp, ifql) are
 * off by default and switched off here so a changed default cannot open ports.
 */
function configText(dir: string, httpPort: number, rpcPort: number): string {
  return `reporting-enabled = false
reporting-disabled = true
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"
  logging-enabled = false

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  query-log-enabled = false
  trace-logging-enabled = false

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false
  write-tracing = false
  pprof-enabled = false

[logging]
  level = "error"
  suppress-logo = true

[subscriber]
  enabled = false

[ifql]
  enabled = false

[[graphite]]
  enabled = false

[[collectd]]
  enabled = false

[[opentsdb]]
  enabled = false

[[udp]]
  enabled = false

[continuous_queries]
  enabled = true
  log-enabled = false
`;
}

async function waitForPing(url: string, child: ChildProcess, stderrTail: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`influxd exited during start-up (${child.exitCode ?? child.signalCode}):\n${stderrTail()}`);
    }
    try {
      const res = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 204) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`influxd did not answer /ping within 30 s:\n${stderrTail()}`);
    await sleep(100);
  }
}

// The watchdog: starts influxd, prints its pid, and stops it when told to or
// when stdin closes (this process died); removes the data unless told "keep".
const WATCHDOG = `"$0" -config "$1" </dev/null & pid=$!
echo $pid
read -r cmd
kill $pid 2>/dev/null
wait $pid
[ "$cmd" = keep ] || rm -rf "$2"`;

export async function startInfluxd(): Promise<Influxd> {
  const binary = await ensureInfluxd();
  const dir = mkdtempSync(join(tmpdir(), 'liuhen-influxd-'));
  const port = await freePort();
  const rpcPort = await freePort();
  const configFile = join(dir, 'influxdb.conf');
  writeFileSync(configFile, configText(dir, port, rpcPort));
  const url = `http://127.0.0.1:${port}`;

  let child: ChildProcess | null = null;
  let influxPid = 0;
  let stderr = '';
  const killOnExit = () => {
    if (influxPid) {
      try {
        process.kill(influxPid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };

  async function start(): Promise<void> {
    stderr = '';
    const c = spawn('sh', ['-c', WATCHDOG, binary, configFile, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    child = c;
    c.stderr?.on('data', (b: Buffer) => (stderr = (stderr + b.toString()).slice(-4000)));
    influxPid = await new Promise<number>((resolve, reject) => {
      c.stdout?.once('data', (b: Buffer) => {
        resolve(Number.parseInt(b.toString(), 10));
        c.stdout?.resume(); // keep draining: a full pipe would stall influxd
      });
      c.once('exit', () => reject(new Error(`influxd watchdog exited:\n${stderr}`)));
    });
    process.once('exit', killOnExit);
    await waitForPing(url, c, () => stderr);
  }

  async function kill(): Promise<void> {
    const c = child;
    if (!c) return;
    child = null;
    process.off('exit', killOnExit);
    if (c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.stdin?.end('keep\n'); // the watchdog stops influxd, waits for it, keeps the data
      const timer = setTimeout(killOnExit, 10_000);
      await exited;
      clearTimeout(timer);
    }
    influxPid = 0;
  }

  try {
    await start();
  } catch (err) {
    await kill();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    url,
    port,
    kill,
    restart: start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
