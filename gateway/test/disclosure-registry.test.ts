/**
 * The officers page (执法人员, 事前公开) follows the officer registry by itself: a change to what it
 * shows (an officer added, moved to another unit, renamed, deactivated; a unit renamed) publishes
 * a new dated, signed version chained to the previous one, by the station, audited; a change it does
 * not show publishes nothing. Real gateway, real HTTP, the public portal on its own listener.
 */
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestSignature, type ManifestSignature } from '@liuhen/evidence';
import type { AuditEntryView } from '@liuhen/contract';
import { startTestGateway, type TestGateway } from './helpers.js';

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
});
