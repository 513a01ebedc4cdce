import { SaxesParser, type SaxesTagNS } from 'saxes';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { buildFeeds } from './build-feeds.js';
import { type FeedItem, type FeedSite, type WithdrawnItem } from './feed-item.js';
import { TOMBSTONES_NS } from './tombstones.js';

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** An element as a namespace-aware, well-formedness-checking XML parser (saxes) reads it. */
interface El {
  uri: string;
  local: string;
  attrs: Record<string, { uri: string; value: string }>;
  children: El[];
  text: string;
}

/** Parses a whole document; throws on anything not well-formed or an unbound prefix. */
function parseXml(xml: string): El {
  const parser = new SaxesParser({ xmlns: true });
  const stack: El[] = [];
  let root: El | undefined;
  parser.on('opentag', (tag: SaxesTagNS) => {
    const el: El = {
      uri: tag.uri,
      local: tag.local,
      attrs: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, { uri: a.uri, value: a.value }])),
      children: [],
      text: '',
    };
    if (stack.length) stack.at(-1)!.children.push(el);
    else root = el;
    stack.push(el);
  });
  const addText = (t: string) => {
    if (stack.length) stack.at(-1)!.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  return root!;
}

const all = (el: El, uri: string, local: string): El[] => el.children.filter((c) => c.uri === uri && c.local === local);
const one = (el: El, uri: string, local: string): El => {
  const found = all(el, uri, local);
  expect(found, `${local} in ${el.local}`).toHaveLength(1);
  return found[0]!;
};
const unescapeHtml = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

const SITE: FeedSite = {
  id: 'tag:scjg.example.gov.cn,2025:publicity',
  title: '示例县市场监督管理局 行政执法公示',
  description: '行政处罚决定、双随机抽查结果',
  link: 'https://scjg.example.gov.cn/gs/',
  publisher: { name: '示例县市场监督管理局', link: 'https://scjg.example.gov.cn/' },
  feedLinks: {
    atom: 'https://scjg.example.gov.cn/gs/feed.atom',
    rss: 'https://scjg.example.gov.cn/gs/feed.rss',
    json: 'https://scjg.example.gov.cn/gs/feed.json',
  },
};

const item = (n: number, overrides: Partial<FeedItem> = {}): FeedItem => ({
  id: `tag:scjg.example.gov.cn,2025:penalty/2025-${String(n).padStart(4, '0')}`,
  title: `示例县市场监督管理局行政处罚决定书 示市监处罚〔2025〕${n}号`,
  summary: `当事人：某某餐饮有限公司。违法行为：经营超过保质期的食品。处罚：罚款人民币${n}000元。`,
  published: `2025-03-0${n}T10:00:00+08:00`,
  updated: `2025-03-0${n}T10:00:00+08:00`,
  link: `https://scjg.example.gov.cn/gs/penalty/2025-${String(n).padStart(4, '0')}`,
  ...overrides,
});

const ITEMS = [item(1), item(2), item(3, { updated: '2025-03-05T16:30:00+08:00' }), item(4)];
const WITHDRAWN: WithdrawnItem = {
  id: ITEMS[1]!.id,
  withdrawnAt: '2025-03-06T09:00:00+08:00',
  reason: '该处罚决定已被复议机关依法撤销',
};

describe('buildFeeds: Atom', () => {
  const { atom } = buildFeeds(ITEMS, [WITHDRAWN], SITE);
  const feed = parseXml(atom);

  it('is a well-formed Atom feed of the live items, most recently changed first', () => {
    expect(feed.uri).toBe(ATOM_NS);
    expect(feed.local).toBe('feed');
    expect(one(feed, ATOM_NS, 'id').text).toBe(SITE.id);
    const entries = all(feed, ATOM_NS, 'entry');
    expect(entries.map((e) => one(e, ATOM_NS, 'id').text)).toEqual([ITEMS[2]!.id, ITEMS[3]!.id, ITEMS[0]!.id]);
    const third = entries[0]!;
    expect(one(third, ATOM_NS, 'published').text).toBe('2025-03-03T02:00:00.000Z');
    expect(one(third, ATOM_NS, 'updated').text).toBe('2025-03-05T08:30:00.000Z');
    expect(one(third, ATOM_NS, 'link').attrs.href!.value).toBe(ITEMS[2]!.link);
    expect(unescapeHtml(one(third, ATOM_NS, 'summary').text)).toBe(ITEMS[2]!.summary);
    expect(one(one(feed, ATOM_NS, 'author'), ATOM_NS, 'name').text).toBe(SITE.publisher.name);
    const self = all(feed, ATOM_NS, 'link').find((l) => l.attrs.rel?.value === 'self');
    expect(self?.attrs.href?.value).toBe(SITE.feedLinks.atom);
  });

  it('announces the withdrawn item with an RFC 6721 tombstone and nothing of its text', () => {
    const [tombstone, ...others] = all(feed, TOMBSTONES_NS, 'deleted-entry');
    expect(others).toEqual([]);
    expect(tombstone!.attrs.ref!.value).toBe(WITHDRAWN.id);
    expect(tombstone!.attrs.when!.value).toBe('2025-03-06T01:00:00.000Z');
    const comment = one(tombstone!, TOMBSTONES_NS, 'comment');
    expect(comment.text).toBe(WITHDRAWN.reason);
    expect(comment.attrs['xml:lang']?.value).toBe('zh-CN');
    expect(atom).toContain(`xmlns:at="${TOMBSTONES_NS}"`);
    expect(atom).not.toContain(ITEMS[1]!.title);
    expect(atom).not.toContain(ITEMS[1]!.link);
  });

  it('is updated as of the latest change, withdrawals included', () => {
    expect(one(feed, ATOM_NS, 'updated').text).toBe('2025-03-06T01:00:00.000Z');
  });
});

describe('buildFeeds: RSS and JSON Feed', () => {
  const { rss, json } = buildFeeds(ITEMS, [WITHDRAWN], SITE);

  it('RSS 2.0 lists the live items only', () => {
    const channel = one(parseXml(rss), '', 'channel');
    const items = all(channel, '', 'item');
    expect(items.map((i) => one(i, '', 'guid').text)).toEqual([ITEMS[2]!.id, ITEMS[3]!.id, ITEMS[0]!.id]);
    expect(one(items[2]!, '', 'pubDate').text).toBe('Sat, 01 Mar 2025 02:00:00 GMT');
    expect(one(channel, '', 'language').text).toBe('zh-CN');
    expect(rss).not.toContain(WITHDRAWN.id);
    expect(rss).not.toContain('deleted-entry');
  });

  it('JSON Feed is version 1.1 and lists the live items only, titles as plain text', () => {
    const feed = JSON.parse(json);
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.language).toBe('zh-CN');
    expect(feed.authors).toEqual([{ name: SITE.publisher.name, url: SITE.publisher.link }]);
    expect(feed).not.toHaveProperty('author');
    expect(feed.feed_url).toBe(SITE.feedLinks.json);
    expect(feed.items.map((i: { id: string }) => i.id)).toEqual([ITEMS[2]!.id, ITEMS[3]!.id, ITEMS[0]!.id]);
    expect(feed.items[0]).toMatchObject({
      title: ITEMS[2]!.title,
      url: ITEMS[2]!.link,
      content_html: ITEMS[2]!.summary,
      date_published: '2025-03-03T02:00:00.000Z',
      date_modified: '2025-03-05T08:30:00.000Z',
    });
    expect(json).not.toContain(WITHDRAWN.id);
  });
});

describe('buildFeeds: what may come in', () => {
  it('keeps every feed well-formed and the text exact whatever the text holds', () => {
    const hostile = item(5, {
      title: 'A & B <b>x</b> ]]> then ]]> again "q" \'s\u0001',
      summary: '=cmd|x ]]>]]> <script>alert(1)</script>\uFFFE\ud800 end',
    });
    const feeds = buildFeeds([hostile], [{ ...WITHDRAWN, reason: '依法撤销 <& "]]>"' }], SITE);
    const entry = one(parseXml(feeds.atom), ATOM_NS, 'entry');
    expect(unescapeHtml(one(entry, ATOM_NS, 'title').text)).toBe('A & B <b>x</b> ]]> then ]]> again "q" \'s');
    expect(unescapeHtml(one(entry, ATOM_NS, 'summary').text)).toBe('=cmd|x ]]>]]> <script>alert(1)</script> end');
    const tombstone = one(parseXml(feeds.atom), TOMBSTONES_NS, 'deleted-entry');
    expect(one(tombstone, TOMBSTONES_NS, 'comment').text).toBe('依法撤销 <& "]]>"');
    const rssItem = one(one(parseXml(feeds.rss), '', 'channel'), '', 'item');
    expect(unescapeHtml(one(rssItem, '', 'title').text)).toBe('A & B <b>x</b> ]]> then ]]> again "q" \'s');
    expect(JSON.parse(feeds.json).items[0].title).toBe(hostile.title);
  });

  it('lists an item again once it is updated after its withdrawal, and drops the tombstone', () => {
    const republished = item(2, { updated: '2025-03-07T09:00:00+08:00' });
    const { atom, rss } = buildFeeds([republished], [WITHDRAWN], SITE);
    const feed = parseXml(atom);
    expect(all(feed, ATOM_NS, 'entry')).toHaveLength(1);
    expect(all(feed, TOMBSTONES_NS, 'deleted-entry')).toEqual([]);
    expect(atom).not.toContain('xmlns:at');
    expect(rss).toContain(republished.id);
    // At the same instant the withdrawal wins.
    const same = item(2, { updated: WITHDRAWN.withdrawnAt });
    expect(all(parseXml(buildFeeds([same], [WITHDRAWN], SITE).atom), ATOM_NS, 'entry')).toEqual([]);
  });

  it('keeps one tombstone per id, at its latest withdrawal', () => {
    const again = { ...WITHDRAWN, withdrawnAt: '2025-03-09T09:00:00+08:00', reason: '再次撤下' };
    const stones = all(parseXml(buildFeeds([], [WITHDRAWN, again], SITE).atom), TOMBSTONES_NS, 'deleted-entry');
    expect(stones.map((s) => [s.attrs.when!.value, one(s, TOMBSTONES_NS, 'comment').text])).toEqual([
      ['2025-03-09T01:00:00.000Z', '再次撤下'],
    ]);
  });

  it('gives the same bytes for the same input, and an empty archive a fixed date', () => {
    expect(buildFeeds(ITEMS, [WITHDRAWN], SITE)).toEqual(buildFeeds([...ITEMS].reverse(), [WITHDRAWN], SITE));
    const empty = buildFeeds([], [], SITE);
    expect(one(parseXml(empty.atom), ATOM_NS, 'updated').text).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(empty.json).items).toEqual([]);
  });

  it('refuses ids that would not match across feeds, repeated ids and impossible times', () => {
    const refused = (items: FeedItem[], removed: WithdrawnItem[] = [], site = SITE) => {
      try {
        buildFeeds(items, removed, site);
      } catch (e) {
        expect(e).toBeInstanceOf(Invalid);
        return (e as Error).message;
      }
      throw new Error('not refused');
    };
    expect(refused([item(1, { id: 'https://SCJG.example.gov.cn' })])).toMatch(
      /items\[0\]\.id: write the id as https:\/\/scjg\.example\.gov\.cn\/, its normal form/,
    );
    expect(refused([item(1, { id: 'http://scjg.example.gov.cn/1' })])).toMatch(/items\[0\]\/id/);
    expect(refused([item(1), item(1)])).toMatch(/listed twice/);
    expect(refused([item(1, { updated: '2025-02-28T10:00:00+08:00' })])).toMatch(/updated is before published/);
    expect(refused([item(1, { published: '2025-02-30T10:00:00+08:00' })])).toMatch(/not a real time/);
    expect(refused([], [{ ...WITHDRAWN, reason: '' }])).toMatch(/removed\[0\]\/reason/);
    expect(refused([], [], { ...SITE, link: 'ftp://x' })).toMatch(/site\/link/);
  });
});
