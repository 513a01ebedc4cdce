/**
 * End to end in real headless Chromium: gateway + two simulated recorders
 * (real ffmpeg encoders, real MQTT, real RTMP), dashboard served by the gateway.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import { startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { launchBrowser, signInAs } from './browser.js';

let gw: TestGateway;
let browser: Browser;
let page: Page;
const agents: Agent[] = [];
const wsUrls: string[] = [];
/** Live events the dashboard dropped because they did not fit the contract (its console warnings). */
const dropped: string[] = [];

beforeAll(async () => {
  gw = await startTestGateway();
  const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-rec-'));
  for (const [deviceId, officerId] of [
    ['e2e-001', '33010012'],
    ['e2e-002', '33010027'],
  ] as const) {
    const agent = await startAgent({
      deviceId,
      officerId,
      profile: getProfile('sim'),
      mqttUrl: gw.mqttUrl,
      rtmpUrl: gw.rtmpUrl,
      dataDir,
      log: () => undefined,
    });
    agents.push(agent);
    await agent.connected();
  }
  await waitFor(() => gw.registry.has('e2e-001') && gw.registry.has('e2e-002'), 5000, 'both recorders registered');
  browser = await launchBrowser();
  page = await browser.newPage();
  await signInAs(page, gw, 'zhiban', 'supervisor');
  page.on('websocket', (ws) => wsUrls.push(ws.url()));
  page.on('console', (m) => {
    if (/^live: .*(does not fit the contract|bad \w+ event)/.test(m.text())) dropped.push(m.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(agents.map((a) => a.stop()));
  await gw?.cleanup();
});

const tile = (id: string) => page.locator(`article[data-testid="device-tile"][data-device-id="${id}"]`);

describe('live board', () => {
  it('shows a tile per recorder in zh-CN, standby and green', async () => {
    await page.goto(`${gw.url}/`);
    await page.locator('main[data-ready="true"]').waitFor();
    await expect.poll(() => page.locator('article[data-testid="device-tile"]').count()).toBe(2);
    expect(await tile('e2e-001').getAttribute('data-state')).toBe('standby');
    expect(await tile('e2e-001').locator('[data-testid="device-state"]').innerText()).toBe('待机');
    expect(await tile('e2e-001').innerText()).toContain('33010012');
  });

  it('a press through the API turns the tile to recording and its live video plays', async () => {
    const res = await gw.fetch(`/api/devices/e2e-001/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'press' }),
    });
    expect(res.status).toBe(202);
    await expect.poll(() => tile('e2e-001').getAttribute('data-state'), { timeout: 5000 }).toBe('recording');
    expect(await tile('e2e-001').locator('[data-testid="device-state"]').innerText()).toBe('录像中');
    // The other recorder is untouched.
    expect(await tile('e2e-002').getAttribute('data-state')).toBe('standby');

    const video = tile('e2e-001').locator('video[data-testid="live-video"]');
    await video.waitFor({ timeout: 15_000 });
    // Playing = frames decoded and the clock advancing.
    await page.waitForFunction(
      (id) => {
        const v = document.querySelector<HTMLVideoElement>(
          `article[data-device-id="${id}"] video[data-testid="live-video"]`,
        );
        return !!v && v.readyState >= 2 && v.currentTime > 1 && v.videoWidth === 640;
      },
      'e2e-001',
      { timeout: 30_000 },
    );
    await expect
      .poll(() => tile('e2e-001').locator('[data-testid="recording-time"]').innerText())
      .toMatch(/^\d{2}:\d{2}/);
    // The live video comes over a WebSocket, not one of the six HTTP connections a browser allows per host.
    expect(wsUrls.some((u) => u.endsWith('/live/e2e-001.flv'))).toBe(true);
  });

  it('a second press stops it; the station holds the recording', async () => {
    await gw.fetch(`/api/devices/e2e-001/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'press' }),
    });
    await expect.poll(() => tile('e2e-001').getAttribute('data-state'), { timeout: 5000 }).toBe('standby');
    await expect
      .poll(() => tile('e2e-001').locator('video[data-testid="live-video"]').count(), { timeout: 10_000 })
      .toBe(0);
    const list = await waitFor(
      async () => {
        const r = (await (await gw.fetch(`/api/recordings?device=e2e-001`)).json()) as { recordings: unknown[] };
        return r.recordings.length > 0 ? r.recordings : null;
      },
      15_000,
      'station recording indexed',
    );
    expect(list).toHaveLength(1);
  });

  it('switches to English', async () => {
    await page.locator('select[data-testid="locale-select"]').selectOption('en');
    await expect.poll(() => tile('e2e-002').locator('[data-testid="device-state"]').innerText()).toMatch(/standby/i);
  });

  it('shows a recorder going offline', async () => {
    await agents[1]!.stop();
    await expect.poll(() => tile('e2e-002').getAttribute('data-state'), { timeout: 5000 }).toBe('offline');
    // Every event so far (snapshots, state changes, recordings, alerts) passed the check on arrival.
    expect(dropped).toEqual([]);
  });

  it('signs out; a wrong password is refused with a clear message; an auditor sees only the audit trail, the legal reviews and publicity', async () => {
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-form').waitFor();
    await page.getByTestId('login-username').fill('zhiban');
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').innerText())
      .toMatch(/Wrong user name or password|用户名或密码错误/);
    await signInAs(page, gw, 'shenji', 'auditor');
    await expect
      .poll(() => page.locator('nav a').evaluateAll((as) => as.map((a) => a.dataset.testid)))
      // An auditor reads the audit trail, the legal reviews and publicity (nothing of the live board or devices).
      .toEqual(['nav-legal', 'nav-publicity', 'nav-audit']);
    expect(page.url()).toMatch(/#\/audit$/);
    expect(await page.getByTestId('user-menu').getAttribute('data-role')).toBe('auditor');
  });

  it('an admin adds an account in the users page, and a weak password is refused with the reason', async () => {
    await page.getByTestId('sign-out').click();
    await signInAs(page, gw, 'guanliyuan', 'admin');
    await page.goto(`${gw.url}/#/users`);
    const form = page.getByTestId('user-form');
    await form.getByTestId('user-username').fill('li.officer');
    await form.getByTestId('user-display').fill('李华');
    await form.getByTestId('user-role').selectOption('officer');
    await form.getByTestId('user-password').fill('short');
    await form.getByTestId('user-create').click();
    await expect.poll(() => page.getByTestId('users-error').innerText()).toMatch(/10/);
    await form.getByTestId('user-password').fill('Li-Hua-Password-2026');
    await form.getByTestId('user-create').click();
    const row = page.locator('[data-testid="user-row"][data-username="li.officer"]');
    await row.waitFor();
    await row.getByTestId('user-toggle').click();
    await expect.poll(() => row.getByTestId('user-state').innerText()).toMatch(/停用|Disabled/);
    const users = (await (await gw.fetch('/api/users')).json()) as { username: string; disabled: boolean }[];
    expect(users.find((u) => u.username === 'li.officer')).toMatchObject({ disabled: true });
  });
});
