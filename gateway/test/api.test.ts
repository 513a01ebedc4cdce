/** HTTP API contract: validation, errors that say what to do, OpenAPI. */
import { LIVE_EVENT_SCHEMAS, LiveEvents, registerFormats } from '@liuhen/contract';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  await registerDevice(gw, 'api-sim');
  await registerDevice(gw, 'api-pi', { profile: 'raspi-4' });
});
afterAll(async () => {
  await gw.cleanup();
});

const post = (path: string, body: unknown) =>
  gw.fetch(`${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('HTTP API', () => {
  it('health reports the ports and counts', async () => {
    const h = (await (await gw.fetch(`/api/health`)).json()) as Record<string, unknown>;
    expect(h).toMatchObject({
      status: 'ok',
      protocolVersion: 1,
      mqtt: { port: gw.ports.mqtt },
      rtmp: { port: gw.ports.rtmp },
      devices: { known: 2 },
    });
  });

  it('lists devices with the documented fields', async () => {
    const { devices } = (await (await gw.fetch(`/api/devices`)).json()) as { devices: Record<string, unknown>[] };
    expect(devices.map((d) => d.id)).toEqual(['api-pi', 'api-sim']);
    expect(Object.keys(devices[0]!).sort()).toEqual(
      [
        'batteryPercent',
        'clockDrift',
        'clockOffsetMs',
        'firmwareVersion',
        'id',
        'lastSeen',
        'live',
        'officerId',
        'online',
        'profile',
        'recordingSince',
        'state',
        'storageFreeBytes',
        'serial',
        'status',
        'notes',
        'holder',
        'telemetry',
        'activeAlerts',
        'enrolled',
      ].sort(),
    );
  });

  it('refuses commands with a clear reason', async () => {
    const bad = await post('/api/devices/api-sim/commands', { action: 'delete' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/action/);
    const real = await post('/api/devices/api-pi/commands', { action: 'press' });
    expect(real.status).toBe(403);
    expect(((await real.json()) as { message: string }).message).toMatch(/only the officer/);
    const missing = await post('/api/devices/nope-1/commands', { action: 'press' });
    expect(missing.status).toBe(404);
    const ok = await post('/api/devices/api-sim/commands', { action: 'press' });
    expect(ok.status).toBe(202);
    expect(((await ok.json()) as { commandId: string }).commandId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('validates query strings and ids', async () => {
    expect((await gw.fetch(`/api/recordings?from=yesterday`)).status).toBe(400);
    expect((await gw.fetch(`/api/recordings?device=a/b`)).status).toBe(400);
    expect((await gw.fetch(`/api/recordings/not-a-uuid/file`)).status).toBe(400);
    expect((await gw.fetch(`/api/recordings/00000000-0000-4000-8000-000000000000/file`)).status).toBe(404);
    const r = (await (await gw.fetch(`/api/recordings?device=api-sim`)).json()) as { recordings: unknown[] };
    expect(r.recordings).toEqual([]);
  });

  it('publishes an OpenAPI document covering every API route', async () => {
    const doc = (await (await gw.fetch(`/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/assignments',
        '/api/assignments/{id}/end',
        '/api/audit',
        '/api/audit/verify',
        '/api/cases',
        '/api/cases/import',
        '/api/cases/{id}',
        '/api/cases/{id}/coverage',
        '/api/cases/{id}/exports',
        '/api/cases/{id}/steps',
        '/api/cases/{id}/timeline',
        '/api/coverage/report',
        '/api/exports',
        '/api/exports/{id}',
        '/api/exports/{id}/download',
        '/api/officers',
        '/api/playback',
        '/api/playback/media.mp4',
        '/api/retention',
        '/api/retention/sweep',
        '/api/reviews',
        '/api/reviews/counts',
        '/api/reviews/{id}',
        '/api/reviews/{id}/assign',
        '/api/reviews/{id}/decide',
        '/api/reviews/{id}/explain',
        '/api/reviews/{id}/link',
        '/api/sorting/full',
        '/api/steps/{id}',
        '/api/steps/{id}/links',
        '/api/steps/{id}/unlink',
        '/api/units',
        '/api/alerts',
        '/api/alerts/{id}/ack',
        '/api/desk/check-in',
        '/api/desk/hand-out',
        '/api/devices/{id}/enrollment',
        '/api/devices/{id}/self-test',
        '/api/devices/{id}/status',
        '/api/devices/{id}/telemetry',
        '/api/enroll',
        '/api/ledger',
        '/api/ledger.csv',
        '/api/ledger.xlsx',
        '/api/positions',
        '/api/devices',
        '/api/devices/{id}',
        '/api/devices/{id}/commands',
        '/api/devices/{id}/key',
        '/api/devices/{id}/chain',
        '/api/devices/{id}/discards',
        '/api/devices/{id}/discards/{name}',
        '/api/quarantine',
        '/api/station/key',
        '/api/devices/{id}/uploads/{name}',
        '/api/devices/{id}/uploads/{name}/complete',
        '/api/events',
        '/api/health',
        '/api/recordings',
        '/api/recordings/{id}/file',
        '/api/session',
        '/api/session/password',
        '/api/users',
        '/api/users/{id}',
        '/api/tokens',
        '/api/tokens/{id}',
        // Legal review, documents, publicity, pages before enforcement, random inspections.
        '/api/cases/{id}/documents',
        '/api/cases/{id}/documents/index',
        '/api/cases/{id}/legal',
        '/api/cases/{id}/legal/checks',
        '/api/cases/{id}/legal/decision',
        '/api/cases/{id}/legal/draft',
        '/api/cases/{id}/legal/submit',
        '/api/cases/{id}/publication',
        '/api/disclosure/pages',
        '/api/disclosure/pages/{slug}',
        '/api/disclosure/pages/{slug}/generate',
        '/api/disclosure/pages/{slug}/versions',
        '/api/disclosure/pages/{slug}/versions/{version}',
        '/api/disclosure/procedures/{kind}',
        '/api/disclosure/procedures/{kind}/preview',
        '/api/documents/{id}/content',
        '/api/inspections/assignments/{id}',
        '/api/inspections/assignments/{id}/result',
        '/api/inspections/items',
        '/api/inspections/plans',
        '/api/inspections/plans/{id}',
        '/api/inspections/plans/{id}/assignments',
        '/api/inspections/plans/{id}/cancel',
        '/api/inspections/plans/{id}/commit',
        '/api/inspections/plans/{id}/conflicts',
        '/api/inspections/plans/{id}/draw',
        '/api/inspections/plans/{id}/files',
        '/api/inspections/plans/{id}/files/{name}',
        '/api/inspections/plans/{id}/parties',
        '/api/inspections/plans/{id}/roster',
        '/api/legal-review/catalogue',
        '/api/legal-reviewers',
        '/api/legal-reviewers/{username}',
        '/api/legal-reviews',
        '/api/legal-reviews/{id}',
        '/api/legal-reviews/{id}/accept',
        '/api/legal-reviews/{id}/discussion',
        '/api/legal-reviews/{id}/opinion',
        '/api/legal-reviews/{id}/signature',
        '/api/legal-reviews/{id}/withdraw',
        '/api/publications',
        '/api/publications/breaches',
        '/api/publications/{id}',
        '/api/publications/{id}/publish',
        '/api/publications/{id}/withdraw',
        '/api/publications/{id}/videos',
        '/api/publications/{id}/videos/footage',
        '/api/publications/{id}/videos/{videoId}',
        '/api/publications/{id}/videos/{videoId}/file',
        '/api/publications/{id}/videos/{videoId}/frame',
        '/api/publications/{id}/videos/{videoId}/manifest',
        '/api/publications/{id}/videos/{videoId}/render',
        '/api/publications/{id}/videos/{videoId}/sign-off',
        '/api/publications/{id}/videos/{videoId}/withdraw',
        '/api/publicity/annual-report',
        '/api/publicity/annual-report.csv',
        '/live/{file}',
      ].sort(),
    );
  });

  it('streams device changes on the live channel, starting with a snapshot', async () => {
    const ctrl = new AbortController();
    const res = await gw.fetch(`/api/events`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await readUntil('event: snapshot');
    await registerDevice(gw, 'api-sim', { batteryPercent: 42 });
    await readUntil('"batteryPercent":42');
    expect(text).toMatch(/event: device\ndata: \{"id":"api-sim"/);
    // Each event fits its entry of the contract's map, as the dashboard checks it on arrival.
    while (!/"batteryPercent":42.*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    ctrl.abort();
    registerFormats();
    const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)\n\n/gm)].map(([, name, data]) => ({
      name: name!,
      data,
    }));
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['snapshot', 'device']));
    const unfit = events.filter(
      ({ name, data }) =>
        !(name in LiveEvents.properties) ||
        !Value.Check(LiveEvents.properties[name as keyof LiveEvents], LIVE_EVENT_SCHEMAS, JSON.parse(data!)),
    );
    expect(unfit).toEqual([]);
  });
});
