/**
 * What recovery counts as playable footage. A station recorder killed just after it opened a segment
 * can leave video fragments whose sound had not arrived yet: that is footage (ffmpeg plays it) and
 * must be indexed, not set aside as unreadable.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSegment } from './recover.js';

const FFMPEG = resolveFfmpeg();
const dir = mkdtempSync(join(tmpdir(), 'liuhen-check-segment-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Top-level MP4 boxes as [type, bytes]. */
function topBoxes(buf: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  for (let o = 0; o + 8 <= buf.length;) {
    const size = buf.readUInt32BE(o);
    out.push([buf.toString('latin1', o + 4, o + 8), buf.subarray(o, o + size)]);
    o += size;
  }
  return out;
}

/** ffmpeg's own verdict: exit status and whether it read any video. */
function ffmpegPlays(file: string): boolean {
  const r = spawnSync(FFMPEG, ['-v', 'error', '-i', file, '-map', '0:v', '-f', 'null', '-'], { encoding: 'utf8' });
  return r.status === 0 && r.stderr.trim() === '';
}

let full: Buffer;
beforeAll(() => {
  // 3 s of video in 1 s fragments; sound only during the first 0.5 s, so only the first fragment has any.
  const file = join(dir, 'source.mp4');
  const r = spawnSync(
    FFMPEG,
    [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=0.5'],
      ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', '-t', '3', '-movflags', '+frag_keyframe+empty_moov+default_base_moof'],
      ...['-frag_duration', '1000000', file],
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg could not make the test segment: ${r.stderr}`);
  full = readFileSync(file);
});

describe('checkSegment', () => {
  it('a segment whose sound has no samples (video only) is playable footage', async () => {
    const boxes = topBoxes(full);
    const firstMoof = boxes.findIndex(([t]) => t === 'moof');
    // Drop the first fragment (moof + mdat): what is left has video samples and no sound samples.
    const rest = Buffer.concat([...boxes.slice(0, firstMoof), ...boxes.slice(firstMoof + 2)].map(([, b]) => b));
    const file = join(dir, 'video-only.mp4');
    writeFileSync(file, rest);
    expect(ffmpegPlays(file)).toBe(true);
    const check = await checkSegment(file);
    expect(check.unreadable).toBeNull();
    expect(check.durationSeconds).toBeGreaterThan(1);
  });

  it('a segment with a header and no fragment, or no samples at all, is not', async () => {
    const boxes = topBoxes(full);
    const header = Buffer.concat(boxes.filter(([t]) => t !== 'moof' && t !== 'mdat').map(([, b]) => b));
    const file = join(dir, 'header-only.mp4');
    writeFileSync(file, header);
    expect((await checkSegment(file)).unreadable).toMatch(/no complete fragment/);
  });
});
