/**
 * Real ffmpeg and the real OpenCV detector on clips made here: a photo of a face (Grace Hopper, from
 * Debian's `facedetect` package, which also brings python3-opencv and opencv-data: npm test installs
 * it) sliding across testsrc2 with a steady tone, and plain testsrc2.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from './hash.js';
import {
  detectFaces,
  manifestPathFor,
  renderRedacted,
  type RedactionManifest,
  type RedactionPlan,
  type RedactionRegion,
} from './index.js';

const FACE_PHOTO = '/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg';
const FFMPEG = resolveFfmpeg();
const W = 640;
const H = 360;
const FPS = 25;
/** The photo is shown 200 px wide, sliding right 60 px a second from x = 40, y = 80. */
const PHOTO_PX = 200;
/** Her face in the 512 px photo, measured by hand (ear to ear, brow to chin). */
const FACE_IN_PHOTO = { x: 160, y: 105, w: 210, h: 210 };

/** Where the face is at time t (seconds), in clip pixels. */
function faceAt(t: number) {
  const k = PHOTO_PX / 512;
  return {
    x: 40 + 60 * t + FACE_IN_PHOTO.x * k,
    y: 80 + FACE_IN_PHOTO.y * k,
    w: FACE_IN_PHOTO.w * k,
    h: FACE_IN_PHOTO.h * k,
  };
}

type Rect = { x: number; y: number; w: number; h: number };
function overlapShare(a: Rect, b: Rect): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  return ix <= 0 || iy <= 0 ? 0 : (ix * iy) / (b.w * b.h);
}

function run(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg: ${err}`))));
  });
}

/** Frame number n of a file as 8-bit grey pixels. */
const greyFrame = (file: string, n: number) =>
  run([
    '-i',
    file,
    '-vf',
    `select=eq(n\\,${n})`,
    '-vsync',
    'passthrough',
    '-frames:v',
    '1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'gray',
    '-',
  ]);

/** Mean absolute difference of two grey frames inside a box, and outside a set of boxes. */
function meanDiff(a: Buffer, b: Buffer, inside: (x: number, y: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++)
      if (inside(x, y)) {
        sum += Math.abs(a[y * W + x]! - b[y * W + x]!);
        n++;
      }
  return n === 0 ? NaN : sum / n;
}
const within = (r: Rect) => (x: number, y: number) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;

/** RMS (0..1) of the first audio stream between two times (seconds). */
async function rms(file: string, from: number, to: number): Promise<number> {
  const pcm = await run([
    '-i',
    file,
    '-ss',
    String(from),
    '-t',
    String(to - from),
    '-vn',
    '-ac',
    '1',
    '-f',
    's16le',
    '-',
  ]);
  let sum = 0;
  const n = pcm.length / 2;
  for (let i = 0; i < n; i++) sum += (pcm.readInt16LE(i * 2) / 32768) ** 2;
  return Math.sqrt(sum / n);
}

let dir: string;
let faceClip: string;
let plainClip: string;
let detected: RedactionRegion[];

beforeAll(async () => {
  if (!existsSync(FACE_PHOTO))
    throw new Error(`${FACE_PHOTO} is missing: apt-get install facedetect (brings python3-opencv, opencv-data too)`);
  dir = mkdtempSync(join(tmpdir(), 'liuhen-video-redaction-'));
  faceClip = join(dir, 'face.mp4');
  plainClip = join(dir, 'plain.mp4');
  const codec = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', '5'];
  await run([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=${FPS}:d=5`, '-loop', '1', '-i', FACE_PHOTO],
    ...['-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=5'],
    ...['-filter_complex', `[1:v]scale=${PHOTO_PX}:${PHOTO_PX}[f];[0:v][f]overlay=x='40+t*60':y=80:shortest=1[v]`],
    ...['-map', '[v]', '-map', '2:a', ...codec, faceClip],
  ]);
  await run([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=${FPS}:d=5`, '-f', 'lavfi', '-i', 'sine=f=440:r=48000:d=5'],
    ...codec,
    plainClip,
  ]);
  detected = await detectFaces(faceClip);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('detectFaces', () => {
  it('finds the face where it is, all through the clip, and nothing else', () => {
    expect(detected.length).toBeGreaterThan(0);
    for (const r of detected) {
      expect(r.source).toBe('auto');
      // Every region is on the face's path at some moment of its span (no false positives on testsrc2).
      const mid = (r.startMs + r.endMs) / 2000;
      expect(overlapShare(r, faceAt(mid)), JSON.stringify(r)).toBeGreaterThan(0.5);
    }
    // At every moment the face is covered almost whole by the regions active then.
    for (let t = 0.1; t < 4.95; t += 0.2) {
      const active = detected.filter((r) => r.startMs <= t * 1000 && r.endMs >= t * 1000);
      const best = Math.max(0, ...active.map((r) => overlapShare(r, faceAt(t))));
      expect(best, `t=${t.toFixed(1)}`).toBeGreaterThan(0.9);
    }
    // A handful of regions per face, not one per sample.
    expect(detected.length).toBeLessThan(15);
  });

  it('finds no face on plain testsrc2', async () => {
    expect(await detectFaces(plainClip)).toEqual([]);
  }, 120_000);

  it('finds a head tilted 30 degrees on the turned passes only', async () => {
    const tilted = join(dir, 'tilted.mp4');
    await run([
      ...['-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=${FPS}:d=1`, '-loop', '1', '-i', FACE_PHOTO],
      ...[
        '-filter_complex',
        `[1:v]scale=220:220,rotate=-30*PI/180:fillcolor=gray[f];[0:v][f]overlay=x=300:y=70:shortest=1`,
      ],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-t', '1', tilted],
    ]);
    // The face's centre: the photo's (265, 210) turned about the photo's centre, placed at (300, 70).
    const k = 220 / 512;
    const [dx, dy] = [(265 - 256) * k, (210 - 256) * k];
    const a = (-30 * Math.PI) / 180;
    const centre = {
      x: 300 + 110 + dx * Math.cos(a) - dy * Math.sin(a),
      y: 70 + 110 + dx * Math.sin(a) + dy * Math.cos(a),
    };
    const regions = await detectFaces(tilted);
    expect(regions.length).toBeGreaterThan(0);
    for (const r of regions) expect(within(r)(centre.x, centre.y), JSON.stringify(r)).toBe(true);
    expect(await detectFaces(tilted, { tiltDegrees: 0 })).toEqual([]);
  }, 120_000);

  it('says what to install when the detector cannot run', async () => {
    const fake = join(dir, 'python-without-cv2');
    // What face_detector.py does when `import cv2` fails.
    writeFileSync(fake, '#!/bin/sh\necho "no-cv2: No module named cv2" >&2\nexit 3\n', { mode: 0o755 });
    const before = process.env.LIUHEN_PYTHON;
    process.env.LIUHEN_PYTHON = fake;
    try {
      await expect(detectFaces(faceClip)).rejects.toThrow(/apt-get install python3-opencv opencv-data/);
    } finally {
      if (before === undefined) delete process.env.LIUHEN_PYTHON;
      else process.env.LIUHEN_PYTHON = before;
    }
  }, 60_000);

  it('stops when aborted', async () => {
    const ac = new AbortController();
    const pending = detectFaces(faceClip, { sampleFps: 25, signal: ac.signal });
    setTimeout(() => ac.abort(new Error('stopped by the test')), 300);
    await expect(pending).rejects.toThrow('stopped by the test');
  }, 60_000);
});

describe('renderRedacted', () => {
  const manual: RedactionRegion = {
    id: 'm1',
    source: 'manual',
    startMs: 1000,
    endMs: 3000,
    x: 500,
    y: 250,
    w: 120,
    h: 90,
  };
  let out: string;
  let sourceBefore: { sha256: string; bytes: number };
  let result: Awaited<ReturnType<typeof renderRedacted>>;

  beforeAll(async () => {
    sourceBefore = await sha256File(faceClip);
    out = join(dir, 'released.mp4');
    const plan: RedactionPlan = {
      regions: [...detected, manual],
      rejected: [],
      mutedSpans: [{ startMs: 1000, endMs: 2000 }],
    };
    result = await renderRedacted(faceClip, out, plan);
  }, 180_000);

  it('blurs the face and the manual region strongly, and leaves the rest of the picture alone', async () => {
    for (const n of [12, 50, 100]) {
      const t = n / FPS;
      const [src, red] = await Promise.all([greyFrame(faceClip, n), greyFrame(out, n)]);
      const face = faceAt(t);
      const covered = [...detected, manual].filter((r) => r.startMs <= t * 1000 && r.endMs >= t * 1000);
      const inFace = meanDiff(src, red, within(face));
      const elsewhere = meanDiff(src, red, (x, y) => !covered.some((r) => within(r)(x, y)));
      expect(inFace, `face at frame ${n}`).toBeGreaterThan(25);
      expect(elsewhere, `outside the regions at frame ${n}`).toBeLessThan(4);
    }
    // The manual region over its span (frame 50, 2 s), and not before it (frame 12, 0.48 s).
    const [src50, red50, src12, red12] = await Promise.all([
      greyFrame(faceClip, 50),
      greyFrame(out, 50),
      greyFrame(faceClip, 12),
      greyFrame(out, 12),
    ]);
    expect(meanDiff(src50, red50, within(manual))).toBeGreaterThan(25);
    expect(meanDiff(src12, red12, within(manual))).toBeLessThan(4);
  }, 120_000);

  it('mutes the sound over the muted span only', async () => {
    expect(await rms(faceClip, 1.1, 1.9)).toBeGreaterThan(0.05);
    expect(await rms(out, 1.1, 1.9)).toBeLessThan(0.001);
    expect(await rms(out, 2.5, 4.5)).toBeGreaterThan(0.05);
    expect(await rms(out, 0.2, 0.9)).toBeGreaterThan(0.05);
  }, 60_000);

  it('writes H.264/AAC MP4 with the index first, and a manifest whose hashes match both files', async () => {
    const probe = await new Promise<string>((resolve) => {
      const p = spawn(FFMPEG, ['-hide_banner', '-i', out], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', () => resolve(err));
    });
    expect(probe).toMatch(/Video: h264/);
    expect(probe).toMatch(/Audio: aac/);
    const bytes = readFileSync(out);
    // faststart: moov before mdat.
    expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));

    const onDisk = JSON.parse(readFileSync(manifestPathFor(out), 'utf8')) as RedactionManifest;
    expect(onDisk).toEqual(result.manifest);
    expect(onDisk.source).toEqual(sourceBefore);
    expect(onDisk.output).toEqual(await sha256File(out));
    expect(result.sha256).toBe(onDisk.output.sha256);
    expect(result.bytes).toBe(bytes.length);
    expect(result.sourceSha256).toBe(sourceBefore.sha256);
    expect(onDisk.plan.regions).toContainEqual(manual);
    expect(onDisk.tool).toMatch(/ffmpeg/);
    // The original is untouched.
    expect(await sha256File(faceClip)).toEqual(sourceBefore);
    // Nothing left over beside the copy.
    expect(readdirSync(dir).filter((f) => f.startsWith('.redaction-'))).toEqual([]);
  }, 60_000);

  it('never overwrites: not the original, not an existing file', async () => {
    const plan: RedactionPlan = { regions: [], rejected: [], mutedSpans: [] };
    const copyBefore = await sha256File(out);
    await expect(renderRedacted(faceClip, out, plan)).rejects.toThrow(/already exists/);
    await expect(renderRedacted(faceClip, faceClip, plan)).rejects.toThrow(/cannot replace the original/);
    const other = join(dir, 'other.mp4');
    writeFileSync(manifestPathFor(other), '{}');
    await expect(renderRedacted(faceClip, other, plan)).rejects.toThrow(/redaction\.json already exists/);
    expect(existsSync(other)).toBe(false);
    expect(await sha256File(out)).toEqual(copyBefore);
    expect(await sha256File(faceClip)).toEqual(sourceBefore);
  });

  it('leaves a rejected auto region unblurred', async () => {
    // Reject every auto region that covers 2 s: the face shows there; the manual region stays blurred.
    const rejected = detected.filter((r) => r.startMs <= 2000 && r.endMs >= 2000).map((r) => r.id);
    expect(rejected.length).toBeGreaterThan(0);
    const released = join(dir, 'rejected.mp4');
    await renderRedacted(faceClip, released, { regions: [...detected, manual], rejected, mutedSpans: [] });
    const [src, red] = await Promise.all([greyFrame(faceClip, 50), greyFrame(released, 50)]);
    expect(meanDiff(src, red, within(faceAt(2)))).toBeLessThan(4);
    expect(meanDiff(src, red, within(manual))).toBeGreaterThan(25);
    // Sound untouched without muted spans.
    expect(await rms(released, 1.1, 1.9)).toBeGreaterThan(0.05);
  }, 120_000);

  it('refuses a plan with mistakes, saying each one', async () => {
    const plan: RedactionPlan = {
      regions: [
        { ...manual, id: 'bad', w: -5 },
        { ...manual, id: 'late', startMs: 3000, endMs: 1000 },
        { ...manual, id: 'off', x: 5000 },
      ],
      rejected: ['nope', 'late'],
      mutedSpans: [{ startMs: 2000, endMs: 2000 }],
    };
    const err = await renderRedacted(faceClip, join(dir, 'never.mp4'), plan).catch((e: Error) => e.message);
    expect(err).toMatch(/w > 0/);
    expect(err).toMatch(/0 <= startMs < endMs/);
    expect(err).toMatch(/outside the 640x360 picture/);
    expect(err).toMatch(/rejected "nope": no region has that id/);
    expect(err).toMatch(/rejected "late": is a manual region/);
    expect(err).toMatch(/muted span 0/);
    expect(existsSync(join(dir, 'never.mp4'))).toBe(false);
  });

  it('stops when aborted and leaves no file behind', async () => {
    const ac = new AbortController();
    const released = join(dir, 'aborted.mp4');
    const pending = renderRedacted(
      faceClip,
      released,
      { regions: detected, rejected: [], mutedSpans: [] },
      {
        signal: ac.signal,
      },
    );
    setTimeout(() => ac.abort(new Error('stopped by the test')), 300);
    await expect(pending).rejects.toThrow('stopped by the test');
    expect(existsSync(released)).toBe(false);
    expect(existsSync(manifestPathFor(released))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.redaction-'))).toEqual([]);
  }, 60_000);
});
