/**
 * Nothing lost offline: the station is down for 60 s in the middle of a
 * recording; after it comes back the recorder's offload fills the hole, and
 * the station holds every second of the recording with no gap.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile, type HardwareProfile } from '@liuhen/device-profiles';
import { startTestGateway, waitFor, type TestGateway } from '../../gateway/test/helpers.js';
import { loadPublicKey, verifyFolder } from '@liuhen/evidence';
import { startAgent, type Agent } from '../src/index.js';

const OUTAGE_MS = Number(process.env.LIUHEN_OUTAGE_MS ?? 60_000);
const profile: HardwareProfile = {
  ...getProfile('sim'),
  recording: { segmentSeconds: 10, fragmentSeconds: 1, preRecordSeconds: 5, postRecordSeconds: 0 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let gw: TestGateway | undefined;
let agent: Agent | undefined;

afterAll(async () => {
  await agent?.stop();
  await gw?.cleanup();
});

interface Rec {
  source: string;
  startedAt: string;
  endedAt: string;
  bytes: number;
  sha256: string;
}

describe('offload across a station outage', () => {
  it(
    'the station ends up with the whole recording, pre-record included, no gaps',
    async () => {
      gw = await startTestGateway();
      const recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-out-'));
      const { mqtt, rtmp, http } = gw.ports;
      const stationDir = gw.dataDir;
      agent = await startAgent({
        deviceId: 'out-001',
        officerId: '33010012',
        profile,
        mqttUrl: `mqtt://127.0.0.1:${mqtt}`,
        rtmpUrl: `rtmp://127.0.0.1:${rtmp}`,
        stationUrl: `http://127.0.0.1:${http}`,
        dataDir: recorderDir,
        log: () => undefined,
      });
      await agent.connected();
      await sleep(7000); // fill the pre-record buffer
      const pressedAt = Date.now();
      agent.buttons.press();
      await sleep(5000);
      await gw.stop();
      gw = undefined;
      await sleep(OUTAGE_MS);
      gw = await startTestGateway({
        mqtt: { port: mqtt },
        rtmp: { port: rtmp },
        http: { port: http },
        storage: { dataDir: stationDir },
      });
      await sleep(5000);
      const stoppedAt = Date.now();
      agent.buttons.press();

      const deviceCopies = await waitFor(
        async () => {
          const r = (await (await gw!.fetch(`/api/recordings?device=out-001`)).json()) as { recordings: Rec[] };
          const dev = r.recordings
            .filter((x) => x.source === 'device')
            .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
          const covered = dev.length > 0 && Date.parse(dev.at(-1)!.endedAt) >= stoppedAt;
          return covered && agent!.offloader!.pending() === 0 ? dev : null;
        },
        // A safety net, not a bound: the last segment is kept once sealed and past the pre-record
        // window, then sent after the backoff of the outage; a loaded machine stretches each step.
        120_000,
        'every segment offloaded and acknowledged',
      );
      // Pre-record included: footage from before the press.
      expect(pressedAt - Date.parse(deviceCopies[0]!.startedAt)).toBeGreaterThanOrEqual(
        (profile.recording.preRecordSeconds - 1) * 1000,
      );
      // Contiguous: each segment starts where the previous ended.
      for (let i = 1; i < deviceCopies.length; i++) {
        const gap = Date.parse(deviceCopies[i]!.startedAt) - Date.parse(deviceCopies[i - 1]!.endedAt);
        expect(Math.abs(gap)).toBeLessThan(50);
      }
      const covered = (Date.parse(deviceCopies.at(-1)!.endedAt) - Date.parse(deviceCopies[0]!.startedAt)) / 1000;
      expect(covered).toBeGreaterThanOrEqual((stoppedAt - pressedAt) / 1000 + profile.recording.preRecordSeconds - 1);

      // The evidence chain verifies offline, on the recorder and at the station, with the enrolled key.
      const pub = await loadPublicKey(join(recorderDir, 'out-001', 'keys', 'device.pub.pem'));
      // The whole recorder folder, once it has stopped: a kept segment's later cut entries can follow
      // entries of segments still waiting in buffer/, so evidence/ alone is not the whole chain.
      await agent!.stop();
      agent = undefined;
      const onDevice = await verifyFolder(join(recorderDir, 'out-001'), { publicKeys: [pub] });
      expect(onDevice.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(onDevice.ok).toBe(true);
      const atStation = await verifyFolder(join(stationDir, 'footage', 'out-001', 'device'), {
        publicKeys: [pub],
        allowGaps: true,
      });
      expect(atStation.problems.filter((p) => p.severity === 'error')).toEqual([]);
      // Every kept segment once (discarded standby footage leaves its chain there too, without a file).
      expect(atStation.segments.filter((s) => !s.discarded).length).toBe(deviceCopies.length);
    },
    OUTAGE_MS + 180_000,
  );
});
