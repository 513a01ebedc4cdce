/**
 * The publicity portal's pages in real headless Chromium, checked by axe-core at WCAG 2.1 AA
 * (tags wcag2a, wcag2aa, wcag21a, wcag21aa): the home page, a list with a search, an item page
 * and a withdrawn item's 410 page; the pages published before enforcement (事前公开: the index,
 * every kind of page, a past version) and the random draws (双随机: the list, a draw waiting, a
 * draw drawn, a draw cancelled), made by the station's own services. axe is injected into each
 * page (the portal's CSP allows no script, so the test's browser context bypasses CSP for the
 * injection only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../gateway/src/log.js';
import { slugOf, startPortal, type Portal } from '../gateway/src/portal/index.js';
import {
  commitSampleDraw,
  openSampleStation,
  publishSamplePages,
  sampleParties,
  seedSampleOfficers,
  type SampleStation,
} from '../gateway/src/portal/sample-disclosure.js';
import { samplePublicationRow, type SamplePublication } from '../gateway/src/portal/sample-publications.js';
import { drawPaths } from '../gateway/src/portal/site.js';
import { launchBrowser } from './browser.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const id = (rest: string) => `tag:gongshi.example.gov.cn,2025:${rest}`;
const ITEM = id('penalty/2025-0001');
const GONE = id('penalty/2025-0002');

const samples: SamplePublication[] = [
  {
    itemId: ITEM,
    title: '示例县市场监督管理局行政处罚决定书 示市监处罚〔2025〕1号',
    fields: {
      party: '某某餐饮有限公司',
      violation: '经营超过保质期的食品。\n现场查获过期食品三批次。',
      outcome: '没收违法所得，罚款人民币五千元。',
    },
    publishedAt: '2025-03-03T02:00:00.000Z',
    expiresAt: '2030-03-03T00:00:00.000Z',
  },
  {
    itemId: GONE,
    state: 'withdrawn',
    title: '已撤下的决定',
    publishedAt: '2025-03-04T02:00:00.000Z',
    withdrawnAt: '2025-04-01T01:00:00.000Z',
    withdrawReason: '该处罚决定已被复议机关依法撤销',
  },
  ...Array.from({ length: 25 }, (_, n): SamplePublication => ({
    itemId: id(`inspection/2024-${String(n).padStart(4, '0')}`),
    kind: n % 2 ? 'inspection' : 'random-inspection',
    title: `监督检查结果 第${n}号`,
    fields: { decisionNumber: `示市监检〔2024〕${n}号`, party: `某某食品店${n}`, violation: '食品储存不符合要求。' },
    publishedAt: new Date(Date.UTC(2024, 5, 1, 2, n)).toISOString(),
  })),
];

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
  passes: unknown[];
}

const DAY = 86_400_000;
const NOW = Date.now();
const DRAWN = '2026-示例-户外广告-01';
const WAITING = '2026-示例-户外广告-02';
const CANCELLED = '2026-示例-取消-01';

let dir: string;
let station: SampleStation;
let portal: Portal;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liuhen-portal-a11y-'));
  // The station's own services publish the pages and run the draws on the file the portal reads.
  station = await openSampleStation(dir, { now: new Date(NOW - 60 * DAY) });
  await station.db
    .insertInto('publications')
    .values(samples.map((s, n) => samplePublicationRow(station.keys, s, n)))
    .execute();
  const { roster } = await seedSampleOfficers(station.db);
  await publishSamplePages(station, 'editor@10.0.0.1');
  station.setNow(new Date(NOW - 10 * DAY));
  await station.disclosure.publishPage(
    'remedies',
    { channels: [{ kind: '行政复议', body: '示例县人民政府', deadline: '自知道该行政行为之日起六十日内' }] },
    'editor@10.0.0.1',
  );
  station.setNow(new Date(NOW));
  const draw = {
    drawAt: new Date(NOW + 3_600_000).toISOString(),
    parties: sampleParties(8),
    roster: roster.map((o) => o.id),
  };
  const drawn = await commitSampleDraw(station, { ...draw, drawId: DRAWN, partyCount: 3 }, 'sup@10.0.0.1');
  await commitSampleDraw(station, { ...draw, drawId: WAITING, partyCount: 2 }, 'sup@10.0.0.1');
  const cancelled = await commitSampleDraw(station, { ...draw, drawId: CANCELLED, partyCount: 2 }, 'sup@10.0.0.1');
  await station.inspections.cancel(cancelled, '抽查事项调整，本次抽取取消', 'sup@10.0.0.1');
  station.setNow(new Date(NOW + 3_660_000));
  await station.inspections.draw(drawn, 'sup@10.0.0.1');
  portal = await startPortal({
    dbFile: station.dbFile,
    host: '127.0.0.1',
    port: 0,
    baseUrl: '',
    title: '示例县行政执法公示',
    agency: '示例县市场监督管理局',
    stationPublicKeyPem: station.keys.publicKeyPem,
    log: createLogger(process.env.LIUHEN_TEST_LOG ?? 'silent'),
  });
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true, locale: 'zh-CN' });
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await portal?.stop();
  await station?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Loads a page, checks its status, runs axe at WCAG 2.1 AA and returns the violations, readable. */
async function audit(path: string, status: number): Promise<string[]> {
  const res = await page.goto(`${portal.url}${path}`);
  expect(res?.status(), path).toBe(status);
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    TAGS,
  );
  const { violations, passes } = result as AxeResult;
  expect(passes.length, `${path}: axe ran its rules`).toBeGreaterThan(0);
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${path} ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary}`),
  );
}

describe('portal accessibility (axe-core, WCAG 2.1 AA, Chromium)', () => {
  it('the home page has no violations', async () => {
    expect(await audit('/', 200)).toEqual([]);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    for (const landmark of ['banner', 'navigation', 'main', 'contentinfo', 'search'])
      expect(await page.getByRole(landmark as 'main').count(), landmark).toBeGreaterThan(0);
  });

  it('a list with a search and filters has no violations', async () => {
    expect(await audit(`/?q=${encodeURIComponent('食品')}&kind=inspection&year=2024`, 200)).toEqual([]);
    expect(await page.getByLabel('关键词').inputValue()).toBe('食品');
    expect(await page.locator('.results > li').count()).toBe(12);
  });

  it('an item page has no violations', async () => {
    expect(await audit(`/results/${slugOf(ITEM)}`, 200)).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('示市监处罚〔2025〕1号');
  });

  it('a withdrawn item’s 410 page has no violations', async () => {
    expect(await audit(`/results/${slugOf(GONE)}`, 410)).toEqual([]);
    expect(await page.locator('main').textContent()).toContain('该处罚决定已被复议机关依法撤销');
  });

  const disclosure = [
    '/disclosure',
    '/disclosure/subject',
    '/disclosure/officers',
    '/disclosure/duties',
    '/disclosure/basis',
    '/disclosure/procedure-penalty',
    '/disclosure/remedies',
    '/disclosure/remedies/versions/1',
    '/disclosure/guide-complaint',
    '/disclosure/inspection-list',
  ];
  it.each(disclosure)('事前公开 %s has no violations', async (path) => {
    expect(await audit(path, 200)).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it('the procedure page’s flow chart is an image with a name, and its steps are text too', async () => {
    await page.goto(`${portal.url}/disclosure/procedure-penalty`);
    expect(await page.getByRole('img', { name: '行政处罚流程图' }).count()).toBe(1);
    expect(await page.locator('ol.entries > li').count()).toBeGreaterThan(5);
  });

  const draws = [
    ['the list', drawPaths.index],
    ['a draw waiting', drawPaths.page(WAITING)],
    ['a draw drawn', drawPaths.page(DRAWN)],
    ['a draw cancelled', drawPaths.page(CANCELLED)],
  ];
  it.each(draws)('双随机: %s has no violations', async (_, path) => {
    expect(await audit(path!, 200)).toEqual([]);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
  });

  it('the home page leads to 事前公开 and 双随机抽查', async () => {
    await page.goto(`${portal.url}/`);
    const nav = page.getByRole('navigation', { name: '网站导航' });
    await nav.getByRole('link', { name: '事前公开' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('事前公开');
    await page.getByRole('navigation', { name: '网站导航' }).getByRole('link', { name: '双随机抽查' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('双随机抽查');
    await page.getByRole('link', { name: '沿街商铺户外广告设施双随机抽查' }).first().click();
    expect(page.url()).toContain('/inspections/draws/');
  });

  it('finds a planted violation (the check is not vacuous)', async () => {
    await page.goto(`${portal.url}/`);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'text';
      document.querySelector('main')!.append(input);
    });
    await page.addScriptTag({ path: AXE });
    const { violations } = (await page.evaluate(
      (tags) =>
        (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<unknown> } }).axe.run(document, {
          runOnly: { type: 'tag', values: tags },
        }),
      TAGS,
    )) as AxeResult;
    expect(violations.map((v) => v.id)).toContain('label');
  });

  it('renders styled under its own CSP, with no console error (the JSON-LD is data, not script)', async () => {
    const strict = await browser.newContext({ locale: 'zh-CN' });
    try {
      const p = await strict.newPage();
      const errors: string[] = [];
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(`${portal.url}/results/${slugOf(ITEM)}`);
      // The style sheet applied: the banner has its colour.
      expect(await p.locator('header.banner').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe(
        'rgb(138, 28, 20)',
      );
      // The flow chart is inline SVG: drawn under the same CSP, as wide as the page allows.
      await p.goto(`${portal.url}/disclosure/procedure-penalty`);
      const box = await p.locator('figure.flow svg').boundingBox();
      expect(box?.width).toBeGreaterThan(100);
      expect(box?.height).toBeGreaterThan(300);
      expect(errors).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('the skip link is the first stop of the keyboard and moves focus to the main content', async () => {
    await page.goto(`${portal.url}/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('跳到主要内容');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });
});
