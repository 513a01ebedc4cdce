/**
 * The portal's reads, as served items: the repository's rows checked by the item reader
 * (items.ts). A row that does not verify is left out of lists and answered as unavailable on
 * its own page, and logged, so a tampered database shows as missing items, never as false ones.
 */
import type { PublicWithdrawal } from '@liuhen/contract';
import { idOfSlug, withdrawalOf, type ServedItem } from './items.js';
import {
  countResults,
  dataVersion,
  findResult,
  findResults,
  resultYears,
  type PortalDb,
  type PublicRow,
} from './portal-repo.js';
import type { ListQuery } from './query.js';
import type { PortalContext } from './site.js';

export interface ResultList {
  items: ServedItem[];
  total: number;
  pages: number;
  /** The years that can be chosen in the year filter. */
  years: number[];
}

/** Served items of rows, skipping (and logging) any that fails its checks. */
export function servedOf(ctx: PortalContext, rows: readonly PublicRow[]): ServedItem[] {
  const out: ServedItem[] = [];
  for (const row of rows) {
    const r = ctx.reader.read(row);
    if (r.ok) out.push(r.served);
    else ctx.log.error({ itemId: row.item_id, problem: r.problem }, 'portal: published item not served');
  }
  return out;
}

/**
 * The year filter's choices scan every live row: kept until the station writes (data_version)
 * or a minute passes (an expiry can empty a year without a write).
 */
const yearsCache = new WeakMap<PortalDb, { key: string; years: Promise<number[]> }>();
function yearsOf(db: PortalDb, now: string): Promise<number[]> {
  const key = `${dataVersion(db)}:${now.slice(0, 16)}`;
  const cached = yearsCache.get(db);
  if (cached?.key === key) return cached.years;
  const years = resultYears(db, now);
  yearsCache.set(db, { key, years });
  years.catch(() => yearsCache.delete(db));
  return years;
}

/**
 * Counts read every match (a page reads only its rows): kept per filter until the station writes
 * or a minute passes, like the years; at most COUNTS_KEPT filters.
 */
const COUNTS_KEPT = 256;
const countsCache = new WeakMap<PortalDb, { version: string; counts: Map<string, Promise<number>> }>();
function countOf(db: PortalDb, filter: ListQuery['filter'], now: string): Promise<number> {
  const version = `${dataVersion(db)}:${now.slice(0, 16)}`;
  let entry = countsCache.get(db);
  if (entry?.version !== version || entry.counts.size >= COUNTS_KEPT) {
    entry = { version, counts: new Map() };
    countsCache.set(db, entry);
  }
  const { counts } = entry;
  const key = JSON.stringify(filter);
  let n = counts.get(key);
  if (!n) {
    n = countResults(db, filter, now);
    counts.set(key, n);
    n.catch(() => counts.delete(key));
  }
  return n;
}

export async function listResults(ctx: PortalContext, q: ListQuery): Promise<ResultList> {
  const now = ctx.now();
  const [rows, total, years] = await Promise.all([
    findResults(ctx.db, q.filter, { offset: (q.page - 1) * q.limit, limit: q.limit }, now),
    countOf(ctx.db, q.filter, now),
    yearsOf(ctx.db, now),
  ]);
  return { items: servedOf(ctx, rows), total, pages: Math.max(1, Math.ceil(total / q.limit)), years };
}

export type OneResult =
  | { live: ServedItem }
  | { gone: PublicWithdrawal }
  /** Published, but its signature or JSON failed the checks. */
  | { unavailable: string }
  | { missing: true };

/** The item a path's slug names. */
export async function oneResult(ctx: PortalContext, slug: string): Promise<OneResult> {
  const itemId = idOfSlug(slug);
  if (itemId === undefined) return { missing: true };
  const found = await findResult(ctx.db, itemId, ctx.now());
  if (!found) return { missing: true };
  if ('gone' in found) return { gone: withdrawalOf(found.gone) };
  const r = ctx.reader.read(found.live);
  if (r.ok) return { live: r.served };
  ctx.log.error({ itemId, problem: r.problem }, 'portal: published item not served');
  return { unavailable: itemId };
}
