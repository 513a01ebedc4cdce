/**
 * Nothing unredacted ever reaches the public: case data for ≥ 10,000 decided cases carries
 * resident ID numbers, phone numbers and bank card numbers in every text field (number, title,
 * party, facts, basis, agency), each case goes through the station's own publicity service (draft,
 * redaction, sign-off, publish, some withdrawn), and every answer of the public portal — every
 * page of the JSON API, the CSV, the three feeds, list pages and a sample of item pages — is
 * searched for each planted identifier, also with the spaces and dashes people put inside them
 * taken out. The count is LIUHEN_LEAK_CASES: 2000 in the suite (it took 1137 s at 10,000 on this
 * 2-core machine, more than half the suite's time budget); run it at 10,000 or more before a release:
 * `LIUHEN_LEAK_CASES=10000 npx vitest run gateway/test/portal-leaks.test.ts`.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProposedDecision } from '@liuhen/contract';
import { createAuditLog } from '../src/audit/audit-log.js';
import { createWorkingCalendar } from '../src/calendar/index.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { migrate, openSqlite } from '../src/db/database.js';
import { startPortal, type Portal } from '../src/portal/index.js';
import { createPublications } from '../src/publicity/publications.js';
import { luhnValid } from '../src/publicity/redaction/bank-card.js';
import { residentIdCheckChar } from '../src/publicity/redaction/resident-id.js';

const CASES = Number(process.env.LIUHEN_LEAK_CASES ?? 2_000);

/** A small deterministic generator, so a failure names a case that can be made again. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英';

function identifiers(r: () => number) {
  const d = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
  const year = 1960 + Math.floor(r() * 40);
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  const first17 = `330106${year}${month}${day}${d(3)}`;
  const id = first17 + residentIdCheckChar(first17);
  const phone = `1${'3456789'[Math.floor(r() * 7)]}${d(9)}`;
  let card = '';
  do card = `62${d(15)}`;
  while (!luhnValid(card));
  const name =
    SURNAMES[Math.floor(r() * SURNAMES.length)]! +
    GIVEN[Math.floor(r() * GIVEN.length)]! +
    GIVEN[Math.floor(r() * GIVEN.length)]!;
  return { id, phone, card, name };
}

/** How people write numbers: plain, grouped with spaces, with dashes. */
function written(digits: string, style: number): string {
  if (style === 1) return digits.replace(/(\d{4})(?=\d)/g, '$1 ');
  if (style === 2) return digits.replace(/(\d{3,4})(?=\d)/g, '$1-');
  return digits;
}

describe('the public portal leaks nothing unredacted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liuhen-leaks-'));
  let portal: Portal | undefined;
  afterAll(async () => {
    await portal?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`${CASES} decided cases with IDs, phones and cards in every text field: 0 leaks`, async () => {
    const file = join(dir, 'station.sqlite');
    const db = openSqlite(file);
    await migrate(db);
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const stationKey = {
      privateKey,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      // The key id the portal checks: SHA-256 of the DER SPKI.
      fingerprint: createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('hex'),
    };
    const pubs = createPublications({
      db,
      audit: createAuditLog(db),
      config: loadConfig({ env: {} }),
      calendar: createWorkingCalendar(),
      stationKey,
      agency: () => '某市市场监督管理局',
    });
    const planted: string[] = [];
    const r = rng(20261204);
    const started = Date.now();
    for (let i = 0; i < CASES; i++) {
      const a = identifiers(r);
      const b = identifiers(r);
      const s = i % 3;
      planted.push(a.id, a.phone, a.card, b.id, b.phone, b.card);
      const id = `case-${i}`;
      const now = new Date(Date.UTC(2026, 0, 5) + i * 60_000).toISOString();
      await db
        .insertInto('cases')
        .values({
          id,
          number: `某市监罚〔2026〕${i + 1}号（联系${written(b.phone, s)}）`,
          kind: 'penalty',
          title: `${a.name}无证经营（身份证${written(a.id, s)}）`,
          party: `${a.name}，身份证号${written(a.id, s)}，电话${written(a.phone, s)}`,
          unit_id: null,
          status: 'decided',
          major: 0,
          marked_major: 0,
          major_reasons: null,
          hold: 0,
          closed_at: null,
          created_by: 'fuzz',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const facts: ProposedDecision = {
        partyType: 'person',
        fineFen: 100_000 + i,
        confiscationFen: 0,
        measures: [],
        hearing: 'none',
        complex: false,
        discretionDeparture: false,
        summary: `当事人${a.name}（公民身份号码${written(a.id, s)}，手机${written(a.phone, (s + 1) % 3)}）通过银行卡${written(a.card, s)}收取货款；证人${b.name}（${written(b.id, s)}）。`,
        basis: `依据某条例第十条（举报人电话${written(b.phone, s)}，账户${written(b.card, (s + 2) % 3)}）`,
      };
      await db
        .insertInto('case_decisions')
        .values({ case_id: id, facts: JSON.stringify(facts), updated_by: 'fuzz', updated_at: now })
        .execute();
      const draft = await pubs.draftFromCase(id, 'fuzz');
      expect(draft.withhold).toEqual([]);
      await pubs.publish(draft.id, 'reviewer@127.0.0.1');
      if (i % 50 === 0)
        await pubs.withdraw(draft.id, { kind: 'revoked', reason: `撤销（原电话${a.phone}）` }, 'reviewer');
    }
    console.log(`${CASES} cases drafted, redacted and published in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    portal = await startPortal({
      dbFile: file,
      host: '127.0.0.1',
      port: 0,
      baseUrl: '',
      title: '行政执法公示',
      agency: '某市市场监督管理局',
      stationPublicKeyPem: stationKey.publicKeyPem,
      log: createLogger('silent'),
    });
    const bodies: string[] = [];
    const get = async (path: string) => {
      const res = await fetch(`${portal!.url}${path}`);
      const text = await res.text();
      bodies.push(text);
      return { status: res.status, text };
    };
    // Every page of the JSON API.
    let next: string | null = '/api/results?limit=100';
    let items = 0;
    const slugs: string[] = [];
    while (next) {
      const { status, text } = await get(next);
      expect(status).toBe(200);
      const page = JSON.parse(text) as { items: { url: string; api: string }[]; paging: { next: string | null } };
      items += page.items.length;
      for (const it of page.items) slugs.push(it.url, it.api);
      next = page.paging.next
        ? new URL(page.paging.next, portal.url).pathname + new URL(page.paging.next, portal.url).search
        : null;
    }
    // The withdrawals are not listed: every 50th case was withdrawn.
    expect(items).toBe(CASES - Math.ceil(CASES / 50));
    for (const path of ['/results.csv', '/feed.atom', '/feed.rss', '/feed.json', '/', '/?q=身份证', '/?page=2'])
      expect((await get(path)).status).toBe(200);
    // Item pages and their JSON, a sample spread over the whole archive.
    for (const link of slugs.filter((_, i) => i % Math.max(1, Math.floor(slugs.length / 400)) < 2))
      expect((await get(new URL(link, portal.url).pathname)).status).toBe(200);

    // Search every answer for every planted number, as written and with separators taken out.
    const all = bodies.join('\n');
    const compact = all.replace(/(?<=\d)[\s\u00a0-]+(?=\d)/g, '');
    const leaks = planted.filter((p) => all.includes(p) || compact.includes(p));
    expect(bodies.length).toBeGreaterThan(CASES / 100);
    expect(leaks).toEqual([]);
    await db.destroy();
  }, 1_800_000);
});
