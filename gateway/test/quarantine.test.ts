/**
 * A segment whose evidence chain the station refuses is quarantined, not
 * refused forever: the station keeps the bytes and the offered chain, opens
 * one review item, audits it, and answers 422 chain-refused (quarantined) on
 * every repeat without opening another. Real chained segments (ffmpeg + the
 * evidence writer), real SQLite, real HTTP.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../evidence/test/helpers.js';
import { complete, recorderSegments, registerKey, sendBytes, sha, type FixtureSegment } from './chain-fixtures.js';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

const DEVICE = 'qt-001';
const OFFICER = '33030001';
let gw: TestGateway;
let segs: FixtureSegment[];

async function api<T = Record<string, unknown>>(path: string, token = gw.token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

interface Item {
  id: string;
  kind: string;
  subjectId: string;
  state: string;
  deviceId: string;
  officerId: string | null;
  unitId: string | null;
  detail: { reason: string; copies: number; segment: string };
}

beforeAll(async () => {
  gw = await startTestGateway();
  await registerDevice(gw, DEVICE, { officerId: OFFICER });
  const unit = await gw.fetch('/api/units', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'u3', name: '综合执法三中队' }),
  });
  expect(unit.status).toBe(200);
  const officer = await gw.fetch('/api/officers', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: OFFICER, name: '孙七', unitId: 'u3' }),
  });
  expect(officer.status).toBe(200);
  const made = await recorderSegments(DEVICE, 3, { startMs: Date.parse('2026-11-26T08:00:00Z') });
  segs = made.segments;
  await registerKey(gw, DEVICE, made.keys);
});
afterAll(async () => {
  await gw?.cleanup();
  removeTempDirs();
});

/** The chain with one fragment entry left out: "1 entry missing … between fragment n and n+1". */
const withoutOneEntry = (chain: string) => {
  const lines = chain.split('\n').filter(Boolean);
  const i = lines.findIndex((l) => (JSON.parse(l) as { kind: string; fragmentIndex: number }).fragmentIndex === 1);
  expect(i).toBeGreaterThan(0);
  return lines.filter((_, k) => k !== i).join('\n') + '\n';
};

describe('quarantine of segments whose chain the station refuses', () => {
  it('stores a valid segment as before', async () => {
    const s = segs[0]!;
    expect(await sendBytes(gw, DEVICE, s.name, s.bytes!)).toBe(200);
    const done = await complete(gw, DEVICE, { ...s, bytes: s.bytes! }, OFFICER);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ acknowledged: true, sha256: s.sha256 });
  });

  it('a refused chain is kept in quarantine with a review item and an audit entry, and answered 422 chain-refused', async () => {
    const s = segs[1]!;
    const chain = withoutOneEntry(s.chain);
    expect(await sendBytes(gw, DEVICE, s.name, s.bytes!)).toBe(200);
    const refused = await complete(gw, DEVICE, { ...s, bytes: s.bytes!, chain }, OFFICER);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'chain-refused', quarantined: true });
    expect(refused.body.reason).toMatch(/MISSING|UNCOVERED|entr/i);
    expect(refused.body.details).toMatchObject({ quarantined: true, reason: refused.body.reason });

    // The bytes and the chain as they came, and why, outside the footage store.
    const dir = join(gw.dataDir, 'quarantine', DEVICE);
    expect(sha(readFileSync(join(dir, s.name)))).toBe(s.sha256);
    expect(readFileSync(join(dir, `${s.name}.chain.jsonl`), 'utf8')).toBe(chain);
    const why = JSON.parse(readFileSync(join(dir, `${s.name}.quarantine.json`), 'utf8')) as Record<string, unknown>;
    expect(why).toMatchObject({ deviceId: DEVICE, segment: s.name, reason: refused.body.reason, sha256: s.sha256 });
    expect(existsSync(join(gw.dataDir, 'footage', DEVICE, 'device', s.name))).toBe(false);
    expect(existsSync(join(gw.dataDir, 'uploads', DEVICE, `${s.name}.part`))).toBe(false);

    const list = await api<{ items: { segment: string; reason: string; sha256: string; copy: number }[] }>(
      '/api/quarantine',
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({ segment: s.name, reason: refused.body.reason, sha256: s.sha256, copy: 1 }),
    ]);
    const items = await api<{ items: Item[] }>('/api/reviews?kind=quarantine');
    expect(items.body.items).toEqual([
      expect.objectContaining({
        kind: 'quarantine',
        subjectId: `${DEVICE}/${s.name}`,
        state: 'open',
        deviceId: DEVICE,
        officerId: OFFICER,
        unitId: 'u3',
      }),
    ]);
    expect(items.body.items[0]!.detail).toMatchObject({ reason: refused.body.reason, copies: 1 });
    const audit = await api<{ entries: { actor: string; subjectId: string; detail: { reason: string } }[] }>(
      '/api/audit?action=quarantine',
    );
    expect(audit.body.entries).toEqual([
      expect.objectContaining({ actor: expect.stringContaining(`device:${DEVICE}`), subjectId: `${DEVICE}/${s.name}` }),
    ]);
  });

  it('a repeat of the refused upload gets the same answer and opens nothing new', async () => {
    const s = segs[1]!;
    const chain = withoutOneEntry(s.chain);
    const first = (await api<{ items: { id: string }[] }>('/api/quarantine')).body.items[0]!.id;
    // Completing again, and sending the same bytes again and completing: the same 422 both times.
    const again = await complete(gw, DEVICE, { ...s, bytes: s.bytes!, chain }, OFFICER);
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({ code: 'chain-refused', quarantined: true, quarantineId: first });
    expect(await sendBytes(gw, DEVICE, s.name, s.bytes!)).toBe(200);
    const resent = await complete(gw, DEVICE, { ...s, bytes: s.bytes!, chain }, OFFICER);
    expect(resent.body).toMatchObject({ code: 'chain-refused', quarantineId: first });
    // The repeated bytes are not kept twice.
    expect(existsSync(join(gw.dataDir, 'uploads', DEVICE, `${s.name}.part`))).toBe(false);
    expect((await api<{ items: unknown[] }>('/api/quarantine')).body.items).toHaveLength(1);
    expect((await api<{ items: unknown[] }>('/api/reviews?kind=quarantine')).body.items).toHaveLength(1);
    expect((await api<{ entries: unknown[] }>('/api/audit?action=quarantine')).body.entries).toHaveLength(1);
  });

  it('other bytes refused under the same name are kept beside, never over, the first', async () => {
    const s = segs[1]!;
    const other = segs[2]!;
    // Another segment's bytes and chain under this name: its entries name another file.
    expect(await sendBytes(gw, DEVICE, s.name, other.bytes!)).toBe(200);
    const refused = await complete(gw, DEVICE, { ...s, bytes: other.bytes!, chain: other.chain }, OFFICER);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'chain-refused', quarantined: true });
    const dir = join(gw.dataDir, 'quarantine', DEVICE);
    expect(sha(readFileSync(join(dir, s.name)))).toBe(s.sha256);
    expect(sha(readFileSync(join(dir, `${s.name}.2`)))).toBe(other.sha256);
    expect(readFileSync(join(dir, `${s.name}.2.chain.jsonl`), 'utf8')).toBe(other.chain);
    const list = (await api<{ items: { copy: number }[] }>(`/api/quarantine?device=${DEVICE}`)).body.items;
    expect(list.map((q) => q.copy).sort()).toEqual([1, 2]);
    // Still one item for the segment; it knows of both copies.
    const items = (await api<{ items: Item[] }>('/api/reviews?kind=quarantine')).body.items;
    expect(items).toHaveLength(1);
    expect(items[0]!.detail.copies).toBe(2);
  });

  it('supervisors and auditors see the quarantine; officers do not', async () => {
    expect((await api('/api/quarantine', await gw.tokenFor('auditor'))).status).toBe(200);
    expect((await api('/api/quarantine', await gw.tokenFor('officer', { officerId: OFFICER }))).status).toBe(403);
    const otherUnit = await api<{ items: unknown[] }>(
      '/api/quarantine',
      await gw.tokenFor('supervisor', { unitId: 'u9' }),
    );
    expect(otherUnit.body.items).toEqual([]);
  });
});
