/**
 * Enforcement publicity (行政执法公示) end to end in real headless Chromium, each person in their
 * own browser context. A case decided through the API yields a publication draft; the supervisor
 * finds it from the case page and sees the party's resident ID number and phone masked beside the
 * internal original; the legal reviewer corrects the wording (the station's refusal shown as it
 * is), signs it off in the dashboard, and it is on the public portal (its own listener: page, JSON,
 * Atom and JSON Feed); the reviewer withdraws it with a public reason and the portal answers 410
 * with the reason while the Atom feed carries an RFC 6721 deleted entry. An auditor reads but has
 * nothing to change. A draft left unpublished turns amber, then red, then overdue on the
 * working-day clock across the 2026 National Day holiday (1–7 Oct, make-up working day Sat 10 Oct):
 * the station's clock is the test's (startGateway's `now`), moved forward between page loads.
 *
 * Users and the cases are set up through the API (and one case's decision date in the database);
 * everything publicity is about happens in the dashboard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../gateway/src/config.js';
import { openSqlite } from '../gateway/src/db/database.js';
import { startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { launchBrowser } from './browser.js';

const PASSWORD = 'E2e-Publicity-Passw0rd';
const DATABASE_FILE = loadConfig({ env: {} }).storage.databaseFile;
const RESIDENT_ID = '330106199203154518';
const PHONE = '139 1234 5678';
const REASON = '该处罚决定已被行政复议机关撤销';
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** The station's clock: the real time until a test sets it. */
let clock: Date | null = null;
let gw: TestGateway;
let browser: Browser;
let outDir: string;
let portal = '';
const pages: Record<'supervisor' | 'reviewer' | 'auditor', Page> = {} as never;
/** Uncaught errors in any page: the test fails on them at the end. */
const pageErrors: string[] = [];

/** An account made through the API, signed in through the dashboard's own form in its own context. */
async function signIn(username: string, role: string): Promise<Page> {
  const made = await gw.fetch(
    '/api/users',
    json('POST', { username, displayName: username, role, password: PASSWORD }),
  );
  expect(made.status, await made.clone().text()).toBe(201);
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await page.goto(`${gw.url}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
  return page;
}

/** A page of the dashboard, loaded afresh (what the station answers now, not what was shown). */
async function open(page: Page, hash: string): Promise<void> {
  await page.goto(`${gw.url}/${hash}`);
  await page.reload();
}

/** A full-page screenshot in the test's folder (kept with LIUHEN_TEST_KEEP_DATA). */
const shot = async (page: Page, name: string) =>
  writeFileSync(join(outDir, `${name}.png`), await page.screenshot({ fullPage: true }));

/** A portal answer: status and body text. */
async function portalGet(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${portal}${path}`);
  return { status: res.status, text: await res.text() };
}

async function createCase(number: string, title: string, party: string): Promise<string> {
  const created = await gw.fetch('/api/cases', json('POST', { number, kind: 'penalty', title, party, steps: [] }));
  expect(created.status, await created.clone().text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

beforeAll(async () => {
  // LIUHEN_E2E_DASHBOARD: a dashboard built elsewhere (while another run serves dashboard/dist).
  gw = await startTestGateway({
    portal: { host: '127.0.0.1', port: 0 },
    now: () => clock ?? new Date(),
    ...(process.env.LIUHEN_E2E_DASHBOARD ? { dashboard: { dir: process.env.LIUHEN_E2E_DASHBOARD } } : {}),
  });
  expect(gw.portalUrl).toBeTruthy();
  portal = gw.portalUrl!;
  outDir = mkdtempSync(join(tmpdir(), 'liuhen-publicity-e2e-'));
  browser = await launchBrowser();
  pages.supervisor = await signIn('zhou.supervisor', 'supervisor');
  pages.reviewer = await signIn('chen.reviewer', 'legal-reviewer');
  pages.auditor = await signIn('wu.auditor', 'auditor');
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await gw?.cleanup();
  if (outDir && !process.env.LIUHEN_TEST_KEEP_DATA) rmSync(outDir, { recursive: true, force: true });
});

describe('a decided case published, then withdrawn, in the dashboard', () => {
  let caseId = '';
  let pubId = '';
  let portalPath = '';
  let itemId = '';

  it('a decided case yields a draft with the ID number and phone masked, reached from the case page', async () => {
    caseId = await createCase('某市监罚〔2026〕7号', '销售过期食品', '王小明');
    const decision = await gw.fetch(
      `/api/cases/${caseId}/legal/decision`,
      json('PUT', {
        partyType: 'person',
        fineFen: 500_000,
        confiscationFen: 0,
        measures: [],
        hearing: 'none',
        complex: false,
        discretionDeparture: false,
        summary: `当事人王小明（身份证号 ${RESIDENT_ID}，手机 ${PHONE}）在其店铺销售超过保质期的食品。`,
        basis: '《中华人民共和国食品安全法》第一百二十四条',
      }),
    );
    expect(decision.status, await decision.clone().text()).toBe(200);
    // Not major (5,000 yuan): decided without legal review; the station drafts the result.
    expect((await gw.fetch(`/api/cases/${caseId}`, json('PATCH', { status: 'decided' }))).status).toBe(200);
    await waitFor(
      async () =>
        (
          (await (await gw.fetch('/api/publications')).json()) as { publications: { caseId: string }[] }
        ).publications.some((p) => p.caseId === caseId),
      20_000,
      'the draft of the decided case',
    );

    const page = pages.supervisor;
    await open(page, `#/cases/${caseId}`);
    const link = page.getByTestId('case-publication-link');
    await link.waitFor();
    await link.click();
    const view = page.getByTestId('publication-page');
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 15_000 }).toBe('draft');
    pubId = decodeURIComponent(new URL(page.url()).hash.replace('#/publicity/', ''));
    expect(pubId).toMatch(/^[0-9a-f-]{36}$/);

    // The original (internal) beside the redacted text: the masked forms show, the raw ones only
    // in the original column.
    const redacted = view.getByTestId('redacted-violation');
    await redacted.waitFor();
    const text = await redacted.innerText();
    expect(text).toContain('[身份证号]');
    expect(text).toContain('[手机号码]');
    expect(text).toContain('王某');
    expect(text).not.toContain(RESIDENT_ID);
    expect(text).not.toContain(PHONE);
    expect(await view.getByTestId('redacted-party').innerText()).toBe('王某');
    expect(await view.getByTestId('original-violation').innerText()).toContain(RESIDENT_ID);
    // Each finding with its detector.
    const violation = view.locator('[data-testid="finding"][data-field="violation"]');
    const kinds = await violation.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(kinds).toEqual(expect.arrayContaining(['resident-id', 'mobile']));
    expect(await view.locator('[data-testid="finding"][data-kind="resident-id"]').first().innerText()).toContain(
      '身份证号',
    );
    // On the 7-working-day clock, in words as well as colour.
    const badge = view.getByTestId('publication-deadline');
    expect(['ok', 'amber']).toContain(await badge.getAttribute('data-state'));
    expect(await badge.innerText()).toMatch(/按期|即将到期/);
    await shot(page, '1-draft');
  });

  it('an auditor reads the draft and has nothing to change', async () => {
    const page = pages.auditor;
    await open(page, `#/publicity`);
    const row = page.locator(`[data-testid="publication-row"][data-publication-id="${pubId}"]`);
    await row.waitFor();
    await row.getByTestId('publication-open').click();
    const view = page.getByTestId('publication-page');
    await view.getByTestId('publication-read-only').waitFor();
    expect(await view.getByTestId('redacted-violation').innerText()).toContain('[身份证号]');
    expect(await view.getByTestId('wording-form').count()).toBe(0);
    expect(await view.getByTestId('publish-open').count()).toBe(0);
  });

  it('the reviewer corrects the wording (a refusal shown in the station’s words), then signs it off', async () => {
    const page = pages.reviewer;
    await open(page, '#/publicity');
    await page.getByTestId('publication-state-filter').selectOption('draft');
    const row = page.locator(`[data-testid="publication-row"][data-publication-id="${pubId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('publication-deadline').innerText()).toMatch(/截止/);
    await row.getByTestId('publication-open').click();
    const view = page.getByTestId('publication-page');
    const form = view.getByTestId('wording-form');
    await form.waitFor();

    // Too long for a decision number: the station refuses, and says why.
    await form.getByTestId('wording-decisionNumber').fill('号'.repeat(101));
    await form.getByTestId('wording-save').click();
    const refusal = form.getByTestId('wording-error');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/未保存：.*100/);

    // A phone number typed back in is masked again.
    await form.getByTestId('wording-decisionNumber').fill('某市监罚〔2026〕7号');
    await form.getByTestId('wording-violation').fill('当事人销售超过保质期的食品，联系电话13912345678。');
    await form.getByTestId('wording-save').click();
    await view.getByTestId('publication-notice').waitFor();
    await expect
      .poll(() => view.getByTestId('redacted-violation').innerText(), { timeout: 10_000 })
      .toContain('当事人销售超过保质期的食品');
    expect(await view.getByTestId('redacted-violation').innerText()).not.toContain('13912345678');

    // Sign-off, with a confirmation.
    await view.getByTestId('publish-open').click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('publish-confirm').click();
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 15_000 }).toBe('published');
    const record = view.getByTestId('published-record');
    expect(await record.getByTestId('published-signed-off-by').innerText()).toBe('chen.reviewer');
    itemId = await record.getByTestId('published-item-id').innerText();
    expect(itemId).toMatch(/^tag:/);
    portalPath = await record.getByTestId('published-portal-path').innerText();
    expect(portalPath).toMatch(/^\/results\/[A-Za-z0-9_-]+$/);
    expect(await record.getByTestId('published-key').innerText()).toBe(gw.stationKey.fingerprint);
    // The signature itself, to copy: the one the portal serves in signature.json. No portal.baseUrl
    // on this station, so no absolute address is shown (the path is).
    const signature = await record.getByTestId('published-signature-value').inputValue();
    const served = (await (
      await fetch(`${portal}${portalPath.replace('/results/', '/api/results/')}/signature.json`)
    ).json()) as { signature: string };
    expect(signature).toBe(served.signature);
    expect(await record.getByTestId('published-portal-url').count()).toBe(0);
    await shot(page, '2-published');
  });

  it('is on the public portal within seconds: its page, the JSON API and the feeds', async () => {
    const slug = portalPath.replace('/results/', '');
    const page = await waitFor(
      async () => {
        const r = await portalGet(portalPath);
        return r.status === 200 ? r : null;
      },
      10_000,
      'the result on the portal',
    );
    expect(page.text).toContain('王某');
    expect(page.text).not.toMatch(new RegExp(`${RESIDENT_ID}|13912345678|王小明`));
    const item = await portalGet(`/api/results/${slug}`);
    expect(item.status).toBe(200);
    expect(item.text).toContain(itemId);
    const atom = await waitFor(
      async () => {
        const r = await portalGet('/feed.atom');
        return r.text.includes(itemId) ? r.text : null;
      },
      10_000,
      'the result in the Atom feed',
    );
    expect(atom).not.toMatch(new RegExp(`${RESIDENT_ID}|王小明`));
    const feed = await waitFor(
      async () => {
        const r = await portalGet('/feed.json');
        return r.text.includes(itemId) ? r.text : null;
      },
      10_000,
      'the result in the JSON Feed',
    );
    expect(JSON.parse(feed)).toMatchObject({ version: expect.stringContaining('jsonfeed.org') });
  });

  it('is withdrawn with a public reason; the portal answers 410 with it and the Atom feed has a deleted entry', async () => {
    const page = pages.reviewer;
    await open(page, `#/publicity/${pubId}`);
    const view = page.getByTestId('publication-page');
    await view.getByTestId('withdraw-open').click();
    const dialog = page.getByTestId('withdraw-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('withdraw-kind').selectOption('revoked');
    await dialog.getByTestId('withdraw-reason').fill(REASON);
    await dialog.getByTestId('withdraw-submit').click();
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 15_000 }).toBe('withdrawn');
    expect(await view.getByTestId('withdrawn-reason').innerText()).toBe(REASON);
    expect(await view.getByTestId('withdraw-open').count()).toBe(0);
    await shot(page, '3-withdrawn');

    const slug = portalPath.replace('/results/', '');
    const gone = await waitFor(
      async () => {
        const r = await portalGet(`/api/results/${slug}`);
        return r.status === 410 ? r : null;
      },
      10_000,
      'the portal answering 410',
    );
    expect(gone.text).toContain(REASON);
    const html = await portalGet(portalPath);
    expect(html.status).toBe(410);
    expect(html.text).toContain(REASON);
    const atom = await waitFor(
      async () => {
        const r = await portalGet('/feed.atom');
        return /at:deleted-entry/.test(r.text) ? r.text : null;
      },
      10_000,
      'the deleted entry in the Atom feed',
    );
    expect(atom).toMatch(/<at:deleted-entry[^>]*>/);
    expect(atom).toContain(`ref="${itemId}"`);
    expect(atom).not.toContain('当事人销售超过保质期的食品');
  });

  it('the annual statistics report counts the year, with its CSV', async () => {
    const page = pages.auditor;
    await open(page, '#/publicity/report');
    await page.getByTestId('report-year').fill('2026');
    await page.getByTestId('report-show').click();
    const report = page.locator('[data-testid="annual-report"][data-year="2026"]');
    await report.waitFor();
    expect(Number(await report.getByTestId('report-cases-total').innerText())).toBeGreaterThanOrEqual(1);
    const href = await page.getByTestId('report-csv').getAttribute('href');
    expect(href).toBe('/api/publicity/annual-report.csv?year=2026');
    const csv = await page.request.get(`${gw.url}${href}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('执法公示');
  });
});

describe('the publication clock across the National Day holiday, in the dashboard', () => {
  let pubId = '';

  /** Moves the station's clock and reloads the publication: the badge the station computes now. */
  async function badgeAt(iso: string): Promise<{ state: string; daysLeft: string; text: string }> {
    clock = new Date(iso);
    const page = pages.supervisor;
    await open(page, `#/publicity/${pubId}`);
    const badge = page.getByTestId('publication-page').getByTestId('publication-deadline');
    await badge.waitFor();
    return {
      state: (await badge.getAttribute('data-state')) ?? '',
      daysLeft: (await badge.getAttribute('data-days-left')) ?? '',
      text: await badge.innerText(),
    };
  }

  it('a draft left unpublished turns amber, then red, then overdue, and is on the breach report', async () => {
    // Decided on Tue 29 Sep 2026, 10:00 in Shanghai: the decision date is the case's own record,
    // so it is set in the station's database (the cases service keeps real time).
    const caseId = await createCase('某市监罚〔2026〕9号', '销售过期食品', '某食品有限公司');
    const decidedAt = '2026-09-29T02:00:00.000Z';
    const db = openSqlite(join(gw.dataDir, DATABASE_FILE));
    try {
      await db
        .updateTable('cases')
        .set({ status: 'decided', updated_at: decidedAt })
        .where('id', '=', caseId)
        .execute();
    } finally {
      await db.destroy();
    }
    clock = new Date(decidedAt);

    // The supervisor makes the draft from the case page (no decision event made it).
    const page = pages.supervisor;
    await open(page, `#/cases/${caseId}`);
    await page.getByTestId('case-publication-draft').click();
    const link = page.getByTestId('case-publication-link');
    await link.waitFor();
    await link.click();
    await expect
      .poll(() => page.getByTestId('publication-page').getAttribute('data-state'), { timeout: 15_000 })
      .toBe('draft');
    pubId = decodeURIComponent(new URL(page.url()).hash.replace('#/publicity/', ''));

    // 30 Sep is the 1st working day, 1–7 Oct the holiday, Sat 10 Oct a make-up working day:
    // 8, 9, 10, 12, 13 Oct are days 2–6 and Wed 14 Oct the 7th, the due day.
    expect(await badgeAt('2026-10-02T02:00:00Z')).toMatchObject({ state: 'ok', daysLeft: '6' });
    const friday = await badgeAt('2026-10-09T02:00:00Z');
    expect(friday).toMatchObject({ state: 'ok', daysLeft: '4' });
    expect(friday.text).toContain('按期');
    const amber = await badgeAt('2026-10-12T02:00:00Z');
    expect(amber).toMatchObject({ state: 'amber', daysLeft: '2' });
    expect(amber.text).toContain('即将到期');
    expect(amber.text).toContain('剩 2 个工作日');
    const red = await badgeAt('2026-10-14T02:00:00Z');
    expect(red.state).toBe('red');
    expect(red.text).toContain('今日到期');
    await shot(page, '4-red');
    const breached = await badgeAt('2026-10-15T02:00:00Z');
    expect(breached.state).toBe('breached');
    expect(breached.text).toContain('已超期');

    // On the breach report (超期公示).
    await open(page, '#/publicity/breaches');
    const row = page.locator(
      `[data-testid="breach-report"] [data-testid="publication-row"][data-publication-id="${pubId}"]`,
    );
    await row.waitFor();
    expect(await row.getByTestId('publication-deadline').getAttribute('data-state')).toBe('breached');
    await shot(page, '5-breaches');
  });

  it('left no uncaught error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
