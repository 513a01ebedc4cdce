// Cases and coverage benchmark (issue: cases and coverage). Needs `npx tsc -b` first.
//   node bench/cases.mjs [--segments 1000000] [--steps 100000] [--officers 2000] [--runs 3] [--export-gb 2]
// Builds a station database with the given population in a temp dir (real SQLite,
// the gateway's own migrations and services), then measures:
//   fullSortSeconds    every link from scratch: load + match + write links (median of runs);
//                      coverage of every step and the unsorted queue are rebuilt after, reported apart
//   incrementalSortMs  one change through the API-level service, committed and re-sorted:
//                      a step edited, a new segment stored, an assignment changed (p50/p99)
//   coverageP99Ms      live coverage of one case (all its steps) with all segments stored
//   exportMBps         a case with --export-gb of footage written as ZIP and as folder (median of runs)
// Peer figure in the same process: the brute-force matcher on a 1 % sample, to show the index's gain.
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  here,
  installCleanup,
  log,
  machineInfo,
  median,
  removeDir,
  requireBuilt,
  rng,
  round,
  runMain,
  tempDir,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    segments: { type: 'string', default: '1000000' },
    steps: { type: 'string', default: '100000' },
    officers: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    'export-gb': { type: 'string', default: '2' },
    'export-runs': { type: 'string', default: '3' },
    db: { type: 'string', description: 'keep the populated database in this file (reused when it exists)' },
    'sort-only': { type: 'boolean', default: false },
  },
});
const N_SEG = Number(args.segments);
const N_STEP = Number(args.steps);
const N_OFF = Number(args.officers);
const RUNS = Number(args.runs);

requireBuilt(['gateway']);
const gw = (p) => import(`../gateway/dist/${p}`);
const { openSqlite, migrate, sqliteHandle } = await gw('db/database.js');
const { createAuditLog } = await gw('audit/audit-log.js');
const { createAuditCheckpoints, openStationKey } = await gw('audit/checkpoints.js');
const { createReviews } = await gw('cases/reviews.js');
const { createSorter } = await gw('cases/sorter.js');
const { createCases } = await gw('cases/cases.js');
const { createRecordingIndex } = await gw('footage/recordings.js');
const { writeCaseExport } = await gw('cases/export.js');
const { loadConfig } = await gw('config.js');
const { createLogger } = await gw('log.js');

const config = loadConfig({ env: {}, overrides: {} });
const quiet = createLogger('warn');
const DAY = 86_400_000;
const T0 = Date.parse('2026-10-01T00:00:00Z');
const iso = (t) => new Date(t).toISOString();
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * 2k officers with one recorder each, handed out every day for 30 days; 100k steps
 * (one in five with two officers) of 10–40 minutes; per step, footage of its officer in
 * 60 s segments over most of its window, plus stray footage matching nothing.
 */
function populate(raw) {
  const rand = rng(42);
  const now = iso(Date.now());
  raw.transaction(() => {
    const unit = raw.prepare('INSERT INTO units (id, name, parent_id, created_at) VALUES (?, ?, NULL, ?)');
    for (let u = 0; u < 20; u++) unit.run(`u${u}`, `中队${u}`, now);
    const off = raw.prepare(
      'INSERT INTO officers (id, name, licence_no, unit_id, role, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)',
    );
    const dev = raw.prepare(
      "INSERT INTO devices (id, profile, state, online, created_at) VALUES (?, 'sim', 'standby', 0, ?)",
    );
    const asg = raw.prepare(
      'INSERT INTO assignments (id, device_id, officer_id, started_at, ended_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (let o = 0; o < N_OFF; o++) {
      off.run(`o${o}`, `officer ${o}`, `ZF${o}`, `u${o % 20}`, 'officer', now);
      dev.run(`d${o}`, now);
      for (let d = 0; d < 30; d++)
        asg.run(`a${o}-${d}`, `d${o}`, `o${o}`, iso(T0 + d * DAY), iso(T0 + d * DAY + 20 * 3600_000), 'bench', now);
    }
  })();
  const segPerStep = N_SEG / N_STEP;
  const stepsPerCase = 4;
  let seg = 0;
  raw.transaction(() => {
    const kase = raw.prepare(
      "INSERT INTO cases (id, number, kind, title, party, unit_id, status, major, hold, closed_at, created_by, created_at, updated_at) VALUES (?, ?, 'inspection', 't', NULL, ?, 'open', 0, 0, NULL, 'bench', ?, ?)",
    );
    const step = raw.prepare(
      "INSERT INTO steps (id, case_id, kind, title, starts_at, ends_at, location, lat, lon, requirement, created_at, updated_at) VALUES (?, ?, 'on-site-inspection', NULL, ?, ?, NULL, NULL, NULL, 'required', ?, ?)",
    );
    const so = raw.prepare('INSERT INTO step_officers (step_id, officer_id) VALUES (?, ?)');
    const rec = raw.prepare(
      "INSERT INTO recordings (id, device_id, officer_id, session_id, path, started_at, ended_at, duration_seconds, bytes, sha256, source, recovered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 60, 1000000, 'x', 'device', 0, ?)",
    );
    for (let s = 0; s < N_STEP; s++) {
      const o = s % N_OFF;
      const caseId = `c${Math.floor(s / stepsPerCase)}`;
      if (s % stepsPerCase === 0) kase.run(caseId, `BENCH-${caseId}`, `u${o % 20}`, now, now);
      const day = Math.floor(rand() * 30);
      const start = T0 + day * DAY + Math.floor(rand() * 18 * 3600) * 1000;
      const len = (10 + Math.floor(rand() * 30)) * 60_000;
      step.run(`s${s}`, caseId, iso(start), iso(start + len), now, now);
      so.run(`s${s}`, `o${o}`);
      if (s % 5 === 0) so.run(`s${s}`, `o${(o + 1) % N_OFF}`);
      // Footage: most segments inside the window, the last one far away (stray).
      const n = Math.round(segPerStep * (s + 1)) - Math.round(segPerStep * s);
      for (let k = 0; k < n; k++) {
        const t = k < n - 1 ? start + k * 61_000 : T0 + day * DAY + 23 * 3600_000 + rand() * 3000_000;
        rec.run(
          `r${seg}`,
          `d${o}`,
          `o${o}`,
          `sess-${o}-${day}-${k === n - 1 ? 'x' : s}`,
          `p/${seg}.mp4`,
          iso(t),
          iso(t + 60_000),
          now,
        );
        seg++;
      }
    }
  })();
  return { segments: seg };
}

async function services(db) {
  const audit = createAuditLog(db);
  const reviews = createReviews(db, audit, config.reviews);
  const sorter = createSorter(db, reviews, config.cases, quiet);
  const cases = createCases({
    db,
    audit,
    sorter,
    reviews,
    footageRoot: '/nonexistent',
    config,
    version: 'bench',
    publicKeyOf: async () => null,
  });
  return { audit, reviews, sorter, cases, recordings: createRecordingIndex(db) };
}

async function benchSort(dir) {
  const reuse = args.db && existsSync(args.db);
  const db = openSqlite(args.db ?? join(dir, 'bench.sqlite'));
  await migrate(db);
  const raw = sqliteHandle(db);
  const t = performance.now();
  const { segments } = reuse
    ? { segments: raw.prepare('SELECT count(*) AS n FROM recordings').get().n }
    : populate(raw);
  log(
    `${reuse ? 'reused' : 'populated'} ${segments} segments, ${N_STEP} steps, ${N_OFF} officers in ${round((performance.now() - t) / 1000, 1)} s`,
  );
  const s = await services(db);

  const full = [];
  for (let r = 0; r < RUNS; r++) {
    const st = await s.sorter.fullSort();
    full.push(st);
    log(
      `full sort ${r + 1}/${RUNS}: load ${round(st.loadMs)} ms, match ${round(st.matchMs)} ms, write ${round(st.writeMs)} ms (${st.links} links); derived ${round(st.derivedMs)} ms`,
    );
  }
  const linkSeconds = full.map((f) => (f.loadMs + f.matchMs + f.writeMs) / 1000);
  if (args['sort-only']) {
    await db.destroy();
    console.log(JSON.stringify({ linkSeconds, full }, null, 1));
    process.exit(0);
  }

  // Peer: the rule applied pair by pair on a 1 % sample of segments, against the index on the same sample.
  const sample = raw
    .prepare('SELECT device_id, officer_id, started_at, ended_at FROM recordings WHERE rowid % 100 = 0')
    .raw()
    .all()
    .map((r) => ({ deviceId: r[0], officerId: r[1], start: Date.parse(r[2]), end: Date.parse(r[3]) }));
  const stepRows = raw
    .prepare(
      'SELECT s.starts_at, s.ends_at, group_concat(o.officer_id) FROM steps s JOIN step_officers o ON o.step_id = s.id GROUP BY s.id',
    )
    .raw()
    .all()
    .map((r) => ({ officers: r[2].split(','), start: Date.parse(r[0]), end: Date.parse(r[1]) }));
  const opts = { marginMs: config.cases.sortMarginMinutes * 60_000, maxDistanceM: 0 };
  const t1 = performance.now();
  const bruteSample = sample.slice(0, 2000);
  let brute = 0;
  for (const seg of bruteSample) {
    for (const st of stepRows)
      if (
        st.officers.includes(seg.officerId) &&
        seg.start < st.end + opts.marginMs &&
        st.start - opts.marginMs < seg.end
      )
        brute++;
  }
  const bruteMsPerSeg = (performance.now() - t1) / bruteSample.length;

  // Incremental: one change each, through the same service calls the API makes.
  const stepEdit = [];
  const segAdd = [];
  const assignEdit = [];
  const rand = rng(7);
  for (let i = 0; i < 200; i++) {
    const sid = `s${Math.floor(rand() * N_STEP)}`;
    const cur = raw.prepare('SELECT starts_at, ends_at FROM steps WHERE id = ?').get(sid);
    const shift = (rand() < 0.5 ? -1 : 1) * 600_000;
    let t2 = performance.now();
    await s.cases.patchStep(
      sid,
      { startsAt: iso(Date.parse(cur.starts_at) + shift), endsAt: iso(Date.parse(cur.ends_at) + shift) },
      'bench',
    );
    stepEdit.push(performance.now() - t2);

    const o = Math.floor(rand() * N_OFF);
    const at = T0 + Math.floor(rand() * 30) * DAY + Math.floor(rand() * 18 * 3600) * 1000;
    t2 = performance.now();
    await s.recordings.add(
      {
        deviceId: `d${o}`,
        sessionId: `bench-${i}`,
        path: `bench/${i}.mp4`,
        startedAt: new Date(at),
        endedAt: new Date(at + 60_000),
        durationSeconds: 60,
        bytes: 1,
        sha256: 'x',
      },
      `o${o}`,
      { source: 'device' },
    );
    await s.sorter.flush();
    segAdd.push(performance.now() - t2);
  }
  for (let i = 0; i < 50; i++) {
    // A hand-out at the desk: a new assignment over a day with footage (re-sorts that device's day).
    const o = Math.floor(rand() * N_OFF);
    const d = 30 + i;
    const t2 = performance.now();
    const a = await s.cases.assign(
      {
        deviceId: `d${o}`,
        officerId: `o${(o + 1) % N_OFF}`,
        startedAt: iso(T0 + d * DAY),
        endedAt: iso(T0 + d * DAY + 8 * 3600_000),
      },
      'bench',
    );
    await s.sorter.flush();
    assignEdit.push(performance.now() - t2);
    void a;
  }

  // Coverage of one case, live from its links, with every segment stored.
  const cov = [];
  for (let i = 0; i < 500; i++) {
    const c = `c${Math.floor(rand() * (N_STEP / 4))}`;
    const t2 = performance.now();
    await s.cases.caseCoverage(c);
    cov.push(performance.now() - t2);
  }
  await s.sorter.stop();
  await db.destroy();
  return {
    segments,
    links: full[0].links,
    linkSeconds,
    full,
    derivedSeconds: full.map((f) => f.derivedMs / 1000),
    stepEdit,
    segAdd,
    assignEdit,
    cov,
    peer: { bruteMsPerSeg, bruteSampled: bruteSample.length, bruteLinks: brute },
  };
}

async function benchExport(dir) {
  const gb = Number(args['export-gb']);
  const fileMb = 64;
  const n = Math.max(1, Math.round((gb * 1024) / fileMb));
  const footage = join(dir, 'footage');
  mkdirSync(footage, { recursive: true });
  const buf = Buffer.alloc(4 * 1024 * 1024);
  const files = [];
  for (let i = 0; i < n; i++) {
    const p = join(footage, `seg-${i}.mp4`);
    const fd = openSync(p, 'w');
    const h = createHash('sha256');
    for (let w = 0; w < fileMb / 4; w++) {
      randomFillSync(buf);
      h.update(buf);
      writeSync(fd, buf);
    }
    closeSync(fd);
    files.push({
      recordingId: `r${i}`,
      deviceId: 'd1',
      officerId: 'o1',
      source: 'device',
      startedAt: iso(T0 + i * 60_000),
      endedAt: iso(T0 + (i + 1) * 60_000),
      bytes: fileMb * 1024 * 1024,
      sha256: h.digest('hex'),
      absPath: p,
      archivePath: `d1/device/seg-${i}.mp4`,
      chainAbsPath: null,
      stepIds: ['s1'],
    });
  }
  const plan = {
    case: {
      id: 'c1',
      number: 'BENCH-1',
      kind: 'inspection',
      title: 'bench',
      party: null,
      unit: null,
      status: 'open',
      major: false,
    },
    steps: [
      {
        id: 's1',
        kind: 'on-site-inspection',
        title: null,
        startsAt: iso(T0),
        endsAt: iso(T0 + n * 60_000),
        location: null,
        requirement: 'required',
        officers: [{ id: 'o1', name: null }],
        coverage: {
          windowSeconds: n * 60,
          coveredSeconds: n * 60,
          ratio: 1,
          passing: true,
          requiredRatio: 0.9,
          gaps: [],
        },
        footage: files.map((f) => ({
          recordingId: f.recordingId,
          deviceId: 'd1',
          source: 'device',
          start: f.startedAt,
          end: f.endedAt,
        })),
      },
    ],
    files,
    devicePublicKeys: {},
    // Footage only: the export throughput measured is the copy of the segments.
    documents: [],
    opinions: [],
    reviewers: [],
    audit: [],
    generatedAt: iso(Date.now()),
    generatedBy: 'bench',
    stationVersion: 'bench',
  };
  const totalMb = (n * fileMb * 1024 * 1024) / 1e6;
  // Every export is signed: a station key and audit checkpoints of their own.
  const stationDb = openSqlite(join(dir, 'export-station.sqlite'));
  await migrate(stationDb);
  const { signing: station } = createAuditCheckpoints({
    db: stationDb,
    audit: createAuditLog(stationDb),
    keys: await openStationKey(dir, quiet),
  });
  const out = {};
  for (const format of ['zip', 'folder']) {
    const rates = [];
    for (let r = 0; r < Number(args['export-runs']); r++) {
      const dest = join(dir, `export-${format}-${r}${format === 'zip' ? '.zip' : ''}`);
      const t = performance.now();
      await writeCaseExport(plan, { dest, format, station });
      const s = (performance.now() - t) / 1000;
      rates.push(totalMb / s);
      log(`export ${format} ${r + 1}: ${round(totalMb)} MB in ${round(s, 2)} s = ${round(totalMb / s)} MB/s`);
      removeDir(dest);
    }
    out[format] = rates;
  }
  removeDir(footage);
  await stationDb.destroy();
  return { totalMb, files: n, ...out };
}

await runMain(async () => {
  installCleanup();
  const dir = tempDir('liuhen-bench-cases-');
  log(`cases bench: ${N_SEG} segments, ${N_STEP} steps, ${N_OFF} officers, ${RUNS} runs`);
  const sort = await benchSort(dir);
  const exp = await benchExport(dir);
  removeDir(dir);
  const results = {
    fullSortSeconds: round(median(sort.linkSeconds), 2),
    incrementalSortMs: round(pct(sort.stepEdit, 50), 2),
    coverageP99Ms: round(pct(sort.cov, 99), 2),
    exportMBps: round(median(exp.zip), 0),
    fullSortRunsSeconds: sort.linkSeconds.map((x) => round(x, 2)),
    fullSortStagesMs: sort.full.map((f) => ({
      load: round(f.loadMs),
      match: round(f.matchMs),
      write: round(f.writeMs),
    })),
    fullSortDerivedSeconds: round(median(sort.derivedSeconds), 2),
    fullSortLinks: sort.links,
    incrementalStepEditP50Ms: round(pct(sort.stepEdit, 50), 2),
    incrementalStepEditP99Ms: round(pct(sort.stepEdit, 99), 2),
    incrementalSegmentAddP50Ms: round(pct(sort.segAdd, 50), 2),
    incrementalSegmentAddP99Ms: round(pct(sort.segAdd, 99), 2),
    incrementalAssignmentP50Ms: round(pct(sort.assignEdit, 50), 2),
    incrementalAssignmentP99Ms: round(pct(sort.assignEdit, 99), 2),
    coverageP50Ms: round(pct(sort.cov, 50), 2),
    exportZipMBpsRuns: exp.zip.map((x) => round(x)),
    exportFolderMBps: round(median(exp.folder), 0),
    exportFolderMBpsRuns: exp.folder.map((x) => round(x)),
    exportMB: round(exp.totalMb),
    exportFiles: exp.files,
    peerBruteForceMsPerSegment: round(sort.peer.bruteMsPerSeg, 3),
    peerIndexedMsPerSegment: round(median(sort.full.map((f) => f.matchMs)) / sort.segments, 5),
    peerSpeedup: round(sort.peer.bruteMsPerSeg / (median(sort.full.map((f) => f.matchMs)) / sort.segments), 0),
    population: { segments: sort.segments, steps: N_STEP, officers: N_OFF, assignments: N_OFF * 30 },
    goals: { fullSortSeconds: '< 3', incrementalSortMs: '< 10', coverageP99Ms: '< 20' },
    machine: machineInfo('ffmpeg'),
  };
  const full = N_SEG === 1_000_000 && N_STEP === 100_000 && N_OFF === 2000;
  // Only the population goes to the results file; other sizes are trial runs.
  const file = full ? join(here, 'results', 'cases.json') : join(dir, '..', 'cases-trial.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${file}`);
  console.log(JSON.stringify(results, null, 2));
});
