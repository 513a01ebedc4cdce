// Legal review benchmark (issue: legal review of major decisions). Needs `npx tsc -b` first.
//   node bench/legal-review.mjs [--cases 100000] [--rows 200] [--calls 2000] [--put-calls 200]
//                               [--views 30] [--documents 50] [--segments 120] [--seed 1]
// Builds a station database in a temp dir (real SQLite, the gateway's own migrations; the
// population is bulk-inserted on the same connection), a generated catalogue of --rows rows, and
// the station's legal review as gateway.ts assembles it (createLegalReviewSystem), then measures:
//   catalogueEvalP99Ms     legalReview.classify(caseId) after a case's proposed decision changed:
//                          reads the case, its decision, documents, footage and steps, evaluates
//                          the compiled catalogue, writes the classification (and its audit entry).
//                          Every measured call flips the case (above / below the thresholds,
//                          alternating), so every call writes. Peer: evaluate() alone on the
//                          same facts. Also putDecision (the API call, which answers with caseView).
//   reviewPackageSeconds   legalReview.caseView(caseId) for a case with --documents documents
//                          (filed through the documents service) and --segments one-minute
//                          segments of footage on disk (sparse files): classification, rounds,
//                          automatic checks (integrity stats every file), gate, deadlines.
//                          Peer: the same call on a case with no documents and no footage.
// Then, outside the timings, every SQL statement the two calls run is timed and explained
// (EXPLAIN QUERY PLAN), so a full scan shows with its table.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, ftruncateSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  here,
  installCleanup,
  log,
  machineInfo,
  median,
  percentile,
  removeDir,
  requireBuilt,
  rng,
  round,
  runMain,
  tempDir,
} from './lib.mjs';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    rows: { type: 'string', default: '200' },
    calls: { type: 'string', default: '2000' },
    'put-calls': { type: 'string', default: '200' },
    views: { type: 'string', default: '30' },
    documents: { type: 'string', default: '50' },
    segments: { type: 'string', default: '120' },
    'segments-per-step': { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
  },
});
const N_CASES = Number(args.cases);
const N_ROWS = Number(args.rows);
const N_CALLS = Number(args.calls);
const N_PUT = Number(args['put-calls']);
const N_VIEWS = Number(args.views);
const N_DOCS = Number(args.documents);
const N_SEGS = Number(args.segments);
const SEG_PER_STEP = Number(args['segments-per-step']);
const SEED = Number(args.seed);
const N_OFFICERS = 500;
const WARMUP_CALLS = 100;

requireBuilt(['gateway']);
const gw = (p) => import(`../gateway/dist/${p}`);
const { openSqlite, migrate, sqliteHandle } = await gw('db/database.js');
const { createAuditLog } = await gw('audit/audit-log.js');
const { createLegalReviewSystem } = await gw('legal-review/index.js');
const { compileCatalogueText, ENFORCEMENT_KINDS, MEASURES } = await gw('legal-review/catalogue.js');
const { loadConfig } = await gw('config.js');
const { DEFAULT_REQUIREMENT, DOCUMENT_KINDS } = await import('@liuhen/contract');

const DAY = 86_400_000;
const T_NOW = Date.now();
const iso = (t) => new Date(t).toISOString();
const MEASURE_KEYS = Object.keys(MEASURES);

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const weighted = (rand, pairs) => {
  let r = rand() * pairs.reduce((n, [, w]) => n + w, 0);
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs.at(-1)[0];
};

// ---------------------------------------------------------------- the catalogue

const MATERIALS = [
  ['situation-report', '情况说明'],
  ['draft-decision', '决定书代拟稿'],
  ['evidence', '证据材料'],
  ['advance-notice', '事先告知书及送达回证'],
  ['hearing-record', '听证笔录'],
  ['expert-opinion', '鉴定意见'],
  ['discretion-statement', '裁量说明'],
  ['risk-assessment', '社会稳定风险评估报告'],
  ['compulsion-approval', '行政强制措施审批表'],
  ['expert-panel', '专家论证意见'],
];
/** Fine thresholds are at least 1,000 元 (100000 fen): the "below" decision's 500 元 fine fires none. */
const MIN_FEN = 100_000;
const fen = (rand, lo, hi) => Math.round((lo + rand() * (hi - lo)) / 100) * 100;

function leaf(rand, kind) {
  switch (kind) {
    case 'fine':
    case 'confiscation': {
      const t = { kind };
      const which = rand();
      if (which < 0.8) t.personFen = fen(rand, MIN_FEN, 5_000_000);
      if (which > 0.2) t.organisationFen = fen(rand, 1_000_000, 50_000_000);
      return t;
    }
    case 'measure': {
      const n = 1 + Math.floor(rand() * 3);
      return { kind, measures: [...new Set(Array.from({ length: n }, () => pick(rand, MEASURE_KEYS)))] };
    }
    case 'hearing':
      return { kind, on: rand() < 0.5 ? 'held' : 'requested' };
    default:
      return { kind };
  }
}
const LEAVES = [
  ['fine', 30],
  ['confiscation', 15],
  ['measure', 20],
  ['hearing', 10],
  ['complex', 15],
  ['discretion-departure', 10],
];
/** A trigger: mostly leaves, some `any` / `all` nested up to `depth` levels. */
function trigger(rand, depth) {
  const kind = weighted(rand, [...LEAVES, ['any', depth > 0 ? 20 : 0], ['all', depth > 0 ? 15 : 0]]);
  if (kind !== 'any' && kind !== 'all') return leaf(rand, kind);
  const n = 2 + Math.floor(rand() * 2);
  return { kind, of: Array.from({ length: n }, () => trigger(rand, depth - 1)) };
}
const depthOf = (t) => (t.of ? 1 + Math.max(...t.of.map(depthOf)) : 0);
const countKinds = (t, out) => {
  out[t.kind] = (out[t.kind] ?? 0) + 1;
  for (const x of t.of ?? []) countKinds(x, out);
  return out;
};

/**
 * --rows rows over the five enforcement kinds. The first row of each kind is a plain fine with
 * both thresholds, so a 100 million 元 fine makes a case of any kind major.
 */
function generateCatalogue(rand) {
  const rows = [];
  for (let i = 0; i < N_ROWS; i++) {
    const forced = i < ENFORCEMENT_KINDS.length;
    const kinds = forced
      ? [ENFORCEMENT_KINDS[i]]
      : [
          ...new Set(
            Array.from({ length: rand() < 0.7 ? 1 : 2 }, () =>
              weighted(rand, [
                ['penalty', 40],
                ['compulsion', 20],
                ['inspection', 15],
                ['reward', 10],
                ['licensing', 15],
              ]),
            ),
          ),
        ];
    const t = forced
      ? { kind: 'fine', personFen: fen(rand, MIN_FEN, 5_000_000), organisationFen: fen(rand, 1_000_000, 50_000_000) }
      : trigger(rand, 3);
    const nMat = 2 + Math.floor(rand() * 4);
    const mats = [...new Set(Array.from({ length: nMat }, () => pick(rand, MATERIALS)[0]))].map((key) =>
      rand() < 0.2 ? { key, required: false } : { key },
    );
    rows.push({
      id: `row-${String(i).padStart(3, '0')}`,
      title: `重大执法决定第${i + 1}项`,
      kinds,
      ...(i % 3 === 0 ? { level: ['县级', '市级', '省级'][i % 9 === 0 ? 0 : 1] } : {}),
      ...(i % 4 === 0 ? { field: ['市场监管', '生态环境', '交通运输', '文化旅游'][i % 16 === 0 ? 0 : 1] } : {}),
      trigger: t,
      materials: mats,
      focus: Array.from(
        { length: 1 + Math.floor(rand() * 3) },
        (_, k) => `审核重点 ${i + 1}.${k + 1}：事实、证据、依据、程序`,
      ),
    });
  }
  return {
    agency: '某县综合行政执法局（基准测试）',
    version: `bench-${N_ROWS}`,
    effectiveFrom: '2026-01-01',
    materials: MATERIALS.map(([key, title]) => ({ key, title })),
    rows,
  };
}

// ---------------------------------------------------------------- proposed decisions

const BELOW = {
  partyType: 'person',
  fineFen: 50_000, // 500 元: under every threshold
  confiscationFen: 0,
  measures: [],
  hearing: 'none',
  complex: false,
  discretionDeparture: false,
  summary: '当事人未按规定办理手续',
  basis: '《某条例》第十条',
};
/** Above: a 100 million 元 fine (fires every fine row of the case's kind) and some other grounds. */
function above(rand) {
  return {
    partyType: rand() < 0.5 ? 'person' : 'organisation',
    fineFen: 10_000_000_000,
    confiscationFen: rand() < 0.3 ? 80_000_000 : 0,
    measures: rand() < 0.3 ? [pick(rand, MEASURE_KEYS)] : [],
    hearing: rand() < 0.2 ? 'requested' : 'none',
    complex: rand() < 0.2,
    discretionDeparture: rand() < 0.1,
    summary: '当事人违法经营，情节严重',
    basis: '《某条例》第三十条第一款',
  };
}

// ---------------------------------------------------------------- the population

/**
 * N_CASES cases over the four case kinds, 3 steps each (kinds and requirements as the station
 * defaults them; 5 % of penalty cases have a held hearing), 1–2 officers per step, stored
 * coverage, SEG_PER_STEP linked one-minute segments per non-optional step with their chain file
 * rows, 0–5 document rows per case, a proposed decision (below the thresholds) on 60 % of the
 * cases, coverage-gap and interruption review items, and a returned review round on 1 %.
 */
function populate(raw, rand) {
  const now = iso(T_NOW);
  const heldHearing = new Set();
  const kindOf = new Array(N_CASES);
  const counts = {
    cases: 0,
    steps: 0,
    stepOfficers: 0,
    recordings: 0,
    links: 0,
    chainFiles: 0,
    documents: 0,
    decisions: 0,
    reviewItems: 0,
    legalReviews: 0,
  };
  raw.transaction(() => {
    raw
      .prepare('INSERT INTO units (id, name, parent_id, created_at) VALUES (?, ?, NULL, ?)')
      .run('u0', '执法大队', now);
    for (let u = 1; u <= 20; u++)
      raw
        .prepare('INSERT INTO units (id, name, parent_id, created_at) VALUES (?, ?, ?, ?)')
        .run(`u${u}`, `中队${u}`, 'u0', now);
    const off = raw.prepare(
      "INSERT INTO officers (id, name, licence_no, unit_id, role, active, created_at, licence_expires) VALUES (?, ?, ?, ?, 'officer', 1, ?, ?)",
    );
    const dev = raw.prepare(
      "INSERT INTO devices (id, profile, state, online, created_at) VALUES (?, 'sim', 'standby', 0, ?)",
    );
    for (let o = 0; o < N_OFFICERS; o++) {
      off.run(
        `o${o}`,
        `执法员${o}`,
        `ZF${String(o).padStart(6, '0')}`,
        `u${1 + (o % 20)}`,
        now,
        o % 50 === 7 ? '2026-01-31' : '2029-12-31',
      );
      dev.run(`d${o}`, now);
    }
  })();

  const kase = raw.prepare(
    "INSERT INTO cases (id, number, kind, title, party, unit_id, status, major, hold, closed_at, created_by, created_at, updated_at, marked_major, major_reasons) VALUES (?, ?, ?, ?, ?, ?, 'open', 0, 0, NULL, 'bench', ?, ?, 0, '[]')",
  );
  const step = raw.prepare(
    'INSERT INTO steps (id, case_id, kind, title, starts_at, ends_at, location, lat, lon, requirement, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, ?)',
  );
  const so = raw.prepare('INSERT INTO step_officers (step_id, officer_id) VALUES (?, ?)');
  const cov = raw.prepare(
    "INSERT INTO step_coverage (step_id, window_seconds, covered_seconds, ratio, passing, final, gaps, computed_at, recorded_seconds, buffer_seconds, interruptions) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, 0, '[]')",
  );
  const rec = raw.prepare(
    "INSERT INTO recordings (id, device_id, officer_id, session_id, path, started_at, ended_at, duration_seconds, bytes, sha256, source, recovered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 60, ?, ?, 'device', 0, ?)",
  );
  const link = raw.prepare(
    "INSERT INTO links (step_id, recording_id, origin, linked_by, reason, created_at) VALUES (?, ?, 'auto', NULL, NULL, ?)",
  );
  const chain = raw.prepare(
    'INSERT INTO chain_files (device_id, file, source, segment, runs, entries, recorded_at) VALUES (?, ?, \'segment\', ?, \'[[1,60,"0","0"]]\', 60, ?)',
  );
  const doc = raw.prepare(
    "INSERT INTO documents (id, document_key, version, case_id, step_id, kind, title, file_name, media_type, bytes, sha256, path, source, uploaded_by, uploaded_at) VALUES (?, ?, 1, ?, NULL, ?, ?, ?, 'application/pdf', ?, ?, ?, 'upload', 'bench', ?)",
  );
  const dec = raw.prepare('INSERT INTO case_decisions (case_id, facts, updated_by, updated_at) VALUES (?, ?, ?, ?)');
  const item = raw.prepare(
    "INSERT INTO review_items (id, kind, subject_id, title, case_id, step_id, device_id, officer_id, unit_id, subject_start, subject_end, state, explanation, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
  );
  const round1 = raw.prepare(
    "INSERT INTO legal_reviews (id, case_id, round, state, submitted_by, submitted_at, note, content, content_sha256, catalogue_version, outcome, opinion, reviewer) VALUES (?, ?, 1, 'returned', 'bench', ?, '请审核', ?, 'x', 'bench', 'revise', '请补充证据', 'reviewer')",
  );
  const belowJson = JSON.stringify(BELOW);
  const hex = (n) => n.toString(16).padStart(64, '0');
  const stepKindsFor = {
    penalty: ['on-site-inspection', 'investigation', 'service'],
    compulsion: ['on-site-inspection', 'compulsory-measure', 'service'],
    inspection: ['random-inspection', 'on-site-inspection', 'other'],
    reward: ['investigation', 'other', 'service'],
  };
  const CHUNK = 5000;
  for (let c0 = 0; c0 < N_CASES; c0 += CHUNK) {
    raw.transaction(() => {
      for (let i = c0; i < Math.min(N_CASES, c0 + CHUNK); i++) {
        const kind = weighted(rand, [
          ['penalty', 50],
          ['compulsion', 15],
          ['inspection', 25],
          ['reward', 10],
        ]);
        kindOf[i] = kind;
        const cid = `c${i}`;
        const created = T_NOW - Math.floor(rand() * 80 * DAY);
        const unit = `u${1 + (i % 20)}`;
        kase.run(
          cid,
          `执法-${2026}-${String(i).padStart(6, '0')}`,
          kind,
          `案件 ${i}`,
          `当事人${i}`,
          unit,
          iso(created),
          iso(created),
        );
        counts.cases++;
        const kinds = [...stepKindsFor[kind]];
        if (kind === 'penalty' && rand() < 0.05) {
          kinds[2] = 'hearing';
          heldHearing.add(cid);
        }
        for (let k = 0; k < 3; k++) {
          const sid = `s${i}-${k}`;
          const sk = kinds[k];
          const req = DEFAULT_REQUIREMENT[sk];
          const start = created + (k + 1) * DAY + Math.floor(rand() * 8 * 3600) * 1000;
          const len = (10 + Math.floor(rand() * 30)) * 60_000;
          step.run(sid, cid, sk, iso(start), iso(start + len), req, iso(start), iso(start));
          counts.steps++;
          const o = Math.floor(rand() * N_OFFICERS);
          so.run(sid, `o${o}`);
          counts.stepOfficers++;
          if (rand() < 0.3) {
            so.run(sid, `o${(o + 1) % N_OFFICERS}`);
            counts.stepOfficers++;
          }
          const ratio = req === 'optional' ? 0 : rand() < 0.9 ? 1 : 0.6 + rand() * 0.3;
          const passing = ratio >= 0.9 ? 1 : 0;
          const gaps = passing ? '[]' : JSON.stringify([{ start: start + 60_000, end: start + 240_000, seconds: 180 }]);
          cov.run(sid, len / 1000, (ratio * len) / 1000, ratio, passing, gaps, iso(start + len), (ratio * len) / 1000);
          if (!passing && req !== 'optional') {
            item.run(
              `gap-${sid}`,
              'coverage-gap',
              sid,
              `覆盖不足 ${sid}`,
              cid,
              sid,
              `d${o}`,
              `o${o}`,
              unit,
              iso(start),
              iso(start + len),
              null,
              iso(start + 3 * DAY),
              now,
              now,
            );
            counts.reviewItems++;
          }
          if (req !== 'optional') {
            for (let g = 0; g < SEG_PER_STEP; g++) {
              const rid = `r${counts.recordings}`;
              const seg = `seg-${counts.recordings}.mp4`;
              const at = start + g * 61_000;
              rec.run(
                rid,
                `d${o}`,
                `o${o}`,
                `sess-${sid}`,
                `d${o}/device/${seg}`,
                iso(at),
                iso(at + 60_000),
                14_000_000 + (counts.recordings % 1000) * 1000,
                hex(counts.recordings),
                now,
              );
              link.run(sid, rid, now);
              chain.run(`d${o}`, `footage/d${o}/device/${seg}.chain`, seg, now);
              counts.recordings++;
              counts.links++;
              counts.chainFiles++;
            }
            if (req === 'full-process' && rand() < 0.2) {
              item.run(
                `stop-${sid}`,
                'interruption',
                `sess-${sid}`,
                `中断 ${sid}`,
                cid,
                sid,
                `d${o}`,
                `o${o}`,
                unit,
                iso(start + 120_000),
                iso(start + 180_000),
                rand() < 0.5 ? '设备故障' : null,
                iso(start + 3 * DAY),
                now,
                now,
              );
              counts.reviewItems++;
            }
          }
        }
        const nDocs = Math.floor(rand() * 6);
        for (let d = 0; d < nDocs; d++) {
          const id = `doc-${i}-${d}`;
          const k = pick(rand, DOCUMENT_KINDS);
          doc.run(
            id,
            `key-${i}-${d}`,
            cid,
            k,
            `${k} ${d}`,
            `${k}-${d}.pdf`,
            20_000 + d,
            hex(i * 8 + d),
            `documents/${cid}/${hex(i * 8 + d)}`,
            now,
          );
          counts.documents++;
        }
        if (rand() < 0.6) {
          dec.run(cid, belowJson, 'bench', now);
          counts.decisions++;
        }
        if (rand() < 0.01) {
          round1.run(
            `lr-${i}`,
            cid,
            now,
            JSON.stringify({
              draftDocumentId: null,
              draftSha256: null,
              evidenceSha256: hex(i),
              documents: [],
              recordings: [],
              decision: BELOW,
            }),
          );
          counts.legalReviews++;
        }
      }
    })();
  }
  return { counts, heldHearing, kindOf };
}

// ---------------------------------------------------------------- the review package case

/** Small documents of varied kinds and bytes: PDF, JPEG and WAV headers, UTF-8 text. */
function documentBytes(rand, kind, i) {
  const size = 2000 + Math.floor(rand() * 38_000);
  if (kind === 'photo') return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(size)]);
  if (kind === 'audio') {
    const b = Buffer.alloc(44 + size);
    b.write('RIFF', 0, 'latin1');
    b.writeUInt32LE(36 + size, 4);
    b.write('WAVE', 8, 'latin1');
    return b;
  }
  if (kind === 'record' && i % 2 === 0)
    return Buffer.from(`询问笔录 ${i}\n`.repeat(Math.ceil(size / 24)).slice(0, size / 3), 'utf8');
  const body = `%PDF-1.7\n% bench document ${i}\n${'BT /F1 12 Tf (liuhen) Tj ET\n'.repeat(Math.ceil(size / 28))}%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** 49 documents and one new version of the draft: 50 document rows. */
function documentPlan(n) {
  const head = ['filing-form', 'situation-report', 'draft-decision', 'advance-notice', 'discretion-statement'];
  const cycle = [
    'evidence',
    'record',
    'photo',
    'photo',
    'record',
    'evidence',
    'audio',
    'expert-opinion',
    'other',
    'photo',
  ];
  const kinds = [...head];
  for (let i = 0; kinds.length < n - 1; i++) kinds.push(cycle[i % cycle.length]);
  return kinds.slice(0, Math.max(0, n - 1));
}

async function buildPackageCase(raw, legal, footageRoot, rand, { id, documents, segments }) {
  const created = T_NOW - 20 * DAY;
  raw
    .prepare(
      "INSERT INTO cases (id, number, kind, title, party, unit_id, status, major, hold, closed_at, created_by, created_at, updated_at, marked_major, major_reasons) VALUES (?, ?, 'penalty', ?, ?, 'u1', 'open', 0, 0, NULL, 'bench', ?, ?, 0, NULL)",
    )
    .run(id, `执法-2026-${id}`, `审核包 ${id}`, '某某有限公司', iso(created), iso(created));
  const kinds = ['on-site-inspection', 'investigation', 'evidence-preservation', 'service'];
  const segsPerStep = Math.ceil(segments / kinds.length);
  let seg = 0;
  const steps = [];
  for (let k = 0; k < kinds.length; k++) {
    const sid = `${id}-s${k}`;
    const start = created + (k + 1) * DAY;
    const len = Math.max(1, segsPerStep) * 60_000;
    steps.push(sid);
    raw
      .prepare(
        'INSERT INTO steps (id, case_id, kind, title, starts_at, ends_at, location, lat, lon, requirement, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, ?, NULL, NULL, NULL, ?, ?, ?)',
      )
      .run(sid, id, kinds[k], iso(start), iso(start + len), DEFAULT_REQUIREMENT[kinds[k]], iso(start), iso(start));
    raw.prepare('INSERT INTO step_officers (step_id, officer_id) VALUES (?, ?)').run(sid, `o${k * 2}`);
    raw.prepare('INSERT INTO step_officers (step_id, officer_id) VALUES (?, ?)').run(sid, `o${k * 2 + 2}`);
    const covered = segments ? len / 1000 : 0;
    raw
      .prepare(
        "INSERT INTO step_coverage (step_id, window_seconds, covered_seconds, ratio, passing, final, gaps, computed_at, recorded_seconds, buffer_seconds, interruptions) VALUES (?, ?, ?, ?, ?, 1, '[]', ?, ?, 0, '[]')",
      )
      .run(sid, len / 1000, covered, covered ? 1 : 0, covered ? 1 : 0, iso(start + len), covered);
    for (let g = 0; g < segsPerStep && seg < segments; g++, seg++) {
      const dev = `d${k * 2}`;
      const name = `${id}-seg-${seg}.mp4`;
      const path = `${dev}/device/${name}`;
      const bytes = 13_500_000 + Math.floor(rand() * 3_000_000); // 60 s at about 1.8–2.2 Mb/s
      const at = start + g * 60_000;
      raw
        .prepare(
          "INSERT INTO recordings (id, device_id, officer_id, session_id, path, started_at, ended_at, duration_seconds, bytes, sha256, source, recovered, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 60, ?, ?, 'device', 0, ?)",
        )
        .run(
          `${id}-r${seg}`,
          dev,
          `o${k * 2}`,
          `${id}-sess-${k}`,
          path,
          iso(at),
          iso(at + 60_000),
          bytes,
          randomBytes(32).toString('hex'),
          iso(at),
        );
      raw
        .prepare(
          "INSERT INTO links (step_id, recording_id, origin, linked_by, reason, created_at) VALUES (?, ?, 'auto', NULL, NULL, ?)",
        )
        .run(sid, `${id}-r${seg}`, iso(at));
      raw
        .prepare(
          'INSERT INTO chain_files (device_id, file, source, segment, runs, entries, recorded_at) VALUES (?, ?, \'segment\', ?, \'[[1,60,"0","0"]]\', 60, ?)',
        )
        .run(dev, `footage/${dev}/device/${name}.chain`, name, iso(at));
      const abs = join(footageRoot, path);
      mkdirSync(dirname(abs), { recursive: true });
      const fd = openSync(abs, 'w');
      ftruncateSync(fd, bytes); // sparse: the integrity check compares sizes, it does not re-hash
      closeSync(fd);
    }
  }
  if (segments)
    raw
      .prepare(
        "INSERT INTO review_items (id, kind, subject_id, title, case_id, step_id, device_id, officer_id, unit_id, subject_start, subject_end, state, explanation, explanation_reason, due_at, created_at, updated_at) VALUES (?, 'interruption', ?, '录像中断 40 s', ?, ?, 'd0', 'o0', 'u1', ?, ?, 'done', '更换电池', 'battery', ?, ?, ?)",
      )
      .run(
        `${id}-stop`,
        `${id}-sess-0`,
        id,
        steps[0],
        iso(created + DAY + 600_000),
        iso(created + DAY + 640_000),
        iso(created + 4 * DAY),
        iso(created),
        iso(created),
      );

  // The documents through the documents service (each upload re-classifies the case, as on the API),
  // the proposed decision, and two review rounds: round 1 returned, round 2 approved.
  const plan = documentPlan(documents);
  let draftId = null;
  const upload = async (kind, i, supersedes) => {
    const v = await legal.documents.upload(
      {
        caseId: id,
        stepId: kind === 'record' || kind === 'photo' ? steps[i % steps.length] : null,
        kind,
        title: `${kind} ${i}`,
        fileName: `${kind}-${i}.${kind === 'photo' ? 'jpg' : kind === 'audio' ? 'wav' : 'pdf'}`,
        bytes: documentBytes(rand, kind, i),
        source: kind === 'draft-decision' ? 'generated' : 'upload',
        ...(supersedes ? { supersedes } : {}),
      },
      'bench',
    );
    if (kind === 'draft-decision') draftId = v.id;
  };
  const half = Math.ceil(plan.length / 2);
  for (let i = 0; i < half; i++) await upload(plan[i], i);
  if (!documents) {
    await legal.legalReview.putDecision(
      id,
      { ...above(rand), fineFen: 10_000_000_000, partyType: 'organisation' },
      'bench',
    );
    return { steps: steps.length, segments: seg, rounds: 0 };
  }
  await legal.legalReview.putDecision(
    id,
    { ...above(rand), fineFen: 10_000_000_000, partyType: 'organisation' },
    'bench',
  );
  const r1 = await legal.legalReview.submit(id, '请予法制审核', 'bench');
  raw
    .prepare(
      "UPDATE legal_reviews SET state = 'returned', outcome = 'revise', accepted_at = ?, reviewer = 'reviewer', opinion = '请补充证据材料', opinion_at = ?, opinion_number = '法审〔2026〕1号' WHERE id = ?",
    )
    .run(iso(T_NOW - 5 * DAY), iso(T_NOW - 4 * DAY), r1.id);
  raw.prepare("UPDATE cases SET status = 'open' WHERE id = ?").run(id);
  for (let i = half; i < plan.length; i++) await upload(plan[i], i);
  await upload('draft-decision', plan.length, draftId); // the 50th row: the draft's second version
  const r2 = await legal.legalReview.submit(id, '已补充材料，请再审', 'bench');
  raw
    .prepare(
      "UPDATE legal_reviews SET state = 'approved', outcome = 'agree', accepted_at = ?, reviewer = 'reviewer', opinion = '同意', opinion_at = ?, opinion_number = '法审〔2026〕2号' WHERE id = ?",
    )
    .run(iso(T_NOW - 2 * DAY), iso(T_NOW - DAY), r2.id);
  return { steps: steps.length, segments: seg, rounds: 2 };
}

// ---------------------------------------------------------------- statements: timing and plans

/**
 * Wraps the SQLite handle's prepare() so every statement Kysely runs is recorded with its
 * parameters and time; returns { stop(), stats() }. Used only outside the measured calls.
 */
function traceStatements(raw) {
  const seen = new Map();
  const op = { sqlMs: 0, commitMs: 0 }; // the statements of the current operation
  const orig = raw.prepare;
  raw.prepare = function (sql) {
    const stmt = orig.call(raw, sql);
    for (const m of ['all', 'get', 'run']) {
      const fn = stmt[m].bind(stmt);
      stmt[m] = (...params) => {
        const t = performance.now();
        try {
          return fn(...params);
        } finally {
          const ms = performance.now() - t;
          op.sqlMs += ms;
          if (/^commit$/i.test(sql.trim())) op.commitMs += ms;
          const s = seen.get(sql) ?? { sql, calls: 0, ms: 0, maxMs: 0, over5Ms: 0, params };
          s.calls++;
          s.ms += ms;
          s.maxMs = Math.max(s.maxMs, ms);
          if (ms > 5) s.over5Ms++;
          seen.set(sql, s);
        }
      };
    }
    return stmt;
  };
  return {
    stop() {
      delete raw.prepare; // the prototype's prepare again
    },
    stats: () => [...seen.values()],
    op,
    newOperation() {
      op.sqlMs = 0;
      op.commitMs = 0;
    },
  };
}

const isScan = (detail) => /^SCAN (?!CONSTANT ROW)/.test(detail) && !/COVERING INDEX/.test(detail);
const tableOf = (detail) => /^(?:SCAN|SEARCH) (?:TABLE )?(\S+)/.exec(detail)?.[1] ?? null;
const shortSql = (sql) =>
  sql
    .replace(/"/g, '')
    .replace(/\s+/g, ' ')
    .replace(/(\?, ){3,}\?/g, '?, …, ?')
    .slice(0, 240);

function explain(raw, s) {
  if (!/^\s*(select|update|delete|insert)/i.test(s.sql)) return [];
  try {
    const p = Array.isArray(s.params[0]) ? s.params[0] : s.params;
    return raw
      .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
      .all(...p)
      .map((r) => r.detail);
  } catch (err) {
    return [`(could not explain: ${err.message})`];
  }
}

/** Statements of `ops` calls: ms per call of the operation, calls per operation, plan, full scans. */
function statementReport(raw, stats, ops) {
  return stats
    .map((s) => {
      const plan = explain(raw, s);
      // A scan in index or rowid order that a LIMIT ends early (the audit head: ORDER BY seq DESC LIMIT 1) reads a row or two.
      const stopsAtLimit = /limit \?$/i.test(s.sql.trim()) && !plan.some((d) => /TEMP B-TREE/.test(d));
      return {
        sql: shortSql(s.sql),
        callsPerOperation: round(s.calls / ops, 2),
        msPerOperation: round(s.ms / ops, 3),
        msPerCall: round(s.ms / s.calls, 3),
        maxMs: round(s.maxMs, 3),
        callsOver5Ms: s.over5Ms,
        plan,
        fullScans: stopsAtLimit ? [] : plan.filter(isScan).map(tableOf),
      };
    })
    .sort((a, b) => b.msPerOperation - a.msPerOperation);
}

// ---------------------------------------------------------------- main

await runMain(async () => {
  installCleanup();
  const t0 = performance.now();
  const dir = tempDir('liuhen-bench-legal-review-');
  const dataDir = join(dir, 'data');
  const footageRoot = join(dataDir, 'footage');
  mkdirSync(footageRoot, { recursive: true });
  const rand = rng(SEED);
  log(`legal review bench: ${N_CASES} cases, ${N_ROWS} catalogue rows, ${N_CALLS} classify calls, seed ${SEED}`);

  const catalogueFile = generateCatalogue(rand);
  const catalogueText = JSON.stringify(catalogueFile, null, 1); // JSON is YAML: read by the same parser
  const cataloguePath = join(dir, 'catalogue.yaml');
  writeFileSync(cataloguePath, catalogueText);
  const evaluator = compileCatalogueText(catalogueText, 'bench catalogue'); // the peer's own copy
  const rowsPerKind = Object.fromEntries(
    ENFORCEMENT_KINDS.map((k) => [k, catalogueFile.rows.filter((r) => r.kinds.includes(k)).length]),
  );
  const triggerKinds = catalogueFile.rows.reduce((acc, r) => countKinds(r.trigger, acc), {});

  const db = openSqlite(join(dataDir, 'liuhen.sqlite'));
  await migrate(db);
  const raw = sqliteHandle(db);
  const tp = performance.now();
  // Filling is not measured: no fsync and a big page cache meanwhile, then the station's own settings again.
  const cacheSize = raw.pragma('cache_size', { simple: true });
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  const { counts, heldHearing, kindOf } = populate(raw, rand);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.pragma('synchronous = NORMAL'); // as openSqlite sets it
  raw.pragma(`cache_size = ${cacheSize}`);
  const populateSeconds = (performance.now() - tp) / 1000;
  const dbMegabytes = statSync(join(dataDir, 'liuhen.sqlite')).size / 1e6;
  log(
    `populated ${counts.cases} cases, ${counts.steps} steps, ${counts.recordings} segments, ${counts.documents} documents in ${round(populateSeconds, 1)} s (${round(dbMegabytes)} MB)`,
  );

  // The services as gateway.ts assembles them.
  const config = loadConfig({
    env: {},
    file: '/dev/null',
    overrides: { legalReview: { catalogueFile: cataloguePath } },
  });
  const audit = createAuditLog(db);
  const legal = createLegalReviewSystem({ db, audit, config, dataDir, footageRoot });
  const { legalReview } = legal;
  if (legalReview.catalogue().rows !== N_ROWS) throw new Error('the station did not load the generated catalogue');

  // ---- the review package case and its empty peer
  const tb = performance.now();
  const pkg = await buildPackageCase(raw, legal, footageRoot, rand, { id: 'pkg', documents: N_DOCS, segments: N_SEGS });
  const empty = await buildPackageCase(raw, legal, footageRoot, rand, { id: 'empty', documents: 0, segments: 0 });
  log(
    `review package case: ${N_DOCS} documents, ${pkg.segments} segments, ${pkg.rounds} rounds in ${round((performance.now() - tb) / 1000, 1)} s`,
  );

  // ---- classify after a decision change
  const pool = [];
  for (let i = 0; i < N_CASES; i++) if (!heldHearing.has(`c${i}`)) pool.push(i);
  const upsert = raw.prepare(
    'INSERT INTO case_decisions (case_id, facts, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(case_id) DO UPDATE SET facts = excluded.facts, updated_by = excluded.updated_by, updated_at = excluded.updated_at',
  );
  const docKinds = raw.prepare('SELECT kind FROM documents WHERE case_id = ?').pluck();
  const hasFootage = raw
    .prepare(
      "SELECT count(*) FROM links JOIN steps ON steps.id = links.step_id JOIN recordings ON recordings.id = links.recording_id WHERE steps.case_id = ? AND links.origin != 'excluded' AND recordings.deleted_at IS NULL",
    )
    .pluck();
  const hearingHeld = raw
    .prepare("SELECT count(*) FROM steps WHERE case_id = ? AND kind = 'hearing' AND ends_at IS NOT NULL")
    .pluck();
  const storedMajor = raw.prepare('SELECT major FROM cases WHERE id = ?').pluck();
  const EVIDENCE_KINDS = new Set(['evidence', 'record', 'photo', 'audio', 'expert-opinion']);
  /** The facts classify reads (legal-review.ts factsOf), rebuilt outside the clock for the peer. */
  const factsOf = (i, d) => {
    const cid = `c${i}`;
    const docs = docKinds.all(cid);
    const materials = new Set(docs);
    if (hasFootage.get(cid) > 0 || docs.some((k) => EVIDENCE_KINDS.has(k))) materials.add('evidence');
    return {
      kind: kindOf[i],
      party: d.partyType,
      fineFen: d.fineFen,
      confiscationFen: d.confiscationFen,
      measures: d.measures,
      hearing: hearingHeld.get(cid) > 0 ? 'held' : d.hearing,
      complex: d.complex,
      discretionDeparture: d.discretionDeparture,
      materials: [...materials],
    };
  };

  const majorSet = new Set();
  const majorList = [];
  const flip = (n) => {
    // Even: a case not major now goes above the thresholds; odd: a case made major goes below.
    const up = n % 2 === 0 || majorList.length === 0;
    let i;
    if (up) {
      do i = pool[Math.floor(rand() * pool.length)];
      while (majorSet.has(i));
      majorSet.add(i);
      majorList.push(i);
    } else {
      const k = Math.floor(rand() * majorList.length);
      i = majorList[k];
      majorList[k] = majorList.at(-1);
      majorList.pop();
      majorSet.delete(i);
    }
    return { i, up, d: up ? above(rand) : BELOW };
  };

  const classifyMs = [];
  const classifyStart = [];
  const gcs = []; // garbage collections during the timed calls: [start, end]
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push([e.startTime, e.startTime + e.duration]);
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const classifyCpuMs = []; // this process's CPU time during each call: far below the wall time = waiting (other programs, disk)
  const evaluateMs = [];
  const evaluateBatchMsPerCall = [];
  let mismatches = 0;
  let notFlipped = 0;
  let ups = 0;
  const loadBefore = os.loadavg()[0];
  for (let n = 0; n < WARMUP_CALLS + N_CALLS; n++) {
    const { i, up, d } = flip(n);
    const cid = `c${i}`;
    const before = storedMajor.get(cid);
    upsert.run(cid, JSON.stringify(d), 'bench', iso(Date.now()));
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    const view = await legalReview.classify(cid, 'bench');
    const ms = performance.now() - t;
    const cpu = process.cpuUsage(cpu0);
    if (view.major !== up || storedMajor.get(cid) === before) notFlipped++;
    // The peer: evaluate() alone on the same facts.
    const facts = factsOf(i, d);
    const t1 = performance.now();
    const m = evaluator.evaluate(facts);
    const evalMs = performance.now() - t1;
    const t2 = performance.now();
    for (let k = 0; k < 100; k++) evaluator.evaluate(facts);
    const batch = (performance.now() - t2) / 100;
    if (m.major !== view.major || m.reasons.map((r) => r.rowId).join() !== view.reasons.map((r) => r.rowId).join())
      mismatches++;
    if (n < WARMUP_CALLS) continue;
    if (up) ups++;
    classifyMs.push(ms);
    classifyStart.push(t);
    classifyCpuMs.push((cpu.user + cpu.system) / 1000);
    evaluateMs.push(evalMs);
    evaluateBatchMsPerCall.push(batch);
  }
  await new Promise((r) => setTimeout(r, 100)); // gc entries arrive on a timer tick
  gcObserver.disconnect();
  const withGc = (k) => gcs.some(([a, b]) => a < classifyStart[k] + classifyMs[k] && b > classifyStart[k]);
  log(
    `classify: p50 ${round(percentile(classifyMs, 50), 3)} ms, p99 ${round(percentile(classifyMs, 99), 3)} ms; evaluate alone p50 ${round(percentile(evaluateMs, 50), 4)} ms`,
  );
  if (notFlipped) log(`warning: ${notFlipped} classify calls did not flip the stored classification`);
  if (mismatches) log(`warning: ${mismatches} calls where evaluate() on the rebuilt facts disagreed with classify`);

  // ---- putDecision, the API call (it answers with the whole caseView)
  const putMs = [];
  for (let n = 0; n < N_PUT; n++) {
    const { i, d } = flip(WARMUP_CALLS + N_CALLS + n);
    const t = performance.now();
    await legalReview.putDecision(`c${i}`, d, 'bench');
    putMs.push(performance.now() - t);
  }
  if (N_PUT) log(`putDecision: p50 ${round(percentile(putMs, 50), 2)} ms, p99 ${round(percentile(putMs, 99), 2)} ms`);

  // ---- the review package, with the empty case as its peer (interleaved)
  for (let w = 0; w < 3; w++) {
    await legalReview.caseView('pkg');
    await legalReview.caseView('empty');
  }
  const pkgMs = [];
  const emptyMs = [];
  let pkgView;
  for (let r = 0; r < N_VIEWS; r++) {
    let t = performance.now();
    pkgView = await legalReview.caseView('pkg');
    pkgMs.push(performance.now() - t);
    t = performance.now();
    await legalReview.caseView('empty');
    emptyMs.push(performance.now() - t);
  }
  const loadAfter = os.loadavg()[0];
  const checks = Object.fromEntries(pkgView.checks.map((c) => [c.id, c.state]));
  log(
    `caseView: ${round(median(pkgMs), 1)} ms median, p99 ${round(percentile(pkgMs, 99), 1)} ms; empty case ${round(median(emptyMs), 2)} ms; checks ${JSON.stringify(checks)}; gate ${pkgView.gate.allowed ? 'open' : 'closed'}`,
  );

  // ---- where the time goes: every statement of the two calls, timed and explained (after the clocks)
  let trace = traceStatements(raw);
  const TRACE_FLIPS = 500;
  let tracedMs = 0;
  const tracedCalls = [];
  for (let n = 0; n < TRACE_FLIPS; n++) {
    const { i, d } = flip(1_000_000 + n);
    upsert.run(`c${i}`, JSON.stringify(d), 'bench', iso(Date.now()));
    trace.newOperation();
    const t = performance.now();
    await legalReview.classify(`c${i}`, 'bench');
    const ms = performance.now() - t;
    tracedMs += ms;
    tracedCalls.push({ ms, commitMs: trace.op.commitMs });
  }
  trace.stop();
  // The slow calls: is it the COMMIT (a WAL checkpoint writes and fsyncs the pages back) or the rest?
  const slowCalls = tracedCalls.filter((c) => c.ms > 5);
  const classifyTraced = {
    meanMs: tracedMs / TRACE_FLIPS,
    sqlMs: trace.stats().reduce((n, x) => n + x.ms, 0) / TRACE_FLIPS,
    p99Ms: percentile(
      tracedCalls.map((c) => c.ms),
      99,
    ),
    over5: slowCalls.length,
    over5MostlyCommit: slowCalls.filter((c) => c.commitMs > c.ms / 2).length,
  };
  const classifyStatements = statementReport(raw, trace.stats(), TRACE_FLIPS);
  trace = traceStatements(raw);
  const TRACE_VIEWS = 5;
  tracedMs = 0;
  for (let n = 0; n < TRACE_VIEWS; n++) {
    const t = performance.now();
    await legalReview.caseView('pkg');
    tracedMs += performance.now() - t;
  }
  trace.stop();
  const caseViewTraced = {
    meanMs: tracedMs / TRACE_VIEWS,
    sqlMs: trace.stats().reduce((n, x) => n + x.ms, 0) / TRACE_VIEWS,
  };
  const caseViewStatements = statementReport(raw, trace.stats(), TRACE_VIEWS);
  const allStatements = [
    ...classifyStatements.map((s) => ({ ...s, in: 'classify' })),
    ...caseViewStatements.map((s) => ({ ...s, in: 'caseView' })),
  ];
  const brief = (s) => ({ in: s.in, sql: s.sql, fullScans: s.fullScans, msPerCall: s.msPerCall, plan: s.plan });
  const scans = allStatements.filter((s) => s.fullScans.length).map(brief);
  for (const s of scans) log(`full scan in ${s.in}: ${s.fullScans.join(', ')} (${s.msPerCall} ms/call): ${s.sql}`);
  // Slow however planned: an index on a leading column that selects little (e.g. kind IN (…)) reads as a SEARCH.
  const slow = allStatements.filter((s) => s.msPerCall >= 5).map(brief);
  for (const s of slow.filter((x) => !x.fullScans.length))
    log(`slow statement in ${s.in} (${s.msPerCall} ms/call): ${s.sql} | ${s.plan.join(' / ')}`);

  // The integrity check's part that is not SQL: one stat() per segment file, one after the other.
  const segPaths = raw.prepare("SELECT path FROM recordings WHERE id LIKE 'pkg-r%'").pluck().all();
  const statMs = [];
  for (let r = 0; r < 10; r++) {
    const t = performance.now();
    for (const sp of segPaths) await stat(join(footageRoot, sp));
    statMs.push(performance.now() - t);
  }
  const footageBytes = raw.prepare("SELECT sum(bytes) FROM recordings WHERE id LIKE 'pkg-r%'").pluck().get() ?? 0;
  await db.destroy();

  const p = (xs, q, d = 3) => round(percentile(xs, q), d);
  const { ffmpeg: _ffmpeg, ...machine } = machineInfo('ffmpeg');
  const classifyP99 = percentile(classifyMs, 99);
  const pkgMedianS = median(pkgMs) / 1000;
  const out = {
    catalogueEvalP99Ms: round(classifyP99, 3),
    reviewPackageSeconds: round(pkgMedianS, 3),
    goals: { catalogueEvalP99Ms: '<= 5', reviewPackageSeconds: '<= 2' },
    goalsMet: { catalogueEvalP99Ms: classifyP99 <= 5, reviewPackageSeconds: pkgMedianS <= 2 },
    catalogueEvalP50Ms: p(classifyMs, 50),
    catalogueEvalMaxMs: p(classifyMs, 100),
    evaluateOnlyP50Ms: p(evaluateMs, 50, 4),
    evaluateOnlyP99Ms: p(evaluateMs, 99, 4),
    evaluateOnlyBatchMeanMs: round(
      evaluateBatchMsPerCall.reduce((a, b) => a + b, 0) / evaluateBatchMsPerCall.length,
      5,
    ),
    classifyToEvaluateRatioP50: round(percentile(classifyMs, 50) / percentile(evaluateMs, 50), 0),
    classifyToEvaluateRatioP99: round(classifyP99 / percentile(evaluateMs, 99), 0),
    classifyCalls: classifyMs.length,
    classifyCallsOver5Ms: classifyMs.filter((x) => x > 5).length,
    classifyCallsOver5MsOnCpuUnderHalf: classifyMs.filter((x, k) => x > 5 && classifyCpuMs[k] < x / 2).length,
    classifyCallsOver5MsWithGc: classifyMs.filter((x, k) => x > 5 && withGc(k)).length,
    classifyCallsWithGc: classifyMs.filter((_, k) => withGc(k)).length,
    garbageCollectionsDuringClassifyLoop: gcs.length,
    classifyCpuP50Ms: p(classifyCpuMs, 50),
    classifyWarmupCalls: WARMUP_CALLS,
    classifyFlipsUp: ups,
    classifyFlipsDown: classifyMs.length - ups,
    classifyCallsThatDidNotFlip: notFlipped,
    evaluateDisagreedWithClassify: mismatches,
    putDecisionP50Ms: p(putMs, 50, 2),
    putDecisionP99Ms: p(putMs, 99, 2),
    putDecisionCalls: putMs.length,
    reviewPackageP99Seconds: round(percentile(pkgMs, 99) / 1000, 3),
    reviewPackageRunsSeconds: pkgMs.map((x) => round(x / 1000, 4)),
    reviewPackageEmptyCaseSeconds: round(median(emptyMs) / 1000, 4),
    reviewPackageEmptyCaseP99Seconds: round(percentile(emptyMs, 99) / 1000, 4),
    reviewPackageToEmptyCaseRatio: round(median(pkgMs) / median(emptyMs), 1),
    reviewPackageCalls: pkgMs.length,
    reviewPackageEmptyCase: { documents: 0, segments: empty.segments, steps: empty.steps, rounds: empty.rounds },
    reviewPackageSegmentStatsMs: round(median(statMs), 2),
    reviewPackageCase: {
      documents: N_DOCS,
      segments: pkg.segments,
      footageSeconds: pkg.segments * 60,
      footageBytes,
      steps: pkg.steps,
      rounds: pkg.rounds,
      checks,
      gateAllowed: pkgView.gate.allowed,
      major: pkgView.classification.major,
      reasons: pkgView.classification.reasons.length,
    },
    catalogue: {
      rows: N_ROWS,
      rowsPerKind,
      triggerKinds,
      deepestNesting: Math.max(...catalogueFile.rows.map((r) => depthOf(r.trigger))),
      materials: MATERIALS.length,
      bytes: Buffer.byteLength(catalogueText),
    },
    population: {
      ...counts,
      officers: N_OFFICERS,
      casesWithHeldHearing: heldHearing.size,
      dbMegabytes: round(dbMegabytes),
      populateSeconds: round(populateSeconds, 1),
    },
    // Where the time goes, from a separate pass with every statement timed (200 classify flips, 5 package views).
    tracedClassifyMeanMs: round(classifyTraced.meanMs, 3),
    tracedClassifySqlMeanMs: round(classifyTraced.sqlMs, 3),
    tracedClassifyP99Ms: round(classifyTraced.p99Ms, 3),
    tracedClassifyCalls: TRACE_FLIPS,
    tracedClassifyCallsOver5Ms: classifyTraced.over5,
    tracedClassifyCallsOver5MsMostlyCommit: classifyTraced.over5MostlyCommit,
    tracedCaseViewMeanMs: round(caseViewTraced.meanMs, 2),
    tracedCaseViewSqlMeanMs: round(caseViewTraced.sqlMs, 2),
    slowestStatementsClassify: classifyStatements.slice(0, 8),
    slowestStatementsCaseView: caseViewStatements.slice(0, 10),
    fullScans: scans,
    statementsOver5MsPerCall: slow,
    machineLoadAverage: { beforeTimedRuns: round(loadBefore, 1), afterTimedRuns: round(loadAfter, 1) },
    runSeconds: round((performance.now() - t0) / 1000, 1),
    date: new Date().toISOString(),
    machine,
  };
  removeDir(dir);

  console.log('');
  console.log('figure                                   p50            p99        goal');
  const row = (name, a, b, goal = '') =>
    console.log(`${name.padEnd(40)} ${String(a).padStart(10)} ${String(b).padStart(12)}    ${goal}`);
  row(
    'classify after a decision change (ms)',
    out.catalogueEvalP50Ms,
    out.catalogueEvalP99Ms,
    `p99 <= 5: ${out.goalsMet.catalogueEvalP99Ms ? 'met' : 'NOT met'}`,
  );
  row('  peer: evaluate() alone (ms)', out.evaluateOnlyP50Ms, out.evaluateOnlyP99Ms);
  row('  ratio classify / evaluate', out.classifyToEvaluateRatioP50, out.classifyToEvaluateRatioP99);
  row('putDecision, answers caseView (ms)', out.putDecisionP50Ms, out.putDecisionP99Ms);
  row(
    'review package caseView (s)',
    out.reviewPackageSeconds,
    out.reviewPackageP99Seconds,
    `median <= 2: ${out.goalsMet.reviewPackageSeconds ? 'met' : 'NOT met'}`,
  );
  row('  peer: empty case (s)', out.reviewPackageEmptyCaseSeconds, out.reviewPackageEmptyCaseP99Seconds);
  row('  ratio package / empty', out.reviewPackageToEmptyCaseRatio, '');
  console.log('');

  // Only the sizes go to the results file; other sizes are trial runs.
  const full =
    N_CASES === 100_000 && N_ROWS === 200 && N_CALLS >= 1000 && N_DOCS === 50 && N_SEGS === 120 && N_VIEWS >= 10;
  const file = full ? join(here, 'results', 'legal-review.json') : join(os.tmpdir(), 'legal-review-trial.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${file} (${out.runSeconds} s)`);
});
