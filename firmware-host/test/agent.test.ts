/** The sim recorder agent against a real gateway: MQTT state/events, RTMP push, commands. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventPayload, getProfile, parsePayload, topics, type EventPayload as Ev } from '@liuhen/device-profiles';
import { connectClient, startTestGateway, waitFor, type TestGateway } from '../../gateway/test/helpers.js';
import { startAgent, type Agent } from '../src/index.js';

let gw: TestGateway;
let agent: Agent;
const events: Ev[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-agent-'));

beforeAll(async () => {
  gw = await startTestGateway();
  const watcher = await connectClient(gw.mqttUrl);
  await watcher.subscribeAsync(topics.events('agent-001'), { qos: 1 });
  watcher.on('message', (_t, p) => {
    const r = parsePayload(EventPayload, p);
    if (r.ok) events.push(r.value);
  });
  agent = await startAgent({
    deviceId: 'agent-001',
    officerId: '33010099',
    profile: getProfile('sim'),
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    dataDir,
    log: () => undefined,
  });
  await agent.connected();
});
afterAll(async () => {
  await agent.stop();
  await gw.cleanup();
});

describe('sim recorder agent', () => {
  it('announces itself: online, retained state with officer and battery', async () => {
    const d = await waitFor(() => gw.registry.get('agent-001'), 5000, 'registration');
    expect(d).toMatchObject({
      profile: 'sim',
      online: true,
      state: 'standby',
      officerId: '33010099',
      firmwareVersion: '0.1.0',
    });
    expect(d.batteryPercent).toBeGreaterThan(0);
    expect(d.storageFreeBytes).toBeGreaterThan(0);
  });

  it('a button press records and streams; a second press stops; events carry seq and recording id', async () => {
    agent.buttons.press();
    await waitFor(() => gw.registry.get('agent-001')?.live, 10_000, 'live stream at the station');
    expect(gw.registry.get('agent-001')?.state).toBe('recording');
    // The officer feels and sees it: a vibration pulse, red LED on, green off.
    expect(agent.buttons.vibrations).toContain('start');
    expect(agent.buttons.leds).toMatchObject({ red: true, green: false });
    await new Promise((r) => setTimeout(r, 2000));
    agent.buttons.press();
    await waitFor(() => gw.registry.get('agent-001')?.state === 'standby', 5000, 'standby');
    expect(agent.buttons.vibrations).toContain('stop');
    expect(agent.buttons.leds).toMatchObject({ red: false, green: true });
    await waitFor(() => events.length >= 4, 5000, 'four events');
    expect(events.map((e) => e.type)).toEqual([
      'button.pressed',
      'recording.started',
      'button.pressed',
      'recording.stopped',
    ]);
    const seqs = events.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(4);
    const started = events[1]!;
    const stopped = events[3]!;
    expect(started.recordingId).toBeTruthy();
    expect(stopped.recordingId).toBe(started.recordingId);
    expect(stopped.officerId).toBe('33010099');
    // The station closes its copy promptly after the stop, without waiting out the reconnect grace.
    const recs = await waitFor(
      async () => {
        const r = (await (await gw.fetch(`/api/recordings?device=agent-001`)).json()) as {
          recordings: { durationSeconds: number; officerId: string }[];
        };
        return r.recordings.length ? r.recordings : null;
      },
      8000,
      'station recording',
    );
    expect(recs[0]!.durationSeconds).toBeGreaterThan(1);
    expect(recs[0]!.officerId).toBe('33010099');
  });

  it('obeys start/stop commands over MQTT and ignores invalid ones', async () => {
    const c = await connectClient(gw.mqttUrl);
    await c.publishAsync(
      topics.set('agent-001'),
      JSON.stringify({ v: 1, commandId: 'x', action: 'explode', ts: new Date().toISOString() }),
      { qos: 1 },
    );
    await c.publishAsync(
      topics.set('agent-001'),
      JSON.stringify({ v: 1, commandId: 'c1', action: 'start', ts: new Date().toISOString() }),
      { qos: 1 },
    );
    await waitFor(() => gw.registry.get('agent-001')?.state === 'recording', 5000, 'recording after start');
    await c.publishAsync(
      topics.set('agent-001'),
      JSON.stringify({ v: 1, commandId: 'c2', action: 'stop', ts: new Date().toISOString() }),
      { qos: 1 },
    );
    await waitFor(() => gw.registry.get('agent-001')?.state === 'standby', 5000, 'standby after stop');
    expect(gw.broker.rejectedCount()).toBe(1);
    await c.endAsync();
  });
  it('quick presses leave exactly one live relay (no two pushes knocking each other off)', async () => {
    const relays = () =>
      readdirSync('/proc')
        .filter((d) => /^\d+$/.test(d))
        .map((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          } catch {
            return '';
          }
        })
        .filter((cmd) => cmd.includes('/live/agent-001') && cmd.includes('pipe:0')).length;
    agent.buttons.press();
    await new Promise((r) => setTimeout(r, 50));
    agent.buttons.press();
    await new Promise((r) => setTimeout(r, 50));
    agent.buttons.press();
    await waitFor(() => gw.registry.get('agent-001')?.live, 10_000, 'live again');
    await new Promise((r) => setTimeout(r, 2000));
    expect(relays()).toBe(1);
    agent.buttons.press();
    await waitFor(() => relays() === 0, 5000, 'relay gone after stop');
  });
  it('syncs its clock with the station; a device clock off by 5 s is flagged', async () => {
    await waitFor(() => agent.clockOffsetMs() !== null, 5000, 'first clock sync');
    expect(Math.abs(agent.clockOffsetMs()!)).toBeLessThan(500); // same host: only queueing delay (a loaded machine) skews the estimate, far below the drift threshold
    expect(gw.registry.get('agent-001')?.clockDrift).toBe(false);
    const skewed = await startAgent({
      deviceId: 'agent-skew',
      profile: getProfile('sim'),
      mqttUrl: gw.mqttUrl,
      rtmpUrl: gw.rtmpUrl,
      dataDir,
      simClockSkewMs: 5000,
      log: () => undefined,
    });
    try {
      const d = await waitFor(
        () => gw.registry.get('agent-skew')?.clockDrift && gw.registry.get('agent-skew'),
        5000,
        'drift flagged',
      );
      expect(Math.abs(d.clockOffsetMs! - 5000)).toBeLessThan(100);
    } finally {
      await skewed.stop();
    }
  });
  it('storage filling up: alarm and pre-record given up, then a clean stop, never overwriting; resumes when space returns', async () => {
    let free = 50 * 1024 ** 3;
    const seen: string[] = [];
    const watcher = await connectClient(gw.mqttUrl);
    await watcher.subscribeAsync(topics.events('agent-full'), { qos: 1 });
    watcher.on('message', (_t, p) => seen.push((JSON.parse(p.toString()) as { type: string }).type));
    const full = await startAgent({
      deviceId: 'agent-full',
      profile: getProfile('sim'),
      mqttUrl: gw.mqttUrl,
      rtmpUrl: gw.rtmpUrl,
      dataDir,
      freeBytes: () => free,
      storageCheckMs: 200,
      log: () => undefined,
    });
    try {
      await full.connected();
      full.buttons.press();
      await waitFor(() => full.state().mode === 'recording', 5000, 'recording');
      free = 600 * 1024 ** 2;
      await waitFor(() => seen.includes('storage.low'), 5000, 'storage.low event');
      // Amber blinks: at any one instant it may be in its off half, so look at what it has shown.
      await waitFor(() => full.buttons.cueHistory.some((h) => h.cues.includes('alert')), 5000, 'the amber alert cue');
      expect(full.buttons.vibrations).toContain('alarm');
      expect(full.capture.preRecordMs).toBe(0);
      expect(full.state().mode).toBe('recording');
      free = 100 * 1024 ** 2;
      await waitFor(() => seen.includes('storage.full'), 5000, 'storage.full event');
      expect(full.state().mode).toBe('standby');
      await waitFor(() => full.capture.encoderPid === undefined, 10_000, 'encoder stopped');
      free = 20 * 1024 ** 3;
      await waitFor(() => seen.includes('storage.ok'), 5000, 'storage.ok event');
      await waitFor(() => full.capture.encoderPid !== undefined, 5000, 'encoder running again');
      expect(full.capture.preRecordMs).toBe(30_000);
    } finally {
      await full.stop();
      await watcher.endAsync();
    }
  });

  it('confirm-to-stop: while the station says a full-process step is open, one press does not stop; a second does', async () => {
    const policy = (open: boolean) =>
      new Promise<void>((resolve) =>
        gw.broker.aedes.publish(
          {
            cmd: 'publish',
            topic: topics.policy('agent-001'),
            payload: Buffer.from(
              JSON.stringify({
                v: 1,
                deviceId: 'agent-001',
                officerId: '33010099',
                fullProcessOpen: open,
                stepId: open ? 'step-1' : null,
                caseId: open ? 'case-1' : null,
                stepEndsAt: null,
                ts: new Date().toISOString(),
              }),
            ),
            qos: 1,
            retain: true,
            dup: false,
          },
          () => resolve(),
        ),
      );
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording');
    await policy(true);
    // The retained policy reaches the recorder; a single press now only asks for confirmation.
    await waitFor(
      async () => {
        const before = agent.buttons.vibrations.length;
        agent.buttons.press();
        await new Promise((r) => setTimeout(r, 100));
        return agent.buttons.vibrations.slice(before).includes('alarm') || null;
      },
      10_000,
      'a press asks for confirmation',
    );
    expect(agent.state().mode).toBe('recording');
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'standby', 5000, 'stopped by the confirming press');
    // Step closed: one press starts and one press stops again.
    await policy(false);
    await new Promise((r) => setTimeout(r, 500));
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'recording', 5000, 'recording again');
    agent.buttons.press();
    await waitFor(() => agent.state().mode === 'standby', 5000, 'one press stops');
  });
});
