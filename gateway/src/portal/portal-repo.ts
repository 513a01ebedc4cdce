/**
 * Every query of the public portal, on its own read-only connection.
 *
 * The portal reads only the public columns of `publications` (PUBLIC_COLUMNS, TOMBSTONE_COLUMNS):
 * never `original`, `redacted`, `findings`, `withhold`, `signed_off_by` or `case_id` — the
 * unredacted text never leaves the station. A withdrawn or expired row is read only as a
 * tombstone (id, time, reason): its old public_json is not even fetched. Of the pages published
 * before enforcement and of the random draws, only the signed public records and the columns
 * that say which record is which (PAGE_COLUMNS, DRAW_COLUMNS); never a draw's sealed seed, its
 * roster, its declared conflicts, the assignments table or who did what.
 *
 * The connection is opened read-only at the file level (better-sqlite3 `readonly`, the file
 * descriptor O_RDONLY) and with `query_only`, so a bug or an injection here cannot write.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../db/schema.js';

export type PortalDb = Kysely<Database>;

const handles = new WeakMap<PortalDb, { sqlite: SQLite.Database; changes: SQLite.Statement<[], number> }>();

/**
 * Opens the station's database read-only; throws when the file does not exist (the station
 * creates it: the portal never does). WAL mode is the station's setting and is left alone.
 */
export function openPortalDb(file: string): PortalDb {
  const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('query_only = ON');
  sqlite.pragma('busy_timeout = 2000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  // Prepared once: every request asks it (results.ts generationOf), and preparing costs more than stepping.
  handles.set(db, { sqlite, changes: sqlite.prepare<[], number>('SELECT n FROM portal_changes WHERE id = 1').pluck() });
  return db;
}

/** True when the connection under `db` was opened read-only (better-sqlite3's own flag). */
export function isReadOnly(db: PortalDb): boolean {
  return handles.get(db)?.sqlite.readonly === true;
}

/**
 * A number that moves whenever the station changes a table the portal reads (migration 0019's
 * triggers: publications, video releases, disclosure pages, inspection plans), and only then: a
 * one-row read of a few microseconds. Everything the portal keeps (answers, counts, page
 * boundaries, feeds) is dropped when it moves. (SQLite's data_version moved on every commit, the
 * audit row of every dashboard view included, so a station in use kept almost nothing.)
 */
export function portalChanges(db: PortalDb): number {
  return handles.get(db)?.changes.get() ?? Date.now();
}

/** The columns a live item is served from. */
export const PUBLIC_COLUMNS = [
  'item_id',
  'kind',
  'title',
  'public_json',
  'signature',
  'published_at',
  'updated_at',
  'expires_at',
] as const;

/** The columns a withdrawn or expired item is announced from. */
export const TOMBSTONE_COLUMNS = [
  'item_id',
  'state',
  'withdrawn_at',
  'withdraw_reason',
  'expires_at',
  'updated_at',
] as const;

export interface PublicRow {
  item_id: string;
  kind: string;
  title: string;
  public_json: string | null;
  signature: string | null;
  published_at: string | null;
  updated_at: string;
  expires_at: string | null;
}

export interface TombstoneRow {
  item_id: string;
  state: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
  expires_at: string | null;
  /** When the row last changed: the tombstone's time when the withdrawal or expiry has none. */
  updated_at: string;
}

/** What the list shows: search words over search_text, a kind, a publication year (China time). */
export interface ResultFilter {
  /** Words that must all occur in the item's search text. */
  words: readonly string[];
  kind?: string;
  year?: number;
}

type PubQuery<O> = SelectQueryBuilder<Database, 'publications', O>;

/**
 * Published, signed and not yet expired at `now`. The station writes every time as
 * `Date.prototype.toISOString()` (UTC, "Z", milliseconds), so times compare as text, and the
 * list walks the (state, published_at) index instead of sorting every row: with julianday() on
 * each row a page of 100k items took a second.
 */
function live<O>(q: PubQuery<O>, now: string): PubQuery<O> {
  const at = new Date(now).toISOString();
  return q
    .where('state', '=', 'published')
    .where('public_json', 'is not', null)
    .where('signature', 'is not', null)
    .where('published_at', 'is not', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]));
}

/** LIKE pattern for a word, with the wildcards in it taken literally. */
const containing = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The first instant of a year in China Standard Time, as UTC ISO. */
const yearStart = (year: number) => new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000).toISOString();

function filtered<O>(q: PubQuery<O>, f: ResultFilter, now: string): PubQuery<O> {
  let out = live(q, now);
  for (const word of f.words) out = out.where(sql<boolean>`search_text like ${containing(word)} escape '\\'`);
  if (f.kind !== undefined) out = out.where('kind', '=', f.kind);
  if (f.year !== undefined)
    out = out.where('published_at', '>=', yearStart(f.year)).where('published_at', '<', yearStart(f.year + 1));
  return out;
}

/**
 * A position in the list's order (published_at descending, then item_id): the list continues with
 * this row. The list is read from a position instead of an OFFSET from its start, so the last
 * page costs what the first does (an OFFSET of 99,980 walked every row before it: 355 ms).
 */
export interface SeekKey {
  publishedAt: string;
  itemId: string;
}

/**
 * Rows at or after `at` in the list's order. The `published_at <= ?` bound is what lets SQLite
 * start its walk of the index at `at`; the OR drops the rows of that same instant before it.
 */
function from<O>(q: PubQuery<O>, at: SeekKey | undefined): PubQuery<O> {
  if (!at) return q;
  return q
    .where('published_at', '<=', at.publishedAt)
    .where((eb) => eb.or([eb('published_at', '<', at.publishedAt), eb('item_id', '>=', at.itemId)]));
}

/**
 * One page of live items matching `f`, newest publication first: `limit` rows after skipping
 * `skip` from `at` (the list's start when undefined). results.ts keeps `skip` under a few hundred.
 */
export function findResults(
  db: PortalDb,
  f: ResultFilter,
  page: { at?: SeekKey; skip: number; limit: number },
  now: string,
): Promise<PublicRow[]> {
  return from(filtered(db.selectFrom('publications').select(PUBLIC_COLUMNS), f, now), page.at)
    .orderBy('published_at', 'desc')
    .orderBy('item_id')
    .limit(page.limit)
    .offset(page.skip)
    .execute();
}

/**
 * The list's sparse index: the position of every `every`-th live item matching `f` (the 1st, the
 * every+1-th, …) and how many there are. Each step seeks from the previous position and skips
 * `every` rows in the live-order index (migration 0018) without reading the rows themselves, so
 * the whole walk costs about what counting did, and gives the count too.
 */
export async function listBoundaries(
  db: PortalDb,
  f: ResultFilter,
  now: string,
  every: number,
): Promise<{ keys: SeekKey[]; total: number }> {
  const keys: SeekKey[] = [];
  let at: SeekKey | undefined;
  for (;;) {
    const row = await from(filtered(db.selectFrom('publications').select(['published_at', 'item_id']), f, now), at)
      .orderBy('published_at', 'desc')
      .orderBy('item_id')
      .limit(1)
      .offset(at ? every : 0)
      .executeTakeFirst();
    if (!row?.published_at) break;
    at = { publishedAt: row.published_at, itemId: row.item_id };
    keys.push(at);
  }
  if (!at) return { keys, total: 0 };
  const tail = await from(
    filtered(
      db.selectFrom('publications').select((eb) => eb.fn.countAll<number>().as('n')),
      f,
      now,
    ),
    at,
  ).executeTakeFirst();
  return { keys, total: (keys.length - 1) * every + Number(tail?.n ?? 0) };
}

/**
 * The publication years (China time) that have live items, newest first: the year filter's
 * choices. One seek per year down the live-order index (the newest item before the start of the
 * last year found), instead of strftime() over every live row (44 ms at 100k).
 */
export async function resultYears(db: PortalDb, now: string): Promise<number[]> {
  const years: number[] = [];
  let before: string | undefined;
  for (;;) {
    let q = live(db.selectFrom('publications').select('published_at'), now);
    if (before !== undefined) q = q.where('published_at', '<', before);
    const row = await q.orderBy('published_at', 'desc').orderBy('item_id').limit(1).executeTakeFirst();
    const t = row?.published_at ? Date.parse(row.published_at) : NaN;
    if (!Number.isFinite(t)) break;
    const year = new Date(t + 8 * 3_600_000).getUTCFullYear();
    years.push(year);
    before = yearStart(year);
  }
  return years;
}

/**
 * The first instant after `now` at which a published item expires, or undefined when none will:
 * until then, what is live does not change without a write (results.ts keeps answers that long).
 */
export async function nextExpiry(db: PortalDb, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('publications')
    .select('expires_at')
    .where('state', '=', 'published')
    .where('expires_at', '>', new Date(now).toISOString())
    .orderBy('expires_at')
    .limit(1)
    .executeTakeFirst();
  return row?.expires_at ?? undefined;
}

/** Live items most recently changed first (feeds), at most `limit`; all of them when limit is undefined (CSV). */
export async function recentResults(db: PortalDb, now: string, limit?: number): Promise<PublicRow[]> {
  let q = live(db.selectFrom('publications').select(PUBLIC_COLUMNS), now)
    .orderBy(sql`julianday(updated_at)`, 'desc')
    .orderBy('item_id');
  if (limit !== undefined) q = q.limit(limit);
  return q.execute();
}

/**
 * Items taken down (withdrawn, expired by state, or published past their expiry), latest first,
 * at most `limit`: the feeds' tombstones. Drafts never appear.
 */
export async function removedResults(db: PortalDb, now: string, limit: number): Promise<TombstoneRow[]> {
  return db
    .selectFrom('publications')
    .select(TOMBSTONE_COLUMNS)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['withdrawn', 'expired']),
        eb.and([eb('state', '=', 'published'), eb(sql`julianday(expires_at)`, '<=', sql`julianday(${now})`)]),
      ]),
    )
    .orderBy(
      sql`julianday(coalesce(case when state = 'withdrawn' then withdrawn_at else expires_at end, updated_at))`,
      'desc',
    )
    .orderBy('item_id')
    .limit(limit)
    .execute();
}

/**
 * One item by its permanent id: live (its public columns), gone (its tombstone columns), or
 * undefined when there is no such item or it is a draft.
 */
export async function findResult(
  db: PortalDb,
  itemId: string,
  now: string,
): Promise<{ live: PublicRow } | { gone: TombstoneRow } | undefined> {
  const state = await db
    .selectFrom('publications')
    .select(TOMBSTONE_COLUMNS)
    .where('item_id', '=', itemId)
    .where('state', 'in', ['published', 'withdrawn', 'expired'])
    .executeTakeFirst();
  if (!state) return undefined;
  const expired = state.expires_at !== null && Date.parse(state.expires_at) <= Date.parse(now);
  if (state.state !== 'published' || expired) return { gone: state };
  const row = await live(db.selectFrom('publications').select(PUBLIC_COLUMNS), now)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  // Published but unsigned or without its JSON: not servable, as if it were a draft.
  return row ? { live: row } : undefined;
}

// ---------------------------------------------------------------- pages before enforcement (事前公开)

/**
 * The columns a page version is served from: its slug, number and day of effect (to choose the
 * version in effect) and the signed public JSON with its signature. Never `body_json`,
 * `published_by` or anything else: what the public reads is the signed JSON alone.
 */
export const PAGE_COLUMNS = ['slug', 'version', 'effective_from', 'public_json', 'signature'] as const;

export interface PageRow {
  slug: string;
  version: number;
  effective_from: string;
  public_json: string;
  signature: string;
}

/** A version in a page's history, without its text: number, day of effect and signature. */
export interface PageVersionRow {
  version: number;
  effective_from: string;
  signature: string;
}

/** For each page, the highest version in effect on `day` (YYYY-MM-DD, China time), by slug. */
export function pagesInEffectOn(db: PortalDb, day: string): Promise<PageRow[]> {
  return db
    .selectFrom('disclosure_pages as p')
    .select(PAGE_COLUMNS.map((c) => `p.${c}` as const))
    .where('p.effective_from', '<=', day)
    .where(({ selectFrom, not, exists }) =>
      not(
        exists(
          selectFrom('disclosure_pages as q')
            .select('q.version')
            .whereRef('q.slug', '=', 'p.slug')
            .whereRef('q.version', '>', 'p.version')
            .where('q.effective_from', '<=', day),
        ),
      ),
    )
    .orderBy('p.slug')
    .execute();
}

/** Versions published to take effect after `day`, for every page: announced, not yet in effect. */
export function pagesUpcomingAfter(db: PortalDb, day: string): Promise<PageRow[]> {
  return db
    .selectFrom('disclosure_pages')
    .select(PAGE_COLUMNS)
    .where('effective_from', '>', day)
    .orderBy('slug')
    .orderBy('version')
    .execute();
}

/** Every version of a page, newest first, without the text. */
export function pageHistory(db: PortalDb, slug: string): Promise<PageVersionRow[]> {
  return db
    .selectFrom('disclosure_pages')
    .select(['version', 'effective_from', 'signature'])
    .where('slug', '=', slug)
    .orderBy('version', 'desc')
    .execute();
}

export function pageVersionRow(db: PortalDb, slug: string, version: number): Promise<PageRow | undefined> {
  return db
    .selectFrom('disclosure_pages')
    .select(PAGE_COLUMNS)
    .where('slug', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- random draws (双随机、一公开)

/**
 * The columns a draw is served from: its public id and title, the times its records were
 * published, and the signed records themselves (the commitment before the draw, the draw with
 * its seed after it, or the cancellation notice). Never `seed_sealed` (the draw's one secret
 * until it happens), `roster` (badge numbers), `conflicts` (the reasons for 回避), `parties`
 * (the draft list: the committed one is in the signed record), who did what (`*_by`), or the
 * state column: a draw's state is what its signed records show.
 */
export const DRAW_COLUMNS = [
  'draw_id',
  'title',
  'draw_at',
  'commitment',
  'committed_at',
  'drawn_at',
  'cancelled_at',
  'commitment_json',
  'commitment_signature',
  'draw_json',
  'draw_signature',
  'cancel_json',
  'cancel_signature',
] as const;

export interface DrawRow {
  draw_id: string;
  title: string;
  draw_at: string;
  commitment: string | null;
  committed_at: string | null;
  drawn_at: string | null;
  cancelled_at: string | null;
  commitment_json: string | null;
  commitment_signature: string | null;
  draw_json: string | null;
  draw_signature: string | null;
  cancel_json: string | null;
  cancel_signature: string | null;
}

/** A draw in the list: what its page links and its state are made from, without the records' text. */
export interface DrawListRow {
  draw_id: string;
  title: string;
  draw_at: string;
  commitment: string | null;
  committed_at: string | null;
  drawn_at: string | null;
  cancelled_at: string | null;
  has_draw: number;
  has_cancel: number;
}

/**
 * Draws with a published record (committed, drawn, or called off after their commitment), latest
 * announced first, at most `limit`. Drafts, and drafts called off before any commitment, have
 * published nothing and are not listed.
 */
export function publicDraws(db: PortalDb, limit: number): Promise<DrawListRow[]> {
  return db
    .selectFrom('inspection_plans')
    .select((eb) => [
      'draw_id',
      'title',
      'draw_at',
      'commitment',
      'committed_at',
      'drawn_at',
      'cancelled_at',
      eb.case().when('draw_json', 'is not', null).then(1).else(0).end().as('has_draw'),
      eb.case().when('cancel_json', 'is not', null).then(1).else(0).end().as('has_cancel'),
    ])
    .where('commitment_json', 'is not', null)
    .where('commitment_signature', 'is not', null)
    .orderBy(sql`julianday(draw_at)`, 'desc')
    .orderBy('draw_id')
    .limit(limit)
    .execute();
}

/** One draw by its public id, when it has published its commitment. */
export function publicDraw(db: PortalDb, drawId: string): Promise<DrawRow | undefined> {
  return db
    .selectFrom('inspection_plans')
    .select(DRAW_COLUMNS)
    .where('draw_id', '=', drawId)
    .where('commitment_json', 'is not', null)
    .executeTakeFirst();
}
