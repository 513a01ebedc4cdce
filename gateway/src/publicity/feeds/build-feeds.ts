/**
 * The open-data feeds of the enforcement publicity portal (行政执法公示): RSS 2.0, Atom 1.0 and
 * JSON Feed 1.1 of what is published, written by the `feed` package, with Atom tombstones
 * (RFC 6721) for what was withdrawn. Withdrawn items appear in none of the feeds' item lists;
 * only Atom, which has a standard way to say so, announces their removal.
 *
 * The output is a pure function of the arguments (no clock is read): the feeds' own "updated"
 * time is the latest change among the items and withdrawals, or 1970-01-01T00:00:00Z when
 * nothing was ever published, so a feed is byte-identical until something changes and can be
 * cached and served with an ETag.
 *
 * The `feed` package writes JSON Feed version 1 ("https://jsonfeed.org/version/1"); the result
 * is raised to 1.1 here: the version URL, `authors` in place of the deprecated `author`, and
 * `language`.
 */
import { Feed, type FeedOptions } from 'feed';
import { type FeedItem, FeedSite, type WithdrawnItem, checked, liveAndWithdrawn, normalUrl } from './feed-item.js';
import { addTombstones } from './tombstones.js';
import { plainTextAsHtml, xmlChars } from './xml-text.js';

export interface Feeds {
  /** Atom 1.0 with RFC 6721 tombstones; serve as application/atom+xml. */
  atom: string;
  /** RSS 2.0; serve as application/rss+xml. */
  rss: string;
  /** JSON Feed 1.1; serve as application/feed+json. */
  json: string;
}

const DEFAULT_LANGUAGE = 'zh-CN';
const NOTHING_YET = new Date(0);

/**
 * The three feeds of `items` (live and withdrawn alike may be passed: withdrawals in `removed`
 * take items out, see liveAndWithdrawn) for the portal described by `site`. Throws Invalid
 * (code feed-invalid) naming the first bad field.
 */
export function buildFeeds(items: readonly FeedItem[], removed: readonly WithdrawnItem[], site: FeedSite): Feeds {
  const s = checked(FeedSite, site, 'site');
  const { live, withdrawn } = liveAndWithdrawn(items, removed);
  const language = s.language ?? DEFAULT_LANGUAGE;
  // A loop, not Math.max(...): spreading a large archive would overflow the call stack.
  let latest = NOTHING_YET.getTime();
  for (const i of live) latest = Math.max(latest, i.updatedMs);
  for (const w of withdrawn) latest = Math.max(latest, w.withdrawnMs);
  const options: FeedOptions = {
    id: s.id,
    title: xmlChars(s.title),
    link: normalUrl(s.link, 'site.link'),
    language,
    updated: new Date(latest),
    generator: false,
    author: {
      name: xmlChars(s.publisher.name),
      ...(s.publisher.link ? { link: normalUrl(s.publisher.link, 'site.publisher.link') } : {}),
    },
    feedLinks: {
      atom: normalUrl(s.feedLinks.atom, 'site.feedLinks.atom'),
      rss: normalUrl(s.feedLinks.rss, 'site.feedLinks.rss'),
      json: normalUrl(s.feedLinks.json, 'site.feedLinks.json'),
    },
    ...(s.description ? { description: xmlChars(s.description) } : {}),
    ...(s.copyright ? { copyright: xmlChars(s.copyright) } : {}),
  };

  // Atom titles are type="html" and RSS readers read titles as HTML: escape them there. JSON
  // Feed titles are plain text: keep them as written. Summaries are HTML (content_html) in all.
  const feedOf = (title: (text: string) => string) => {
    const feed = new Feed(options);
    for (const item of live)
      feed.addItem({
        id: item.id,
        title: title(item.title),
        link: item.link,
        date: new Date(item.updatedMs),
        published: new Date(item.publishedMs),
        description: plainTextAsHtml(item.summary),
      });
    return feed;
  };
  const xml = feedOf(plainTextAsHtml);
  const atom = addTombstones(
    xml.atom1(),
    withdrawn.map((w) => ({ ref: w.id, when: new Date(w.withdrawnMs).toISOString(), comment: w.reason })),
    language,
  );
  return {
    atom,
    rss: xml.rss2(),
    json: jsonFeed11(feedOf((title) => title).json1(), language),
  };
}

/** Raises the feed package's JSON Feed 1 output to version 1.1. */
function jsonFeed11(json1: string, language: string): string {
  const { version: _, author, items, ...rest } = JSON.parse(json1) as Record<string, unknown>;
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      ...rest,
      language,
      ...(author ? { authors: [author] } : {}),
      items,
    },
    null,
    2,
  );
}
