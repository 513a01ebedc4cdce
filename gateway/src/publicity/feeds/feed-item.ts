/**
 * What the open-data feeds carry, checked at the boundary, and which items are live.
 *
 * An item is something already published on the portal (a penalty decision's summary, a random
 * inspection's result), its text already redacted. A withdrawn item (撤下: the decision was
 * changed, revoked, confirmed illegal or void; Administrative Penalty Law art. 48) leaves the
 * feeds and becomes an Atom tombstone carrying only its id, when, and the published reason, never
 * its old text.
 *
 * Ids are permanent: a tag: URI (RFC 4151, e.g. tag:scjg.example.gov.cn,2025:penalty/2025-0012)
 * or an https URL, already in the normal form WHATWG URL gives it, so that the Atom id, the RSS
 * guid, the JSON Feed id and a tombstone's ref are the same string everywhere.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { check } from '@liuhen/device-profiles';
import { isShanghaiDay } from '../../calendar/index.js';
import { Invalid } from '../../errors.js';

// ---------------------------------------------------------------- schemas

const DateTime = (description: string) =>
  Type.String({ format: 'date-time', description: `${description}: RFC 3339, e.g. 2025-03-03T09:30:00+08:00` });

const ItemId = Type.String({
  maxLength: 500,
  pattern:
    "^(tag:[A-Za-z0-9.@-]+,\\d{4}(-\\d{2}(-\\d{2})?)?:[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*|https://[A-Za-z0-9._~!$&'()*+,;=:@/?%#\\[\\]-]+)$",
  description: 'Permanent id: a tag: URI (RFC 4151) or an https URL, ASCII, in WHATWG-normal form',
});

const HttpsUrl = (description: string) =>
  Type.String({ maxLength: 2000, pattern: '^https://\\S+$', description: `${description} (https)` });

export const FeedItem = Type.Object({
  id: ItemId,
  title: Type.String({ minLength: 1, maxLength: 500, description: 'Plain text, redacted' }),
  summary: Type.String({ maxLength: 20_000, description: 'Plain text, already redacted (公示摘要)' }),
  published: DateTime('When it was first published'),
  updated: DateTime('When it was last changed (a correction, 更正); not before published'),
  link: HttpsUrl('Its page on the portal'),
});
export type FeedItem = Static<typeof FeedItem>;

export const WithdrawnItem = Type.Object({
  id: ItemId,
  withdrawnAt: DateTime('When it was taken down (撤下)'),
  reason: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: 'The reason as published (e.g. 该处罚决定已被依法撤销), without the withdrawn text',
  }),
});
export type WithdrawnItem = Static<typeof WithdrawnItem>;

export const FeedSite = Type.Object({
  id: ItemId,
  title: Type.String({ minLength: 1, maxLength: 200, description: 'e.g. 某某县市场监督管理局 行政执法公示' }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  link: HttpsUrl('The portal’s home page'),
  language: Type.Optional(
    Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', description: 'BCP 47 tag; zh-CN when left out' }),
  ),
  publisher: Type.Object({
    name: Type.String({ minLength: 1, maxLength: 200 }),
    link: Type.Optional(HttpsUrl('Its site')),
  }),
  feedLinks: Type.Object({
    atom: HttpsUrl('Where the Atom feed is served'),
    rss: HttpsUrl('Where the RSS feed is served'),
    json: HttpsUrl('Where the JSON Feed is served'),
  }),
  copyright: Type.Optional(Type.String({ maxLength: 500 })),
});
export type FeedSite = Static<typeof FeedSite>;

// ---------------------------------------------------------------- checks

const refuse = (problem: string) => new Invalid(`feeds: ${problem}`, { code: 'feed-invalid' });

/** Checks a value against a schema; the error names where it failed. */
export function checked<T extends TSchema>(schema: T, value: unknown, where: string): Static<T> {
  const r = check(schema, value);
  if (!r.ok) throw refuse(`${where}${r.error.startsWith('/') ? '' : ' '}${r.error}`);
  return r.value;
}

/** Milliseconds of an ISO time the schema admitted; refuses a time that does not exist (02-30). */
export function timeOf(iso: string, where: string): number {
  // Date.parse rolls 02-30 over into March and takes hour 24: check the day and hour first.
  const real = isShanghaiDay(iso.slice(0, 10)) && iso.slice(11, 13) !== '24';
  const ms = real ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw refuse(`${where}: ${iso} is not a real time; correct the date`);
  return ms;
}

/** The URL in WHATWG-normal form, which is what the feed package writes. */
export function normalUrl(url: string, where: string): string {
  try {
    return new URL(url).href;
  } catch {
    throw refuse(`${where}: ${url} is not a URL`);
  }
}

function requireNormalId(id: string, where: string): void {
  const normal = normalUrl(id, where);
  if (normal !== id) throw refuse(`${where}: write the id as ${normal}, its normal form, so every feed names it alike`);
}

/** An item checked, with its times in ms and its link normalised. */
export interface CheckedItem extends FeedItem {
  publishedMs: number;
  updatedMs: number;
}

/** Checks the items: schema, real times, updated not before published, normal unique ids. */
export function checkItems(items: readonly unknown[]): CheckedItem[] {
  const seen = new Set<string>();
  return items.map((raw, i) => {
    const item = checked(FeedItem, raw, `items[${i}]`);
    requireNormalId(item.id, `items[${i}].id`);
    if (seen.has(item.id)) throw refuse(`items[${i}].id ${item.id} is listed twice; list each item once`);
    seen.add(item.id);
    const publishedMs = timeOf(item.published, `items[${i}].published`);
    const updatedMs = timeOf(item.updated, `items[${i}].updated`);
    if (updatedMs < publishedMs)
      throw refuse(`items[${i}] (${item.id}): updated is before published; correct one of them`);
    return { ...item, link: normalUrl(item.link, `items[${i}].link`), publishedMs, updatedMs };
  });
}

export interface CheckedWithdrawal extends WithdrawnItem {
  withdrawnMs: number;
}

export interface LiveAndWithdrawn {
  /** What the feeds list, newest change first. */
  live: CheckedItem[];
  /** What the Atom feed announces as deleted, latest first. */
  withdrawn: CheckedWithdrawal[];
}

const newestFirst = (a: number, b: number, idA: string, idB: string) => b - a || (idA < idB ? -1 : idA > idB ? 1 : 0);

/**
 * Splits items into live and withdrawn. A withdrawal covers an item with the same id unless the
 * item was updated after it (republished: RFC 6721 likewise lets an entry newer than its
 * tombstone stand): then the item is live again and the tombstone goes. At equal times the withdrawal
 * wins: publishing a withdrawn decision is the worse mistake. A withdrawal repeated for one id
 * counts once, at its latest time.
 */
export function liveAndWithdrawn(items: readonly unknown[], removed: readonly unknown[]): LiveAndWithdrawn {
  const checkedItems = checkItems(items);
  const latest = new Map<string, CheckedWithdrawal>();
  removed.forEach((raw, i) => {
    const w = checked(WithdrawnItem, raw, `removed[${i}]`);
    requireNormalId(w.id, `removed[${i}].id`);
    const withdrawnMs = timeOf(w.withdrawnAt, `removed[${i}].withdrawnAt`);
    const before = latest.get(w.id);
    if (!before || withdrawnMs > before.withdrawnMs) latest.set(w.id, { ...w, withdrawnMs });
  });
  const live = checkedItems.filter((item) => {
    const w = latest.get(item.id);
    if (w && item.updatedMs > w.withdrawnMs) latest.delete(item.id);
    return !latest.has(item.id);
  });
  return {
    live: live.sort((a, b) => newestFirst(a.updatedMs, b.updatedMs, a.id, b.id)),
    withdrawn: [...latest.values()].sort((a, b) => newestFirst(a.withdrawnMs, b.withdrawnMs, a.id, b.id)),
  };
}
