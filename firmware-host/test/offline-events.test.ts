/** Events made while the station is down reach it in order, once, even across an agent restart. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { startTestGateway, waitFor, type TestGateway } from '../../gateway/test/helpers.js';
import { startAgent, type Agent } from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let gw: TestGateway | undefined;
let agent: Agent | undefined;

afterAll(async () => {
  await agent?.stop();
  await gw?.cleanup();
});

function storedEvents(dataDir: string): { seq: number; type: string }[] {
  const db = new Database(join(dataDir, 'liuhen.sqlite'), { readonly: true });
  try {
    return db.prepare("select seq, type from device_events where device_id = 'off-001' order by seq").all() as {
      seq: number;
      type: string;
    }[];
  } finally {
    db.close();
  }
}

describe('offline event queue', () => {
  it('delivers every event made during an outage, in order, without duplicates', async () => {
    const recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-off-'));
    gw = await startTestGateway();
    const { mqtt, rtmp, http } = gw.ports;
    const stationDir = gw.dataDir;
    const start = () =>
      startAgent({
        deviceId: 'off-001',
        profile: getProfile('sim'),
        mqttUrl: `mqtt://127.0.0.1:${mqtt}`,
        rtmpUrl: `rtmp://127.0.0.1:${rtmp}`,
        dataDir: recorderDir,
        log: () => undefined,
      });
    agent = await start();
    await agent.connected();
    await waitFor(() => gw!.registry.has('off-001'), 5000, 'registered');

    // The station goes away (its data stays).
    await gw.stop();
    gw = undefined;
    for (let i = 0; i < 4; i++) {
      agent.buttons.press();
      await sleep(300);
    }
    // The recorder itself restarts while still offline: the queue is on disk.
    await agent.stop();
    agent = await start();
    agent.buttons.press();
    agent.buttons.press();
    await sleep(500);

    gw = await startTestGateway({
      mqtt: { port: mqtt },
      rtmp: { port: rtmp },
      http: { port: http },
      storage: { dataDir: stationDir },
    });
    await waitFor(() => storedEvents(stationDir).length >= 12, 40_000, 'all 12 events stored');
    await sleep(500);
    const events = storedEvents(stationDir);
    // 6 presses, each a button.pressed plus a recording start or stop; the first restart's stop adds one more pair.
    const seqs = events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(events.filter((e) => e.type === 'button.pressed')).toHaveLength(6);
    expect(events.filter((e) => e.type === 'recording.started')).toHaveLength(
      events.filter((e) => e.type === 'recording.stopped').length,
    );
    // Delivered in order: arrival order equals seq order (rowid follows insertion).
    const db = new Database(join(stationDir, 'liuhen.sqlite'), { readonly: true });
    const arrival = (
      db.prepare("select seq from device_events where device_id = 'off-001' order by rowid").all() as { seq: number }[]
    ).map((r) => r.seq);
    db.close();
    expect(arrival).toEqual([...arrival].sort((a, b) => a - b));
  });
});
