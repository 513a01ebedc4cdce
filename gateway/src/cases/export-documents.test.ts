/**
 * A case-file export carries the case file's documents (every version) and the signed legal-review
 * opinions, end to end on a real station store: SQLite with the migrations, documents stored as
 * files under the footage root, reviewers with real SM2 keys signing real opinion bytes, a real
 * station key and audit checkpoint. The plan is read by the export planning, the package written
 * as a folder and a ZIP, and checked by liuhen-verify's library. Tampering with a document, an
 * opinion, its signature or the reviewers' keys is named; an opinion that would not verify stops the
 * export before anything is written; a case without documents exports exactly as before.
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSignerKey,
  formatExportReport,
  loadOrCreateStationKeys,
  reviewersFileText,
  signDocument,
  verifyExport,
  type DeviceKeys,
  type ExportManifest,
  type ExportReport,
  type SignerKey,
} from '@liuhen/evidence';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { createAuditCheckpoints } from '../audit/checkpoints.js';
import { loadConfig } from '../config.js';
import { migrate, openSqlite, type Db } from '../db/database.js';
import { createLogger } from '../log.js';
import { createExportPlanning } from './export-planning.js';
import type { ExportPlan } from './export-plan.js';
import { caseDocumentPath, writeCaseExport, type StationSigning } from './export.js';
import { createReviews } from './reviews.js';
import { createSorter } from './sorter.js';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `liuhen-export-docs-${name}-`));
  dirs.push(d);
  return d;
};

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`, 'utf8');

let db: Db;
let audit: AuditLog;
let footageRoot: string;
let stationKeys: DeviceKeys;
let station: StationSigning;
let planning: ReturnType<typeof createExportPlanning>;
const li = { username: 'fz-li', name: '李法审', key: createSignerKey() };
const wang = { username: 'fz-wang', name: '王法审', key: createSignerKey() };
/** Has an SM2 key, but is nobody's registered reviewer. */
const forger = createSignerKey();
/** Document ids by name, as stored. */
const ids: Record<string, string> = {};
const DRAFT_KEY = 'a7d3c1e0-5b2f-4f7e-8c1d-000000000001';
const OPINION_KEY = 'a7d3c1e0-5b2f-4f7e-8c1d-000000000002';
const RECORD_KEY = 'a7d3c1e0-5b2f-4f7e-8c1d-000000000003';
const OPINION_1 = `documents/${OPINION_KEY}/v1-法制审核意见书.pdf`;
const OPINION_2 = `documents/${OPINION_KEY}/v2-法制审核意见书.pdf`;
const RECORD = `documents/${RECORD_KEY}/v1-询问笔录_(第1次)_.pdf`;

async function insertCase(id: string, number: string): Promise<void> {
  const now = '2026-03-01T00:00:00.000Z';
  await db
    .insertInto('cases')
    .values({
      id,
      number,
      kind: 'penalty',
      title: '无证经营',
      party: '某某餐饮店',
      unit_id: null,
      status: 'in_review',
      major: 1,
      marked_major: 1,
      major_reasons: null,
      hold: 0,
      closed_at: null,
      created_by: 'officer-33010099',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await audit.append({
    actor: 'officer-33010099',
    action: 'create',
    subjectType: 'case',
    subjectId: id,
    caseId: id,
    detail: {},
  });
}

let uploads = 0;

/** Stores a document version as the station does: content-addressed under the footage root, one row. */
async function storeDocument(
  name: string,
  data: Buffer,
  row: { key: string; version: number; kind: string; title: string; fileName: string; mediaType: string },
  source: 'upload' | 'scan' | 'generated' = 'upload',
): Promise<void> {
  const hash = sha(data);
  const path = `documents/case-d/${hash}`;
  mkdirSync(join(footageRoot, 'documents', 'case-d'), { recursive: true });
  writeFileSync(join(footageRoot, path), data);
  const id = `doc-${name}`;
  ids[name] = id;
  await db
    .insertInto('documents')
    .values({
      id,
      document_key: row.key,
      version: row.version,
      case_id: 'case-d',
      step_id: null,
      kind: row.kind,
      title: row.title,
      file_name: row.fileName,
      media_type: row.mediaType,
      bytes: data.length,
      sha256: hash,
      path,
      source,
      uploaded_by: source === 'generated' ? 'station' : 'officer-33010099',
      uploaded_at: `2026-03-01T0${++uploads}:00:00.000Z`,
    })
    .execute();
}

async function registerReviewer(r: { username: string; name: string; key: SignerKey }): Promise<void> {
  await db
    .insertInto('legal_reviewers')
    .values({
      username: r.username,
      name: r.name,
      qualification_no: 'A2020110000',
      certificate_no: null,
      certificate_expires: null,
      active: 1,
      public_key_pem: r.key.publicKeyPem,
      // The station keeps it (a software key): it must never reach a package.
      private_key_pem: r.key.privateKeyPem,
      created_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
}

function opinionSignature(r: { username: string; name: string; key: SignerKey }, bytes: Buffer, at: string): string {
  const record = signDocument({
    bytes,
    signer: { id: r.username, name: r.name, role: '法制审核人员' },
    signedAt: new Date(at),
    privateKeyPem: r.key.privateKeyPem,
  });
  return JSON.stringify(record);
}

async function insertRound(
  round: number,
  state: string,
  signed: { reviewer: string; document: string; signature: string } | null,
): Promise<void> {
  await db
    .insertInto('legal_reviews')
    .values({
      id: `review-${round}`,
      case_id: 'case-d',
      round,
      state,
      submitted_by: 'officer-33010099',
      submitted_at: `2026-03-0${round}T00:00:00.000Z`,
      note: '',
      content: '{}',
      content_sha256: sha('{}'),
      catalogue_version: '2026-1',
      accepted_at: null,
      due_at: null,
      reviewer: signed?.reviewer ?? null,
      outcome: signed ? (state === 'approved' ? 'agree' : 'revise') : null,
      opinion: signed ? '意见' : null,
      opinion_at: null,
      opinion_number: null,
      opinion_document_id: signed ? ids[signed.document]! : null,
      signature: signed?.signature ?? null,
      void_reason: null,
      discussion: null,
    })
    .execute();
}

beforeAll(async () => {
  const work = tempDir('station');
  footageRoot = join(work, 'footage');
  db = openSqlite(join(work, 'liuhen.sqlite'));
  await migrate(db);
  audit = createAuditLog(db);
  const config = loadConfig({ env: {} });
  const sorter = createSorter(db, createReviews(db, audit, config.reviews), config.cases, createLogger('silent'));
  stationKeys = (await loadOrCreateStationKeys(join(work, 'keys'))).keys;
  station = createAuditCheckpoints({ db, audit, keys: stationKeys }).signing;
  planning = createExportPlanning({
    db,
    audit,
    sorter,
    config,
    footageRoot,
    version: '0.1.0-test',
    publicKeyOf: () => Promise.resolve(null),
  });

  await insertCase('case-d', '杭市监罚〔2026〕12号');
  await insertCase('case-plain', '杭市监罚〔2026〕13号');
  const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const draft = {
    key: DRAFT_KEY,
    kind: 'draft-decision',
    title: '决定书代拟稿',
    fileName: '决定书代拟稿.docx',
    mediaType: docx,
  };
  const opinion = {
    key: OPINION_KEY,
    kind: 'review-opinion',
    title: '法制审核意见书',
    fileName: '法制审核意见书.pdf',
    mediaType: 'application/pdf',
  };
  const opinion1 = pdf('第1轮: 建议修改后提交');
  const opinion2 = pdf('第2轮: 同意');
  await storeDocument(
    'record',
    pdf('询问笔录'),
    {
      key: RECORD_KEY,
      version: 1,
      kind: 'record',
      title: '询问笔录',
      // A name as people type them: cut to a safe file name in the package, the original in the manifest.
      fileName: '询问笔录 (第1次)?.pdf',
      mediaType: 'application/pdf',
    },
    'scan',
  );
  await storeDocument('draft1', Buffer.from('draft, first version'), { ...draft, version: 1 });
  await storeDocument('opinion1', opinion1, { ...opinion, version: 1 }, 'generated');
  await storeDocument('draft2', Buffer.from('draft, second version'), { ...draft, version: 2 });
  await storeDocument('opinion2', opinion2, { ...opinion, version: 2 }, 'generated');
  await registerReviewer(li);
  await registerReviewer(wang);
  await registerReviewer({ username: 'fz-zhao', name: '赵法审', key: createSignerKey() }); // signed nothing here
  await insertRound(1, 'returned', {
    reviewer: li.username,
    document: 'opinion1',
    signature: opinionSignature(li, opinion1, '2026-03-01T05:00:00.000Z'),
  });
  await insertRound(2, 'approved', {
    reviewer: wang.username,
    document: 'opinion2',
    signature: opinionSignature(wang, opinion2, '2026-03-02T05:00:00.000Z'),
  });
  await insertRound(3, 'submitted', null);
});

afterAll(async () => {
  await db?.destroy();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const trusted = () => [{ key: stationKeys.publicKey, fingerprint: stationKeys.fingerprint }];
const verify = (path: string) => verifyExport(path, { stationKeys: trusted() });
const errorText = (r: ExportReport) =>
  r.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.path}: ${p.message}`)
    .join('\n');
const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;

async function exportFolder(plan: ExportPlan, name: string): Promise<string> {
  const dest = join(tempDir(name), 'export');
  await writeCaseExport(plan, { station, dest, format: 'folder' });
  return dest;
}

describe('planning', () => {
  it('reads every version of every document, the signed rounds and the signers’ registered keys', async () => {
    const plan = await planning.exportPlan('case-d', 'officer-33010099');
    expect(plan.documents.map((d) => [d.id, d.documentKey, d.version, d.source])).toEqual([
      ['doc-record', RECORD_KEY, 1, 'scan'],
      ['doc-draft1', DRAFT_KEY, 1, 'upload'],
      ['doc-opinion1', OPINION_KEY, 1, 'generated'],
      ['doc-draft2', DRAFT_KEY, 2, 'upload'],
      ['doc-opinion2', OPINION_KEY, 2, 'generated'],
    ]);
    expect(plan.documents[0]!.absPath).toBe(join(footageRoot, 'documents', 'case-d', plan.documents[0]!.sha256));
    expect(plan.opinions.map((o) => [o.round, o.reviewer, o.documentId])).toEqual([
      [1, 'fz-li', 'doc-opinion1'],
      [2, 'fz-wang', 'doc-opinion2'],
    ]);
    // Only who signed here, and never a private key.
    expect(plan.reviewers).toEqual([
      { username: 'fz-li', name: '李法审', publicKeyPem: li.key.publicKeyPem },
      { username: 'fz-wang', name: '王法审', publicKeyPem: wang.key.publicKeyPem },
    ]);
    expect(JSON.stringify(plan)).not.toContain('PRIVATE KEY');
  });

  it('names document files safely, versions side by side, the extension kept', () => {
    expect(caseDocumentPath({ documentKey: DRAFT_KEY, version: 2, fileName: '决定书代拟稿.docx' })).toBe(
      `documents/${DRAFT_KEY}/v2-决定书代拟稿.docx`,
    );
    expect(caseDocumentPath({ documentKey: RECORD_KEY, version: 1, fileName: 'a/b\\c:d*e "f".pdf. ' })).toBe(
      `documents/${RECORD_KEY}/v1-a_b_c_d_e__f_.pdf`,
    );
    const long = caseDocumentPath({ documentKey: 'k', version: 12, fileName: `${'长'.repeat(200)}.pdf` });
    const name = long.split('/').at(-1)!;
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(180);
    expect(name).toMatch(/^v12-长+\.pdf$/);
    // A key that is not a plain name gets a hash, so two such keys never share a folder.
    const odd = (key: string) => caseDocumentPath({ documentKey: key, version: 1, fileName: 'x.pdf' }).split('/')[1];
    expect(odd('a/b')).toMatch(/^a_b-[0-9a-f]{12}$/);
    expect(odd('a/b')).not.toBe(odd('a:b'));
  });
});

describe('an export with documents and signed opinions', () => {
  let dest: string;
  beforeAll(async () => {
    dest = await exportFolder(await planning.exportPlan('case-d', 'officer-33010099'), 'with-docs');
  });

  it('holds every document version, the signature records and the reviewers’ keys, and verifies', async () => {
    const m = readManifest(dest);
    expect(m.version).toBe(2);
    expect(m.caseDocuments!.map((d) => [d.path, d.version, d.kind])).toEqual([
      [RECORD, 1, 'record'],
      [`documents/${DRAFT_KEY}/v1-决定书代拟稿.docx`, 1, 'draft-decision'],
      [OPINION_1, 1, 'review-opinion'],
      [`documents/${DRAFT_KEY}/v2-决定书代拟稿.docx`, 2, 'draft-decision'],
      [OPINION_2, 2, 'review-opinion'],
    ]);
    expect(m.caseDocuments![0]).toMatchObject({
      fileName: '询问笔录 (第1次)?.pdf',
      title: '询问笔录',
      mediaType: 'application/pdf',
      source: 'scan',
      uploadedBy: 'officer-33010099',
      stepId: null,
    });
    expect(m.legalReview).toEqual({
      reviewers: 'legal-review/reviewers.json',
      opinions: [
        { round: 1, reviewer: 'fz-li', document: OPINION_1, signature: 'legal-review/round-1.sig.json' },
        { round: 2, reviewer: 'fz-wang', document: OPINION_2, signature: 'legal-review/round-2.sig.json' },
      ],
    });
    expect(m.documents.map((d) => d.path)).toEqual([
      'case.json',
      'coverage-report.html',
      'audit.jsonl',
      'audit-checkpoint.json',
      'legal-review/reviewers.json',
      'legal-review/round-1.sig.json',
      'legal-review/round-2.sig.json',
      'case-file-index.csv',
    ]);
    // The case file index (卷内目录) lists every document version with its path in the package.
    const index = readFileSync(join(dest, 'case-file-index.csv'), 'utf8');
    expect(index.startsWith('\uFEFF序号,文书类别,题名,版本,归档时间,文件,SHA-256')).toBe(true);
    expect(index.trim().split('\r\n')).toHaveLength(m.caseDocuments!.length + 1);
    for (const d of m.caseDocuments!) expect(index).toContain(d.path);
    const reviewers = readFileSync(join(dest, 'legal-review/reviewers.json'), 'utf8');
    expect(reviewers).toBe(
      reviewersFileText([
        { username: 'fz-li', name: '李法审', fingerprint: li.key.fingerprint, publicKeyPem: li.key.publicKeyPem },
        { username: 'fz-wang', name: '王法审', fingerprint: wang.key.fingerprint, publicKeyPem: wang.key.publicKeyPem },
      ]),
    );
    expect(reviewers).not.toContain('PRIVATE KEY');
    expect(readFileSync(join(dest, OPINION_2))).toEqual(pdf('第2轮: 同意'));

    const r = await verify(dest);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, caseDocuments: { listed: 5, ok: 5 } });
    expect(r.opinions.map((o) => [o.round, o.reviewer, o.signerName, o.fingerprint, o.verified])).toEqual([
      [1, 'fz-li', '李法审', li.key.fingerprint, true],
      [2, 'fz-wang', '王法审', wang.key.fingerprint, true],
    ]);
    const text = formatExportReport(r);
    expect(text).toContain('documents 卷内文书 5 files 个文件 (every version 含历次版本): 5 ok 校验通过');
    expect(text).toContain('opinions 审核意见 2 signed 已签名, 2 verified 签名有效');
    expect(text).toContain('VERIFIED 校验通过');
  });

  it('as a ZIP too', async () => {
    const zip = join(tempDir('zip'), 'export.zip');
    const result = await writeCaseExport(await planning.exportPlan('case-d', 'officer-33010099'), {
      station,
      dest: zip,
      format: 'zip',
    });
    expect(result).toMatchObject({ files: 0, documents: 5, opinions: 2 });
    const r = await verify(zip);
    expect(r.problems).toEqual([]);
    expect(r.opinions.filter((o) => o.verified)).toHaveLength(2);
  });

  const tamper = (name: string) => {
    const dir = join(tempDir(name), 'export');
    cpSync(dest, dir, { recursive: true });
    return dir;
  };
  /** The file rewritten with its size and SHA-256 put in the manifest (which the station no longer signs). */
  const rewriteListed = (dir: string, path: string, data: Buffer | string) => {
    writeFileSync(join(dir, path), data);
    const m = readManifest(dir);
    const rec = [...m.caseDocuments!, ...m.documents].find((d) => d.path === path)!;
    Object.assign(rec, { sha256: sha(data), bytes: Buffer.byteLength(data) });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');
  };

  it('a changed opinion PDF fails its hash and its signature', async () => {
    const dir = tamper('opinion');
    writeFileSync(join(dir, OPINION_1), pdf('第1轮: 同意同意同意'));
    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(errorText(r)).toMatch(new RegExp(`^${OPINION_1}: TAMPERED 篡改: \\d+ bytes, the manifest says`, 'm'));
    expect(errorText(r)).toMatch(
      new RegExp(`^${OPINION_1}: TAMPERED 篡改: round 1 opinion .*the document changed after signing`, 'm'),
    );
    expect(formatExportReport(r)).toContain('opinions 审核意见 2 signed 已签名, 1 verified 签名有效');
  });

  it('an opinion re-signed with another key fails on the reviewer’s registered key', async () => {
    const dir = tamper('resigned');
    const forged = opinionSignature(
      { ...li, key: forger },
      readFileSync(join(dir, OPINION_1)),
      '2026-03-01T05:00:00.000Z',
    );
    rewriteListed(dir, 'legal-review/round-1.sig.json', forged);
    const text = errorText(await verify(dir));
    expect(text).toMatch(/^manifest\.json: BAD SIGNATURE 签名无效/m);
    expect(text).toContain(
      `legal-review/round-1.sig.json: UNKNOWN KEY 密钥不符: round 1 opinion 第1轮审核意见 (${OPINION_1}): signed with key ` +
        `${forger.fingerprint}, not reviewer fz-li's registered key ${li.key.fingerprint}`,
    );
  });

  it('reviewers.json edited to vouch for the forger breaks the station’s signature', async () => {
    const dir = tamper('reviewers');
    const forged = opinionSignature(
      { ...li, key: forger },
      readFileSync(join(dir, OPINION_1)),
      '2026-03-01T05:00:00.000Z',
    );
    rewriteListed(dir, 'legal-review/round-1.sig.json', forged);
    const keys = reviewersFileText([
      { username: 'fz-li', name: '李法审', fingerprint: forger.fingerprint, publicKeyPem: forger.publicKeyPem },
      { username: 'fz-wang', name: '王法审', fingerprint: wang.key.fingerprint, publicKeyPem: wang.key.publicKeyPem },
    ]);
    rewriteListed(dir, 'legal-review/reviewers.json', keys);
    const r = await verify(dir);
    expect(r.opinions.some((o) => o.verified)).toBe(false);
    expect(errorText(r)).toMatch(/^manifest\.json: BAD SIGNATURE 签名无效: manifest\.json does not verify/m);
    expect(errorText(r)).toMatch(
      /^legal-review\/reviewers\.json: UNKNOWN KEY 密钥不符: the reviewer keys here are not vouched for/m,
    );
  });

  it('a document removed, or one added under documents/, is named', async () => {
    const dir = tamper('files');
    unlinkSync(join(dir, RECORD));
    writeFileSync(join(dir, 'documents', DRAFT_KEY, 'v3-决定书代拟稿.docx'), 'later');
    const text = errorText(await verify(dir));
    expect(text).toMatch(new RegExp(`^${RECORD.replace(/[()?]/g, '\\$&')}: MISSING FILE 文件缺失`, 'm'));
    expect(text).toContain(`documents/${DRAFT_KEY}/v3-决定书代拟稿.docx: ADDED 多余文件`);
  });
});

describe('an opinion that would not verify stops the export before anything is written', () => {
  it('when the reviewer’s registered key is another, or the stored opinion was altered', async () => {
    const plan = await planning.exportPlan('case-d', 'officer-33010099');
    const dir = tempDir('refused');
    const rekeyed: ExportPlan = {
      ...plan,
      reviewers: plan.reviewers.map((r) =>
        r.username === 'fz-li' ? { ...r, publicKeyPem: createSignerKey().publicKeyPem } : r,
      ),
    };
    await expect(writeCaseExport(rekeyed, { station, dest: join(dir, 'a'), format: 'folder' })).rejects.toThrow(
      /legal review round 1 \(review-1\): the signature of .*v1-法制审核意见书\.pdf does not verify with fz-li's registered key \(UNKNOWN KEY/,
    );
    const unregistered: ExportPlan = { ...plan, reviewers: plan.reviewers.filter((r) => r.username !== 'fz-wang') };
    await expect(writeCaseExport(unregistered, { station, dest: join(dir, 'b'), format: 'zip' })).rejects.toThrow(
      /round 2 \(review-2\): signed by fz-wang, who is not in the reviewer registry/,
    );
    const opinion = plan.documents.find((d) => d.id === 'doc-opinion2')!;
    const altered = join(dir, 'altered.pdf');
    writeFileSync(altered, pdf('第2轮: 不同意'));
    const changed: ExportPlan = {
      ...plan,
      documents: plan.documents.map((d) => (d === opinion ? { ...d, absPath: altered } : d)),
    };
    await expect(writeCaseExport(changed, { station, dest: join(dir, 'c'), format: 'folder' })).rejects.toThrow(
      /v2-法制审核意见书\.pdf \(document doc-opinion2 .*\): the station's copy at .* altered or damaged since/,
    );
    expect(readdirSync(dir)).toEqual(['altered.pdf']);
  });
});

describe('a case without documents', () => {
  it('exports and verifies exactly as before: version 1, no documents or legal-review sections', async () => {
    const plan = await planning.exportPlan('case-plain', 'officer-33010099');
    expect([plan.documents, plan.opinions, plan.reviewers]).toEqual([[], [], []]);
    const dest = await exportFolder(plan, 'plain');
    const m = readManifest(dest);
    expect(m.version).toBe(1);
    expect(Object.keys(m)).toEqual([
      'format',
      'version',
      'generatedAt',
      'generatedBy',
      'stationVersion',
      'case',
      'files',
      'documents',
      'audit',
    ]);
    expect(m.documents.map((d) => d.path)).toEqual([
      'case.json',
      'coverage-report.html',
      'audit.jsonl',
      'audit-checkpoint.json',
    ]);
    expect(existsSync(join(dest, 'documents'))).toBe(false);
    expect(existsSync(join(dest, 'legal-review'))).toBe(false);
    const r = await verify(dest);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, caseDocuments: { listed: 0, ok: 0 }, opinions: [] });
    expect(formatExportReport(r)).not.toContain('卷内文书');
  });
});
