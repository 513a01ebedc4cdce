/**
 * The recorder side of the devices issue, with a real MQTT broker that checks
 * the contract (a local aedes, so these tests do not depend on the rest of the
 * gateway) and the real ffmpeg sim capture: telemetry, the camera/microphone self-test,
 * the hand-out desk's set-officer, and enrollment against a stub of the
 * station's /api/enroll.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_VERSION,
  StatePayload,
  TelemetryPayload,
  getProfile,
  parsePayload,
  topics,
  type CommandPayload,
  type HardwareProfile,
} from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { loadDeviceKeys } from '@liuhen/evidence';
import { connectClient, waitFor } from '../../gateway/test/helpers.js';
import { createSelfTest } from '../src/self-test.js';
import { FlvTagReader } from '../src/capture/flv-tags.js';
import { buildEncoderArgs } from '../src/ffmpeg-args.js';
import { startAgent, type Agent, type AgentOptions } from '../src/index.js';
import { startLocalStation, type LocalStation } from './local-station.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sim = getProfile('sim');
const quiet = () => undefined;

let gw: LocalStation;
let watcher: MqttClient;
const agents: Agent[] = [];
/** Every telemetry and state message, per device, with its arrival time. */
const telemetry = new Map<string, { at: number; raw: Buffer }[]>();
const states = new Map<string, StatePayload[]>();

async function start(opts: Omit<AgentOptions, 'mqttUrl' | 'rtmpUrl' | 'profile'> & { profile?: HardwareProfile }) {
  const a = await startAgent({ profile: sim, mqttUrl: gw.mqttUrl, rtmpUrl: gw.rtmpUrl, log: quiet, ...opts });
  agents.push(a);
  await a.connected();
  return a;
}
async function stop(a: Agent) {
  agents.splice(agents.indexOf(a), 1);
  await a.stop();
}

function telemetryOf(deviceId: string): TelemetryPayload[] {
  return (telemetry.get(deviceId) ?? []).map(({ raw }) => {
    const r = parsePayload(TelemetryPayload, raw);
    if (!r.ok) throw new Error(`invalid telemetry from ${deviceId}: ${r.error}`);
    return r.value;
  });
}
/** The first telemetry after now that satisfies `ok`. */
async function nextTelemetry(deviceId: string, ok: (t: TelemetryPayload) => boolean, timeoutMs: number, what: string) {
  const from = telemetry.get(deviceId)?.length ?? 0;
  return waitFor(() => telemetryOf(deviceId).slice(from).find(ok), timeoutMs, what);
}
function command(deviceId: string, cmd: Omit<CommandPayload, 'v' | 'ts'>): Promise<unknown> {
  return watcher.publishAsync(
    topics.set(deviceId),
    JSON.stringify({ v: PROTOCOL_VERSION, ts: new Date().toISOString(), ...cmd }),
    {
      qos: 1,
    },
  );
}

beforeAll(async () => {
  gw = await startLocalStation();
  watcher = await connectClient(gw.mqttUrl);
  await watcher.subscribeAsync([topics.telemetry('+'), topics.state('+')], { qos: 1 });
  watcher.on('message', (topic, raw) => {
    const [, , id, kind] = topic.split('/') as [string, string, string, string];
    if (kind === 'telemetry') {
      if (!telemetry.has(id)) telemetry.set(id, []);
      telemetry.get(id)!.push({ at: Date.now(), raw });
    } else if (kind === 'state') {
      const r = parsePayload(StatePayload, raw);
      if (r.ok) {
        if (!states.has(id)) states.set(id, []);
        states.get(id)!.push(r.value);
      }
    }
  });
});
afterAll(async () => {
  for (const a of [...agents]) await a.stop();
  await watcher?.endAsync();
  await gw?.close();
});

describe('telemetry', () => {
  let agent: Agent;
  const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-tel-'));

  it('arrives at the set interval, valid against TelemetryPayload, with every reading', async () => {
    agent = await start({
      deviceId: 'tel-001',
      officerId: '33010012',
      dataDir,
      telemetryIntervalMs: 1000,
      simPosition: { lat: 31.2304, lon: 121.4737 },
    });
    // The encoder needs a moment before the self-test sees frames.
    const ready = await nextTelemetry(
      'tel-001',
      (t) => t.selfTest.camera && t.clockOffsetMs !== null,
      10_000,
      'self-test ok',
    );
    const from = telemetry.get('tel-001')!.length;
    await sleep(5500);
    const arrivals = telemetry
      .get('tel-001')!
      .slice(from)
      .map((m) => m.at);
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    expect(arrivals.length).toBeLessThanOrEqual(7);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
    expect(median).toBeGreaterThan(850);
    expect(median).toBeLessThan(1150);
    // Every message so far passes the contract (telemetryOf throws otherwise), and the station rejected none.
    const all = telemetryOf('tel-001');
    expect(all.length).toBeGreaterThanOrEqual(arrivals.length);
    expect(gw.rejected).toEqual([]);

    const t = all.at(-1)!;
    expect(t).toMatchObject({ deviceId: 'tel-001', officerId: '33010012', state: 'standby' });
    expect(t.selfTest).toEqual({ camera: true, microphone: true });
    expect(ready.clockOffsetMs).not.toBeNull();
    expect(Math.abs(t.clockOffsetMs!)).toBeLessThan(100);
    // Sim battery: 80–100 % at start, a voltage from the LiPo curve, off the dock.
    expect(t.battery.percent).toBeGreaterThanOrEqual(79);
    expect(t.battery.voltageMv).toBeGreaterThan(3900);
    expect(t.battery.charging).toBe(false);
    // Storage: the real file system; recordable time at 600 + 64 kbit/s.
    expect(t.storage.freeBytes).toBeGreaterThan(0);
    expect(t.storage.totalBytes).toBeGreaterThanOrEqual(t.storage.freeBytes);
    expect(Math.abs(t.storage.recordableSeconds! - t.storage.freeBytes / 83_000)).toBeLessThanOrEqual(1);
    expect(t.temperatureC).toBeGreaterThan(30);
    expect(t.signal).toMatchObject({ network: 'wifi' });
    // A fix near the configured point, moving at walking pace.
    expect(Math.abs(t.gps!.lat - 31.2304)).toBeLessThan(0.005);
    expect(Math.abs(t.gps!.lon - 121.4737)).toBeLessThan(0.005);
    expect(Date.now() - Date.parse(t.gps!.fixAt)).toBeLessThan(3000);
    // No station URL: nothing to offload.
    expect(t.offload).toEqual({ pendingSegments: 0, pendingBytes: 0 });
  });

  it('reports the charging flag of the sim battery', async () => {
    agent.buttons.setCharging(true);
    const t = await nextTelemetry('tel-001', (x) => x.battery.charging, 3000, 'charging in telemetry');
    expect(t.battery.percent).toBeGreaterThan(0);
    agent.buttons.setCharging(false);
    await nextTelemetry('tel-001', (x) => !x.battery.charging, 3000, 'off the dock');
  });

  it('camera self-test: false while the encoder is frozen, true again once it runs, also after a crash', async () => {
    const pid = agent.capture.encoderPid!;
    process.kill(pid, 'SIGSTOP');
    try {
      // No audio comes out of a frozen encoder either; the two go stale within a frame of each other,
      // so one report may still catch the microphone's last audio frame.
      await nextTelemetry(
        'tel-001',
        (x) => !x.selfTest.camera && !x.selfTest.microphone,
        7000,
        'camera and microphone false',
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    await nextTelemetry('tel-001', (x) => x.selfTest.camera && x.selfTest.microphone, 6000, 'camera back');
    // A crashed encoder is restarted; its output is a new FLV stream, which the self-test must follow.
    process.kill(agent.capture.encoderPid!, 'SIGKILL');
    await waitFor(() => agent.capture.encoderPid !== undefined && agent.capture.encoderPid !== pid, 5000, 'restart');
    await sleep(3500);
    await nextTelemetry('tel-001', (x) => x.selfTest.camera && x.selfTest.microphone, 6000, 'camera after crash');
  });

  it('set-officer: state at once, watermark file within 5 s, next telemetry; kept across a restart', async () => {
    const wm = join(dataDir, 'tel-001', 'watermark.txt');
    const sentAt = Date.now();
    await command('tel-001', { commandId: 'desk-1', action: 'set-officer', officerId: 'B200' });
    await waitFor(() => states.get('tel-001')?.some((s) => s.officerId === 'B200'), 5000, 'state with B200');
    await waitFor(() => readFileSync(wm, 'utf8').includes('OFFICER B200'), 5000, 'watermark with B200');
    expect(Date.now() - sentAt).toBeLessThan(5000);
    expect(readFileSync(wm, 'utf8')).toBe('DEV tel-001  OFFICER B200');
    expect(agent.officerId()).toBe('B200');
    await nextTelemetry('tel-001', (x) => x.officerId === 'B200', 3000, 'telemetry with B200');

    // Back at the station.
    await command('tel-001', { commandId: 'desk-2', action: 'set-officer', officerId: null });
    await waitFor(() => states.get('tel-001')?.at(-1)?.officerId === null, 5000, 'state without officer');
    expect(readFileSync(wm, 'utf8')).toBe('DEV tel-001  OFFICER -');
    await nextTelemetry('tel-001', (x) => x.officerId === null, 3000, 'telemetry without officer');

    // A set-officer without the field does not unassign anyone.
    await command('tel-001', { commandId: 'desk-3', action: 'set-officer', officerId: 'C300' });
    await waitFor(() => agent.officerId() === 'C300', 5000, 'C300');
    await command('tel-001', { commandId: 'desk-4', action: 'set-officer' });
    await sleep(500);
    expect(agent.officerId()).toBe('C300');

    // Start/stop still work, and events carry the new officer.
    await command('tel-001', { commandId: 'c1', action: 'start' });
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording');
    await nextTelemetry(
      'tel-001',
      (x) => x.state === 'recording' && x.officerId === 'C300',
      3000,
      'recording telemetry',
    );
    await command('tel-001', { commandId: 'c2', action: 'stop' });
    await waitFor(() => agent.state().mode === 'standby', 5000, 'standby');

    // A reboot in the field keeps the officer the desk set.
    await stop(agent);
    agent = await start({ deviceId: 'tel-001', dataDir, telemetryIntervalMs: 1000 });
    expect(agent.officerId()).toBe('C300');
    expect(readFileSync(wm, 'utf8')).toBe('DEV tel-001  OFFICER C300');
    await waitFor(() => states.get('tel-001')?.at(-1)?.officerId === 'C300', 5000, 'state after restart');
    await stop(agent);
  });

  it('offload backlog: closed segments the station has not acknowledged, with their bytes', async () => {
    const profile: HardwareProfile = {
      ...sim,
      recording: { segmentSeconds: 5, fragmentSeconds: 1, preRecordSeconds: 0, postRecordSeconds: 0 },
    };
    const a = await start({
      deviceId: 'tel-off',
      profile,
      dataDir,
      telemetryIntervalMs: 1000,
      // Nothing listens there: every segment stays pending.
      stationUrl: 'http://127.0.0.1:9',
    });
    a.buttons.press();
    const t = await nextTelemetry('tel-off', (x) => x.offload.pendingSegments >= 1, 20_000, 'a pending segment');
    expect(t.offload.pendingBytes).toBeGreaterThan(100_000);
    expect(a.offloader!.pending()).toBeGreaterThanOrEqual(t.offload.pendingSegments);
    await stop(a);
  });
});

describe('microphone self-test against the real encoder', () => {
  /** Runs the profile's audio encoder on a lavfi source and feeds its FLV output to a self-test. */
  function encodeAudio(source: string): { camera: boolean; microphone: boolean } {
    const r = spawnSync(
      resolveFfmpeg(),
      ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-t', '2', '-vn']
        .concat(buildEncoderArgs(sim).slice(buildEncoderArgs(sim).indexOf('-c:a')))
        .concat(['-f', 'flv', 'pipe:1']),
      { maxBuffer: 16 * 1024 * 1024 },
    );
    expect(r.status).toBe(0);
    const st = createSelfTest({ now: () => 0 });
    for (const tag of new FlvTagReader().push(r.stdout)) st.observe(tag);
    return st.result();
  }

  it('a sine (and a -90 dBFS noise floor) counts; digital silence (a muted input) does not', () => {
    expect(encodeAudio('sine=frequency=440:sample_rate=44100').microphone).toBe(true);
    expect(encodeAudio('anoisesrc=r=44100:a=0.00003').microphone).toBe(true);
    expect(encodeAudio('anullsrc=r=44100:cl=mono').microphone).toBe(false);
  });
});

interface EnrollBody {
  code: string;
  publicKeyPem: string;
  profile: string;
  firmwareVersion: string;
}

/** The station's /api/enroll as the contract has it; GOOD-123 is the only valid code. */
async function startStubStation(): Promise<{ url: string; requests: EnrollBody[]; close(): Promise<void> }> {
  const requests: EnrollBody[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => (body += d));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/api/enroll') return reply(404, { message: 'not found' });
      const b = JSON.parse(body) as EnrollBody;
      requests.push(b);
      if (b.code !== 'GOOD-123') return reply(403, { message: 'unknown or expired enrollment code' });
      reply(200, {
        deviceId: 'enr-001',
        mqtt: { username: 'enr-001', password: 'mqtt-secret' },
        rtmp: { secret: 'rtmp-secret' },
        stationTime: new Date().toISOString(),
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('enrollment', () => {
  let stub: Awaited<ReturnType<typeof startStubStation>>;
  const logins: { clientId: string; username: string | undefined; password: string | undefined }[] = [];
  beforeAll(async () => {
    stub = await startStubStation();
    gw.aedes.authenticate = (client, username, password, done) => {
      logins.push({ clientId: client.id, username, password: password?.toString() });
      done(null, true);
    };
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('first boot enrolls (enrollment.json, mode 600, key under the new id); later boots reuse it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-enr-'));
    const a = await start({ dataDir, enrollment: { stationUrl: stub.url, code: 'GOOD-123' } });
    expect(a.deviceId).toBe('enr-001');
    expect(stub.requests).toHaveLength(1);
    const req = stub.requests[0]!;
    expect(req).toMatchObject({ code: 'GOOD-123', profile: 'sim', firmwareVersion: '0.1.0' });

    const file = join(dataDir, 'enrollment.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({
      deviceId: 'enr-001',
      mqtt: { username: 'enr-001', password: 'mqtt-secret' },
      rtmp: { secret: 'rtmp-secret' },
      stationUrl: stub.url,
    });
    // The key the station got is the one the evidence chain signs with, now under the device id.
    const keys = await loadDeviceKeys(join(dataDir, 'enr-001', 'keys'));
    expect(keys.publicKeyPem).toBe(req.publicKeyPem);
    expect(existsSync(join(dataDir, 'enrollment-keys'))).toBe(false);
    // It logs in to MQTT with the credentials it was given, and announces itself under the new id.
    expect(logins).toContainEqual({ clientId: 'rec-enr-001', username: 'enr-001', password: 'mqtt-secret' });
    await waitFor(() => states.get('enr-001')?.length, 5000, 'enr-001 announced');
    await stop(a);

    // Second boot: the code is not sent again (it would be spent); no id needed at all.
    const again = await start({ dataDir, enrollment: { stationUrl: stub.url, code: 'GOOD-123' } });
    expect(again.deviceId).toBe('enr-001');
    await stop(again);
    const bare = await start({ dataDir });
    expect(bare.deviceId).toBe('enr-001');
    await stop(bare);
    expect(stub.requests).toHaveLength(1);
    expect(logins.filter((l) => l.clientId === 'rec-enr-001' && l.username === 'enr-001')).toHaveLength(3);
    expect((await loadDeviceKeys(join(dataDir, 'enr-001', 'keys'))).publicKeyPem).toBe(req.publicKeyPem);

    // A different id on the command line is a mistake, not a second identity.
    await expect(start({ dataDir, deviceId: 'other-1' })).rejects.toThrow(
      /enrolls this recorder as enr-001, not other-1/,
    );
  });

  it('a refused code is a clear error: nothing saved, and the same key is offered on the retry', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-enr-'));
    const before = stub.requests.length;
    await expect(start({ dataDir, enrollment: { stationUrl: stub.url, code: 'WRONG' } })).rejects.toThrow(
      'the station refused the enrollment code: unknown or expired enrollment code (HTTP 403)',
    );
    expect(existsSync(join(dataDir, 'enrollment.json'))).toBe(false);
    await expect(start({ dataDir, enrollment: { stationUrl: stub.url, code: 'WRONG' } })).rejects.toThrow(/HTTP 403/);
    const [first, second] = stub.requests.slice(before);
    expect(second!.publicKeyPem).toBe(first!.publicKeyPem);
    await expect(start({ dataDir })).rejects.toThrow(/no device id/);
  });

  it('the CLI prints the refusal and exits non-zero', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-enr-'));
    const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.ts');
    const child = spawn(
      process.execPath,
      [
        '--conditions=liuhen-source',
        '--import',
        'tsx',
        cli,
        '--enroll',
        'WRONG',
        '--station',
        stub.url,
        '--data',
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).not.toBe(0);
    expect(stderr).toContain(
      'liuhen-recorder: the station refused the enrollment code: unknown or expired enrollment code (HTTP 403)',
    );

    const missing = spawnSync(
      process.execPath,
      ['--conditions=liuhen-source', '--import', 'tsx', cli, '--enroll', 'X', '--data', dataDir],
      {
        encoding: 'utf8',
      },
    );
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--enroll needs the station');
  });
});
