/**
 * The equipment manager's and the supervisor's day, end to end in real
 * headless Chromium: a station keeping telemetry in a real InfluxDB, two
 * simulated recorders (real ffmpeg, MQTT, telemetry at 1 Hz). Hand-out at the
 * desk with the self-test and the officer id in the recorder's watermark
 * within 5 s; the supervision board with counts and the map; the device's
 * charts from InfluxDB; an alert shown live and acknowledged; check-in with
 * the offload progress; the ledger.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import { startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { startInfluxd, type Influxd } from '../gateway/test/influxd.js';
import { launchBrowser, signInAs } from './browser.js';

let influx: Influxd;
let gw: TestGateway;
let browser: Browser;
let page: Page;
let recorderDir: string;
const agents = new Map<string, Agent>();
const OFFICER = '33010051';

beforeAll(async () => {
  influx = await startInfluxd();
  gw = await startTestGateway({
    telemetry: { influxUrl: `${influx.url}/liuhen_e2e` },
    alerts: { sweepSeconds: 0.5 },
  });
  recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-desk-rec-'));
  for (const [deviceId, skew] of [
    ['desk-001', 0],
    // A recorder whose clock runs 5 s fast: the clock-drift alert.
    ['desk-002', 5000],
  ] as const) {
    const agent = await startAgent({
      deviceId,
      profile: getProfile('sim'),
      mqttUrl: gw.mqttUrl,
      rtmpUrl: gw.rtmpUrl,
      stationUrl: gw.url,
      dataDir: recorderDir,
      telemetryIntervalMs: 1000,
      timeSyncIntervalMs: 2000,
      simClockSkewMs: skew,
      log: () => undefined,
    });
    agents.set(deviceId, agent);
    await agent.connected();
  }
  await gw.fetch(`/api/units`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 'u-e2e', name: '二中队' }),
  });
  await gw.fetch(`/api/officers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: OFFICER, name: '孙七', unitId: 'u-e2e' }),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await signInAs(page, gw, 'zhuangbei', 'equipment-manager');
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([...agents.values()].map((a) => a.stop()));
  await gw?.cleanup();
  await influx?.stop();
  if (recorderDir) rmSync(recorderDir, { recursive: true, force: true });
});

describe('the hand-out desk and live supervision', () => {
  it('hands a recorder out: self-test passes, the officer id reaches the watermark within 5 s', async () => {
    await waitFor(() => gw.registry.get('desk-001')?.telemetry?.selfTest.camera, 20_000, 'camera self-test');
    await page.goto(`${gw.url}/#/desk`);
    await page.locator('main[data-ready="true"]').waitFor();
    await page.getByTestId('desk-device-input').fill('desk-001');
    await page.getByTestId('desk-officer-input').fill(OFFICER);
    const t0 = Date.now();
    await page.getByTestId('desk-handout-submit').click();
    await expect.poll(() => page.getByTestId('desk-result').getAttribute('data-ok'), { timeout: 10_000 }).toBe('true');
    expect(await page.locator('[data-testid="desk-check"][data-ok="true"]').count()).toBe(6);
    await page.getByTestId('desk-watermark-ok').waitFor({ timeout: 5000 });
    // What the encoder burns into every frame.
    const watermark = join(recorderDir, 'desk-001', 'watermark.txt');
    await waitFor(
      () => readFileSync(watermark, 'utf8').includes(OFFICER),
      5000 - (Date.now() - t0),
      'officer in the watermark',
    );
    expect(agents.get('desk-001')!.officerId()).toBe(OFFICER);
  }, 60_000);

  it('the board counts and maps the fleet, filtered by unit', async () => {
    await page.getByTestId('nav-live').click();
    await expect.poll(() => page.getByTestId('board-count-out').innerText(), { timeout: 10_000 }).toContain('1');
    const points = page.locator('[data-testid="map-point"]');
    await expect.poll(() => points.count(), { timeout: 10_000 }).toBe(2);
    await page.getByTestId('board-unit-filter').selectOption('u-e2e');
    await expect.poll(() => page.locator('article[data-testid="device-tile"]').count()).toBe(1);
    await page.getByTestId('board-unit-filter').selectOption('');
  }, 30_000);

  it('an alert shows live and is acknowledged, audited', async () => {
    await page.getByTestId('nav-alerts').click();
    const row = page.locator('[data-testid="alert-row"][data-rule="clock-drift"]');
    await row.first().waitFor({ timeout: 20_000 });
    expect(await row.first().innerText()).toContain('desk-002');
    await row.first().getByTestId('alert-ack').click();
    await expect.poll(() => row.first().getAttribute('data-status'), { timeout: 5000 }).toBe('acknowledged');
    const trail = (await (await gw.fetch(`/api/audit?action=acknowledge`)).json()) as {
      entries: { actor: string }[];
    };
    expect(trail.entries[0]!.actor).toMatch(/^zhuangbei@/);
  }, 40_000);

  it('the device page draws battery, storage and temperature from InfluxDB', async () => {
    await page.goto(`${gw.url}/#/devices/desk-001`);
    for (const chart of ['device-chart-battery', 'device-chart-storage', 'device-chart-temperature']) {
      await page.getByTestId(chart).waitFor({ timeout: 10_000 });
    }
    const res = (await (await gw.fetch(`/api/devices/desk-001/telemetry?series=battery`)).json()) as {
      store: string;
      series: { battery: unknown[] };
    };
    expect(res.store).toBe('influx');
    expect(res.series.battery.length).toBeGreaterThan(0);
  }, 30_000);

  it('checks the recorder in, follows its offload to the end, and the ledger has it all', async () => {
    const agent = agents.get('desk-001')!;
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording');
    await new Promise((r) => setTimeout(r, 6000));
    agent.buttons.press();
    await page.goto(`${gw.url}/#/desk`);
    await page.getByTestId('desk-checkin-input').fill('desk-001');
    await page.getByTestId('desk-checkin-submit').click();
    await page.getByTestId('checkin-progress').waitFor({ timeout: 10_000 });
    await page.getByTestId('checkin-done').waitFor({ timeout: 60_000 });
    await page.goto(`${gw.url}/#/desk/ledger`);
    const rows = page.locator('[data-testid="ledger-row"]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="ledger-row"][data-kind="check-in"]').count()).toBe(1);
    expect(await page.locator('[data-testid="ledger-row"][data-kind="hand-out"]').count()).toBe(1);
    const xlsx = await gw.fetch(`${await page.getByTestId('ledger-xlsx').getAttribute('href')}`);
    expect(xlsx.headers.get('content-type')).toMatch(/spreadsheetml/);
  }, 120_000);
});
