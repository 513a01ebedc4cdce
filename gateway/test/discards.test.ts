/**
 * Chains of discarded pre-record buffer offloaded to the station, so a
 * device's chain verifies there without gaps; every discard shown with its
 * reason; a discard that overlaps a recording the station knows of (MQTT
 * events) opens a review item. Real chained segments (ffmpeg + the evidence
 * writer), the real verifier, real MQTT, real SQLite.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION, topics } from '@liuhen/device-profiles';
import { publicKeyFingerprint, verifyFolder } from '@liuhen/evidence';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../evidence/test/helpers.js';
import {
  complete,
  recorderSegments,
  registerKey,
  sendBytes,
  sendDiscard,
  type FixtureSegment,
} from './chain-fixtures.js';
import { connectClient, registerDevice, startTestGateway, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
const T0 = Date.parse('2026-11-27T08:00:00Z');
const REASON = 'pre-record buffer not claimed by a recording';

async function get<T>(path: string, token = gw.token): Promise<{ status: number; body: T }> {
  const res = await fetch(`${gw.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

interface Chain {
  firstSeq: number | null;
  lastSeq: number | null;
  entries: number;
  complete: boolean;
  gaps: { from: number; to: number; count: number; after: string | null; before: string | null }[];
  brokenLinks: unknown[];
  files: { segments: number; discards: number; quarantined: number };
}

async function upload(deviceId: string, s: FixtureSegment): Promise<void> {
  expect(await sendBytes(gw, deviceId, s.name, s.bytes!)).toBe(200);
  expect((await complete(gw, deviceId, { ...s, bytes: s.bytes! })).status).toBe(200);
}

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.cleanup();
  removeTempDirs();
});

describe('discard chains at the station', () => {
  const DEVICE = 'dc-001';
  let segs: FixtureSegment[];
  let keyPem: string;

  beforeAll(async () => {
    await registerDevice(gw, DEVICE);
    const made = await recorderSegments(DEVICE, 5, { startMs: T0, discard: [1, 3], reason: REASON });
    segs = made.segments;
    keyPem = made.keys.publicKeyPem;
    await registerKey(gw, DEVICE, made.keys);
    expect(segs.map((s) => s.discarded)).toEqual([false, true, false, true, false]);
  });

  it('without the discards the station holds the chain with gaps where they were', async () => {
    for (const s of segs.filter((x) => !x.discarded)) await upload(DEVICE, s);
    const chain = await get<Chain>(`/api/devices/${DEVICE}/chain`);
    expect(chain.status).toBe(200);
    expect(chain.body.complete).toBe(false);
    expect(chain.body.firstSeq).toBe(0);
    expect(chain.body.files).toEqual({ segments: 3, discards: 0, quarantined: 0 });
    // Each discarded segment's entries, and its discard entry written after the next segment.
    expect(chain.body.gaps.length).toBeGreaterThanOrEqual(2);
    expect(chain.body.gaps.map((g) => g.after)).toContain(`footage/${DEVICE}/device/${segs[0]!.name}.chain.jsonl`);
  });

  it('stores each discard chain once, where the segment would have been; the chain then has no gap', async () => {
    for (const s of segs.filter((x) => x.discarded)) {
      const put = await sendDiscard(gw, DEVICE, s.name, s.chain);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ stored: true, segment: s.name, reason: REASON, overlapsRecording: null });
      expect(readFileSync(join(gw.dataDir, 'footage', DEVICE, 'device', `${s.name}.chain.jsonl`), 'utf8')).toBe(
        s.chain,
      );
      // Again: the same answer, nothing new.
      const again = await sendDiscard(gw, DEVICE, s.name, s.chain);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ stored: false, segment: s.name });
    }
    const chain = await get<Chain>(`/api/devices/${DEVICE}/chain`);
    expect(chain.body).toMatchObject({ complete: true, gaps: [], brokenLinks: [], firstSeq: 0 });
    expect(chain.body.files).toEqual({ segments: 3, discards: 2, quarantined: 0 });
    expect(chain.body.entries).toBe(chain.body.lastSeq! + 1);

    // The station's folder verifies without --allow-gaps: discarded by policy, nothing missing.
    const key = createPublicKey(keyPem);
    const report = await verifyFolder(join(gw.dataDir, 'footage', DEVICE, 'device'), {
      publicKeys: [{ key, fingerprint: publicKeyFingerprint(key), source: 'enrollment' }],
    });
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.problems.filter((p) => p.code === 'DISCARDED')).toHaveLength(2);
  });

  it('lists every discard with its reason, on both clocks, and audits each', async () => {
    const list = await get<{
      items: { segment: string; reason: string; start: string; stationStart: string; clockOffsetMs: number }[];
    }>(`/api/devices/${DEVICE}/discards`, await gw.tokenFor('equipment-manager'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((d) => d.segment)).toEqual([segs[1]!.name, segs[3]!.name]);
    for (const d of list.body.items) {
      expect(d.reason).toBe(REASON);
      // The fixture's recorder clock is 120 ms ahead of the station.
      expect(Date.parse(d.start) - Date.parse(d.stationStart)).toBe(d.clockOffsetMs);
    }
    const audit = await get<{ entries: { subjectId: string; actor: string }[] }>('/api/audit?action=discard');
    expect(audit.body.entries.map((e) => e.subjectId).sort()).toEqual(
      [segs[1]!.name, segs[3]!.name].map((n) => `${DEVICE}/${n}`).sort(),
    );
    expect(audit.body.entries.every((e) => e.actor.startsWith(`device:${DEVICE}`))).toBe(true);
  });

  it('never replaces a chain it holds, refuses chains that do not verify, and never fills a discarded name', async () => {
    const s = segs[1]!;
    // Another text for the same name (an extra blank line still parses): refused, the first one stays.
    const other = await sendDiscard(gw, DEVICE, s.name, `${s.chain}\n`);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'discard-conflict' });
    // An edited reason: the signature no longer holds.
    const lines = s.chain.split('\n').filter(Boolean);
    const last = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    const edited = [...lines.slice(0, -1), JSON.stringify({ ...last, reason: 'edited' })].join('\n') + '\n';
    const forged = await sendDiscard(gw, DEVICE, `${DEVICE}_000099.mp4`, edited);
    expect(forged.status).toBe(422);
    expect(forged.body).toMatchObject({ code: 'discard-chain-refused' });
    // A kept segment's chain is not a discard.
    const kept = await sendDiscard(gw, DEVICE, segs[0]!.name, segs[0]!.chain);
    expect(kept.status).toBe(422);
    // Bytes under a discarded name are refused: a name is never reused.
    expect(await sendBytes(gw, DEVICE, s.name, segs[0]!.bytes!)).toBe(200);
    const reuse = await complete(gw, DEVICE, { ...segs[0]!, name: s.name, bytes: segs[0]!.bytes! });
    expect(reuse.status).toBe(409);
    expect(reuse.body).toMatchObject({ code: 'segment-discarded' });
  });
});

describe('a discard inside a recording', () => {
  const DEVICE = 'dc-003';
  let segs: FixtureSegment[];

  beforeAll(async () => {
    await registerDevice(gw, DEVICE, { officerId: '33040001' });
    // Three 3 s segments: [0, 3), [3, 6), [6, 9) s after T0 on the device clock.
    const made = await recorderSegments(DEVICE, 3, { startMs: T0, discard: [1, 2], segmentSeconds: 3 });
    segs = made.segments;
    await registerKey(gw, DEVICE, made.keys);
  });

  it('is flagged for review when the recording is learnt after the discard, and when it was known before', async () => {
    const first = await sendDiscard(gw, DEVICE, segs[1]!.name, segs[1]!.chain);
    expect(first.status).toBe(200);
    expect(first.body.overlapsRecording).toBeNull();

    // The recorder's events: recording from 4 s to 8 s, over the discarded [3, 6) s.
    const c = await connectClient(gw.mqttUrl);
    for (const [seq, type, at] of [
      [1, 'recording.started', 4000],
      [2, 'recording.stopped', 8000],
    ] as const)
      await c.publishAsync(
        topics.events(DEVICE),
        JSON.stringify({
          v: PROTOCOL_VERSION,
          deviceId: DEVICE,
          seq,
          type,
          recordingId: 'rec-dc3',
          officerId: '33040001',
          ts: new Date(T0 + at).toISOString(),
        }),
        { qos: 1 },
      );
    await c.endAsync();
    type Item = { kind: string; subjectId: string; state: string; detail: { recordingId: string; reason: string } };
    const items = async () => (await get<{ items: Item[] }>('/api/reviews?kind=discard-overlap')).body.items;
    const item = await waitFor(async () => (await items())[0], 20_000, 'the discard-overlap item');
    expect(item).toMatchObject({ subjectId: `${DEVICE}/${segs[1]!.name}`, state: 'open' });
    expect(item.detail).toMatchObject({ recordingId: 'rec-dc3', reason: REASON });

    // Known before: the answer says so at once.
    const second = await sendDiscard(gw, DEVICE, segs[2]!.name, segs[2]!.chain);
    expect(second.status).toBe(200);
    expect(second.body.overlapsRecording).toBe('rec-dc3');
    expect(await items()).toHaveLength(2);
    const flags = await get<{ entries: { subjectId: string }[] }>('/api/audit?action=flag');
    expect(flags.body.entries.map((e) => e.subjectId).sort()).toEqual(
      [segs[1]!.name, segs[2]!.name].map((n) => `${DEVICE}/${n}`).sort(),
    );
    const listed = await get<{ items: { segment: string; overlapsRecording: string | null }[] }>(
      `/api/devices/${DEVICE}/discards`,
    );
    expect(listed.body.items.every((d) => d.overlapsRecording === 'rec-dc3')).toBe(true);
  });
});
