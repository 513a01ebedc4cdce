/**
 * A supervisor stops a recording from the live board while the officer is on
 * a full-process step, in real headless Chromium against the real station and
 * a simulated recorder (real ffmpeg, MQTT, RTMP): the board asks for a reason
 * (zh-CN first), the reason reaches the recorder and the audit trail, and the
 * recording stops only then. Without an open step the button stops at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getProfile, topics, type CommandPayload, type PolicyPayload } from '@liuhen/device-profiles';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import type { MqttClient } from 'mqtt';
import { connectClient, startTestGateway, waitFor, type TestGateway } from '../gateway/test/helpers.js';
import { launchBrowser, signInAs } from './browser.js';

const DEVICE = 'stop-001';
const OFFICER = '33010071';
let gw: TestGateway;
let browser: Browser;
let page: Page;
let agent: Agent;
let recorderDir: string;
let watcher: MqttClient;
const commands: CommandPayload[] = [];
const policies: PolicyPayload[] = [];
let caseId = '';
let stepId = '';

async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await gw.fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const tile = () => page.locator(`article[data-testid="device-tile"][data-device-id="${DEVICE}"]`);

async function startRecording(): Promise<void> {
  await api('POST', `/api/devices/${DEVICE}/commands`, { action: 'press' });
  await expect.poll(() => tile().getAttribute('data-state'), { timeout: 10_000 }).toBe('recording');
}

beforeAll(async () => {
  gw = await startTestGateway();
  watcher = await connectClient(gw.mqttUrl);
  watcher.on('message', (topic, payload) => {
    if (topic.endsWith('/set')) commands.push(JSON.parse(payload.toString()) as CommandPayload);
    else policies.push(JSON.parse(payload.toString()) as PolicyPayload);
  });
  await watcher.subscribeAsync([topics.set(DEVICE), topics.policy(DEVICE)], { qos: 1 });
  await api('POST', '/api/officers', { id: OFFICER, name: '钱八' });
  recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-stop-rec-'));
  agent = await startAgent({
    deviceId: DEVICE,
    officerId: OFFICER,
    profile: getProfile('sim'),
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    dataDir: recorderDir,
    log: () => undefined,
  });
  await agent.connected();
  await waitFor(() => gw.registry.get(DEVICE)?.online, 10_000, 'recorder registered');
  browser = await launchBrowser();
  page = await browser.newPage({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  await signInAs(page, gw, 'zhiban2', 'supervisor');
  await page.goto(`${gw.url}/`);
  await page.locator('main[data-ready="true"]').waitFor();
  await tile().waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await watcher?.endAsync();
  await agent?.stop();
  await gw?.cleanup();
  if (recorderDir) rmSync(recorderDir, { recursive: true, force: true });
});

describe('stopping a recording from the board', () => {
  it('without an open full-process step, the stop button stops at once', async () => {
    await startRecording();
    const before = commands.length;
    await tile().getByTestId('press-record').click();
    await expect.poll(() => tile().getAttribute('data-state'), { timeout: 10_000 }).toBe('standby');
    expect(await page.getByTestId('reason-dialog').count()).toBe(0);
    const sent = await waitFor(() => commands.slice(before).find((c) => c.action === 'stop'), 10_000, 'stop sent');
    expect(sent.reason).toBeUndefined();
  }, 60_000);

  it('with one, asks for a reason; cancel leaves the recording running; the reason stops it and is audited', async () => {
    const created = await api<{ id: string }>('POST', '/api/cases', {
      number: 'E2E-QZ-001',
      kind: 'compulsion',
      title: '查封经营场所',
      steps: [
        { kind: 'compulsory-measure', startsAt: new Date(Date.now() - 60_000).toISOString(), officers: [OFFICER] },
      ],
    });
    caseId = created.id;
    stepId = (await api<{ steps: { id: string }[] }>('GET', `/api/cases/${caseId}`)).steps[0]!.id;
    // The recorder's policy says so (the recorder asks for a confirming press then).
    await waitFor(() => policies.some((p) => p.fullProcessOpen && p.stepId === stepId), 10_000, 'policy open');
    await startRecording();
    const before = commands.length;

    await tile().getByTestId('press-record').click();
    const dialog = page.getByTestId('reason-dialog');
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.locator('h2').innerText()).toBe(`停止 ${DEVICE} 录像的理由`);
    const note = await page.getByTestId('reason-note').innerText();
    expect(note).toContain('全过程记录');
    expect(note).toContain('E2E-QZ-001');
    expect(note).toContain(`钱八 (${OFFICER})`);
    // The confirm button waits for a reason.
    expect(await page.getByTestId('reason-submit').isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect.poll(() => page.getByTestId('reason-dialog').count()).toBe(0);
    expect(await tile().getAttribute('data-state')).toBe('recording');
    expect(agent.state().mode).toBe('recording');

    await tile().getByTestId('press-record').click();
    await page.getByTestId('reason-input').fill('当事人已离开，现场处置结束');
    await page.getByTestId('reason-submit').click();
    await expect.poll(() => page.getByTestId('reason-dialog').count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => tile().getAttribute('data-state'), { timeout: 10_000 }).toBe('standby');
    // Nothing went to the recorder before the reason did.
    const sent = await waitFor(() => commands.slice(before).find((c) => c.action === 'stop'), 10_000, 'stop sent');
    expect(sent.reason).toBe('当事人已离开，现场处置结束');
    const trail = await api<{ entries: { actor: string; caseId: string | null; detail: Record<string, unknown> }[] }>(
      'GET',
      `/api/audit?action=command&subjectId=${DEVICE}`,
    );
    expect(trail.entries[0]).toMatchObject({
      caseId,
      detail: { action: 'stop', reason: '当事人已离开，现场处置结束', fullProcessStep: stepId },
    });
    expect(trail.entries[0]!.actor).toMatch(/^zhiban2@/);
  }, 60_000);

  it('asks in English too', async () => {
    await page.locator('select[data-testid="locale-select"]').selectOption('en');
    await startRecording();
    await tile().getByTestId('press-record').click();
    await page.getByTestId('reason-dialog').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('reason-dialog').locator('h2').innerText()).toBe(`Why stop recording on ${DEVICE}?`);
    expect(await page.getByTestId('reason-note').innerText()).toMatch(/must be recorded in full \(case E2E-QZ-001\)/);
    await page.getByTestId('reason-input').fill('Scene cleared');
    await page.getByTestId('reason-submit').click();
    await expect.poll(() => tile().getAttribute('data-state'), { timeout: 10_000 }).toBe('standby');
  }, 60_000);
});
