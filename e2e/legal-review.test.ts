/**
 * Legal review of a major decision (重大执法决定法制审核) end to end in real headless Chromium,
 * each person in their own browser context. A simulated recorder films the investigation (its copy
 * offloaded with its signed chain). The officer files the proposed decision in the case
 * page's 法制审核 tab and the case crosses the catalogue's amount trigger (shown as major); the
 * officer uploads documents, generates the draft decision and submits; the legal reviewer finds the
 * round in the inbox (nav count), reads the automatic checks and the documents, accepts, returns it
 * once; round 2 shows what changed; the reviewer approves (signed opinion). A new version of the
 * draft after approval voids it and the supervisor's status change to 'decided' is refused with the
 * gate's reason; after round 3 is approved the decision is made. A second case the reviewer
 * disagreed with goes to collective discussion, which the supervisor records on the review page. The
 * supervisor exports the first case file from the case page and the package verifies offline
 * (library and liuhen-verify). An admin edits the catalogue first: a wrong file is refused with
 * every problem listed.
 *
 * Users, officers and the reviewer registry are set up through the API; everything the issue is
 * about happens in the dashboard.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { verifyExport } from '@liuhen/evidence';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import { startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { launchBrowser } from './browser.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERIFY_CLI = join(ROOT, 'evidence/src/verify-cli.ts');
const PASSWORD = 'E2e-Legal-Passw0rd';
const NUMBER = '某综执罚〔2026〕201号';
const OFFICER = '33010001';
const DEVICE = 'legal-001';
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
/** A 1×1 PNG, for a photo shown inline. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

let gw: TestGateway;
let agent: Agent;
let browser: Browser;
let outDir: string;
let recorderDir: string;
let caseId = '';
const pages: Record<'admin' | 'officer' | 'reviewer' | 'supervisor', Page> = {} as never;
/** Uncaught errors in any page: the test fails on them at the end. */
const pageErrors: string[] = [];

/** An account made through the API, signed in through the dashboard's own form in its own context. */
async function signIn(username: string, role: string, officerId: string | null = null): Promise<Page> {
  const made = await gw.fetch(
    '/api/users',
    json('POST', { username, displayName: username, role, password: PASSWORD, officerId }),
  );
  expect(made.status, await made.clone().text()).toBe(201);
  const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
  await page.goto(`${gw.url}/`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-menu').waitFor();
  return page;
}

/** The case page's 法制审核 tab, loaded afresh. */
async function openLegalTab(page: Page): Promise<Locator> {
  await page.goto(`${gw.url}/#/cases/${caseId}`);
  await page.reload();
  await page.getByTestId('case-tab-legal').click();
  const panel = page.getByTestId('case-legal-panel');
  await panel.getByTestId('legal-gate').waitFor();
  return panel;
}

/** The review page of the case, loaded afresh. */
async function openReview(page: Page): Promise<Locator> {
  await page.goto(`${gw.url}/#/legal/cases/${caseId}`);
  await page.reload();
  const view = page.getByTestId('legal-review-page');
  await view.getByTestId('legal-gate').waitFor();
  return view;
}

/** A full-page screenshot in the test's folder (kept with LIUHEN_TEST_KEEP_DATA). */
const shot = async (page: Page, name: string) =>
  writeFileSync(join(outDir, `${name}.png`), await page.screenshot({ fullPage: true }));

const round = (scope: Page | Locator, n: number) => scope.locator(`[data-testid="legal-round"][data-round="${n}"]`);

async function upload(panel: Locator, kind: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  const form = panel.getByTestId('doc-upload-form').last();
  await form.getByTestId('doc-kind').selectOption(kind);
  await form.getByTestId('doc-file').setInputFiles(file);
  const before = await panel.getByTestId('document-row').count();
  await form.getByTestId('doc-upload-submit').click();
  await expect.poll(() => panel.getByTestId('document-row').count(), { timeout: 10_000 }).toBe(before + 1);
}

/** The reviewer accepts the latest round and gives the opinion, on the review page. */
async function review(n: number, outcome: 'agree' | 'revise', opinion: string) {
  const view = await openReview(pages.reviewer);
  const r = round(view, n);
  await r.getByTestId('round-accept').click();
  await expect.poll(() => r.getAttribute('data-state'), { timeout: 10_000 }).toBe('accepted');
  // The review clock runs from acceptance: 7 working days.
  expect(await r.getByTestId('deadline').getAttribute('data-state')).toBe('ok');
  expect(await r.getByTestId('deadline').getAttribute('title')).toBe('法制审核期限（受理之日起 7 个工作日）');
  await r.getByTestId(`opinion-${outcome}`).check();
  await r.getByTestId('opinion-text').fill(opinion);
  await r.getByTestId('opinion-submit').click();
  await expect
    .poll(() => r.getAttribute('data-state'), { timeout: 20_000 })
    .toBe(outcome === 'agree' ? 'approved' : 'returned');
  expect(await r.getAttribute('data-signed')).toBe('true');
  return r;
}

beforeAll(async () => {
  // LIUHEN_E2E_DASHBOARD: a dashboard built elsewhere (while another run serves dashboard/dist).
  gw = await startTestGateway(
    process.env.LIUHEN_E2E_DASHBOARD ? { dashboard: { dir: process.env.LIUHEN_E2E_DASHBOARD } } : {},
  );
  outDir = mkdtempSync(join(tmpdir(), 'liuhen-legal-e2e-'));
  recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-legal-rec-'));
  expect(
    (
      await gw.fetch(
        '/api/officers',
        json('POST', { id: OFFICER, name: '李执法', licenceNo: 'ZJ-001', licenceExpires: '2030-12-31' }),
      )
    ).status,
  ).toBeLessThan(300);
  // The investigation on video: a simulated recorder (real ffmpeg, MQTT, RTMP, signed chain) worn
  // by the officer records a few seconds, and its own copy is offloaded to the station.
  const sim = getProfile('sim');
  agent = await startAgent({
    deviceId: DEVICE,
    officerId: OFFICER,
    profile: { ...sim, recording: { ...sim.recording, preRecordSeconds: 0, segmentSeconds: 4 } },
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    stationUrl: gw.url,
    dataDir: recorderDir,
    log: () => undefined,
  });
  await agent.connected();
  await waitFor(() => gw.registry.has(DEVICE), 10_000, 'recorder registered');
  const start = Date.now();
  agent.buttons.press();
  await waitFor(() => agent.state().mode === 'recording', 10_000, 'recording');
  await new Promise((r) => setTimeout(r, 8000));
  agent.buttons.press();
  const end = Date.now();
  await waitFor(
    async () => {
      const r = (await (await gw.fetch(`/api/recordings?device=${DEVICE}`)).json()) as {
        recordings: { source: string; endedAt: string }[];
      };
      return (
        r.recordings.some((x) => x.source === 'device' && Date.parse(x.endedAt) >= end - 1500) &&
        agent.offloader!.pending() === 0
      );
    },
    60_000,
    'the recorder copy offloaded',
  );
  browser = await launchBrowser();
  pages.admin = await signIn('e2e.admin', 'admin');
  pages.officer = await signIn('li.officer', 'officer', OFFICER);
  pages.reviewer = await signIn('chen.reviewer', 'legal-reviewer');
  pages.supervisor = await signIn('zhou.supervisor', 'supervisor');
  // The reviewer registry: qualified (法律职业资格), certificate valid; an SM2 key is made here.
  expect(
    (
      await gw.fetch(
        '/api/legal-reviewers/chen.reviewer',
        json('PUT', { name: '陈审核', qualificationNo: 'A20200001', certificateExpires: '2031-01-01' }),
      )
    ).status,
  ).toBe(200);
  const created = await gw.fetch(
    '/api/cases',
    json('POST', {
      number: NUMBER,
      kind: 'penalty',
      title: '未经许可从事经营活动',
      party: '张某某',
      steps: [
        {
          kind: 'investigation',
          startsAt: new Date(start - 5000).toISOString(),
          endsAt: new Date(end + 5000).toISOString(),
          officers: [OFFICER],
        },
      ],
    }),
  );
  expect(created.status).toBe(201);
  caseId = ((await created.json()) as { id: string }).id;
}, 150_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await gw?.cleanup();
  if (recorderDir) rmSync(recorderDir, { recursive: true, force: true });
  // LIUHEN_TEST_KEEP_DATA keeps the package and the screenshots, as it keeps the station's data.
  if (outDir && !process.env.LIUHEN_TEST_KEEP_DATA) rmSync(outDir, { recursive: true, force: true });
});

describe('legal review of a major decision in the dashboard', () => {
  it('the admin edits the catalogue: a wrong file is refused with its problems, a right one is put in force', async () => {
    const page = pages.admin;
    await page.getByTestId('nav-legal').click();
    await page.getByTestId('legal-catalogue-link').click();
    const info = page.getByTestId('catalogue-info');
    await info.waitFor();
    const version = await info.getAttribute('data-version');
    const sha = await info.getAttribute('data-sha256');
    const text = await page.getByTestId('catalogue-text').inputValue();
    expect(text).toContain('fine-large');

    // Two problems at once, in two rows: a negative threshold and a threshold of 0.
    const trigger = 'personFen: 1000000, organisationFen: 10000000 }';
    const wrong = text
      .replace(trigger, 'personFen: -5, organisationFen: 10000000 }')
      .replace(trigger, 'personFen: 0, organisationFen: 10000000 }');
    expect(wrong.includes('personFen: -5') && wrong.includes('personFen: 0,')).toBe(true);
    await page.getByTestId('catalogue-text').fill(wrong);
    await page.getByTestId('catalogue-save').click();
    const problems = page.getByTestId('catalogue-problem');
    await problems.first().waitFor({ timeout: 10_000 });
    expect(await problems.count()).toBeGreaterThanOrEqual(2);
    const listed = (await problems.allInnerTexts()).join('\n');
    expect(listed).toMatch(/fine-large.*personFen/);
    expect(listed).toMatch(/confiscation-large.*personFen/);
    expect(await info.getAttribute('data-sha256')).toBe(sha); // nothing changed
    await shot(page, 'catalogue-refused');

    await page.getByTestId('catalogue-text').fill(text.replace(/^version: .*$/m, 'version: 2026-e2e'));
    await page.getByTestId('catalogue-save').click();
    await page.getByTestId('catalogue-saved').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('catalogue-version').innerText()).toBe('2026-e2e');
    expect(await info.getAttribute('data-sha256')).not.toBe(sha);
    expect(version).not.toBe('2026-e2e');

    // English is there too.
    await page.getByTestId('locale-select').selectOption('en');
    expect(await page.getByTestId('nav-legal').innerText()).toContain('Legal review');
    expect(await page.locator('h1').innerText()).toBe('Catalogue of major decisions');
    await page.getByTestId('locale-select').selectOption('zh-CN');
  });

  it('the officer files the proposed decision; crossing the amount trigger makes the case major', async () => {
    const panel = await openLegalTab(pages.officer);
    const major = panel.getByTestId('legal-major');
    expect(await major.getAttribute('data-major')).toBe('false');
    expect(await panel.getByTestId('legal-no-rounds').count()).toBe(1);

    await panel.getByTestId('decision-party').selectOption('person');
    await panel.getByTestId('decision-fine').fill('5000');
    await panel.getByTestId('decision-summary').fill('当事人未经许可在某路从事经营活动，经责令改正拒不改正。');
    await panel.getByTestId('decision-basis').fill('《无证无照经营查处办法》第十三条');
    await panel.getByTestId('decision-save').click();
    await panel.getByTestId('decision-saved').waitFor();
    expect(await major.getAttribute('data-major')).toBe('false'); // 5,000 yuan: under the trigger

    // An amount that is not yuan and fen is refused in the form.
    await panel.getByTestId('decision-fine').fill('20000.005');
    expect(await panel.getByTestId('decision-save').isDisabled()).toBe(true);
    await panel.getByTestId('decision-fine').fill('20,000.00');
    await panel.getByTestId('decision-save').click();
    await expect.poll(() => major.getAttribute('data-major'), { timeout: 10_000 }).toBe('true');
    const reasons = await panel.getByTestId('legal-reasons').innerText();
    expect(reasons).toContain('较大数额罚款');
    expect(await panel.getByTestId('legal-classification').innerText()).toContain('2026-e2e');
    expect(await panel.getByTestId('legal-missing').innerText()).toContain('决定书代拟稿');
    // Filed in whole fen, converted without floats.
    const filed = (await (await gw.fetch(`/api/cases/${caseId}/legal`)).json()) as {
      decision: { fineFen: number };
      gate: { allowed: boolean };
    };
    expect(filed.decision.fineFen).toBe(2_000_000);
    expect(filed.gate.allowed).toBe(false);
    expect(await panel.getByTestId('legal-gate').getAttribute('data-allowed')).toBe('false');
    // The case heading says so too.
    await pages.officer.reload();
    await pages.officer.getByTestId('case-tab-legal').locator('.chip.major').waitFor();
  });

  it('the officer uploads documents, generates the draft decision and submits', async () => {
    const panel = await openLegalTab(pages.officer);
    await upload(panel, 'situation-report', {
      name: '情况说明.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('案件事实清楚，证据确实充分。当事人经责令改正拒不改正。'),
    });
    await upload(panel, 'record', {
      name: '询问笔录.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('问：你是否知道需要许可？\n答：知道。'),
    });
    await upload(panel, 'advance-notice', {
      name: '事先告知书.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('告知书'),
    });
    await upload(panel, 'photo', { name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    // A mislabelled file is refused by the station, with its reason shown.
    const form = panel.getByTestId('doc-upload-form').last();
    await form.getByTestId('doc-kind').selectOption('photo');
    await form.getByTestId('doc-file').setInputFiles({ name: 'x.jpg', mimeType: 'image/jpeg', buffer: pdf('no') });
    await form.getByTestId('doc-upload-submit').click();
    await form.getByTestId('doc-upload-error').waitFor();

    await panel.getByTestId('legal-generate-draft').click();
    await expect
      .poll(() => panel.locator('[data-testid="document-row"][data-kind="draft-decision"]').count(), {
        timeout: 20_000,
      })
      .toBe(1);
    await expect.poll(() => panel.getByTestId('legal-missing').count()).toBe(0);

    await panel.getByTestId('legal-submit-note').fill('请审核');
    await panel.getByTestId('legal-submit').click();
    await round(panel, 1).waitFor({ timeout: 10_000 });
    expect(await round(panel, 1).getAttribute('data-state')).toBe('submitted');
    await expect
      .poll(() => pages.officer.getByTestId('case-status-chip').innerText(), { timeout: 10_000 })
      .toBe('审核中');
    await shot(pages.officer, 'officer-submitted');
  });

  let opinionNumber = '';
  it('the reviewer finds it in the inbox, reads the checks and documents, and returns it once', async () => {
    const page = pages.reviewer;
    await page.goto(`${gw.url}/#/legal`);
    await page.reload();
    // The nav counts the round waiting.
    await expect.poll(() => page.getByTestId('nav-legal-count').getAttribute('data-count')).toBe('1');
    const row = page.locator(`[data-testid="legal-inbox-row"][data-case-id="${caseId}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('submitted');
    expect(await row.innerText()).toContain(NUMBER);
    expect(await row.innerText()).toContain('li.officer');
    await shot(page, 'inbox');
    await row.getByTestId('legal-inbox-open').click();

    const view = page.getByTestId('legal-review-page');
    await view.getByTestId('legal-checks').waitFor();
    expect(await view.getByTestId('legal-major').getAttribute('data-major')).toBe('true');
    expect(await view.getByTestId('legal-focus').innerText()).toContain('执法人员是否具备执法资格');
    // The automatic checks, each with its state.
    const checks = view.getByTestId('legal-check');
    const ids = await checks.evaluateAll((els) => els.map((e) => e.getAttribute('data-check-id')));
    expect(ids).toEqual(['coverage', 'stops', 'certificates', 'deadline', 'materials', 'integrity']);
    expect(await view.locator('[data-check-id="materials"]').getAttribute('data-state')).toBe('pass');
    // The art. 60 line in the dashboard's language, from the deadline's code and numbers.
    const deadline = view.locator('[data-check-id="deadline"]');
    expect(await deadline.innerText()).toMatch(
      /办案期限（立案之日起 90 日，《行政处罚法》第六十条）：\S+ 到期，剩余 \d+ 个工作日/,
    );
    await page.getByTestId('locale-select').selectOption('en');
    await expect
      .poll(() => deadline.innerText())
      .toMatch(
        /Decision deadline: 90 days from filing \(Administrative Penalty Law art\. 60\): due \S+, \d+ working days? left/,
      );
    expect(await deadline.innerText()).toContain('Decision deadline (art. 60)');
    // Every other check's detail too, from the station's line codes and parameters.
    const detailOf = (id: string) =>
      view.locator(`[data-check-id="${id}"]`).getByTestId('legal-check-detail').innerText();
    expect(await detailOf('materials')).toMatch(/^All \d+ materials? present$/);
    expect(await detailOf('integrity')).toMatch(
      /^\d+ segments? present at their recorded size, \d+ chained by their recorder$/,
    );
    expect(await detailOf('coverage')).toMatch(/: \d+ % on video, needs \d+ %/);
    expect(await detailOf('coverage')).toMatch(/gap \d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2} \(\d+ s\)/);
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => detailOf('materials')).toMatch(/^应提交资料 \d+ 项均已提交$/);
    expect(await detailOf('integrity')).toMatch(/^视音频 \d+ 段均在，大小与登记一致，其中 \d+ 段有记录仪签名链$/);
    expect(await detailOf('coverage')).toMatch(/：录像覆盖 \d+%，应达 \d+%/);
    expect(await detailOf('coverage')).toMatch(/缺口 \d{2}:\d{2}:\d{2}–\d{2}:\d{2}:\d{2}（\d+ 秒）/);
    // Stops and licences in Chinese: no station English left in any detail (names and files aside).
    for (const id of ['coverage', 'stops', 'certificates', 'deadline', 'materials', 'integrity'])
      expect((await detailOf(id)).replace(/[\w.-]+\.(mp4|m4s|flv|ts)\b/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    // The step's window is wider than the recording: coverage falls short and the check names the
    // step; following the link plays the step's footage in the player beside its timeline.
    const coverage = view.locator('[data-check-id="coverage"]');
    expect(await coverage.getAttribute('data-state')).not.toBe('pass');
    await coverage.locator('[data-testid="check-link"][data-kind="step"]').first().click();
    await view.locator('[data-testid="legal-step"].selected').waitFor();
    await view.getByTestId('playback-video').waitFor({ timeout: 20_000 });
    await expect
      .poll(() => view.getByTestId('playback-wall').getAttribute('data-wall'), { timeout: 20_000 })
      .not.toBe('');
    expect(await view.getByTestId('timeline-footage').count()).toBeGreaterThan(0);
    // Every segment present at its size, the recorder's copies chained.
    const integrity = view.locator('[data-check-id="integrity"]');
    expect(await integrity.getAttribute('data-state')).toBe('pass');
    expect(await integrity.innerText()).toMatch(/段有记录仪签名链/);
    expect(await view.getByTestId('legal-step-coverage').getAttribute('data-passing')).toBe('false');

    // Documents: text shown on the page, the photo inline, every version listed.
    const situation = view.locator('[data-testid="document-row"][data-kind="situation-report"]');
    await situation.getByTestId('document-view').click();
    expect(await view.getByTestId('document-text').innerText()).toContain('证据确实充分');
    await situation.getByTestId('document-view').click();
    await view.locator('[data-testid="document-row"][data-kind="photo"]').getByTestId('document-view').click();
    const img = view.getByTestId('document-image');
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).naturalWidth)).toBe(1);
    await shot(page, 'review-round-1');

    await review(1, 'revise', '罚款数额偏高，请依裁量基准重新确定并修改代拟稿后再提交。');
  });

  it('the officer revises; round 2 shows what changed; the reviewer approves with a signed opinion', async () => {
    const panel = await openLegalTab(pages.officer);
    expect(await round(panel, 1).getAttribute('data-state')).toBe('returned');
    expect(await round(panel, 1).getByTestId('round-opinion').innerText()).toContain('罚款数额偏高');
    expect(await panel.getByTestId('decision-fine').inputValue()).toBe('20000.00');
    await panel.getByTestId('decision-fine').fill('15000');
    await panel.getByTestId('decision-save').click();
    await panel.getByTestId('decision-saved').waitFor();
    await panel.getByTestId('legal-generate-draft').click();
    await expect
      .poll(() => panel.locator('[data-testid="document-row"][data-kind="draft-decision"]').count(), {
        timeout: 20_000,
      })
      .toBe(2);
    await panel.getByTestId('legal-submit-note').fill('已按意见调整罚款数额');
    await panel.getByTestId('legal-submit').click();
    await round(panel, 2).waitFor({ timeout: 10_000 });

    const view = await openReview(pages.reviewer);
    const r2 = round(view, 2);
    const fine = r2.locator('[data-testid="diff-decision"][data-field="fineFen"]');
    expect(await fine.innerText()).toMatch(/20,000\.00[\s\S]*15,000\.00/);
    expect(await r2.locator('[data-testid="diff-doc"][data-change="changed"]').innerText()).toContain('代拟稿');
    // Round 1 has no previous round to compare with.
    expect(await round(view, 1).getByTestId('round-diff').count()).toBe(0);

    const approved = await review(2, 'agree', '同意。事实清楚，证据确实充分，适用法律正确，程序合法。');
    await shot(pages.reviewer, 'review-round-2-approved');
    opinionNumber = await approved.getByTestId('round-number').innerText();
    expect(opinionNumber).toMatch(/^法审〔\d{4}〕\d+号$/);
    expect(await approved.getAttribute('data-current')).toBe('true');
    expect(await view.getByTestId('legal-gate').getAttribute('data-allowed')).toBe('true');
    // The signed opinion is filed in the case file.
    await expect
      .poll(async () => {
        await view.getByTestId('legal-refresh').click();
        return view.locator('[data-testid="document-row"][data-kind="review-opinion"]').count();
      })
      .toBeGreaterThanOrEqual(4); // PDF and DOCX for each of the two rounds
  });

  it('a new version of the draft after approval voids it: the gate refuses the decision', async () => {
    const panel = await openLegalTab(pages.officer);
    const draft = panel.locator('[data-testid="document-row"][data-kind="draft-decision"][data-current="true"]');
    await draft.getByTestId('document-new-version').click();
    const form = panel.getByTestId('documents').getByTestId('doc-upload-form');
    await form.getByTestId('doc-file').setInputFiles({
      name: '代拟稿（修改）.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('改过的代拟稿'),
    });
    await form.getByTestId('doc-upload-submit').click();
    await expect
      .poll(
        () =>
          panel
            .locator('[data-testid="document-row"][data-kind="draft-decision"][data-current="true"]')
            .getAttribute('data-version'),
        { timeout: 10_000 },
      )
      .toBe('3');
    await expect.poll(() => panel.getByTestId('legal-gate').getAttribute('data-allowed')).toBe('false');
    // The gate's reason and the void reason worded from their codes, in zh-CN and English.
    const gateReason = panel.getByTestId('legal-gate-reason');
    expect(await gateReason.getAttribute('data-code')).toBe('content-changed');
    expect(await gateReason.innerText()).toBe(
      '第 2 轮法制审核的同意意见已不再适用：决定书代拟稿已修改；证据材料已变化；请重新提交审核',
    );
    expect(await round(panel, 2).getAttribute('data-current')).toBe('false');
    const voided = round(panel, 2).getByTestId('round-void-reason');
    expect(await voided.innerText()).toBe('决定书代拟稿已修改；证据材料已变化');
    await pages.officer.getByTestId('locale-select').selectOption('en');
    await expect
      .poll(() => gateReason.innerText())
      .toBe(
        'The approval of round 2 no longer applies: the draft decision changed; the evidence list changed; submit again',
      );
    expect(await voided.innerText()).toBe('the draft decision changed; the evidence list changed');
    await pages.officer.getByTestId('locale-select').selectOption('zh-CN');
    await expect.poll(() => gateReason.innerText()).toMatch(/^第 2 轮/);

    // The supervisor tries to decide the case: refused with the gate's reason.
    const page = pages.supervisor;
    await page.goto(`${gw.url}/#/cases/${caseId}`);
    await page.reload();
    await page.getByTestId('case-status').selectOption('decided');
    const refused = page.getByTestId('case-header-error');
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.innerText()).toMatch(/不能作出决定.*同意意见已不再适用/);
    await shot(page, 'decision-refused');
    expect(await page.getByTestId('case-status').inputValue()).toBe('in_review');
    expect(await page.getByTestId('case-status-chip').innerText()).not.toBe('已决定');
  });

  it('after round 3 is approved the decision is made', async () => {
    const panel = await openLegalTab(pages.officer);
    await panel.getByTestId('legal-submit-note').fill('代拟稿文字修正');
    await panel.getByTestId('legal-submit').click();
    await round(panel, 3).waitFor({ timeout: 10_000 });
    const r3 = await review(3, 'agree', '同意。修正后的代拟稿文字规范。');
    expect(await r3.getByTestId('round-number').innerText()).not.toBe(opinionNumber);

    const page = pages.supervisor;
    await page.goto(`${gw.url}/#/cases/${caseId}`);
    await page.reload();
    await page.getByTestId('case-status').selectOption('decided');
    await expect.poll(() => page.getByTestId('case-status-chip').innerText(), { timeout: 10_000 }).toBe('已决定');
    expect(await page.getByTestId('case-header-error').count()).toBe(0);
    // The inbox is empty again.
    await pages.reviewer.goto(`${gw.url}/#/legal`);
    await pages.reviewer.reload();
    await expect.poll(() => pages.reviewer.getByTestId('nav-legal-count').getAttribute('data-count')).toBe('0');
  });

  it('a disagreement goes to collective discussion, recorded by the supervisor', async () => {
    // A second case filed, submitted and disagreed through the API (the first case showed the UI
    // for all of that); the reviewer acts with their own session, as the signature needs.
    const admin = (path: string, method: string, body?: unknown, type = 'application/json') =>
      gw.fetch(
        path,
        body === undefined
          ? { method }
          : {
              method,
              headers: { 'content-type': type },
              body: Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body),
            },
      );
    const made = await admin('/api/cases', 'POST', {
      number: '某综执罚〔2026〕202号',
      kind: 'penalty',
      title: '吊销许可证',
      party: '某公司',
      steps: [],
    });
    const id = ((await made.json()) as { id: string }).id;
    await admin(`/api/cases/${id}/legal/decision`, 'PUT', {
      partyType: 'organisation',
      fineFen: 0,
      confiscationFen: 0,
      measures: ['revoke-licence'],
      hearing: 'held',
      complex: false,
      discretionDeparture: false,
      summary: '多次违法经营。',
      basis: '某条例第二十条',
    });
    for (const [kind, title] of [
      ['situation-report', '情况说明'],
      ['advance-notice', '事先告知书'],
      ['hearing-record', '听证笔录'],
      ['evidence', '检查记录'],
    ] as const) {
      const q = new URLSearchParams({ kind, title, fileName: `${title}.pdf` });
      expect((await admin(`/api/cases/${id}/documents?${q}`, 'POST', pdf(title), 'application/pdf')).status).toBe(201);
    }
    expect((await admin(`/api/cases/${id}/legal/draft`, 'POST')).status).toBe(201);
    const submitted = await admin(`/api/cases/${id}/legal/submit`, 'POST', { note: '' });
    const roundId = ((await submitted.json()) as { id: string }).id;
    const reviewer = pages.reviewer.request;
    const { csrfToken } = (await (await reviewer.get(`${gw.url}/api/session`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': csrfToken };
    expect((await reviewer.post(`${gw.url}/api/legal-reviews/${roundId}/accept`, { headers })).status()).toBe(200);
    const no = await reviewer.post(`${gw.url}/api/legal-reviews/${roundId}/opinion`, {
      headers,
      data: { outcome: 'disagree', opinion: '不同意。证据不足以证明多次违法。' },
    });
    expect(no.status()).toBe(200);

    // The supervisor sees it in the inbox, awaiting discussion, and records it on the review page.
    const page = pages.supervisor;
    await page.goto(`${gw.url}/#/legal`);
    await page.reload();
    const row = page.locator(`[data-testid="legal-inbox-row"][data-case-id="${id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('disagreed');
    await row.getByTestId('legal-inbox-open').click();
    const view = page.getByTestId('legal-review-page');
    const r1 = round(view, 1);
    await r1.getByTestId('discussion-form').waitFor();
    expect(await view.getByTestId('legal-gate').getAttribute('data-allowed')).toBe('false');
    await r1.getByTestId('discussion-minutes').fill('经局务会议集体讨论，认定证据充分，同意作出决定。');
    await r1.getByTestId('discussion-agree').check();
    await r1.getByTestId('discussion-submit').click();
    await r1.getByTestId('round-discussion').waitFor({ timeout: 10_000 });
    expect(await r1.getByTestId('round-discussion').innerText()).toContain('经局务会议集体讨论');
    await expect.poll(() => view.getByTestId('legal-gate').getAttribute('data-allowed')).toBe('true');
    // Nothing is left to do on it: the nav no longer counts it.
    await expect.poll(() => page.getByTestId('nav-legal-count').getAttribute('data-count')).toBe('0');
    await shot(page, 'discussion');
  });

  it('the supervisor exports the case file; the package verifies offline', async () => {
    const page = pages.supervisor;
    await page.goto(`${gw.url}/#/cases/${caseId}`);
    await page.reload();
    await page.getByTestId('export-button').click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 60_000 });
    const zip = join(outDir, 'case.zip');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    await download.saveAs(zip);

    const key = (await (await fetch(`${gw.url}/api/station/key`)).json()) as { publicKeyPem: string };
    const pem = join(outDir, 'station.pub.pem');
    writeFileSync(pem, key.publicKeyPem);
    const report = await verifyExport(zip);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.caseNumber).toBe(NUMBER);
    // The live copy and the recorder's own copy of the investigation's footage, the chain checked.
    expect(report.files).toBeGreaterThanOrEqual(2);
    expect(report.chained).toBeGreaterThanOrEqual(1);
    // Every version of every document of the case file, each matching its SHA-256.
    const documents = ((await (await gw.fetch(`/api/cases/${caseId}/documents`)).json()) as { documents: unknown[] })
      .documents;
    expect(report.caseDocuments).toEqual({ listed: documents.length, ok: documents.length });
    // The three opinions, each SM2 signature verified against the reviewer's registered key.
    expect(report.opinions.map((o) => [o.round, o.reviewer, o.verified])).toEqual([
      [1, 'chen.reviewer', true],
      [2, 'chen.reviewer', true],
      [3, 'chen.reviewer', true],
    ]);

    // liuhen-verify, as a person checking the package would run it, trusting the station's key.
    const cli = spawnSync(process.execPath, ['--import', 'tsx', VERIFY_CLI, zip, '--station-pubkey', pem, '--json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(cli.status, `${cli.stdout}\n${cli.stderr}`).toBe(0);
    const printed = JSON.parse(cli.stdout) as typeof report;
    expect(printed.ok).toBe(true);
    expect(printed.station.trusted).toBe(true);
    expect(printed.opinions.every((o) => o.verified)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
