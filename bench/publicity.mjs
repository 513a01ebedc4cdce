// Publicity benchmark (issue: enforcement publicity): the public portal under load against nginx serving
// the same answers as static files, redaction recall and precision, and face blur (copied). Needs `npx tsc -b`.
//   node bench/publicity.mjs [--items 100000] [--connections 32] [--duration 10] [--runs 3] [--texts 10000]
// About 9 minutes; writes bench/results/publicity.json (other sizes write a temp file: trial runs).
//
// Portal: a station database in a temp dir (the gateway's migrations) with --items published rows, built
// with gateway/src/portal/sample-publications.ts and signed with a fresh Ed25519 station key (fingerprint:
// SHA-256 of its DER SPKI), inserted in transactions of 5,000. The portal (startPortal from the dist) runs
// in its own process (bench/publicity-portal-proc.mjs) on its read-only connection while this process
// keeps the station's read-write connection open, as the station does. The answers of six URLs are fetched
// once from the portal and written as files that nginx (worker_processes 1: one process against the one
// Node process; its own process) serves with the portal's headers. The load generator
// (bench/publicity-load.mjs, its own process: a raw keep-alive HTTP/1.1 client, closed loop per
// connection) runs --connections connections for 1 s of warm-up and --duration seconds measured, per URL,
// per server, --runs times, the two servers alternating which goes first; figures are medians of the runs.
//   portalRps, portalP99Ms     answers per second and p99 latency (nearest rank, send → last byte) of the
//                              list page (`/`, the headline) and of every URL kind under `urls`
//   nginxStaticRps             the same for nginx; portalToNginxRpsRatio = portalRps / nginxStaticRps
//   goals                      portalToNginxRpsRatio >= 0.5 and portalP99Ms <= 50
// Also: each URL's unloaded time (one request after the other), the portal's SQL per view with its query
// plan, CPU of the server, the client and the rest of the machine during each window, and nginx with
// worker_processes auto (one run each). The portal keeps its answers until the station writes (results.ts,
// http.ts), so the load runs measure kept answers; `notKept` is what an answer costs when it is not kept
// (the first view after a write, pages and items not asked before), one request after the other.
// Redaction: the same corpus, passes and scoring as bench/redaction.mjs (decisionCorpus(10000, seed 1),
// warm-up on 500 others, 3 timed passes), run here so this file carries this run's figures.
// Face blur: bench/face-blur.mjs writes results/face-blur.json; its figures are copied when that file exists.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  CLK_TCK,
  childrenOf,
  here,
  installCleanup,
  log,
  machineInfo,
  median,
  procStat,
  removeDir,
  requireBuilt,
  root,
  round,
  runMain,
  sleep,
  startNodeChild,
  stopChild,
  tempDir,
  track,
  warningTally,
} from './lib.mjs';
import { populatePublications } from './publicity-population.mjs';

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    texts: { type: 'string', default: '10000' },
    'auto-duration': { type: 'string', default: '3' },
    nginx: { type: 'string', default: process.env.NGINX_PATH ?? '/usr/sbin/nginx' },
    only: { type: 'string', description: 'comma-separated: portal,redaction (default both)' },
  },
});
const ITEMS = Number(args.items);
const CONNECTIONS = Number(args.connections);
const DURATION_MS = Number(args.duration) * 1000;
const WARMUP_MS = Number(args.warmup) * 1000;
const RUNS = Number(args.runs);
const TEXTS = Number(args.texts);
const AUTO_DURATION_MS = Number(args['auto-duration']) * 1000;
const ONLY = new Set((args.only ?? 'portal,redaction').split(','));
const FULL =
  ITEMS === 100_000 &&
  CONNECTIONS === 32 &&
  DURATION_MS === 10_000 &&
  RUNS === 3 &&
  TEXTS === 10_000 &&
  ONLY.has('portal') &&
  ONLY.has('redaction');

const GOAL_RATIO = 0.5;
/** Three significant digits: rates and ratios that may be far below 1 keep their size. */
const sig = (x) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(3)));
/** How long a portal may go on working off a window's abandoned requests before it is restarted. */
const MAX_DRAIN_MS = 5000;
const GOAL_P99_MS = 50;
const BASE_URL = 'https://gongshi.example.gov.cn';
const PAGE_SIZE = 20; // the portal's default page size (query.ts DEFAULT_LIMIT)

requireBuilt(['gateway']);
const gw = (p) => import(`../gateway/dist/${p}`);

// ---------------------------------------------------------------- redaction (as bench/redaction.mjs)

async function redactionFigures() {
  const { redact } = await gw('publicity/redaction.js');
  const { DEFAULT_REDACTION_POLICY } = await gw('publicity/redaction/policy.js');
  const { decisionCorpus } = await gw('publicity/redaction/corpus.js');
  const { emptyScore, figuresOf, scoreSample } = await gw('publicity/redaction/corpus-score.js');
  const SEED = 1;
  const inputOf = (s) => ({
    party: s.party,
    people: s.people,
    decisionDate: s.decisionDate,
    policy: DEFAULT_REDACTION_POLICY,
  });
  log(`redaction: generating ${TEXTS} decisions (seed ${SEED})`);
  const samples = [...decisionCorpus(TEXTS, SEED)];
  for (const s of decisionCorpus(500, SEED + 1000)) redact(s.text, inputOf(s));
  const loadBefore = loadavg()[0];
  const rates = [];
  let results;
  for (let r = 0; r < 3; r++) {
    const out = new Array(samples.length);
    const t0 = performance.now();
    for (let i = 0; i < samples.length; i++) out[i] = redact(samples[i].text, inputOf(samples[i]));
    const seconds = (performance.now() - t0) / 1000;
    results ??= out;
    rates.push(TEXTS / seconds);
    log(`redaction pass ${r + 1}/3: ${round(TEXTS / seconds, 0)} texts/s`);
  }
  const loadAfter = loadavg()[0];
  const score = emptyScore();
  samples.forEach((s, i) => scoreSample(score, s, results[i]));
  const f = figuresOf(score);
  return {
    redactionRecall: round(f.redactionRecall, 5),
    redactionPrecision: round(f.redactionPrecision, 5),
    redactionTextsPerSecond: round(median(rates), 0),
    redactionTextsPerSecondRuns: rates.map((x) => round(x, 0)),
    redactionPlanted: score.planted,
    redactionFindings: score.findings,
    redactionMissed: score.missed,
    redactionWrongFindings: score.wrong,
    redactionLeaks: f.leaks,
    redactionWithholdRecall: round(f.withholdRecall, 5),
    redactionWithholdPrecision: round(f.withholdPrecision, 5),
    redactionCorpus: {
      texts: TEXTS,
      seed: SEED,
      generator: 'gateway/src/publicity/redaction/corpus.ts decisionCorpus, scored by corpus-score.ts',
    },
    redactionGoalsMet: { recall: f.redactionRecall === 1, precision: f.redactionPrecision >= 0.99 },
    redactionMachineLoadAverage: { before: round(loadBefore, 1), after: round(loadAfter, 1) },
  };
}

// ---------------------------------------------------------------- the servers

async function freePort() {
  const srv = net.createServer();
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address();
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitListening(port, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** The portal's own headers (gateway/src/portal/http.ts), added by nginx too so both answers weigh alike. */
const PORTAL_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'access-control-allow-origin': '*',
  'cache-control': 'public, max-age=60',
};

/** nginx in the foreground serving `bodies` (url path → {file, body}) as static files from its own temp dir. */
async function startNginx(dir, urls, workers) {
  const www = join(dir, 'www');
  mkdirSync(www, { recursive: true });
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const map = [];
  for (const u of urls) {
    writeFileSync(join(www, u.file), u.body);
    map.push(`    ${JSON.stringify(u.path)} /${u.file};`);
  }
  // The workers run as nobody: the temp dir must be readable by them.
  for (const p of [dir, www]) chmodSync(p, 0o755);
  const port = await freePort();
  const headers = Object.entries(PORTAL_HEADERS)
    .map(([k, v]) => `      add_header ${k} "${v}" always;`)
    .join('\n');
  const conf = `worker_processes ${workers};
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_timeout 75s;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { text/html html; application/json json; }
  charset utf-8;
  charset_types application/json;
  map_hash_bucket_size 256;
  map $request_uri $answer {
    default /missing;
${map.join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    root ${www};
    location / {
${headers}
      try_files $answer =404;
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const test = spawnSync(args.nginx, ['-t', '-p', dir, '-c', confFile], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed: ${test.stderr}`);
  const child = track(spawn(args.nginx, ['-p', dir, '-c', confFile], { stdio: ['ignore', 'ignore', 'pipe'] }));
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.once('exit', (code) => {
    if (code) log(`nginx exited with ${code}: ${stderr}`);
  });
  await waitListening(port);
  return { child, pid: child.pid, port, url: `http://127.0.0.1:${port}`, dir, workers };
}

async function stopNginx(n) {
  // SIGQUIT: graceful stop of the master and its workers.
  await stopChild(n.child, 'SIGQUIT', 5000);
  const errors = existsSync(join(n.dir, 'error.log')) ? readFileSync(join(n.dir, 'error.log'), 'utf8').trim() : '';
  return errors;
}

// ---------------------------------------------------------------- load

/**
 * Busy ticks of the whole machine from /proc/stat, split: work at normal priority (user + system + irq +
 * softirq + steal) and niced work ("nice"), which yields to the benchmark's processes (nice 0).
 */
function machineTicksSplit() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { normal: f[0] + f[2] + f[5] + f[6] + (f[7] ?? 0), niced: f[1] };
}

/** CPU ticks of a process plus (optionally) its live children: the portal alone, nginx's master and workers. */
function ticksOf(pid, withChildren) {
  let t = procStat(pid)?.ticks ?? 0;
  if (withChildren) for (const c of childrenOf(pid)) t += c.ticks;
  return t;
}

/** One load window: the load generator in its own process against port/path; server CPU read around the window. */
async function loadRun(port, path, serverPid, withChildren, durationMs = DURATION_MS) {
  const cfg = { host: '127.0.0.1', port, path, connections: CONNECTIONS, warmupMs: WARMUP_MS, durationMs };
  const child = track(
    spawn(process.execPath, [join(here, 'publicity-load.mjs'), JSON.stringify(cfg)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let at0;
  let result;
  await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'LIUHEN_LOAD_MEASURING')
        at0 = { t: performance.now(), server: ticksOf(serverPid, withChildren), machine: machineTicksSplit() };
      else if (line.startsWith('LIUHEN_LOAD_RESULT ')) {
        const at1 = { t: performance.now(), server: ticksOf(serverPid, withChildren), machine: machineTicksSplit() };
        result = JSON.parse(line.slice('LIUHEN_LOAD_RESULT '.length));
        const seconds = (at1.t - at0.t) / 1000;
        const pct = (ticks) => (100 * ticks) / CLK_TCK / seconds;
        result.serverCpuPercent = pct(at1.server - at0.server);
        result.machineCpuPercent = pct(at1.machine.normal - at0.machine.normal);
        result.nicedCpuPercent = pct(at1.machine.niced - at0.machine.niced);
        // Everything else at normal priority (niced work is apart: it yields to the server and the client).
        result.otherCpuPercent = Math.max(
          0,
          result.machineCpuPercent - result.serverCpuPercent - result.clientCpuPercent,
        );
      }
    });
    child.once('exit', (code) =>
      result ? resolve() : reject(new Error(`load generator exited (${code}) without a result: ${stderr}`)),
    );
  });
  return result;
}

/**
 * Waits until the process (and its children) uses under 5 % of a core over 250 ms; resolves with the
 * seconds waited, or null when it is still busy after maxMs.
 */
async function waitIdle(pid, withChildren, maxMs) {
  const t0 = performance.now();
  for (;;) {
    const a = ticksOf(pid, withChildren);
    await sleep(250);
    if (ticksOf(pid, withChildren) - a <= 0.05 * 0.25 * CLK_TCK) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > maxMs) return null;
  }
}

/**
 * GET on node:http with the agent given (a fresh one by default): { status, headers, body }. Not fetch():
 * its shared pool reuses sockets the portal closed while idle (Fastify's keep-alive timeout) and fails.
 */
function httpGet(url, agent = new http.Agent({ keepAlive: false })) {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

/** Sequential GETs, one after the other on one keep-alive connection: the unloaded time of an answer. */
async function unloadedMs(base, path, maxRequests = 30, maxMs = 2000) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const times = [];
  const t0 = performance.now();
  try {
    while (times.length < maxRequests && performance.now() - t0 < maxMs) {
      const s = performance.now();
      const res = await httpGet(`${base}${path}`, agent);
      if (res.status !== 200) throw new Error(`GET ${base}${path}: HTTP ${res.status}`);
      times.push(performance.now() - s);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

// ---------------------------------------------------------------- the portal's SQL

/**
 * The portal's reads for a list page, a deep page and an item, on a read-only connection with Kysely's
 * query log (the same repository functions the portal calls): each statement's median time and its plan.
 */
async function traceSql(dbFile, deepPage, itemId) {
  const { default: SQLite } = await import('better-sqlite3');
  const { Kysely, SqliteDialect } = await import('kysely');
  const repo = await gw('portal/portal-repo.js');
  const sqlite = new SQLite(dbFile, { readonly: true, fileMustExist: true });
  const seen = new Map();
  let label = '';
  const db = new Kysely({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (e) => {
      if (e.level !== 'query') return;
      const key = `${label}\n${e.query.sql}`;
      const s = seen.get(key) ?? { view: label, sql: e.query.sql, parameters: e.query.parameters, ms: [] };
      s.ms.push(e.queryDurationMillis);
      seen.set(key, s);
    },
  });
  const now = new Date().toISOString();
  // Since the seek paging (migration 0018, results.ts) a list view walks the live-order index once per
  // generation for its page boundaries and count (listBoundaries, kept until the station writes, an item
  // expires or a minute passes), then reads its page from the boundary at or before it.
  const EVERY = 500; // results.ts BOUNDARY_EVERY
  const page = async (n) => {
    const b = await repo.listBoundaries(db, { words: [] }, now, EVERY);
    const offset = (n - 1) * PAGE_SIZE;
    const k = Math.floor(offset / EVERY);
    return repo.findResults(db, { words: [] }, { at: b.keys[k], skip: offset - k * EVERY, limit: PAGE_SIZE }, now);
  };
  const views = {
    listPage: () => page(1),
    deepListPage: () => page(deepPage),
    yearChoices: () => repo.resultYears(db, now),
    nextExpiry: () => repo.nextExpiry(db, now),
    item: () => repo.findResult(db, itemId, now),
  };
  for (const [name, fn] of Object.entries(views)) {
    label = name;
    for (let i = 0; i < 3; i++) await fn();
  }
  const out = [...seen.values()].map((s) => ({
    view: s.view,
    sql: s.sql,
    parameters: s.parameters,
    medianMs: round(median(s.ms), 2),
    // The boundary walk runs one statement many times: how often and how long in all, per view.
    callsPerView: round(s.ms.length / 3, 0),
    totalMsPerView: round(s.ms.reduce((a, b) => a + b, 0) / 3, 2),
    plan: sqlite
      .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
      .all(...s.parameters)
      .map((r) => r.detail),
  }));
  await db.destroy();
  return out;
}

// ---------------------------------------------------------------- main

async function portalFigures(warnings) {
  const dir = tempDir('liuhen-publicity-');
  const { openSqlite, migrate, sqliteHandle } = await gw('db/database.js');
  const { samplePublicationRow } = await gw('portal/sample-publications.js');
  const { slugOf } = await gw('portal/index.js');
  const { publicKeyFingerprint } = await import('@liuhen/evidence');

  // The station key: Ed25519, fingerprint = SHA-256 of the DER SPKI (what the portal checks items with).
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' });
  const fingerprint = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  if (fingerprint !== publicKeyFingerprint(publicKey)) throw new Error('station key fingerprint mismatch');
  const key = { privateKey, publicKeyPem, fingerprint };
  const keyFile = join(dir, 'station-key.pem');
  writeFileSync(keyFile, publicKeyPem);

  const dbFile = join(dir, 'liuhen.sqlite');
  const station = openSqlite(dbFile);
  await migrate(station);
  const raw = sqliteHandle(station);
  const t0 = performance.now();
  const population = populatePublications(raw, key, samplePublicationRow, ITEMS);
  // No ANALYZE: the station never runs one, so the planner works without statistics, as on a station.
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const populateSeconds = (performance.now() - t0) / 1000;
  const dbMb = statSync(dbFile).size / 2 ** 20;
  log(`populated ${ITEMS} published items in ${round(populateSeconds, 1)} s (${round(dbMb, 0)} MiB)`);

  const lastPage = Math.ceil(ITEMS / PAGE_SIZE);
  const item = population.sampleItemId;
  const slug = slugOf(item);
  const URLS = [
    { kind: 'listHtml', path: '/', file: 'list.html', what: 'results list, first page (HTML)' },
    { kind: 'listApi', path: '/api/results', file: 'list.json', what: 'results list, first page (JSON API)' },
    {
      kind: 'deepListHtml',
      path: `/?page=${lastPage}`,
      file: 'deep.html',
      what: `results list, last page ${lastPage} (HTML)`,
    },
    {
      kind: 'deepListApi',
      path: `/api/results?page=${lastPage}`,
      file: 'deep.json',
      what: `results list, last page ${lastPage} (JSON API)`,
    },
    { kind: 'itemHtml', path: `/results/${slug}`, file: 'item.html', what: 'item page (HTML)' },
    { kind: 'itemApi', path: `/api/results/${slug}`, file: 'item.json', what: 'item (JSON API)' },
  ];

  const startPortalProc = async () => {
    const { child, ready } = await startNodeChild(
      'portal',
      join(here, 'publicity-portal-proc.mjs'),
      [dbFile, keyFile, BASE_URL, 'warn'],
      { noteWarning: warnings.note },
    );
    return { ...JSON.parse(ready), pid: child.pid, child };
  };
  let portal = await startPortalProc();
  log(`portal at ${portal.url} (pid ${portal.pid})`);

  // The answers once, as nginx will serve them; check they are what the portal should serve.
  for (const u of URLS) {
    const res = await httpGet(`${portal.url}${u.path}`);
    const body = res.body;
    if (res.status !== 200) throw new Error(`portal ${u.path}: HTTP ${res.status}`);
    u.body = body;
    u.bytes = body.length;
    u.contentType = res.headers['content-type'];
  }
  const listJson = JSON.parse(URLS[1].body.toString('utf8'));
  const deepJson = JSON.parse(URLS[3].body.toString('utf8'));
  const itemJson = JSON.parse(URLS[5].body.toString('utf8'));
  if (listJson.paging.total !== ITEMS || listJson.items.length !== PAGE_SIZE)
    throw new Error(`list: total ${listJson.paging.total}, ${listJson.items.length} items`);
  if (deepJson.items.length !== ITEMS - (lastPage - 1) * PAGE_SIZE)
    throw new Error(`deep page: ${deepJson.items.length} items`);
  if (itemJson.item.id !== item) throw new Error('item API answered another item');
  if (!URLS[4].body.toString('utf8').includes(itemJson.item.title)) throw new Error('item page lacks its title');

  const sql = await traceSql(dbFile, lastPage, item);
  for (const s of sql) log(`sql ${s.view}: ${s.medianMs} ms  ${s.plan.join(' | ')}`);

  const unloaded = {};
  for (const u of URLS) {
    const ms = await unloadedMs(portal.url, u.path);
    unloaded[u.kind] = { portalMedianMs: round(median(ms), 2), portalSamples: ms.length };
  }

  // nginx's files in a temp dir of their own: its workers (user nobody) cannot enter the station's 0700 one.
  const nginxDir = tempDir('liuhen-publicity-nginx-');
  let nginx = await startNginx(nginxDir, URLS, 1);
  log(`nginx (worker_processes 1) at ${nginx.url}`);
  for (const u of URLS) {
    const res = await httpGet(`${nginx.url}${u.path}`);
    const body = res.body;
    if (res.status !== 200 || !body.equals(u.body))
      throw new Error(
        `nginx ${u.path}: HTTP ${res.status}, ${body.length} bytes, not the portal answer (${u.bytes} bytes)`,
      );
    u.nginxContentType = res.headers['content-type'];
    const ms = await unloadedMs(nginx.url, u.path);
    unloaded[u.kind].nginxMedianMs = round(median(ms), 2);
  }

  const runs = Object.fromEntries(URLS.map((u) => [u.kind, { portal: [], nginx: [] }]));
  let portalRestarts = 0;
  const nodeStaticRuns = {};
  const loadBefore = loadavg()[0];
  for (let r = 0; r < RUNS; r++) {
    for (const u of URLS) {
      const order = r % 2 === 0 ? ['portal', 'nginx'] : ['nginx', 'portal'];
      for (const who of order) {
        const res =
          who === 'portal'
            ? await loadRun(portal.port, u.path, portal.pid, false)
            : await loadRun(nginx.port, u.path, nginx.pid, true);
        runs[u.kind][who].push(res);
        if (who === 'portal') {
          // Answers still queued when the window closed (the client hung up) are still worked off by the
          // portal's one thread: wait for it to go idle, or start a fresh portal so the next window is clean.
          res.drainSeconds = await waitIdle(portal.pid, false, MAX_DRAIN_MS);
          if (res.drainSeconds === null) {
            portal.child.stdin.end();
            await stopChild(portal.child, 'SIGKILL', 2000);
            portal = await startPortalProc();
            res.portalRestarted = true;
            portalRestarts += 1;
          }
        }
        log(
          `run ${r + 1}/${RUNS} ${u.kind} ${who}: ${round(res.rps, 0)} rps, p50 ${round(res.latencyP50Ms, 1)} ms, p99 ${round(res.latencyP99Ms, 1)} ms, server ${round(res.serverCpuPercent, 0)} %, client ${round(res.clientCpuPercent, 0)} %, other ${round(res.otherCpuPercent, 0)} %, niced ${round(res.nicedCpuPercent, 0)} %${res.ok === res.requests ? '' : ` (${res.requests - res.ok} not 2xx)`}`,
        );
      }
    }
  }
  const loadAfter = loadavg()[0];
  const nginxErrors1 = await stopNginx(nginx);

  // nginx with a worker per core: one run each, shorter.
  removeDir(nginxDir);
  const nginxAutoDir = tempDir('liuhen-publicity-nginx-');
  nginx = await startNginx(nginxAutoDir, URLS, 'auto');
  const nginxAutoWorkers = childrenOf(nginx.pid).length;
  const auto = {};
  for (const u of URLS) {
    const res = await loadRun(nginx.port, u.path, nginx.pid, true, AUTO_DURATION_MS);
    auto[u.kind] = res;
    log(
      `nginx auto (${nginxAutoWorkers} workers) ${u.kind}: ${round(res.rps, 0)} rps, p99 ${round(res.latencyP99Ms, 1)} ms`,
    );
  }
  const nginxErrorsAuto = await stopNginx(nginx);
  removeDir(nginxAutoDir);

  // What is not kept: the portal keeps answers per generation (until the station writes, an item expires or
  // a minute passes), so the load runs above are answered from memory after their first request. Here, one
  // request after the other (unloaded), what an answer costs when it is not kept: the first view after a
  // write (a new generation: the list's boundary walk, the years, the next expiry, then the page), and
  // pages and items never asked before in the same generation (a seek to the page's boundary, or the item
  // read and its signature checked).
  // A change to a published row (its updated_at set to itself) moves portal_changes (migration 0019): the
  // portal drops what it kept. A write elsewhere (the audit row of a dashboard view) must not.
  const touch = raw.prepare(
    "UPDATE publications SET updated_at = updated_at WHERE id = (SELECT id FROM publications WHERE state = 'published' LIMIT 1)",
  );
  raw.exec('CREATE TABLE IF NOT EXISTS bench_unrelated (n INTEGER)');
  const unrelated = raw.prepare('INSERT INTO bench_unrelated (n) VALUES (1)');
  const coldMs = async (path, n = 15) => {
    const ms = [];
    for (let i = 0; i < n; i++) {
      touch.run(); // the station changed a published row: everything kept is dropped
      const t = performance.now();
      const res = await httpGet(`${portal.url}${path}`);
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`cold ${path}: HTTP ${res.status}`);
    }
    return ms;
  };
  const missMs = async (paths) => {
    const ms = [];
    touch.run();
    await httpGet(`${portal.url}/`); // the generation's boundaries, once
    for (const path of paths) {
      const t = performance.now();
      const res = await httpGet(`${portal.url}${path}`);
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`miss ${path}: HTTP ${res.status}`);
    }
    return ms;
  };
  // The list page with a write to a table the portal does not read before each request: still kept.
  const afterUnrelatedMs = async (path, n = 15) => {
    const ms = [];
    await httpGet(`${portal.url}${path}`);
    for (let i = 0; i < n; i++) {
      unrelated.run();
      const t = performance.now();
      const res = await httpGet(`${portal.url}${path}`);
      ms.push(performance.now() - t);
      if (res.status !== 200) throw new Error(`after unrelated write ${path}: HTTP ${res.status}`);
    }
    return ms;
  };
  const otherItems = raw
    .prepare("SELECT item_id FROM publications WHERE state = 'published' ORDER BY id LIMIT 30 OFFSET 1000")
    .pluck()
    .all();
  const notKept = {
    note: 'one request after the other on a fresh connection each (node:http, no keep-alive), median ms; firstViewAfterWrite: a change to a published row before each request; afterUnrelatedWrite: a write to another table before each request (kept)',
    listHtmlFirstViewAfterWriteMs: round(median(await coldMs('/')), 2),
    deepListHtmlFirstViewAfterWriteMs: round(median(await coldMs(`/?page=${lastPage}`)), 2),
    itemHtmlFirstViewAfterWriteMs: round(median(await coldMs(`/results/${slug}`)), 2),
    deepListHtmlNotKeptMs: round(
      median(await missMs(Array.from({ length: 30 }, (_, i) => `/?page=${lastPage - 1 - i * 97}`))),
      2,
    ),
    itemHtmlNotKeptMs: round(median(await missMs(otherItems.map((x) => `/results/${slugOf(x)}`))), 2),
    keptMs: round(median(await missMs(Array.from({ length: 30 }, () => '/'))), 2),
    listHtmlAfterUnrelatedWriteMs: round(median(await afterUnrelatedMs('/')), 2),
  };
  log(`not kept: ${JSON.stringify(notKept)}`);

  // The ceiling of a Node server here: Fastify answering the same bytes and headers from memory (what a
  // perfect response cache in the portal would leave), 1 run each of the list page and the item page.
  const staticBodies = join(tempDir('liuhen-publicity-node-'), 'answers.json');
  writeFileSync(
    staticBodies,
    JSON.stringify(URLS.map((u) => ({ path: u.path, type: u.contentType, body: u.body.toString('base64') }))),
  );
  const { child: nodeStaticChild, ready: nodeStaticReady } = await startNodeChild(
    'node-static',
    join(here, 'publicity-static-proc.mjs'),
    [staticBodies],
    { noteWarning: warnings.note },
  );
  const nodeStatic = { ...JSON.parse(nodeStaticReady), pid: nodeStaticChild.pid };
  for (const u of URLS.filter((x) => x.kind === 'listHtml' || x.kind === 'itemHtml')) {
    const check = await httpGet(`${nodeStatic.url}${u.path}`);
    if (check.status !== 200 || !check.body.equals(u.body)) throw new Error(`node static ${u.path}: not the answer`);
    const res = await loadRun(nodeStatic.port, u.path, nodeStatic.pid, false);
    nodeStaticRuns[u.kind] = res;
    log(
      `node static (Fastify, answers in memory) ${u.kind}: ${round(res.rps, 0)} rps, p99 ${round(res.latencyP99Ms, 1)} ms`,
    );
  }
  nodeStaticChild.stdin.end();
  await stopChild(nodeStaticChild, 'SIGTERM', 5000);

  portal.child.stdin.end();
  await stopChild(portal.child, 'SIGTERM', 10_000);
  await station.destroy();
  removeDir(dir);

  const med = (xs, k, d = 1) => round(median(xs.map((x) => x[k])), d);
  const urls = {};
  for (const u of URLS) {
    const p = runs[u.kind].portal;
    const n = runs[u.kind].nginx;
    const portalRps = median(p.map((x) => x.rps));
    const nginxRps = median(n.map((x) => x.rps));
    urls[u.kind] = {
      path: u.path.replace(slug, '<slug>'),
      what: u.what,
      bytes: u.bytes,
      contentType: u.contentType,
      portalRps: portalRps >= 100 ? round(portalRps, 0) : sig(portalRps),
      portalP50Ms: med(p, 'latencyP50Ms', 2),
      portalP99Ms: med(p, 'latencyP99Ms', 2),
      nginxStaticRps: round(nginxRps, 0),
      nginxStaticP50Ms: med(n, 'latencyP50Ms', 2),
      nginxStaticP99Ms: med(n, 'latencyP99Ms', 2),
      portalToNginxRpsRatio: sig(portalRps / nginxRps),
      goalsMet: {
        throughputRatio: portalRps / nginxRps >= GOAL_RATIO,
        p99: median(p.map((x) => x.latencyP99Ms)) <= GOAL_P99_MS,
      },
      unloadedPortalMs: unloaded[u.kind].portalMedianMs,
      unloadedNginxMs: unloaded[u.kind].nginxMedianMs,
      portalCpuPercent: med(p, 'serverCpuPercent', 0),
      nginxCpuPercent: med(n, 'serverCpuPercent', 0),
      clientCpuPercentWithPortal: med(p, 'clientCpuPercent', 0),
      clientCpuPercentWithNginx: med(n, 'clientCpuPercent', 0),
      nginxAutoRps: round(auto[u.kind].rps, 0),
      ...(nodeStaticRuns[u.kind]
        ? {
            nodeStaticRps: round(nodeStaticRuns[u.kind].rps, 0),
            nodeStaticP99Ms: round(nodeStaticRuns[u.kind].latencyP99Ms, 2),
            nodeStaticToNginxRpsRatio: sig(nodeStaticRuns[u.kind].rps / nginxRps),
          }
        : {}),
      nginxAutoP99Ms: round(auto[u.kind].latencyP99Ms, 2),
      portalLatencyMaxMs: med(p, 'latencyMaxMs', 1),
      // Closed loop: a request waits behind the others in the server's queue, about connections × the
      // unloaded time. When that is longer than warm-up + window, no answer in the window waited that long
      // and the p99 understates the steady state.
      portalP99LimitedByWindow: unloaded[u.kind].portalMedianMs * CONNECTIONS > WARMUP_MS + DURATION_MS,
      portalSteadyStateLatencyEstimateMs: round(unloaded[u.kind].portalMedianMs * CONNECTIONS, 0),
      portalRpsRuns: p.map((x) => (x.rps >= 100 ? round(x.rps, 0) : sig(x.rps))),
      nginxStaticRpsRuns: n.map((x) => round(x.rps, 0)),
      portalP99MsRuns: p.map((x) => round(x.latencyP99Ms, 2)),
      nginxStaticP99MsRuns: n.map((x) => round(x.latencyP99Ms, 2)),
      portalAnswersRuns: p.map((x) => x.requests),
      portalDrainSecondsRuns: p.map((x) => (x.drainSeconds === null ? 'restarted' : round(x.drainSeconds, 1))),
      otherCpuPercentRuns: [...p, ...n].map((x) => round(x.otherCpuPercent, 0)),
      nicedCpuPercentRuns: [...p, ...n].map((x) => round(x.nicedCpuPercent, 0)),
      notOkAnswers: [...p, ...n].reduce((s, x) => s + x.requests - x.ok, 0),
      errors: [...p, ...n].reduce((s, x) => s + x.errors + x.timeouts + x.unparsable, 0),
    };
  }
  const head = urls.listHtml;
  return {
    portalRps: head.portalRps,
    portalP99Ms: head.portalP99Ms,
    nginxStaticRps: head.nginxStaticRps,
    nginxStaticP99Ms: head.nginxStaticP99Ms,
    portalToNginxRpsRatio: head.portalToNginxRpsRatio,
    ratio: head.portalToNginxRpsRatio,
    goals: { portalToNginxRpsRatio: `>= ${GOAL_RATIO}`, portalP99Ms: `<= ${GOAL_P99_MS}` },
    goalsMet: {
      headline: head.goalsMet.throughputRatio && head.goalsMet.p99,
      ...Object.fromEntries(Object.entries(urls).map(([k, v]) => [k, v.goalsMet.throughputRatio && v.goalsMet.p99])),
    },
    nodeStaticNote:
      "urls.*.nodeStatic…: Fastify 5 in its own process answering the portal's bytes and headers from memory (1 run): the most a Node server can do here, i.e. the portal with a perfect response cache",
    urls,
    portalRestartsAfterRun: portalRestarts,
    portalSql: sql,
    notKept,
    population: {
      publishedItems: ITEMS,
      ...population.summary,
      databaseMb: round(dbMb, 0),
      populateSeconds: round(populateSeconds, 1),
      stationKeyFingerprint: fingerprint,
    },
    load: {
      client: 'bench/publicity-load.mjs: raw keep-alive HTTP/1.1 sockets, closed loop per connection, own process',
      connections: CONNECTIONS,
      warmupSeconds: WARMUP_MS / 1000,
      durationSeconds: DURATION_MS / 1000,
      runs: RUNS,
      percentiles: 'nearest rank over every answer completed in the window; figures are medians of the runs',
      portal: 'startPortal (gateway/dist/portal) in its own Node process, read-only SQLite connection',
      nginx: `nginx ${nginxVersion()} worker_processes 1 (one process against the one Node process), access_log off, sendfile on, the portal's headers added, same bytes as the portal's answers`,
      nginxAuto: `worker_processes auto (${nginxAutoWorkers} workers on ${machineInfo('true').cores} cores, sharing them with the client), 1 run of ${AUTO_DURATION_MS / 1000} s per URL`,
      cpuNote:
        'CPU in percent of one core over the window; the machine has 2 cores shared by server, client and whatever else runs: otherCpuPercent at normal priority, nicedCpuPercent niced (it yields to the server and the client, which run at nice 0)',
    },
    nginxErrorLog: [nginxErrors1, nginxErrorsAuto].filter(Boolean),
    machineLoadAverage: { beforeLoadRuns: round(loadBefore, 1), afterLoadRuns: round(loadAfter, 1) },
  };
}

function nginxVersion() {
  const r = spawnSync(args.nginx, ['-v'], { encoding: 'utf8' });
  return (r.stderr || r.stdout).trim().replace(/^nginx version: /, '');
}

function faceBlurFigures() {
  const file = join(here, 'results', 'face-blur.json');
  if (!existsSync(file)) return { faceBlurSource: 'bench/results/face-blur.json did not exist when this ran' };
  const fb = JSON.parse(readFileSync(file, 'utf8'));
  const picked = Object.fromEntries(
    Object.entries(fb).filter(([k]) => k.startsWith('faceBlur') || k.startsWith('plainEncode')),
  );
  const committed = spawnSync('git', ['log', '-1', '--format=%h %cI', '--', 'bench/results/face-blur.json'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim();
  return {
    ...picked,
    faceBlurSource: `copied from bench/results/face-blur.json (bench/face-blur.mjs, not run by this script), file written ${statSync(file).mtime.toISOString()}${committed ? `, last commit ${committed}` : ', not committed'}`,
  };
}

await runMain(async () => {
  installCleanup();
  const warnings = warningTally({ echo: true });
  const started = performance.now();
  const redaction = ONLY.has('redaction') ? await redactionFigures() : {};
  if (ONLY.has('redaction'))
    log(`redaction: recall ${redaction.redactionRecall}, precision ${redaction.redactionPrecision}`);
  const portal = ONLY.has('portal') ? await portalFigures(warnings) : {};
  const { ffmpeg: _ffmpeg, ...machine } = machineInfo('true');
  const out = {
    ...portal,
    ...redaction,
    ...faceBlurFigures(),
    childWarnings: warnings.list,
    benchSeconds: round((performance.now() - started) / 1000, 0),
    machine,
  };
  const file = FULL ? join(here, 'results', 'publicity.json') : join(tmpdir(), 'publicity-trial.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${file}`);
  const { portalSql: _sql, urls, ...rest } = out;
  console.log(JSON.stringify({ ...rest, urls }, null, 2));
  if (urls) {
    // The medians of the runs, portal and nginx of the same run side by side.
    console.log(
      `\nmedians of ${RUNS} runs, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s each (load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    );
    for (const [k, u] of Object.entries(urls))
      console.log(
        `${k.padEnd(13)} portal ${String(u.portalRps).padStart(6)} rps p99 ${String(u.portalP99Ms).padStart(7)} ms | nginx ${String(u.nginxStaticRps).padStart(6)} rps p99 ${String(u.nginxStaticP99Ms).padStart(6)} ms | ratio ${u.portalToNginxRpsRatio} | runs portal ${u.portalRpsRuns.join(', ')} nginx ${u.nginxStaticRpsRuns.join(', ')}`,
      );
  }
});
