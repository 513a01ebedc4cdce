/**
 * Confirm-to-stop driven by the station, against the real station: the real
 * broker and `mqtt` clients over sockets standing in for recorders (their
 * state and telemetry are the only things simulated), the real desk, cases
 * and SQLite. A recorder handed out to an officer on an open full-process
 * step gets a retained `policy` saying so; it changes when the step closes,
 * by the clock when a step window starts and ends, at check-in, and is
 * published again for every recorder when the station restarts. A stop from
 * the dashboard then needs a reason, which reaches the recorder and the audit
 * trail; nobody but the station can set the policy.
 */
import { rmSync } from 'node:fs';
import type { MqttClient } from 'mqtt';
import {
  PROTOCOL_VERSION,
  topics,
  type CommandPayload,
  type PolicyPayload,
  type TelemetryPayload,
} from '@liuhen/device-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, loadConfig, startGateway, type Gateway } from '../src/index.js';
import {
  connectClient,
  registerDevice,
  startTestGateway,
  statePayload,
  waitFor,
  type TestGateway,
  LAB_OVERRIDES,
} from './helpers.js';

let gw: TestGateway;
let watcher: MqttClient;
/** Every policy and command the watcher saw, in order. */
const policies: PolicyPayload[] = [];
const commands: CommandPayload[] = [];
const OFFICER = '33010061';
const OTHER = '33010062';
let stepId = '';
let caseId = '';

const latest = (deviceId: string) => policies.filter((p) => p.deviceId === deviceId).at(-1);

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await gw.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}

/** What a subscriber that arrives now receives on a device's policy topic: the retained message. */
async function retainedPolicy(url: string, deviceId: string): Promise<PolicyPayload> {
  const c = await connectClient(url);
  try {
    const got = new Promise<PolicyPayload>((resolve) =>
      c.on('message', (topic, payload, packet) => {
        if (topic === topics.policy(deviceId) && packet.retain)
          resolve(JSON.parse(payload.toString()) as PolicyPayload);
      }),
    );
    await c.subscribeAsync(topics.policy(deviceId), { qos: 1 });
    return await got;
  } finally {
    await c.endAsync();
  }
}

function telemetry(deviceId: string): TelemetryPayload {
  return {
    v: PROTOCOL_VERSION,
    deviceId,
    officerId: null,
    state: 'standby',
    battery: { percent: 95, voltageMv: 4100, charging: false },
    storage: { freeBytes: 20e9, totalBytes: 32e9, recordableSeconds: 60_000 },
    clockOffsetMs: 12,
    selfTest: { camera: true, microphone: true },
    offload: { pendingSegments: 0, pendingBytes: 0 },
    ts: new Date().toISOString(),
  };
}

/** Hands a recorder out at the desk, as the equipment manager does (self-test from fresh telemetry). */
async function handOut(deviceId: string, officerId: string): Promise<void> {
  const at = Date.now();
  await watcher.publishAsync(topics.telemetry(deviceId), JSON.stringify(telemetry(deviceId)), { qos: 1 });
  await waitFor(() => (gw.registry.latestTelemetry(deviceId)?.at ?? 0) >= at, 10_000, `telemetry of ${deviceId}`);
  const res = await api('POST', '/api/desk/hand-out', { deviceId, officerId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const command = (deviceId: string, body: unknown) =>
  api<Record<string, unknown>>('POST', `/api/devices/${deviceId}/commands`, body);

beforeAll(async () => {
  gw = await startTestGateway();
  watcher = await connectClient(gw.mqttUrl);
  watcher.on('message', (topic, payload) => {
    if (topic.endsWith('/policy')) policies.push(JSON.parse(payload.toString()) as PolicyPayload);
    else if (topic.endsWith('/set')) commands.push(JSON.parse(payload.toString()) as CommandPayload);
  });
  await watcher.subscribeAsync([topics.policy('+'), topics.set('+')], { qos: 1 });
  await api('POST', '/api/officers', { id: OFFICER, name: '王五' });
  await api('POST', '/api/officers', { id: OTHER, name: '赵六' });
  await registerDevice(gw, 'sp-001', { officerId: null });
  await registerDevice(gw, 'sp-002', { officerId: null });
});
afterAll(async () => {
  if (watcher?.connected) await watcher.endAsync();
  await gw?.cleanup();
});

describe('the retained stop policy', () => {
  it('is published for a recorder as soon as the station knows it: nobody holds it, nothing open', async () => {
    const p = await waitFor(() => latest('sp-001'), 10_000, 'first policy of sp-001');
    expect(p).toMatchObject({
      v: PROTOCOL_VERSION,
      deviceId: 'sp-001',
      officerId: null,
      fullProcessOpen: false,
      stepId: null,
      caseId: null,
      stepEndsAt: null,
    });
  });

  it('says fullProcessOpen once the recorder is handed out to an officer on an open full-process step', async () => {
    const created = await api<{ id: string }>('POST', '/api/cases', {
      number: 'SP-2026-001',
      kind: 'compulsion',
      title: '查封场所',
      steps: [
        {
          kind: 'compulsory-measure',
          startsAt: new Date(Date.now() - 60_000).toISOString(),
          officers: [OFFICER],
        },
      ],
    });
    expect(created.status).toBe(201);
    caseId = created.body.id;
    const c = await api<{ steps: { id: string; requirement: string }[] }>('GET', `/api/cases/${caseId}`);
    expect(c.body.steps[0]!.requirement).toBe('full-process');
    stepId = c.body.steps[0]!.id;
    // The step alone changes nothing for a recorder nobody holds.
    expect(latest('sp-001')?.fullProcessOpen).toBe(false);

    await handOut('sp-001', OFFICER);
    const p = await waitFor(() => latest('sp-001')?.fullProcessOpen && latest('sp-001'), 10_000, 'policy true');
    expect(p).toMatchObject({ officerId: OFFICER, stepId, caseId, stepEndsAt: null });
    // The other recorder is untouched.
    expect(latest('sp-002')?.fullProcessOpen).toBe(false);
  });

  it('a subscriber arriving later gets the retained value', async () => {
    expect(await retainedPolicy(gw.mqttUrl, 'sp-001')).toMatchObject({
      deviceId: 'sp-001',
      officerId: OFFICER,
      fullProcessOpen: true,
      stepId,
      caseId,
    });
  });

  it('a stop from the dashboard needs a reason then, which reaches the recorder and the audit trail', async () => {
    const refused = await command('sp-001', { action: 'stop' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'stop-reason-required',
      details: { officerId: OFFICER, stepId, caseId, caseNumber: 'SP-2026-001', stepKind: 'compulsory-measure' },
    });
    expect(String(refused.body.message)).toMatch(/full-process step .*needs a reason/);
    // Whitespace is no reason.
    expect((await command('sp-001', { action: 'stop', reason: '   ' })).status).toBe(400);

    const ok = await command('sp-001', { action: 'stop', reason: '当事人已离开，处置结束' });
    expect(ok.status).toBe(202);
    const sent = await waitFor(() => commands.find((c) => c.commandId === ok.body.commandId), 10_000, 'stop command');
    expect(sent).toMatchObject({ action: 'stop', reason: '当事人已离开，处置结束' });

    // A press that would stop the recording is a stop too: refused without a reason, sent as a stop with one
    // (a press would only ask the recorder for its confirming second press).
    const c = await connectClient(gw.mqttUrl);
    await c.publishAsync(
      topics.state('sp-001'),
      JSON.stringify(
        statePayload('sp-001', {
          state: 'recording',
          recordingId: 'r-1',
          recordingSince: new Date().toISOString(),
          officerId: OFFICER,
        }),
      ),
      { qos: 1, retain: true },
    );
    await c.endAsync();
    await waitFor(() => gw.registry.get('sp-001')?.state === 'recording', 10_000, 'sp-001 recording');
    expect((await command('sp-001', { action: 'press' })).body).toMatchObject({ code: 'stop-reason-required' });
    const press = await command('sp-001', { action: 'press', reason: '现场处置完毕' });
    expect(press.status).toBe(202);
    expect(press.body.action).toBe('stop');
    expect(
      await waitFor(() => commands.find((x) => x.commandId === press.body.commandId), 10_000, 'press'),
    ).toMatchObject({ action: 'stop', reason: '现场处置完毕' });

    const trail = await api<{
      entries: { action: string; subjectId: string; caseId: string | null; detail: Record<string, unknown> }[];
    }>('GET', '/api/audit?action=command');
    const stops = trail.body.entries.filter((e) => e.subjectId === 'sp-001');
    expect(stops.map((e) => e.detail.reason).sort()).toEqual(['当事人已离开，处置结束', '现场处置完毕'].sort());
    expect(stops.every((e) => e.caseId === caseId && e.detail.fullProcessStep === stepId)).toBe(true);
    expect(stops.find((e) => e.detail.requested === 'press')?.detail.action).toBe('stop');
  });

  it('turns false when the step is closed; a stop then needs no reason', async () => {
    const patched = await api('PATCH', `/api/steps/${stepId}`, { endsAt: new Date().toISOString() });
    expect(patched.status).toBe(200);
    const p = await waitFor(
      () => latest('sp-001')?.fullProcessOpen === false && latest('sp-001'),
      10_000,
      'policy false after the step closed',
    );
    expect(p).toMatchObject({ officerId: OFFICER, stepId: null, caseId: null });
    expect((await retainedPolicy(gw.mqttUrl, 'sp-001')).fullProcessOpen).toBe(false);
    expect((await command('sp-001', { action: 'stop' })).status).toBe(202);
  });

  it('follows a step window that starts and ends by the clock', async () => {
    const startsAt = Date.now() + 1500;
    const endsAt = startsAt + 1500;
    const added = await api<{ id: string }>('POST', `/api/cases/${caseId}/steps`, {
      kind: 'compulsory-measure',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      officers: [OFFICER],
    });
    expect(added.status).toBe(201);
    const seen = policies.length;
    const open = await waitFor(
      () => policies.slice(seen).find((p) => p.deviceId === 'sp-001' && p.fullProcessOpen),
      15_000,
      'policy true when the window starts',
    );
    expect(open.stepId).toBe(added.body.id);
    expect(open.stepEndsAt).toBe(new Date(endsAt).toISOString());
    // Published at the boundary, not before it.
    expect(Date.parse(open.ts)).toBeGreaterThanOrEqual(startsAt);
    const closed = await waitFor(
      () => policies.slice(seen).find((p) => p.deviceId === 'sp-001' && !p.fullProcessOpen),
      15_000,
      'policy false when the window ends',
    );
    expect(Date.parse(closed.ts)).toBeGreaterThanOrEqual(endsAt);
  });

  it('a closed case holds no open step', async () => {
    const added = await api<{ id: string }>('POST', `/api/cases/${caseId}/steps`, {
      kind: 'compulsory-measure',
      startsAt: new Date(Date.now() - 1000).toISOString(),
      officers: [OFFICER],
    });
    expect(added.status).toBe(201);
    await waitFor(() => latest('sp-001')?.stepId === added.body.id, 10_000, 'policy names the new step');
    expect((await api('PATCH', `/api/cases/${caseId}`, { status: 'closed' })).status).toBe(200);
    await waitFor(() => latest('sp-001')?.fullProcessOpen === false, 10_000, 'policy false after the case closed');
  });

  it('turns to nobody at check-in, once the recorder no longer reports the officer either', async () => {
    expect((await api('POST', '/api/desk/check-in', { deviceId: 'sp-001' })).status).toBe(200);
    // The desk tells the recorder it is back (set-officer null)...
    await waitFor(
      () => commands.find((c) => c.action === 'set-officer' && c.officerId === null),
      10_000,
      'set-officer null',
    );
    // ...and until it answers, the officer it still reports counts (as for the sorter and the alert rules).
    expect(latest('sp-001')?.officerId).toBe(OFFICER);
    const c = await connectClient(gw.mqttUrl);
    await c.publishAsync(topics.state('sp-001'), JSON.stringify(statePayload('sp-001', { officerId: null })), {
      qos: 1,
      retain: true,
    });
    await c.endAsync();
    await waitFor(() => latest('sp-001')?.officerId === null, 10_000, 'policy without officer after check-in');
    expect(latest('sp-001')).toMatchObject({ fullProcessOpen: false, stepId: null });
  });

  it('cannot be set by an MQTT client, anonymous or not: the broker drops it and the retained value stays', async () => {
    const before = await retainedPolicy(gw.mqttUrl, 'sp-001');
    const forger = await connectClient(gw.mqttUrl);
    const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()));
    const forged: PolicyPayload = {
      ...before,
      fullProcessOpen: true,
      stepId: 'x',
      caseId: 'y',
      ts: new Date().toISOString(),
    };
    forger.publish(topics.policy('sp-001'), JSON.stringify(forged), { qos: 1, retain: true });
    // The broker refuses the publish by closing the connection: once closed, the publish is over.
    await closed;
    forger.end(true);
    expect(await retainedPolicy(gw.mqttUrl, 'sp-001')).toEqual(before);
  });
});

describe('after a station restart', () => {
  let second: Gateway | undefined;
  afterAll(async () => {
    await second?.stop();
  });

  it('publishes every known recorder’s policy again, before any recorder reconnects', async () => {
    // sp-002 goes out to an officer on an open-ended full-process step.
    const created = await api<{ id: string }>('POST', '/api/cases', {
      number: 'SP-2026-002',
      kind: 'compulsion',
      title: '扣押财物',
      steps: [{ kind: 'compulsory-measure', startsAt: new Date(Date.now() - 1000).toISOString(), officers: [OTHER] }],
    });
    expect(created.status).toBe(201);
    await handOut('sp-002', OTHER);
    await waitFor(() => latest('sp-002')?.fullProcessOpen, 10_000, 'sp-002 policy true');

    await watcher.endAsync();
    // The first station stops here; cleanup() then only removes its data.
    const dir = gw.dataDir;
    gw.cleanup = async () => rmSync(dir, { recursive: true, force: true });
    await gw.stop();
    const config = loadConfig({
      env: {},
      overrides: {
        ...LAB_OVERRIDES,
        mqtt: { ...LAB_OVERRIDES.mqtt, host: '127.0.0.1', port: 0 },
        rtmp: { ...LAB_OVERRIDES.rtmp, host: '127.0.0.1', port: 0 },
        http: { host: '127.0.0.1', port: 0 },
        storage: { dataDir: gw.dataDir },
      },
    });
    second = await startGateway(config, { log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent') });
    const url = `mqtt://127.0.0.1:${second.ports.mqtt}`;
    expect(await retainedPolicy(url, 'sp-002')).toMatchObject({
      officerId: OTHER,
      fullProcessOpen: true,
      caseId: created.body.id,
    });
    expect(await retainedPolicy(url, 'sp-001')).toMatchObject({ officerId: null, fullProcessOpen: false });
  });
});
