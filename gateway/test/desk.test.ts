/**
 * Inventory, enrollment, the hand-out desk, the ledger and the alert rules
 * against the real station: real broker and MQTT clients standing in for
 * recorders (their telemetry is the only thing simulated), real SQLite.
 */
import { generateKeyPairSync } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { MqttClient } from 'mqtt';
import {
  PROTOCOL_VERSION,
  topics,
  type AlertPayload,
  type CommandPayload,
  type TelemetryPayload,
} from '@liuhen/device-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, registerDevice, startTestGateway, statePayload, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
let watcher: MqttClient;
const commands: CommandPayload[] = [];
const alertsSeen: AlertPayload[] = [];

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await gw.fetch(`${path}`, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as T };
}

function telemetry(deviceId: string, patch: Partial<TelemetryPayload> = {}): TelemetryPayload {
  return {
    v: PROTOCOL_VERSION,
    deviceId,
    officerId: null,
    state: 'standby',
    battery: { percent: 95, voltageMv: 4100, charging: false },
    storage: { freeBytes: 20e9, totalBytes: 32e9, recordableSeconds: 60_000 },
    temperatureC: 41,
    signal: { network: 'wifi', rssiDbm: -55 },
    clockOffsetMs: 12,
    gps: { lat: 30.2741, lon: 120.1551, accuracyM: 5, fixAt: new Date().toISOString() },
    selfTest: { camera: true, microphone: true },
    offload: { pendingSegments: 0, pendingBytes: 0 },
    ts: new Date().toISOString(),
    ...patch,
  };
}

async function send(t: TelemetryPayload): Promise<void> {
  await watcher.publishAsync(topics.telemetry(t.deviceId), JSON.stringify(t), { qos: 0 });
}

beforeAll(async () => {
  gw = await startTestGateway({ alerts: { sweepSeconds: 0.2, offlineMinutes: 0.01, notRecordingGraceSeconds: 0 } });
  watcher = await connectClient(gw.mqttUrl);
  await watcher.subscribeAsync([topics.set('+'), topics.allAlerts()]);
  watcher.on('message', (topic, payload) => {
    if (topic.endsWith('/set')) commands.push(JSON.parse(payload.toString()) as CommandPayload);
    else alertsSeen.push(JSON.parse(payload.toString()) as AlertPayload);
  });
  await api('POST', '/api/units', { id: 'u1', name: '一中队' });
  await api('POST', '/api/officers', { id: '33010001', name: '张三', unitId: 'u1' });
  await api('POST', '/api/officers', { id: '33010002', name: '李四', unitId: 'u1' });
});
afterAll(async () => {
  await watcher?.endAsync();
  await gw?.cleanup();
});

describe('inventory and enrollment', () => {
  it('a serial another recorder holds is refused and leaves nothing behind (found by the HTTP fuzz, seed 1163652838)', async () => {
    expect((await api('POST', '/api/devices', { id: 'bw-s1', profile: 'raspi-4', serial: 'SN-S1' })).status).toBe(201);
    expect((await api('POST', '/api/devices', { id: 'bw-s2', profile: 'raspi-4', serial: 'SN-S2' })).status).toBe(201);
    // A new recorder with a taken serial: refused, and no recorder in memory that the database lacks.
    expect((await api('POST', '/api/devices', { id: 'bw-s3', profile: 'raspi-4', serial: 'SN-S1' })).status).toBe(409);
    expect((await api('GET', '/api/devices/bw-s3')).status).toBe(404);
    // An edit to a taken serial: refused, and the recorder's next change still saves (it answered 500,
    // repeating the refused serial from memory).
    expect((await api('PATCH', '/api/devices/bw-s2', { serial: 'SN-S1' })).status).toBe(409);
    const repair = await api<{ serial: string; status: string }>('POST', '/api/devices/bw-s2/status', {
      status: 'in_repair',
      reason: '屏幕损坏',
    });
    expect(repair.status).toBe(200);
    expect(repair.body).toMatchObject({ serial: 'SN-S2', status: 'in_repair' });
    expect((await api<{ serial: string }>('GET', '/api/devices/bw-s2')).body.serial).toBe('SN-S2');
  });

  it('adds a recorder, issues a one-time code, and enrolls it with its key', async () => {
    const add = await api<{ id: string; status: string; serial: string }>('POST', '/api/devices', {
      id: 'bw-001',
      profile: 'raspi-4',
      serial: 'SN-0001',
    });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ id: 'bw-001', status: 'in_service', serial: 'SN-0001' });
    expect((await api('POST', '/api/devices', { id: 'bw-002', profile: 'raspi-4', serial: 'SN-0001' })).status).toBe(
      409,
    );
    expect((await api('POST', '/api/devices', { id: 'bw-003', profile: 'toaster' })).status).toBe(400);

    const code = await api<{ code: string; expiresAt: string }>('POST', '/api/devices/bw-001/enrollment');
    expect(code.status).toBe(201);
    expect(code.body.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const enroll = (c: string) =>
      api<{
        deviceId: string;
        mqtt: { username: string; password: string };
        rtmp: { secret: string };
        message: string;
      }>('POST', '/api/enroll', { code: c, publicKeyPem: pem, profile: 'raspi-4', firmwareVersion: '0.2.0' });
    const bad = await enroll('AAAA-BBBB-CCCC');
    expect(bad.status).toBe(403);
    expect(bad.body.message).toMatch(/unknown enrollment code/);
    const ok = await enroll(code.body.code.toLowerCase());
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ deviceId: 'bw-001', mqtt: { username: 'bw-001' } });
    expect(ok.body.mqtt.password.length).toBeGreaterThan(20);
    const again = await enroll(code.body.code);
    expect(again.status).toBe(403);
    expect(again.body.message).toMatch(/already used/);
    // The enrolled key is the one the station will check the recorder's evidence chain against.
    expect((await gw.registry.publicKey('bw-001'))?.pem).toBe(pem);
    const ledger = await api<{ entries: { kind: string }[] }>('GET', '/api/ledger?device=bw-001');
    expect(ledger.body.entries.map((e) => e.kind)).toEqual(['enroll', 'enroll']);
  });
});

describe('the hand-out desk', () => {
  it('refuses a recorder that fails its self-test, naming each check', async () => {
    await registerDevice(gw, 'bw-010');
    await send(
      telemetry('bw-010', { battery: { percent: 30, charging: false }, selfTest: { camera: true, microphone: false } }),
    );
    await waitFor(
      () => gw.registry.get('bw-010')?.telemetry?.battery === undefined && gw.registry.latestTelemetry('bw-010'),
      2000,
      'telemetry',
    );
    const res = await api<{ message: string; checks: { name: string; ok: boolean }[] }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-010',
      officerId: '33010001',
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/battery \(30; needs ≥ 60 %\)/);
    expect(res.body.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['battery', 'microphone']);
  });

  it('hands out: assignment, officer id pushed to the recorder, ledger; one device per officer', async () => {
    await send(telemetry('bw-010'));
    await waitFor(() => gw.registry.latestTelemetry('bw-010')?.t.battery.percent === 95, 2000, 'fresh telemetry');
    const res = await api<{
      assignment: { id: string; officerId: string };
      commandId: string;
      checks: { ok: boolean }[];
    }>('POST', '/api/desk/hand-out', { deviceId: 'bw-010', officerId: '33010001' });
    expect(res.status).toBe(201);
    expect(res.body.checks.every((c) => c.ok)).toBe(true);
    const cmd = await waitFor(
      () => commands.find((c) => c.commandId === res.body.commandId),
      2000,
      'set-officer command',
    );
    expect(cmd).toMatchObject({ action: 'set-officer', officerId: '33010001' });
    expect(gw.registry.get('bw-010')?.holder).toMatchObject({ officerId: '33010001', unitId: 'u1' });

    await registerDevice(gw, 'bw-011');
    await send(telemetry('bw-011'));
    await waitFor(() => gw.registry.latestTelemetry('bw-011'), 2000, 'telemetry');
    const second = await api<{ message: string }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-011',
      officerId: '33010001',
    });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/already holds recorder bw-010/);
    const twice = await api<{ message: string }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-010',
      officerId: '33010002',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already out with 33010001/);
  });

  it('checks in, and refuses to reissue a recorder until its footage is offloaded unless overridden with a reason', async () => {
    await send(telemetry('bw-010', { offload: { pendingSegments: 3, pendingBytes: 150e6 } }));
    await waitFor(
      () => gw.registry.latestTelemetry('bw-010')?.t.offload.pendingSegments === 3,
      2000,
      'pending telemetry',
    );
    const back = await api<{ offload: { pendingSegments: number } }>('POST', '/api/desk/check-in', {
      deviceId: 'bw-010',
    });
    expect(back.status).toBe(200);
    expect(back.body.offload).toEqual({ pendingSegments: 3, pendingBytes: 150e6 });
    await waitFor(
      () => commands.some((c) => c.action === 'set-officer' && c.officerId === null),
      2000,
      'officer cleared on the recorder',
    );
    const refused = await api<{ message: string }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-010',
      officerId: '33010002',
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/3 segment\(s\) the station has not acknowledged/);
    expect(refused.body).toMatchObject({ code: 'footage-pending', details: { pendingSegments: 3 } });
    const forced = await api<{ override: boolean }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-010',
      officerId: '33010002',
      overrideReason: '突发任务，备用机不足',
    });
    expect(forced.status).toBe(201);
    expect(forced.body.override).toBe(true);
    const overrides = await api<{ entries: { actor: string; detail: { reason: string } }[] }>(
      'GET',
      '/api/audit?action=override',
    );
    expect(overrides.body.entries[0]).toMatchObject({
      actor: 'token:test-admin@127.0.0.1',
      detail: { reason: '突发任务，备用机不足', pendingSegments: 3 },
    });
    await api('POST', '/api/desk/check-in', { deviceId: 'bw-010' });
  });

  it('keeps a searchable ledger, exported as CSV and XLSX', async () => {
    await api('POST', '/api/devices/bw-011/status', { status: 'in_repair', reason: '镜头进水' });
    const all = await api<{ entries: { kind: string }[] }>('GET', '/api/ledger?device=bw-010');
    expect(all.body.entries.map((e) => e.kind)).toEqual(['check-in', 'hand-out', 'override', 'check-in', 'hand-out']);
    const search = await api<{ entries: { kind: string; reason: string }[] }>(
      'GET',
      `/api/ledger?q=${encodeURIComponent('进水')}`,
    );
    expect(search.body.entries).toEqual([expect.objectContaining({ kind: 'repair', reason: '镜头进水' })]);
    const csv = await gw.fetch(`/api/ledger.csv?device=bw-010`);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    // The BOM lets Excel read the Chinese as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.trim().split('\r\n')).toHaveLength(6);
    expect(text).toContain('强制领用 override');
    const xlsx = await gw.fetch(`/api/ledger.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe('时间 Time');
    expect(sheet.rowCount).toBe(1 + (await api<{ entries: unknown[] }>('GET', '/api/ledger')).body.entries.length);
    // A repaired recorder cannot go out until it is back in service.
    const out = await api<{ message: string }>('POST', '/api/desk/hand-out', {
      deviceId: 'bw-011',
      officerId: '33010001',
    });
    expect(out.status).toBe(409);
    expect(out.body.message).toMatch(/in repair/);
  });
});

describe('alerts', () => {
  const open = async (deviceId: string) =>
    (
      await api<{ alerts: { id: string; rule: string; status: string }[] }>(
        'GET',
        `/api/alerts?status=open&device=${deviceId}`,
      )
    ).body.alerts;

  it('battery, storage and clock rules fire on telemetry, publish on MQTT, and clear by themselves', async () => {
    await registerDevice(gw, 'bw-020');
    await send(
      telemetry('bw-020', {
        battery: { percent: 9, charging: false },
        storage: { freeBytes: 1e8, recordableSeconds: 1200 },
        clockOffsetMs: 3500,
      }),
    );
    const rules = await waitFor(
      async () => {
        const a = await open('bw-020');
        return a.length === 3 ? a.map((x) => x.rule).sort() : null;
      },
      3000,
      'three alerts',
    );
    expect(rules).toEqual(['battery-low', 'clock-drift', 'storage-low']);
    await waitFor(
      () => alertsSeen.some((a) => a.deviceId === 'bw-020' && a.rule === 'battery-low' && a.status === 'active'),
      2000,
      'alert on MQTT',
    );
    expect(gw.registry.get('bw-020')?.activeAlerts).toBe(3);
    // On the charger, the battery rule is quiet.
    await send(telemetry('bw-020', { battery: { percent: 9, charging: true } }));
    await waitFor(async () => (await open('bw-020')).length === 0, 3000, 'alerts cleared');
    expect(alertsSeen.filter((a) => a.deviceId === 'bw-020' && a.status === 'cleared')).toHaveLength(3);
  });

  it('a recorder cannot publish an alert', async () => {
    const fake = await connectClient(gw.mqttUrl);
    const before = alertsSeen.length;
    // QoS 0: a refused QoS 1 publish is never acknowledged, by design.
    await fake.publishAsync(topics.alert('bw-020', 'offline'), '{}', { qos: 0 }).catch(() => undefined);
    await fake.endAsync();
    await new Promise((r) => setTimeout(r, 200));
    expect(alertsSeen.length).toBe(before);
  });

  it('an assigned recorder that goes offline, or idles through an open full-process step, alerts; acknowledging is audited', async () => {
    await registerDevice(gw, 'bw-030');
    await send(telemetry('bw-030'));
    await waitFor(() => gw.registry.latestTelemetry('bw-030'), 2000, 'telemetry');
    await api('POST', '/api/officers', { id: '33010003', name: '王五', unitId: 'u1' });
    expect((await api('POST', '/api/desk/hand-out', { deviceId: 'bw-030', officerId: '33010003' })).status).toBe(201);
    // An open compulsory measure for that officer, while the recorder stands by.
    await api('POST', '/api/cases', {
      number: 'ALERT-1',
      kind: 'compulsion',
      title: '现场强制',
      steps: [
        { kind: 'compulsory-measure', startsAt: new Date(Date.now() - 60_000).toISOString(), officers: ['33010003'] },
      ],
    });
    const idle = await waitFor(
      async () => (await open('bw-030')).find((a) => a.rule === 'not-recording'),
      3000,
      'not-recording alert',
    );
    const ack = await api<{ status: string; acknowledgedBy: string }>('POST', `/api/alerts/${idle.id}/ack`, {
      note: '已电话提醒',
    });
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'token:test-admin@127.0.0.1' });
    expect((await api('POST', `/api/alerts/${idle.id}/ack`, {})).status).toBe(409);
    const trail = await api<{ entries: { action: string; subjectId: string }[] }>(
      'GET',
      '/api/audit?action=acknowledge',
    );
    expect(trail.body.entries[0]).toMatchObject({ subjectId: idle.id });
    // Recording clears it.
    const c = await connectClient(gw.mqttUrl);
    await c.publishAsync(
      topics.state('bw-030'),
      JSON.stringify(
        statePayload('bw-030', { state: 'recording', recordingId: 'r1', recordingSince: new Date().toISOString() }),
      ),
      { qos: 1, retain: true },
    );
    await waitFor(
      async () => !(await open('bw-030')).some((a) => a.rule === 'not-recording'),
      3000,
      'not-recording cleared',
    );
    // The recorder drops off the network.
    await c.publishAsync(topics.availability('bw-030'), JSON.stringify({ v: PROTOCOL_VERSION, status: 'offline' }), {
      qos: 1,
      retain: true,
    });
    await c.endAsync();
    await waitFor(async () => (await open('bw-030')).some((a) => a.rule === 'offline'), 3000, 'offline alert');
  });

  it('recording by a recorder nobody checked out alerts at once', async () => {
    await registerDevice(gw, 'bw-040', {
      state: 'recording',
      recordingId: 'r9',
      recordingSince: new Date().toISOString(),
    });
    await waitFor(
      async () => (await open('bw-040')).some((a) => a.rule === 'unassigned-recording'),
      3000,
      'unassigned-recording alert',
    );
  });
});
