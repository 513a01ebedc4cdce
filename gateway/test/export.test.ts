/**
 * Case-file export (案卷导出) end to end: a plan built from real chained segments is written as a
 * folder and as a ZIP, signed with a station key and a checkpoint from a real audit trail (SQLite),
 * and both verify with the library and the built liuhen-verify --station-pubkey; tampering with the
 * package (even with the manifest rewritten to match), or with the station's copy before export,
 * is caught and named.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadOrCreateStationKeys,
  verifyExport,
  type ChainedAuditEntry,
  type DeviceKeys,
  type ExportManifest,
  type ExportReport,
} from '@liuhen/evidence';
import { createAuditLog } from '../src/audit/audit-log.js';
import { createAuditCheckpoints } from '../src/audit/checkpoints.js';
import { createExportJobs, type ExportJob } from '../src/cases/export-jobs.js';
import type { ExportFile, ExportPlan, ExportStep } from '../src/cases/export-plan.js';
import { writeCaseExport, type ExportProgress, type StationSigning } from '../src/cases/export.js';
import { migrate, openSqlite, type Db } from '../src/db/database.js';
import { coverage } from '../src/cases/intervals.js';
import { escapeHtml, renderCoverageReport } from '../src/cases/report-html.js';
import {
  BUILD_TIMEOUT_MS,
  buildEvidenceCli,
  chainedFolder,
  makeFmp4,
  removeTempDirs,
  tempDir,
  type ChainedFolder,
} from '../../evidence/test/helpers.js';

afterAll(async () => {
  await db?.destroy();
  removeTempDirs();
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'evidence/dist/verify-cli.js');
const T0 = Date.parse('2025-11-26T02:00:00.000Z'); // the chained segments start here, 4 s each
const iso = (ms: number) => new Date(ms).toISOString();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function fileOf(path: string, patch: Partial<ExportFile> & Pick<ExportFile, 'archivePath'>): ExportFile {
  return {
    recordingId: `rec-${basename(path)}`,
    deviceId: 'rec-001',
    officerId: '33010099',
    source: 'device',
    startedAt: iso(T0),
    endedAt: iso(T0 + 4000),
    bytes: readFileSync(path).length,
    sha256: sha(path),
    absPath: path,
    chainAbsPath: null,
    stepIds: ['step-1'],
    ...patch,
  };
}

/** One on-site step, 02:00:00–02:00:12: recorder 0–8 s, live 9–12 s, so a 1 s gap at 8–9 s. */
function step(): ExportStep {
  const footage = [
    { recordingId: 'r0', deviceId: 'rec-001', source: 'device' as const, start: iso(T0), end: iso(T0 + 8000) },
    { recordingId: 'l0', deviceId: 'rec-001', source: 'live' as const, start: iso(T0 + 9000), end: iso(T0 + 12000) },
  ];
  const window = { start: T0, end: T0 + 12_000 };
  const c = coverage(
    footage.map((f) => ({ start: Date.parse(f.start), end: Date.parse(f.end) })),
    window,
  );
  return {
    id: 'step-1',
    kind: 'on-site-inspection',
    title: '现场检查',
    startsAt: iso(window.start),
    endsAt: iso(window.end),
    location: '西湖区文三路 1 号',
    requirement: 'full-process',
    officers: [
      { id: '33010099', name: '王五' },
      { id: '33010012', name: null },
    ],
    coverage: {
      ...c,
      passing: c.ratio >= 1,
      requiredRatio: 1,
      gaps: c.gaps.map((g) => ({ ...g, startIso: iso(g.start), endIso: iso(g.end) })),
    },
    footage,
  };
}

/** The station's trail in a real database: seq 1–6, the case's entries are 2, 4 and 5. */
async function audit(db: Db): Promise<ChainedAuditEntry[]> {
  const log = createAuditLog(db);
  for (let seq = 1; seq <= 6; seq++) {
    const caseId = [2, 4, 5].includes(seq) ? 'case-1' : 'case-9';
    await log.append({
      actor: 'officer-33010099',
      action: 'view',
      subjectType: 'case',
      subjectId: caseId,
      caseId,
      detail: { note: '<b>查看</b>' },
    });
  }
  return log.forCase('case-1');
}

let rec: ChainedFolder;
let live: string;
let plan: ExportPlan;
let db: Db;
let stationKeys: DeviceKeys;
/** The station's key and its checkpoints of the trail above. */
let station: StationSigning;
let stationPem: string;

beforeAll(async () => {
  const work = tempDir('export');
  db = openSqlite(join(work, 'station.sqlite'));
  await migrate(db);
  stationKeys = (await loadOrCreateStationKeys(join(work, 'keys'))).keys;
  stationPem = stationKeys.publicKeyPath;
  station = createAuditCheckpoints({ db, audit: createAuditLog(db), keys: stationKeys }).signing;
  rec = await chainedFolder(join(work, 'rec'), 8, 4);
  live = makeFmp4(join(work, 'live-000.mp4'), 3);
  plan = {
    case: {
      id: 'case-1',
      number: '杭市监罚〔2025〕12号',
      kind: 'penalty',
      title: '<script>alert("x")</script> 无证经营',
      party: '某某餐饮店 & Co',
      unit: '西湖区市场监督管理局',
      status: 'investigating',
      major: true,
    },
    steps: [step()],
    files: [
      ...rec.segments.map((s, i) =>
        fileOf(s, {
          archivePath: `footage/rec-001/device/${basename(s)}`,
          chainAbsPath: `${s}.chain.jsonl`,
          startedAt: iso(T0 + i * 4000),
          endedAt: iso(T0 + i * 4000 + 4000),
        }),
      ),
      fileOf(live, {
        archivePath: 'rec-001/live/live-000.mp4', // without the footage/ prefix: added by the writer
        source: 'live',
        startedAt: iso(T0 + 9000),
        endedAt: iso(T0 + 12000),
      }),
    ],
    devicePublicKeys: { 'rec-001': readFileSync(rec.keys.publicKeyPath, 'utf8') },
    // No case documents: the package is the version 1 one (export-documents.test.ts has documents).
    documents: [],
    opinions: [],
    reviewers: [],
    audit: await audit(db),
    generatedAt: '2025-11-26T03:00:00.000Z',
    generatedBy: 'officer-33010099',
    stationVersion: '0.1.0-test',
  };
  // The CLI is checked as shipped: the built dist/.
  buildEvidenceCli();
}, BUILD_TIMEOUT_MS);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const errorText = (r: ExportReport) =>
  r.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.path}: ${p.message}`)
    .join('\n');

/** A plan with one big extra file, to see progress inside a file. */
function bigPlan(dir: string, mb: number): ExportPlan {
  const path = join(dir, `big-${mb}.mp4`);
  writeFileSync(path, randomBytes(mb << 20));
  return { ...plan, files: [...plan.files, fileOf(path, { archivePath: `footage/big/${basename(path)}` })] };
}

describe('writing an export', () => {
  it('as a folder: complete layout, verifies with the library and the built CLI', async () => {
    const dest = join(tempDir('out'), '案卷 folder');
    const r = await writeCaseExport(plan, { station, dest, format: 'folder' });
    expect(r).toMatchObject({ path: dest, files: 3 });
    expect(existsSync(`${dest}.partial`)).toBe(false);
    const m = JSON.parse(readFileSync(join(dest, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(m.files.map((f) => [f.path, f.chain?.path ?? null])).toEqual([
      ['footage/rec-001/device/seg-000.mp4', 'footage/rec-001/device/seg-000.mp4.chain.jsonl'],
      ['footage/rec-001/device/seg-001.mp4', 'footage/rec-001/device/seg-001.mp4.chain.jsonl'],
      ['footage/rec-001/live/live-000.mp4', null],
    ]);
    expect(m.documents.map((d) => d.path)).toEqual([
      'keys/rec-001.pub.pem',
      'case.json',
      'coverage-report.html',
      'audit.jsonl',
      'audit-checkpoint.json',
    ]);
    expect(m.audit).toEqual({
      path: 'audit.jsonl',
      entries: 3,
      firstSeq: 2,
      lastSeq: 5,
      checkpoint: 'audit-checkpoint.json',
    });
    const sig = JSON.parse(readFileSync(join(dest, 'manifest.sig'), 'utf8')) as { sha256: string; keyId: string };
    expect(sig).toMatchObject({ sha256: sha(join(dest, 'manifest.json')), keyId: stationKeys.fingerprint });
    const caseJson = readFileSync(join(dest, 'case.json'), 'utf8');
    expect(caseJson).not.toContain(rec.dir); // no station paths
    expect(readFileSync(join(dest, 'footage/rec-001/live/live-000.mp4'))).toEqual(readFileSync(live));

    const report = await verifyExport(dest, {
      stationKeys: [{ key: stationKeys.publicKey, fingerprint: stationKeys.fingerprint }],
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, files: 3, chained: 2, caseNumber: plan.case.number });
    expect(report.station).toMatchObject({ signed: true, trusted: true, checkpoint: { seq: 6 } });
    const c = cli([dest, '--station-pubkey', stationPem]);
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
    expect(c.stdout).toContain('VERIFIED 校验通过');
  });

  it('as a ZIP: verifies with the library and the built CLI (--json)', async () => {
    const dest = join(tempDir('out'), 'export.zip');
    const r = await writeCaseExport(plan, { station, dest, format: 'zip' });
    const footage = plan.files.reduce((n, f) => n + f.bytes, 0);
    expect(r.bytes).toBeGreaterThan(footage); // stored, plus headers and documents
    expect(existsSync(`${dest}.partial`)).toBe(false);
    const report = await verifyExport(dest, {
      stationKeys: [{ key: stationKeys.publicKey, fingerprint: stationKeys.fingerprint }],
    });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, container: 'zip', files: 3, chained: 2 });
    const c = cli([dest, '--json', '--station-pubkey', stationPem]);
    expect(c.status).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ ok: true, kind: 'case-export' });
    // The CRC-32 of every entry (yazl's, computed with zlib.crc32 swapped in), checked by another
    // implementation where one is installed.
    const unzip = spawnSync('unzip', ['-tq', dest], { encoding: 'utf8' });
    if (!unzip.error) expect(unzip.stdout).toMatch(/No errors detected/);

    const buf = readFileSync(dest);
    const video = readFileSync(rec.segments[1]!);
    const at = buf.indexOf(video.subarray(video.length / 2, video.length / 2 + 64));
    buf[at]! ^= 0x40;
    writeFileSync(dest, buf);
    expect(errorText(await verifyExport(dest))).toMatch(/seg-001\.mp4: TAMPERED/);
    expect(cli([dest]).status).toBe(1);
  });

  it('refuses to replace an existing destination', async () => {
    const dest = join(tempDir('out'), 'exists.zip');
    writeFileSync(dest, 'precious');
    await expect(writeCaseExport(plan, { station, dest, format: 'zip' })).rejects.toThrow(/already exists/);
    expect(readFileSync(dest, 'utf8')).toBe('precious');
  });

  it('refuses a plan that would not verify or would write outside the package, before writing', async () => {
    const dir = tempDir('refuse');
    const renamed = {
      ...plan,
      files: plan.files.map((f, i) => (i === 0 ? { ...f, archivePath: 'x/renamed.mp4' } : f)),
    };
    await expect(writeCaseExport(renamed, { station, dest: join(dir, 'a'), format: 'folder' })).rejects.toThrow(
      /signed for segment "seg-000\.mp4": name the file "seg-000\.mp4"/,
    );
    const escaping = { ...plan, files: plan.files.map((f, i) => (i === 2 ? { ...f, archivePath: '../../etc/x' } : f)) };
    await expect(writeCaseExport(escaping, { station, dest: join(dir, 'b'), format: 'zip' })).rejects.toThrow(
      /"\.\." part/,
    );
    const keyless = { ...plan, devicePublicKeys: {} };
    await expect(writeCaseExport(keyless, { station, dest: join(dir, 'c'), format: 'zip' })).rejects.toThrow(
      /no public key for device rec-001/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports progress monotonically, within files too, ending at bytesTotal', async () => {
    const big = bigPlan(tempDir('big'), 40);
    for (const format of ['folder', 'zip'] as const) {
      const seen: ExportProgress[] = [];
      const dest = join(tempDir('out'), `progress-${format}`);
      await writeCaseExport(big, { station, dest, format, onProgress: (p) => seen.push(p) });
      const chains = rec.segments.reduce((n, s) => n + readFileSync(`${s}.chain.jsonl`).length, 0);
      const total = big.files.reduce((n, f) => n + f.bytes, 0) + chains;
      expect(seen.every((p) => p.bytesTotal === total)).toBe(true);
      expect(seen.at(-1)!.bytesDone).toBe(total);
      for (let i = 1; i < seen.length; i++) {
        expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
        expect(seen[i]!.bytesDone - seen[i - 1]!.bytesDone).toBeLessThanOrEqual(12 << 20); // 8 MB + one chunk
      }
      expect(seen.filter((p) => p.file === 'footage/big/big-40.mp4').length).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('a station copy altered before export', () => {
  it('stops the export naming the file, and leaves nothing behind', async () => {
    const dir = tempDir('altered');
    const copy = join(dir, basename(rec.segments[1]!));
    const bytes = readFileSync(rec.segments[1]!);
    bytes[100]! ^= 0x01;
    writeFileSync(copy, bytes);
    const altered: ExportPlan = {
      ...plan,
      files: plan.files.map((f, i) => (i === 1 ? { ...f, absPath: copy } : f)),
    };
    for (const format of ['folder', 'zip'] as const) {
      const dest = join(dir, `out-${format}${format === 'zip' ? '.zip' : ''}`);
      await expect(writeCaseExport(altered, { station, dest, format })).rejects.toThrow(
        /footage\/rec-001\/device\/seg-001\.mp4 .*altered or damaged/,
      );
      expect(existsSync(dest)).toBe(false);
      expect(existsSync(`${dest}.partial`)).toBe(false);
    }
    const missing = { ...plan, files: plan.files.map((f, i) => (i === 2 ? { ...f, absPath: join(dir, 'gone') } : f)) };
    const dest = join(dir, 'out-missing');
    await expect(writeCaseExport(missing, { station, dest, format: 'folder' })).rejects.toThrow(
      /live-000\.mp4: cannot read the station's file/,
    );
    expect(existsSync(`${dest}.partial`)).toBe(false);
  });
});

describe('tampering with a written folder export', () => {
  let base: string;
  beforeAll(async () => {
    base = join(tempDir('tamper'), 'export');
    await writeCaseExport(plan, { station, dest: base, format: 'folder' });
  });
  const copy = () => {
    const dir = join(tempDir('t'), 'export');
    cpSync(base, dir, { recursive: true });
    return dir;
  };
  const seg1 = 'footage/rec-001/device/seg-001.mp4';

  const cases: [string, (dir: string) => void, RegExp][] = [
    [
      'one byte flipped in a video',
      (dir) => {
        const b = readFileSync(join(dir, seg1));
        b[Math.floor(b.length / 2)]! ^= 0x01;
        writeFileSync(join(dir, seg1), b);
      },
      /seg-001\.mp4: TAMPERED .*does not match the manifest[\s\S]*seg-001\.mp4: TAMPERED .*fragment \d+/,
    ],
    ['a file removed', (dir) => unlinkSync(join(dir, seg1)), /seg-001\.mp4: MISSING FILE/],
    [
      'an extra file added',
      (dir) => writeFileSync(join(dir, 'footage/rec-001/live/later.mp4'), 'x'),
      /live\/later\.mp4: ADDED/,
    ],
    [
      'an audit entry edited',
      (dir) => {
        const p = join(dir, 'audit.jsonl');
        writeFileSync(p, readFileSync(p, 'utf8').replace('"action":"view"', '"action":"edit"'));
      },
      /audit\.jsonl: TAMPERED[\s\S]*audit entry seq 2: entry hash does not match/,
    ],
    [
      'a manifest hash edited',
      (dir) => {
        const p = join(dir, 'manifest.json');
        const m = JSON.parse(readFileSync(p, 'utf8')) as ExportManifest;
        m.documents[1]!.sha256 = '0'.repeat(64);
        writeFileSync(p, JSON.stringify(m));
      },
      /case\.json: TAMPERED .*does not match the manifest's 0{64}/,
    ],
    [
      'a video rewritten with its size and SHA-256 put in the manifest',
      (dir) => {
        const p = join(dir, 'manifest.json');
        const m = JSON.parse(readFileSync(p, 'utf8')) as ExportManifest;
        const b = readFileSync(join(dir, seg1));
        b[Math.floor(b.length / 2)]! ^= 0x01;
        writeFileSync(join(dir, seg1), b);
        Object.assign(m.files[1]!, { sha256: createHash('sha256').update(b).digest('hex'), bytes: b.length });
        writeFileSync(p, JSON.stringify(m, null, 2) + '\n');
      },
      /manifest\.json: BAD SIGNATURE/,
    ],
    [
      'an audit line removed with the manifest updated to match',
      (dir) => {
        const p = join(dir, 'manifest.json');
        const m = JSON.parse(readFileSync(p, 'utf8')) as ExportManifest;
        const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
        const body = [lines[0], lines[2]].join('\n') + '\n';
        writeFileSync(join(dir, 'audit.jsonl'), body);
        Object.assign(m.audit, { entries: 2 });
        Object.assign(
          m.documents.find((d) => d.path === 'audit.jsonl')!,
          {
            sha256: createHash('sha256').update(body).digest('hex'),
            bytes: Buffer.byteLength(body),
          },
        );
        writeFileSync(p, JSON.stringify(m, null, 2) + '\n');
      },
      /manifest\.json: BAD SIGNATURE[\s\S]*audit\.jsonl: TAMPERED .*signed audit checkpoint covers 3 entries/,
    ],
    [
      'a chain entry edited',
      (dir) => {
        const p = join(dir, `${seg1}.chain.jsonl`);
        writeFileSync(
          p,
          readFileSync(p, 'utf8').replace(/"byteEnd":(\d+)/, (_m, n: string) => `"byteEnd":${+n + 1}`),
        );
      },
      /seg-001\.mp4\.chain\.jsonl: TAMPERED[\s\S]*seg-001\.mp4: BAD SIGNATURE/,
    ],
  ];

  it.each(cases)('%s: fails with a clear message (library and CLI)', async (_name, tamper, expected) => {
    const dir = copy();
    tamper(dir);
    const r = await verifyExport(dir, {
      stationKeys: [{ key: stationKeys.publicKey, fingerprint: stationKeys.fingerprint }],
    });
    expect(r.ok).toBe(false);
    expect(errorText(r)).toMatch(expected);
    const c = cli([dir, '--station-pubkey', stationPem]);
    expect(c.status).toBe(1);
    expect(c.stdout).toContain('FAILED 校验未通过');
  });
});

describe('export jobs', () => {
  it('runs one at a time, names the package after the case, cancels and removes partials', async () => {
    const dir = tempDir('jobs');
    // The first job reads a FIFO the test feeds: it stalls mid-file, with its partial on disk,
    // for exactly as long as the test wants, with no timing guesswork.
    const fifo = join(tempDir('jobs-src'), 'slow.mp4');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const slow: ExportPlan = {
      ...plan,
      files: [...plan.files, { ...fileOf(live, { archivePath: 'footage/slow.mp4' }), absPath: fifo, bytes: 1 << 30 }],
    };
    const feed = createWriteStream(fifo);
    feed.on('error', () => undefined); // EPIPE once the export stops reading
    feed.write(randomBytes(16 << 20));

    const jobs = createExportJobs({ dir, maxConcurrent: 1, station });
    const events: { at: number; job: ExportJob }[] = [];
    const ended = new Map<string, (j: ExportJob) => void>();
    const done = (id: string) => new Promise<ExportJob>((resolve) => ended.set(id, resolve));
    let toCancel: string | null = null;
    let partialSeen = false;
    jobs.on('progress', (j) => {
      events.push({ at: performance.now(), job: j });
      if (j.id === toCancel && j.state === 'running' && j.bytesDone > 0) {
        partialSeen = existsSync(join(dir, `${j.fileName}.partial`));
        expect(jobs.cancel(j.id)).toBe(true);
        feed.end();
      }
      if (['done', 'failed', 'cancelled'].includes(j.state)) ended.get(j.id)?.(j);
    });

    const first = jobs.start(slow, 'folder', 'officer-33010099');
    toCancel = first.id;
    const second = jobs.start(plan, 'zip', 'officer-33010099');
    const [a, b] = [done(first.id), done(second.id)];
    expect(jobs.get(second.id)!.state).toBe('queued'); // the first one holds the only slot
    expect(first.fileName).toMatch(/^杭市监罚〔2025〕12号_\d{14}$/);
    expect(second.fileName).toMatch(/^杭市监罚〔2025〕12号_\d{14}\.zip$/);

    const cancelled = await a;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.bytesDone).toBeGreaterThan(0);
    expect(partialSeen).toBe(true);
    const finished = await b;
    expect(finished).toMatchObject({ state: 'done', files: 3, actor: 'officer-33010099' });
    expect(finished.path).toBe(join(dir, second.fileName));
    // Only the finished ZIP: the cancelled folder's partial is gone.
    expect(readdirSync(dir)).toEqual([second.fileName]);
    expect((await verifyExport(finished.path!)).ok).toBe(true);

    // Byte progress is throttled to ≤ 4 per second per job; state changes always go out.
    const running = events.filter((e) => e.job.id === first.id && e.job.state === 'running');
    expect(running.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < running.length; i++) expect(running[i]!.at - running[i - 1]!.at).toBeGreaterThan(200);
    expect(events.filter((e) => e.job.id === first.id).map((e) => e.job.state)).toEqual([
      'queued',
      ...running.map(() => 'running'),
      'cancelled',
    ]);

    expect(jobs.list().map((j) => j.id)).toEqual([second.id, first.id]);
    expect(jobs.cancel(second.id)).toBe(false);
    await jobs.remove(second.id);
    expect(readdirSync(dir)).toEqual([]);
    expect(jobs.get(second.id)).toBeUndefined();
  });
});

describe('the coverage report', () => {
  it('is self-contained, escapes what people typed, and shows the gap', () => {
    const html = renderCoverageReport(plan);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 无证经营');
    expect(html).toContain('某某餐饮店 &amp; Co');
    expect(html).toContain('&lt;b&gt;查看&lt;/b&gt;'); // audit detail
    expect(html).not.toMatch(/\s(src|href)=|url\(|@import/); // nothing fetched from anywhere
    expect(html).toContain('行政处罚');
    expect(html).toContain('执法环节 <span class="alt">Step</span>');
    expect(html).toContain('全过程');
    expect(html).toContain('@media print');
    // The 1 s gap at 02:00:08–02:00:09 UTC, shown in Beijing time, in the list and on the timeline.
    expect(html).toMatch(/<td>2025-11-26 10:00:08<\/td><td>2025-11-26 10:00:09<\/td>\s*<td class="num">1\.0<\/td>/);
    expect(html).toMatch(/<rect [^>]*fill="#d23b3b"><title>2025-11-26 10:00:08 – 2025-11-26 10:00:09/);
    expect(html).toContain('91.6%'); // 11 of 12 s, rounded down: a failing step never shows 100%
    expect(html).toContain('✗');
    // An HTML element inside SVG would end the SVG early (the parser "breaks out"): text only there.
    for (const svg of html.match(/<svg[\s\S]*?<\/svg>/g) ?? []) expect(svg).not.toMatch(/<(span|b|br|div|p)[\s>]/);
    expect(html).toContain(plan.files[0]!.sha256);
    expect(renderCoverageReport(plan, { locale: 'en' })).toContain('Step <span class="alt">执法环节</span>');
    expect(escapeHtml(`<a href="x" onclick='y'>&`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  });
});
