/**
 * The portal's kept answers (http.ts) and its seek paging (results.ts), on a real SQLite file that
 * a "station" connection writes while the portal reads it: a repeat is answered from memory, and
 * nothing kept outlives a withdrawal, a new publication or an expiry; every page number of the
 * list, read by seeking from a kept boundary, holds exactly the rows an OFFSET would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicItem } from '@liuhen/contract';
import { createDeviceKeys, STATION_KEY_FILES, type DeviceKeys } from '@liuhen/evidence';
import { migrate, openSqlite, type Db } from '../src/db/database.js';
import { PORTAL_TABLES } from '../src/db/migrations.js';
import { createLogger } from '../src/log.js';
import { buildPortalApp } from '../src/portal/app.js';
import { keepAnswers } from '../src/portal/http.js';
import { createItemReader, slugOf, type ItemReader } from '../src/portal/items.js';
import { openPortalDb, type PortalDb } from '../src/portal/portal-repo.js';
import { BOUNDARY_EVERY } from '../src/portal/results.js';
import { samplePublicationRow, type SamplePublication } from '../src/portal/sample-publications.js';
import { createSignedChecker } from '../src/portal/signed.js';
import type { PortalContext } from '../src/portal/site.js';

const BASE = 'https://gongshi.example.gov.cn';
const id = (rest: string) => `tag:gongshi.example.gov.cn,2025:${rest}`;
/** More rows than two boundaries apart, three to an instant, so seeks land inside runs of equal times. */
const BULK = 2 * BOUNDARY_EVERY + 234;
/** Ids in an order unlike their publication order, so the tie-break on item_id is tested. */
const bulkId = (n: number) => id(`bulk/${String((n * 7919) % 10_007).padStart(5, '0')}`);
/** 2024-12-31 12:00 UTC: the bulk runs past midnight in China (16:00 UTC), so two years are listed. */
const BULK_FROM = Date.UTC(2024, 11, 31, 12, 0);
const bulk = (n: number): SamplePublication => ({
  itemId: bulkId(n),
  kind: n % 2 ? 'licensing' : 'penalty',
  title: `批量决定 第${n}号`,
  publishedAt: new Date(BULK_FROM + Math.floor(n / 3) * 60_000).toISOString(),
});

const FIRST = id('cache/first');
const LATER = id('cache/later');
const SOON = id('cache/soon');

let dir: string;
let station: Db;
let key: DeviceKeys;
let portalDb: PortalDb;
let app: FastifyInstance;
/** The portal's clock (ctx.now), moved by the tests. */
let clock = Date.parse('2026-03-02T08:00:10.000Z');
/** Rows the item reader checked: a kept answer checks none. */
let reads = 0;
let rowN = 0;
/** The portal's context, for a second app over a real socket. */
let ctx: PortalContext;

async function insert(...samples: SamplePublication[]) {
  const rows = samples.map((s) => samplePublicationRow(key, s, rowN++));
  for (let i = 0; i < rows.length; i += 500)
    await station
      .insertInto('publications')
      .values(rows.slice(i, i + 500))
      .execute();
}

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

interface ListAnswer {
  items: { item: PublicItem }[];
  paging: { page: number; total: number; pages: number };
  filters: { years: number[] };
}
const list = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  return res.json<ListAnswer>();
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuhen-portal-cache-'));
  const dbFile = join(dir, 'liuhen.sqlite');
  station = openSqlite(dbFile);
  await migrate(station);
  key = await createDeviceKeys(join(dir, 'keys'), STATION_KEY_FILES);
  await insert(
    { itemId: FIRST, title: '先公示的决定', publishedAt: '2026-03-01T02:00:00.000Z' },
    {
      itemId: SOON,
      title: '即将期满的决定',
      publishedAt: '2026-02-01T02:00:00.000Z',
      // 30 s after the clock: inside the same minute, so only the expiry can end what was kept.
      expiresAt: '2026-03-02T08:00:40.000Z',
    },
    ...Array.from({ length: BULK }, (_, n) => bulk(n)),
  );
  portalDb = openPortalDb(dbFile);
  const reader: ItemReader = createItemReader(key.publicKeyPem);
  const counting: ItemReader = {
    ...reader,
    read(row) {
      reads += 1;
      return reader.read(row);
    },
  };
  ctx = {
    db: portalDb,
    reader: counting,
    signed: createSignedChecker(key.publicKeyPem),
    site: { base: BASE, title: '示例县行政执法公示', agency: '示例县市场监督管理局', fingerprint: reader.fingerprint },
    log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent'),
    now: () => new Date(clock).toISOString(),
  };
  app = buildPortalApp(ctx);
  keepAnswers(app, ctx);
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await portalDb?.destroy();
  await station?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every kept kind of answer about FIRST/LATER: the item (page, JSON, signed bytes) and the lists and feeds. */
const itemUrls = (itemId: string) => [
  `/results/${slugOf(itemId)}`,
  `/api/results/${slugOf(itemId)}`,
  `/api/results/${slugOf(itemId)}/public.json`,
];
const listUrls = ['/', '/api/results', '/feed.atom', '/feed.rss', '/feed.json'];

describe('portal: kept answers', () => {
  it('answers a repeat from memory, byte for byte, with the same ETag and a 304 for it', async () => {
    for (const url of [...itemUrls(FIRST), ...listUrls]) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      const before = reads;
      const again = await get(url);
      expect(reads, `${url} was checked again`).toBe(before);
      expect(again.statusCode, url).toBe(200);
      expect(again.body, url).toBe(first.body);
      expect(again.headers.etag, url).toBe(first.headers.etag);
      expect(again.headers['content-type'], url).toBe(first.headers['content-type']);
      expect(again.headers['cache-control'], url).toBe('public, max-age=60');
      expect(again.headers['content-security-policy'], url).toContain("default-src 'none'");
      const held = await get(url, { 'if-none-match': String(first.headers.etag) });
      expect(held.statusCode, url).toBe(304);
      expect(held.body, url).toBe('');
    }
  });

  it('keeps a list under its normalised query: the same answer however the query is spelled', async () => {
    const a = await get('/api/results?limit=5&page=1');
    const before = reads;
    const b = await get('/api/results?page=1&limit=5&unknown=x');
    expect(reads).toBe(before);
    expect(b.body).toBe(a.body);
    // A query the list refuses is answered, not kept.
    expect((await get('/api/results?page=0')).statusCode).toBe(400);
  });

  it('shows a result published meanwhile at once', async () => {
    await get('/');
    await get('/feed.json');
    await insert({ itemId: LATER, title: '后公示的决定', publishedAt: '2026-03-02T01:00:00.000Z' });
    expect((await get('/')).body).toContain('后公示的决定');
    expect((await get('/feed.json')).body).toContain(LATER);
    const api = await list('/api/results');
    expect(api.items[0]!.item.id).toBe(LATER);
    expect(api.paging.total).toBe(BULK + 3);
  });

  it('answers 410 at once after a withdrawal: item, list and feeds, nothing kept outlives it', async () => {
    for (const url of [...itemUrls(LATER), ...listUrls]) {
      expect((await get(url)).statusCode, url).toBe(200);
      expect((await get(url)).statusCode, url).toBe(200);
    }
    await station
      .updateTable('publications')
      .set({ state: 'withdrawn', withdrawn_at: '2026-03-02T07:00:00.000Z', withdraw_reason: '决定已变更' })
      .where('item_id', '=', LATER)
      .execute();
    const page = await get(itemUrls(LATER)[0]!);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('决定已变更');
    expect(page.body).not.toContain('后公示的决定');
    for (const url of itemUrls(LATER).slice(1)) expect((await get(url)).statusCode, url).toBe(410);
    expect((await get('/')).body).not.toContain('后公示的决定');
    const api = await list('/api/results');
    expect(api.items.map((x) => x.item.id)).not.toContain(LATER);
    expect(api.paging.total).toBe(BULK + 2);
    expect((await get('/feed.json')).body).not.toContain(LATER);
    expect((await get('/feed.rss')).body).not.toContain('后公示的决定');
    expect((await get('/feed.atom')).body).toContain(`ref="${LATER}"`);
    // The 410 itself is kept (until the next write) and stays a 410.
    expect((await get(itemUrls(LATER)[0]!)).statusCode).toBe(410);
  });

  it('answers 410 公示期满 once an expiry passes, with no write to end what was kept', async () => {
    const url = `/results/${slugOf(SOON)}`;
    expect((await get(url)).statusCode).toBe(200);
    expect((await get(url)).statusCode).toBe(200);
    const before = (await list('/api/results')).paging.total;
    clock = Date.parse('2026-03-02T08:00:41.000Z');
    const page = await get(url);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('公示期满');
    expect((await list('/api/results')).paging.total).toBe(before - 1);
    expect((await get('/feed.atom')).body).toContain(`ref="${SOON}"`);
  });

  it('keeps everything through a write to a table the portal does not read (an audit row, a device)', async () => {
    await sql`CREATE TABLE IF NOT EXISTS scratch_unrelated (n INTEGER)`.execute(station);
    for (const url of listUrls) await get(url);
    const before = reads;
    for (let i = 0; i < 3; i++) {
      await sql`INSERT INTO scratch_unrelated (n) VALUES (${i})`.execute(station);
      for (const url of listUrls) expect((await get(url)).statusCode, url).toBe(200);
    }
    expect(reads, 'a write elsewhere dropped what was kept').toBe(before);
  });

  it('drops what it keeps on any insert, update or delete of a table the portal reads', async () => {
    const changes = async () =>
      (await station.selectFrom('portal_changes').select('n').where('id', '=', 1).executeTakeFirstOrThrow()).n;
    // Each table the portal reads moves the counter on every insert, update and delete of a row.
    for (const table of PORTAL_TABLES) {
      const triggers = await sql<{
        sql: string;
      }>`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ${table}`.execute(station);
      for (const event of ['INSERT', 'UPDATE', 'DELETE'])
        expect(
          triggers.rows.some((t) => t.sql.includes(`AFTER ${event} ON ${table}`) && t.sql.includes('portal_changes')),
          `${table} ${event}`,
        ).toBe(true);
    }
    const n0 = await changes();
    await sql`UPDATE publications SET updated_at = updated_at WHERE item_id = ${SOON}`.execute(station);
    expect(await changes()).toBe(n0 + 1);
    // A new row of the portal's main table ends what was kept, through the counter.
    await get('/');
    const n = await changes();
    await insert({ itemId: id('cache/counter'), title: '计数器决定', publishedAt: '2026-03-02T02:00:00.000Z' });
    expect(await changes()).toBeGreaterThan(n);
    expect((await get('/')).body).toContain('计数器决定');
  });

  it('lists every table the portal reads in PORTAL_TABLES, so a change to one cannot be missed', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const folder = join(import.meta.dirname, '../src/portal');
    const read = new Set<string>();
    for (const f of readdirSync(folder).filter((x) => x.endsWith('-repo.ts')))
      for (const m of readFileSync(join(folder, f), 'utf8').matchAll(/(?:selectFrom|Join)\(\s*'([a-z_]+)/g))
        read.add(m[1]!);
    expect([...read].sort()).toEqual([...PORTAL_TABLES].sort());
  });

  it('over a real socket, answers a repeat before Fastify with the same status, bytes and headers', async () => {
    // A second app on the same context, counting what reaches Fastify.
    let routed = 0;
    const sock = buildPortalApp(ctx);
    keepAnswers(sock, ctx);
    // onResponse: it runs for every answer Fastify sends (the kept-answer hook ends onRequest early).
    sock.addHook('onResponse', (_req, _reply, done) => {
      routed += 1;
      done();
    });
    await sock.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = sock.server.address() as { port: number };
      const base = `http://127.0.0.1:${addr.port}`;
      const fetchOf = async (url: string, headers: Record<string, string> = {}) => {
        const res = await fetch(`${base}${url}`, { headers });
        const h = Object.fromEntries(
          [...res.headers].filter(([k]) => !['date', 'connection', 'keep-alive'].includes(k)),
        );
        return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: h };
      };
      for (const url of [...itemUrls(FIRST), ...listUrls, '/api/results?limit=5&page=2']) {
        const first = await fetchOf(url);
        expect(first.status, url).toBe(200);
        const n = routed;
        const again = await fetchOf(url);
        expect(routed, `${url} went through Fastify again`).toBe(n);
        expect(again.status, url).toBe(first.status);
        expect(again.body.equals(first.body), url).toBe(true);
        expect(again.headers, url).toEqual(first.headers);
        // A 304 answered raw has the headers of one answered by Fastify (another spelling of the query).
        const etag = { 'if-none-match': first.headers.etag! };
        const raw304 = await fetchOf(url, etag);
        expect(routed, url).toBe(n);
        const routed304 = await fetchOf(`${url}${url.includes('?') ? '&' : '?'}x=1`, etag);
        expect(routed, url).toBe(n + 1);
        expect(raw304.status, url).toBe(304);
        expect(raw304.headers, url).toEqual(routed304.headers);
      }
      // What is not kept still reaches Fastify: a 404, a HEAD.
      const n = routed;
      expect((await fetchOf('/no-such-page')).status).toBe(404);
      expect((await fetch(`${base}/`, { method: 'HEAD' })).status).toBe(200);
      expect(routed).toBe(n + 2);
      // A withdrawal reaches the raw path at once too.
      const url = itemUrls(FIRST)[0]!;
      expect((await fetchOf(url)).status).toBe(200);
      await station
        .updateTable('publications')
        .set({ state: 'withdrawn', withdrawn_at: '2026-03-02T07:30:00.000Z', withdraw_reason: '决定已撤销' })
        .where('item_id', '=', FIRST)
        .execute();
      const gone = await fetchOf(url);
      expect(gone.status).toBe(410);
      expect(gone.body.toString()).toContain('决定已撤销');
    } finally {
      await sock.close();
    }
  });
});

describe('portal: seek paging', () => {
  /** What is live now, in the list's order, by id (what an OFFSET over a sort would page). */
  async function expected(kind?: string): Promise<string[]> {
    let q = station
      .selectFrom('publications')
      .select(['item_id', 'published_at'])
      .where('state', '=', 'published')
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', new Date(clock).toISOString())]));
    if (kind) q = q.where('kind', '=', kind);
    const rows = await q.execute();
    return rows
      .sort((a, b) =>
        a.published_at! !== b.published_at!
          ? a.published_at! < b.published_at!
            ? 1
            : -1
          : a.item_id < b.item_id
            ? -1
            : a.item_id > b.item_id
              ? 1
              : 0,
      )
      .map((r) => r.item_id);
  }

  const ids = (a: ListAnswer) => a.items.map((x) => x.item.id);

  it('pages through everything once, in order, at every page size, across the kept boundaries', async () => {
    const all = await expected();
    expect(all.length).toBeGreaterThan(2 * BOUNDARY_EVERY);
    for (const limit of [100, 7, 20]) {
      const pages = Math.ceil(all.length / limit);
      const seen: string[] = [];
      for (let page = 1; page <= pages; page++) {
        const a = await list(`/api/results?limit=${limit}&page=${page}`);
        expect(a.paging.total).toBe(all.length);
        expect(a.paging.pages).toBe(pages);
        seen.push(...ids(a));
      }
      expect(seen, `limit ${limit}`).toEqual(all);
      // Past the end: nothing, still counted.
      const past = await list(`/api/results?limit=${limit}&page=${pages + 1}`);
      expect(past.items).toEqual([]);
      expect(past.paging.total).toBe(all.length);
    }
  });

  it('pages a filtered list the same way, and lists the years of what is live', async () => {
    const licensing = await expected('licensing');
    expect(licensing.length).toBeGreaterThan(BOUNDARY_EVERY);
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(licensing.length / 100); page++)
      seen.push(...ids(await list(`/api/results?kind=licensing&limit=100&page=${page}`)));
    expect(seen).toEqual(licensing);
    const a = await list('/api/results');
    expect(a.filters.years).toEqual([2026, 2025, 2024]);
    const y2024 = await list('/api/results?year=2024&limit=100');
    expect(y2024.paging.total).toBe(
      Array.from({ length: BULK }, (_, n) => bulk(n)).filter((s) => s.publishedAt! < '2024-12-31T16:00:00.000Z').length,
    );
  });

  it('the last page of the HTML list holds the last rows', async () => {
    const all = await expected();
    const pages = Math.ceil(all.length / 20);
    const res = await get(`/?page=${pages}`);
    expect(res.statusCode).toBe(200);
    const last = await list(`/api/results?page=${pages}`);
    expect(ids(last)).toEqual(all.slice((pages - 1) * 20));
    for (const x of last.items) expect(res.body).toContain(`/results/${slugOf(x.item.id)}`);
    expect(res.body).toContain(`第 ${pages} 页，共 ${pages} 页`);
  });
});
