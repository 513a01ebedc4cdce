/**
 * Who may call what: the role × route matrix over every route of the API
 * (from the OpenAPI document, so a new route without a row here fails), and
 * the object-level limits (an officer's own footage, cases in legal review),
 * with cross-unit and cross-case rows: each object kind (case, step, link,
 * review item, export, recording, live stream) asked for by a caller of
 * another unit, case or officer.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/auth/roles.js';
import { migrate, openSqlite } from '../src/db/database.js';
import { migrations } from '../src/db/migrations.js';
import { installScope } from '../src/http/scope.js';
import {
  exited,
  handOut,
  pushTestStream,
  registerDevice,
  startTestGateway,
  waitFor,
  type TestGateway,
} from './helpers.js';

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
  'GET /api/cases/{id}/documents': [O, S, L, A],
  'POST /api/cases/{id}/documents': [O, S],
  'GET /api/cases/{id}/documents/index': [O, S, L, A],
  'GET /api/documents/{id}/content': [O, S, L, A],
  'GET /api/cases/{id}/legal': [O, S, L, A],
  'PUT /api/cases/{id}/legal/decision': [O, S],
  'POST /api/cases/{id}/legal/draft': [O, S],
  'GET /api/cases/{id}/legal/checks': [O, S, L, A],
  'POST /api/cases/{id}/legal/submit': [O, S],
  'GET /api/legal-reviews': [L, S, A],
  'GET /api/legal-reviews/{id}': [O, S, L, A],
  'GET /api/legal-reviews/{id}/signature': [O, S, L, A],
  'POST /api/legal-reviews/{id}/accept': [L],
  'POST /api/legal-reviews/{id}/withdraw': [O, S],
  'POST /api/legal-reviews/{id}/opinion': [L],
  'POST /api/legal-reviews/{id}/discussion': [S],
  'GET /api/legal-reviewers': [L, S, A],
  'PUT /api/legal-reviewers/{username}': [],
  'GET /api/legal-review/catalogue': 'user',
  'PUT /api/legal-review/catalogue': [],
  'GET /api/disclosure/pages': [S, A],
  'GET /api/disclosure/pages/{slug}': [S, A],
  'GET /api/disclosure/pages/{slug}/versions': [S, A],
  'GET /api/disclosure/pages/{slug}/versions/{version}': [S, A],
  'PUT /api/disclosure/pages/{slug}': [S],
  'POST /api/disclosure/pages/{slug}/generate': [S],
  'GET /api/disclosure/procedures/{kind}': [S, A],
  'POST /api/disclosure/procedures/{kind}/preview': [S],
  'GET /api/inspections/items': [S, A],
  'PUT /api/inspections/items': [S],
  'GET /api/inspections/plans': [S, A],
  'POST /api/inspections/plans': [S],
  'GET /api/inspections/plans/{id}': [S, A],
  'PATCH /api/inspections/plans/{id}': [S],
  'PUT /api/inspections/plans/{id}/parties': [S],
  'PUT /api/inspections/plans/{id}/roster': [S],
  'PUT /api/inspections/plans/{id}/conflicts': [S],
  'POST /api/inspections/plans/{id}/commit': [S],
  'POST /api/inspections/plans/{id}/draw': [S],
  'POST /api/inspections/plans/{id}/cancel': [S],
  'GET /api/inspections/plans/{id}/files': [S, A],
  'GET /api/inspections/plans/{id}/files/{name}': [S, A],
  'GET /api/inspections/plans/{id}/assignments': [S, A],
  'GET /api/inspections/assignments/{id}': [S, A],
  'POST /api/inspections/assignments/{id}/result': [S],
  'GET /api/publications': [S, L, A],
  'GET /api/publicity/annual-report': [S, L, A],
  'GET /api/publicity/annual-report.csv': [S, L, A],
  'GET /api/publications/breaches': [S, L, A],
  'GET /api/publications/{id}': [S, L, A],
  'POST /api/cases/{id}/publication': [S, L],
  'PATCH /api/publications/{id}': [S, L],
  'POST /api/publications/{id}/publish': [S, L],
  'POST /api/publications/{id}/withdraw': [S, L],
  'GET /api/publications/{id}/videos': [S, L, A],
  'GET /api/publications/{id}/videos/footage': [S, L],
  'POST /api/publications/{id}/videos': [S, L],
  'GET /api/publications/{id}/videos/{videoId}': [S, L, A],
  'PATCH /api/publications/{id}/videos/{videoId}': [S, L],
  'GET /api/publications/{id}/videos/{videoId}/frame': [S, L],
  'POST /api/publications/{id}/videos/{videoId}/render': [S, L],
  'GET /api/publications/{id}/videos/{videoId}/file': [S, L, A],
  'GET /api/publications/{id}/videos/{videoId}/manifest': [S, L, A],
  'POST /api/publications/{id}/videos/{videoId}/sign-off': [S, L],
  'POST /api/publications/{id}/videos/{videoId}/withdraw': [S, L],
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
  // Footage below is uploaded as unenrolled recorders would (real HTTP), so keep that allowed here.
  gw = await startTestGateway({ auth: { allowUnenrolledUploads: true } });
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

/** A segment uploaded as a recorder does (PATCH the bytes, then complete); its recording id. */
async function upload(deviceId: string, officerId: string | null, name: string, startedAt: string, endedAt: string) {
  await registerDevice(gw, deviceId, { officerId });
  const data = randomBytes(4096);
  const base = `${gw.url}/api/devices/${deviceId}/uploads/${deviceId}_${name}.mp4`;
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
      startedAt,
      endedAt,
      officerId,
      recordingIds: [`r${name}`],
      marked: false,
    }),
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { recordingId: string }).recordingId;
}

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
  it('footage is the desk holder’s, whoever the recorder names; a recorder naming someone else is flagged', async () => {
    // The desk handed claim-cam-1 to 33010002; the recorder (or whoever set its officer) names 33010001.
    await handOut(gw, 'claim-cam-1', '33010002', '2026-09-01T09:00:00Z', '2026-09-01T10:00:00Z');
    const rec = await upload('claim-cam-1', '33010001', '000001', '2026-09-01T09:10:00Z', '2026-09-01T09:11:00Z');
    const named = headersOf.get(O)!; // 33010001
    expect((await fetch(`${gw.url}/api/recordings/${rec}/file`, { headers: named })).status).toBe(403);
    const list = (await (await fetch(`${gw.url}/api/recordings`, { headers: named })).json()) as {
      recordings: { id: string }[];
    };
    expect(list.recordings.map((r) => r.id)).not.toContain(rec);
    const holder = { authorization: `Bearer ${await gw.tokenFor('officer', { officerId: '33010002' })}` };
    expect((await fetch(`${gw.url}/api/recordings/${rec}/file`, { headers: holder })).status).toBe(200);
    const audit = (await (await gw.fetch('/api/audit?action=flag&subjectType=segment')).json()) as {
      entries: { subjectId: string; detail: { reportedOfficerId?: string } }[];
    };
    expect(audit.entries.find((e) => e.subjectId === 'claim-cam-1/claim-cam-1_000001.mp4')?.detail).toMatchObject({
      reportedOfficerId: '33010001',
    });
  });

  it('an officer sees only their own footage; a legal reviewer only cases in review', async () => {
    const mine = await upload('scope-cam-1', '33010001', '000001', '2026-11-20T01:00:00Z', '2026-11-20T01:01:00Z');
    const theirs = await upload('scope-cam-2', '33010002', '000002', '2026-11-20T02:00:00Z', '2026-11-20T02:01:00Z');
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

describe('cross-unit and cross-case rows', () => {
  const OF1 = '33020101'; // an officer of unit u1
  const OF2 = '33020201'; // an officer of unit u2
  const as = new Map<string, Record<string, string>>();
  const id: Record<string, string> = {};
  let push: ChildProcess | undefined;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await gw.fetch(path, body === undefined ? { method } : json(method, body));
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown> & { id: string };
  };
  const items = async (who: string, query: string) =>
    (
      (await (await fetch(`${gw.url}/api/reviews?${query}`, { headers: as.get(who) })).json()) as {
        items: { id: string; unitId: string | null; deviceId: string }[];
      }
    ).items;
  const itemOf = (kind: string, query: string) =>
    waitFor(async () => (await items('admin', `kind=${kind}&${query}`))[0], 60_000, `${kind} item (${query})`);
  const exportDone = async (caseId: string) => {
    const job = await api('POST', `/api/cases/${caseId}/exports`, { format: 'zip' });
    const state = await waitFor(
      async () => {
        const s = (await api('GET', `/api/exports/${job.id}`)).state as string;
        return s === 'done' || s === 'failed' ? s : null;
      },
      120_000,
      'export finished',
    );
    expect(state).toBe('done');
    return job.id;
  };

  beforeAll(async () => {
    for (const u of ['u1', 'u2']) await api('POST', '/api/units', { id: u, name: `中队 ${u}` });
    await api('POST', '/api/officers', { id: OF1, name: '周一', unitId: 'u1' });
    await api('POST', '/api/officers', { id: OF2, name: '吴二', unitId: 'u2' });
    const token = async (role: Role, scope: { officerId?: string; unitId?: string } = {}) => ({
      authorization: `Bearer ${await gw.tokenFor(role, scope)}`,
    });
    as.set('admin', { authorization: `Bearer ${gw.token}` });
    as.set('sup1', await token('supervisor', { unitId: 'u1' }));
    as.set('sup2', await token('supervisor', { unitId: 'u2' }));
    as.set('sup0', await token('supervisor'));
    as.set('legal', await token('legal-reviewer'));
    as.set('officer1', await token('officer', { officerId: OF1 }));
    as.set('equipment', await token('equipment-manager'));

    // Footage: each officer's in their case's step, and unsorted footage (no step covers it).
    id.rec1 = await upload('xs-cam-1', OF1, '000001', '2026-10-01T09:00:00Z', '2026-10-01T09:01:00Z');
    id.rec2 = await upload('xs-cam-2', OF2, '000001', '2026-10-01T09:00:00Z', '2026-10-01T09:01:00Z');
    await upload('xs-cam-6', OF1, '000001', '2026-10-02T09:00:00Z', '2026-10-02T09:01:00Z');
    await upload('xs-cam-3', OF2, '000001', '2026-10-02T09:00:00Z', '2026-10-02T09:01:00Z');
    // Footage that names no officer, from a recorder the desk had handed to OF2 then; and from one nobody held.
    await registerDevice(gw, 'xs-cam-4', { officerId: null });
    await api('POST', '/api/assignments', {
      deviceId: 'xs-cam-4',
      officerId: OF2,
      startedAt: '2026-10-03T08:00:00Z',
      endedAt: '2026-10-03T18:00:00Z',
    });
    id.recHeld = await upload('xs-cam-4', null, '000001', '2026-10-03T09:00:00Z', '2026-10-03T09:01:00Z');
    await upload('xs-cam-5', null, '000001', '2026-10-04T09:00:00Z', '2026-10-04T09:01:00Z');

    const step = (officer: string, from: string, to: string, title: string) => ({
      kind: 'on-site-inspection',
      title,
      startsAt: from,
      endsAt: to,
      officers: [officer],
    });
    const c1 = await api('POST', '/api/cases', {
      number: 'XS-1',
      kind: 'penalty',
      title: '一中队的案件',
      unitId: 'u1',
      steps: [step(OF1, '2026-10-01T09:00:00Z', '2026-10-01T09:01:00Z', 's1')],
    });
    const c2 = await api('POST', '/api/cases', {
      number: 'XS-2',
      kind: 'penalty',
      title: '二中队的案件',
      unitId: 'u2',
      steps: [
        step(OF2, '2026-10-01T09:00:00Z', '2026-10-01T09:01:00Z', 's2'),
        // No footage at all: a coverage gap OF2 must explain.
        step(OF2, '2026-10-05T09:00:00Z', '2026-10-05T10:00:00Z', 's2gap'),
      ],
    });
    const c3 = await api('POST', '/api/cases', { number: 'XS-3', kind: 'penalty', title: '待法制审核', unitId: 'u1' });
    await api('PATCH', `/api/cases/${c3.id}`, { status: 'in_review' });
    Object.assign(id, { c1: c1.id, c2: c2.id, c3: c3.id });
    const stepsOf = (c: Record<string, unknown>) => c.steps as { id: string; title: string }[];
    id.s1 = stepsOf(c1).find((s) => s.title === 's1')!.id;
    id.s2 = stepsOf(c2).find((s) => s.title === 's2')!.id;
    id.gap2 = (await itemOf('coverage-gap', `case=${c2.id}`)).id;
    id.itemU1 = (await itemOf('unsorted', 'device=xs-cam-6')).id;
    id.itemU2 = (await itemOf('unsorted', 'device=xs-cam-3')).id;
    id.itemHeld = (await itemOf('unsorted', 'device=xs-cam-4')).id;
    id.itemNobody = (await itemOf('unsorted', 'device=xs-cam-5')).id;
    id.job1 = await exportDone(c1.id);
    id.job2 = await exportDone(c2.id);

    // A u2 recorder streaming live: held by OF2 (the desk's assignment, still open).
    await registerDevice(gw, 'xs-live-2', { officerId: OF2 });
    await api('POST', '/api/assignments', {
      deviceId: 'xs-live-2',
      officerId: OF2,
      startedAt: new Date(Date.now() - 3600_000).toISOString(),
    });
    push = pushTestStream(`${gw.rtmpUrl}/live/xs-live-2`);
    await waitFor(() => gw.registry.get('xs-live-2')?.live, 60_000, 'xs-live-2 streaming');
  }, 600_000);
  afterAll(async () => {
    if (push) {
      push.kill('SIGKILL');
      await exited(push);
    }
  });

  /** One request as `who`; the status and error code (streams: the headers only). */
  async function call(who: string, method: string, path: string, body?: unknown) {
    const ctrl = new AbortController();
    const res = await fetch(`${gw.url}${path}`, {
      method,
      signal: ctrl.signal,
      headers: { ...as.get(who), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const b = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { code?: string }) : {};
    ctrl.abort();
    return { status: res.status, code: b.code ?? '' };
  }

  /** Rows of [who, method, path, body, want]: 403 means 403 out-of-scope. Read rows first, then writes. */
  const rows = (): [string, string, string, unknown, number][] => {
    const reason = { reason: '跨中队测试' };
    const newStep = (officer: string) => ({
      kind: 'other',
      startsAt: '2026-10-06T09:00:00Z',
      endsAt: '2026-10-06T10:00:00Z',
      officers: [officer],
    });
    const play = `/api/playback?device=xs-cam-2&from=2026-10-01T08:00:00Z&to=2026-10-01T10:00:00Z`;
    return [
      // A unit-u1 supervisor and a u2 case, its steps, links, footage, review items, exports, live stream.
      ['sup1', 'GET', `/api/cases/${id.c2}`, undefined, 403],
      ['sup1', 'GET', `/api/cases/${id.c2}/coverage`, undefined, 403],
      ['sup1', 'GET', `/api/cases/${id.c2}/timeline`, undefined, 403],
      ['sup1', 'GET', `/api/steps/${id.s2}/links`, undefined, 403],
      ['sup1', 'GET', `/api/recordings/${id.rec2}/file`, undefined, 403],
      ['sup1', 'GET', `/api/recordings/${id.recHeld}/file`, undefined, 403],
      ['sup1', 'GET', play, undefined, 403],
      ['sup1', 'GET', `/api/exports/${id.job2}`, undefined, 403],
      ['sup1', 'GET', `/api/exports/${id.job2}/download`, undefined, 403],
      ['sup1', 'GET', `/api/reviews/${id.itemU2}`, undefined, 403],
      ['sup1', 'GET', `/api/reviews/${id.gap2}`, undefined, 403],
      ['sup1', 'GET', '/api/coverage/report?unit=u2', undefined, 403],
      ['sup1', 'GET', '/live/xs-live-2.flv', undefined, 403],
      ['sup1', 'PATCH', `/api/cases/${id.c2}`, { title: '改了别人的案件' }, 403],
      ['sup1', 'PATCH', `/api/cases/${id.c1}`, { unitId: 'u2' }, 403],
      ['sup1', 'POST', '/api/cases', { number: 'XS-9', kind: 'penalty', title: '给二中队建案', unitId: 'u2' }, 403],
      ['sup1', 'POST', `/api/cases/${id.c2}/exports`, { format: 'zip' }, 403],
      ['sup1', 'POST', `/api/cases/${id.c2}/steps`, newStep(OF2), 403],
      ['sup1', 'POST', `/api/cases/${id.c1}/steps`, newStep(OF2), 403],
      ['sup1', 'PATCH', `/api/steps/${id.s2}`, { title: '改了别人的环节' }, 403],
      ['sup1', 'PATCH', `/api/steps/${id.s1}`, { officers: [OF2] }, 403],
      ['sup1', 'POST', `/api/steps/${id.s2}/links`, { recordingIds: [id.rec1], ...reason }, 403],
      ['sup1', 'POST', `/api/steps/${id.s1}/links`, { recordingIds: [id.rec2], ...reason }, 403],
      ['sup1', 'POST', `/api/steps/${id.s2}/unlink`, { recordingId: id.rec2, ...reason }, 403],
      ['sup1', 'POST', `/api/reviews/${id.itemU2}/link`, { stepId: id.s1, ...reason }, 403],
      ['sup1', 'POST', `/api/reviews/${id.itemU1}/link`, { stepId: id.s2, ...reason }, 403],
      ['sup1', 'POST', `/api/reviews/${id.gap2}/assign`, { assignee: 'sup1' }, 403],
      ['sup1', 'POST', `/api/reviews/${id.gap2}/decide`, { decision: 'accepted' }, 403],
      ['sup1', 'POST', '/api/devices/xs-live-2/commands', { action: 'stop', reason: '跨中队' }, 403],
      ['sup1', 'DELETE', `/api/steps/${id.s2}`, undefined, 403],
      ['sup1', 'DELETE', `/api/exports/${id.job2}`, undefined, 403],
      // A legal reviewer and a case that is not in legal review, and its export.
      ['legal', 'GET', `/api/cases/${id.c1}`, undefined, 403],
      ['legal', 'GET', `/api/steps/${id.s1}/links`, undefined, 403],
      ['legal', 'GET', `/api/exports/${id.job1}`, undefined, 403],
      ['legal', 'GET', `/api/exports/${id.job1}/download`, undefined, 403],
      ['legal', 'POST', `/api/cases/${id.c1}/exports`, { format: 'zip' }, 403],
      ['legal', 'DELETE', `/api/exports/${id.job1}`, undefined, 403],
      // An officer and another officer's recording, review items and case.
      ['officer1', 'GET', `/api/recordings/${id.rec2}/file`, undefined, 403],
      ['officer1', 'GET', play, undefined, 403],
      ['officer1', 'GET', `/api/cases/${id.c2}`, undefined, 403],
      ['officer1', 'GET', `/api/steps/${id.s2}/links`, undefined, 403],
      ['officer1', 'GET', `/api/reviews/${id.itemU2}`, undefined, 403],
      ['officer1', 'POST', `/api/reviews/${id.gap2}/explain`, { reason: 'other', explanation: '不是我的' }, 403],
      // The same objects in the right scope.
      ['officer1', 'GET', `/api/recordings/${id.rec1}/file`, undefined, 200],
      ['officer1', 'GET', `/api/cases/${id.c1}`, undefined, 200],
      ['sup1', 'GET', `/api/cases/${id.c1}`, undefined, 200],
      ['sup1', 'GET', `/api/exports/${id.job1}/download`, undefined, 200],
      ['sup1', 'GET', `/api/reviews/${id.itemU1}`, undefined, 200],
      ['sup1', 'GET', '/api/coverage/report?unit=u1', undefined, 200],
      ['sup2', 'GET', `/api/cases/${id.c2}`, undefined, 200],
      ['sup2', 'GET', `/api/recordings/${id.rec2}/file`, undefined, 200],
      // Footage naming no officer is the holder's (the desk's assignment then): OF2's, so u2's.
      ['sup2', 'GET', `/api/recordings/${id.recHeld}/file`, undefined, 200],
      ['sup2', 'GET', `/api/exports/${id.job2}/download`, undefined, 200],
      ['sup2', 'GET', `/api/reviews/${id.itemU2}`, undefined, 200],
      ['sup2', 'GET', `/api/reviews/${id.itemHeld}`, undefined, 200],
      ['sup2', 'GET', '/live/xs-live-2.flv', undefined, 200],
      ['equipment', 'GET', '/live/xs-live-2.flv', undefined, 200],
      ['sup0', 'GET', `/api/reviews/${id.itemNobody}`, undefined, 200],
      ['legal', 'POST', `/api/cases/${id.c3}/exports`, { format: 'zip' }, 202],
      ['sup2', 'PATCH', `/api/cases/${id.c2}`, { title: '二中队改自己的案件' }, 200],
      ['sup2', 'POST', `/api/reviews/${id.itemU2}/link`, { stepId: id.s2, ...reason }, 200],
      ['sup1', 'POST', '/api/cases', { number: 'XS-10', kind: 'penalty', title: '一中队新案' }, 201],
    ];
  };

  it('answers each object outside the caller’s unit, case or footage with 403 out-of-scope, and inside it as usual', async () => {
    const wrong: string[] = [];
    for (const [who, method, path, body, want] of rows()) {
      const got = await call(who, method, path, body);
      const ok = want === 403 ? got.status === 403 && got.code === 'out-of-scope' : got.status === want;
      if (!ok) wrong.push(`${who} ${method} ${path}: ${got.status} ${got.code} (want ${want})`);
    }
    expect(wrong).toEqual([]);
    // A unit supervisor's new case is in their unit.
    const made = (await api('GET', '/api/cases?q=XS-10')).cases as { unitId: string | null }[];
    expect(made.map((c) => c.unitId)).toEqual(['u1']);
  });

  it('unsorted footage carries the unit of its officer, or of the recorder’s holder; the unit’s supervisor sees it', async () => {
    const unitOf = async (itemId: string) =>
      (
        (await (await fetch(`${gw.url}/api/reviews/${itemId}`, { headers: as.get('admin') })).json()) as {
          unitId: string | null;
        }
      ).unitId;
    expect(await unitOf(id.itemU1)).toBe('u1');
    expect(await unitOf(id.itemHeld)).toBe('u2');
    expect(await unitOf(id.itemNobody)).toBeNull();
    // (xs-cam-1 and -2 may have had an item before their cases were made: not looked at here.)
    const seen = async (who: string) =>
      (await items(who, 'kind=unsorted'))
        .map((i) => i.deviceId)
        .filter((d) => ['xs-cam-3', 'xs-cam-4', 'xs-cam-5', 'xs-cam-6'].includes(d))
        .sort();
    expect(await seen('sup1')).toEqual(['xs-cam-6']);
    // xs-cam-3 was linked by sup2 above: done, still listed.
    expect(await seen('sup2')).toEqual(['xs-cam-3', 'xs-cam-4']);
    // Footage of no known unit: for supervisors without a unit (and admins).
    expect(await seen('sup0')).toEqual(['xs-cam-3', 'xs-cam-4', 'xs-cam-5', 'xs-cam-6']);
    // Queue counts are of the caller's items too.
    const total = async (who: string, kind: string) => {
      const c = (
        (await (await fetch(`${gw.url}/api/reviews/counts`, { headers: as.get(who) })).json()) as {
          counts: Record<string, { open: number; in_review: number; done: number }>;
        }
      ).counts[kind]!;
      return c.open + c.in_review + c.done;
    };
    const gaps1 = await items('sup1', 'kind=coverage-gap&limit=5000');
    expect(gaps1.map((i) => i.id)).not.toContain(id.gap2);
    expect(await total('sup1', 'coverage-gap')).toBe(gaps1.length);
    expect(await total('sup2', 'coverage-gap')).toBe((await items('sup2', 'kind=coverage-gap&limit=5000')).length);
    expect(await total('admin', 'coverage-gap')).toBeGreaterThan(await total('sup1', 'coverage-gap'));
  });

  it('lists only the exports of cases in the caller’s scope', async () => {
    const jobs = async (who: string) =>
      (
        (await (await fetch(`${gw.url}/api/exports`, { headers: as.get(who) })).json()) as { jobs: { id: string }[] }
      ).jobs.map((j) => j.id);
    expect(await jobs('sup1')).toContain(id.job1);
    expect(await jobs('sup1')).not.toContain(id.job2);
    expect(await jobs('sup2')).toContain(id.job2);
    expect(await jobs('legal')).not.toContain(id.job1);
    expect(await jobs('legal')).not.toContain(id.job2);
  });

  it('stops at startup on a route open to a scoped role that names no objects (config.scope)', async () => {
    const start = async () => {
      const app = Fastify();
      // The check runs as routes are added: no database is reached.
      installScope(app, { db: null as never, exports: null as never });
      app.get('/api/unscoped', { config: { access: ['supervisor'] } }, async () => ({}));
      await app.ready();
    };
    await expect(start()).rejects.toThrow(/declares no config\.scope/);
  });

  it('refuses live video of another unit’s recorder over WebSocket too', async () => {
    const upgrade = (who: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(`${gw.url}/live/xs-live-2.flv`);
        const req = request({
          host: u.hostname,
          port: u.port,
          path: u.pathname,
          headers: {
            ...as.get(who),
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': randomBytes(16).toString('base64'),
          },
        });
        req.on('upgrade', (res, socket) => {
          socket.destroy();
          resolve(res.statusCode ?? 0);
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    expect(await upgrade('sup1')).toBe(403);
    expect(await upgrade('sup2')).toBe(101);
  });
});

describe('review items filed before unsorted footage carried a unit', () => {
  it('are filed under the footage’s unit when the station upgrades (migration 0012)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-units-'));
    const db = openSqlite(join(dir, 'station.sqlite'));
    try {
      // The database as the station left it before the fix: every migration up to the one before.
      const names = Object.keys(migrations).sort();
      const before = names[names.indexOf('0012_review_item_units') - 1]!;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo(before)).error).toBeUndefined();
      const now = new Date().toISOString();
      await db
        .insertInto('units')
        .values(['u1', 'u2'].map((id) => ({ id, name: id, parent_id: null, created_at: now })))
        .execute();
      await db
        .insertInto('officers')
        .values(
          [
            ['33020101', 'u1'],
            ['33020201', 'u2'],
          ].map(([id, unit]) => ({
            id: id!,
            name: id!,
            licence_no: null,
            unit_id: unit!,
            role: 'officer',
            active: 1,
            created_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('assignments')
        .values({
          id: randomUUID(),
          device_id: 'old-cam-2',
          officer_id: '33020201',
          started_at: '2026-10-03T08:00:00.000Z',
          ended_at: '2026-10-03T18:00:00.000Z',
          created_by: 'test',
          created_at: now,
        })
        .execute();
      const item = (
        kind: 'unsorted' | 'marked' | 'coverage-gap',
        device: string,
        officer: string | null,
        extra: { case_id?: string; unit_id?: string } = {},
      ) => ({
        id: randomUUID(),
        kind,
        subject_id: `${device}/${randomUUID()}`,
        title: device,
        case_id: extra.case_id ?? null,
        step_id: null,
        device_id: device,
        officer_id: officer,
        unit_id: extra.unit_id ?? null,
        subject_start: '2026-10-03T09:00:00.000Z',
        subject_end: '2026-10-03T09:01:00.000Z',
        state: 'open' as const,
        assignee: null,
        explanation: null,
        explanation_reason: null,
        explained_by: null,
        decision: null,
        decision_note: null,
        decided_by: null,
        resolution: null,
        detail: null,
        due_at: now,
        created_at: now,
        updated_at: now,
      });
      const rows = {
        byOfficer: item('unsorted', 'old-cam-1', '33020101'),
        byHolder: item('unsorted', 'old-cam-2', null),
        mark: item('marked', 'old-cam-2', null),
        nobody: item('unsorted', 'old-cam-3', null),
        caseItem: item('coverage-gap', 'old-cam-1', '33020101', { case_id: 'some-case' }),
        filed: item('unsorted', 'old-cam-4', '33020101', { unit_id: 'u2' }),
      };
      await db.insertInto('review_items').values(Object.values(rows)).execute();

      await migrate(db);
      const units = Object.fromEntries(
        (await db.selectFrom('review_items').select(['id', 'unit_id']).execute()).map((r) => [r.id, r.unit_id]),
      );
      expect(Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, units[r.id]]))).toEqual({
        byOfficer: 'u1',
        byHolder: 'u2',
        mark: 'u2',
        nobody: null,
        // A case's items are filed under the case's unit, as before; one already filed stays.
        caseItem: null,
        filed: 'u2',
      });
    } finally {
      await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
