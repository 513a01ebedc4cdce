/**
 * The public publicity portal on real sockets (127.0.0.1, ephemeral ports) over a real SQLite
 * file that a "station" connection writes while the portal reads it: what it serves, what it
 * never serves, and that it cannot write.
 */
import { execFileSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicItem, PublicWithdrawal } from '@liuhen/contract';
import {
  createDeviceKeys,
  STATION_KEY_FILES,
  verifyManifestSignature,
  type DeviceKeys,
  type ManifestSignature,
} from '@liuhen/evidence';
import { migrate, openSqlite, type Db } from '../src/db/database.js';
import { createLogger } from '../src/log.js';
import { idOfSlug, slugOf, startPortal, type Portal } from '../src/portal/index.js';
import { openPortalDb, isReadOnly } from '../src/portal/portal-repo.js';
import { samplePublicationRow, type SamplePublication } from '../src/portal/sample-publications.js';

const BASE = 'https://gongshi.example.gov.cn';
const TITLE = '示例县行政执法公示';
const AGENCY = '示例县市场监督管理局';
const id = (rest: string) => `tag:gongshi.example.gov.cn,2025:${rest}`;

/** Every internal column of every row holds one of these; none may ever reach the public. */
const SECRET = 'SECRET-7c1e';
/** Text only in rows the public must not see (withdrawn, expired, draft, tampered). */
const HIDDEN = 'HIDDEN-TEXT-93ad';

const FOOD = id('penalty/2025-0001');
const DRUG = id('inspection/2024-0007');
const NEW_YEAR = id('penalty/2025-0002'); // 2025-01-01 01:00 in China, still 2024 in UTC
const HOSTILE = id('penalty/2025-0003');
const ODD = `${id('penalty/2025-0004')}?a=1&b=2`;
const WITHDRAWN = id('penalty/2025-0005');
const EXPIRED_STATE = id('penalty/2022-0001');
const EXPIRED_CLOCK = id('penalty/2023-0009');
const DRAFT = id('penalty/2025-0006');
const TAMPERED = id('penalty/2025-0008');
const LATER = id('penalty/2025-0010'); // withdrawn during the test
const BULK = 120;
const bulkId = (n: number) => id(`licensing/2023-${String(n).padStart(4, '0')}`);
const REASON = '该处罚决定已被复议机关依法撤销';

const samples: SamplePublication[] = [
  {
    itemId: FOOD,
    title: '示例县市场监督管理局行政处罚决定书 示市监处罚〔2025〕1号',
    fields: { party: '某某餐饮有限公司', violation: '经营超过保质期的食品。' },
    publishedAt: '2025-03-03T02:00:00.000Z',
    expiresAt: '2030-03-03T00:00:00.000Z',
  },
  {
    itemId: DRUG,
    kind: 'inspection',
    title: '药品经营企业监督检查结果',
    fields: { decisionNumber: '示市监检〔2024〕7号', party: '某某大药房', violation: '药品储存温度不符合要求。' },
    publishedAt: '2024-06-01T02:00:00.000Z',
  },
  {
    itemId: NEW_YEAR,
    title: '元旦检查 行政处罚决定书 示市监处罚〔2025〕2号',
    fields: { party: '某某超市', violation: '销售标签不符合规定的食品。' },
    publishedAt: '2024-12-31T17:00:00.000Z',
  },
  {
    itemId: HOSTILE,
    title: '<script>alert("x")</script> & 100% 折扣_案',
    fields: { party: '<img src=x onerror=alert(1)>', violation: '"引号" \'单引号\' </dd>' },
    publishedAt: '2025-02-01T02:00:00.000Z',
  },
  { itemId: ODD, title: '特殊标识 行政处罚决定书', publishedAt: '2025-02-02T02:00:00.000Z' },
  { itemId: LATER, title: '稍后撤下的决定', publishedAt: '2025-02-03T02:00:00.000Z' },
  {
    itemId: WITHDRAWN,
    state: 'withdrawn',
    title: `${HIDDEN} 已撤下的决定`,
    fields: { violation: `${HIDDEN} violation` },
    publishedAt: '2025-03-05T02:00:00.000Z',
    withdrawnAt: '2025-04-01T01:00:00.000Z',
    withdrawReason: REASON,
  },
  {
    itemId: EXPIRED_STATE,
    state: 'expired',
    title: `${HIDDEN} 已期满`,
    publishedAt: '2022-03-01T02:00:00.000Z',
    expiresAt: '2024-03-01T00:00:00.000Z',
  },
  {
    itemId: EXPIRED_CLOCK,
    title: `${HIDDEN} 时钟期满`,
    publishedAt: '2023-03-01T02:00:00.000Z',
    expiresAt: '2026-01-01T00:00:00.000Z',
  },
  { itemId: DRAFT, state: 'draft', title: `${HIDDEN} 草稿`, publishedAt: '2025-03-06T02:00:00.000Z' },
  { itemId: TAMPERED, title: '被篡改的决定', publishedAt: '2025-03-07T02:00:00.000Z' },
  ...Array.from({ length: BULK }, (_, n): SamplePublication => ({
    itemId: bulkId(n),
    kind: 'licensing',
    title: `行政许可决定 第${n}号`,
    fields: { decisionNumber: `示市监许〔2023〕${n}号`, party: `许可申请人${n}` },
    publishedAt: new Date(Date.UTC(2023, 4, 1, 2, n)).toISOString(),
  })),
];

const LIVE = [FOOD, DRUG, NEW_YEAR, HOSTILE, ODD, LATER, ...Array.from({ length: BULK }, (_, n) => bulkId(n))];

let dir: string;
let dbFile: string;
let station: Db;
let key: DeviceKeys;
let portal: Portal;
/** The portal's own file descriptors on the database file, with their open flags. */
let portalFds: number[];

function rowsOf(k: DeviceKeys) {
  return samples.map((s, n) => {
    const row = samplePublicationRow(k, s, n);
    // Every internal column carries the marker, in every row.
    return {
      ...row,
      original: JSON.stringify({ party: `张三 ${SECRET}-original-${n}`, idNumber: '110101199003071234' }),
      redacted: JSON.stringify({ party: `${SECRET}-redacted-${n}` }),
      findings: JSON.stringify([{ kind: 'resident-id', replacement: `${SECRET}-findings-${n}` }]),
      withhold: JSON.stringify([`${SECRET}-withhold-${n}`]),
      signed_off_by: `${SECRET}-signer-${n}`,
      case_id: `${SECRET}-case-${n}`,
      // Edited after signing: the signature no longer covers these bytes.
      ...(s.itemId === TAMPERED
        ? { public_json: row.public_json!.replace('被篡改的决定', `${HIDDEN} 改过的决定`) }
        : {}),
    };
  });
}

/** Descriptors of this process open on `file`, with their flags (Linux /proc). */
function fdsOn(file: string): Map<number, number> {
  const out = new Map<number, number>();
  if (!existsSync('/proc/self/fd')) return out;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== file) continue;
      const flags = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags) out.set(Number(fd), parseInt(flags, 8));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

async function start(file: string, baseUrl = BASE): Promise<Portal> {
  return startPortal({
    dbFile: file,
    host: '127.0.0.1',
    port: 0,
    baseUrl,
    title: TITLE,
    agency: AGENCY,
    stationPublicKeyPem: key.publicKeyPem,
    log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent'),
  });
}

const get = (p: Portal, path: string, init: RequestInit = {}) => fetch(`${p.url}${path}`, init);
const text = async (p: Portal, path: string) => {
  const res = await get(p, path);
  return { status: res.status, body: await res.text(), res };
};
/** The JSON answers, as far as these tests read them (one shape for list, item and error answers). */
interface Answer {
  items: { slug: string; url: string; item: PublicItem }[];
  paging: { page: number; limit: number; total: number; pages: number; prev: string | null; next: string | null };
  filters: { q: string; kind: string | null; year: number | null; years: number[] };
  item: PublicItem;
  publicJson: string;
  signature: ManifestSignature;
  withdrawal: PublicWithdrawal;
  statusCode: number;
}
const json = async (p: Portal, path: string) => {
  const res = await get(p, path);
  return { status: res.status, body: (await res.json()) as Answer, res };
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuhen-portal-'));
  dbFile = join(dir, 'liuhen.sqlite');
  // The station: its read-write connection stays open (WAL) while the portal reads.
  station = openSqlite(dbFile);
  await migrate(station);
  key = await createDeviceKeys(join(dir, 'keys'), STATION_KEY_FILES);
  await station.insertInto('publications').values(rowsOf(key)).execute();
  const file = realpathSync(dbFile);
  const before = fdsOn(file);
  portal = await start(dbFile);
  portalFds = [...fdsOn(file).entries()].filter(([fd]) => !before.has(fd)).map(([, flags]) => flags);
});

afterAll(async () => {
  await portal?.stop();
  await station?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('portal: nothing of the internal API', () => {
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

  function internalPaths(): string[] {
    const doc = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8')) as {
      paths: Record<string, unknown>;
    };
    const fromDoc = Object.keys(doc.paths).map((p) => p.replace(/\{[^}]+\}/g, 'x1'));
    expect(fromDoc.length).toBeGreaterThan(50);
    const assets = join(new URL('../../dashboard/dist/assets', import.meta.url).pathname);
    const someAsset = existsSync(assets) ? readdirSync(assets).slice(0, 3) : [];
    return [
      ...fromDoc,
      '/api/openapi.json',
      '/api/session',
      '/api/events',
      '/api/health',
      '/live/sim-001.flv',
      '/live/x1',
      '/index.html',
      '/assets/index.js',
      ...someAsset.map((a) => `/assets/${a}`),
    ];
  }

  it('answers 404 to every path of the internal API, live video and dashboard files, with every method', async () => {
    const paths = internalPaths();
    const wrong: string[] = [];
    for (const path of paths)
      for (const method of METHODS) {
        const res = await get(portal, path, {
          method,
          headers: { authorization: 'Bearer liuhen_tok_anything', cookie: 'liuhen_session=x' },
        });
        await res.arrayBuffer();
        if (res.status !== 404) wrong.push(`${method} ${path} → ${res.status}`);
        if (res.headers.get('set-cookie')) wrong.push(`${method} ${path} set a cookie`);
      }
    expect(wrong).toEqual([]);
    expect(paths.length * METHODS.length).toBeGreaterThan(500);
  });

  it('serves the portal, not the dashboard, at / (GET only; other methods 404)', async () => {
    const home = await text(portal, '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain(TITLE);
    expect(home.body).not.toMatch(/src="\/assets\/|id="app"/);
    expect(home.res.headers.get('set-cookie')).toBeNull();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      expect((await get(portal, '/', { method })).status, method).toBe(404);
  });
});

describe('portal: never the unredacted or hidden text', () => {
  /** Every kind of answer the portal gives, for every item in the database. */
  async function crawl(p: Portal): Promise<Map<string, { status: number; body: string }>> {
    const urls = ['/', '/?q=食品', '/?kind=penalty', '/?year=2025', '/?page=2', '/?q=SECRET', '/open-data'];
    urls.push('/results.csv', '/feed.atom', '/feed.rss', '/feed.json', '/station-key.pem', '/portal.css');
    for (const page of [1, 2]) urls.push(`/api/results?limit=100&page=${page}`);
    urls.push(`/api/results?q=${SECRET}`, `/api/results?q=${HIDDEN}`, '/api/results?q=张三');
    // Every kind of row; of the bulk rows (all alike), a few.
    for (const s of samples.filter((x) => !x.itemId.includes(':licensing/') || x.itemId.endsWith('-0001'))) {
      const slug = slugOf(s.itemId);
      urls.push(
        `/results/${slug}`,
        `/api/results/${slug}`,
        `/api/results/${slug}/public.json`,
        `/api/results/${slug}/signature.json`,
      );
    }
    const out = new Map<string, { status: number; body: string }>();
    for (const u of urls) {
      const { status, body } = await text(p, u);
      out.set(u, { status, body });
    }
    return out;
  }

  it('shows no internal column and no hidden row in any page, API answer, CSV or feed', async () => {
    // The markers are in the database (the check is not vacuous)...
    const stored = await station.selectFrom('publications').select(['original', 'public_json']).execute();
    expect(stored.filter((r) => r.original.includes(SECRET))).toHaveLength(samples.length);
    expect(stored.filter((r) => r.public_json?.includes(HIDDEN))).toHaveLength(5);
    const answers = await crawl(portal);
    // A search for a marker finds nothing (its answer repeats the words searched, so it is checked by its count).
    const searches = [`/api/results?q=${SECRET}`, `/api/results?q=${HIDDEN}`, '/api/results?q=张三'];
    for (const u of searches) expect(JSON.parse(answers.get(u)!.body).paging.total, u).toBe(0);
    const leaks = [...answers].filter(
      ([u, a]) =>
        !searches.includes(u) && (a.body.includes(SECRET) || a.body.includes(HIDDEN) || a.body.includes('张三')),
    );
    expect(leaks.map(([u]) => u)).toEqual([]);
    expect([...answers].filter(([, a]) => a.status >= 500 && a.status !== 503).map(([u]) => u)).toEqual([]);
    // ...and the public text is served.
    expect(answers.get('/results.csv')!.body).toContain('某某餐饮有限公司');
    expect(answers.get('/feed.atom')!.body).toContain('某某大药房');
  });

  it('never reads them: against a copy of the database without those columns it answers byte for byte alike', async () => {
    const copy = join(dir, 'public-only.sqlite');
    await sql`VACUUM INTO ${copy}`.execute(station);
    const stripped = openSqlite(copy);
    await sql`DROP INDEX publications_case`.execute(stripped);
    await sql`DROP INDEX publications_live_case`.execute(stripped);
    for (const column of ['original', 'redacted', 'findings', 'withhold', 'signed_off_by', 'case_id'])
      await sql`ALTER TABLE publications DROP COLUMN ${sql.id(column)}`.execute(stripped);
    await stripped.destroy();
    const other = await start(copy);
    try {
      const [a, b] = [await crawl(portal), await crawl(other)];
      expect([...b].map(([u, r]) => [u, r.status])).toEqual([...a].map(([u, r]) => [u, r.status]));
      for (const [u, r] of a) expect(b.get(u)!.body, u).toBe(r.body);
    } finally {
      await other.stop();
    }
  });
});

describe('portal: withdrawn, expired and draft items', () => {
  it('answers 410 with the reason for a withdrawn item, as a page and as JSON, and nothing of its text', async () => {
    const slug = slugOf(WITHDRAWN);
    const page = await text(portal, `/results/${slug}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain(REASON);
    expect(page.body).toContain('该信息已撤下');
    const api = await json(portal, `/api/results/${slug}`);
    expect(api.status).toBe(410);
    expect(api.body.withdrawal).toEqual({ id: WITHDRAWN, withdrawnAt: '2025-04-01T01:00:00.000Z', reason: REASON });
    expect((await get(portal, `/api/results/${slug}/public.json`)).status).toBe(410);
    expect((await get(portal, `/api/results/${slug}/signature.json`)).status).toBe(410);
  });

  it('answers 410 公示期满 for an item expired by state and one whose expiry has passed', async () => {
    for (const itemId of [EXPIRED_STATE, EXPIRED_CLOCK]) {
      const page = await text(portal, `/results/${slugOf(itemId)}`);
      expect(page.status, itemId).toBe(410);
      expect(page.body).toContain('公示期满');
      const api = await json(portal, `/api/results/${slugOf(itemId)}`);
      expect(api.status).toBe(410);
      expect(api.body.withdrawal).toMatchObject({ id: itemId, reason: '公示期满' });
    }
    const clock = await json(portal, `/api/results/${slugOf(EXPIRED_CLOCK)}`);
    expect(clock.body.withdrawal.withdrawnAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('announces the withdrawn item as an Atom deleted-entry with its reason, and lists it in no feed', async () => {
    const atom = (await text(portal, '/feed.atom')).body;
    const stone = new RegExp(
      `<at:deleted-entry ref="${WITHDRAWN.replace(/[.?]/g, '\\$&')}" when="2025-04-01T01:00:00.000Z">`,
    );
    expect(atom).toMatch(stone);
    expect(atom).toContain(`<at:comment xml:lang="zh-CN">${REASON}</at:comment>`);
    expect(atom).toContain(`ref="${EXPIRED_CLOCK}"`);
    expect(atom).not.toContain(`<id>${WITHDRAWN}</id>`);
    const rss = (await text(portal, '/feed.rss')).body;
    const feed = JSON.parse((await text(portal, '/feed.json')).body) as { items: { id: string; url: string }[] };
    for (const gone of [WITHDRAWN, EXPIRED_STATE, EXPIRED_CLOCK, DRAFT, TAMPERED]) {
      expect(rss).not.toContain(`>${gone}<`);
      expect(feed.items.map((i) => i.id)).not.toContain(gone);
    }
    expect(feed.items.map((i) => i.id)).toContain(FOOD);
    expect(feed.items.find((i) => i.id === FOOD)!.url).toBe(`${BASE}/results/${slugOf(FOOD)}`);
  });

  it('keeps drafts invisible: 404 on their page and API, absent from lists, search, CSV and feeds', async () => {
    const slug = slugOf(DRAFT);
    expect((await get(portal, `/results/${slug}`)).status).toBe(404);
    expect((await get(portal, `/api/results/${slug}`)).status).toBe(404);
    const all = await json(portal, '/api/results?limit=100&q=草稿');
    expect(all.body.paging.total).toBe(0);
    expect((await text(portal, '/results.csv')).body).not.toContain(DRAFT);
    expect((await text(portal, '/feed.atom')).body).not.toContain(DRAFT);
  });

  it('answers 404 for an unknown id and for a slug that is not the canonical form of an id', async () => {
    expect((await get(portal, `/results/${slugOf(id('penalty/none'))}`)).status).toBe(404);
    expect((await get(portal, '/results/not*a*slug')).status).toBe(404);
    expect((await get(portal, `/results/${slugOf(FOOD)}=`)).status).toBe(404);
    const api = await json(portal, '/api/results/%2e%2e');
    expect(api.status).toBe(404);
    expect(api.body.statusCode).toBe(404);
  });

  it('follows the station: an item withdrawn while the portal runs answers 410 and leaves the feeds at once', async () => {
    const slug = slugOf(LATER);
    expect((await get(portal, `/results/${slug}`)).status).toBe(200);
    expect((await text(portal, '/feed.json')).body).toContain(LATER);
    await station
      .updateTable('publications')
      .set({ state: 'withdrawn', withdrawn_at: '2025-05-01T00:00:00.000Z', withdraw_reason: '决定已变更' })
      .where('item_id', '=', LATER)
      .execute();
    const page = await text(portal, `/results/${slug}`);
    expect(page.status).toBe(410);
    expect(page.body).toContain('决定已变更');
    expect((await text(portal, '/feed.json')).body).not.toContain(LATER);
    expect((await text(portal, '/feed.atom')).body).toContain(`ref="${LATER}"`);
  });
});

describe('portal: signatures', () => {
  it('serves each item with a signature that verifies with the served station key', async () => {
    const pem = await text(portal, '/station-key.pem');
    expect(pem.status).toBe(200);
    expect(pem.body).toBe(key.publicKeyPem);
    const stationKey = createPublicKey(pem.body);
    for (const itemId of [FOOD, DRUG, HOSTILE, ODD]) {
      const slug = slugOf(itemId);
      const { status, body } = await json(portal, `/api/results/${slug}`);
      expect(status, itemId).toBe(200);
      expect(body.item.id).toBe(itemId);
      expect(JSON.parse(body.publicJson)).toEqual(body.item);
      expect(verifyManifestSignature(Buffer.from(body.publicJson, 'utf8'), body.signature, stationKey)).toBe(true);
      const raw = Buffer.from(await (await get(portal, `/api/results/${slug}/public.json`)).arrayBuffer());
      expect(raw.toString('utf8')).toBe(body.publicJson);
      const sig = await json(portal, `/api/results/${slug}/signature.json`);
      expect(verifyManifestSignature(raw, sig.body as unknown as ManifestSignature, stationKey)).toBe(true);
      // A changed byte does not verify: the check is real.
      expect(
        verifyManifestSignature(
          Buffer.concat([raw, Buffer.from(' ')]),
          sig.body as unknown as ManifestSignature,
          stationKey,
        ),
      ).toBe(false);
    }
  });

  it('verifies with the OpenSSL commands the item page prints', async () => {
    const slug = slugOf(FOOD);
    const page = (await text(portal, `/results/${slug}`)).body;
    expect(page).toContain(`curl -o item.json ${BASE}/api/results/${slug}/public.json`);
    expect(page).toContain(
      'openssl pkeyutl -verify -pubin -inkey station-key.pem -rawin -in item.json -sigfile sig.bin',
    );
    const work = mkdtempSync(join(dir, 'verify-'));
    writeFileSync(
      join(work, 'item.json'),
      Buffer.from(await (await get(portal, `/api/results/${slug}/public.json`)).arrayBuffer()),
    );
    const sig = (await (await get(portal, `/api/results/${slug}/signature.json`)).json()) as ManifestSignature;
    writeFileSync(join(work, 'sig.bin'), Buffer.from(sig.signature, 'base64'));
    writeFileSync(join(work, 'station-key.pem'), (await text(portal, '/station-key.pem')).body);
    const out = execFileSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        'station-key.pem',
        '-rawin',
        '-in',
        'item.json',
        '-sigfile',
        'sig.bin',
      ],
      { cwd: work, encoding: 'utf8' },
    );
    expect(out).toMatch(/Signature Verified Successfully/);
  });

  it('does not serve a row whose text was changed after signing (503 on its page, left out of lists)', async () => {
    const slug = slugOf(TAMPERED);
    expect((await get(portal, `/results/${slug}`)).status).toBe(503);
    expect((await get(portal, `/api/results/${slug}`)).status).toBe(503);
    const list = await json(portal, '/api/results?kind=penalty&limit=100');
    expect(list.body.items.map((i: { item: { id: string } }) => i.item.id)).not.toContain(TAMPERED);
  });

  it('item pages carry every field, the signature, links to verify and schema.org JSON-LD', async () => {
    const slug = slugOf(FOOD);
    const { body, res } = await text(portal, `/results/${slug}`);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(body).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    for (const v of [
      '示市监处罚〔2025〕1号',
      '某某餐饮有限公司',
      '经营超过保质期的食品。',
      '第一百二十四条',
      '罚款人民币五千元',
      AGENCY,
      '2025-03-01',
    ])
      expect(body).toContain(v);
    expect(body).toContain(`href="/api/results/${slug}/public.json"`);
    expect(body).toContain('href="/station-key.pem"');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)![1]!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      url: `${BASE}/results/${slug}`,
      datePublished: '2025-03-03T02:00:00.000Z',
      publisher: { '@type': 'GovernmentOrganization', name: AGENCY },
    });
    expect(ld.identifier).toContainEqual({ '@type': 'PropertyValue', propertyID: 'tag', value: FOOD });
  });

  it('escapes every value: markup in a title or field is shown as text', async () => {
    const { body } = await text(portal, `/results/${slugOf(HOSTILE)}`);
    expect(body).not.toContain('<script>alert');
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 100% 折扣_案');
    // In JSON-LD too: no "</script>" can close the data block early.
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(body)![1]!;
    expect(ld).not.toContain('<');
    expect(JSON.parse(ld).name).toBe('<script>alert("x")</script> & 100% 折扣_案');
    const home = (await text(portal, '/?q=折扣')).body;
    expect(home).toContain('&lt;script&gt;');
    expect(home).not.toContain('<script>alert');
  });
});

describe('portal: search, filters and paging', () => {
  const ids = (body: Answer) => body.items.map((i) => i.item.id);

  it('searches the words over the search text, all of them, wildcards taken literally', async () => {
    expect(ids((await json(portal, `/api/results?q=${encodeURIComponent('保质期')}`)).body)).toEqual([FOOD]);
    expect(ids((await json(portal, `/api/results?q=${encodeURIComponent('药品 温度')}`)).body)).toEqual([DRUG]);
    expect(ids((await json(portal, `/api/results?q=${encodeURIComponent('药品　保质期')}`)).body)).toEqual([]);
    expect(ids((await json(portal, `/api/results?q=${encodeURIComponent('100%')}`)).body)).toEqual([HOSTILE]);
    expect(ids((await json(portal, `/api/results?q=${encodeURIComponent('%')}`)).body)).toEqual([HOSTILE]);
    expect(ids((await json(portal, '/api/results?q=_')).body)).toEqual([HOSTILE]);
    const page = await text(portal, `/?q=${encodeURIComponent('保质期')}`);
    expect(page.body).toContain('共 1 条');
    expect(page.body).toContain(`href="/results/${slugOf(FOOD)}"`);
  });

  it('filters by kind and by publication year in China time', async () => {
    expect(ids((await json(portal, '/api/results?kind=inspection')).body)).toEqual([DRUG]);
    const y2025 = ids((await json(portal, '/api/results?year=2025&limit=100')).body);
    expect(y2025).toContain(NEW_YEAR);
    expect(y2025).toContain(FOOD);
    expect(y2025).not.toContain(DRUG);
    expect(ids((await json(portal, '/api/results?year=2024')).body)).toEqual([DRUG]);
    const lic = await json(portal, '/api/results?kind=licensing&year=2023&limit=5');
    expect(lic.body.paging.total).toBe(BULK);
    expect(lic.body.filters).toMatchObject({ kind: 'licensing', year: 2023 });
    expect(lic.body.filters.years).toEqual([2025, 2024, 2023]);
  });

  it('bounds the page size at 100 and pages through everything once, newest first', async () => {
    const first = await json(portal, '/api/results?kind=licensing&limit=1000');
    expect(first.status).toBe(200);
    expect(first.body.paging).toMatchObject({ page: 1, limit: 100, maxLimit: 100, total: BULK, pages: 2 });
    expect(first.body.items).toHaveLength(100);
    const second = await json(portal, '/api/results?kind=licensing&limit=1000&page=2');
    expect(second.body.items).toHaveLength(BULK - 100);
    expect(new Set([...ids(first.body), ...ids(second.body)]).size).toBe(BULK);
    expect(second.body.paging.next).toBeNull();
    expect(second.body.paging.prev).toBe(`${BASE}/api/results?kind=licensing&limit=100`);
    const dates = (first.body.items as { item: { publishedAt: string } }[]).map((i) => Date.parse(i.item.publishedAt));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    // Everything live is counted: LATER was withdrawn above; the tampered row is counted, not served (and logged).
    const all = await json(portal, '/api/results?limit=100');
    expect(all.body.paging.total).toBe(LIVE.length - 1 + 1);
    expect(all.body.items.length).toBeLessThanOrEqual(100);
    expect((await json(portal, '/api/results?page=50')).body.items).toEqual([]);
  });

  it('refuses parameters it does not understand with 400', async () => {
    for (const q of ['kind=bogus', 'page=0', 'page=x', 'limit=0', 'year=99', 'q=a&q=b', `q=${'长'.repeat(101)}`]) {
      expect((await get(portal, `/api/results?${q}`)).status, q).toBe(400);
      const page = await text(portal, `/?${q}`);
      expect(page.status, q).toBe(400);
      expect(page.body).toContain('检索条件有误');
    }
  });

  it('pages the HTML list with a labelled pager', async () => {
    const p1 = (await text(portal, '/')).body;
    expect(p1).toContain('<nav class="pager" aria-label="分页">');
    expect(p1).toContain('href="/?page=2" rel="next"');
    const p2 = (await text(portal, '/?page=2')).body;
    expect(p2).toContain('aria-current="page">第 2 页');
  });
});

describe('portal: caching and headers', () => {
  it('sends ETag and Cache-Control, and 304 to a client that holds the page', async () => {
    for (const path of ['/', `/results/${slugOf(FOOD)}`, '/api/results', '/feed.atom', '/results.csv']) {
      const res = await get(portal, path);
      await res.arrayBuffer();
      const etag = res.headers.get('etag');
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(res.headers.get('cache-control')).toBe('public, max-age=60');
      const again = await get(portal, path, { headers: { 'if-none-match': etag! } });
      expect(again.status, path).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
    }
  });

  it('sets no cookie, forbids scripts and framing, and keeps pages small', async () => {
    const res = await get(portal, '/');
    const body = await res.text();
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(Buffer.byteLength(body)).toBeLessThan(64 * 1024);
    const csv = await get(portal, '/results.csv');
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="results.csv"');
  });

  it('uses a stable slug per id: base64url of the id, reversible', () => {
    expect(slugOf(ODD)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(idOfSlug(slugOf(ODD))).toBe(ODD);
    expect(slugOf(FOOD)).toBe(Buffer.from(FOOD).toString('base64url'));
  });
});

describe('portal: read-only database', () => {
  it('opens the database file read-only (the portal’s own descriptor is O_RDONLY)', () => {
    if (!existsSync('/proc/self/fdinfo')) return; // Linux only
    expect(portalFds.length).toBeGreaterThan(0);
    const O_ACCMODE = 3;
    expect(portalFds.map((flags) => flags & O_ACCMODE)).toEqual(portalFds.map(() => 0));
  });

  it('cannot write through its connection: inserts, updates, schema changes and pragma tricks fail', async () => {
    const db = openPortalDb(dbFile);
    try {
      expect(isReadOnly(db)).toBe(true);
      const before = await station
        .selectFrom('publications')
        .select(station.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      const attempts = [
        () =>
          db
            .insertInto('publications')
            .values(samplePublicationRow(key, { itemId: id('x/1'), title: 'x' }, 999))
            .execute(),
        () => db.updateTable('publications').set({ state: 'published' }).where('state', '=', 'draft').execute(),
        () => db.deleteFrom('publications').execute(),
        () => sql`CREATE TABLE intruder (a)`.execute(db),
        async () => {
          await sql`PRAGMA query_only = OFF`.execute(db);
          await db.deleteFrom('publications').execute();
        },
      ];
      for (const attempt of attempts)
        await expect(attempt()).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_READONLY/) });
      const after = await station
        .selectFrom('publications')
        .select(station.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      expect(after).toEqual(before);
    } finally {
      await db.destroy();
    }
  });

  it('refuses to start on a database file that does not exist (never creates one)', async () => {
    const missing = join(dir, 'missing.sqlite');
    await expect(start(missing)).rejects.toThrow();
    expect(existsSync(missing)).toBe(false);
  });

  it('works without a public address: links and feeds use the listening address', async () => {
    const local = await start(dbFile, '');
    try {
      const feed = JSON.parse((await text(local, '/feed.json')).body) as {
        home_page_url: string;
        items: { url: string }[];
      };
      expect(feed.home_page_url).toBe(`${local.url}/`);
      expect(feed.items[0]!.url.startsWith(`${local.url}/results/`)).toBe(true);
      expect((await text(local, '/results.csv')).body).not.toContain('portal.invalid');
      expect((await text(local, '/feed.atom')).body).not.toContain('portal.invalid');
    } finally {
      await local.stop();
    }
  });
});
