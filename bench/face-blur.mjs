// Face blur benchmark (enforcement publicity: redacted copies of footage). Needs `npx tsc -b` first.
//   node bench/face-blur.mjs [--runs 3] [--seconds 20]
// Makes a 1280x720, 30 fps H.264/AAC clip with a face on it (Debian's facedetect photo sliding across
// testsrc2, a tone under it), then times, --runs times, what publishing it costs:
//   faceBlurFramesPerSecond   source frames / (detectFaces + renderRedacted wall time), median of runs
//   faceBlurRealtimeRatio     that / the clip's 30 fps: > 1 is faster than the footage plays
//   plainEncodeFramesPerSecond the peer: the same clip re-encoded with the same encoder settings and no
//                             filters (ffmpeg alone), median of runs
// Also each stage apart (detection, rendering; detection again without the turned passes,
// tiltDegrees 0), and how well the regions covered the face: at every 10th frame the share of the
// face (known: where the clip put it) inside the regions active then.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  here,
  installCleanup,
  log,
  machineInfo,
  median,
  removeDir,
  requireBuilt,
  round,
  runMain,
  tempDir,
  track,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, seconds: { type: 'string', default: '20' } },
});
const RUNS = Number(args.runs);
const SECONDS = Number(args.seconds);
const W = 1280;
const H = 720;
const FPS = 30;
const FACE_PHOTO = '/usr/share/doc/facedetect/examples/grace_hopper_512x512.jpg';
/** The photo shown 360 px wide from x = 60, sliding 30 px a second; her face in the 512 px photo, by hand. */
const PHOTO_PX = 360;
const FACE_IN_PHOTO = { x: 160, y: 105, w: 210, h: 210 };
const faceAt = (t) => {
  const k = PHOTO_PX / 512;
  return {
    x: 60 + 30 * t + FACE_IN_PHOTO.x * k,
    y: 150 + FACE_IN_PHOTO.y * k,
    w: FACE_IN_PHOTO.w * k,
    h: FACE_IN_PHOTO.h * k,
  };
};
// Same settings as render.ts uses for the released copy.
// prettier-ignore
const ENCODE = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k'];

requireBuilt(['gateway', 'device-profiles']);
const { detectFaces, renderRedacted, DEFAULT_SAMPLE_FPS, DEFAULT_DETECT_WIDTH, DEFAULT_TILT_DEGREES } =
  await import('../gateway/dist/publicity/video-redaction/index.js');
const { resolveFfmpeg } = await import('../device-profiles/dist/node.js');
const FFMPEG = resolveFfmpeg();

function ffmpeg(argv) {
  return new Promise((resolve, reject) => {
    const p = track(
      spawn(FFMPEG, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...argv], {
        stdio: ['ignore', 'ignore', 'pipe'],
      }),
    );
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg: ${err.trim()}`))));
  });
}

const timed = async (fn) => {
  const t0 = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - t0) / 1000 };
};

function coverage(regions) {
  const shares = [];
  for (let n = 0; n < SECONDS * FPS; n += 10) {
    const t = n / FPS;
    const f = faceAt(t);
    let best = 0;
    for (const r of regions) {
      if (r.startMs > t * 1000 || r.endMs < t * 1000) continue;
      const ix = Math.min(r.x + r.w, f.x + f.w) - Math.max(r.x, f.x);
      const iy = Math.min(r.y + r.h, f.y + f.h) - Math.max(r.y, f.y);
      if (ix > 0 && iy > 0) best = Math.max(best, (ix * iy) / (f.w * f.h));
    }
    shares.push(best);
  }
  return shares;
}

installCleanup();
await runMain(async () => {
  if (!existsSync(FACE_PHOTO)) throw new Error(`${FACE_PHOTO} is missing: apt-get install facedetect`);
  const dir = tempDir('liuhen-face-blur-');
  const clip = join(dir, 'clip.mp4');
  log(`making a ${SECONDS} s ${W}x${H} ${FPS} fps clip with a face`);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=${W}x${H}:r=${FPS}:d=${SECONDS}`, '-loop', '1', '-i', FACE_PHOTO],
    ...['-f', 'lavfi', '-i', `sine=f=440:r=48000:d=${SECONDS}`],
    ...['-filter_complex', `[1:v]scale=${PHOTO_PX}:${PHOTO_PX}[f];[0:v][f]overlay=x='60+t*30':y=150:shortest=1[v]`],
    ...['-map', '[v]', '-map', '2:a', ...ENCODE, '-g', String(FPS * 2), '-t', String(SECONDS), clip],
  ]);
  const frames = SECONDS * FPS;

  // One untimed pass: disk cache, Python's imports, ffmpeg's first start.
  await detectFaces(clip, {});

  const loadBefore = loadavg()[0];
  const runs = [];
  let regions;
  for (let r = 0; r < RUNS; r++) {
    const plain = await timed(() =>
      ffmpeg(['-i', clip, ...ENCODE, '-movflags', '+faststart', join(dir, `plain-${r}.mp4`)]),
    );
    const detect = await timed(() => detectFaces(clip));
    // The cheaper setting: no turned passes (misses heads tilted 20 degrees or more).
    const detectNoTilt = await timed(() => detectFaces(clip, { tiltDegrees: 0 }));
    regions ??= detect.value;
    const plan = { regions: detect.value, rejected: [], mutedSpans: [{ startMs: 5000, endMs: 7000 }] };
    const render = await timed(() => renderRedacted(clip, join(dir, `redacted-${r}.mp4`), plan));
    const run = {
      detectSeconds: round(detect.seconds, 2),
      renderSeconds: round(render.seconds, 2),
      plainEncodeSeconds: round(plain.seconds, 2),
      faceBlurFramesPerSecond: round(frames / (detect.seconds + render.seconds), 1),
      detectFramesPerSecond: round(frames / detect.seconds, 1),
      detectNoTiltFramesPerSecond: round(frames / detectNoTilt.seconds, 1),
      renderFramesPerSecond: round(frames / render.seconds, 1),
      plainEncodeFramesPerSecond: round(frames / plain.seconds, 1),
      regions: detect.value.length,
    };
    runs.push(run);
    log(`run ${r + 1}/${RUNS}: ${JSON.stringify(run)}`);
  }
  const loadAfter = loadavg()[0];
  const med = (k) => median(runs.map((r) => r[k]));
  const shares = coverage(regions);
  const faceBlurFramesPerSecond = med('faceBlurFramesPerSecond');
  const { ffmpeg: ffmpegVersion, ...machine } = machineInfo(FFMPEG);
  const out = {
    faceBlurFramesPerSecond,
    faceBlurRealtimeRatio: round(faceBlurFramesPerSecond / FPS, 2),
    plainEncodeFramesPerSecond: med('plainEncodeFramesPerSecond'),
    plainEncodeRealtimeRatio: round(med('plainEncodeFramesPerSecond') / FPS, 2),
    detectFramesPerSecond: med('detectFramesPerSecond'),
    detectNoTiltFramesPerSecond: med('detectNoTiltFramesPerSecond'),
    renderFramesPerSecond: med('renderFramesPerSecond'),
    faceCoveredAtFrames: shares.length,
    faceCoveredShareMin: round(Math.min(...shares), 3),
    faceCoveredShareMedian: round(median(shares), 3),
    framesWithFaceUnder90PercentCovered: shares.filter((s) => s < 0.9).length,
    regions,
    runs,
    clip: { width: W, height: H, fps: FPS, seconds: SECONDS, frames, faceSidePx: round(faceAt(0).w, 0) },
    settings: {
      sampleFps: DEFAULT_SAMPLE_FPS,
      detectWidth: DEFAULT_DETECT_WIDTH,
      tiltDegrees: DEFAULT_TILT_DEGREES,
      detector: 'OpenCV 4.6 Haar: frontalface_alt2 upright and turned +/- tilt, profileface both ways',
    },
    // Other work on the machine slows every figure: the 1-minute load average around the timed runs.
    machineLoadAverage: { beforeTimedRuns: round(loadBefore, 1), afterTimedRuns: round(loadAfter, 1) },
    machine: { ...machine, ffmpeg: ffmpegVersion },
    date: new Date().toISOString(),
  };
  removeDir(dir);
  // Only the clip goes to the results file; other lengths and run counts are trials.
  if (RUNS === 3 && SECONDS === 20) {
    const file = join(here, 'results', 'face-blur.json');
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    log(`wrote ${file}`);
  }
  console.log(JSON.stringify({ ...out, regions: `${regions.length} regions` }, null, 2));
});
