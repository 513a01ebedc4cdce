/** Shared setup for integration tests: a real gateway on ephemeral loopback ports. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { PROTOCOL_VERSION, topics, type StatePayload } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import type { Role } from '../src/auth/roles.js';
import { createLogger, loadConfig, startGateway, type Gateway } from '../src/index.js';
import { openSqlite } from '../src/db/database.js';

export interface TestGateway extends Gateway {
  dataDir: string;
  /** An admin API token created for the test. */
  token: string;
  /** fetch() of a path on the gateway, as the test's admin (Authorization: Bearer). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** An API token with another role, for tests of what a role may do. */
  tokenFor(role: Role, scope?: { officerId?: string | null; unitId?: string | null }): Promise<string>;
  mqttUrl: string;
  rtmpUrl: string;
  cleanup(): Promise<void>;
}

/**
 * Most tests drive recorders and MQTT watchers that are not enrolled, so by default the test
 * station is an explicit lab (anonymous MQTT, unsigned RTMP, unenrolled uploads on, as
 * `lab.allowInsecure` allows). `{ secure: true }` gives the product's defaults: everything
 * enrolled, nothing anonymous (the security tests and the demo use those).
 */
export const LAB_OVERRIDES = {
  lab: { allowInsecure: true },
  mqtt: { allowAnonymous: true },
  rtmp: { allowUnsigned: true },
  auth: { allowUnenrolledUploads: true },
  devices: { allowSimCommands: true },
} as const;

export async function startTestGateway(
  overrides: Parameters<typeof loadConfig>[0]['overrides'] & {
    secure?: boolean;
    /** The station's clock for publication deadlines (startGateway's `now`): a test moves it. */
    now?: () => Date;
  } = {},
): Promise<TestGateway> {
  const { secure, now, ...given } = overrides;
  const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-gw-'));
  const base = secure ? {} : LAB_OVERRIDES;
  const merged: Record<string, object> = { ...base };
  for (const [section, value] of Object.entries(given)) {
    merged[section] = { ...((base as Record<string, object>)[section] ?? {}), ...(value as object) };
  }
  overrides = merged as Parameters<typeof loadConfig>[0]['overrides'];
  const config = loadConfig({
    env: {},
    overrides: {
      ...overrides,
      mqtt: { host: '127.0.0.1', port: 0, ...overrides.mqtt },
      rtmp: { host: '127.0.0.1', port: 0, ...overrides.rtmp },
      http: { host: '127.0.0.1', port: 0, ...overrides.http },
      storage: { dataDir, ...overrides.storage },
    },
  });
  const gw = await startGateway(config, {
    log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent'),
    ...(now ? { now } : {}),
  });
  const tokenFor = async (role: Role, scope: { officerId?: string | null; unitId?: string | null } = {}) =>
    (await gw.auth.createToken({ name: `test-${role}`, role, ...scope }, 'test')).token;
  const token = await tokenFor('admin');
  return Object.assign(gw, {
    dataDir,
    token,
    tokenFor,
    fetch: (path: string, init: RequestInit = {}) =>
      fetch(`${gw.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      }),
    mqttUrl: `mqtt://127.0.0.1:${gw.ports.mqtt}`,
    rtmpUrl: `rtmp://127.0.0.1:${gw.ports.rtmp}`,
    async cleanup() {
      await gw.stop();
      if (!process.env.LIUHEN_TEST_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export async function connectClient(url: string, opts: mqtt.IClientOptions = {}): Promise<MqttClient> {
  const client = mqtt.connect(url, { reconnectPeriod: 0, ...opts });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

export function statePayload(deviceId: string, patch: Partial<StatePayload> = {}): StatePayload {
  return {
    v: PROTOCOL_VERSION,
    deviceId,
    profile: 'sim',
    state: 'standby',
    recordingId: null,
    recordingSince: null,
    officerId: '33010012',
    batteryPercent: 90,
    storageFreeBytes: 1_000_000_000,
    firmwareVersion: 'test',
    ts: new Date().toISOString(),
    ...patch,
  };
}

/** Registers a device the way a recorder does: by publishing its retained state. */
export async function registerDevice(
  gw: TestGateway,
  deviceId: string,
  patch: Partial<StatePayload> = {},
): Promise<void> {
  const c = await connectClient(gw.mqttUrl);
  await c.publishAsync(topics.state(deviceId), JSON.stringify(statePayload(deviceId, patch)), { qos: 1, retain: true });
  await c.endAsync();
  await waitFor(() => gw.registry.has(deviceId), 5000, `device ${deviceId} registered`);
}

/**
 * The desk's record that `officerId` held `deviceId` over [from, to) (to null: still holds it).
 * Footage is attributed to the desk's holder, never to whom the recorder names, so tests of
 * footage in the past record the hand-out they imply. Written straight to the station's
 * database, as the desk's API only hands out from now on.
 */
export async function handOut(
  gw: TestGateway,
  deviceId: string,
  officerId: string,
  from: string,
  to: string | null = null,
): Promise<void> {
  const db = openSqlite(join(gw.dataDir, 'liuhen.sqlite'));
  try {
    const now = new Date().toISOString();
    await db
      .insertInto('assignments')
      .values({
        id: `test-${deviceId}-${officerId}-${from}`,
        device_id: deviceId,
        officer_id: officerId,
        started_at: new Date(from).toISOString(),
        ended_at: to ? new Date(to).toISOString() : null,
        created_by: 'test',
        created_at: now,
      })
      .execute();
  } finally {
    await db.destroy();
  }
}

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A camera stand-in: ffmpeg lavfi test pattern + tone, H.264/AAC, pushed by RTMP. */
export function pushTestStream(rtmpUrl: string, seconds?: number): ChildProcess {
  const args = [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=15',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=44100',
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-g',
    '15',
    '-keyint_min',
    '15',
    '-sc_threshold',
    '0',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '64k',
    ...(seconds ? ['-t', String(seconds)] : []),
    '-f',
    'flv',
    rtmpUrl,
  ];
  return spawn(resolveFfmpeg(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

let ffprobe: string | undefined;
function ffprobePath(): string {
  if (ffprobe) return ffprobe;
  if (spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0) return (ffprobe = 'ffprobe');
  const require = createRequire(import.meta.url);
  return (ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path);
}

/** Container duration and stream codecs as ffprobe reads them. */
export function probe(file: string): { duration: number; codecs: string[] } {
  const r = spawnSync(
    ffprobePath(),
    ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file],
    {
      encoding: 'utf8',
    },
  );
  if (r.status !== 0) throw new Error(`ffprobe failed on ${file}: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { format: { duration: string }; streams: { codec_name: string }[] };
  return { duration: Number(j.format.duration), codecs: j.streams.map((s) => s.codec_name) };
}
