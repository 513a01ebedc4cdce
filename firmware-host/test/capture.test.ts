/** Continuous capture with a real ffmpeg encoder: pre-record buffer, local evidence segments, crash recovery. */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile, type HardwareProfile } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { createChainWriter, createDeviceKeys, readChainFile, verifyFolder } from '@liuhen/evidence';
import { CapturePipeline, type CaptureOptions, type EvidenceSegment } from '../src/capture/capture.js';
import { resolveWatermarkFont, writeWatermarkFile } from '../src/watermark.js';
import { probe, waitFor } from '../../gateway/test/helpers.js';

const sim = getProfile('sim');
const profile: HardwareProfile = {
  ...sim,
  recording: { segmentSeconds: 5, fragmentSeconds: 1, preRecordSeconds: 6, postRecordSeconds: 0 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeCapture(dir: string, evidence: EvidenceSegment[], chain?: CaptureOptions['chain']): CapturePipeline {
  const textFile = join(dir, 'watermark.txt');
  writeWatermarkFile(textFile, 'cap-001', '33010012');
  return new CapturePipeline({
    ...(chain ? { chain } : {}),
    deviceId: 'cap-001',
    profile,
    ffmpegPath: resolveFfmpeg(),
    dir,
    watermark: { fontFile: resolveWatermarkFont(), textFile },
    rtmpUrl: () => 'rtmp://127.0.0.1:9/live/none',
    log: () => undefined,
    onEvidence: (s) => evidence.push(s),
  });
}

const pipelines: CapturePipeline[] = [];
afterAll(async () => {
  await Promise.all(pipelines.map((p) => p.stop()));
});

async function chainFor(dir: string): Promise<NonNullable<CaptureOptions['chain']>> {
  const keys = await createDeviceKeys(join(dir, 'keys'));
  const writer = await createChainWriter({
    deviceId: 'cap-001',
    keyPair: keys,
    headFile: join(dir, 'chain-head.json'),
  });
  return { writer, meta: () => ({ officerId: '33010012', clockOffsetMs: 0 }) };
}

describe('keeping exactly what a recording claims', () => {
  it('keeps [press − pre-record, stop + post-record] at fragment precision; the rest is cut or discarded, signed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-cap-'));
    const evidence: EvidenceSegment[] = [];
    const chain = await chainFor(dir);
    const cap = makeCapture(dir, evidence, chain);
    pipelines.push(cap);
    const startedAt = Date.now();
    cap.start();
    // The first segment of a run is chained as it is written, not when it closes.
    const headFile = join(dir, 'buffer');
    const firstEntryAt = await waitFor(
      () => (chain.writer.head() ? Date.now() : null),
      15_000,
      'the first chain entry of the run',
    );
    console.log(`first chain entry ${((firstEntryAt - startedAt) / 1000).toFixed(2)} s after start`);
    expect(readdirSync(headFile).some((f) => f.endsWith('.chain.jsonl'))).toBe(true);
    // Press once the buffer holds the whole pre-record window and a fragment more. The footage
    // begins at the encoder's first output (the first chain entry), not at start(): on a busy
    // machine ffmpeg takes seconds to start, and a press before the buffer is full can only keep
    // what was filmed (the recorder is right to keep less, and the window check below would fail).
    const fullBufferMs = profile.recording.preRecordSeconds * 1000 + 2000;
    await waitFor(
      () => evidence.length === 0 && cap.restarts.length > 0 && Date.now() - firstEntryAt > fullBufferMs,
      30_000,
      'standby with a full pre-record buffer',
    );
    const pressedAt = Date.now();
    cap.beginRecording('rec-1', pressedAt);
    await sleep(7000);
    const stoppedAt = Date.now();
    cap.endRecording(stoppedAt);
    // Standby goes on after the stop: none of it may be kept.
    await sleep(3000);
    await cap.stop();
    await cap.settled();

    evidence.sort((a, b) => a.index - b.index);
    expect(evidence.length).toBeGreaterThan(0);
    const keptFrom = evidence[0]!.startedAt.getTime();
    const keptTo = Math.max(...evidence.map((e) => e.endedAt.getTime()));
    const windowFrom = pressedAt - profile.recording.preRecordSeconds * 1000;
    const windowTo = stoppedAt + profile.recording.postRecordSeconds * 1000;
    console.log(
      `kept from ${(keptFrom - windowFrom) / 1000} s after press − pre-record to ${(keptTo - windowTo) / 1000} s after stop + post-record`,
    );
    // Within one fragment (plus the few ms audio and video fragments overlap) of the window.
    expect(keptFrom).toBeGreaterThanOrEqual(windowFrom - 1100);
    expect(keptFrom).toBeLessThanOrEqual(windowFrom + 100);
    expect(keptTo).toBeGreaterThanOrEqual(windowTo - 100);
    expect(keptTo).toBeLessThanOrEqual(windowTo + 1100);
    for (const s of evidence) {
      const p = probe(s.path);
      expect(p.codecs.sort()).toEqual(['aac', 'h264']);
    }
    // Every kept file, cut or not, verifies; every discard is in the chain with its reason.
    const r = await verifyFolder(dir, {});
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const discards = r.problems.filter((p) => p.code === 'DISCARDED');
    expect(discards.length).toBeGreaterThan(0);
    const chains = readdirSync(join(dir, 'evidence')).filter((f) => f.endsWith('.chain.jsonl'));
    const cut = (await Promise.all(chains.map((c) => readChainFile(join(dir, 'evidence', c))))).flatMap((c) =>
      c!.entries.filter((e) => e.kind === 'discard'),
    );
    expect(cut.length).toBeGreaterThan(0);
    await chain.writer.close();
  });
});

describe('a chain that falls behind', () => {
  it('a segment written while the chain was busy keeps its own time: nothing recorded is cut by the wrong clock', async () => {
    // A disk stall (load-machine.sh's fsync writer did it): sealing one segment takes longer
    // than the next one lasts, so the next is closed before anyone began to chain it. It used
    // to be stamped with the time the chain got round to it, seconds late; the recording then
    // seemed to end inside it and the rest of it, recorded footage, was cut as standby.
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-cap-'));
    const evidence: EvidenceSegment[] = [];
    const chain = await chainFor(dir);
    let stall = false;
    let stalled = 0;
    const writer = chain.writer;
    const slow: typeof writer = {
      ...writer,
      sealSegment: async (path, meta) => {
        if (stall) {
          stall = false;
          stalled += 1;
          await sleep(profile.recording.segmentSeconds * 1000 + 3000);
        }
        return writer.sealSegment(path, meta);
      },
    };
    const cap = makeCapture(dir, evidence, { ...chain, writer: slow });
    pipelines.push(cap);
    cap.start();
    const firstEntryAt = await waitFor(() => (writer.head() ? Date.now() : null), 15_000, 'the first chain entry');
    await waitFor(
      () => Date.now() - firstEntryAt > profile.recording.preRecordSeconds * 1000 + 2000,
      30_000,
      'a full pre-record buffer',
    );
    const pressedAt = Date.now();
    cap.beginRecording('rec-stall', pressedAt);
    stall = true;
    await sleep(16_000);
    const stoppedAt = Date.now();
    cap.endRecording(stoppedAt);
    await sleep(3000);
    await cap.stop();
    await cap.settled();
    expect(stalled).toBe(1);

    evidence.sort((a, b) => a.index - b.index);
    const spans = evidence.map((e) => `${e.name} ${e.startedAt.toISOString()}–${e.endedAt.toISOString()}`);
    // One run of one encoder: each kept segment starts where the one before it ended.
    for (let i = 1; i < evidence.length; i++) {
      expect(evidence[i]!.index, spans.join('\n')).toBe(evidence[i - 1]!.index + 1);
      const gap = evidence[i]!.startedAt.getTime() - evidence[i - 1]!.endedAt.getTime();
      expect(Math.abs(gap), spans.join('\n')).toBeLessThan(50);
    }
    // The whole recording is kept, to fragment precision.
    expect(evidence[0]!.startedAt.getTime()).toBeLessThanOrEqual(
      pressedAt - profile.recording.preRecordSeconds * 1000 + 100,
    );
    expect(Math.max(...evidence.map((e) => e.endedAt.getTime()))).toBeGreaterThanOrEqual(stoppedAt - 100);
    const r = await verifyFolder(dir, {});
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    await writer.close();
  });
});

describe('continuous capture', () => {
  it('keeps the pre-record window before the press and drops older standby footage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-cap-'));
    const evidence: EvidenceSegment[] = [];
    const cap = makeCapture(dir, evidence);
    pipelines.push(cap);
    cap.start();
    // Standby long enough that the first segments fall out of the 6 s window.
    await sleep(16_000);
    const pressedAt = Date.now();
    cap.beginRecording('rec-1', pressedAt);
    await sleep(7000);
    const stoppedAt = Date.now();
    cap.endRecording(stoppedAt);
    await waitFor(() => evidence.some((s) => s.endedAt.getTime() >= stoppedAt), 15_000, 'the segment holding the stop');
    await cap.stop();

    evidence.sort((a, b) => a.index - b.index);
    const first = evidence[0]!;
    const last = evidence.at(-1)!;
    const preRecordSeconds = (pressedAt - first.startedAt.getTime()) / 1000;
    expect(preRecordSeconds).toBeGreaterThanOrEqual(profile.recording.preRecordSeconds - 1);
    expect(last.endedAt.getTime()).toBeGreaterThanOrEqual(stoppedAt);
    // Consecutive segments from one encoder: no gap on the media timeline.
    for (let i = 1; i < evidence.length; i++) {
      expect(evidence[i]!.index).toBe(evidence[i - 1]!.index + 1);
      expect(Math.abs(evidence[i]!.startedAt.getTime() - evidence[i - 1]!.endedAt.getTime())).toBeLessThan(5);
    }
    for (const s of evidence) {
      expect(existsSync(s.path)).toBe(true);
      const p = probe(s.path);
      expect(p.codecs.sort()).toEqual(['aac', 'h264']);
      expect(Math.abs(p.duration - s.durationSeconds)).toBeLessThan(0.6);
    }
    // Standby segments before the window were deleted; evidence is all in evidence/.
    const bufferLeft = readdirSync(join(dir, 'buffer')).filter((f) => f.endsWith('.mp4'));
    expect(evidence[0]!.index).toBeGreaterThan(0);
    expect(bufferLeft.every((f) => !evidence.some((e) => e.name === f))).toBe(true);
  });
  it('survives kill -9 of the encoder mid-recording: torn fragment cut, file valid, at most about a second lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-cap-'));
    const evidence: EvidenceSegment[] = [];
    const cap = makeCapture(dir, evidence);
    pipelines.push(cap);
    cap.start();
    await sleep(3000);
    cap.beginRecording('rec-k', Date.now());
    // Kill 2.5 s into a segment of the recording: that segment is torn mid-fragment.
    const closed = evidence.length;
    await waitFor(() => evidence.length > closed, 10_000, 'a recording segment closed');
    await sleep(2500);
    console.log(
      'KILL',
      Date.now() % 100000,
      evidence.map((e) => e.name),
    );
    const killedAt = Date.now();
    process.kill(cap.encoderPid!, 'SIGKILL');
    await waitFor(() => cap.lastRecovery, 10_000, 'torn segment repaired');
    await sleep(6000);
    const stoppedAt = Date.now();
    cap.endRecording(stoppedAt);
    await waitFor(() => evidence.some((s) => s.endedAt.getTime() >= stoppedAt), 15_000, 'the segment holding the stop');
    await cap.stop();

    const torn = evidence.find((s) => s.name === cap.lastRecovery!.name)!;
    expect(torn).toBeDefined();
    const p = probe(torn.path);
    expect(p.codecs.sort()).toEqual(['aac', 'h264']);
    expect(p.duration).toBeGreaterThan(1);
    const next = evidence.find((s) => s.index === torn.index + 1)!;
    // Footage lost = the torn fragment (what the recorder cut) plus the encoder restart (how long
    // ffmpeg takes to produce its first frame again, which a busy CPU stretches). They are bounded
    // separately: the cut by the fragment length, the restart only by "restarted at once, no backoff".
    const lossMs = next.startedAt.getTime() - torn.endedAt.getTime();
    const cutMs = killedAt - torn.endedAt.getTime();
    const restartMs = next.startedAt.getTime() - killedAt;
    console.log(
      `kill -9 loss: ${lossMs} ms = torn ${cutMs} ms (${cap.lastRecovery!.cutBytes} bytes cut) + restart ${restartMs} ms`,
    );
    expect(lossMs).toBeGreaterThanOrEqual(0);
    // ~1 s fragments: the cut is at most the torn fragment plus the muxer's flush lag.
    expect(cutMs).toBeLessThan(2500);
    expect(restartMs).toBeLessThan(10_000);
  });
});
