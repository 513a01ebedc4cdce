/**
 * The portal's feeds and CSV from the publicity feed builders (publicity/feeds): the most recently
 * changed live items, and tombstones for items withdrawn or past their publication period (Atom
 * deleted-entry, RFC 6721: a reader drops what it had). Built once per generation (results.ts:
 * until the station writes, an item expires or a minute passes), so a busy feed costs one query a
 * minute and a withdrawal leaves it at once.
 *
 * The feed builders accept https links only, which is right for a public portal. A portal
 * without a public https address (a lab, `npm start`) builds with the reserved stand-in origin
 * https://portal.invalid (RFC 2606) and writes its real address in afterwards; the base address
 * is checked at start to hold no character that would need escaping (site.ts baseAddress).
 */
import {
  buildFeeds,
  liveAndWithdrawn,
  toCsv,
  type FeedItem,
  type Feeds,
  type FeedSite,
  type WithdrawnItem,
} from '../publicity/feeds/index.js';
import { withdrawalOf, type ServedItem } from './items.js';
import { recentResults, removedResults } from './portal-repo.js';
import { generationOf, servedOf, type Generation } from './results.js';
import { paths, type PortalContext } from './site.js';

/** Items in each feed, and tombstones: feeds carry what changed lately; the CSV carries everything. */
export const FEED_SIZE = 100;

const STAND_IN = 'https://portal.invalid';

export interface OpenData extends Feeds {
  csv: string;
}

function summaryOf(s: ServedItem): string {
  const f = s.item.fields;
  return [
    `决定书文号：${f.decisionNumber}`,
    `当事人：${f.party}`,
    `主要违法事实：${f.violation}`,
    `处罚依据：${f.basis}`,
    `处罚结果：${f.outcome}`,
    `作出决定的机关：${f.agency}`,
    `决定日期：${f.decisionDate}`,
  ].join('\n');
}

function feedItemOf(base: string, s: ServedItem): FeedItem {
  const title = s.item.title.trim() || s.item.fields.decisionNumber || s.item.id;
  return {
    id: s.item.id,
    title: title.length > 500 ? `${title.slice(0, 499)}…` : title,
    summary: summaryOf(s),
    published: s.item.publishedAt,
    updated: s.item.updatedAt,
    link: `${base}${paths.page(s.slug)}`,
  };
}

/** Keeps what the feed builders accept, one at a time, so one odd row cannot take a whole feed down. */
function acceptable<T>(ctx: PortalContext, list: T[], test: (x: T) => void, what: string): T[] {
  return list.filter((x) => {
    try {
      test(x);
      return true;
    } catch (e) {
      ctx.log.error({ err: (e as Error).message, what }, 'portal: left out of the feeds');
      return false;
    }
  });
}

async function build(ctx: PortalContext, now: string): Promise<OpenData> {
  const https = ctx.site.base.startsWith('https://');
  const base = https ? ctx.site.base : STAND_IN;
  const site: FeedSite = {
    id: `${base}/`,
    title: ctx.site.title,
    description: `${ctx.site.agency}行政执法结果公示`,
    link: `${base}/`,
    publisher: { name: ctx.site.agency, link: `${base}/` },
    feedLinks: { atom: `${base}/feed.atom`, rss: `${base}/feed.rss`, json: `${base}/feed.json` },
  };
  const [recent, all, removedRows] = await Promise.all([
    recentResults(ctx.db, now, FEED_SIZE),
    recentResults(ctx.db, now),
    removedResults(ctx.db, now, FEED_SIZE),
  ]);
  const check = (x: FeedItem) => liveAndWithdrawn([x], []);
  const items = acceptable(
    ctx,
    servedOf(ctx, recent).map((s) => feedItemOf(base, s)),
    check,
    'item',
  );
  const everything = acceptable(
    ctx,
    servedOf(ctx, all).map((s) => feedItemOf(base, s)),
    check,
    'item',
  );
  const removed = acceptable<WithdrawnItem>(
    ctx,
    removedRows.map(withdrawalOf),
    (w) => liveAndWithdrawn([], [w]),
    'withdrawal',
  );
  const feeds = buildFeeds(items, removed, site);
  const csv = toCsv(liveAndWithdrawn(everything, []).live);
  const own = (text: string) => (https ? text : text.split(STAND_IN).join(ctx.site.base));
  return { atom: own(feeds.atom), rss: own(feeds.rss), json: own(feeds.json), csv: own(csv) };
}

/** The feeds and CSV, built once per generation (results.ts generationOf) at its time. */
export function createOpenData(ctx: PortalContext): { get(): Promise<OpenData> } {
  let cached: { gen: Generation; data: Promise<OpenData> } | undefined;
  return {
    get() {
      const gen = generationOf(ctx);
      if (cached?.gen !== gen) {
        const data = build(ctx, gen.now);
        cached = { gen, data };
        // A failed build is not kept: the next request tries again.
        data.catch(() => {
          if (cached?.data === data) cached = undefined;
        });
      }
      return cached.data;
    },
  };
}
