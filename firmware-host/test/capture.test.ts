/** Continuous capture with a real ffmpeg encoder: pre-record buffer, local evidence segments, crash recovery. */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getProfile, resolveFfmpeg, type HardwareProfile } from '@liuhen/device-profiles';
import { CapturePipeline, type EvidenceSegment } from '../src/capture/capture.js';
import { resolveWatermarkFont, writeWatermarkFile } from '../src/watermark.js';
import { probe, waitFor } from '../../gateway/test/helpers.js';

const sim = getProfile('sim');
const profile: HardwareProfile = {
  ...sim,
  recording: { segmentSeconds: 5, fragmentSeconds: 1, preRecordSeconds: 6, postRecordSeconds: 0 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function makeCapture(dir: string, evidence: EvidenceSegment[]): CapturePipeline {
  const textFile = join(dir, 'watermark.txt');
  writeWatermarkFile(textFile, 'cap-001', '33010012');
  return new CapturePipeline({
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
    // Footage lost = the torn fragment plus the encoder restart.
    const lossMs = next.startedAt.getTime() - torn.endedAt.getTime();
    console.log(`kill -9 loss: ${lossMs} ms (torn fragment ${cap.lastRecovery!.cutBytes} bytes cut)`);
    expect(lossMs).toBeGreaterThanOrEqual(0);
    expect(lossMs).toBeLessThan(2500);
  });
});
