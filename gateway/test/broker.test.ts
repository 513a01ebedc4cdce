import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MqttClient } from 'mqtt';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';
import { connectClient, startTestGateway, statePayload, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ mqtt: { drainTimeoutMs: 500 } });
});
afterAll(async () => {
  await gw.cleanup();
});

/** Collects messages on `topic` from a fresh subscription (so retained ones arrive first). */
async function retainedOn(topic: string): Promise<string | null> {
  const c = await connectClient(gw.mqttUrl);
  const got = new Promise<string | null>((resolve) => {
    c.on('message', (_t, p) => resolve(p.toString()));
    setTimeout(() => resolve(null), 500);
  });
  await c.subscribeAsync(topic, { qos: 1 });
  const v = await got;
  await c.endAsync();
  return v;
}

describe('embedded MQTT broker with the device contract', () => {
  let device: MqttClient;

  it('keeps the retained state and registers the device', async () => {
    device = await connectClient(gw.mqttUrl, {
      clientId: 'rec-mq-001',
      will: {
        topic: topics.availability('mq-001'),
        payload: Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, status: 'offline' })),
        qos: 1,
        retain: true,
      },
    });
    await device.publishAsync(topics.availability('mq-001'), JSON.stringify({ v: 1, status: 'online' }), {
      qos: 1,
      retain: true,
    });
    await device.publishAsync(topics.state('mq-001'), JSON.stringify(statePayload('mq-001', { batteryPercent: 77 })), {
      qos: 1,
      retain: true,
    });
    const retained = JSON.parse((await retainedOn(topics.state('mq-001')))!);
    expect(retained).toMatchObject({ deviceId: 'mq-001', batteryPercent: 77 });
    const d = await waitFor(() => gw.registry.get('mq-001'), 2000, 'registration');
    expect(d).toMatchObject({ online: true, state: 'standby', batteryPercent: 77, officerId: '33010012' });
  });

  it('rejects an invalid payload, keeps the last valid retained state and keeps serving the sender', async () => {
    const before = gw.broker.rejectedCount();
    await device.publishAsync(
      topics.state('mq-001'),
      JSON.stringify({ ...statePayload('mq-001'), batteryPercent: 250 }),
      {
        qos: 1,
        retain: true,
      },
    );
    await device.publishAsync(topics.state('mq-001'), 'not json', { qos: 1, retain: true });
    expect(gw.broker.rejectedCount()).toBe(before + 2);
    expect(JSON.parse((await retainedOn(topics.state('mq-001')))!).batteryPercent).toBe(77);
    expect(gw.registry.get('mq-001')?.batteryPercent).toBe(77);
    // The same connection still works: a valid message goes through.
    expect(device.connected).toBe(true);
    await device.publishAsync(topics.state('mq-001'), JSON.stringify(statePayload('mq-001', { batteryPercent: 76 })), {
      qos: 1,
      retain: true,
    });
    await waitFor(() => gw.registry.get('mq-001')?.batteryPercent === 76, 2000, 'valid state after a rejected one');
  });

  it('refuses a payload whose deviceId disagrees with its topic', async () => {
    const before = gw.broker.rejectedCount();
    await device.publishAsync(topics.state('mq-001'), JSON.stringify(statePayload('mq-999')), { qos: 1 });
    expect(gw.broker.rejectedCount()).toBe(before + 1);
    expect(gw.registry.has('mq-999')).toBe(false);
  });

  it('stores events once even when redelivered', async () => {
    const e = { v: 1, deviceId: 'mq-001', seq: 41, type: 'recording.started', ts: new Date().toISOString() };
    const seen: number[] = [];
    gw.registry.on('event', (ev) => seen.push(ev.seq));
    await device.publishAsync(topics.events('mq-001'), JSON.stringify(e), { qos: 1 });
    await device.publishAsync(topics.events('mq-001'), JSON.stringify(e), { qos: 1 });
    await device.publishAsync(topics.events('mq-001'), JSON.stringify({ ...e, seq: 42 }), { qos: 1 });
    await waitFor(() => seen.includes(42), 2000, 'event 42');
    expect(seen).toEqual([41, 42]);
  });

  it('publishes the last will when the device socket drops', async () => {
    const watcher = await connectClient(gw.mqttUrl);
    const offline = new Promise<string>((resolve) =>
      watcher.on('message', (_t, p) => {
        if (p.toString().includes('offline')) resolve(p.toString());
      }),
    );
    await watcher.subscribeAsync(topics.availability('mq-001'), { qos: 1 });
    // No DISCONNECT packet: the socket just dies, as when a recorder loses power.
    device.stream.destroy();
    expect(JSON.parse(await offline)).toEqual({ v: 1, status: 'offline' });
    await waitFor(() => gw.registry.get('mq-001')?.state === 'offline', 3000, 'device shown offline');
    await watcher.endAsync();
    device.end(true);
  });

  it('a stuck client is dropped after the drain timeout and does not stall the others', async () => {
    const stuck = await connectClient(gw.mqttUrl, { clientId: 'stuck' });
    await stuck.subscribeAsync('flood/#', { qos: 0 });
    // The healthy subscriber is a third-party client in its own process: it reads its socket however
    // busy this test process is (the publisher below floods from here), so only the stuck one stalls.
    const total = 400; // 25 MB: far more than the socket buffers hold
    const port = new URL(gw.mqttUrl).port;
    // Its output goes to a file, not a pipe this process would have to drain in time.
    const outDir = mkdtempSync(join(tmpdir(), 'liuhen-flood-'));
    const out = openSync(join(outDir, 'received'), 'w');
    const healthy = spawn(
      'mosquitto_sub',
      ['-h', '127.0.0.1', '-p', port, '-t', 'flood/#', '-C', String(total), '-N'],
      {
        stdio: ['ignore', out, 'pipe'],
      },
    );
    const bytes = () => statSync(join(outDir, 'received')).size;
    let subscribed = false;
    gw.broker.aedes.on('subscribe', (subs, client) => {
      if (client && client.id !== 'stuck' && subs.some((s) => s.topic === 'flood/#')) subscribed = true;
    });
    const healthyDone = new Promise<number | null>((resolve) => healthy.once('close', resolve));
    try {
      await waitFor(() => subscribed, 20_000, 'mosquitto_sub subscribed');
      // The stuck recorder stops reading its socket, as on a frozen process.
      stuck.stream.pause();
      const stuckDropped = new Promise<void>((resolve) => {
        const onGone = (client: { id: string }) => client.id === 'stuck' && resolve();
        gw.broker.aedes.on('clientDisconnect', onGone);
        gw.broker.aedes.on('clientError', onGone);
      });
      const publisher = await connectClient(gw.mqttUrl);
      const chunk = Buffer.alloc(64 * 1024, 1);
      for (let i = 0; i < total; i++) publisher.publish('flood/x', chunk, { qos: 0 });
      // mosquitto_sub exits once it has every message (-C); 60 s is a safety net for a loaded machine.
      const code = await Promise.race([healthyDone, sleep(60_000).then(() => 'timeout' as const)]);
      expect(code, `mosquitto_sub got ${bytes()} of ${total * chunk.length} bytes`).toBe(0);
      expect(bytes()).toBe(total * chunk.length);
      await stuckDropped;
      await publisher.endAsync();
    } finally {
      healthy.kill();
      closeSync(out);
      rmSync(outDir, { recursive: true, force: true });
      stuck.end(true);
    }
  }, 90_000);
});
