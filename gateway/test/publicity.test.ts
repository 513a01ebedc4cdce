/**
 * Publicity inside the station over the real API: a decided case yields a draft with the party's
 * ID number and phone masked; a legal reviewer signs it off, which publishes it signed by the
 * station key; it is withdrawn with a public reason. And the working-day clock of an unpublished
 * draft across the 2026 National Day holiday and its make-up working day.
 */
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyManifestSignature, type ManifestSignature } from '@liuhen/evidence';
import type { PublicationView, PublicItem } from '@liuhen/contract';
import { createWorkingCalendar } from '../src/calendar/index.js';
import { loadConfig } from '../src/config.js';
import { migrate, openSqlite } from '../src/db/database.js';
import { createAuditLog } from '../src/audit/audit-log.js';
import { createPublications } from '../src/publicity/publications.js';
import { startTestGateway, type TestGateway } from './helpers.js';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DATABASE_FILE = loadConfig({ env: {} }).storage.databaseFile;
/** The portal's public address (portal.baseUrl): the internal view names each item's page under it. */
const PORTAL_BASE = 'https://gongshi.example.gov.cn';
const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

describe('publication of a decided case', () => {
  let gw: TestGateway;
  let caseId = '';
  let reviewer: Record<string, string>;
  let auditor: Record<string, string>;

  beforeAll(async () => {
    gw = await startTestGateway({ portal: { host: '127.0.0.1', port: 0, baseUrl: PORTAL_BASE } });
    reviewer = { authorization: `Bearer ${await gw.tokenFor('legal-reviewer')}` };
    auditor = { authorization: `Bearer ${await gw.tokenFor('auditor')}` };
    const created = await gw.fetch(
      '/api/cases',
      json('POST', {
        number: '某市监罚〔2026〕7号',
        kind: 'penalty',
        title: '销售过期食品',
        party: '王小明',
        steps: [],
      }),
    );
    caseId = ((await created.json()) as { id: string }).id;
    expect(
      (
        await gw.fetch(
          `/api/cases/${caseId}/legal/decision`,
          json('PUT', {
            partyType: 'person',
            fineFen: 500_000,
            confiscationFen: 0,
            measures: [],
            hearing: 'none',
            complex: false,
            discretionDeparture: false,
            summary:
              '当事人王小明（身份证号 330106199203154518，手机 139 1234 5678）在其位于西湖区文三路 90 号的店铺销售超过保质期的食品。',
            basis: '《中华人民共和国食品安全法》第一百二十四条',
          }),
        )
      ).status,
    ).toBe(200);
  }, 120_000);
  afterAll(async () => {
    await gw?.cleanup();
  });

  let pubId = '';
  let portalApi = '';
  it('a decided case gets a draft, its identifiers masked, on the 7-working-day clock', async () => {
    // Not major (5,000 yuan): no legal review is needed, the decision is made directly.
    expect((await gw.fetch(`/api/cases/${caseId}`, json('PATCH', { status: 'decided' }))).status).toBe(200);
    let drafts: PublicationView[] = [];
    for (let i = 0; i < 100 && drafts.length === 0; i++) {
      drafts = ((await (await gw.fetch('/api/publications?state=draft')).json()) as { publications: PublicationView[] })
        .publications;
      if (!drafts.length) await new Promise((r) => setTimeout(r, 100));
    }
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    pubId = d.id;
    expect(d.original.violation).toContain('330106199203154518');
    expect(d.redacted.violation).not.toMatch(/330106199203154518|139 1234 5678|文三路 90 号/);
    expect(d.redacted.violation).toContain('王某');
    expect(d.redacted.party).toBe('王某');
    expect(d.redacted.outcome).toBe('罚款人民币 5,000.00 元');
    expect(d.findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['resident-id', 'mobile', 'address']));
    // A machine code and the numbers for the dashboard's own language; the label itself all Chinese.
    expect(d.deadline).toMatchObject({ code: 'publication', days: 7, unit: 'working-day', from: 'decision' });
    expect(d.deadline?.label).toBe('公示期限（决定之日起 7 个工作日）');
    expect(['ok', 'amber']).toContain(d.deadline?.state);
    // Not signed, not on the portal yet.
    expect(d).toMatchObject({ signature: null, portalUrl: null });
    // Found by its case (the case page's link), and no other case's.
    const byCase = async (id: string) =>
      (
        (await (await gw.fetch(`/api/publications?caseId=${encodeURIComponent(id)}`)).json()) as {
          publications: PublicationView[];
        }
      ).publications.map((p) => p.id);
    expect(await byCase(caseId)).toEqual([pubId]);
    expect(await byCase('no-such-case')).toEqual([]);
  });

  it('a reviewer’s wording is redacted again; sign-off publishes it, signed by the station key', async () => {
    const edited = await gw.fetch(
      `/api/publications/${pubId}`,
      json('PATCH', { redacted: { violation: '当事人销售超过保质期的食品，联系电话13912345678。' } }, reviewer),
    );
    expect(edited.status).toBe(200);
    const e = (await edited.json()) as PublicationView;
    expect(e.redacted.violation).not.toContain('13912345678');
    // The rewritten field is described by what was found in the new wording, once; the others keep theirs.
    expect(e.findings.filter((f) => f.field === 'violation').map((f) => f.kind)).toEqual(['mobile']);
    expect(e.findings.filter((f) => f.field === 'party').length).toBeGreaterThan(0);
    // An auditor reads but does not publish.
    expect(
      (await fetch(`${gw.url}/api/publications/${pubId}/publish`, { method: 'POST', headers: auditor })).status,
    ).toBe(403);
    const pub = await fetch(`${gw.url}/api/publications/${pubId}/publish`, { method: 'POST', headers: reviewer });
    expect(pub.status).toBe(200);
    const p = (await pub.json()) as PublicationView;
    expect(p).toMatchObject({ state: 'published', signedOffBy: 'token:test-legal-reviewer', late: false });
    expect(p.expiresAt! > p.publishedAt!).toBe(true);

    // The signed public JSON holds only redacted text.
    const row = await gw.fetch(`/api/publications/${pubId}`);
    expect(row.status).toBe(200);
    const key = (await (await fetch(`${gw.url}/api/station/key`)).json()) as { publicKeyPem: string };
    const stored = await readPublic(gw, pubId);
    expect(stored.json).not.toMatch(/330106199203154518|13912345678|王小明/);
    const sig = JSON.parse(stored.signature) as ManifestSignature;
    expect(verifyManifestSignature(Buffer.from(stored.json), sig, createPublicKey(key.publicKeyPem))).toBe(true);
    const item = JSON.parse(stored.json) as PublicItem;
    expect(item.fields.party).toBe('王某');

    // On the public portal (its own listener) at once, and in the feeds.
    const list = (await (await fetch(`${gw.portalUrl}/api/results`)).json()) as {
      items: { item: PublicItem; api: string; url: string }[];
    };
    expect(list.items.map((i) => i.item.id)).toEqual([item.id]);
    portalApi = new URL(list.items[0]!.api).pathname;
    // The internal view carries the detached signature as the portal serves it, and the item's
    // absolute address on the portal (portal.baseUrl), as the portal itself links it.
    const served = (await (await fetch(`${gw.portalUrl}${portalApi}/signature.json`)).json()) as ManifestSignature;
    const internal = (await (await gw.fetch(`/api/publications/${pubId}`)).json()) as PublicationView;
    expect(internal.signature).toBe(served.signature);
    expect(internal.signature).toBe(sig.signature);
    expect(internal.portalUrl).toBe(list.items[0]!.url);
    expect(internal.portalUrl).toMatch(/^https:\/\/gongshi\.example\.gov\.cn\/results\/[A-Za-z0-9_-]+$/);
    const atom = await (await fetch(`${gw.portalUrl}/feed.atom`)).text();
    expect(atom).toContain(item.id);
    expect(atom).not.toMatch(/330106199203154518|王小明/);
  });

  it('counts the year in the annual statistics report, as JSON and CSV', async () => {
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const r = (await (
      await fetch(`${gw.url}/api/publicity/annual-report?year=${year}`, { headers: auditor })
    ).json()) as {
      cases: { total: number; byKind: Record<string, number>; byStatus: Record<string, number> };
      publicity: { byState: Record<string, number>; late: number };
    };
    expect(r.cases.total).toBe(1);
    expect(r.cases.byKind).toEqual({ penalty: 1 });
    expect(r.cases.byStatus).toEqual({ decided: 1 });
    expect(r.publicity).toEqual({ byState: { published: 1 }, late: 0 });
    const csv = await fetch(`${gw.url}/api/publicity/annual-report.csv?year=${year}`, { headers: auditor });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain('案件类别,行政处罚,1');
    expect(text).toContain('执法公示,超期公示,0');
  });

  it('is withdrawn with a public reason, once', async () => {
    const w = await fetch(
      `${gw.url}/api/publications/${pubId}/withdraw`,
      json('POST', { kind: 'revoked', reason: '该处罚决定已被行政复议机关撤销' }, reviewer),
    );
    expect(w.status).toBe(200);
    expect((await w.json()) as PublicationView).toMatchObject({
      state: 'withdrawn',
      withdrawReason: '该处罚决定已被行政复议机关撤销',
    });
    expect(
      (
        await fetch(
          `${gw.url}/api/publications/${pubId}/withdraw`,
          json('POST', { kind: 'revoked', reason: '再次撤下' }, reviewer),
        )
      ).status,
    ).toBe(409);
    // The portal answers 410 with the reason, and the Atom feed carries a deleted-entry.
    const gone = await fetch(`${gw.portalUrl}${portalApi}`);
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('该处罚决定已被行政复议机关撤销');
    const atom = await (await fetch(`${gw.portalUrl}/feed.atom`)).text();
    expect(atom).toMatch(/deleted-entry[^>]*ref="tag:/);
    const audit = (await (await gw.fetch(`/api/audit?case=${caseId}`)).json()) as { entries: { action: string }[] };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'publish', 'withdraw']),
    );
  });
});

/** The public JSON and signature as stored (what the portal serves), read straight from the station's database. */
async function readPublic(gw: TestGateway, id: string): Promise<{ json: string; signature: string }> {
  const db = openSqlite(join(gw.dataDir, DATABASE_FILE));
  try {
    const r = await db
      .selectFrom('publications')
      .select(['public_json', 'signature'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { json: r.public_json!, signature: r.signature! };
  } finally {
    await db.destroy();
  }
}

describe('the publication clock across a holiday', () => {
  it('a draft left unpublished turns amber, then red, then breached, counting the National Day holiday and its make-up day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-pub-clock-'));
    const db = openSqlite(join(dir, 'db.sqlite'));
    await migrate(db);
    const config = loadConfig({ env: {} });
    let now = new Date('2026-09-29T02:00:00Z'); // Tue 29 Sep 2026, 10:00 in Shanghai
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pubs = createPublications({
      db,
      audit: createAuditLog(db),
      config,
      calendar: createWorkingCalendar(),
      stationKey: {
        privateKey,
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        fingerprint: 'f'.repeat(64),
      },
      agency: () => '某市市场监督管理局',
      now: () => now,
    });
    await db
      .insertInto('cases')
      .values({
        id: 'c1',
        number: '某市监罚〔2026〕9号',
        kind: 'penalty',
        title: '销售过期食品',
        party: '某公司',
        unit_id: null,
        status: 'decided',
        major: 0,
        marked_major: 0,
        major_reasons: null,
        hold: 0,
        closed_at: null,
        created_by: 'test',
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      })
      .execute();
    // The decision's listener and a request may draft at once: one draft is kept.
    const [draft, again] = await Promise.all([pubs.draftFromCase('c1', 'test'), pubs.draftFromCase('c1', 'test')]);
    expect(again.id).toBe(draft.id);
    expect(await pubs.list({})).toHaveLength(1);
    // Decided Tue 29 Sep; 30 Sep is the 1st working day, 1–7 Oct are the holiday, Sat 10 Oct is a
    // make-up working day: 8, 9, 10, 12, 13 Oct are days 2–6 and Wed 14 Oct the 7th, the due day.
    expect(draft.deadline?.dueAt).toBe('2026-10-14T15:59:59.999Z');
    const at = async (iso: string) => {
      now = new Date(iso);
      return (await pubs.get(draft.id)).deadline!.state;
    };
    expect(await at('2026-10-02T02:00:00Z')).toBe('ok'); // in the holiday: 6 working days left
    expect(await at('2026-10-09T02:00:00Z')).toBe('ok'); // Fri: 10 (make-up Sat), 12, 13, 14 left
    expect(await at('2026-10-12T02:00:00Z')).toBe('amber'); // 13 and 14 left
    expect(await at('2026-10-14T02:00:00Z')).toBe('red'); // the due day
    expect(await at('2026-10-15T02:00:00Z')).toBe('breached');
    expect((await pubs.breaches()).map((p) => p.id)).toEqual([draft.id]);
    // Published late on a station without portal.baseUrl: signed, but no absolute portal address to name.
    await pubs.editDraft(draft.id, { redacted: { outcome: '罚款人民币 1,000.00 元' } }, 'reviewer');
    const published = await pubs.publish(draft.id, 'reviewer');
    expect(published).toMatchObject({ state: 'published', late: true, portalUrl: null });
    expect(Buffer.from(published.signature!, 'base64')).toHaveLength(64);
    await db.destroy();
  });
});
