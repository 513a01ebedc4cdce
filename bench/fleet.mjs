// Fleet benchmark: a station's gateway under a fleet of recorders.
//
//   npx tsc -b && node bench/fleet.mjs        (writes bench/results/fleet.json and fleet.md; about 13 minutes)
//
//  1. press → dashboard at 500 recorders: 500 simulated recorders (real MQTT clients, 125 per child process)
//     publishing telemetry every 5 s and state as firmware-host does; a press publishes a state change
//     standby → recording; the time until that `device` event arrives on the dashboard's SSE channel.
//  2. streams recorded: M RTMP streams (a pre-encoded ~2 Mb/s H.264 + AAC file, looped by one
//     `ffmpeg -re -c copy` each) ramped up; at each level the station's recordings are counted
//     frame by frame against what was pushed; CPU and memory of the gateway and its recorder ffmpegs.
//  3. MQTT state messages per second through the gateway's aedes and, in the same script, through
//     Debian's Mosquitto with the same publishers and subscriber.
//
// See bench/README.md for each figure, how it is measured and the env knobs (BENCH_RECORDERS, BENCH_STREAMS, …).
import { fork, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mqtt from 'mqtt';
import {
  CLK_TCK,
  childrenOf,
  here,
  installCleanup,
  keepPids,
  log,
  machineInfo,
  machineTicks,
  median,
  memKb,
  procStat,
  removeDir,
  requireBuilt,
  root,
  round,
  runMain,
  sleep,
  startGatewayProc,
  stopChild,
  stopGatewayProc,
  tempDir,
  track,
  waitFor,
  apiFetch,
  warningTally,
  readSse,
  percentile,
} from './lib.mjs';

requireBuilt(['device-profiles', 'gateway']);
const { PROTOCOL_VERSION, resolveFfmpeg, topics } = await import('@liuhen/device-profiles');

const env = (name, def) => process.env[name] ?? def;
const PARTS = new Set(env('BENCH_PARTS', 'press,streams,mqtt').split(','));
// 1. press → dashboard
const RECORDERS = Number(env('BENCH_RECORDERS', 500));
const RECORDERS_PER_PROCESS = 125;
const PRESSES = Number(env('BENCH_PRESSES', 200));
const PRESS_RUNS = Number(env('BENCH_PRESS_RUNS', 3));
const PRESSES_PER_SECOND = Number(env('BENCH_PRESS_RATE', 5));
const PRESS_TIMEOUT_MS = 5000;
const TELEMETRY_MS = 5000; // firmware-host's default telemetry period
const HEARTBEAT_MS = 10_000; // firmware-host's state heartbeat
const TIME_SYNC_MS = 60_000; // firmware-host's time-sync request
// 2. streams
const STREAM_LEVELS = env('BENCH_STREAMS', '25,50,100,150,200,250,300')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const STREAM_WINDOW_S = Number(env('BENCH_STREAM_WINDOW_S', 20));
const STREAM_SUBWINDOWS = 3;
const STREAM_WARMUP_S = 5;
const PUSHER_STAGGER_MS = 20;
/** How long every stream of a level may take to be live (with its station recorder) after the last pusher started. */
const STREAM_LIVE_ALLOWANCE_S = 8;
// 16 s: a whole number of video frames (400) and of AAC frames (750 of 1024 samples at 48 kHz), so that the
// loop has no hole in its timestamps. (An FLV source looped by this ffmpeg leaves about 1 s without frames at
// each loop point; MP4 does not.)
const MEDIA = { width: 960, height: 540, fps: 25, gop: 25, videoKbps: 1850, audioKbps: 128, seconds: 16 };
/** A level's pushers must advance their media clock at least this fast over the window (1 = real time). */
const MIN_REALTIME = 0.97;
/** The station's footage must grow at least this fraction of the pushed bitrate over the window. */
const MIN_FOOTAGE_RATIO = 0.9;
// 3. MQTT
const MQTT_RUNS = Number(env('BENCH_MQTT_RUNS', 3));
const MQTT_PUBLISHERS = Number(env('BENCH_MQTT_PUBLISHERS', 50));
const MQTT_PUB_PROCESSES = 2;
const MQTT_MESSAGES = {
  0: Number(env('BENCH_MQTT_MESSAGES_QOS0', 100_000)),
  1: Number(env('BENCH_MQTT_MESSAGES_QOS1', 60_000)),
};
const MQTT_WINDOW = 64;
/** Fresh gateways flooded with state changes, to see whether (how often) it crashes. */
const FLOOD_RUNS = 3;

const RESULTS_JSON = join(here, 'results', 'fleet.json');
const RESULTS_MD = join(here, 'results', 'fleet.md');
const RECORDERS_PROC = join(here, 'fleet-recorders.mjs');
const MQTT_LOAD_PROC = join(here, 'fleet-mqtt-load.mjs');

installCleanup();

/** Monotonic ms (CLOCK_MONOTONIC): comparable with the child processes' times. */
const mono = () => Number(process.hrtime.bigint()) / 1e6;

// ---------------------------------------------------------------- the gateway's HTTP API

/**
 * Every HTTP request this benchmark makes to the gateway goes through here, the dashboard's SSE channel
 * included: with the admin API token the bench gateway was started with (lib.mjs's apiFetch).
 */
function gatewayFetch(url, init = {}) {
  return apiFetch(url, init);
}

async function gatewayJson(url) {
  const res = await gatewayFetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}${res.status === 401 ? ' (see gatewayFetch)' : ''}`);
  return res.json();
}

/**
 * The dashboard's live channel GET /api/events, parsed as EventSource does. onEvent(event, data, t) gets
 * every event with t = the monotonic time its chunk was read. Resolves once the snapshot has arrived.
 */
async function openEvents(baseUrl, onEvent) {
  const ac = new AbortController();
  const res = await gatewayFetch(`${baseUrl}/api/events`, {
    signal: ac.signal,
    headers: { accept: 'text/event-stream' },
  });
  if (!res.ok) throw new Error(`GET /api/events: HTTP ${res.status}${res.status === 401 ? ' (see gatewayFetch)' : ''}`);
  let snapshot;
  const gotSnapshot = new Promise((resolve) => (snapshot = resolve));
  let events = 0;
  const reading = readSse(res.body, mono, (event, data, t) => {
    events += 1;
    onEvent(event, JSON.parse(data), t);
    if (event === 'snapshot') snapshot();
  }).catch((err) => log(`SSE: ${err.message}`));
  await Promise.race([gotSnapshot, sleep(10_000).then(() => Promise.reject(new Error('no SSE snapshot within 10 s')))]);
  return {
    events: () => events,
    async close() {
      ac.abort();
      await reading;
    },
  };
}

// ---------------------------------------------------------------- children, warnings, /proc

/** Warnings and errors the children printed, with how many times (for the results file). */
const warnings = warningTally({ echo: true });
const childWarnings = warnings.list;
const noteWarning = warnings.note;
const childOptions = { noteWarning };

/** A node child of ours with an IPC channel (fleet-recorders.mjs, fleet-mqtt-load.mjs). */
function forkChild(who, script, args = []) {
  const child = track(fork(script, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] }));
  for (const s of [child.stdout, child.stderr]) {
    createInterface({ input: s }).on('line', (line) => line.trim() && noteWarning(who, line));
  }
  child.on('message', (m) => m.type === 'error' && noteWarning(who, m.message));
  return child;
}

/** The next IPC message of this type from child (rejects if the child exits first or after timeoutMs). */
function nextMessage(child, type, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (m.type !== type) return;
      done();
      resolve(m);
    };
    const onExit = (code, sig) => {
      done();
      reject(new Error(`${what}: the child exited (${sig ?? code})`));
    };
    const t = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(t);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function stopForked(child) {
  if (child.connected) child.send({ type: 'stop' });
  await stopChild(child, 'SIGTERM', 5000);
}

/**
 * Starts measuring CPU (utime+stime from /proc/<pid>/stat, % of one core) and memory (VmRSS, PSS, USS,
 * sampled every memEveryMs) of groups of pids; stop() returns the figures per group, the whole machine's
 * CPU, and what else on the machine used CPU (`otherCpuPercent`).
 */
function startProbe(groups, memEveryMs = 2000) {
  const names = Object.keys(groups);
  const ticks0 = Object.fromEntries(names.map((n) => [n, groups[n].map((p) => procStat(p)?.ticks ?? null)]));
  const mem = Object.fromEntries(names.map((n) => [n, { rss: [], pss: [], uss: [] }]));
  const sampleMem = () => {
    for (const n of names) {
      const sum = { rss: 0, pss: 0, uss: 0 };
      for (const p of groups[n]) {
        const m = memKb(p);
        sum.rss += m.rss;
        sum.pss += m.pss;
        sum.uss += m.uss;
      }
      for (const k of ['rss', 'pss', 'uss']) mem[n][k].push(sum[k] / 1024);
    }
  };
  sampleMem();
  const timer = setInterval(sampleMem, memEveryMs);
  const busy0 = machineTicks();
  const t0 = mono();
  return () => {
    clearInterval(timer);
    sampleMem();
    const wall = (mono() - t0) / 1000;
    const machineCpuPercent = ((machineTicks() - busy0) / CLK_TCK / wall) * 100;
    const out = { seconds: wall, machineCpuPercent, lostProcesses: 0, groups: {} };
    const avg = (xs) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    for (const n of names) {
      let dt = 0;
      groups[n].forEach((p, i) => {
        const t1 = procStat(p)?.ticks ?? null;
        if (t1 === null || ticks0[n][i] === null) out.lostProcesses += 1;
        else dt += t1 - ticks0[n][i];
      });
      out.groups[n] = {
        procs: groups[n].length,
        cpuPercent: (dt / CLK_TCK / wall) * 100,
        rssMb: avg(mem[n].rss),
        rssPeakMb: Math.max(...mem[n].rss),
        pssMb: avg(mem[n].pss),
        ussMb: avg(mem[n].uss),
      };
    }
    out.otherCpuPercent = machineCpuPercent - Object.values(out.groups).reduce((a, g) => a + g.cpuPercent, 0);
    return out;
  };
}

const summary = (xs) => ({
  n: xs.length,
  p50: round(percentile(xs, 50), 2),
  p90: round(percentile(xs, 90), 2),
  p99: round(percentile(xs, 99), 2),
  max: round(xs.length ? Math.max(...xs) : null, 2),
});
const med1 = (xs) => round(median(xs.filter((x) => x !== null && x !== undefined)), 1);

function shuffled(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

// ---------------------------------------------------------------- 1. press → dashboard at N recorders

async function pressBench() {
  const dir = tempDir('liuhen-bench-fleet-press-');
  const kids = [];
  let gw;
  let sse;
  try {
    gw = await startGatewayProc(join(dir, 'gw'), childOptions);
    log(`press: gateway pid ${gw.pid} at ${gw.url}`);
    const mqttUrl = `mqtt://127.0.0.1:${gw.ports.mqtt}`;

    // The dashboard: what it shows for each device, and the presses waiting for their event.
    const shown = new Map();
    const waiting = new Map();
    sse = await openEvents(gw.url, (event, data, t) => {
      if (event === 'snapshot') for (const d of data.devices) shown.set(d.id, d.state);
      if (event !== 'device') return;
      shown.set(data.id, data.state);
      const w = waiting.get(`${data.id}|${data.state}`);
      if (w) {
        waiting.delete(`${data.id}|${data.state}`);
        w(t);
      }
    });

    // The fleet, RECORDERS_PER_PROCESS recorders per child process.
    const ids = Array.from({ length: RECORDERS }, (_, i) => `fleet-${String(i).padStart(4, '0')}`);
    const owner = new Map();
    const pressed = new Map();
    for (let k = 0; k * RECORDERS_PER_PROCESS < RECORDERS; k++) {
      const share = ids.slice(k * RECORDERS_PER_PROCESS, (k + 1) * RECORDERS_PER_PROCESS);
      const child = forkChild(`recorders-${k}`, RECORDERS_PROC);
      child.on('message', (m) => {
        if (m.type !== 'pressed') return;
        const w = pressed.get(`${m.id}|${m.to}`);
        if (w) {
          pressed.delete(`${m.id}|${m.to}`);
          w(m.t0);
        }
      });
      for (const id of share) owner.set(id, child);
      kids.push(child);
      child.send({
        type: 'start',
        mqttUrl,
        ids: share,
        firstIndex: k * RECORDERS_PER_PROCESS,
        telemetryMs: TELEMETRY_MS,
        heartbeatMs: HEARTBEAT_MS,
        timeSyncMs: TIME_SYNC_MS,
      });
    }
    const t0 = Date.now();
    await Promise.all(kids.map((c, k) => nextMessage(c, 'connected', 120_000, `recorders-${k} connect`)));
    await waitFor(() => ids.every((id) => shown.get(id) === 'standby'), 30_000, 'every recorder on the dashboard');
    log(`press: ${RECORDERS} recorders connected and on the dashboard in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await sleep(TELEMETRY_MS + 5000); // warm-up: every recorder's telemetry and heartbeat running

    /** One press on recorder id to state `to`: ms from its publish to the SSE event, or null on timeout. */
    const pressOnce = async (id, to) => {
      const sseAt = new Promise((resolve) => waiting.set(`${id}|${to}`, resolve));
      const pubAt = new Promise((resolve) => pressed.set(`${id}|${to}`, resolve));
      owner.get(id).send({ type: 'press', id, to });
      const [t0p, t1] = await Promise.all([pubAt, Promise.race([sseAt, sleep(PRESS_TIMEOUT_MS).then(() => null)])]);
      waiting.delete(`${id}|${to}`);
      return t1 === null ? null : t1 - t0p;
    };

    const runs = [];
    for (let run = 1; run <= PRESS_RUNS; run++) {
      const chosen = shuffled(ids).slice(0, Math.min(PRESSES, ids.length));
      const probe = startProbe({ gateway: [gw.pid], fleet: kids.map((c) => c.pid) });
      const events0 = sse.events();
      const toRecording = [];
      const toStandby = [];
      let missed = 0;
      const jobs = [];
      for (const id of chosen) {
        // Open loop: presses start on schedule (about PRESSES_PER_SECOND, jittered), whatever the answers.
        jobs.push(
          (async () => {
            const up = await pressOnce(id, 'recording');
            if (up === null) missed += 1;
            else toRecording.push(up);
            await sleep(1000 + Math.random() * 1000);
            const down = await pressOnce(id, 'standby');
            if (down === null) missed += 1;
            else toStandby.push(down);
          })(),
        );
        await sleep((1000 / PRESSES_PER_SECOND) * (0.5 + Math.random()));
      }
      await Promise.all(jobs);
      const m = probe();
      const r = {
        run,
        presses: chosen.length,
        missed,
        toRecording: summary(toRecording),
        toStandby: summary(toStandby),
        seconds: round(m.seconds, 1),
        sseEventsPerSecond: round((sse.events() - events0) / m.seconds, 1),
        gatewayCpuPercent: round(m.groups.gateway.cpuPercent),
        gatewayRssMb: round(m.groups.gateway.rssMb),
        fleetCpuPercent: round(m.groups.fleet.cpuPercent),
        fleetProcesses: kids.length,
        machineCpuPercent: round(m.machineCpuPercent),
        otherCpuPercent: round(m.otherCpuPercent),
        samplesMs: toRecording.map((x) => round(x, 2)),
      };
      runs.push(r);
      log(
        `press run ${run}: standby→recording p50 ${r.toRecording.p50} ms, p99 ${r.toRecording.p99} ms ` +
          `(${r.toRecording.n} presses, ${missed} missed); →standby p50 ${r.toStandby.p50} ms; ` +
          `gateway ${r.gatewayCpuPercent} % CPU, fleet ${r.fleetCpuPercent} %, machine ${r.machineCpuPercent} %, ` +
          `${r.sseEventsPerSecond} SSE events/s`,
      );
    }
    return runs;
  } finally {
    await sse?.close();
    await Promise.all(kids.map(stopForked));
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

// ---------------------------------------------------------------- 2. streams recorded

function resolveFfprobe() {
  if (process.env.FFPROBE_PATH) return process.env.FFPROBE_PATH;
  if (spawnSync('ffprobe', ['-version'], { stdio: 'ignore' }).status === 0) return 'ffprobe';
  return createRequire(import.meta.url)('@ffprobe-installer/ffprobe').path;
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 6).join(' ')} …: ${r.stderr || r.error}`);
  return r.stdout;
}

/** The output of a command, without blocking the event loop (several at a time). */
function runAsync(cmd, args) {
  return new Promise((resolve, reject) => {
    const p = track(spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    const out = [];
    let err = '';
    p.stdout.on('data', (d) => out.push(d));
    p.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`${cmd}: ${err.trim()}`)),
    );
  });
}

/** fn over items, at most `limit` at a time, results in order. */
async function pool(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i], i);
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return out;
}

const PROBE_ARGS = ['-v', 'error', '-show_entries', 'stream=index,codec_type,time_base:packet=stream_index,pts,dts'];

/** Video and audio packets of a media file, and the largest gap between consecutive video frames (s). */
async function probePackets(ffprobe, file) {
  const j = JSON.parse(await runAsync(ffprobe, [...PROBE_ARGS, '-of', 'json', file]));
  const kind = new Map(j.streams.map((s) => [s.index, s.codec_type]));
  const tb = new Map(j.streams.map((s) => [s.index, s.time_base.split('/').map(Number)]));
  const out = { video: 0, audio: 0, videoSeconds: 0, maxVideoGapS: 0 };
  const vts = [];
  for (const p of j.packets ?? []) {
    const k = kind.get(p.stream_index);
    if (k === 'video') {
      out.video += 1;
      const [num, den] = tb.get(p.stream_index);
      vts.push((Number(p.pts ?? p.dts) * num) / den);
    } else if (k === 'audio') out.audio += 1;
  }
  vts.sort((a, b) => a - b);
  for (let i = 1; i < vts.length; i++) out.maxVideoGapS = Math.max(out.maxVideoGapS, vts[i] - vts[i - 1]);
  out.videoSeconds = vts.length ? vts[vts.length - 1] - vts[0] + 1 / MEDIA.fps : 0;
  return out;
}

function makeTestFile(dir) {
  const file = join(dir, `test-${MEDIA.width}x${MEDIA.height}-${MEDIA.fps}fps.mp4`);
  const t = Date.now();
  const kbps = MEDIA.videoKbps;
  run(resolveFfmpeg(), [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${MEDIA.width}x${MEDIA.height}:rate=${MEDIA.fps}`,
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-map',
    '0:v',
    '-map',
    '1:a',
    '-t',
    String(MEDIA.seconds),
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-b:v',
    `${kbps}k`,
    '-maxrate',
    `${kbps}k`,
    '-bufsize',
    `${kbps}k`,
    '-x264-params',
    'nal-hrd=cbr',
    '-g',
    String(MEDIA.gop),
    '-keyint_min',
    String(MEDIA.gop),
    '-sc_threshold',
    '0',
    '-c:a',
    'aac',
    '-b:a',
    `${MEDIA.audioKbps}k`,
    '-ac',
    '2',
    '-f',
    'mp4',
    file,
  ]);
  const bytes = statSync(file).size;
  log(
    `streams: encoded ${file} (${(bytes / 1e6).toFixed(2)} MB, ${round((bytes * 8) / 1000 / MEDIA.seconds)} kb/s) in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  return { file, kbps: (bytes * 8) / 1000 / MEDIA.seconds };
}

/** The arguments of one pusher: the file looped in real time, `-c copy`, for `seconds` of media, with progress on stdout. */
function pusherArgs(testFile, seconds, url) {
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    testFile,
    '-t',
    String(seconds),
    '-c',
    'copy',
    '-progress',
    'pipe:1',
    '-f',
    'flv',
    url,
  ];
}

/**
 * What one pusher sends: the same command into a local file, without -re (packet-exact: -t cuts the
 * same packets whatever the pace), counted by ffprobe.
 */
async function referenceCounts(dir, testFile, seconds, ffprobe) {
  const out = join(dir, `reference-${seconds}s.flv`);
  const args = pusherArgs(testFile, seconds, out).filter((a) => a !== '-re');
  args.splice(args.indexOf('-progress'), 2);
  run(resolveFfmpeg(), [...args.slice(0, -1), '-y', out]);
  const c = await probePackets(ffprobe, out);
  log(`streams: each pusher sends ${c.video} video frames and ${c.audio} audio packets (${seconds} s of media)`);
  return c;
}

function dirBytes(d) {
  let total = 0;
  if (!existsSync(d)) return 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

function filesUnder(d, ext) {
  if (!existsSync(d)) return [];
  const out = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out.sort();
}

function startPusher(testFile, seconds, url) {
  const p = track(spawn(resolveFfmpeg(), pusherArgs(testFile, seconds, url), { stdio: ['ignore', 'pipe', 'pipe'] }));
  p.progress = { at: mono(), frame: 0, outUs: 0, speed: null, end: false };
  p.stderrTail = '';
  p.stderr.setEncoding('utf8').on('data', (d) => (p.stderrTail = (p.stderrTail + d).slice(-1000)));
  const block = {};
  createInterface({ input: p.stdout }).on('line', (line) => {
    const eq = line.indexOf('=');
    if (eq < 0) return;
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1).trim();
    block[k] = v;
    if (k === 'progress') {
      // ffmpeg 4.x names microseconds out_time_ms; newer ones add out_time_us.
      p.progress = {
        at: mono(),
        frame: Number(block.frame ?? 0),
        outUs: Number(block.out_time_us ?? block.out_time_ms ?? 0),
        speed: block.speed,
        end: v === 'end',
      };
    }
  });
  return p;
}

/** Media seconds each pusher of a level of n sends: its staggered start, the wait until all are live, the warm-up, the window. */
const pusherSeconds = (n) =>
  Math.ceil((n * PUSHER_STAGGER_MS) / 1000 + STREAM_LIVE_ALLOWANCE_S + STREAM_WARMUP_S + STREAM_WINDOW_S + 3);

async function streamLevel(n, attempt, media, refFor, ffprobe) {
  const dir = tempDir(`liuhen-bench-fleet-s${n}-`);
  const pushers = [];
  const phases = {};
  let tPhase = Date.now();
  const phase = (name) => {
    phases[name] = round((Date.now() - tPhase) / 1000, 1);
    tPhase = Date.now();
  };
  const seconds = pusherSeconds(n);
  const ref = await refFor(seconds);
  let gw;
  let client;
  try {
    gw = await startGatewayProc(dir, childOptions);
    const ids = Array.from({ length: n }, (_, i) => `cam-${String(i).padStart(3, '0')}`);
    // Each device registers and says it is recording, as a recorder does before it pushes its live stream.
    client = await mqtt.connectAsync(`mqtt://127.0.0.1:${gw.ports.mqtt}`, {
      reconnectPeriod: 0,
      clientId: `bench-streams-${process.pid}`,
    });
    const state = (id, s) => {
      const ts = new Date().toISOString();
      return JSON.stringify({
        v: PROTOCOL_VERSION,
        deviceId: id,
        profile: 'sim',
        state: s,
        recordingId: s === 'recording' ? `rec-${id}-${attempt}` : null,
        recordingSince: s === 'recording' ? ts : null,
        officerId: `B${id.slice(4)}`,
        batteryPercent: 90,
        storageFreeBytes: 20_000_000_000,
        firmwareVersion: 'bench-fleet',
        ts,
      });
    };
    await Promise.all(
      ids.map((id) => client.publishAsync(topics.state(id), state(id, 'recording'), { qos: 1, retain: true })),
    );
    await waitFor(
      async () => (await gatewayJson(`${gw.url}/api/devices`)).devices.length === n,
      15_000,
      `${n} devices registered`,
    );

    phase('startAndRegister');
    const tPush = Date.now();
    const stopped = [];
    for (const id of ids) {
      const p = startPusher(media.file, seconds, `rtmp://127.0.0.1:${gw.ports.rtmp}/live/${id}`);
      // Its media sent, the device says it stopped recording, as a recorder does when the officer stops.
      p.once('exit', () =>
        stopped.push(
          client?.publishAsync(topics.state(id), state(id, 'standby'), { qos: 1, retain: true }).catch(() => undefined),
        ),
      );
      pushers.push(p);
      await sleep(PUSHER_STAGGER_MS);
    }
    // Every stream live with its station recorder, in time for the warm-up and at least half the window.
    const liveBy = tPush + (seconds - 3 - STREAM_WARMUP_S - STREAM_WINDOW_S / 2) * 1000;
    let live = 0;
    let recording = 0;
    for (;;) {
      live = (await gatewayJson(`${gw.url}/api/devices`)).devices.filter((d) => d.live).length;
      recording = childrenOf(gw.pid, 'ffmpeg').length;
      if ((live === n && recording === n) || Date.now() > liveBy) break;
      await sleep(250);
    }
    const liveAfterS = (Date.now() - tPush) / 1000;
    phase('untilLive');
    if (live !== n || recording !== n) {
      const gone = pushers.filter((p) => p.exitCode !== null || p.signalCode !== null);
      const sending = pushers.filter((p) => p.progress.frame > 0).length;
      const failure =
        `only ${live} of ${n} streams live and ${recording} station recorders ${round(liveAfterS)} s after the first push` +
        ` (${sending} pushers sending, ${gone.length} exited${gone.length ? `: ${gone[0].stderrTail.trim().slice(-200)}` : ''})`;
      log(`streams ${n} (try ${attempt}): FAIL — ${failure}`);
      return { streams: n, attempt, passed: false, failure, liveAfterS: round(liveAfterS, 1), phases };
    }
    await sleep(STREAM_WARMUP_S * 1000);

    const recorders = childrenOf(gw.pid, 'ffmpeg').map((s) => s.pid);
    keepPids(recorders);
    const footage = join(dir, 'footage');
    const groups = { node: [gw.pid], recorders, pushers: pushers.map((p) => p.pid) };
    const subs = [];
    const bytes0 = dirBytes(footage);
    const progress0 = pushers.map((p) => p.progress);
    const w0 = mono();
    // The window ends 3 s before the first pusher runs out of media at the latest.
    const windowMs = Math.min(STREAM_WINDOW_S * 1000, tPush + (seconds - 3) * 1000 - Date.now());
    for (let s = 0; s < STREAM_SUBWINDOWS; s++) {
      const stop = startProbe(groups, 2000);
      await sleep(windowMs / STREAM_SUBWINDOWS);
      subs.push(stop());
    }
    const windowS = (mono() - w0) / 1000;
    phase('warmupAndWindow');
    const bytes1 = dirBytes(footage);
    // Media seconds sent per wall-clock second, between the progress reports (every 0.5 s) nearest the window's ends.
    const realtime = pushers.map(
      (p, i) => (p.progress.outUs - progress0[i].outUs) / 1000 / (p.progress.at - progress0[i].at),
    );
    const stillPushing = pushers.filter((p) => p.exitCode === null && !p.progress.end).length;
    const recordersAfter = childrenOf(gw.pid, 'ffmpeg').map((s) => s.pid);
    const stable = recordersAfter.length === n && recorders.every((p) => recordersAfter.includes(p));

    // The pushers end by themselves after `seconds` of media; then each device says it stopped.
    await waitFor(
      () => pushers.every((p) => p.exitCode !== null || p.signalCode !== null),
      (seconds + 60) * 1000,
      'pushers finished',
      250,
    );
    const pusherFailures = pushers
      .filter((p) => p.exitCode !== 0)
      .map((p) => p.stderrTail.trim() || `exit ${p.exitCode}`);
    await Promise.all(stopped);
    phase('pushersFinish');
    const tEnd = Date.now();
    await waitFor(() => childrenOf(gw.pid, 'ffmpeg').length === 0, 60_000, 'station recorders finished', 250);
    const recordersEndS = (Date.now() - tEnd) / 1000;
    await client.endAsync();
    client = null;
    await stopGatewayProc(gw);
    gw = null;
    phase('recordersEndAndGatewayStop');

    // Count what the station recorded, stream by stream, against what each pusher sent.
    const streams = await pool(ids, os.cpus().length, async (id, i) => {
      const files = filesUnder(join(footage, id), '.mp4');
      const c = { video: 0, audio: 0, videoSeconds: 0, maxVideoGapS: 0 };
      for (const f of files) {
        const x = await probePackets(ffprobe, f);
        c.video += x.video;
        c.audio += x.audio;
        c.videoSeconds += x.videoSeconds;
        c.maxVideoGapS = Math.max(c.maxVideoGapS, x.maxVideoGapS);
      }
      return {
        id,
        files: files.length,
        pushedFrames: pushers[i].progress.frame,
        videoMissing: ref.video - c.video,
        audioMissing: ref.audio - c.audio,
        videoSeconds: c.videoSeconds,
        maxVideoGapS: c.maxVideoGapS,
        realtime: realtime[i],
      };
    });
    // A gap between consecutive recorded frames longer than any in what was pushed (plus 1 ms of rounding) is a loss.
    const lossy = streams.filter(
      (s) =>
        s.videoMissing !== 0 ||
        s.audioMissing !== 0 ||
        s.maxVideoGapS > ref.maxVideoGapS + 0.001 ||
        s.pushedFrames !== ref.video,
    );
    const med = (f) => median(subs.map(f));
    const g = (name, key) => med((m) => m.groups[name][key]);
    const footageKbps = ((bytes1 - bytes0) * 8) / 1000 / windowS;
    const minRealtime = Math.min(...realtime);
    const r = {
      streams: n,
      attempt,
      // The verdict and why.
      recordedWithoutLoss: lossy.length === 0 && pusherFailures.length === 0,
      pushersRealtime: minRealtime >= MIN_REALTIME && stillPushing === n,
      stationKeptUp: footageKbps >= MIN_FOOTAGE_RATIO * n * media.kbps,
      stable,
      lossyStreams: lossy.length,
      lossyExamples: lossy.slice(0, 5).map((s) => ({
        id: s.id,
        videoMissing: s.videoMissing,
        audioMissing: s.audioMissing,
        pushedFrames: s.pushedFrames,
        maxVideoGapMs: round(s.maxVideoGapS * 1000, 1),
      })),
      pusherFailures: pusherFailures.slice(0, 3),
      videoFramesMissingTotal: streams.reduce((a, s) => a + Math.max(0, s.videoMissing), 0),
      audioPacketsMissingTotal: streams.reduce((a, s) => a + Math.max(0, s.audioMissing), 0),
      extraFramesTotal: streams.reduce((a, s) => a + Math.max(0, -s.videoMissing), 0),
      maxVideoGapMs: round(Math.max(...streams.map((s) => s.maxVideoGapS)) * 1000, 1),
      recordedSecondsMedian: round(median(streams.map((s) => s.videoSeconds)), 2),
      pushedSeconds: round(ref.videoSeconds, 2),
      filesPerStream: median(streams.map((s) => s.files)),
      liveAfterS: round(liveAfterS, 1),
      recordersEndS: round(recordersEndS, 1),
      pusherRealtimeMin: round(minRealtime, 3),
      pusherRealtimeMedian: round(median(realtime), 3),
      footageKbps: round(footageKbps),
      pushedKbps: round(n * media.kbps),
      // CPU (% of one core) and memory (MiB): medians of the sub-windows.
      windowSeconds: round(windowS, 1),
      gatewayCpuPercent: round(med((m) => m.groups.node.cpuPercent + m.groups.recorders.cpuPercent)),
      gatewayNodeCpuPercent: round(g('node', 'cpuPercent')),
      recorderFfmpegCpuPercent: round(g('recorders', 'cpuPercent')),
      pusherFfmpegCpuPercent: round(g('pushers', 'cpuPercent')),
      machineCpuPercent: round(med((m) => m.machineCpuPercent)),
      otherCpuPercent: round(med((m) => m.otherCpuPercent)),
      gatewayRssMb: round(med((m) => m.groups.node.rssMb + m.groups.recorders.rssMb)),
      gatewayNodeRssMb: round(g('node', 'rssMb')),
      gatewayNodeRssPeakMb: round(Math.max(...subs.map((m) => m.groups.node.rssPeakMb))),
      recorderFfmpegRssMb: round(g('recorders', 'rssMb')),
      gatewayPssMb: round(med((m) => m.groups.node.pssMb + m.groups.recorders.pssMb)),
      recorderFfmpegPssMb: round(g('recorders', 'pssMb')),
      recorderFfmpegUssMb: round(g('recorders', 'ussMb')),
      pusherFfmpegRssMb: round(g('pushers', 'rssMb')),
      pusherFfmpegPssMb: round(g('pushers', 'pssMb')),
      subWindows: subs.map((m) => ({
        node: round(m.groups.node.cpuPercent),
        recorders: round(m.groups.recorders.cpuPercent),
        pushers: round(m.groups.pushers.cpuPercent),
        machine: round(m.machineCpuPercent),
      })),
    };
    r.passed = r.recordedWithoutLoss && r.pushersRealtime && r.stationKeptUp && r.stable;
    r.failure = r.passed
      ? null
      : [
          !r.recordedWithoutLoss && 'frames lost',
          !r.pushersRealtime && 'pushers fell behind real time',
          !r.stationKeptUp && 'footage did not keep up',
          !r.stable && 'the set of station recorders changed during the window',
        ]
          .filter(Boolean)
          .join(', ');
    phase('probe');
    r.phases = phases;
    r.pusherMediaSeconds = seconds;
    r.cpuPerStreamPercent = round(r.gatewayCpuPercent / n, 2);
    r.nodeCpuPerStreamPercent = round(r.gatewayNodeCpuPercent / n, 2);
    r.recorderCpuPerStreamPercent = round(r.recorderFfmpegCpuPercent / n, 2);
    r.pusherCpuPerStreamPercent = round(r.pusherFfmpegCpuPercent / n, 2);
    log(
      `streams ${n} (try ${attempt}): ${r.passed ? 'PASS' : 'FAIL'} — loss-free ${r.recordedWithoutLoss} ` +
        `(${r.lossyStreams} lossy, ${r.videoFramesMissingTotal} frames / ${r.audioPacketsMissingTotal} audio missing, max gap ${r.maxVideoGapMs} ms), ` +
        `pushers real-time ${r.pushersRealtime} (min ${r.pusherRealtimeMin}x), station kept up ${r.stationKeptUp} ` +
        `(${r.footageKbps} of ${r.pushedKbps} kb/s); gateway ${r.gatewayCpuPercent} % ` +
        `(node ${r.gatewayNodeCpuPercent} + recorders ${r.recorderFfmpegCpuPercent}), pushers ${r.pusherFfmpegCpuPercent} %, ` +
        `machine ${r.machineCpuPercent} % of 200; RSS node ${r.gatewayNodeRssMb} + recorders ${r.recorderFfmpegRssMb} MiB (PSS ${r.recorderFfmpegPssMb})`,
    );
    return r;
  } finally {
    await client?.endAsync().catch(() => undefined);
    await Promise.all(pushers.map((p) => stopChild(p, 'SIGKILL', 3000)));
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

async function streamsBench() {
  const mediaDir = tempDir('liuhen-bench-fleet-media-');
  try {
    const ffprobe = resolveFfprobe();
    const media = makeTestFile(mediaDir);
    // What one pusher sends for a given media length, counted once per length.
    const refs = new Map();
    const refFor = async (seconds) => {
      if (!refs.has(seconds)) refs.set(seconds, await referenceCounts(mediaDir, media.file, seconds, ffprobe));
      return refs.get(seconds);
    };
    const levels = [];
    for (const n of STREAM_LEVELS) {
      let r = await streamLevel(n, 1, media, refFor, ffprobe);
      levels.push(r);
      // A failed level is tried once more (another program may have loaded the machine); two failures end the ramp.
      if (!r.passed) {
        r = await streamLevel(n, 2, media, refFor, ffprobe);
        levels.push(r);
        if (!r.passed) break;
      }
    }
    return {
      media: { ...MEDIA, measuredKbps: round(media.kbps), reference: Object.fromEntries(refs) },
      levels,
    };
  } finally {
    removeDir(mediaDir);
  }
}

// ---------------------------------------------------------------- 3. MQTT state messages per second

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function findMosquitto() {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin'];
  return dirs.map((d) => join(d, 'mosquitto')).find((f) => existsSync(f)) ?? null;
}

/** Debian's mosquitto, installed with apt-get when it is missing (the peer broker). */
function ensureMosquitto() {
  let bin = findMosquitto();
  if (bin) return bin;
  log('mqtt: mosquitto is not installed: apt-get update && apt-get install -y mosquitto');
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'mosquitto']]) {
    const r = spawnSync('apt-get', args, {
      encoding: 'utf8',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed: ${(r.stderr || r.stdout).slice(-500)}`);
  }
  bin = findMosquitto();
  if (!bin) throw new Error('mosquitto still not found after apt-get install');
  return bin;
}

async function startMosquitto(bin, dir) {
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  // Minimal: one loopback listener, anonymous, nothing on disk. The queue limits are lifted so that the
  // broker delivers every message of the fixed load (aedes has no such limits), not drops them.
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest none',
      'max_queued_messages 0',
      'max_inflight_messages 0',
      '',
    ].join('\n'),
  );
  const child = track(spawn(bin, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] }));
  createInterface({ input: child.stderr }).on('line', (l) => l.trim() && noteWarning('mosquitto', l));
  await waitFor(
    () =>
      mqtt
        .connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0, connectTimeout: 1000 })
        .then((c) => c.endAsync().then(() => true))
        .catch(() => false),
    10_000,
    'mosquitto listening',
    200,
  );
  const version = spawnSync(bin, ['-h'], { encoding: 'utf8' }).stdout.split('\n')[0].trim();
  return { child, pid: child.pid, url: `mqtt://127.0.0.1:${port}`, version };
}

/** One subscriber and MQTT_PUBLISHERS publishers (in MQTT_PUB_PROCESSES processes) on a broker. */
async function startLoad(name, url) {
  const sub = forkChild(`${name}-sub`, MQTT_LOAD_PROC, ['sub']);
  sub.send({ type: 'start', mqttUrl: url, topic: `liuhen/devices/+/state`, qos: 1 });
  await nextMessage(sub, 'ready', 15_000, `${name} subscriber`);
  const pubs = [];
  for (let k = 0; k < MQTT_PUB_PROCESSES; k++) {
    const ids = [];
    for (let i = k; i < MQTT_PUBLISHERS; i += MQTT_PUB_PROCESSES) ids.push(`load-${String(i).padStart(3, '0')}`);
    const p = forkChild(`${name}-pub-${k}`, MQTT_LOAD_PROC, ['pub']);
    p.send({ type: 'start', mqttUrl: url, ids });
    p.connections = ids.length;
    pubs.push(p);
  }
  await Promise.all(pubs.map((p, k) => nextMessage(p, 'ready', 30_000, `${name} publishers ${k}`)));
  return { sub, pubs };
}

/** One run: every publisher connection sends its share of `total` at QoS qos; delivered/s at the subscriber. */
async function mqttRun(name, brokerPid, load, qos, total) {
  const perConnection = Math.ceil(total / MQTT_PUBLISHERS);
  const expected = perConnection * MQTT_PUBLISHERS;
  const read = async () => {
    const p = nextMessage(load.sub, 'count', 10_000, `${name} subscriber count`);
    load.sub.send({ type: 'read' });
    return p;
  };
  const c0 = (await read()).count;
  const probe = startProbe(
    { broker: [brokerPid], publishers: load.pubs.map((p) => p.pid), subscriber: [load.sub.pid] },
    1000,
  );
  const dones = load.pubs.map((p) => nextMessage(p, 'done', 120_000, `${name} publishers`));
  for (const p of load.pubs) p.send({ type: 'go', qos, perConnection, window: MQTT_WINDOW, toggle: false });
  const done = await Promise.all(dones);
  // Then until every message arrived, or nothing more arrived for 1 s (QoS 0 may be dropped).
  let last = await read();
  let stillSince = mono();
  while (last.count - c0 < expected && mono() - stillSince < 1000) {
    await sleep(50);
    const now = await read();
    if (now.count !== last.count) stillSince = mono();
    last = now;
  }
  const m = probe();
  const tStart = Math.min(...done.map((d) => d.t0));
  const delivered = last.count - c0;
  const seconds = (last.tLast - tStart) / 1000;
  return {
    qos,
    published: expected,
    delivered,
    lost: expected - delivered,
    seconds: round(seconds, 3),
    deliveredPerSecond: Math.round(delivered / seconds),
    publishSeconds: round((Math.max(...done.map((d) => d.t1)) - tStart) / 1000, 3),
    brokerCpuPercent: round(m.groups.broker.cpuPercent),
    brokerRssMb: round(m.groups.broker.rssPeakMb),
    publishersCpuPercent: round(m.groups.publishers.cpuPercent),
    subscriberCpuPercent: round(m.groups.subscriber.cpuPercent),
    machineCpuPercent: round(m.machineCpuPercent),
    otherCpuPercent: round(m.otherCpuPercent),
  };
}

async function mqttBench() {
  const dir = tempDir('liuhen-bench-fleet-mqtt-');
  let gw;
  let mosq;
  const loads = [];
  try {
    const bin = ensureMosquitto();
    gw = await startGatewayProc(join(dir, 'gw'), childOptions);
    mosq = await startMosquitto(bin, dir);
    log(`mqtt: gateway (aedes) pid ${gw.pid}; ${mosq.version} pid ${mosq.pid} at ${mosq.url}`);
    const brokers = [
      { name: 'aedes', pid: gw.pid, url: `mqtt://127.0.0.1:${gw.ports.mqtt}` },
      { name: 'mosquitto', pid: mosq.pid, url: mosq.url },
    ];
    for (const b of brokers) {
      b.load = await startLoad(b.name, b.url);
      loads.push(b.load);
    }
    const runs = [];
    for (const qos of [0, 1]) {
      // Warm-up (not counted): the gateway registers the publishers' devices, JIT, connections.
      for (const b of brokers) await mqttRun(b.name, b.pid, b.load, qos, Math.round(MQTT_MESSAGES[qos] / 5));
      // Interleaved, so slow drift of the machine affects both brokers alike.
      for (let r = 1; r <= MQTT_RUNS; r++) {
        for (const b of brokers) {
          const x = { broker: b.name, run: r, ...(await mqttRun(b.name, b.pid, b.load, qos, MQTT_MESSAGES[qos])) };
          runs.push(x);
          log(
            `mqtt ${b.name} QoS ${qos} run ${r}: ${x.deliveredPerSecond} msg/s delivered (${x.delivered}/${x.published}), ` +
              `broker ${x.brokerCpuPercent} % CPU, publishers ${x.publishersCpuPercent} %, subscriber ${x.subscriberCpuPercent} %, machine ${x.machineCpuPercent} %`,
          );
        }
      }
    }
    return { runs, mosquittoVersion: mosq.version };
  } finally {
    for (const l of loads) await Promise.all([l.sub, ...l.pubs].map(stopForked));
    if (mosq) await stopChild(mosq.child, 'SIGTERM', 5000);
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

/**
 * Does the gateway survive a flood of state *changes*? The same publishers, each flipping its recorder
 * between standby and recording on every message at QoS 0, on a fresh gateway (each change also raises or
 * clears the station's unassigned-recording alert, which the station publishes on the broker).
 */
async function toggleFloodProbe() {
  const dir = tempDir('liuhen-bench-fleet-flood-');
  const lines = [];
  let gw;
  let load;
  try {
    gw = await startGatewayProc(join(dir, 'gw'), {
      noteWarning: (who, line) => {
        // Keep what is not a pino log line (a crash's message and stack), the last 200 of them.
        if (!line.startsWith('{')) lines.push(line);
        if (lines.length > 200) lines.shift();
        noteWarning(who, line);
      },
    });
    load = await startLoad('flood', `mqtt://127.0.0.1:${gw.ports.mqtt}`);
    const total = MQTT_MESSAGES[0];
    const perConnection = Math.ceil(total / MQTT_PUBLISHERS);
    const exited = new Promise((resolve) => gw.child.once('exit', (code, sig) => resolve(sig ?? code)));
    const t0 = mono();
    for (const p of load.pubs) p.send({ type: 'go', qos: 0, perConnection, window: MQTT_WINDOW, toggle: true });
    const done = Promise.all(load.pubs.map((p) => nextMessage(p, 'done', 60_000, 'flood publishers')));
    const outcome = await Promise.race([
      done.then(() => 'sent'),
      exited.then((x) => `gateway exited (${x})`),
      sleep(60_000).then(() => 'timeout'),
    ]);
    // Then until everything arrived, nothing more arrived for 3 s, or the gateway is gone.
    const read = async () => {
      const p = nextMessage(load.sub, 'count', 5000, 'flood subscriber').catch(() => ({ count: null }));
      load.sub.send({ type: 'read' });
      return (await p).count;
    };
    let count = await read();
    let stillSince = mono();
    while (count !== null && count < perConnection * MQTT_PUBLISHERS && mono() - stillSince < 3000) {
      if (gw.child.exitCode !== null || gw.child.signalCode !== null) break;
      await sleep(250);
      const c = await read();
      if (c !== count) stillSince = mono();
      count = c;
    }
    await sleep(500); // a crash's last lines
    const crashed = gw.child.exitCode !== null || gw.child.signalCode !== null;
    const error = lines.find((l) => /^\w*Error\b/.test(l)) ?? null;
    const r = {
      published: perConnection * MQTT_PUBLISHERS,
      delivered: count,
      outcome,
      gatewayCrashed: crashed,
      gatewayError: crashed ? error : null,
      gatewayStackTop: crashed
        ? lines
            .filter((l) => /^\s+at /.test(l))
            .slice(0, 4)
            .map((l) => l.trim())
        : [],
      seconds: round((mono() - t0) / 1000, 1),
    };
    log(
      `mqtt state-change flood: ${crashed ? `the gateway CRASHED (${error ?? outcome})` : 'the gateway survived'}; ` +
        `${count} of ${r.published} delivered`,
    );
    return r;
  } finally {
    if (load) await Promise.all([load.sub, ...load.pubs].map(stopForked));
    if (gw) await stopGatewayProc(gw);
    removeDir(dir);
  }
}

// ---------------------------------------------------------------- main

function markdown(r) {
  const yes = (b) => (b ? 'yes' : '**no**');
  const lines = [
    '# Fleet benchmark',
    '',
    `${r.date}, ${r.machine.cpuModel}, ${r.machine.cores} cores, node ${r.machine.node}. Every figure measured in this run (\`node bench/fleet.mjs\`, ${r.benchSeconds} s).`,
    '',
    `Gateway under test: ${r.gatewayUnderTest}${r.gitHead ? ` (${r.gitHead})` : ''}.`,
    '',
    '| figure | value | goal | met |',
    '| --- | --- | --- | --- |',
  ];
  const row = (name, value, goal, met) => lines.push(`| ${name} | ${value ?? '—'} | ${goal} | ${met ?? '—'} |`);
  if (r.pressToDashboardP99Ms !== null) {
    row(`press → dashboard p50 (${r.press.recorders} recorders)`, `${r.pressToDashboardP50Ms} ms`, '', '');
    row(
      `press → dashboard p99 (${r.press.recorders} recorders)`,
      `${r.pressToDashboardP99Ms} ms`,
      '≤ 150 ms',
      yes(r.pressToDashboardP99Ms <= 150),
    );
  }
  if (r.streams) {
    row('streams recorded without loss', r.streamsRecorded, '≥ 100', yes(r.streamsRecorded >= 100));
    row(
      `gateway CPU per stream (at ${r.streams.figuresAtStreams} streams)`,
      `${r.cpuPerStreamPercent} % of a core`,
      '',
      '',
    );
    row(
      `gateway RSS (at ${r.streams.figuresAtStreams} streams, node + recorder ffmpegs summed)`,
      `${r.gatewayRssMb} MiB (node ${r.streams.gatewayNodeRssMb}, recorders ${r.streams.recorderFfmpegRssMb})`,
      '',
      '',
    );
    row(
      'gateway PSS (shared pages shared out)',
      `${r.streams.gatewayPssMb} MiB (recorders ${r.streams.recorderFfmpegPssMb})`,
      '',
      '',
    );
    row(
      `pushers (not the gateway) at ${r.streams.figuresAtStreams} streams; whole machine`,
      `${r.streams.pusherFfmpegCpuPercent} %; ${r.streams.machineCpuPercent} % of 200`,
      '',
      '',
    );
    row(
      'recording vs relay CPU per stream',
      `${r.streams.recorderCpuPerStreamPercent} % vs ${r.streams.nodeCpuPerStreamPercent} %`,
      'recording ≤ relay',
      yes(r.streams.recorderCpuPerStreamPercent <= r.streams.nodeCpuPerStreamPercent),
    );
  }
  if (r.mqttMsgsPerSecond !== null) {
    row(
      'MQTT state msg/s, gateway aedes (QoS 1, retained)',
      r.mqttMsgsPerSecond,
      '≥ 20000',
      yes(r.mqttMsgsPerSecond >= 20_000),
    );
    row('MQTT state msg/s, Mosquitto peer (QoS 1, retained)', r.mosquittoMsgsPerSecond, '', '');
    row('MQTT state msg/s QoS 0: aedes / Mosquitto', `${r.mqtt.qos0.aedes} / ${r.mqtt.qos0.mosquitto}`, '', '');
    row('aedes / Mosquitto (QoS 1, QoS 0)', `${r.mqtt.qos1.ratio}, ${r.mqtt.qos0.ratio}`, '', '');
  }
  if (r.press) {
    lines.push(
      '',
      '## Press → dashboard',
      '',
      '| run | presses | p50 ms | p99 ms | max ms | missed | →standby p50 ms | gateway CPU % | fleet CPU % | machine CPU % (of 200) | SSE events/s |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of r.press.runs)
      lines.push(
        `| ${x.run} | ${x.toRecording.n} | ${x.toRecording.p50} | ${x.toRecording.p99} | ${x.toRecording.max} | ${x.missed} | ${x.toStandby.p50} | ${x.gatewayCpuPercent} | ${x.fleetCpuPercent} | ${x.machineCpuPercent} | ${x.sseEventsPerSecond} |`,
      );
  }
  if (r.streams) {
    lines.push(
      '',
      '## Streams',
      '',
      '| streams | try | passed | why not | frames / audio packets missing | pushers real-time (min) | footage kb/s of pushed | gateway CPU % | node % | recorders % | gateway per stream % | pushers % | machine % (of 200) | node RSS MiB | recorders RSS / PSS MiB |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of r.streams.levels) {
      const v = (k) => x[k] ?? '—';
      lines.push(
        `| ${x.streams} | ${x.attempt} | ${yes(x.passed)} | ${x.failure ?? ''} | ${v('videoFramesMissingTotal')} / ${v('audioPacketsMissingTotal')} | ${v('pusherRealtimeMin')} | ${v('footageKbps')} / ${v('pushedKbps')} | ${v('gatewayCpuPercent')} | ${v('gatewayNodeCpuPercent')} | ${v('recorderFfmpegCpuPercent')} | ${v('cpuPerStreamPercent')} | ${v('pusherFfmpegCpuPercent')} | ${v('machineCpuPercent')} | ${v('gatewayNodeRssMb')} | ${v('recorderFfmpegRssMb')} / ${v('recorderFfmpegPssMb')} |`,
      );
    }
  }
  if (r.mqtt) {
    lines.push(
      '',
      '## MQTT',
      '',
      '| broker | QoS | run | delivered/s | delivered / published | broker CPU % | publishers CPU % | subscriber CPU % | machine % (of 200) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const x of r.mqtt.runs)
      lines.push(
        `| ${x.broker} | ${x.qos} | ${x.run} | ${x.deliveredPerSecond} | ${x.delivered} / ${x.published} | ${x.brokerCpuPercent} | ${x.publishersCpuPercent} | ${x.subscriberCpuPercent} | ${x.machineCpuPercent} |`,
      );
  }
  if (r.mqtt?.stateChangeFlood) {
    const f = r.mqtt.stateChangeFlood;
    lines.push(
      '',
      `State-change flood (QoS 0, every message flips standby/recording, a fresh gateway each time): the gateway crashed in ${f.gatewayCrashed} of ${f.runs} runs${f.errors.length ? ` (\`${f.errors.join('`, `')}\`)` : ''}; delivered: ${f.each.map((x) => `${x.delivered} of ${x.published}`).join(', ')}.`,
    );
  }
  lines.push('', 'See `bench/README.md` (Fleet) for the method; all details are in `fleet.json`.', '');
  return lines.join('\n');
}

async function main() {
  const started = Date.now();
  const machine = machineInfo(resolveFfmpeg());
  log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.totalMemoryGb} GB, node ${machine.node}`);
  const result = {
    pressToDashboardP50Ms: null,
    pressToDashboardP99Ms: null,
    streamsRecorded: null,
    mqttMsgsPerSecond: null,
    mosquittoMsgsPerSecond: null,
    cpuPerStreamPercent: null,
    gatewayRssMb: null,
  };

  if (PARTS.has('press')) {
    log(`press: ${RECORDERS} recorders, ${PRESS_RUNS} runs of ${PRESSES} presses at ~${PRESSES_PER_SECOND}/s`);
    const runs = await pressBench();
    const all = runs.flatMap((x) => x.samplesMs);
    result.pressToDashboardP50Ms = med1(runs.map((x) => x.toRecording.p50));
    result.pressToDashboardP99Ms = med1(runs.map((x) => x.toRecording.p99));
    result.press = {
      recorders: RECORDERS,
      recordersPerProcess: RECORDERS_PER_PROCESS,
      pressesPerRun: PRESSES,
      pressesPerSecond: PRESSES_PER_SECOND,
      telemetrySeconds: TELEMETRY_MS / 1000,
      heartbeatSeconds: HEARTBEAT_MS / 1000,
      pooled: summary(all),
      pressToStandbyP50Ms: med1(runs.map((x) => x.toStandby.p50)),
      missed: runs.reduce((a, x) => a + x.missed, 0),
      gatewayCpuPercent: med1(runs.map((x) => x.gatewayCpuPercent)),
      gatewayRssMb: med1(runs.map((x) => x.gatewayRssMb)),
      fleetCpuPercent: med1(runs.map((x) => x.fleetCpuPercent)),
      runs,
    };
  }

  if (PARTS.has('streams')) {
    const s = await streamsBench();
    const passed = s.levels.filter((x) => x.passed);
    result.streamsRecorded = passed.length ? Math.max(...passed.map((x) => x.streams)) : 0;
    // CPU and memory at the highest level recorded without loss (the lowest level tried if none was).
    const at = passed.length ? passed.filter((x) => x.streams === result.streamsRecorded).at(-1) : s.levels[0];
    result.cpuPerStreamPercent = at.cpuPerStreamPercent;
    result.gatewayRssMb = at.gatewayRssMb;
    result.streams = {
      figuresAtStreams: at.streams,
      gatewayCpuPercent: at.gatewayCpuPercent,
      gatewayNodeCpuPercent: at.gatewayNodeCpuPercent,
      recorderFfmpegCpuPercent: at.recorderFfmpegCpuPercent,
      nodeCpuPerStreamPercent: at.nodeCpuPerStreamPercent,
      recorderCpuPerStreamPercent: at.recorderCpuPerStreamPercent,
      pusherCpuPerStreamPercent: at.pusherCpuPerStreamPercent,
      pusherFfmpegCpuPercent: at.pusherFfmpegCpuPercent,
      machineCpuPercent: at.machineCpuPercent,
      gatewayNodeRssMb: at.gatewayNodeRssMb,
      recorderFfmpegRssMb: at.recorderFfmpegRssMb,
      gatewayPssMb: at.gatewayPssMb,
      recorderFfmpegPssMb: at.recorderFfmpegPssMb,
      criteria: {
        recordedWithoutLoss:
          'every stream: recorded video frames and audio packets (ffprobe, all its segments) equal to what the pusher sent, exactly; no gap between consecutive recorded frames longer than the largest in what was pushed; the pusher exited cleanly and reported the expected frame count',
        pushersRealtime: `every pusher's media clock advanced ≥ ${MIN_REALTIME} × the window's wall-clock time`,
        stationKeptUp: `footage on disk grew ≥ ${MIN_FOOTAGE_RATIO} × the pushed bitrate during the window`,
      },
      ...s,
    };
  }

  if (PARTS.has('mqtt')) {
    const m = await mqttBench();
    const flood = [];
    for (let i = 0; i < FLOOD_RUNS; i++) flood.push(await toggleFloodProbe());
    const med = (broker, qos) =>
      Math.round(median(m.runs.filter((x) => x.broker === broker && x.qos === qos).map((x) => x.deliveredPerSecond)));
    const pair = (qos) => ({
      aedes: med('aedes', qos),
      mosquitto: med('mosquitto', qos),
      ratio: round(med('aedes', qos) / med('mosquitto', qos), 2),
    });
    result.mqttMsgsPerSecond = med('aedes', 1);
    result.mosquittoMsgsPerSecond = med('mosquitto', 1);
    result.mqtt = {
      headline:
        'QoS 1, retained: how recorders publish state (the contract); QoS 0 next to it. Each publisher repeats its recorder’s standby state (a heartbeat)',
      qos1: pair(1),
      qos0: pair(0),
      publishers: MQTT_PUBLISHERS,
      publisherProcesses: MQTT_PUB_PROCESSES,
      windowPerConnection: MQTT_WINDOW,
      messagesPerRun: MQTT_MESSAGES,
      mosquittoVersion: m.mosquittoVersion,
      runs: m.runs,
      stateChangeFlood: {
        runs: flood.length,
        gatewayCrashed: flood.filter((f) => f.gatewayCrashed).length,
        errors: [...new Set(flood.map((f) => f.gatewayError).filter(Boolean))],
        each: flood,
      },
    };
  }

  Object.assign(result, {
    goals: { pressToDashboardP99Ms: '≤ 150', streamsRecorded: '≥ 100', mqttMsgsPerSecond: '≥ 20000' },
    childWarnings,
    loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)),
    machine,
    gitHead: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || null,
    gatewayUnderTest: process.env.BENCH_GATEWAY_NOTE ?? 'the built dist/ of this checkout',
    benchSeconds: round((Date.now() - started) / 1000),
    date: new Date().toISOString(),
  });
  const full = PARTS.size === 3 && RECORDERS === 500 && STREAM_LEVELS.length > 1;
  const jsonFile = full ? RESULTS_JSON : join(os.tmpdir(), 'liuhen-fleet-trial.json');
  const mdFile = full ? RESULTS_MD : join(os.tmpdir(), 'liuhen-fleet-trial.md');
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(jsonFile, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(mdFile, markdown(result));
  console.log(`\n${markdown(result)}`);
  log(`wrote ${jsonFile} and ${mdFile}`);
}

await runMain(main);
