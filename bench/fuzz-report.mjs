// Fuzz figures for bench/results/faults.json (not run by CI).
//
//   node bench/fuzz-report.mjs                 runs the five fuzz files and reports them
//   node bench/fuzz-report.mjs --from-report   reads the last `npm test` run instead
//                                              (.vitest-report.json, plus the case counts in
//                                              $LIUHEN_FUZZ_REPORT if that run set it)
//   --out <file>                               writes there instead of bench/results/faults.json
//
// Each fuzz test appends one JSON line per target to the file named by LIUHEN_FUZZ_REPORT:
// {target, cases, crashes, invalidRowsStored, durationMs, seed}. This script sets it, runs
// vitest with a JSON report next to it, and writes `fuzz` in bench/results/faults.json:
// per target {cases, crashes, invalidRowsStored, durationMs, seed, passed} (and routes, for HTTP). Other top-level
// keys of an existing faults.json are kept. LIUHEN_FUZZ_SEED and LIUHEN_FUZZ_CASES pass
// through to the tests (a seed replays a run).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outAt = process.argv.indexOf('--out');
const OUT =
  outAt > 0 && process.argv[outAt + 1]
    ? resolve(process.argv[outAt + 1])
    : join(root, 'bench', 'results', 'faults.json');
const FILES = [
  'device-profiles/src/fuzz.test.ts',
  'gateway/src/config-fuzz.test.ts',
  'gateway/test/fuzz-mqtt.test.ts',
  'gateway/test/fuzz-http.test.ts',
  'gateway/test/fuzz-upload.test.ts',
];

const fromReport = process.argv.includes('--from-report');
const work = mkdtempSync(join(tmpdir(), 'liuhen-fuzz-report-'));
let status = 0;
let lines;
let report;
try {
  if (fromReport) {
    const reportFile = join(root, '.vitest-report.json');
    if (!existsSync(reportFile)) throw new Error(`${reportFile} is missing: run npm test first`);
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
    lines = process.env.LIUHEN_FUZZ_REPORT;
    if (!lines || !existsSync(lines))
      console.warn(
        'no case counts: run `LIUHEN_FUZZ_REPORT=<file> npm test` and pass the same variable here; durations come from the report',
      );
  } else {
    lines = join(work, 'fuzz-lines.jsonl');
    const reportFile = join(work, 'vitest.json');
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        ...FILES,
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, LIUHEN_FUZZ_REPORT: lines } },
    );
    status = run.status ?? 1;
    if (!existsSync(reportFile)) throw new Error('vitest wrote no JSON report');
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  }

  // Pass/fail and duration of each fuzz test, from the vitest report.
  const tests = (report.testResults ?? [])
    .filter((f) => FILES.some((name) => f.name.endsWith(name)))
    .flatMap((f) =>
      (f.assertionResults ?? []).map((t) => ({ file: f.name, title: t.title, status: t.status, ms: t.duration })),
    );
  const testFor = (target) => {
    const [kind, detail] = target.split(':');
    const pick = {
      'mqtt-payload': (t) => t.file.endsWith(FILES[0]) && t.title.startsWith(`${detail}:`),
      config: (t) => t.file.endsWith(FILES[1]),
      mqtt: (t) => t.file.endsWith(FILES[2]),
      'http-bodies': (t) => t.file.endsWith(FILES[3]) && t.title.startsWith('request bodies'),
      'http-query': (t) => t.file.endsWith(FILES[3]) && t.title.startsWith('query strings'),
      'http-path': (t) => t.file.endsWith(FILES[3]) && t.title.startsWith('path parameters'),
      upload: (t) => t.file.endsWith(FILES[4]),
    }[kind];
    return pick ? tests.find(pick) : undefined;
  };

  const fuzz = {};
  const records =
    lines && existsSync(lines)
      ? readFileSync(lines, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];
  for (const r of records) {
    const t = testFor(r.target);
    fuzz[r.target] = {
      ...(r.routes !== undefined ? { routes: r.routes } : {}),
      cases: r.cases,
      crashes: r.crashes,
      invalidRowsStored: r.invalidRowsStored,
      durationMs: r.durationMs,
      seed: r.seed,
      passed: t ? t.status === 'passed' : null,
    };
  }
  // A report without the case lines still says which fuzz tests passed and how long they took.
  if (records.length === 0)
    for (const t of tests)
      fuzz[`${t.file.split('/').pop()} > ${t.title}`] = {
        cases: null,
        durationMs: Math.round(t.ms ?? 0),
        passed: t.status === 'passed',
      };

  if (Object.keys(fuzz).length === 0) throw new Error('no fuzz results found: nothing written');
  const existing = existsSync(OUT) ? JSON.parse(readFileSync(OUT, 'utf8')) : {};
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ ...existing, fuzz }, null, 2) + '\n');
  console.log(`\nwrote ${OUT}:`);
  for (const [target, f] of Object.entries(fuzz))
    console.log(
      `  ${target.padEnd(30)} ${String(f.cases ?? '?').padStart(6)} cases  ${String(f.crashes ?? '?').padStart(3)} crashes  ` +
        `${String(f.invalidRowsStored ?? '?').padStart(3)} invalid rows  ${String(f.durationMs).padStart(6)} ms  ${f.passed ? 'passed' : 'FAILED'}`,
    );
} catch (err) {
  console.error(err.message);
  status = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(status);
