/**
 * The portal's reads, as served items: the repository's rows checked by the item reader
 * (items.ts). A row that does not verify is left out of lists and answered as unavailable on
 * its own page, and logged, so a tampered database shows as missing items, never as false ones.
 *
 * What is live changes only when the station changes what the portal reads (portalChanges) or when a
 * published item's expiry passes. Between two such moments the portal is in one *generation*:
 * every list, count and item of it is decided at the generation's `now`, and what is derived from
 * them (the list's page boundaries, the year choices, rendered answers in http.ts, the feeds) is
 * kept with the generation and dropped with it. A generation also ends when its minute does, so
 * nothing is kept longer than the Cache-Control max-age the answers carry.
 */
import type { PublicWithdrawal } from '@liuhen/contract';
import { idOfSlug, withdrawalOf, type ServedItem } from './items.js';
import {
  findResult,
  findResults,
  listBoundaries,
  nextExpiry,
  portalChanges,
  resultYears,
  type PortalDb,
  type PublicRow,
  type SeekKey,
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

/** A stretch of time in which what is live does not change (see the top of this file). */
export interface Generation {
  /** portalChanges when it began. */
  version: number;
  /** The minute it began in (ISO, to the minute): it ends with that minute. */
  minute: string;
  /** The time everything of this generation is decided at (its first request). */
  now: string;
  /** Epoch ms of the first expiry after `now` (Infinity: none): the generation ends then. */
  until: number;
  /** True once `until` is known (one indexed query); kept answers are reused only then. */
  settled: boolean;
  /** The list's page boundaries and count, per filter. */
  lists: Map<string, Promise<Boundaries>>;
  years?: Promise<number[]>;
}

interface Boundaries {
  keys: SeekKey[];
  total: number;
}

const generations = new WeakMap<PortalDb, Generation>();

/** The generation the portal is in now; a new one when the station wrote, an item expired or a minute passed. */
export function generationOf(ctx: PortalContext): Generation {
  const version = portalChanges(ctx.db);
  const now = ctx.now();
  const minute = now.slice(0, 16);
  const current = generations.get(ctx.db);
  if (current && current.version === version && current.minute === minute && Date.parse(now) < current.until)
    return current;
  const gen: Generation = { version, minute, now, until: Infinity, settled: false, lists: new Map() };
  generations.set(ctx.db, gen);
  nextExpiry(ctx.db, now).then(
    (at) => {
      if (at !== undefined) gen.until = Date.parse(at);
      gen.settled = true;
    },
    (err: unknown) => {
      // Without the next expiry nothing may be kept: end this generation at once, the next request tries again.
      ctx.log.error({ err }, 'portal: next expiry not read');
      gen.until = 0;
    },
  );
  return gen;
}

/** The year filter's choices: one walk per generation. */
function yearsOf(ctx: PortalContext, gen: Generation): Promise<number[]> {
  if (!gen.years) {
    const years = resultYears(ctx.db, gen.now);
    gen.years = years;
    years.catch(() => {
      if (gen.years === years) delete gen.years;
    });
  }
  return gen.years;
}

/**
 * Rows between two kept page boundaries. A page is read by seeking to the boundary at or before
 * its first row and skipping fewer than this many rows in the index (about 50 µs at most), so
 * every page number costs the same; a list of n items keeps n / BOUNDARY_EVERY positions.
 */
export const BOUNDARY_EVERY = 500;
/** Filters whose boundaries are kept per generation; more start the set again. */
const LISTS_KEPT = 256;

/**
 * The boundaries (and count) of the list for a filter: one walk of the index per filter and
 * generation, the same rows a count reads (about 10 ms for 100k live items).
 */
function boundariesOf(ctx: PortalContext, gen: Generation, filter: ListQuery['filter']): Promise<Boundaries> {
  const key = JSON.stringify(filter);
  let b = gen.lists.get(key);
  if (!b) {
    if (gen.lists.size >= LISTS_KEPT) gen.lists.clear();
    const walk = listBoundaries(ctx.db, filter, gen.now, BOUNDARY_EVERY);
    gen.lists.set(key, walk);
    walk.catch(() => {
      if (gen.lists.get(key) === walk) gen.lists.delete(key);
    });
    b = walk;
  }
  return b;
}

export async function listResults(ctx: PortalContext, q: ListQuery): Promise<ResultList> {
  const gen = generationOf(ctx);
  const [bounds, years] = await Promise.all([boundariesOf(ctx, gen, q.filter), yearsOf(ctx, gen)]);
  const offset = (q.page - 1) * q.limit;
  const b = Math.floor(offset / BOUNDARY_EVERY);
  const rows =
    b < bounds.keys.length
      ? await findResults(
          ctx.db,
          q.filter,
          { at: bounds.keys[b], skip: offset - b * BOUNDARY_EVERY, limit: q.limit },
          gen.now,
        )
      : [];
  return {
    items: servedOf(ctx, rows),
    total: bounds.total,
    pages: Math.max(1, Math.ceil(bounds.total / q.limit)),
    years,
  };
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
  const found = await findResult(ctx.db, itemId, generationOf(ctx).now);
  if (!found) return { missing: true };
  if ('gone' in found) return { gone: withdrawalOf(found.gone) };
  const r = ctx.reader.read(found.live);
  if (r.ok) return { live: r.served };
  ctx.log.error({ itemId, problem: r.problem }, 'portal: published item not served');
  return { unavailable: itemId };
}
