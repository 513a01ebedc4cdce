/**
 * The case-export verifier on version 2 packages: the case file's documents (every version) and
 * the signed legal-review opinions with the reviewers' keys. Packages are built here by hand, as the
 * format describes them (so the verifier is checked against the format, not against the station's
 * writer, which gateway/src/cases/export-documents.test.ts covers), with real SM2 keys and
 * signatures and a real Ed25519 station key. An intact package verifies; a changed, missing or
 * added document, a changed opinion, a record re-signed with another key and an edited
 * reviewers.json each fail with a message naming the file.
 */
import { createHash, type KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, auditCheckpointCase, auditEntryHash, signAuditCheckpoint } from './audit-entry.js';
import {
  EXPORT_REVIEWERS_FILE,
  exportOpinionPath,
  reviewersFileText,
  sm2KeyFingerprint,
  type ExportManifestCaseDocument,
  type LegalReviewerKey,
} from './export-documents.js';
import { formatExportReport, verifyExport, type ExportManifest, type ExportReport } from './export-verify.js';
import { createDeviceKeys, type DeviceKeys } from './keys.js';
import { createSignerKey, signDocument, type SignerKey } from './sm2-signature.js';
import { signManifest } from './station-signature.js';

const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `liuhen-ev-docs-${name}-`));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const CASE = { id: 'case-12', number: '杭市监罚〔2026〕12号' };
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const DRAFT_KEY = '6f1c2a90-0b7e-4c55-9d1e-3f2a8b7c0001';
const OPINION_KEY = '6f1c2a90-0b7e-4c55-9d1e-3f2a8b7c0002';
const RECORD_KEY = '6f1c2a90-0b7e-4c55-9d1e-3f2a8b7c0003';
const DRAFT_V1 = `documents/${DRAFT_KEY}/v1-决定书代拟稿.docx`;
const DRAFT_V2 = `documents/${DRAFT_KEY}/v2-决定书代拟稿.docx`;
const OPINION_1 = `documents/${OPINION_KEY}/v1-法制审核意见书.pdf`;
const OPINION_2 = `documents/${OPINION_KEY}/v2-法制审核意见书.pdf`;
const RECORD = `documents/${RECORD_KEY}/v1-现场检查笔录.pdf`;

interface Reviewer {
  username: string;
  name: string;
  key: SignerKey;
}

let station: DeviceKeys;
let trusted: { key: KeyObject; fingerprint: string }[];
let li: Reviewer;
let wang: Reviewer;
/** Someone who has an SM2 key but is nobody's registered reviewer. */
let forger: SignerKey;
let base: string;

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`, 'utf8');

function opinionRecord(r: Reviewer | { username: string; name: string; key: SignerKey }, bytes: Buffer, at: string) {
  return signDocument({
    bytes,
    signer: { id: r.username, name: r.name, role: '法制审核人员' },
    signedAt: new Date(at),
    privateKeyPem: r.key.privateKeyPem,
  });
}

const reviewerKey = (r: Reviewer): LegalReviewerKey => ({
  username: r.username,
  name: r.name,
  fingerprint: r.key.fingerprint,
  publicKeyPem: r.key.publicKeyPem,
});

/** The station's audit excerpt (one entry) and its signed checkpoint. */
function auditFiles(): { audit: string; checkpoint: string } {
  const entry = {
    seq: 1,
    ts: '2026-03-02T01:00:00.000Z',
    actor: 'officer-33010099',
    action: 'export',
    subjectType: 'case',
    subjectId: CASE.id,
    caseId: CASE.id,
    detail: {},
  };
  const chained = { ...entry, prevHash: AUDIT_GENESIS_HASH, hash: auditEntryHash(AUDIT_GENESIS_HASH, entry) };
  const cp = signAuditCheckpoint(
    {
      format: 'liuhen-audit-checkpoint',
      version: 1,
      seq: 1,
      headHash: chained.hash,
      ts: '2026-03-02T01:00:01.000Z',
      reason: 'export',
      keyId: station.fingerprint,
      case: auditCheckpointCase(CASE.id, [chained]),
    },
    station.privateKey,
  );
  return { audit: JSON.stringify(chained) + '\n', checkpoint: JSON.stringify(cp, null, 2) + '\n' };
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;

/** Writes manifest.json and, when `sign`, its station signature (a forger can only do the former). */
function writeManifest(dir: string, m: ExportManifest, sign = true): void {
  const bytes = Buffer.from(JSON.stringify(m, null, 2) + '\n');
  writeFileSync(join(dir, 'manifest.json'), bytes);
  if (sign) writeFileSync(join(dir, 'manifest.sig'), JSON.stringify(signManifest(bytes, station), null, 2) + '\n');
}

/** A version 2 package: five document versions, two signed opinions (rounds 1 and 2, two reviewers). */
function buildPackage(dir: string): void {
  const put = (path: string, data: Buffer | string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), data);
    return { path, sha256: sha(data), bytes: Buffer.byteLength(data) };
  };
  const doc = (
    path: string,
    data: Buffer,
    meta: Pick<ExportManifestCaseDocument, 'documentKey' | 'version' | 'kind' | 'title' | 'fileName' | 'mediaType'> &
      Partial<ExportManifestCaseDocument>,
  ): ExportManifestCaseDocument => ({
    ...put(path, data),
    id: `doc-${meta.documentKey.slice(-4)}-v${meta.version}`,
    source: 'upload',
    stepId: null,
    uploadedAt: '2026-03-01T02:00:00.000Z',
    uploadedBy: 'officer-33010099',
    ...meta,
  });
  const opinion1 = pdf('round 1: 建议修改后提交');
  const opinion2 = pdf('round 2: 同意');
  const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
  const draft = {
    documentKey: DRAFT_KEY,
    kind: 'draft-decision',
    title: '决定书代拟稿',
    fileName: '决定书代拟稿.docx',
  };
  const opinion = {
    documentKey: OPINION_KEY,
    kind: 'review-opinion',
    title: '法制审核意见书',
    fileName: '法制审核意见书.pdf',
    mediaType: 'application/pdf',
    source: 'generated' as const,
  };
  const caseDocuments = [
    doc(RECORD, pdf('现场检查笔录'), {
      documentKey: RECORD_KEY,
      version: 1,
      kind: 'record',
      title: '现场检查笔录',
      fileName: '现场检查笔录.pdf',
      mediaType: 'application/pdf',
      source: 'scan',
      stepId: 'step-1',
    }),
    doc(DRAFT_V1, Buffer.from('draft, first version'), { ...draft, version: 1, mediaType: docx }),
    doc(OPINION_1, opinion1, { ...opinion, version: 1, uploadedBy: 'fz-li' }),
    doc(DRAFT_V2, Buffer.from('draft, second version'), { ...draft, version: 2, mediaType: docx }),
    doc(OPINION_2, opinion2, { ...opinion, version: 2, uploadedBy: 'fz-wang' }),
  ];
  const { audit, checkpoint } = auditFiles();
  const sig1 = JSON.stringify(opinionRecord(li, opinion1, '2026-03-01T03:00:00.000Z'));
  const sig2 = JSON.stringify(opinionRecord(wang, opinion2, '2026-03-02T03:00:00.000Z'));
  const documents = [
    put('case.json', JSON.stringify({ case: { ...CASE, kind: 'penalty' }, steps: [] })),
    put('audit.jsonl', audit),
    put('audit-checkpoint.json', checkpoint),
    put(EXPORT_REVIEWERS_FILE, reviewersFileText([reviewerKey(wang), reviewerKey(li)])),
    put(exportOpinionPath(1), sig1),
    put(exportOpinionPath(2), sig2),
  ];
  const manifest: ExportManifest = {
    format: 'liuhen-case-export',
    version: 2,
    generatedAt: '2026-03-02T01:00:01.000Z',
    generatedBy: 'officer-33010099',
    stationVersion: '0.1.0',
    case: CASE,
    files: [],
    caseDocuments,
    documents,
    legalReview: {
      reviewers: EXPORT_REVIEWERS_FILE,
      opinions: [
        { round: 1, reviewer: 'fz-li', document: OPINION_1, signature: exportOpinionPath(1) },
        { round: 2, reviewer: 'fz-wang', document: OPINION_2, signature: exportOpinionPath(2) },
      ],
    },
    audit: { path: 'audit.jsonl', entries: 1, firstSeq: 1, lastSeq: 1, checkpoint: 'audit-checkpoint.json' },
  };
  writeManifest(dir, manifest);
}

beforeAll(async () => {
  station = await createDeviceKeys(join(tempDir('station'), 'keys'));
  trusted = [{ key: station.publicKey, fingerprint: station.fingerprint }];
  li = { username: 'fz-li', name: '李法审', key: createSignerKey() };
  wang = { username: 'fz-wang', name: '王法审', key: createSignerKey() };
  forger = createSignerKey();
  base = join(tempDir('base'), 'package');
  buildPackage(base);
});

const copy = (name: string) => {
  const dir = join(tempDir(name), 'package');
  cpSync(base, dir, { recursive: true });
  return dir;
};
const errorText = (r: ExportReport) =>
  r.problems
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.path}: ${p.message}`)
    .join('\n');
const verify = (dir: string) => verifyExport(dir, { stationKeys: trusted });

/** The file rewritten, and its size and SHA-256 put in the manifest (the station's signature then fails). */
function rewriteListed(dir: string, path: string, data: Buffer | string): void {
  writeFileSync(join(dir, path), data);
  const m = readManifest(dir);
  const rec = [...(m.caseDocuments ?? []), ...m.documents].find((d) => d.path === path)!;
  Object.assign(rec, { sha256: sha(data), bytes: Buffer.byteLength(data) });
  writeManifest(dir, m, false);
}

describe('a package with case documents and signed opinions', () => {
  it('verifies: every document version, both opinions against their reviewers’ keys', async () => {
    const r = await verify(base);
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({ ok: true, files: 0, caseDocuments: { listed: 5, ok: 5 } });
    expect(r.opinions).toEqual([
      {
        round: 1,
        reviewer: 'fz-li',
        document: OPINION_1,
        signerName: '李法审',
        fingerprint: li.key.fingerprint,
        signedAt: '2026-03-01T03:00:00.000Z',
        verified: true,
      },
      expect.objectContaining({ round: 2, reviewer: 'fz-wang', fingerprint: wang.key.fingerprint, verified: true }),
    ]);
    const text = formatExportReport(r);
    expect(text).toContain('documents 卷内文书 5 files 个文件 (every version 含历次版本): 5 ok 校验通过');
    expect(text).toContain('opinions 审核意见 2 signed 已签名, 2 verified 签名有效');
    expect(text).toMatch(
      /round 1 第1轮: documents\/.*v1-法制审核意见书\.pdf signed by 签署人 李法审 \(fz-li\).*verified/,
    );
    expect(text).toContain('VERIFIED 校验通过');
  });

  it('reviewers.json is the station’s: fingerprints match their keys, sorted, no private keys', () => {
    const file = JSON.parse(readFileSync(join(base, EXPORT_REVIEWERS_FILE), 'utf8')) as {
      reviewers: LegalReviewerKey[];
    };
    expect(file.reviewers.map((x) => x.username)).toEqual(['fz-li', 'fz-wang']);
    for (const x of file.reviewers) expect(sm2KeyFingerprint(x.publicKeyPem)).toBe(x.fingerprint);
    expect(readFileSync(join(base, EXPORT_REVIEWERS_FILE), 'utf8')).not.toContain('PRIVATE KEY');
  });
});

describe('tampering with documents and opinions is caught and named', () => {
  it('a document changed: TAMPERED naming it', async () => {
    const dir = copy('changed');
    writeFileSync(join(dir, DRAFT_V1), 'draft, first version, edited');
    const r = await verify(dir);
    expect(r.ok).toBe(false);
    expect(r.caseDocuments).toEqual({ listed: 5, ok: 4 });
    expect(errorText(r)).toMatch(new RegExp(`^${DRAFT_V1}: TAMPERED 篡改: \\d+ bytes, the manifest says`, 'm'));
    expect(formatExportReport(r)).toContain(
      '5 files 个文件 (every version 含历次版本): 4 ok 校验通过, 1 failed 未通过',
    );
  });

  it('a document removed: MISSING FILE naming it', async () => {
    const dir = copy('missing');
    unlinkSync(join(dir, DRAFT_V2));
    const r = await verify(dir);
    expect(errorText(r)).toBe(
      `${DRAFT_V2}: MISSING FILE 文件缺失: listed in manifest.json but not in the package (removed, or an incomplete copy)`,
    );
  });

  it('a document added under documents/: ADDED naming it', async () => {
    const dir = copy('added');
    writeFileSync(join(dir, 'documents', DRAFT_KEY, 'v3-决定书代拟稿.docx'), 'slipped in later');
    const r = await verify(dir);
    expect(errorText(r)).toBe(
      `documents/${DRAFT_KEY}/v3-决定书代拟稿.docx: ADDED 多余文件: not listed in manifest.json: it was added after the export`,
    );
  });

  it('a signed opinion PDF changed: its hash, and its signature, fail', async () => {
    const dir = copy('opinion');
    writeFileSync(join(dir, OPINION_2), pdf('round 2: 否决')); // same size: only the hash tells
    const r = await verify(dir);
    expect(r.opinions.map((o) => o.verified)).toEqual([true, false]);
    expect(errorText(r)).toMatch(
      new RegExp(`^${OPINION_2}: TAMPERED 篡改: SHA-256 .* does not match the manifest`, 'm'),
    );
    expect(errorText(r)).toMatch(
      new RegExp(
        `^${OPINION_2}: TAMPERED 篡改: round 2 opinion 第2轮审核意见 .*SHA-256 of the document is .*the document changed after signing`,
        'm',
      ),
    );
    expect(formatExportReport(r)).toContain('2 signed 已签名, 1 verified 签名有效');
    expect(formatExportReport(r)).toMatch(/round 2 第2轮: .* NOT verified 未通过/);

    // With the manifest rewritten to match, the station's signature fails, and the opinion still does.
    rewriteListed(dir, OPINION_2, readFileSync(join(dir, OPINION_2)));
    const again = errorText(await verify(dir));
    expect(again).toMatch(/^manifest\.json: BAD SIGNATURE 签名无效/m);
    expect(again).toMatch(new RegExp(`^${OPINION_2}: TAMPERED 篡改: round 2 opinion`, 'm'));
  });

  it('an opinion re-signed with another key: UNKNOWN KEY naming both fingerprints', async () => {
    const dir = copy('resigned');
    const forged = opinionRecord(
      { ...li, key: forger },
      readFileSync(join(dir, OPINION_1)),
      '2026-03-01T03:00:00.000Z',
    );
    writeFileSync(join(dir, exportOpinionPath(1)), JSON.stringify(forged));
    const r = await verify(dir);
    expect(r.opinions.map((o) => o.verified)).toEqual([false, true]);
    expect(errorText(r)).toMatch(/^legal-review\/round-1\.sig\.json: TAMPERED 篡改: SHA-256/m);
    expect(errorText(r)).toContain(
      `legal-review/round-1.sig.json: UNKNOWN KEY 密钥不符: round 1 opinion 第1轮审核意见 (${OPINION_1}): signed with key ` +
        `${forger.fingerprint}, not reviewer fz-li's registered key ${li.key.fingerprint}`,
    );
    // The manifest rewritten to match changes nothing but adding a failed station signature.
    rewriteListed(dir, exportOpinionPath(1), JSON.stringify(forged));
    const again = errorText(await verify(dir));
    expect(again).toMatch(/^manifest\.json: BAD SIGNATURE/m);
    expect(again).toMatch(/round-1\.sig\.json: UNKNOWN KEY 密钥不符: round 1/);
  });

  it('an edited signature record (signer changed): BAD SIGNATURE', async () => {
    const dir = copy('edited');
    const p = join(dir, exportOpinionPath(1));
    const rec = JSON.parse(readFileSync(p, 'utf8')) as { signer: { name: string } };
    rec.signer.name = '赵某';
    writeFileSync(p, JSON.stringify(rec));
    expect(errorText(await verify(dir))).toMatch(
      /round-1\.sig\.json: BAD SIGNATURE 签名无效: round 1 .*the SM2 signature does not match the signed fields/,
    );
  });

  it('reviewers.json edited to the forger’s key: caught by its hash, or by the station’s signature', async () => {
    const dir = copy('reviewers');
    // The forger re-signs the opinion and puts their key in the list under the reviewer's name.
    const forged = opinionRecord(
      { ...li, key: forger },
      readFileSync(join(dir, OPINION_1)),
      '2026-03-01T03:00:00.000Z',
    );
    writeFileSync(join(dir, exportOpinionPath(1)), JSON.stringify(forged));
    const keys = [
      { ...reviewerKey(li), fingerprint: forger.fingerprint, publicKeyPem: forger.publicKeyPem },
      reviewerKey(wang),
    ];
    writeFileSync(join(dir, EXPORT_REVIEWERS_FILE), reviewersFileText(keys));
    const r = await verify(dir);
    expect(r.opinions.every((o) => !o.verified)).toBe(true);
    expect(errorText(r)).toMatch(/^legal-review\/reviewers\.json: TAMPERED 篡改: /m);
    expect(errorText(r)).toMatch(
      /round-1\.sig\.json: UNKNOWN KEY 密钥不符: round 1 .*not verified: legal-review\/reviewers\.json, which names the reviewers' keys, is not the file the station listed/,
    );

    // With the manifest's hashes updated too, the station's signature no longer covers the manifest.
    const m = readManifest(dir);
    for (const path of [EXPORT_REVIEWERS_FILE, exportOpinionPath(1)]) {
      const data = readFileSync(join(dir, path));
      Object.assign(
        m.documents.find((d) => d.path === path)!,
        { sha256: sha(data), bytes: data.length },
      );
    }
    writeManifest(dir, m, false);
    const again = await verify(dir);
    expect(again.opinions.every((o) => !o.verified)).toBe(true);
    expect(errorText(again)).toMatch(/^manifest\.json: BAD SIGNATURE 签名无效: manifest\.json does not verify/m);
    expect(errorText(again)).toMatch(
      /^legal-review\/reviewers\.json: UNKNOWN KEY 密钥不符: the reviewer keys here are not vouched for by the station/m,
    );
  });

  it('an opinion naming a reviewer without a key, or a file that is no case document', async () => {
    const dir = copy('names');
    const m = readManifest(dir);
    m.legalReview!.opinions[0]!.reviewer = 'fz-zhao';
    m.legalReview!.opinions[1]!.document = 'documents/elsewhere/v1-x.pdf';
    writeManifest(dir, m);
    const text = errorText(await verify(dir));
    expect(text).toMatch(
      /round-1\.sig\.json: UNKNOWN KEY 密钥不符: round 1 .*reviewer fz-zhao has no key in the reviewers' list/,
    );
    expect(text).toMatch(/round-2\.sig\.json: round 2 .*signs a file that is not among the case documents/);
  });
});

describe('manifest versions', () => {
  it('version 1 with documents, or version 2 without caseDocuments, is malformed; version 3 is refused', async () => {
    const dir = copy('versions');
    const m = readManifest(dir);
    writeManifest(dir, { ...m, version: 1 });
    expect(errorText(await verify(dir))).toMatch(
      /manifest\.json: MALFORMED .*caseDocuments and legalReview need manifest version 2/,
    );
    const { caseDocuments: _drop, ...without } = m;
    writeManifest(dir, without);
    expect(errorText(await verify(dir))).toMatch(/MALFORMED .*caseDocuments: must be a list \(version 2\)/);
    writeManifest(dir, { ...m, version: 3 as 2 });
    expect(errorText(await verify(dir))).toMatch(/version 3 is not supported .*versions 1–2: update liuhen-verify/);
  });

  it('a case document outside documents/ is malformed', async () => {
    const dir = copy('outside');
    const m = readManifest(dir);
    m.caseDocuments![0]!.path = 'case-extra.pdf';
    writeManifest(dir, m);
    expect(errorText(await verify(dir))).toMatch(/caseDocuments\[0\]\.path: must be a path under documents\//);
  });
});
