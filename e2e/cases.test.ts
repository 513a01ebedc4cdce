/**
 * A case end to end in real headless Chromium: a simulated recorder (real
 * ffmpeg, MQTT, RTMP, offload with its signed evidence chain) records across
 * a full-process step with a deliberate 30 s stop; the case is created in the
 * dashboard; the gap shows on the timeline and in the coverage-gap queue; the
 * case file is exported from the dashboard and the package verifies offline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { verifyExport } from '@liuhen/evidence';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import { startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { launchBrowser, signInAs } from './browser.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DEVICE = 'case-001';
const OFFICER = '33010088';

let gw: TestGateway;
let agent: Agent;
let browser: Browser;
let page: Page;
let recorderDir: string;
let outDir: string;
/** Wall-clock marks of the recording, taken in this process (the recorder's clock is synced to the station's). */
const marks = { start: 0, stop: 0, restart: 0, end: 0 };

beforeAll(async () => {
  gw = await startTestGateway();
  recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-case-rec-'));
  outDir = mkdtempSync(join(tmpdir(), 'liuhen-case-out-'));
  const sim = getProfile('sim');
  agent = await startAgent({
    deviceId: DEVICE,
    officerId: OFFICER,
    // No pre-record, so the footage handed in is exactly the recordings (cut at fragment precision)
    // and the deliberate stop stays a gap; short segments so the copies arrive soon after the stop.
    profile: { ...sim, recording: { ...sim.recording, preRecordSeconds: 0, segmentSeconds: 5 } },
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    stationUrl: gw.url,
    dataDir: recorderDir,
    log: process.env.LIUHEN_RECORDER_LOG ? (m) => console.log(`[rec] ${Date.now() % 1_000_000} ${m}`) : () => undefined,
  });
  await agent.connected();
  await waitFor(() => gw.registry.has(DEVICE), 5000, 'recorder registered');
  await gw.fetch(`/api/officers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: OFFICER, name: '赵六', licenceNo: 'ZF33010088' }),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await signInAs(page, gw, 'duchayuan', 'supervisor');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await agent?.stop();
  await gw?.cleanup();
  for (const d of [recorderDir, outDir]) if (d) rmSync(d, { recursive: true, force: true });
});

/** `datetime-local` value in the page's zone (Asia/Shanghai, UTC+8), to the second. */
const local = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 19);

describe('a full-process step recorded with a 30 s stop', () => {
  it('records 15 s, stops 30 s, records 15 s; both copies reach the station', async () => {
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording');
    marks.start = Date.now();
    await sleep(15_000);
    agent.buttons.press();
    marks.stop = Date.now();
    await sleep(30_000);
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording again');
    marks.restart = Date.now();
    await sleep(15_000);
    agent.buttons.press();
    marks.end = Date.now();
    await waitFor(
      async () => {
        const r = (await (await gw.fetch(`/api/recordings?device=${DEVICE}`)).json()) as {
          recordings: { source: string; endedAt: string }[];
        };
        const dev = r.recordings.filter((x) => x.source === 'device');
        return dev.some((x) => Date.parse(x.endedAt) >= marks.end - 1500) && agent.offloader!.pending() === 0;
      },
      // Generous: a busy station or recorder may take its time; the copies must arrive, not be quick.
      90_000,
      'the recorder copies offloaded',
    );
  }, 180_000);

  it('a case created in the dashboard shows the gap on its timeline and in the coverage-gap queue', async () => {
    await page.goto(`${gw.url}/#/cases`);
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByTestId('case-new').click();
    const form = page.getByTestId('case-form');
    await form.getByTestId('case-number').fill('杭综执强〔2026〕9号');
    await form.getByTestId('case-title').fill('违法建设 强制拆除');
    await form.getByTestId('case-kind').selectOption('compulsion');
    await form.getByTestId('step-kind-0').selectOption('compulsory-measure');
    // The window: from 1 s into the first recording to 1 s before the end of the second.
    await form.getByTestId('step-start-0').fill(local(marks.start + 1000));
    await form.getByTestId('step-end-0').fill(local(marks.end - 1000));
    await form.getByTestId('step-requirement-0').selectOption('full-process');
    await form.getByTestId('step-officers-0').fill(OFFICER);
    await form.getByTestId('case-submit').click();

    await page.waitForURL(/#\/cases\/[0-9a-f-]{36}/, { timeout: 10_000 });
    const coverage = page.getByTestId('step-coverage').first();
    await expect.poll(() => coverage.getAttribute('data-passing'), { timeout: 10_000 }).toBe('false');
    const gap = page.getByTestId('timeline-gap').first();
    await gap.waitFor({ timeout: 10_000 });
    const seconds = Number(await gap.getAttribute('data-seconds'));
    // The stop less what the recorder kept on either side of it. The pause is measured, not assumed:
    // on a busy machine the 30 s sleep and the second press take longer.
    const pause = (marks.restart - marks.stop) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(20);
    expect(seconds).toBeLessThanOrEqual(pause + 1);
    // Exactly the hole in the footage the station holds, inside the stop.
    const cov = (await (
      await gw.fetch(`/api/cases/${page.url().split('/').pop()!.split('?')[0]}/coverage`)
    ).json()) as {
      steps: { gaps: { start: string; end: string; seconds: number }[] }[];
    };
    expect(cov.steps[0]!.gaps).toHaveLength(1);
    const g = cov.steps[0]!.gaps[0]!;
    expect(g.seconds).toBeCloseTo(seconds, 0);
    expect(Date.parse(g.start)).toBeGreaterThanOrEqual(marks.stop - 1000);
    expect(Date.parse(g.end)).toBeLessThanOrEqual(marks.restart + 1000);
    expect(await page.getByTestId('timeline-gap').count()).toBe(1);
    expect(await page.getByTestId('timeline-footage').count()).toBeGreaterThan(2);
    // The stop itself, press to press, shows as an interruption on the timeline (and a review item).
    const stop = page.getByTestId('timeline-interruption');
    expect(await stop.count()).toBe(1);
    expect(await stop.getAttribute('data-kind')).toBe('stop');
    const stopped = Number(await stop.getAttribute('data-seconds'));
    expect(stopped).toBeGreaterThanOrEqual(29.5);
    expect(stopped).toBeLessThanOrEqual(pause + 0.5);
    expect(await page.getByTestId('step-interruptions').count()).toBe(1);
    writeFileSync(join(outDir, 'case.png'), await page.screenshot({ fullPage: true }));

    await page.getByTestId('nav-reviews').click();
    await page.getByTestId('reviews-tab-coverage-gap').click();
    const row = page.locator('[data-testid="review-row"][data-kind="coverage-gap"]');
    await row.first().waitFor({ timeout: 10_000 });
    expect(await row.first().getAttribute('data-state')).toBe('open');
    expect(await row.first().innerText()).toContain('杭综执强〔2026〕9号');
  }, 60_000);

  it('exports the case file from the dashboard, and the package verifies offline', async () => {
    await page.getByTestId('nav-cases').click();
    await page.locator('[data-testid="case-row"][data-number="杭综执强〔2026〕9号"]').click();
    await page.getByTestId('export-button').click();
    const link = page.getByTestId('export-download');
    await link.waitFor({ timeout: 60_000 });
    expect(await link.getAttribute('href')).toMatch(/^\/api\/exports\/.+\/download$/);
    // Downloaded by the browser itself (the file name is Chinese; the actor travels in the cookie).
    const zip = join(outDir, 'case.zip');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^杭综执强〔2026〕9号.*\.zip$/);
    await download.saveAs(zip);
    const report = await verifyExport(zip);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.caseNumber).toBe('杭综执强〔2026〕9号');
    // Live copies and recorder copies of both recordings.
    expect(report.files).toBeGreaterThanOrEqual(4);

    // The trail shows who exported and downloaded it.
    const trail = (await (await gw.fetch(`/api/audit?action=download`)).json()) as {
      entries: { actor: string }[];
    };
    expect(trail.entries[0]!.actor).toMatch(/^duchayuan@/);
  }, 90_000);
});
