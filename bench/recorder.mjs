// Recorder benchmark: pre-record window, segment boundaries, kill -9 of the
// encoder, the agent's own CPU and memory while recording, and offload
// throughput to the station.
//
//   npx tsc -b && node bench/recorder.mjs            (about 8.5 minutes; writes bench/results/recorder.json)
//   node bench/recorder.mjs --quick                  (agent window 60 s instead of 300 s; about 4.5 minutes)
//   node bench/recorder.mjs --only=capture,agent,offload   (some phases; results go to a temp file instead)
//
// See bench/README.md ("Recorder") for what each figure means and how it is measured.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statfsSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import mqtt from 'mqtt';
import { PROTOCOL_VERSION, getProfile, topics } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { createChainWriter, loadOrCreateDeviceKeys } from '@liuhen/evidence';
import { CapturePipeline } from '@liuhen/firmware-host';
// Not exported from the package index: taken from the built files directly.
import { createOffloader } from '../firmware-host/dist/offload.js';
import { resolveWatermarkFont, writeWatermarkFile } from '../firmware-host/dist/watermark.js';
import { createUploadStore } from '../gateway/dist/footage/uploads.js';
import {
  CLK_TCK,
  agentLogLines,
  childrenOf,
  deviceInState,
  getJson,
  here,
  installCleanup,
  keepTempDir,
  log,
  machineInfo,
  machineTicks,
  median as medianOf,
  memKb,
  now,
  procStat,
  removeDir,
  requireBuilt,
  round as roundOrNull,
  runMain,
  sleep,
  startGatewayProc,
  startNodeChild,
  stopChild,
  stopGatewayProc,
  tempDir,
  track,
  waitFor as waitUntil,
  apiFetch,
  warningTally,
} from './lib.mjs';

const AGENT_PROC = join(here, 'recorder-agent-proc.mjs');
const RESULTS = join(here, 'results', 'recorder.json');

const QUICK = process.argv.includes('--quick');
const OFFICER = '33010012';

// 1. pre-record (sim defaults: 60 s segments, 1 s fragments, 30 s pre-record)
const PRE_RUNS = 3;
const PRE_STANDBY_S = 35;
const PRE_RECORD_S = 10;
// 2. segment boundaries (short segments so there are many)
const GAP_RUNS = 3;
const GAP_RECORD_S = 40;
const SHORT = { segmentSeconds: 5, fragmentSeconds: 1, preRecordSeconds: 6, postRecordSeconds: 0 };
// 3. kill -9
const KILLS = 5;
const KILL_INTO_SEGMENT_MS = 2500;
// 4. agent alone
const AGENT_WINDOW_S = Number(process.env.BENCH_AGENT_WINDOW_S ?? (QUICK ? 60 : 300));
const AGENT_SAMPLE_S = 5;
// 5. offload
const OFF_FILES = 4;
const OFF_FILE_BYTES = 256 * 1024 * 1024; // 256 MiB each, 1 GiB in all
const OFF_RUNS = 3;
const PEER_RUNS = 3;
const CHUNK = 16 * 1024 * 1024; // the offloader's default chunk
const GOAL_OFFLOAD_MBPS = 300;

const FFMPEG = resolveFfmpeg();
const FFPROBE = (() => {
  if (spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0) return 'ffprobe';
  const sibling = join(dirname(FFMPEG), 'ffprobe');
  return existsSync(sibling) ? sibling : 'ffprobe';
})();

// ---------------------------------------------------------------- cleanup

installCleanup();
const closers = new Set(); // async cleanups of in-process things (capture pipelines, servers, workers)

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

async function runClosers() {
  for (const c of [...closers]) {
    closers.delete(c);
    await c().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- statistics

/** As lib's round, but ±Infinity (a max or min over nothing, a rate over no time) is null too. */
const round = (x, d = 1) => (Number.isFinite(x) ? roundOrNull(x, d) : null);
/** The figures that were measured: a run that could not measure one leaves null. */
const present = (xs) => xs.filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
const median = (xs) => medianOf(present(xs));
const max = (xs) => {
  const v = present(xs);
  return v.length ? Math.max(...v) : null;
};
const min = (xs) => {
  const v = present(xs);
  return v.length ? Math.min(...v) : null;
};
const waitFor = (fn, timeoutMs, what) => waitUntil(fn, timeoutMs, what, 50);

// ---------------------------------------------------------------- media helpers

/** Video or audio packets of a file, in presentation order: [{pts, dur}] in seconds. */
function packets(file, stream) {
  const r = spawnSync(
    FFPROBE,
    [
      '-v',
      'error',
      '-select_streams',
      `${stream}:0`,
      '-show_entries',
      'packet=pts_time,duration_time',
      '-of',
      'csv=p=0',
      file,
    ],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`ffprobe failed on ${file}: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [pts, dur] = l.split(',').map(Number);
      return { pts, dur };
    })
    .sort((a, b) => a.pts - b.pts);
}

function codecs(file) {
  const r = spawnSync(FFPROBE, ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim().split('\n').filter(Boolean).sort() : [];
}

/** Decodes every frame (or the first `seconds`) as 8-bit gray after a crop/scale: one Buffer per frame. */
function grayFrames(input, { crop, scale, seconds, lavfi = false, frames } = {}) {
  const [w, h] = scale ?? crop.slice(0, 2);
  const vf = [`crop=${crop.join(':')}`, ...(scale ? [`scale=${scale[0]}:${scale[1]}`] : []), 'format=gray'].join(',');
  const args = ['-v', 'error', '-nostdin'];
  if (lavfi) args.push('-f', 'lavfi');
  args.push('-i', input);
  if (seconds) args.push('-t', String(seconds));
  if (frames) args.push('-frames:v', String(frames));
  // Passthrough: one output picture per decoded frame, none duplicated or dropped.
  args.push('-an', '-vsync', '0', '-vf', vf, '-f', 'rawvideo', 'pipe:1');
  const r = spawnSync(FFMPEG, args, { maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ffmpeg decode of ${input} failed: ${r.stderr}`);
  const size = w * h;
  const out = [];
  for (let o = 0; o + size <= r.stdout.length; o += size) out.push(r.stdout.subarray(o, o + size));
  return out;
}

function mse(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return s / a.length;
}

/**
 * The sim camera is ffmpeg's testsrc2, whose picture is a function of the frame
 * number. The right-hand part of a recorded frame (clear of the watermark) is
 * matched against freshly generated testsrc2 frames to find which source frame
 * it is: consecutive frames must be consecutive numbers. (The lower part alone
 * is not enough: its bouncing line turns round every 4 s, and frames either
 * side of a turn look alike; the rotating dots on the right do not.)
 */
const ID_X0 = (p) => Math.round(p.video.width * 0.53);
const ID_CROP = (p) => [p.video.width - ID_X0(p), p.video.height, ID_X0(p), 0];
const ID_SCALE_OF = (p) => [Math.round((p.video.width - ID_X0(p)) / 2), Math.round(p.video.height / 2)];
let refCache = null;
function testsrcRefs(profile, count) {
  if (refCache && refCache.length >= count) return refCache;
  const { width, height, fps } = profile.video;
  refCache = grayFrames(`testsrc2=size=${width}x${height}:rate=${fps}`, {
    lavfi: true,
    frames: count,
    crop: ID_CROP(profile),
    scale: ID_SCALE_OF(profile),
  });
  return refCache;
}

/** Source frame number of each decoded frame (null when not matched unambiguously). */
function identifyFrames(frames, expected, refs, window = 8) {
  return frames.map((f, j) => {
    const e = expected(j);
    const scores = [];
    for (let n = Math.max(0, e - window); n <= Math.min(refs.length - 1, e + window); n++)
      scores.push([n, mse(f, refs[n])]);
    scores.sort((a, b) => a[1] - b[1]);
    if (scores.length < 2) return null;
    const [best, second] = scores;
    return best[1] < 40 && second[1] > 5 * Math.max(best[1], 4) ? best[0] : null;
  });
}

/**
 * Wall-clock time of frame 0 of a file, read from the media: the watermark's
 * clock (%{localtime}, drawn when the frame is filtered) changes its last digit
 * exactly when a wall-clock second begins. A change between frames i-1 and i
 * puts second S between their capture times, so frame 0 was captured at
 * S - (i - 0.5) / fps (± half a frame). S is the whole second nearest to what
 * the segment list says (`estimateMs`, good to well under half a second).
 * Only the last digit is looked at, and only its white (text) pixels: the
 * test pattern moves under the half-transparent box, the text does not.
 */
function mediaStartMs(file, profile, estimateMs, seconds) {
  const fps = profile.video.fps;
  const size = Math.max(12, Math.round(profile.video.height / 20));
  const y = 8 + size + 10;
  const W = Math.min(profile.video.width - 4, size * 14);
  const H = size + 4;
  const args = ['-v', 'error', '-nostdin', '-i', file];
  if (seconds) args.push('-t', String(seconds));
  args.push('-an', '-vsync', '0', '-vf', `crop=${W}:${H}:4:${y - 2},format=rgb24`, '-f', 'rawvideo', 'pipe:1');
  const r = spawnSync(FFMPEG, args, { maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`ffmpeg decode of ${file} failed: ${r.stderr}`);
  const F = W * H * 3;
  const n = Math.floor(r.stdout.length / F);
  const masks = [];
  for (let i = 0; i < n; i++) {
    const m = new Uint8Array(W * H);
    for (let p = 0; p < W * H; p++) {
      const o = i * F + p * 3;
      m[p] = Math.min(r.stdout[o], r.stdout[o + 1], r.stdout[o + 2]) > 190 ? 1 : 0;
    }
    masks.push(m);
  }
  // The text's right end, then a box about one digit wide.
  let right = -1;
  for (let i = 0; i < Math.min(n, fps); i++) {
    for (let x = 0; x < W; x++) {
      let c = 0;
      for (let yy = 0; yy < H; yy++) c += masks[i][yy * W + x];
      if (c >= 2) right = Math.max(right, x);
    }
  }
  if (right < 0) return { t0: null, flips: 0, frames: n };
  const x0 = Math.max(0, right - Math.round(0.75 * size));
  const counts = [0];
  for (let i = 1; i < n; i++) {
    let c = 0;
    for (let yy = 0; yy < H; yy++)
      for (let x = x0; x <= right; x++) c += masks[i][yy * W + x] !== masks[i - 1][yy * W + x];
    counts.push(c);
  }
  const changes = [];
  for (let i = 1; i < n; i++)
    if (counts[i] >= 14 && !(counts[i - 1] >= counts[i]) && !(counts[i + 1] > counts[i])) changes.push(i);
  // One change per second (every `fps` frames): keep those on the majority phase (± one frame of jitter).
  const phase = new Map();
  for (const i of changes) phase.set(i % fps, (phase.get(i % fps) ?? 0) + 1);
  const best = [...phase].sort((a, b) => b[1] - a[1])[0];
  if (!best) return { t0: null, flips: 0, frames: n };
  const flips = changes.filter((i) => {
    const d = Math.abs((i % fps) - best[0]);
    return Math.min(d, fps - d) <= 1;
  });
  // A lone change could be noise: at least two a second apart.
  if (flips.length < 2) return { t0: null, flips: flips.length, frames: n };
  const frameMs = 1000 / fps;
  let lo = -Infinity;
  let hi = Infinity;
  const mids = [];
  for (const i of flips) {
    const S = Math.round((estimateMs + (i - 0.5) * frameMs) / 1000) * 1000;
    lo = Math.max(lo, S - i * frameMs);
    hi = Math.min(hi, S - (i - 1) * frameMs);
    mids.push(S - (i - 0.5) * frameMs);
  }
  const t0 = lo <= hi ? (lo + hi) / 2 : median(mids);
  return { t0, flips: flips.length, frames: n, uncertaintyMs: lo <= hi ? (hi - lo) / 2 : null };
}

/** The segment list ffmpeg wrote for the current encoder run: name → {start, end} in seconds. */
function readSegmentCsv(dir) {
  const p = join(dir, 'buffer', 'segments.csv');
  const out = new Map();
  if (!existsSync(p)) return out;
  for (const line of readFileSync(p, 'utf8').split('\n')) {
    const m = /^(.*),([\d.]+),([\d.]+)$/.exec(line.trim());
    if (m) out.set(m[1].split('/').pop(), { start: Number(m[2]), end: Number(m[3]) });
  }
  return out;
}

// ---------------------------------------------------------------- in-process capture pipelines

/** Live relays of the in-process pipelines connect here; it accepts and never answers (no retry churn). */
async function startRtmpSink() {
  const sockets = new Set();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(() => r()));
  };
  closers.add(close);
  return { url: `rtmp://127.0.0.1:${server.address().port}/live`, close };
}

/** A CapturePipeline set up the way startAgent sets it up (watermark, signed evidence chain). */
async function makeCapture({ dir, deviceId, profile, sink }) {
  const textFile = join(dir, 'watermark.txt');
  writeWatermarkFile(textFile, deviceId, OFFICER);
  const { keys } = await loadOrCreateDeviceKeys(join(dir, 'keys'));
  const writer = await createChainWriter({ deviceId, keyPair: keys, headFile: join(dir, 'chain-head.json') });
  const evidence = [];
  const logs = [];
  const cap = new CapturePipeline({
    deviceId,
    profile,
    ffmpegPath: FFMPEG,
    dir,
    watermark: { fontFile: resolveWatermarkFont(), textFile },
    rtmpUrl: () => `${sink.url}/${deviceId}`,
    log: (m) => logs.push({ t: Date.now(), m }),
    chain: { writer, meta: () => ({ officerId: OFFICER, clockOffsetMs: null }) },
    onEvidence: (s) => evidence.push(s),
  });
  let stopping = null;
  const stop = () => {
    closers.delete(stop);
    stopping ??= cap.stop();
    return stopping;
  };
  closers.add(stop);
  return { cap, evidence, logs, stop };
}

// ---------------------------------------------------------------- 1. pre-record

async function preRecordRun(i, sink) {
  const dir = tempDir(`liuhen-bench-pre${i}-`);
  const profile = getProfile('sim');
  const deviceId = `pre-${i}`;
  const c = await makeCapture({ dir, deviceId, profile, sink });
  try {
    c.cap.start();
    await sleep(PRE_STANDBY_S * 1000);
    const pressAt = Date.now();
    c.cap.beginRecording(`pre-${i}`, pressAt);
    await sleep(PRE_RECORD_S * 1000);
    const stopAt = Date.now();
    c.cap.endRecording(stopAt);
    await waitFor(
      () => c.evidence.some((s) => s.endedAt.getTime() >= stopAt),
      profile.recording.segmentSeconds * 1000 + 20_000,
      `pre-record run ${i}: the segment holding the stop`,
    );
    await c.stop();
    const ev = [...c.evidence].sort((a, b) => a.index - b.index);
    const spawnAt = c.cap.restarts[0];
    return {
      dir,
      analyse: () => {
        const first = ev[0];
        const media = mediaStartMs(first.path, profile, first.startedAt.getTime(), 4);
        const r = {
          run: i,
          pressAt,
          stopAt,
          encoderSpawnAt: spawnAt,
          evidence: ev.map((s) => ({ name: s.name, startedAt: s.startedAt.getTime(), endedAt: s.endedAt.getTime() })),
          preRecordSeconds: (pressAt - first.startedAt.getTime()) / 1000,
          preRecordSecondsMedia: media.t0 === null ? null : (pressAt - media.t0) / 1000,
          listMinusMediaMs: media.t0 === null ? null : first.startedAt.getTime() - media.t0,
          encoderStartMs: media.t0 === null ? null : media.t0 - spawnAt,
          clockFlips: media.flips,
          stopCovered: ev.at(-1).endedAt.getTime() >= stopAt,
          firstSegmentCodecs: codecs(first.path),
        };
        log(
          `pre-record run ${i}: ${r.preRecordSeconds.toFixed(2)} s before the press (from the media: ${r.preRecordSecondsMedia?.toFixed(2)} s), ` +
            `${ev.length} evidence segment(s), stop covered: ${r.stopCovered}`,
        );
        return r;
      },
    };
  } finally {
    await c.stop();
  }
}

// ---------------------------------------------------------------- 2. segment boundaries

async function gapRun(i, sink) {
  const dir = tempDir(`liuhen-bench-gap${i}-`);
  const profile = { ...getProfile('sim'), recording: SHORT };
  const deviceId = `gap-${i}`;
  const c = await makeCapture({ dir, deviceId, profile, sink });
  try {
    c.cap.start();
    await sleep(3000);
    c.cap.beginRecording(`gap-${i}`, Date.now());
    await sleep(GAP_RECORD_S * 1000);
    const stopAt = Date.now();
    c.cap.endRecording(stopAt);
    await waitFor(
      () => c.evidence.some((s) => s.endedAt.getTime() >= stopAt),
      SHORT.segmentSeconds * 1000 + 15_000,
      `gap run ${i}: the segment holding the stop`,
    );
    await c.stop();
    const ev = [...c.evidence].sort((a, b) => a.index - b.index);
    return { dir, analyse: () => analyseBoundaries(i, dir, profile, ev, c.cap.restarts) };
  } finally {
    await c.stop();
  }
}

function analyseBoundaries(run, dir, profile, ev, restarts) {
  const fps = profile.video.fps;
  const frameS = 1 / fps;
  const list = readSegmentCsv(dir);
  const refs = testsrcRefs(profile, Math.ceil((GAP_RECORD_S + 40) * fps));
  const segs = ev.map((s) => {
    const l = list.get(s.name);
    const v = packets(s.path, 'v');
    const a = packets(s.path, 'a');
    const frames = grayFrames(s.path, { crop: ID_CROP(profile), scale: ID_SCALE_OF(profile) });
    // Stream time (seconds since the run's start) of each packet: file pts + the segment's start in the list
    // (reset_timestamps=1 subtracts exactly that start from every packet of the segment).
    const start = l ? l.start : (s.startedAt.getTime() - restarts[0]) / 1000;
    const ids = identifyFrames(frames, (j) => Math.round((start + (v[j]?.pts ?? 0)) * fps), refs);
    const media = mediaStartMs(s.path, profile, s.startedAt.getTime());
    return { s, l, v, a, start, ids, decoded: frames.length, media };
  });
  const boundaries = [];
  let missing = 0;
  let duplicated = 0;
  let unidentified = 0;
  for (const g of segs) {
    unidentified += g.ids.filter((x) => x === null).length;
    for (let j = 1; j < g.ids.length; j++) {
      if (g.ids[j] === null || g.ids[j - 1] === null) continue;
      const d = g.ids[j] - g.ids[j - 1];
      if (d > 1) missing += d - 1;
      if (d < 1) duplicated += 1 - d;
    }
  }
  for (let k = 1; k < segs.length; k++) {
    const p = segs[k - 1];
    const q = segs[k];
    if (q.s.index !== p.s.index + 1) {
      boundaries.push({ from: p.s.name, to: q.s.name, error: 'not consecutive' });
      continue;
    }
    const lastV = p.v.at(-1);
    const firstV = q.v[0];
    const vGap = q.start + firstV.pts - (p.start + lastV.pts) - frameS;
    const vEndGap = q.start + firstV.pts - (p.start + lastV.pts + lastV.dur);
    // Audio: the first AAC packet of a segment is stamped at 0 by the fMP4 muxer (see README), so its
    // true place is one packet before the second one.
    const lastA = p.a.at(-1);
    const secondA = q.a[1];
    const aGap = secondA && lastA ? q.start + secondA.pts - secondA.dur - (p.start + lastA.pts + lastA.dur) : null;
    const aShift = secondA ? secondA.pts - secondA.dur - q.a[0].pts : null;
    const idLast = p.ids.at(-1);
    const idFirst = q.ids[0];
    boundaries.push({
      from: p.s.name,
      to: q.s.name,
      videoGapBeyondFrameMs: vGap * 1000,
      videoEndToStartMs: vEndGap * 1000,
      listGapMs: p.l && q.l ? (q.l.start - p.l.end) * 1000 : null,
      audioGapMs: aGap === null ? null : aGap * 1000,
      firstAudioPacketShiftMs: aShift === null ? null : aShift * 1000,
      lastFrame: idLast,
      firstFrame: idFirst,
      framesMissing: idLast === null || idFirst === null ? null : idFirst - idLast - 1,
    });
  }
  const clockErr = segs.filter((g) => g.media.t0 !== null).map((g) => g.s.startedAt.getTime() - g.media.t0);
  const r = {
    run,
    segments: segs.length,
    framesDecoded: segs.reduce((a, g) => a + g.decoded, 0),
    framesPerSegment: segs.map((g) => g.v.length),
    framesUnidentified: unidentified,
    framesMissingInside: missing,
    framesDuplicatedInside: duplicated,
    boundaries,
    listMinusMediaMs: clockErr,
    codecs: codecs(segs[0].s.path),
  };
  const ok = boundaries.filter((b) => b.videoGapBeyondFrameMs !== undefined);
  log(
    `gap run ${run}: ${segs.length} evidence segments, ${ok.length} boundaries, max video gap beyond one frame ` +
      `${round(max(ok.map((b) => b.videoGapBeyondFrameMs)), 3)} ms, frames missing at boundaries ` +
      `${ok.reduce((a, b) => a + (b.framesMissing ?? 0), 0)} (unidentified ${ok.filter((b) => b.framesMissing === null).length}), ` +
      `inside segments ${missing}`,
  );
  return r;
}

// ---------------------------------------------------------------- 3. kill -9

async function killRun(sink) {
  const dir = tempDir('liuhen-bench-kill-');
  const profile = { ...getProfile('sim'), recording: SHORT };
  const deviceId = 'kill-1';
  const c = await makeCapture({ dir, deviceId, profile, sink });
  const kills = [];
  try {
    c.cap.start();
    await sleep(3000);
    c.cap.beginRecording('kill', Date.now());
    let runFirstIndex = 0;
    for (let k = 1; k <= KILLS; k++) {
      // Two closed segments of this encoder run: the run is then over 10 s old, so the restart is
      // immediate (a crash within 10 s of the previous start waits a backoff delay first).
      await waitFor(
        () => c.evidence.some((s) => s.index === runFirstIndex + 1 && !s.recovered),
        SHORT.segmentSeconds * 3000 + 10_000,
        `kill ${k}: two closed segments of the encoder run`,
      );
      await sleep(KILL_INTO_SEGMENT_MS);
      const pid = c.cap.encoderPid;
      if (!pid) throw new Error(`kill ${k}: no encoder running`);
      const before = c.cap.lastRecovery?.name;
      const killAt = Date.now();
      process.kill(pid, 'SIGKILL');
      const rec = await waitFor(
        () => (c.cap.lastRecovery && c.cap.lastRecovery.name !== before ? c.cap.lastRecovery : null),
        15_000,
        `kill ${k}: the torn segment repaired`,
      );
      const tornIndex = Number(/_(\d+)\.mp4$/.exec(rec.name)[1]);
      kills.push({ k, pid, killAt, torn: rec.name, tornIndex, cutBytes: rec.cutBytes });
      runFirstIndex = tornIndex + 1;
    }
    await waitFor(
      () => c.evidence.some((s) => s.index === runFirstIndex && !s.recovered),
      SHORT.segmentSeconds * 2000 + 10_000,
      'the segment after the last torn one',
    );
    const stopAt = Date.now();
    c.cap.endRecording(stopAt);
    await waitFor(
      () => c.evidence.some((s) => s.endedAt.getTime() >= stopAt),
      SHORT.segmentSeconds * 1000 + 15_000,
      'kill run: the segment holding the stop',
    );
    await c.stop();
    return { dir, analyse: () => analyseKills(profile, c, kills) };
  } finally {
    await c.stop();
  }
}

function analyseKills(profile, c, kills) {
  {
    const byIndex = new Map(c.evidence.map((s) => [s.index, s]));
    const out = kills.map((kl) => {
      const torn = byIndex.get(kl.tornIndex);
      const next = byIndex.get(kl.tornIndex + 1);
      if (!torn || !next) return { ...kl, error: `missing evidence (torn ${Boolean(torn)}, next ${Boolean(next)})` };
      const tornMedia = mediaStartMs(torn.path, profile, torn.startedAt.getTime());
      const nextMedia = mediaStartMs(next.path, profile, next.startedAt.getTime());
      const tornFrames = packets(torn.path, 'v').length;
      const tornMediaEnd = tornMedia.t0 === null ? null : tornMedia.t0 + (tornFrames * 1000) / profile.video.fps;
      return {
        ...kl,
        recovered: torn.recovered,
        tornCodecs: codecs(torn.path),
        keptSeconds: torn.durationSeconds,
        killIntoSegmentMs: kl.killAt - torn.startedAt.getTime(),
        lossMs: next.startedAt.getTime() - torn.endedAt.getTime(),
        tornLostMs: kl.killAt - torn.endedAt.getTime(),
        restartMs: next.startedAt.getTime() - kl.killAt,
        lossMediaMs: tornMediaEnd === null || nextMedia.t0 === null ? null : nextMedia.t0 - tornMediaEnd,
        mediaFlips: [tornMedia.flips, nextMedia.flips],
      };
    });
    for (const o of out) {
      if (o.error) log(`kill ${o.k}: ${o.error}`);
      else
        log(
          `kill ${o.k}: ${o.killIntoSegmentMs} ms into ${o.torn}; loss ${o.lossMs} ms (torn tail ${o.tornLostMs} + restart ${o.restartMs}), ` +
            `from the media ${round(o.lossMediaMs, 0)} ms; cut ${o.cutBytes} bytes, kept ${o.keptSeconds.toFixed(2)} s`,
        );
    }
    return {
      kills: out,
      log: c.logs.map((l) => l.m).filter((m) => /encoder stopped|recovered|discarded|repair/.test(m)),
    };
  }
}

// ---------------------------------------------------------------- child processes (gateway, agent)

const warnings = warningTally();
const childWarnings = warnings.list;
const noteWarning = warnings.note;

/** How this script handles its children's stray output (see startNodeChild). */
const childOptions = { noteWarning, echoStderr: true };

/** Registers a device the way a recorder does: a valid retained state over MQTT. */
async function registerDevice(mqttPort, url, deviceId) {
  const client = mqtt.connect(`mqtt://127.0.0.1:${mqttPort}`, { reconnectPeriod: 0, clientId: `bench-${deviceId}` });
  await new Promise((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  const ts = new Date().toISOString();
  await client.publishAsync(
    topics.state(deviceId),
    JSON.stringify({
      v: PROTOCOL_VERSION,
      deviceId,
      profile: 'sim',
      state: 'standby',
      recordingId: null,
      recordingSince: null,
      officerId: OFFICER,
      batteryPercent: 90,
      storageFreeBytes: 1_000_000_000,
      firmwareVersion: 'bench',
      ts,
    }),
    { qos: 1, retain: true },
  );
  await client.endAsync();
  await waitFor(async () => (await apiFetch(`${url}/api/devices/${deviceId}`)).ok, 10_000, `${deviceId} registered`);
}

// ---------------------------------------------------------------- 4. the agent alone

async function agentBench() {
  const dir = tempDir('liuhen-bench-agent-');
  const deviceId = 'bench-rec';
  let gw;
  let agent;
  let baseline;
  const agentLog = [];
  try {
    gw = await startGatewayProc(join(dir, 'gw'), childOptions);
    ({ child: agent } = await startNodeChild(
      'agent',
      AGENT_PROC,
      [
        deviceId,
        `mqtt://127.0.0.1:${gw.ports.mqtt}`,
        `rtmp://127.0.0.1:${gw.ports.rtmp}`,
        // BENCH_AGENT_NO_OFFLOAD=1: no station URL, so footage stays on the recorder (a diagnostic).
        process.env.BENCH_AGENT_NO_OFFLOAD ? '' : gw.url,
        join(dir, 'agent'),
      ],
      { ...childOptions, onLine: agentLogLines(agentLog) },
    ));
    log(`agent: gateway pid ${gw.pid}, recorder agent pid ${agent.pid}`);
    await waitFor(() => deviceInState(gw.url, deviceId, 'standby'), 15_000, 'the recorder registered in standby');
    // Node's own floor, measured the same way at the same time.
    baseline = track(spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' }));
    await sleep(2000);
    const res = await apiFetch(`${gw.url}/api/devices/${deviceId}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'press' }),
    });
    if (res.status !== 202) throw new Error(`press: HTTP ${res.status} ${await res.text()}`);
    await waitFor(
      async () => (await getJson(`${gw.url}/api/devices/${deviceId}`)).state === 'recording',
      10_000,
      'recording',
    );
    await waitFor(() => childrenOf(agent.pid, 'ffmpeg').length >= 2, 10_000, 'encoder and live relay running');
    log(`agent: recording; sampling every ${AGENT_SAMPLE_S} s for ${AGENT_WINDOW_S} s`);

    const isEncoder = (pid) => / -f lavfi /.test(cmdline(pid)) || /testsrc2/.test(cmdline(pid));
    const childTicks = new Map(); // pid → {kind, first, last, rss[]}
    const gwTicks = new Map();
    const samples = [];
    const t0 = now();
    for (let k = 0; ; k++) {
      const target = t0 + k * AGENT_SAMPLE_S * 1000;
      if (now() < target) await sleep(target - now());
      const t = now();
      const a = procStat(agent.pid);
      const b = procStat(baseline.pid);
      const g = procStat(gw.pid);
      if (!a) throw new Error('the agent process went away during the window');
      const am = memKb(agent.pid, null);
      const bm = memKb(baseline.pid, null);
      for (const s of childrenOf(agent.pid, 'ffmpeg')) {
        const e = childTicks.get(s.pid) ?? { kind: isEncoder(s.pid) ? 'encoder' : 'relay', first: s.ticks, rss: [] };
        e.last = s.ticks;
        e.rss.push(memKb(s.pid, null).rss);
        childTicks.set(s.pid, e);
      }
      for (const s of childrenOf(gw.pid, 'ffmpeg')) {
        const e = gwTicks.get(s.pid) ?? { first: s.ticks };
        e.last = s.ticks;
        gwTicks.set(s.pid, e);
      }
      samples.push({
        t: (t - t0) / 1000,
        agentTicks: a.ticks,
        agentRssKb: am.rss,
        agentUssKb: am.uss,
        agentPssKb: am.pss,
        baselineTicks: b?.ticks ?? null,
        baselineRssKb: bm.rss,
        gatewayTicks: g?.ticks ?? null,
        machineTicks: machineTicks(),
      });
      if ((t - t0) / 1000 >= AGENT_WINDOW_S - 0.001) break;
      if (k > 0 && k % 12 === 0) {
        const last = samples.at(-1);
        log(`agent: ${Math.round(last.t)} s, agent RSS ${(last.agentRssKb / 1024).toFixed(1)} MiB`);
      }
    }
    const first = samples[0];
    const last = samples.at(-1);
    const wall = last.t - first.t;
    const pct = (ticks) => (ticks / CLK_TCK / wall) * 100;
    const intervals = samples.slice(1).map((s, i) => ({
      t: s.t,
      agentCpuPercent: ((s.agentTicks - samples[i].agentTicks) / CLK_TCK / (s.t - samples[i].t)) * 100,
      agentRssMb: s.agentRssKb / 1024,
    }));
    const kids = [...childTicks.values()];
    const encoders = kids.filter((e) => e.kind === 'encoder');
    const relays = kids.filter((e) => e.kind === 'relay');
    const sumTicks = (xs) => xs.reduce((acc, e) => acc + (e.last - e.first), 0);
    const recordings = (await getJson(`${gw.url}/api/recordings?device=${deviceId}`)).recordings ?? [];
    const agentCpu = pct(last.agentTicks - first.agentTicks);
    const machineCpu = pct(last.machineTicks - first.machineTicks);
    const r = {
      windowSeconds: round(wall, 1),
      samples: samples.length,
      agentCpuPercent: agentCpu,
      agentCpuPercentMaxInterval: max(intervals.map((x) => x.agentCpuPercent)),
      agentRssMbMax: max(samples.map((s) => s.agentRssKb)) / 1024,
      agentRssMbMedian: median(samples.map((s) => s.agentRssKb)) / 1024,
      agentRssMbFirst: first.agentRssKb / 1024,
      agentRssMbLast: last.agentRssKb / 1024,
      agentUssMbMedian: median(samples.map((s) => s.agentUssKb)) / 1024,
      agentPssMbMedian: median(samples.map((s) => s.agentPssKb)) / 1024,
      encoderCpuPercent: pct(sumTicks(encoders)),
      encoderRssMbMedian: median(encoders.flatMap((e) => e.rss)) / 1024,
      encoderProcesses: encoders.length,
      relayCpuPercent: pct(sumTicks(relays)),
      relayProcesses: relays.length,
      nodeBaselineCpuPercent:
        last.baselineTicks === null || first.baselineTicks === null
          ? null
          : pct(last.baselineTicks - first.baselineTicks),
      nodeBaselineRssMbMedian: median(samples.map((s) => s.baselineRssKb)) / 1024,
      gatewayNodeCpuPercent: last.gatewayTicks === null ? null : pct(last.gatewayTicks - first.gatewayTicks),
      gatewayRecorderFfmpegCpuPercent: pct(sumTicks([...gwTicks.values()])),
      machineCpuPercent: machineCpu,
      otherCpuPercent:
        machineCpu -
        agentCpu -
        pct(sumTicks(kids)) -
        pct(last.gatewayTicks - first.gatewayTicks) -
        pct(sumTicks([...gwTicks.values()])),
      segmentsOffloaded: recordings.filter((x) => x.source === 'device').length,
      agentOffloadLines: agentLog.filter((l) => /^offloaded /.test(l.m)).length,
      agentWarnings: agentLog
        .map((l) => l.m)
        .filter((m) => !/^(evidence segment|offloaded|recording (started|stopped)|created device key)/.test(m))
        .slice(0, 20),
      intervals: intervals.map((x) => ({
        t: round(x.t, 1),
        cpu: round(x.agentCpuPercent, 2),
        rssMb: round(x.agentRssMb, 1),
      })),
    };
    log(
      `agent: ${round(r.agentCpuPercent, 2)} % of a core, RSS max ${round(r.agentRssMbMax)} MiB / median ${round(r.agentRssMbMedian)} MiB; ` +
        `encoder ${round(r.encoderCpuPercent)} %, relay ${round(r.relayCpuPercent)} %; node baseline ${round(r.nodeBaselineRssMbMedian)} MiB, ` +
        `${round(r.nodeBaselineCpuPercent, 2)} %; ${r.segmentsOffloaded} segments at the station`,
    );
    return r;
  } finally {
    if (baseline) await stopChild(baseline, 'SIGKILL', 2000);
    if (agent) {
      agent.stdin.end();
      await stopChild(agent, 'SIGTERM', 12_000);
    }
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

// ---------------------------------------------------------------- 5. offload

const MB = 1e6;

/** One upload of the OFF_FILES files with the real offloader; wall time from start() to the last acknowledgement. */
async function offloadRun(gw, dataFiles, deviceId, { chunkBytes, timing = false } = {}) {
  await registerDevice(gw.ports.mqtt, gw.url, deviceId);
  const ev = join(dirname(dataFiles[0]), `ev-${deviceId}`);
  mkdirSync(ev);
  const names = dataFiles.map((f, i) => {
    const name = `${deviceId}_${String(i + 1).padStart(6, '0')}.mp4`;
    linkSync(f, join(ev, name)); // same bytes, no copy
    return name;
  });
  const acks = [];
  const errors = [];
  const offloader = createOffloader({
    deviceId,
    stationUrl: () => gw.url,
    evidenceDir: ev,
    log: (m) => (/^offloaded /.test(m) ? acks.push(now()) : errors.push(m)),
    ...(chunkBytes ? { chunkBytes } : {}),
  });
  const tAdd = now();
  for (const [i, name] of names.entries()) {
    await offloader.add({
      path: join(ev, name),
      index: i + 1,
      startedAt: new Date(Date.now() - 60_000),
      endedAt: new Date(),
      recordingIds: [`bench-${deviceId}`],
      officerId: OFFICER,
      marked: false,
    });
  }
  const addSeconds = (now() - tAdd) / 1000;
  // Optional: time each PATCH (request start → last body byte handed over → response headers).
  const realFetch = globalThis.fetch;
  const reqs = [];
  if (timing) {
    globalThis.fetch = async (url, init = {}) => {
      const r = { method: init.method ?? 'GET', t0: now(), lastSent: null };
      if (init.body && typeof init.body[Symbol.asyncIterator] === 'function') {
        const body = init.body;
        init = {
          ...init,
          body: (async function* () {
            for await (const c of body) yield c;
            r.lastSent = now();
          })(),
        };
      }
      const res = await realFetch(url, init);
      r.headers = now();
      reqs.push(r);
      return res;
    };
  }
  const gw0 = procStat(gw.pid)?.ticks ?? 0;
  const cpu0 = process.cpuUsage();
  const t0 = now();
  try {
    offloader.start();
    await waitFor(
      () => acks.length >= names.length || errors.some((e) => /paused/.test(e)),
      120_000,
      `${names.length} acknowledgements`,
    );
  } finally {
    offloader.stop();
    globalThis.fetch = realFetch;
  }
  if (acks.length < names.length) throw new Error(`offload failed: ${errors.join('; ')}`);
  const seconds = (acks.at(-1) - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const gwTicks = (procStat(gw.pid)?.ticks ?? 0) - gw0;
  const bytes = names.length * OFF_FILE_BYTES;
  // The station holds them, verified (it only acknowledges after its SHA-256 matched).
  const { recordings } = await getJson(`${gw.url}/api/recordings?device=${deviceId}`);
  const want = JSON.parse(readFileSync(join(ev, `${names[0]}.json`), 'utf8')).sha256;
  const verified = recordings.length === names.length && recordings.some((x) => x.sha256 === want);
  const patches = reqs.filter((r) => r.method === 'PATCH' && r.lastSent !== null);
  const r = {
    deviceId,
    chunkBytes: chunkBytes ?? CHUNK,
    bytes,
    seconds,
    MBps: bytes / MB / seconds,
    addHashSeconds: addSeconds,
    clientCpuPercent: ((cpu.user + cpu.system) / 1e6 / seconds) * 100,
    gatewayCpuPercent: (gwTicks / CLK_TCK / seconds) * 100,
    stationRecordings: recordings.length,
    verified,
    ...(timing
      ? {
          patches: patches.length,
          patchSendSeconds: patches.reduce((a, p) => a + (p.lastSent - p.t0), 0) / 1000,
          patchStationTailSeconds: patches.reduce((a, p) => a + (p.headers - p.lastSent), 0) / 1000,
          patchStationTailMsMedian: median(patches.map((p) => p.headers - p.lastSent)),
          otherRequestsSeconds: seconds - patches.reduce((a, p) => a + (p.headers - p.t0), 0) / 1000,
        }
      : {}),
  };
  // Free the station's copies before the next run (see dispose()).
  dispose(join(gw.dataDir, 'footage', deviceId));
  dispose(join(gw.dataDir, 'uploads', deviceId));
  rmSync(ev, { recursive: true, force: true }); // hard links and manifests only
  return r;
}

/**
 * Every file written in the offload phase is deleted as soon as it is measured. (Keeping them made this
 * VM's disk slower and slower as the phase went on: its sustained write speed depends on how much was
 * written recently, so peers are interleaved with the runs they are compared to.)
 */
const dispose = (path) => rmSync(path, { recursive: true, force: true });
let peerSerial = 0;

function ddPeer(dataFiles, outDir) {
  const outs = dataFiles.map((_, i) => join(outDir, `dd-${++peerSerial}-${i}.bin`));
  const t = now();
  for (const [i, f] of dataFiles.entries()) {
    const r = spawnSync('dd', [`if=${f}`, `of=${outs[i]}`, 'bs=16M', 'conv=fsync'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dd failed: ${r.stderr}`);
  }
  const s = (now() - t) / 1000;
  for (const o of outs) dispose(o);
  return (dataFiles.length * OFF_FILE_BYTES) / MB / s;
}

/**
 * The station's append path in isolation (no HTTP): the real UploadStore, and copies of its pipeline
 * (hash while writing, one write stream per 16 MiB chunk) changing one thing at a time. Rounds are
 * interleaved and the median kept, because the disk's speed drifts.
 */
async function storeProfile(data, dir, rounds = 2) {
  const total = Math.min(data.length, 256 * 1024 * 1024);
  const piece = 64 * 1024; // what an HTTP request body delivers at a time
  const body = (off, len) =>
    Readable.from(
      (function* () {
        for (let o = off; o < off + len; o += piece) yield data.subarray(o, Math.min(off + len, o + piece));
      })(),
    );
  const timed = async (fn) => {
    const t = now();
    await fn();
    return total / MB / ((now() - t) / 1000);
  };
  const real = async () => {
    const name = `bench_${String(++serial).padStart(6, '0')}.mp4`;
    const mbps = await timed(async () => {
      for (let o = 0; o < total; o += CHUNK) await store.append('bench', name, o, body(o, CHUNK));
    });
    dispose(join(store.partialRoot, 'bench', `${name}.part`));
    return mbps;
  };
  let serial = 0;
  const store = createUploadStore({
    dataDir: join(dir, 'st'),
    footageRoot: join(dir, 'st-f'),
    maxBytes: 8 * 1024 ** 3,
  });
  const variant = async ({ hwm, fsync }) => {
    const path = join(dir, 'st', `variant-${++serial}.part`);
    const h = createHash('sha256');
    const mbps = await timed(async () => {
      for (let o = 0; o < total; o += CHUNK) {
        const ws = createWriteStream(path, { flags: 'a', ...(hwm ? { highWaterMark: hwm } : {}) });
        await pipeline(
          body(o, CHUNK),
          async function* (src) {
            for await (const c of src) {
              h.update(c);
              yield c;
            }
          },
          ws,
        );
        if (fsync === 'chunk') {
          const fd = openSync(path, 'r');
          fsyncSync(fd);
          closeSync(fd);
        }
      }
      if (fsync === 'end') {
        const fd = openSync(path, 'r');
        fsyncSync(fd);
        closeSync(fd);
      }
      h.digest('hex');
    });
    dispose(path);
    return mbps;
  };
  const plan = {
    storeAppendMBps: real,
    storeAppendNoFsyncMBps: () => variant({ fsync: 'none' }),
    storeAppendHwm4MiBMBps: () => variant({ hwm: 4 * 1024 * 1024, fsync: 'chunk' }),
    storeAppendHwm4MiBFsyncAtEndMBps: () => variant({ hwm: 4 * 1024 * 1024, fsync: 'end' }),
  };
  const got = Object.fromEntries(Object.keys(plan).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [k, fn] of Object.entries(plan)) got[k].push(await fn());
  dispose(join(dir, 'st'));
  dispose(join(dir, 'st-f'));
  return {
    ...Object.fromEntries(Object.entries(got).map(([k, v]) => [k, median(v)])),
    storeProfileRuns: got,
    storeProfileBytes: total,
  };
}

/**
 * A station with the suggested changes, to check what they buy: the same three endpoints the offloader
 * uses, on node:http in a worker thread; PATCH hashes and appends through a write stream with a 4 MiB
 * buffer and no fsync; complete fsyncs once, checks size and SHA-256, renames, acknowledges.
 */
const WHATIF_STATION = `
const { createServer } = require('node:http');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { join } = require('node:path');
const { pipeline } = require('node:stream/promises');
const { parentPort, workerData } = require('node:worker_threads');
const dir = workerData.dir;
const state = new Map();
const s = createServer(async (req, res) => {
  const send = (code, body, headers = {}) => { res.writeHead(code, { 'content-type': 'application/json', ...headers }); res.end(JSON.stringify(body)); };
  try {
    const m = /^\\/api\\/devices\\/([^/]+)\\/uploads\\/([^/]+?)(\\/complete)?$/.exec(req.url);
    if (!m) return send(404, {});
    const key = m[1] + '/' + m[2];
    const part = join(dir, m[1] + '_' + m[2] + '.part');
    const p = state.get(key) ?? { offset: 0, hash: createHash('sha256') };
    state.set(key, p);
    if (req.method === 'GET') { req.resume(); return send(200, { offset: p.offset, complete: false }); }
    if (req.method === 'PATCH') {
      const off = Number(req.headers['upload-offset']);
      if (off !== p.offset) { req.resume(); return send(409, { message: 'wrong offset' }, { 'upload-offset': String(p.offset) }); }
      let n = 0;
      await pipeline(req, async function* (src) { for await (const c of src) { n += c.length; p.hash.update(c); yield c; } },
        fs.createWriteStream(part, { flags: 'a', highWaterMark: 4 * 1024 * 1024 }));
      p.offset += n;
      // Start writing this chunk to disk now, in the background, while the next one arrives.
      p.flushes = (p.flushes ?? []).concat(fs.promises.open(part, 'r').then(async (fh) => { await fh.datasync(); await fh.close(); }));
      return send(200, { offset: p.offset }, { 'upload-offset': String(p.offset) });
    }
    if (req.method === 'POST' && m[3]) {
      let body = '';
      for await (const c of req) body += c;
      const b = JSON.parse(body);
      // Durable before the acknowledgement: every background flush, then one last fsync.
      await Promise.all(p.flushes ?? []);
      const fh = await fs.promises.open(part, 'r');
      await fh.sync();
      await fh.close();
      const sha = p.hash.copy().digest('hex');
      if (p.offset !== b.bytes || sha !== b.sha256) return send(422, { message: 'mismatch' });
      await fs.promises.rename(part, part + '.done');
      const d = await fs.promises.open(dir, 'r');
      await d.sync();
      await d.close();
      return send(200, { acknowledged: true, recordingId: key, sha256: sha, bytes: p.offset });
    }
    req.resume();
    send(405, {});
  } catch (err) { send(500, { message: err.message }); }
});
s.listen(0, '127.0.0.1', () => parentPort.postMessage(s.address().port));
`;

/** The offloader's protocol with node:http and a piped file stream instead of fetch(). */
async function nodeHttpUpload(port, deviceId, file, name, bytes, sha256) {
  const base = `/api/devices/${deviceId}/uploads/${name}`;
  const call = (method, path, headers, feed) =>
    new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () =>
          res.statusCode < 300 ? resolve(JSON.parse(text)) : reject(new Error(`${res.statusCode} ${text}`)),
        );
      });
      req.on('error', reject);
      feed(req);
    });
  let { offset } = await call('GET', base, {}, (req) => req.end());
  while (offset < bytes) {
    const end = Math.min(bytes, offset + CHUNK);
    ({ offset } = await call(
      'PATCH',
      base,
      {
        'content-type': 'application/offset+octet-stream',
        'upload-offset': String(offset),
        'content-length': String(end - offset),
      },
      (req) => createReadStream(file, { start: offset, end: end - 1, highWaterMark: 1 << 20 }).pipe(req),
    ));
  }
  const body = JSON.stringify({ bytes, sha256 });
  await call('POST', `${base}/complete`, { 'content-type': 'application/json' }, (req) => req.end(body));
}

async function whatIfStation(dataFiles, dir, client, stationRoot) {
  const wdir = mkdtempSync(join(stationRoot, 'whatif-'));
  const worker = new Worker(WHATIF_STATION, { eval: true, workerData: { dir: wdir } });
  const close = () => worker.terminate();
  closers.add(close);
  try {
    const port = await new Promise((r) => worker.once('message', r));
    const deviceId = 'bench-whatif';
    const ev = join(dir, `ev-${deviceId}`);
    mkdirSync(ev);
    const acks = [];
    const errors = [];
    const offloader = createOffloader({
      deviceId,
      stationUrl: () => `http://127.0.0.1:${port}`,
      evidenceDir: ev,
      log: (m) => (/^offloaded /.test(m) ? acks.push(now()) : errors.push(m)),
    });
    for (const [i, f] of dataFiles.entries()) {
      const name = `${deviceId}_${String(i + 1).padStart(6, '0')}.mp4`;
      linkSync(f, join(ev, name));
      await offloader.add({
        path: join(ev, name),
        index: i + 1,
        startedAt: new Date(Date.now() - 60_000),
        endedAt: new Date(),
        recordingIds: ['whatif'],
        officerId: OFFICER,
        marked: false,
      });
    }
    const t0 = now();
    if (client === 'node:http') {
      for (const [i] of dataFiles.entries()) {
        const name = `${deviceId}_${String(i + 1).padStart(6, '0')}.mp4`;
        const m = JSON.parse(readFileSync(join(ev, `${name}.json`), 'utf8'));
        await nodeHttpUpload(port, deviceId, join(ev, name), name, m.bytes, m.sha256);
        acks.push(now());
      }
    } else {
      offloader.start();
      try {
        await waitFor(() => acks.length >= dataFiles.length || errors.length > 0, 120_000, 'what-if acknowledgements');
      } finally {
        offloader.stop();
      }
    }
    if (acks.length < dataFiles.length) throw new Error(`what-if station: ${errors.join('; ')}`);
    const mbps = (dataFiles.length * OFF_FILE_BYTES) / MB / ((acks.at(-1) - t0) / 1000);
    rmSync(ev, { recursive: true, force: true });
    return mbps;
  } finally {
    closers.delete(close);
    await worker.terminate();
    dispose(wdir);
  }
}

/** HTTP alone on loopback: a node:http server in a worker thread that hashes and discards what it receives. */
async function httpProfile(dataFile) {
  const worker = new Worker(
    `const { createServer } = require('node:http');
     const { createHash } = require('node:crypto');
     const { parentPort } = require('node:worker_threads');
     const s = createServer((req, res) => {
       const h = createHash('sha256');
       let n = 0;
       req.on('data', (c) => { n += c.length; h.update(c); });
       req.on('end', () => { h.digest(); res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ offset: n })); });
     });
     s.listen(0, '127.0.0.1', () => parentPort.postMessage(s.address().port));`,
    { eval: true },
  );
  const close = () => worker.terminate();
  closers.add(close);
  try {
    const port = await new Promise((r) => worker.once('message', r));
    const url = `http://127.0.0.1:${port}/`;
    const total = OFF_FILE_BYTES;
    const timed = async (fn) => {
      const t = now();
      await fn();
      return total / MB / ((now() - t) / 1000);
    };
    // As the offloader does it: fetch() with a file read stream (1 MiB reads) as the body, one request per chunk.
    const fetchRun = () =>
      timed(async () => {
        for (let o = 0; o < total; o += CHUNK) {
          const res = await fetch(url, {
            method: 'PATCH',
            headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(o) },
            body: createReadStream(dataFile, { start: o, end: o + CHUNK - 1, highWaterMark: 1 << 20 }),
            duplex: 'half',
          });
          await res.json();
        }
      });
    const nodeRun = () =>
      timed(async () => {
        for (let o = 0; o < total; o += CHUNK) {
          await new Promise((resolve, reject) => {
            const req = httpRequest(
              url,
              {
                method: 'PATCH',
                headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(o) },
              },
              (res) => {
                res.resume();
                res.on('end', resolve);
              },
            );
            req.on('error', reject);
            createReadStream(dataFile, { start: o, end: o + CHUNK - 1, highWaterMark: 1 << 20 }).pipe(req);
          });
        }
      });
    const f = [];
    const n = [];
    for (let r = 0; r < 2; r++) {
      f.push(await fetchRun());
      n.push(await nodeRun());
    }
    return { httpFetchStreamMBps: median(f), httpNodeRequestMBps: median(n), httpProfileRuns: { fetch: f, node: n } };
  } finally {
    closers.delete(close);
    await worker.terminate();
  }
}

async function offloadBench() {
  const dir = tempDir('liuhen-bench-offload-');
  let gw;
  try {
    // The bytes: OFF_FILES files of random data, written once and shared (hard links) by every run.
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const buf = Buffer.allocUnsafe(OFF_FILE_BYTES);
    const dataFiles = [];
    for (let i = 1; i <= OFF_FILES; i++) {
      randomFillSync(buf);
      const f = join(dataDir, `file-${i}.bin`);
      writeFileSync(f, buf);
      dataFiles.push(f);
    }
    spawnSync('sync');
    log(`offload: ${OFF_FILES} files × ${OFF_FILE_BYTES / 1024 / 1024} MiB of random bytes ready`);

    gw = await startGatewayProc(join(dir, 'gw'), childOptions);
    const runs = [];
    const dd = [];
    for (let r = 1; r <= OFF_RUNS; r++) {
      // The peer right before and right after each run, so both see the disk in the same state.
      const before = ddPeer(dataFiles, dir);
      const x = await offloadRun(gw, dataFiles, `bench-off-${r}`);
      const after = ddPeer(dataFiles, dir);
      runs.push(x);
      dd.push(before, after);
      log(
        `offload run ${r}: ${(x.bytes / MB).toFixed(0)} MB in ${x.seconds.toFixed(2)} s = ${x.MBps.toFixed(1)} MB/s ` +
          `(station ${x.gatewayCpuPercent.toFixed(0)} % CPU, recorder side ${x.clientCpuPercent.toFixed(0)} %; verified ${x.verified}); ` +
          `dd conv=fsync of the same bytes before ${before.toFixed(0)} MB/s, after ${after.toFixed(0)} MB/s`,
      );
    }
    // Where the time goes: per-request timing, and other chunk sizes.
    const timing = await offloadRun(gw, dataFiles, 'bench-off-t', { timing: true });
    log(
      `offload with request timing: ${timing.MBps.toFixed(1)} MB/s; sending ${timing.patchSendSeconds.toFixed(2)} s, ` +
        `station tail after the last byte ${timing.patchStationTailSeconds.toFixed(2)} s over ${timing.patches} chunks`,
    );
    const chunk64 = await offloadRun(gw, dataFiles, 'bench-off-c64', { chunkBytes: 64 * 1024 * 1024 });
    log(`offload with 64 MiB chunks: ${chunk64.MBps.toFixed(1)} MB/s`);
    await stopGatewayProc(gw);
    gw = null;

    // Where the time goes, piece by piece: hashing alone, the station's append path alone, HTTP alone,
    // then the real offloader against a station with the suggested changes.
    const data = Buffer.concat(dataFiles.map((f) => readFileSync(f)));
    const sha = [];
    for (let r = 0; r < PEER_RUNS; r++) {
      const t = now();
      const h = createHash('sha256');
      for (let o = 0; o < data.length; o += 64 * 1024) h.update(data.subarray(o, o + 64 * 1024));
      h.digest('hex');
      sha.push(data.length / MB / ((now() - t) / 1000));
    }
    const http = await httpProfile(dataFiles[0]);
    const store = await storeProfile(data, dir);
    log(
      `profile: sha256 ${median(sha).toFixed(0)} MB/s; station append path alone ${store.storeAppendMBps.toFixed(0)} MB/s ` +
        `(no fsync ${store.storeAppendNoFsyncMBps.toFixed(0)}, ` +
        `4 MiB write buffer ${store.storeAppendHwm4MiBMBps.toFixed(0)}, both ${store.storeAppendHwm4MiBFsyncAtEndMBps.toFixed(0)}); ` +
        `HTTP alone: fetch+stream ${http.httpFetchStreamMBps.toFixed(0)} MB/s, node:http ${http.httpNodeRequestMBps.toFixed(0)} MB/s`,
    );

    // The software alone: the station's side on tmpfs (RAM; fsync costs nothing there), so the disk is
    // out of the picture. The real gateway, then a station with the suggested changes (see WHATIF_STATION)
    // with the real offloader, and with a node:http client as well.
    const shm = { real: [], whatIf: [], whatIfNode: [] };
    const shmFree = existsSync('/dev/shm') ? statfsSync('/dev/shm') : null;
    if (shmFree && shmFree.bavail * shmFree.bsize > 4 * OFF_FILES * OFF_FILE_BYTES) {
      const shmDir = mkdtempSync('/dev/shm/liuhen-bench-offload-');
      keepTempDir(shmDir);
      try {
        gw = await startGatewayProc(join(shmDir, 'gw'), childOptions);
        for (let r = 1; r <= 2; r++) {
          shm.real.push((await offloadRun(gw, dataFiles, `bench-shm-${r}`)).MBps);
          shm.whatIf.push(await whatIfStation(dataFiles, dir, 'offloader', shmDir));
          shm.whatIfNode.push(await whatIfStation(dataFiles, dir, 'node:http', shmDir));
        }
        await stopGatewayProc(gw);
        gw = null;
      } finally {
        removeDir(shmDir);
      }
      log(
        `software alone (station on tmpfs): real gateway ${median(shm.real).toFixed(0)} MB/s; station with the changes: ` +
          `offloader ${median(shm.whatIf).toFixed(0)} MB/s, node:http client ${median(shm.whatIfNode).toFixed(0)} MB/s`,
      );
    } else {
      log('no room on /dev/shm: the tmpfs runs are skipped');
    }

    return {
      runs,
      timing,
      chunk64,
      ddFsyncMBps: median(dd),
      sha256MBps: median(sha),
      shm,
      peerRuns: { dd, sha256: sha },
      ...store,
      ...http,
    };
  } finally {
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

// ---------------------------------------------------------------- main

const ONLY = (
  process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',') ?? []
).filter(Boolean);
const runs = (phase) => ONLY.length === 0 || ONLY.includes(phase);

function captureKeys(pre, gaps, kill) {
  const sim = getProfile('sim').recording;
  const boundaries = gaps.flatMap((g) => g.boundaries.filter((b) => b.videoGapBeyondFrameMs !== undefined));
  const kills = kill.kills.filter((k) => !k.error);
  const listMinusMedia = [...gaps.flatMap((g) => g.listMinusMediaMs), ...pre.map((p) => p.listMinusMediaMs)];
  return {
    headline: {
      preRecordSeconds: round(median(pre.map((p) => p.preRecordSeconds)), 2),
      segmentGapMs: round(max(boundaries.map((b) => b.videoGapBeyondFrameMs)), 3),
      killLossMs: round(median(kills.map((k) => k.lossMs)), 0),
    },
    extra: {
      // 1. pre-record
      preRecordSecondsRuns: pre.map((p) => round(p.preRecordSeconds, 2)),
      preRecordSecondsMedia: round(median(pre.map((p) => p.preRecordSecondsMedia)), 2),
      preRecordSecondsMediaRuns: pre.map((p) => round(p.preRecordSecondsMedia, 2)),
      preRecordWindowSeconds: sim.preRecordSeconds,
      preRecordSegmentSeconds: sim.segmentSeconds,
      preRecordStandbySeconds: PRE_STANDBY_S,
      preRecordRecordingSeconds: PRE_RECORD_S,
      preRecordStopCovered: pre.every((p) => p.stopCovered),
      encoderStartMsMedian: round(median(pre.map((p) => p.encoderStartMs)), 0),
      // 2. boundaries
      segmentGapBoundaries: boundaries.length,
      segmentGapSegmentSeconds: SHORT.segmentSeconds,
      segmentGapMsMin: round(min(boundaries.map((b) => b.videoGapBeyondFrameMs)), 3),
      segmentVideoEndToStartMsMax: round(max(boundaries.map((b) => Math.abs(b.videoEndToStartMs))), 3),
      segmentListGapMsMax: round(max(boundaries.map((b) => Math.abs(b.listGapMs ?? 0))), 3),
      segmentBoundaryFramesMissing: boundaries.reduce((a, b) => a + (b.framesMissing ?? 0), 0),
      segmentBoundariesIdentified: boundaries.filter((b) => b.framesMissing !== null).length,
      segmentFramesMissingInside: gaps.reduce((a, g) => a + g.framesMissingInside, 0),
      segmentFramesDuplicatedInside: gaps.reduce((a, g) => a + g.framesDuplicatedInside, 0),
      segmentFramesDecoded: gaps.reduce((a, g) => a + g.framesDecoded, 0),
      segmentFramesUnidentified: gaps.reduce((a, g) => a + g.framesUnidentified, 0),
      segmentAudioGapMsMax: round(max(boundaries.map((b) => Math.abs(b.audioGapMs ?? 0))), 3),
      segmentFirstAudioPacketShiftMsMax: round(max(boundaries.map((b) => b.firstAudioPacketShiftMs)), 2),
      segmentListMinusMediaMsMedian: round(median(listMinusMedia), 0),
      segmentListMinusMediaMsRange: [round(min(listMinusMedia), 0), round(max(listMinusMedia), 0)],
      // 3. kill -9
      killLossMsRuns: kill.kills.map((k) => (k.error ? null : k.lossMs)),
      killLossTornTailMsMedian: round(median(kills.map((k) => k.tornLostMs)), 0),
      killRestartMsMedian: round(median(kills.map((k) => k.restartMs)), 0),
      killLossMediaMsMedian: round(median(kills.map((k) => k.lossMediaMs)), 0),
      killLossMediaMsRuns: kills.map((k) => round(k.lossMediaMs, 0)),
      killIntoSegmentMsMedian: round(median(kills.map((k) => k.killIntoSegmentMs)), 0),
      killCutBytesMedian: median(kills.map((k) => k.cutBytes)),
      killTornSegmentsValid: kills.filter((k) => k.tornCodecs.join(',') === 'aac,h264' && k.recovered).length,
    },
    details: { preRecord: pre, boundaries: gaps, kills: kill },
  };
}

function agentKeys(agent) {
  return {
    headline: { agentRssMb: round(agent.agentRssMbMax, 1), agentCpuPercent: round(agent.agentCpuPercent, 2) },
    extra: {
      agentRssMedianMb: round(agent.agentRssMbMedian, 1),
      agentRssFirstMb: round(agent.agentRssMbFirst, 1),
      agentRssLastMb: round(agent.agentRssMbLast, 1),
      agentUssMedianMb: round(agent.agentUssMbMedian, 1),
      agentPssMedianMb: round(agent.agentPssMbMedian, 1),
      agentCpuPercentMaxInterval: round(agent.agentCpuPercentMaxInterval, 2),
      encoderCpuPercent: round(agent.encoderCpuPercent, 2),
      encoderRssMb: round(agent.encoderRssMbMedian, 1),
      relayCpuPercent: round(agent.relayCpuPercent, 2),
      nodeBaselineRssMb: round(agent.nodeBaselineRssMbMedian, 1),
      nodeBaselineCpuPercent: round(agent.nodeBaselineCpuPercent, 3),
      agentGatewayNodeCpuPercent: round(agent.gatewayNodeCpuPercent, 2),
      agentGatewayRecorderFfmpegCpuPercent: round(agent.gatewayRecorderFfmpegCpuPercent, 2),
      agentWindowSeconds: agent.windowSeconds,
      agentSampleSeconds: AGENT_SAMPLE_S,
      agentSamples: agent.samples,
      agentSegmentsOffloaded: agent.segmentsOffloaded,
      agentOtherCpuPercent: round(agent.otherCpuPercent, 1),
      agentMachineCpuPercent: round(agent.machineCpuPercent, 1),
    },
    details: { agentIntervals: agent.intervals, agentWarnings: agent.agentWarnings },
  };
}

function offloadKeys(off) {
  return {
    headline: { offloadMBps: round(median(off.runs.map((r) => r.MBps)), 1) },
    extra: {
      offloadMBpsRuns: off.runs.map((r) => round(r.MBps, 1)),
      offloadBytes: off.runs[0].bytes,
      offloadFiles: OFF_FILES,
      offloadFileBytes: OFF_FILE_BYTES,
      offloadChunkBytes: CHUNK,
      offloadGoalMBps: GOAL_OFFLOAD_MBPS,
      offloadVerified: off.runs.every((r) => r.verified),
      offloadAddHashSecondsMedian: round(median(off.runs.map((r) => r.addHashSeconds)), 2),
      offloadStationCpuPercent: round(median(off.runs.map((r) => r.gatewayCpuPercent)), 0),
      offloadRecorderCpuPercent: round(median(off.runs.map((r) => r.clientCpuPercent)), 0),
      offloadTimedRunMBps: round(off.timing.MBps, 1),
      offloadPatchSendSeconds: round(off.timing.patchSendSeconds, 2),
      offloadPatchStationTailSeconds: round(off.timing.patchStationTailSeconds, 2),
      offloadPatchStationTailMsMedian: round(off.timing.patchStationTailMsMedian, 1),
      offloadOtherRequestsSeconds: round(off.timing.otherRequestsSeconds, 2),
      offloadChunk64MiBMBps: round(off.chunk64.MBps, 1),
      ddFsyncMBps: round(off.ddFsyncMBps, 0),
      ddFsyncBeforeRunMBps: round(median(off.peerRuns.dd.filter((_, i) => i % 2 === 0)), 0),
      ddFsyncAfterRunMBps: round(median(off.peerRuns.dd.filter((_, i) => i % 2 === 1)), 0),
      sha256MBps: round(off.sha256MBps, 0),
      peerRunsMBps: {
        dd: off.peerRuns.dd.map((x) => round(x, 0)),
        sha256: off.peerRuns.sha256.map((x) => round(x, 0)),
      },
      offloadTmpfsMBps: round(median(off.shm.real), 1),
      offloadTmpfsWhatIfStationMBps: round(median(off.shm.whatIf), 1),
      offloadTmpfsWhatIfBothMBps: round(median(off.shm.whatIfNode), 1),
      offloadTmpfsRunsMBps: {
        real: off.shm.real.map((x) => round(x, 1)),
        whatIfStation: off.shm.whatIf.map((x) => round(x, 1)),
        whatIfBoth: off.shm.whatIfNode.map((x) => round(x, 1)),
      },
      storeProfileBytes: off.storeProfileBytes,
      storeAppendMBps: round(off.storeAppendMBps, 0),
      storeAppendNoFsyncMBps: round(off.storeAppendNoFsyncMBps, 0),
      storeAppendHwm4MiBMBps: round(off.storeAppendHwm4MiBMBps, 0),
      storeAppendHwm4MiBFsyncAtEndMBps: round(off.storeAppendHwm4MiBFsyncAtEndMBps, 0),
      httpFetchStreamMBps: round(off.httpFetchStreamMBps, 0),
      httpNodeRequestMBps: round(off.httpNodeRequestMBps, 0),
    },
    details: {
      offloadRuns: off.runs,
      offloadTimedRun: off.timing,
      offloadChunkRuns: [off.chunk64],
      storeProfileRuns: off.storeProfileRuns,
      httpProfileRuns: off.httpProfileRuns,
    },
  };
}

async function main() {
  const started = now();
  requireBuilt(['gateway', 'firmware-host', 'device-profiles', 'evidence']);
  const machine = {
    ...machineInfo(FFMPEG),
    filesystem: (() => {
      const r = spawnSync('df', ['-T', os.tmpdir()], { encoding: 'utf8' });
      return r.status === 0 ? r.stdout.trim().split('\n').at(-1).split(/\s+/).slice(0, 2).join(' ') : null;
    })(),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
  log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGb} GB, node ${machine.node}` +
      `${QUICK ? ' (quick)' : ''}${ONLY.length ? ` (only ${ONLY.join(', ')})` : ''}`,
  );

  const parts = [];
  let captureMachineCpuPercent = null;
  if (runs('capture')) {
    // 1–3: the capture pipelines, all at once (each is one small encoder, under 10 % of a core).
    log(
      `capture: ${PRE_RUNS} pre-record runs (${PRE_STANDBY_S} s standby, ${PRE_RECORD_S} s recording, sim defaults), ` +
        `${GAP_RUNS} boundary runs (${SHORT.segmentSeconds} s segments, ${GAP_RECORD_S} s), 1 run of ${KILLS} kill -9`,
    );
    const sink = await startRtmpSink();
    const busyA0 = machineTicks();
    const tA0 = now();
    const settled = await Promise.allSettled([
      ...Array.from({ length: PRE_RUNS }, (_, i) => preRecordRun(i + 1, sink)),
      ...Array.from({ length: GAP_RUNS }, (_, i) => gapRun(i + 1, sink)),
      killRun(sink),
    ]);
    captureMachineCpuPercent = ((machineTicks() - busyA0) / CLK_TCK / ((now() - tA0) / 1000)) * 100;
    closers.delete(sink.close);
    await sink.close();
    const failed = settled.filter((x) => x.status === 'rejected');
    if (failed.length) throw failed[0].reason;
    // The media analysis (decoding, ffprobe) only now, so it cannot disturb the capture runs.
    const values = [];
    for (const x of settled) {
      values.push(x.value.analyse());
      removeDir(x.value.dir);
    }
    parts.push(captureKeys(values.slice(0, PRE_RUNS), values.slice(PRE_RUNS, PRE_RUNS + GAP_RUNS), values.at(-1)));
  }
  if (runs('agent')) parts.push(agentKeys(await agentBench()));
  if (runs('offload')) parts.push(offloadKeys(await offloadBench()));

  const pick = (key) => parts.find((p) => key in p.headline)?.headline[key] ?? null;
  const result = {
    preRecordSeconds: pick('preRecordSeconds'),
    segmentGapMs: pick('segmentGapMs'),
    killLossMs: pick('killLossMs'),
    agentRssMb: pick('agentRssMb'),
    agentCpuPercent: pick('agentCpuPercent'),
    offloadMBps: pick('offloadMBps'),
    ...Object.assign({}, ...parts.map((p) => p.extra)),
    captureMachineCpuPercent: round(captureMachineCpuPercent, 1),
    details: Object.assign({}, ...parts.map((p) => p.details)),
    childWarnings,
    quick: QUICK,
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)) },
    benchSeconds: round((now() - started) / 1000),
    date: new Date().toISOString(),
  };
  if (ONLY.length === 0) {
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  } else {
    const partial = join(os.tmpdir(), 'liuhen-bench-recorder-partial.json');
    writeFileSync(partial, `${JSON.stringify(result, null, 2)}\n`);
    log(`--only: results not written to ${RESULTS}; partial results in ${partial}`);
  }

  const r = result;
  console.log('\n== liuhen recorder benchmark ==');
  if (r.preRecordSeconds !== null) {
    console.log(
      `pre-record     ${r.preRecordSeconds} s of footage before the press (median of ${PRE_RUNS}; from the media ${r.preRecordSecondsMedia} s; ` +
        `window ${r.preRecordWindowSeconds} s, ${r.preRecordSegmentSeconds} s segments)`,
    );
    console.log(
      `segment gap    ${r.segmentGapMs} ms beyond one frame interval (max over ${r.segmentGapBoundaries} boundaries; ` +
        `frames missing at boundaries ${r.segmentBoundaryFramesMissing}, ${r.segmentBoundariesIdentified} boundaries identified by content)`,
    );
    console.log(
      `kill -9 loss   ${r.killLossMs} ms (median of ${r.killLossMsRuns.length}: torn tail ${r.killLossTornTailMsMedian} + restart ${r.killRestartMsMedian}; ` +
        `from the media ${r.killLossMediaMsMedian} ms)`,
    );
  }
  if (r.agentCpuPercent !== null) {
    console.log(
      `agent          ${r.agentCpuPercent} % of a core, RSS max ${r.agentRssMb} MiB (median ${r.agentRssMedianMb}); encoder ${r.encoderCpuPercent} %; ` +
        `node baseline ${r.nodeBaselineRssMb} MiB, ${r.nodeBaselineCpuPercent} % (${r.agentWindowSeconds} s window)`,
    );
  }
  if (r.offloadMBps !== null) {
    console.log(
      `offload        ${r.offloadMBps} MB/s (median of ${OFF_RUNS}, MB = 10^6 B); dd conv=fsync ${r.ddFsyncMBps}, sha256 ${r.sha256MBps} MB/s`,
    );
  }
  console.log(`${ONLY.length ? 'done' : `wrote ${RESULTS}`} in ${r.benchSeconds} s`);
}

await runMain(main, runClosers);
