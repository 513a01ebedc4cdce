// Power cuts, restarts and trimming of the body-worn recorder (issue 11, "Measure"): what a
// power cut loses, whether a restart ever overwrites evidence, how far kept footage runs past a
// stop, and how soon after a start the first footage is in the evidence chain.
//
//   npx tsc -b && node bench/power-cut.mjs       (about 9 minutes; merges its figures into bench/results/recorder.json)
//   node bench/power-cut.mjs --only=trim          (one of powercut,trim; results go to a temp file instead)
//
// See bench/README.md ("Power cuts, restarts and trimming") for what each figure means and how it
// is measured. The existing keys of recorder.json (bench/recorder.mjs) are kept; this script only
// adds or replaces its own keys and `details.powerCut` / `details.trim`.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import os from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { getProfile } from '@liuhen/device-profiles';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import {
  CHAIN_SUFFIX,
  createChainWriter,
  loadOrCreateDeviceKeys,
  publicKeyFingerprint,
  readChainFile,
  segmentLayout,
  verifyFolder,
} from '@liuhen/evidence';
import { CapturePipeline } from '@liuhen/firmware-host';
// Not exported from the package index: taken from the built files directly.
import { resolveWatermarkFont, writeWatermarkFile } from '../firmware-host/dist/watermark.js';
import {
  CLK_TCK,
  apiFetch,
  here,
  installCleanup,
  log,
  machineInfo,
  machineTicks,
  median as medianOf,
  now,
  removeDir,
  requireBuilt,
  root,
  round as roundOrNull,
  runMain,
  sleep,
  startGatewayProc,
  stopGatewayProc,
  tempDir,
  track,
  waitFor as waitUntil,
  warningTally,
} from './lib.mjs';

const RUNNER = join(here, 'power-cut-recorder-proc.mjs');
const RESULTS = join(here, 'results', 'recorder.json');
const PHASES = ['trim', 'powercut'];
const ONLY = (
  process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',') ?? []
).filter(Boolean);
for (const p of ONLY) if (!PHASES.includes(p)) throw new Error(`--only: unknown phase ${p} (${PHASES.join(', ')})`);
const runs = (phase) => ONLY.length === 0 || ONLY.includes(phase);

const FFMPEG = resolveFfmpeg();
const OFFICER = '33010012';
const SIM = getProfile('sim');
const env = (name, dflt) => Number(process.env[name] ?? dflt);

// Power cuts: sim defaults (60 s segments, 1 s fragments, 30 s pre-record, no post-record).
const KILLS = env('BENCH_POWERCUT_KILLS', 6);
/** Each kill comes this long after the press plus a uniform random share of one segment. */
const KILL_MIN_S = 2;
const GRACEFUL = env('BENCH_POWERCUT_GRACEFUL', 3);
const POWERCUT_GOAL_MS = 1000;
// Trim: several stops on in-process capture pipelines, sim defaults, and a few with post-record.
const TRIM_STOPS = env('BENCH_TRIM_STOPS', 5);
const TRIM_STOPS_POST = env('BENCH_TRIM_STOPS_POST', 3);
const TRIM_POST_S = 5;
const FIRST_ENTRY_GOAL_S = 2;
const POLL_MS = 20;

installCleanup();
const closers = new Set();
async function runClosers() {
  for (const c of [...closers]) {
    closers.delete(c);
    await c().catch(() => undefined);
  }
}
const warnings = warningTally({ echo: true });
const childOptions = { noteWarning: warnings.note, echoStderr: true };

// ---------------------------------------------------------------- statistics

const round = (x, d = 1) => (Number.isFinite(x) ? roundOrNull(x, d) : null);
const present = (xs) => xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
const median = (xs) => medianOf(present(xs));
const max = (xs) => (present(xs).length ? Math.max(...present(xs)) : null);
const waitFor = (fn, timeoutMs, what) => waitUntil(fn, timeoutMs, what, 50);
const rand = (a, b) => a + Math.random() * (b - a);

// ---------------------------------------------------------------- files

/** Every file under dir (recursive), as paths. */
function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const sha256File = (p) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Complete lines of a chain file being written (the last one may be half there), parsed. */
function chainLines(p) {
  let text;
  try {
    text = readFileSync(p, 'utf8');
  } catch {
    return [];
  }
  const out = [];
  for (const l of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (!l.trim()) continue;
    try {
      out.push(JSON.parse(l));
    } catch {
      /* not whole yet */
    }
  }
  return out;
}

/**
 * Polls `bufferDir` for the first chain entry, and the first `fragment` entry, of a segment not in
 * `known` (a segment of the run being started). Resolves { entryAt, fragmentAt, segment } (wall ms
 * of the poll that saw it; POLL_MS resolution) or nulls when `until()` says stop or after timeoutMs.
 */
async function watchFirstEntry(bufferDir, known, until, timeoutMs = 60_000) {
  const r = { entryAt: null, fragmentAt: null, segment: null, firstKind: null };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !until()) {
    const t = Date.now();
    let names = [];
    try {
      names = readdirSync(bufferDir).filter((n) => n.endsWith(CHAIN_SUFFIX) && !known.has(n));
    } catch {
      /* not made yet */
    }
    for (const n of names.sort()) {
      const lines = chainLines(join(bufferDir, n));
      if (lines.length === 0) continue;
      if (r.entryAt === null) {
        r.entryAt = t;
        r.segment = n.slice(0, -CHAIN_SUFFIX.length);
        r.firstKind = lines[0].kind;
      }
      if (r.fragmentAt === null && lines.some((e) => e.kind === 'fragment')) r.fragmentAt = t;
    }
    if (r.entryAt !== null && r.fragmentAt !== null) break;
    await sleep(POLL_MS);
  }
  return r;
}

// ---------------------------------------------------------------- 1. trim: kept footage after a stop

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

/** A CapturePipeline set up the way startAgent sets it up (watermark, signed evidence chain, fsync). */
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
    stopping ??= cap.stop().then(() => writer.close());
    return stopping;
  };
  closers.add(stop);
  return { cap, writer, evidence, logs, stop };
}

/** Latest original media end (ms) over the segments that left buffer/ (kept or discarded), by their chains. */
function settledMediaEnd(dir) {
  let end = -Infinity;
  for (const p of walk(join(dir, 'evidence')).filter((f) => f.endsWith(CHAIN_SUFFIX))) {
    const layout = segmentLayout(chainLines(p).map((e) => ({ e })));
    for (const m of layout.media) if (m.e.fragmentIndex >= 0) end = Math.max(end, Date.parse(m.e.end));
  }
  return end;
}

async function trimRun(i, postSeconds, sink) {
  const dir = tempDir(`liuhen-bench-trim${i}-`);
  const profile = { ...SIM, recording: { ...SIM.recording, postRecordSeconds: postSeconds } };
  const rec = profile.recording;
  const deviceId = `trim-${i}`;
  const c = await makeCapture({ dir, deviceId, profile, sink });
  try {
    const startAt = Date.now();
    c.cap.start();
    const first = await watchFirstEntry(join(dir, 'buffer'), new Set(), () => false, 30_000);
    // The press and the stop land anywhere in a segment.
    const standbyMs = rand(8, 68) * 1000;
    await sleep(Math.max(0, startAt + standbyMs - Date.now()));
    const pressAt = Date.now();
    c.cap.beginRecording(`trim-${i}`, pressAt);
    const recordMs = rand(5, 45) * 1000;
    await sleep(recordMs);
    const stopAt = Date.now();
    c.cap.endRecording(stopAt);
    const windowFrom = pressAt - rec.preRecordSeconds * 1000;
    const windowTo = stopAt + rec.postRecordSeconds * 1000;
    // Standby goes on until the segment holding the window's end was closed by the segment timer
    // and classified (kept, trimmed, or discarded), as on a recorder that stays on.
    let settledInStandby = true;
    try {
      await waitFor(
        () => settledMediaEnd(dir) >= windowTo + 1000,
        (rec.segmentSeconds + rec.preRecordSeconds + rec.postRecordSeconds + 40) * 1000,
        `trim run ${i}: the segment holding the end of the window settled`,
      );
    } catch {
      settledInStandby = false;
    }
    await sleep(2000);
    await c.stop();
    await c.cap.settled();
    const ev = [...c.evidence].sort((a, b) => a.index - b.index);
    const keptFrom = ev.length ? Math.min(...ev.map((s) => s.startedAt.getTime())) : null;
    const keptTo = ev.length ? Math.max(...ev.map((s) => s.endedAt.getTime())) : null;
    // The same from the chains of evidence/: the end of the last kept fragment.
    let chainKeptTo = -Infinity;
    for (const p of walk(join(dir, 'evidence')).filter((f) => f.endsWith(CHAIN_SUFFIX) && !f.includes('discarded'))) {
      const layout = segmentLayout((await readChainFile(p)).entries.map((e) => ({ e })));
      for (const k of layout.kept)
        if (k.part.e.fragmentIndex >= 0) chainKeptTo = Math.max(chainKeptTo, Date.parse(k.part.e.end));
    }
    const verify = await verifyFolder(dir, {});
    const r = {
      run: i,
      postRecordSeconds: rec.postRecordSeconds,
      preRecordSeconds: rec.preRecordSeconds,
      segmentSeconds: rec.segmentSeconds,
      standbySeconds: round((pressAt - startAt) / 1000, 2),
      recordedSeconds: round((stopAt - pressAt) / 1000, 2),
      secondsUntilFirstChainEntry: first.entryAt === null ? null : round((first.entryAt - startAt) / 1000, 3),
      secondsUntilFirstFragmentEntry: first.fragmentAt === null ? null : round((first.fragmentAt - startAt) / 1000, 3),
      firstEntryKind: first.firstKind,
      settledInStandby,
      keptSegments: ev.map((s) => ({
        name: s.name,
        startedAt: s.startedAt.toISOString(),
        endedAt: s.endedAt.toISOString(),
        cutFragments: s.cutFragments,
      })),
      keptSecondsAfterStop: keptTo === null ? null : round((keptTo - stopAt) / 1000, 3),
      keptSecondsPastWindow: keptTo === null ? null : round((keptTo - windowTo) / 1000, 3),
      keptSecondsAfterStopFromChain: Number.isFinite(chainKeptTo) ? round((chainKeptTo - stopAt) / 1000, 3) : null,
      // Only when the encoder ran for the whole pre-record window before the press.
      keptSecondsBeforeWindow:
        keptFrom === null || windowFrom < c.cap.restarts[0] + 1000 ? null : round((windowFrom - keptFrom) / 1000, 3),
      verifyErrors: verify.problems.filter((p) => p.severity === 'error').map((p) => p.message),
      discardEntries: verify.problems.filter((p) => p.code === 'DISCARDED').length,
    };
    log(
      `trim run ${i} (post-record ${rec.postRecordSeconds} s): kept up to ${r.keptSecondsAfterStop} s after the stop ` +
        `(${r.keptSecondsPastWindow} s past stop + post-record), from ${r.keptSecondsBeforeWindow} s before press − pre-record; ` +
        `first chain entry ${r.secondsUntilFirstChainEntry} s after start, first fragment entry ${r.secondsUntilFirstFragmentEntry} s`,
    );
    return r;
  } finally {
    await c.stop();
    removeDir(dir);
  }
}

async function trimBench() {
  log(
    `trim: ${TRIM_STOPS} stops with sim defaults (post-record ${SIM.recording.postRecordSeconds} s) and ` +
      `${TRIM_STOPS_POST} with post-record ${TRIM_POST_S} s, ${SIM.recording.segmentSeconds} s segments, all at once`,
  );
  const sink = await startRtmpSink();
  const busy0 = machineTicks();
  const t0 = now();
  const settled = await Promise.allSettled([
    ...Array.from({ length: TRIM_STOPS }, (_, i) =>
      sleep(i * 1500).then(() => trimRun(i + 1, SIM.recording.postRecordSeconds, sink)),
    ),
    ...Array.from({ length: TRIM_STOPS_POST }, (_, i) =>
      sleep((TRIM_STOPS + i) * 1500).then(() => trimRun(TRIM_STOPS + i + 1, TRIM_POST_S, sink)),
    ),
  ]);
  const machineCpuPercent = ((machineTicks() - busy0) / CLK_TCK / ((now() - t0) / 1000)) * 100;
  closers.delete(sink.close);
  await sink.close();
  const failed = settled.filter((x) => x.status === 'rejected');
  if (failed.length) throw failed[0].reason;
  return { runs: settled.map((x) => x.value), machineCpuPercent };
}

function trimKeys(t) {
  const dflt = t.runs.filter((r) => r.postRecordSeconds === SIM.recording.postRecordSeconds);
  const post = t.runs.filter((r) => r.postRecordSeconds === TRIM_POST_S);
  const after = dflt.map((r) => r.keptSecondsAfterStop);
  const afterPost = post.map((r) => r.keptSecondsAfterStop);
  const firsts = t.runs.map((r) => r.secondsUntilFirstChainEntry);
  return {
    headline: {
      keptSecondsAfterStopMedian: round(median(after), 2),
      keptSecondsAfterStopMax: round(max(after), 2),
    },
    extra: {
      keptSecondsAfterStopRuns: after,
      keptSecondsAfterStopPostRecordSeconds: SIM.recording.postRecordSeconds,
      keptSecondsAfterStopGoalMax: SIM.recording.postRecordSeconds + 1,
      keptSecondsAfterStopPost5sMedian: round(median(afterPost), 2),
      keptSecondsAfterStopPost5sMax: round(max(afterPost), 2),
      keptSecondsAfterStopPost5sRuns: afterPost,
      keptSecondsAfterStopPost5sGoalMax: TRIM_POST_S + 1,
      keptSecondsPastWindowMax: round(max(t.runs.map((r) => r.keptSecondsPastWindow)), 2),
      keptSecondsBeforeWindowMax: round(max(t.runs.map((r) => r.keptSecondsBeforeWindow)), 2),
      trimRunsSettledInStandby: t.runs.filter((r) => r.settledInStandby).length,
      trimRunsVerifyErrors: t.runs.reduce((n, r) => n + r.verifyErrors.length, 0),
      secondsUntilFirstChainEntryCaptureMedian: round(median(firsts), 2),
      secondsUntilFirstChainEntryCaptureMax: round(max(firsts), 2),
      secondsUntilFirstFragmentEntryCaptureMedian: round(
        median(t.runs.map((r) => r.secondsUntilFirstFragmentEntry)),
        2,
      ),
      trimMachineCpuPercent: round(t.machineCpuPercent, 1),
    },
    details: { trim: t.runs },
  };
}

// ---------------------------------------------------------------- 2. power cuts and restarts of the whole recorder

const DEVICE = 'pc-bench-001';

/** Basenames of every file under dir. */
const namesUnder = (dir) => new Set(walk(dir).map((p) => basename(p)));

/**
 * What is on the recorder as evidence: every segment and chain file under evidence/ (kept segments,
 * discard chains, sent discard chains, conflict folders) with its SHA-256, and which segments the
 * station has acknowledged (their manifests).
 */
function snapshot(deviceDir, label) {
  const evDir = join(deviceDir, 'evidence');
  const files = new Map();
  const acked = new Set();
  for (const p of walk(evDir)) {
    const rel = relative(deviceDir, p);
    if (p.endsWith('.mp4') || p.endsWith(CHAIN_SUFFIX)) files.set(rel, { name: basename(p), sha256: sha256File(p) });
    else if (p.endsWith('.mp4.json')) {
      try {
        const m = JSON.parse(readFileSync(p, 'utf8'));
        if (m.acked) acked.add(m.name);
      } catch {
        /* half written: not acknowledged as far as we know */
      }
    }
  }
  return { label, files, acked };
}

/** Evidence files of `prev` that are changed or gone (and not acknowledged) in `next`. */
function compareSnapshots(prev, next) {
  const byName = new Map();
  for (const [rel, f] of next.files) byName.set(f.name, { rel, ...f });
  const changed = [];
  const vanished = [];
  let moved = 0;
  let evicted = 0;
  for (const [rel, f] of prev.files) {
    const same = next.files.get(rel) ?? byName.get(f.name);
    if (same) {
      if (same.sha256 !== f.sha256) changed.push(rel);
      else if (!next.files.has(rel)) moved += 1; // e.g. a discard chain to discarded/sent/ once offloaded
      continue;
    }
    const segment = f.name.endsWith(CHAIN_SUFFIX) ? f.name.slice(0, -CHAIN_SUFFIX.length) : f.name;
    if (prev.acked.has(segment)) evicted += 1;
    else vanished.push(rel);
  }
  return { from: prev.label, to: next.label, compared: prev.files.size, changed, vanished, moved, evicted };
}

/** Starts the recorder process as the leader of its own process group. */
function runRecorder(ctx, { record, enrollCode, kind }) {
  const settings = {
    dataDir: ctx.dataDir,
    mqttUrl: ctx.mqttUrl,
    rtmpUrl: ctx.rtmpUrl,
    stationUrl: ctx.gw.url,
    recording: SIM.recording,
    record,
    ...(enrollCode ? { enrollCode } : {}),
  };
  const known = namesUnder(ctx.deviceDir);
  const spawnAt = Date.now();
  const child = track(
    spawn(process.execPath, [RUNNER], {
      cwd: root,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LIUHEN_BENCH_RECORDER: JSON.stringify(settings) },
    }),
  );
  const lines = [];
  const waiters = [];
  const onLine = (line) => {
    const l = { t: Date.now(), line };
    lines.push(l);
    ctx.allLines.push(l);
    for (const w of waiters.filter((x) => x.re.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  createInterface({ input: child.stdout }).on('line', onLine);
  createInterface({ input: child.stderr }).on('line', (line) => {
    onLine(`STDERR ${line}`);
    if (line.trim() && !/^\(Use `node --trace-warnings/.test(line)) warnings.note('recorder', line);
  });
  let gone = false;
  const exited = new Promise((r) =>
    child.once('exit', (code, signal) => {
      gone = true;
      r({ code, signal });
    }),
  );
  const firstEntry = watchFirstEntry(join(ctx.deviceDir, 'buffer'), known, () => gone);
  const line = (re, timeoutMs) =>
    new Promise((resolve, reject) => {
      const seen = lines.find((l) => re.test(l.line));
      if (seen) return resolve(seen.line);
      const t = setTimeout(
        () =>
          reject(
            new Error(
              `recorder never printed ${re}: ${lines
                .slice(-10)
                .map((l) => l.line)
                .join(' | ')}`,
            ),
          ),
        timeoutMs,
      );
      waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
    });
  const timeOf = (tag) => {
    const l = lines.find((x) => x.line.startsWith(`${tag} `));
    return l ? Number(l.line.split(' ')[1]) : null;
  };
  return { child, kind, spawnAt, lines, line, exited, firstEntry, timeOf };
}

/** Waits until no process of the group is left (the agent's ffmpegs die with it). */
async function groupGone(pgid, timeoutMs = 10_000) {
  await waitFor(
    () => {
      try {
        process.kill(-pgid, 0);
        return false;
      } catch {
        return true;
      }
    },
    timeoutMs,
    `process group ${pgid} gone`,
  );
}

/** The first-chain-entry figures of one start. */
async function startFigures(rec) {
  const f = await rec.firstEntry;
  const startingAt = rec.timeOf('STARTING');
  const agentAt = rec.timeOf('AGENT');
  const s = (t, from) => (t === null || from === null ? null : round((t - from) / 1000, 3));
  return {
    kind: rec.kind,
    secondsUntilFirstChainEntry: s(f.entryAt, startingAt),
    secondsUntilFirstFragmentEntry: s(f.fragmentAt, startingAt),
    secondsUntilFirstChainEntryFromSpawn: s(f.entryAt, rec.spawnAt),
    secondsFromSpawnToStartAgent: s(startingAt, rec.spawnAt),
    secondsInStartAgent: s(agentAt, startingAt),
    firstSegment: f.segment,
    firstEntryKind: f.firstKind,
  };
}

/** Loss per kill: kill time − end of the last kept fragment that began before it (all chains, discards aside). */
async function powerCutLosses(deviceDir, kills) {
  const kept = [];
  for (const p of walk(deviceDir).filter((f) => f.endsWith(CHAIN_SUFFIX) && !f.includes('/discarded'))) {
    const read = await readChainFile(p);
    if (!read) continue;
    const layout = segmentLayout(read.entries.map((e) => ({ e })));
    for (const k of layout.kept) {
      const e = k.part.e;
      if (e.fragmentIndex >= 0)
        kept.push({ segment: e.segment, kind: e.kind, start: Date.parse(e.start), end: Date.parse(e.end) });
    }
  }
  return kills.map((k) => {
    const before = kept.filter((e) => e.start < k.at);
    if (before.length === 0) return { ...k, lossMs: null, rawMs: null };
    const last = before.reduce((a, b) => (b.end > a.end ? b : a));
    const segStart = Math.min(...kept.filter((e) => e.segment === last.segment).map((e) => e.start));
    return {
      ...k,
      lossMs: Math.max(0, k.at - last.end),
      // Negative: a kept fragment ran past the kill time (clocks of fragment times vs the kill).
      rawMs: k.at - last.end,
      segment: last.segment,
      lastKeptKind: last.kind,
      lastKeptFragmentMs: last.end - last.start,
      killSecondsIntoSegment: round((k.at - segStart) / 1000, 2),
    };
  });
}

async function powerCutBench() {
  const dir = tempDir('liuhen-bench-powercut-');
  let gw = null;
  const started = now();
  const busy0 = machineTicks();
  try {
    gw = await startGatewayProc(join(dir, 'gw'), childOptions);
    const add = await apiFetch(`${gw.url}/api/devices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: DEVICE, profile: 'sim' }),
    });
    if (add.status !== 201) throw new Error(`POST /api/devices: HTTP ${add.status} ${await add.text()}`);
    const enr = await apiFetch(`${gw.url}/api/devices/${DEVICE}/enrollment`, { method: 'POST' });
    if (!enr.ok) throw new Error(`POST /api/devices/${DEVICE}/enrollment: HTTP ${enr.status} ${await enr.text()}`);
    const { code } = await enr.json();
    const dataDir = join(dir, 'rec');
    mkdirSync(dataDir, { recursive: true });
    const ctx = {
      gw,
      dataDir,
      deviceDir: join(dataDir, DEVICE),
      mqttUrl: `mqtt://127.0.0.1:${gw.ports.mqtt}`,
      rtmpUrl: `rtmp://127.0.0.1:${gw.ports.rtmp}`,
      allLines: [],
    };
    const kills = [];
    const starts = [];
    const snapshots = [];
    const graceful = [];
    const segMs = SIM.recording.segmentSeconds * 1000;

    // Power cuts: each start records at once; the whole process group is killed at a random moment.
    log(
      `power cut: ${KILLS} kills of the whole recorder process group (${SIM.recording.segmentSeconds} s segments, ` +
        `${KILL_MIN_S}–${KILL_MIN_S + SIM.recording.segmentSeconds} s after the press), then ${GRACEFUL} graceful stop + restart cycles`,
    );
    for (let i = 0; i < KILLS; i++) {
      const rec = runRecorder(ctx, {
        record: true,
        kind: i === 0 ? 'first boot (enrolls)' : 'after a power cut',
        ...(i === 0 ? { enrollCode: code } : {}),
      });
      await rec.line(/^RECORDING /, 60_000);
      const delay = KILL_MIN_S * 1000 + Math.random() * segMs;
      await sleep(delay);
      const at = Date.now();
      process.kill(-rec.child.pid, 'SIGKILL');
      await rec.exited;
      await groupGone(rec.child.pid);
      starts.push(await startFigures(rec));
      kills.push({ kill: i + 1, at, recordedSeconds: round((at - rec.timeOf('RECORDING')) / 1000, 2) });
      snapshots.push(snapshot(ctx.deviceDir, `after kill ${i + 1}`));
      log(
        `  kill ${i + 1}: ${kills.at(-1).recordedSeconds} s after the press; first chain entry of that start ${starts.at(-1).secondsUntilFirstChainEntry} s after startAgent`,
      );
    }
    // Graceful stop + restart: record, sometimes stop recording first, then SIGINT (the CLI's stop).
    for (let i = 0; i < GRACEFUL; i++) {
      const rec = runRecorder(ctx, { record: true, kind: i === 0 ? 'after a power cut' : 'after a graceful stop' });
      await rec.line(/^RECORDING /, 60_000);
      const recordMs = rand(4, 12) * 1000;
      await sleep(recordMs);
      const stoppedRecording = i % 2 === 1;
      if (stoppedRecording) {
        rec.child.stdin.write('press\n');
        await rec.line(/^STATE \d+ standby/, 10_000);
        await sleep(3000);
      }
      const sigintAt = Date.now();
      rec.child.kill('SIGINT');
      let clean = true;
      try {
        await rec.line(/^STOPPED /, 60_000);
      } catch {
        clean = false;
        process.kill(-rec.child.pid, 'SIGKILL');
      }
      const ex = await rec.exited;
      await groupGone(rec.child.pid);
      starts.push(await startFigures(rec));
      graceful.push({
        cycle: i + 1,
        recordedSeconds: round(recordMs / 1000, 2),
        stoppedRecordingFirst: stoppedRecording,
        stopSeconds: round((Date.now() - sigintAt) / 1000, 2),
        clean: clean && ex.code === 0,
      });
      snapshots.push(snapshot(ctx.deviceDir, `after graceful stop ${i + 1}`));
      log(`  graceful stop ${i + 1}: ${graceful.at(-1).stopSeconds} s to stop, clean ${graceful.at(-1).clean}`);
    }
    // A last start offloads everything left; then a last graceful stop.
    const last = runRecorder(ctx, { record: false, kind: 'after a graceful stop' });
    await last.line(/^READY /, 60_000);
    const evidenceDir = join(ctx.deviceDir, 'evidence');
    const lastStartAt = Date.now();
    let allOffloaded = true;
    try {
      await waitFor(
        () => {
          const names = readdirSync(evidenceDir);
          const segs = names.filter((f) => f.endsWith('.mp4'));
          const acked = new Set(
            names
              .filter((f) => f.endsWith('.mp4.json'))
              .map((f) => {
                try {
                  return JSON.parse(readFileSync(join(evidenceDir, f), 'utf8'));
                } catch {
                  return {};
                }
              })
              .filter((m) => m.acked)
              .map((m) => m.name),
          );
          const discards = existsSync(join(evidenceDir, 'discarded'))
            ? readdirSync(join(evidenceDir, 'discarded')).filter((f) => f.endsWith(CHAIN_SUFFIX)).length
            : 0;
          return segs.length > 0 && segs.every((s) => acked.has(s)) && discards === 0;
        },
        180_000,
        'every kept segment acknowledged and every discard chain offloaded',
      );
    } catch {
      allOffloaded = false;
    }
    const offloadSeconds = round((Date.now() - lastStartAt) / 1000, 1);
    last.child.kill('SIGINT');
    try {
      await last.line(/^STOPPED /, 60_000);
    } catch {
      process.kill(-last.child.pid, 'SIGKILL');
    }
    await last.exited;
    await groupGone(last.child.pid);
    starts.push(await startFigures(last));
    snapshots.push(snapshot(ctx.deviceDir, 'after the last stop'));
    log(`  last start: everything offloaded ${allOffloaded} (${offloadSeconds} s)`);

    // Overwrites: conflicts the recorder reported, duplicate segment names, changed or vanished evidence.
    const conflicts = ctx.allLines.filter((l) => /NAME CONFLICT/.test(l.line)).map((l) => l.line);
    const conflictDirs = walk(ctx.deviceDir).filter((p) => /\/conflict-\d+\//.test(p)).length;
    const chainFiles = walk(ctx.deviceDir).filter((p) => p.endsWith(CHAIN_SUFFIX));
    const chainNames = chainFiles.map((p) => basename(p));
    const duplicateNames = chainNames.length - new Set(chainNames).size;
    const comparisons = snapshots.slice(1).map((s, i) => compareSnapshots(snapshots[i], s));
    const changed = comparisons.reduce((n, c) => n + c.changed.length, 0);
    const vanished = comparisons.reduce((n, c) => n + c.vanished.length, 0);

    const losses = await powerCutLosses(ctx.deviceDir, kills);
    for (const l of losses)
      log(`  kill ${l.kill}: lost ${l.lossMs} ms (${l.killSecondsIntoSegment} s into ${l.segment})`);

    // Every kept segment plays; both copies verify (no --allow-gaps), with the enrolled key.
    const segs = readdirSync(evidenceDir).filter((f) => f.endsWith('.mp4'));
    const unplayable = segs.filter(
      (f) =>
        spawnSync(FFMPEG, ['-v', 'error', '-i', join(evidenceDir, f), '-f', 'null', '-'], { encoding: 'utf8' })
          .status !== 0,
    );
    const key = createPublicKey(readFileSync(join(ctx.deviceDir, 'keys', 'device.pub.pem')));
    const publicKeys = [{ key, fingerprint: publicKeyFingerprint(key) }];
    const onRecorder = await verifyFolder(ctx.deviceDir, { publicKeys });
    const stationDir = join(gw.dataDir, 'footage', DEVICE, 'device');
    const atStation = existsSync(stationDir) ? await verifyFolder(stationDir, { publicKeys }) : null;
    const errors = (r) =>
      r ? r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`) : ['no station copy'];
    const notable = ctx.allLines
      .map((l) => l.line)
      .filter((l) => /^STDERR|recovered|cut short|CONFLICT|could not|refused|quarantin|error|fail/i.test(l));
    return {
      kills: losses,
      starts,
      graceful,
      conflicts,
      conflictDirs,
      chainFiles: chainFiles.length,
      duplicateNames,
      comparisons: comparisons.map((c) => ({
        from: c.from,
        to: c.to,
        compared: c.compared,
        changed: c.changed,
        vanished: c.vanished,
        moved: c.moved,
        evicted: c.evicted,
      })),
      changed,
      vanished,
      evidenceFilesCompared: comparisons.reduce((n, c) => n + c.compared, 0),
      allOffloaded,
      offloadSeconds,
      keptSegments: segs.length,
      unplayable,
      recorderVerifyErrors: errors(onRecorder),
      stationVerifyErrors: errors(atStation),
      stationSegments: atStation ? atStation.segments.filter((s) => !s.discarded).length : 0,
      recorderLog: notable.slice(0, 200),
      seconds: round((now() - started) / 1000, 1),
      // Everything on the machine, this benchmark included (100 % = one core).
      machineCpuPercent: round(((machineTicks() - busy0) / CLK_TCK / ((now() - started) / 1000)) * 100, 1),
    };
  } finally {
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

function powerCutKeys(p) {
  const losses = p.kills.map((k) => k.lossMs);
  const agentStarts = p.starts.map((s) => s.secondsUntilFirstChainEntry);
  const overwrites = p.conflicts.length + p.duplicateNames + p.changed + p.vanished;
  return {
    headline: {
      powerCutLossMsMedian: round(median(losses), 0),
      powerCutLossMsMax: round(max(losses), 0),
      restartOverwrites: overwrites,
      secondsUntilFirstChainEntryMedian: round(median(agentStarts), 2),
      secondsUntilFirstChainEntryMax: round(max(agentStarts), 2),
    },
    extra: {
      powerCutLossMsRuns: losses,
      powerCutKills: p.kills.length,
      powerCutGoalMs: POWERCUT_GOAL_MS,
      powerCutKillSecondsIntoSegment: p.kills.map((k) => k.killSecondsIntoSegment),
      restartNameConflicts: p.conflicts.length,
      restartConflictFolderFiles: p.conflictDirs,
      restartDuplicateSegmentNames: p.duplicateNames,
      restartEvidenceFilesChanged: p.changed,
      restartEvidenceFilesVanished: p.vanished,
      restartEvidenceFilesCompared: p.evidenceFilesCompared,
      restartCycles: { powerCuts: p.kills.length, gracefulStops: p.graceful.length + 1 },
      restartAllOffloaded: p.allOffloaded,
      restartOffloadSecondsAfterLastStart: p.offloadSeconds,
      restartKeptSegments: p.keptSegments,
      restartStationSegments: p.stationSegments,
      restartUnplayableSegments: p.unplayable.length,
      restartRecorderVerifyErrors: p.recorderVerifyErrors.length,
      restartStationVerifyErrors: p.stationVerifyErrors.length,
      powerCutMachineCpuPercent: p.machineCpuPercent,
      secondsUntilFirstChainEntryRuns: agentStarts,
      secondsUntilFirstChainEntryGoalMax: FIRST_ENTRY_GOAL_S,
      secondsUntilFirstFragmentEntryMedian: round(median(p.starts.map((s) => s.secondsUntilFirstFragmentEntry)), 2),
      secondsUntilFirstFragmentEntryMax: round(max(p.starts.map((s) => s.secondsUntilFirstFragmentEntry)), 2),
      secondsUntilFirstChainEntryFromSpawnMedian: round(
        median(p.starts.map((s) => s.secondsUntilFirstChainEntryFromSpawn)),
        2,
      ),
      secondsUntilFirstChainEntryFromSpawnMax: round(
        max(p.starts.map((s) => s.secondsUntilFirstChainEntryFromSpawn)),
        2,
      ),
    },
    details: { powerCut: p },
  };
}

// ---------------------------------------------------------------- main

/** Existing results with our keys put in after the recorder's own headline keys (replacing earlier values). */
function merge(existing, ours) {
  const out = {};
  const inserted = () => Object.assign(out, ours.headline, ours.extra);
  let done = false;
  for (const [k, v] of Object.entries(existing)) {
    if (k in ours.headline || k in ours.extra || k === 'powerCutBench') continue;
    if (k === 'details') {
      out.details = { ...v, ...ours.details };
      continue;
    }
    out[k] = v;
    if (k === 'offloadMBps') {
      inserted();
      done = true;
    }
  }
  if (!done) inserted();
  if (!('details' in out)) out.details = ours.details;
  out.powerCutBench = ours.bench;
  return out;
}

async function main() {
  const started = now();
  requireBuilt(['gateway', 'firmware-host', 'device-profiles', 'evidence']);
  const machine = { ...machineInfo(FFMPEG), loadAverageAtStart: os.loadavg().map((x) => round(x, 2)) };
  log(
    `machine: ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}${ONLY.length ? ` (only ${ONLY.join(', ')})` : ''}`,
  );
  const parts = [];
  if (runs('trim')) parts.push(trimKeys(await trimBench()));
  if (runs('powercut')) parts.push(powerCutKeys(await powerCutBench()));
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout.trim();
  const ours = {
    headline: Object.assign({}, ...parts.map((p) => p.headline)),
    extra: Object.assign({}, ...parts.map((p) => p.extra)),
    details: Object.assign({}, ...parts.map((p) => p.details)),
    bench: {
      script: 'bench/power-cut.mjs',
      seconds: round((now() - started) / 1000, 1),
      date: new Date().toISOString(),
      gitHead: git(['rev-parse', 'HEAD']),
      treeDirty: git(['status', '--porcelain', '--untracked-files=no']).length > 0,
      childWarnings: warnings.list,
      machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)) },
    },
  };
  if (ONLY.length === 0) {
    const existing = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
    mkdirSync(dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(merge(existing, ours), null, 2)}\n`);
  } else {
    const partial = join(os.tmpdir(), 'liuhen-bench-power-cut-partial.json');
    writeFileSync(partial, `${JSON.stringify(merge({}, ours), null, 2)}\n`);
    log(`--only: results not written to ${RESULTS}; partial results in ${partial}`);
  }

  const h = ours.headline;
  const x = ours.extra;
  const verdict = (v, goal) => (v === null || v === undefined ? 'not measured' : v <= goal ? 'meets' : 'MISSES');
  console.log('\n== liuhen recorder: power cuts, restarts, trimming ==');
  if ('powerCutLossMsMedian' in h) {
    console.log(
      `power cut loss        median ${h.powerCutLossMsMedian} ms, max ${h.powerCutLossMsMax} ms over ${x.powerCutKills} kills ` +
        `(${x.powerCutLossMsRuns.join(', ')}); goal ≤ ${POWERCUT_GOAL_MS}: ${verdict(h.powerCutLossMsMax, POWERCUT_GOAL_MS)}`,
    );
    console.log(
      `restart overwrites    ${h.restartOverwrites} (conflicts ${x.restartNameConflicts}, duplicate names ${x.restartDuplicateSegmentNames}, ` +
        `changed ${x.restartEvidenceFilesChanged}, vanished ${x.restartEvidenceFilesVanished}; ${x.restartEvidenceFilesCompared} file comparisons); goal 0: ` +
        `${h.restartOverwrites === 0 ? 'meets' : 'MISSES'}`,
    );
    console.log(
      `first chain entry     median ${h.secondsUntilFirstChainEntryMedian} s, max ${h.secondsUntilFirstChainEntryMax} s after startAgent ` +
        `over ${x.secondsUntilFirstChainEntryRuns.length} starts; goal ≤ ${FIRST_ENTRY_GOAL_S}: ${verdict(h.secondsUntilFirstChainEntryMax, FIRST_ENTRY_GOAL_S)}`,
    );
    console.log(
      `offload/verify        all offloaded ${x.restartAllOffloaded}; verify errors recorder ${x.restartRecorderVerifyErrors}, station ${x.restartStationVerifyErrors}; unplayable ${x.restartUnplayableSegments}`,
    );
  }
  if ('keptSecondsAfterStopMedian' in h) {
    console.log(
      `kept after stop       median ${h.keptSecondsAfterStopMedian} s, max ${h.keptSecondsAfterStopMax} s (post-record ${x.keptSecondsAfterStopPostRecordSeconds} s); ` +
        `goal ≤ ${x.keptSecondsAfterStopGoalMax}: ${verdict(h.keptSecondsAfterStopMax, x.keptSecondsAfterStopGoalMax)}; ` +
        `with post-record ${TRIM_POST_S} s: median ${x.keptSecondsAfterStopPost5sMedian}, max ${x.keptSecondsAfterStopPost5sMax} s`,
    );
    console.log(
      `first entry (capture) median ${x.secondsUntilFirstChainEntryCaptureMedian} s, max ${x.secondsUntilFirstChainEntryCaptureMax} s after CapturePipeline.start()`,
    );
  }
  console.log(`${ONLY.length ? 'done' : `merged into ${RESULTS}`} in ${ours.bench.seconds} s`);
}

await runMain(main, runClosers);
