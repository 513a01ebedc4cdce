/**
 * Who may call what: the role × route matrix over every route of the API
 * (from the OpenAPI document, so a new route without a row here fails), and
 * the object-level limits (an officer's own footage, cases in legal review).
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/auth/roles.js';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

type Who = 'anonymous' | Role | 'device';
const O = 'officer',
  E = 'equipment-manager',
  S = 'supervisor',
  L = 'legal-reviewer',
  A = 'auditor';

/**
 * The policy, written out as the specification (admin may call every user route and is not listed).
 * `public`: anyone; `user`: anyone signed in; `device`: the recorder itself (enrolled credentials).
 */
const MATRIX: Record<string, 'public' | 'user' | 'device' | Role[]> = {
  'GET /api/health': 'public',
  'GET /api/station/key': 'public',
  'POST /api/session': 'public',
  'POST /api/enroll': 'public',
  'GET /api/session': 'user',
  'DELETE /api/session': 'user',
  'POST /api/session/password': 'user',
  'GET /api/units': 'user',
  'GET /api/officers': 'user',
  'POST /api/units': [],
  'POST /api/officers': [],
  'GET /api/users': [],
  'POST /api/users': [],
  'PATCH /api/users/{id}': [],
  'GET /api/tokens': [],
  'POST /api/tokens': [],
  'DELETE /api/tokens/{id}': [],
  'POST /api/sorting/full': [],
  'POST /api/retention/sweep': [],
  'GET /api/retention': [A],
  'GET /api/audit': [A],
  'GET /api/audit/verify': [A],
  'GET /api/assignments': [E, S],
  'POST /api/assignments': [E],
  'POST /api/assignments/{id}/end': [E],
  'GET /api/cases': [O, S, L],
  'GET /api/cases/{id}': [O, S, L],
  'GET /api/cases/{id}/coverage': [O, S, L],
  'GET /api/cases/{id}/timeline': [O, S, L],
  'GET /api/steps/{id}/links': [O, S, L],
  'POST /api/cases': [S],
  'POST /api/cases/import': [S],
  'PATCH /api/cases/{id}': [S],
  'POST /api/cases/{id}/steps': [S],
  'PATCH /api/steps/{id}': [S],
  'DELETE /api/steps/{id}': [S],
  'POST /api/steps/{id}/links': [S],
  'POST /api/steps/{id}/unlink': [S],
  'GET /api/coverage/report': [S],
  'POST /api/cases/{id}/exports': [S, L],
  'GET /api/exports': [S, L],
  'GET /api/exports/{id}': [S, L],
  'GET /api/exports/{id}/download': [S, L],
  'DELETE /api/exports/{id}': [S, L],
  'GET /api/recordings': [O, S, L],
  'GET /api/recordings/{id}/file': [O, S, L],
  'GET /api/playback': [O, S, L],
  'GET /api/playback/media.mp4': [O, S, L],
  'GET /api/reviews': [O, S],
  'GET /api/reviews/counts': [O, S],
  'GET /api/reviews/{id}': [O, S],
  'POST /api/reviews/{id}/explain': [O],
  'POST /api/reviews/{id}/assign': [S],
  'POST /api/reviews/{id}/decide': [S],
  'POST /api/reviews/{id}/link': [S],
  'GET /api/devices': [E, S],
  'GET /api/devices/{id}': [E, S],
  'GET /api/devices/{id}/telemetry': [E, S],
  'GET /api/positions': [E, S],
  'GET /api/alerts': [E, S],
  'POST /api/alerts/{id}/ack': [E, S],
  'POST /api/devices/{id}/commands': [E, S],
  'GET /api/events': [E, S],
  'GET /live/{file}': [E, S],
  'POST /api/devices': [E],
  'PATCH /api/devices/{id}': [E],
  'POST /api/devices/{id}/status': [E],
  'POST /api/devices/{id}/enrollment': [E],
  'GET /api/devices/{id}/self-test': [E],
  'POST /api/desk/hand-out': [E],
  'POST /api/desk/check-in': [E],
  'GET /api/ledger': [E, A],
  'GET /api/ledger.csv': [E, A],
  'GET /api/ledger.xlsx': [E, A],
  'PUT /api/devices/{id}/key': 'device',
  'GET /api/devices/{id}/uploads/{name}': 'device',
  'PATCH /api/devices/{id}/uploads/{name}': 'device',
  'POST /api/devices/{id}/uploads/{name}/complete': 'device',
  'GET /api/quarantine': [S, A],
  'PUT /api/devices/{id}/discards/{name}': 'device',
  'GET /api/devices/{id}/discards': [E, S, A],
  'GET /api/devices/{id}/chain': [E, S, A],
};

const WHO: Who[] = ['anonymous', O, E, S, L, A, 'admin', 'device'];

function expected(rule: (typeof MATRIX)[string], who: Who): boolean {
  if (rule === 'public') return true;
  if (rule === 'device') return who === 'device';
  if (who === 'anonymous' || who === 'device') return false;
  if (rule === 'user') return true;
  return who === 'admin' || rule.includes(who);
}

let gw: TestGateway;
const headersOf = new Map<Who, Record<string, string>>();
const DEVICE = 'acl-cam';

beforeAll(async () => {
  gw = await startTestGateway();
  headersOf.set('anonymous', {});
  for (const role of [O, E, S, L, A, 'admin'] as const) {
    const scope = role === O ? { officerId: '33010001' } : role === S ? { unitId: 'unit-a' } : {};
    headersOf.set(role, { authorization: `Bearer ${await gw.tokenFor(role, scope)}` });
  }
  // An enrolled recorder: its MQTT credentials are its HTTP credentials too.
  expect((await gw.fetch('/api/devices', json('POST', { id: DEVICE, profile: 'raspi-4' }))).status).toBe(201);
  const code = (await (await gw.fetch(`/api/devices/${DEVICE}/enrollment`, { method: 'POST' })).json()) as {
    code: string;
  };
  const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const enrolled = (await (
    await fetch(
      `${gw.url}/api/enroll`,
      json('POST', { code: code.code, publicKeyPem: pem, profile: 'raspi-4', firmwareVersion: 't' }),
    )
  ).json()) as { mqtt: { username: string; password: string } };
  const basic = Buffer.from(`${enrolled.mqtt.username}:${enrolled.mqtt.password}`).toString('base64');
  headersOf.set('device', { authorization: `Basic ${basic}` });
});
afterAll(async () => {
  await gw?.cleanup();
});

function json(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function concrete(path: string): string {
  return path
    .replace('/api/devices/{id}', `/api/devices/${DEVICE}`)
    .replace('{name}', `${DEVICE}_000001.mp4`)
    .replace('{file}', `${DEVICE}.flv`)
    .replace('{id}', '00000000-0000-4000-8000-000000000000');
}

describe('the role × route matrix', () => {
  it('has a row for every route in the API document, and no row for a route that is gone', async () => {
    const doc = (await (await gw.fetch('/api/openapi.json')).json()) as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.filter((r) => !(r in MATRIX))).toEqual([]);
    expect(Object.keys(MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('lets in exactly whom the matrix names, on every route', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [route, rule] of Object.entries(MATRIX)) {
      const [method, path] = route.split(' ') as [string, string];
      if (route === 'DELETE /api/session' || route === 'POST /api/session') continue; // below, with a real session
      for (const who of WHO) {
        const ctrl = new AbortController();
        const res = await fetch(`${gw.url}${concrete(path)}`, {
          method,
          signal: ctrl.signal,
          headers: { ...headersOf.get(who), ...(method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        // Streams (the live channel) answer 200 and stay open: the headers are enough.
        const body = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { code?: string }) : {};
        ctrl.abort();
        const refused =
          res.status === 401 || (res.status === 403 && ['forbidden', 'wrong-device'].includes(body.code ?? ''));
        const should = expected(rule, who);
        checked++;
        if (refused === should) wrong.push(`${route} as ${who}: ${res.status} ${body.code ?? ''}`);
        if (!should && who === 'anonymous' && res.status !== 401)
          wrong.push(`${route} as anonymous: ${res.status} (want 401)`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBe((Object.keys(MATRIX).length - 2) * WHO.length);
  });
});

describe('object-level limits', () => {
  const upload = async (deviceId: string, officerId: string, n: number) => {
    await registerDevice(gw, deviceId);
    const data = randomBytes(4096);
    const name = `${deviceId}_00000${n}.mp4`;
    const base = `${gw.url}/api/devices/${deviceId}/uploads/${name}`;
    await fetch(base, {
      method: 'PATCH',
      headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: data,
    });
    const res = await fetch(
      `${base}/complete`,
      json('POST', {
        bytes: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        startedAt: `2026-11-20T0${n}:00:00Z`,
        endedAt: `2026-11-20T0${n}:01:00Z`,
        officerId,
        recordingIds: [`r${n}`],
        marked: false,
      }),
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { recordingId: string }).recordingId;
  };

  it('an officer sees only their own footage; a legal reviewer only cases in review', async () => {
    const mine = await upload('scope-cam-1', '33010001', 1);
    const theirs = await upload('scope-cam-2', '33010002', 2);
    const officer = headersOf.get(O)!;
    const list = (await (await fetch(`${gw.url}/api/recordings`, { headers: officer })).json()) as {
      recordings: { id: string }[];
    };
    expect(list.recordings.map((r) => r.id)).toEqual([mine]);
    expect((await fetch(`${gw.url}/api/recordings/${mine}/file`, { headers: officer })).status).toBe(200);
    const denied = await fetch(`${gw.url}/api/recordings/${theirs}/file`, { headers: officer });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: string }).code).toBe('out-of-scope');
    // A supervisor of another unit sees neither (their officers are in no unit).
    const sup = (await (await fetch(`${gw.url}/api/recordings`, { headers: headersOf.get(S)! })).json()) as {
      recordings: unknown[];
    };
    expect(sup.recordings).toEqual([]);

    const created = (await (
      await gw.fetch(
        '/api/cases',
        json('POST', {
          number: '杭综执罚〔2026〕88号',
          kind: 'penalty',
          title: '占道经营',
          party: '某商户',
          steps: [],
        }),
      )
    ).json()) as { id: string };
    const legal = headersOf.get(L)!;
    const cases = async () =>
      ((await (await fetch(`${gw.url}/api/cases`, { headers: legal })).json()) as { cases: { id: string }[] }).cases;
    expect(await cases()).toEqual([]);
    expect((await fetch(`${gw.url}/api/cases/${created.id}`, { headers: legal })).status).toBe(403);
    expect((await gw.fetch(`/api/cases/${created.id}`, json('PATCH', { status: 'in_review' }))).status).toBe(200);
    expect((await cases()).map((c) => c.id)).toEqual([created.id]);
    expect((await fetch(`${gw.url}/api/cases/${created.id}`, { headers: legal })).status).toBe(200);
  });

  it('an enrolled recorder must use its own credentials, and only for itself', async () => {
    const name = `${DEVICE}_000001.mp4`;
    const anon = await fetch(`${gw.url}/api/devices/${DEVICE}/uploads/${name}`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as { code: string }).code).toBe('device-credentials-required');
    const wrong = Buffer.from(`${DEVICE}:not-the-password`).toString('base64');
    expect(
      (await fetch(`${gw.url}/api/devices/${DEVICE}/uploads/${name}`, { headers: { authorization: `Basic ${wrong}` } }))
        .status,
    ).toBe(401);
    const own = await fetch(`${gw.url}/api/devices/${DEVICE}/uploads/${name}`, { headers: headersOf.get('device')! });
    expect(await own.json()).toEqual({ offset: 0, complete: false });
    const other = await fetch(`${gw.url}/api/devices/scope-cam-1/uploads/scope-cam-1_000009.mp4`, {
      headers: headersOf.get('device')!,
    });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: string }).code).toBe('wrong-device');
  });
});
