/**
 * The officers page (执法人员, 事前公开) follows the officer registry by itself: a change to what it
 * shows (an officer added, moved to another unit, renamed, deactivated; a unit renamed) publishes
 * a new dated, signed version chained to the previous one, by the station, audited; a change it does
 * not show publishes nothing. Real gateway, real HTTP, the public portal on its own listener.
 */
import { createPublicKey } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestSignature, type ManifestSignature } from '@liuhen/evidence';
import type { AuditEntryView } from '@liuhen/contract';
import { openSqlite } from '../src/db/database.js';
import { startTestGateway, waitFor, type TestGateway } from './helpers.js';

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

interface PortalPage {
  page: {
    version: number;
    effectiveFrom: string;
    publishedAt: string;
    supersedes: { version: number; sha256: string } | null;
    content: { officers: { name: string; licenceNo: string; unit: string }[] };
  };
  publicJson: string;
  signature: ManifestSignature;
}

const shanghaiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

interface VersionView {
  version: number;
  title: string;
  effectiveFrom: string;
  scheduled: boolean;
  content: { officers: { name: string; licenceNo: string; unit: string }[] };
}
const versionsOf = async (gw: TestGateway) =>
  ((await (await gw.fetch('/api/disclosure/pages/officers/versions')).json()) as { versions: VersionView[] }).versions;
const auditOf = async (gw: TestGateway, version: number) =>
  (
    (await (await gw.fetch(`/api/audit?subjectType=disclosure-page&subjectId=officers/v${version}`)).json()) as {
      entries: AuditEntryView[];
    }
  ).entries;

/** Every insert of a page version fails while it is there, as a busy or failing database would. */
async function breakPageWrites(gw: TestGateway): Promise<() => Promise<void>> {
  const db = openSqlite(join(gw.dataDir, 'liuhen.sqlite'));
  await sql`CREATE TRIGGER test_no_pages BEFORE INSERT ON disclosure_pages BEGIN SELECT RAISE(ABORT, 'database is locked'); END`.execute(
    db,
  );
  return async () => {
    await sql`DROP TRIGGER test_no_pages`.execute(db);
    await db.destroy();
  };
}

describe('the officers page follows the officer registry', () => {
  let gw: TestGateway;
  const portal = async (path: string) => {
    const res = await fetch(`${gw.portalUrl}${path}`);
    return { status: res.status, body: (await res.json()) as PortalPage };
  };
  const officer = async (body: Record<string, unknown>) =>
    expect((await gw.fetch('/api/officers', json('POST', body))).status).toBe(200);
  const unit = async (id: string, name: string) =>
    expect((await gw.fetch('/api/units', json('POST', { id, name }))).status).toBe(200);
  const versions = async () =>
    ((await (await gw.fetch('/api/disclosure/pages/officers/versions')).json()) as { versions: unknown[] }).versions
      .length;

  const ZHANG = { id: '33020101', name: '张执法', licenceNo: '330100202501', licenceExpires: '2035-12-31' };
  const LI = { id: '33020102', name: '李执法', licenceNo: '330100202502', licenceExpires: '2035-12-31' };

  beforeAll(async () => {
    gw = await startTestGateway({ portal: { host: '127.0.0.1', port: 0 } });
    await unit('u1', '城关执法中队');
    await unit('u2', '东区执法中队');
    await officer({ ...ZHANG, unitId: 'u1' });
    await officer({ ...LI, unitId: 'u2' });
  }, 120_000);
  afterAll(async () => {
    await gw?.cleanup();
  });

  it('is not published by the station before an editor first publishes it', async () => {
    await officer({ ...LI, unitId: 'u2', name: '李执法员' });
    expect((await portal('/api/pages/officers')).status).toBe(404);
    const first = await gw.fetch('/api/disclosure/pages/officers/generate', json('POST', {}));
    expect(first.status).toBe(201);
    expect(await versions()).toBe(1);
  });

  it('an officer moved to another unit: a new version dated now, signed, chained; the old one stays readable', async () => {
    const before = await portal('/api/pages/officers');
    expect(before.body.page.version).toBe(1);
    expect(before.body.page.content.officers).toContainEqual({
      name: '张执法',
      licenceNo: ZHANG.licenceNo,
      unit: '城关执法中队',
    });

    const asked = Date.now();
    await officer({ ...ZHANG, unitId: 'u2' });

    // At once on the portal: the registry's answer came after the new version was committed.
    const after = await portal('/api/pages/officers');
    expect(after.status).toBe(200);
    expect(after.body.page.version).toBe(2);
    expect(after.body.page.effectiveFrom).toBe(shanghaiToday());
    expect(Date.parse(after.body.page.publishedAt)).toBeGreaterThanOrEqual(asked - 1000);
    expect(Date.parse(after.body.page.publishedAt)).toBeLessThanOrEqual(Date.now());
    expect(after.body.page.content.officers).toContainEqual({
      name: '张执法',
      licenceNo: ZHANG.licenceNo,
      unit: '东区执法中队',
    });
    expect(after.body.page.supersedes).toEqual({ version: 1, sha256: before.body.signature.sha256 });
    const key = createPublicKey(await (await fetch(`${gw.portalUrl}/station-key.pem`)).text());
    expect(verifyManifestSignature(Buffer.from(after.body.publicJson, 'utf8'), after.body.signature, key)).toBe(true);

    const old = await portal('/api/pages/officers/versions/1');
    expect(old.status).toBe(200);
    expect(old.body.publicJson).toBe(before.body.publicJson);
    expect(old.body.page.content.officers).toContainEqual({
      name: '张执法',
      licenceNo: ZHANG.licenceNo,
      unit: '城关执法中队',
    });

    // Published by the station, and audited as such, naming what set it off.
    const entries = (
      (await (await gw.fetch('/api/audit?subjectType=disclosure-page&subjectId=officers/v2')).json()) as {
        entries: AuditEntryView[];
      }
    ).entries;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'station', action: 'publish' });
    expect(entries[0]!.detail).toMatchObject({ version: 2, cause: 'officer-registry' });
    const internal = (await (await gw.fetch('/api/disclosure/pages/officers')).json()) as { publishedBy: string };
    expect(internal.publishedBy).toBe('station');
  });

  it('a change the page does not show publishes nothing', async () => {
    expect(await versions()).toBe(2);
    await officer({ ...ZHANG, unitId: 'u2', role: 'leader' }); // the role is not on the page
    await officer({ id: '33020103', name: '辅助人员', unitId: 'u1' }); // no licence: not on the page
    await officer({ ...ZHANG, unitId: 'u2' }); // the same again
    await unit('u3', '西区执法中队'); // nobody in it
    expect(await versions()).toBe(2);
    expect((await portal('/api/pages/officers')).body.page.version).toBe(2);
  });

  it('a unit renamed, an officer renamed, added or deactivated: one version each', async () => {
    await unit('u2', '东区综合执法中队');
    expect((await portal('/api/pages/officers')).body.page.content.officers.map((o) => o.unit)).toEqual(
      expect.arrayContaining(['东区综合执法中队']),
    );
    await officer({ ...ZHANG, unitId: 'u2', name: '张新名' });
    await officer({ id: '33020104', name: '王执法', licenceNo: '330100202504', unitId: 'u3' });
    await officer({ ...LI, unitId: 'u2', name: '李执法员', active: false });
    expect(await versions()).toBe(6);
    const last = await portal('/api/pages/officers');
    expect(last.body.page.version).toBe(6);
    expect(last.body.page.content.officers).toEqual([
      { name: '张新名', licenceNo: ZHANG.licenceNo, unit: '东区综合执法中队' },
      { name: '王执法', licenceNo: '330100202504', unit: '西区执法中队' },
    ]);
  });

  it('two registry changes at once: versions in order, no duplicate, the final state shown', async () => {
    const before = (await versionsOf(gw))[0]!.version;
    const [a, b] = await Promise.all([
      gw.fetch('/api/officers', json('POST', { ...ZHANG, unitId: 'u2', name: '张同时' })),
      gw.fetch(
        '/api/officers',
        json('POST', {
          id: '33020105',
          name: '赵执法',
          licenceNo: '330100202505',
          licenceExpires: '2035-12-31',
          unitId: 'u1',
        }),
      ),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const all = await versionsOf(gw);
    const added = all.filter((v) => v.version > before).reverse();
    expect(added.length).toBeGreaterThanOrEqual(1);
    expect(added.length).toBeLessThanOrEqual(2);
    expect(added.map((v) => v.version)).toEqual(added.map((_, i) => before + 1 + i));
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.content).not.toEqual(all[i]!.content);
    const last = await portal('/api/pages/officers');
    expect(last.body.page.version).toBe(before + added.length);
    expect(last.body.page.content.officers).toEqual([
      { name: '张同时', licenceNo: ZHANG.licenceNo, unit: '东区综合执法中队' },
      { name: '赵执法', licenceNo: '330100202505', unit: '城关执法中队' },
      { name: '王执法', licenceNo: '330100202504', unit: '西区执法中队' },
    ]);
  });

  it('a follow that fails leaves the registry write answering 200, and the next follow makes the page good', async () => {
    const before = (await versionsOf(gw))[0]!.version;
    const repair = await breakPageWrites(gw);
    try {
      const res = await gw.fetch('/api/officers', json('POST', { ...ZHANG, unitId: 'u2', name: '张故障' }));
      expect(res.status).toBe(200);
      expect(((await res.json()) as { name: string }).name).toBe('张故障');
      expect((await versionsOf(gw))[0]!.version).toBe(before);
    } finally {
      await repair();
    }
    // A change the page does not show sets off a follow: it publishes what the failed one missed.
    await officer({ ...ZHANG, unitId: 'u2', name: '张故障', role: 'leader' });
    const last = await portal('/api/pages/officers');
    expect(last.body.page.version).toBe(before + 1);
    expect(last.body.page.content.officers).toContainEqual({
      name: '张故障',
      licenceNo: ZHANG.licenceNo,
      unit: '东区综合执法中队',
    });
  });

  it('behind a version announced for later, the follow-up is held until that day, and says so', async () => {
    const later = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const scheduled = await gw.fetch(
      '/api/disclosure/pages/officers/generate',
      json('POST', { title: '执法人员名单（新）', effectiveFrom: later }),
    );
    expect(scheduled.status).toBe(201);
    await officer({ id: '33020105', name: '赵执法', licenceNo: '330100202505', unitId: 'u1', active: false });
    const [last] = await versionsOf(gw);
    expect(last).toMatchObject({ effectiveFrom: later, scheduled: true, title: '执法人员名单（新）' });
    expect(last!.content.officers.map((o) => o.name)).not.toContain('赵执法');
    expect((await auditOf(gw, last!.version))[0]!.detail).toMatchObject({
      cause: 'officer-registry',
      heldUntil: later,
    });
  });
});

describe('the officers page catches up at start, hourly and after midnight', () => {
  // A day far from today, so the test's clock, not the real one, says when licences expire.
  const DAY = '2031-05-20';
  const NEXT = '2031-05-21';
  const MARGIN_MS = 8_000;
  let a: TestGateway | undefined;
  let b: TestGateway | undefined;
  afterAll(async () => {
    await a?.stop().catch(() => undefined);
    await b?.cleanup();
    if (a) rmSync(a.dataDir, { recursive: true, force: true });
  });

  it('repairs a follow that failed, at the next start; a licence expiring at midnight leaves the page just after', async () => {
    const noon = Date.parse(`${DAY}T04:00:00Z`) - Date.now();
    a = await startTestGateway({ now: () => new Date(Date.now() + noon) });
    const post = (gw: TestGateway, path: string, body: unknown) => gw.fetch(path, json('POST', body));
    expect((await post(a, '/api/units', { id: 'u1', name: '城关执法中队' })).status).toBe(200);
    expect(
      (
        await post(a, '/api/officers', {
          id: '1',
          name: '甲',
          licenceNo: 'L1',
          licenceExpires: '2035-12-31',
          unitId: 'u1',
        })
      ).status,
    ).toBe(200);
    // 乙's licence is valid through DAY, not after it.
    expect(
      (await post(a, '/api/officers', { id: '2', name: '乙', licenceNo: 'L2', licenceExpires: DAY, unitId: 'u1' }))
        .status,
    ).toBe(200);
    expect((await post(a, '/api/disclosure/pages/officers/generate', {})).status).toBe(201);
    expect((await versionsOf(a))[0]!.content.officers.map((o) => o.name)).toEqual(['甲', '乙']);

    const repair = await breakPageWrites(a);
    const moved = await post(a, '/api/officers', { id: '1', name: '甲新', licenceNo: 'L1', unitId: 'u1' });
    expect(moved.status).toBe(200);
    await repair();
    expect(await versionsOf(a)).toHaveLength(1); // the page fell behind the registry
    await a.stop();

    // The station starts again a few seconds before midnight: the start catches up, midnight drops 乙.
    const started = Date.now();
    const late = Date.parse(`${NEXT}T00:00:00+08:00`) - MARGIN_MS - started;
    b = await startTestGateway({ now: () => new Date(Date.now() + late), storage: { dataDir: a.dataDir } });
    expect(Date.now() - started).toBeLessThan(MARGIN_MS - 1000); // else the start ran after midnight

    await waitFor(async () => (await versionsOf(b!)).length === 2, 5000, 'the follow at start');
    const [atStart] = await versionsOf(b);
    expect(atStart).toMatchObject({ version: 2, effectiveFrom: DAY });
    expect(atStart!.content.officers.map((o) => o.name)).toEqual(['甲新', '乙']);
    expect((await auditOf(b, 2))[0]).toMatchObject({
      actor: 'station',
      detail: { cause: 'officer-registry', check: 'start' },
    });

    await waitFor(async () => (await versionsOf(b!)).length === 3, MARGIN_MS + 10_000, 'the follow after midnight');
    const [afterMidnight] = await versionsOf(b);
    expect(afterMidnight).toMatchObject({ version: 3, effectiveFrom: NEXT });
    expect(afterMidnight!.content.officers.map((o) => o.name)).toEqual(['甲新']);
    expect((await auditOf(b, 3))[0]).toMatchObject({
      actor: 'station',
      detail: { cause: 'officer-registry', check: 'schedule' },
    });
    const current = (await (await b.fetch('/api/disclosure/pages/officers')).json()) as VersionView;
    expect(current.version).toBe(3);
  }, 60_000);
});
