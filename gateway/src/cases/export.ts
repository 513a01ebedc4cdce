/**
 * Writes a case-file export (案卷导出) as a folder or a ZIP: the footage with its recorder chains,
 * every version of every case document (documents/), the signed legal-review opinions with the keys
 * of the reviewers who signed them (legal-review/), the device keys, case.json, the printable
 * coverage report, the audit excerpt with the station's signed checkpoint covering it and, last, a
 * manifest of every file's SHA-256 and the station's signature of it (manifest.sig). The format is
 * described in @liuhen/evidence (export-verify.ts, export-documents.ts, station-signature.ts), whose
 * verifier (liuhen-verify --station-pubkey) checks a package offline. A case without documents gets
 * a version 1 manifest, as before documents existed, so older verifiers still check it.
 *
 * Each footage file and document is hashed while it is copied (one read) and compared with the
 * SHA-256 the station recorded when it stored the file: a station copy altered since then stops the
 * export. So does a signed opinion that does not verify with its reviewer's registered key.
 * Everything is written to `<dest>.partial` and renamed at the end, so no half export ever looks
 * complete; on failure or abort the partial is removed.
 */
import { caseFileIndex, caseFileIndexCsv } from '../documents/case-file-index.js';
import { createHash, createPublicKey } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { ZipFile } from 'yazl';
import {
  CHAIN_SUFFIX,
  EXPORT_AUDIT_FILE,
  EXPORT_CASE_FILE,
  EXPORT_CHECKPOINT_FILE,
  EXPORT_DOCUMENTS_DIR,
  EXPORT_FOOTAGE_DIR,
  EXPORT_FORMAT,
  EXPORT_MANIFEST,
  EXPORT_REPORT_FILE,
  EXPORT_REVIEWERS_FILE,
  EXPORT_VERSION,
  MANIFEST_SIGNATURE_FILE,
  MAX_OPINION_BYTES,
  checkOpinionSignature,
  exportKeyPath,
  exportOpinionPath,
  packagePathError,
  parseChainText,
  reviewersFileText,
  signManifest,
  sm2KeyFingerprint,
  type AuditCheckpoint,
  type ChainedAuditEntry,
  type ExportManifest,
  type ExportManifestCaseDocument,
  type ExportManifestDocument,
  type ExportManifestFile,
  type ExportManifestLegalReview,
  type LegalReviewerKey,
  type SigningKey,
} from '@liuhen/evidence';
import type { ExportDocument, ExportFile, ExportOpinion, ExportPlan, ExportReviewer } from './export-plan.js';
import { renderCoverageReport } from './report-html.js';

export interface ExportProgress {
  /** Footage, chain and case-document bytes copied so far (the station's own small files do not count). */
  bytesDone: number;
  bytesTotal: number;
  /** Package path of the file being copied. */
  file?: string;
}

/** What the station signs an export with (audit/checkpoints.ts makes one from the station key). */
export interface StationSigning {
  keys: SigningKey;
  /** The station's signed checkpoint of the trail stating this excerpt (stored by the station). */
  checkpointFor(caseId: string, excerpt: readonly ChainedAuditEntry[]): Promise<AuditCheckpoint>;
}

export interface WriteCaseExportOptions {
  /** The folder, or the .zip file, to create; must not exist yet. */
  dest: string;
  format: 'folder' | 'zip';
  /** Signs the manifest and provides the audit checkpoint: every export is signed. */
  station: StationSigning;
  /** Called at least every 8 MB and after each file. */
  onProgress?: (p: ExportProgress) => void;
  signal?: AbortSignal;
}

export interface CaseExportResult {
  path: string;
  /** Size of the package: the ZIP file, or all files of the folder. */
  bytes: number;
  /** Footage files in the package. */
  files: number;
  /** Case documents (every version) in the package. */
  documents: number;
  /** Signed legal-review opinions in the package. */
  opinions: number;
}

/** Read and write in 4 MB chunks (1, 4 and 8 MB measured within noise of each other; 64 KB is slower). */
const CHUNK = 4 << 20;
const PROGRESS_EVERY = 8 << 20;
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HEX64 = /^[0-9a-f]{64}$/;

// ---- layout: where each file goes, checked before anything is written ----

/** A station file copied into the package, checked against the SHA-256 and size the station recorded. */
interface CopySource {
  absPath: string;
  sha256: string;
  bytes: number;
  /** Names it in errors: where the plan puts it, and what it is. */
  label: string;
  what: string;
}

interface FileLayout {
  file: ExportFile;
  source: CopySource;
  path: string;
  chain: { path: string; text: Buffer; entries: number } | null;
}

interface DocumentLayout {
  doc: ExportDocument;
  source: CopySource;
  path: string;
}

interface OpinionLayout {
  opinion: ExportOpinion;
  reviewer: string;
  /** Package path of the document it signs. */
  document: string;
  /** Package path of the signature record. */
  path: string;
  /** The record exactly as the station stored it. */
  data: Buffer;
}

interface Layout {
  files: FileLayout[];
  documents: DocumentLayout[];
  /** Signed opinions and reviewers.json; null when no opinion was signed. */
  legal: { opinions: OpinionLayout[]; reviewers: Buffer } | null;
}

const footageSource = (f: ExportFile): CopySource => ({
  absPath: f.absPath,
  sha256: f.sha256,
  bytes: f.bytes,
  label: f.archivePath,
  what: `recording ${f.recordingId}`,
});

function packagePath(archivePath: string): string {
  const p = archivePath.startsWith(`${EXPORT_FOOTAGE_DIR}/`) ? archivePath : `${EXPORT_FOOTAGE_DIR}/${archivePath}`;
  const err = packagePathError(p);
  if (err) throw new Error(`archivePath of a file: ${err}`);
  return p;
}

function checkFileRecord(f: ExportFile): void {
  if (!HEX64.test(f.sha256))
    throw new Error(
      `${f.archivePath}: the station has no valid SHA-256 for this file (${f.sha256}); re-index it first`,
    );
  if (!Number.isSafeInteger(f.bytes) || f.bytes < 0) throw new Error(`${f.archivePath}: invalid size ${f.bytes}`);
}

/** Reads a chain (small: one line per fragment) and checks it was signed for the file's name. */
async function loadChain(f: ExportFile, path: string): Promise<FileLayout['chain']> {
  if (!f.chainAbsPath) return null;
  let text: Buffer;
  try {
    text = await readFile(f.chainAbsPath);
  } catch (e) {
    throw new Error(`${f.archivePath}: cannot read its chain at ${f.chainAbsPath} (${(e as Error).message})`);
  }
  const parsed = parseChainText(text.toString('utf8'));
  const name = path.slice(path.lastIndexOf('/') + 1);
  const signedFor = parsed.entries[0]?.segment;
  if (signedFor !== undefined && signedFor !== name)
    throw new Error(
      `${f.archivePath}: its chain was signed for segment "${signedFor}": name the file "${signedFor}" in ` +
        'archivePath, or the export will not verify',
    );
  // Counted as the verifier counts them: every non-empty line.
  const entries = text
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '').length;
  return { path: `${path}${CHAIN_SUFFIX}`, text, entries };
}

async function planFiles(plan: ExportPlan): Promise<FileLayout[]> {
  const seen = new Set<string>();
  const out: FileLayout[] = [];
  for (const f of plan.files) {
    checkFileRecord(f);
    const path = packagePath(f.archivePath);
    const chain = await loadChain(f, path);
    for (const p of [path, ...(chain ? [chain.path] : [])]) {
      if (seen.has(p)) throw new Error(`two files would be written to ${p}: archive paths must be unique`);
      seen.add(p);
    }
    if (chain && !plan.devicePublicKeys[f.deviceId])
      throw new Error(
        `${f.archivePath}: no public key for device ${f.deviceId}, so its chain could not be verified; ` +
          'enroll the device key at the station first',
      );
    out.push({ file: f, source: footageSource(f), path, chain });
  }
  return out;
}

// Windows refuses these in names, control characters confuse every tool, and "/" would make a folder.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
const UNSAFE_CHAR = /[\u0000-\u001f\u007f<>:"/\\|?*]/g;
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** ext4 allows 255 bytes a name; room is left for tools that add a suffix when they copy. */
const MAX_NAME_BYTES = 180;

/** The longest prefix of `s` (whole code points) within `max` UTF-8 bytes. */
function truncateUtf8(s: string, max: number): string {
  let out = '';
  let n = 0;
  for (const c of s) {
    n += Buffer.byteLength(c);
    if (n > max) break;
    out += c;
  }
  return out;
}

/** The folder of a document's versions: its key, or (any other key) a safe form plus a hash of it, so two keys never share one. */
function documentFolder(documentKey: string): string {
  if (SAFE_KEY.test(documentKey)) return documentKey;
  const safe = truncateUtf8(documentKey.replace(UNSAFE_CHAR, '_').replace(/\s+/g, '_'), 60);
  return `${safe || 'document'}-${sha256(Buffer.from(documentKey)).slice(0, 12)}`;
}

/** v<version>-<file name>: safe on any file system the package may be copied to, extension kept. */
function documentName(version: number, fileName: string): string {
  const prefix = `v${version}-`;
  // Trailing dots and spaces vanish on Windows: dropped before anything else is replaced.
  const name =
    fileName
      .replace(/[.\s]+$/, '')
      .replace(UNSAFE_CHAR, '_')
      .replace(/\s+/g, '_') || 'document';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  const stem = ext ? name.slice(0, dot) : name;
  const room = MAX_NAME_BYTES - Buffer.byteLength(prefix + ext);
  return prefix + truncateUtf8(stem, room) + ext;
}

/** documents/<documentKey>/v<version>-<file name>: the versions of one document side by side. */
export function caseDocumentPath(d: Pick<ExportDocument, 'documentKey' | 'version' | 'fileName'>): string {
  return `${EXPORT_DOCUMENTS_DIR}/${documentFolder(d.documentKey)}/${documentName(d.version, d.fileName)}`;
}

function planDocuments(plan: ExportPlan): DocumentLayout[] {
  const seen = new Map<string, ExportDocument>();
  return plan.documents.map((doc) => {
    const what = `document ${doc.id} (${JSON.stringify(doc.title)} version ${doc.version})`;
    if (!HEX64.test(doc.sha256))
      throw new Error(`${what}: the station has no valid SHA-256 for it (${doc.sha256}); upload it again`);
    if (!Number.isSafeInteger(doc.bytes) || doc.bytes < 0) throw new Error(`${what}: invalid size ${doc.bytes}`);
    if (!Number.isSafeInteger(doc.version) || doc.version < 1) throw new Error(`${what}: invalid version`);
    const path = caseDocumentPath(doc);
    const err = packagePathError(path);
    if (err) throw new Error(`${what}: ${err}`);
    const other = seen.get(path);
    if (other)
      throw new Error(`${what} and document ${other.id} would both be written to ${path}: two rows for one version?`);
    seen.set(path, doc);
    return { doc, path, source: { absPath: doc.absPath, sha256: doc.sha256, bytes: doc.bytes, label: path, what } };
  });
}

function reviewerKey(r: ExportReviewer): LegalReviewerKey {
  try {
    return {
      username: r.username,
      name: r.name,
      publicKeyPem: r.publicKeyPem,
      fingerprint: sm2KeyFingerprint(r.publicKeyPem),
    };
  } catch (e) {
    throw new Error(`reviewer ${r.username}: the registered key is not a public key (${(e as Error).message})`);
  }
}

/** A document's bytes, read whole (an opinion: a PDF of a few pages), checked against what the station stored. */
async function readStored(src: CopySource): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(src.absPath);
  } catch (e) {
    throw new Error(`${src.label}: cannot read the station's file ${src.absPath} (${(e as Error).message})`);
  }
  const got = { sha256: sha256(data), bytes: data.length };
  if (got.sha256 !== src.sha256 || got.bytes !== src.bytes) throw new AlteredFileError(src, got);
  return data;
}

/**
 * Each signed opinion is checked here, before anything is written, as the verifier will check it:
 * the stored record over the stored document's bytes, made with the key registered for the
 * reviewer who signed. A package whose opinion would fail is not made.
 */
async function planOpinion(
  o: ExportOpinion,
  documents: DocumentLayout[],
  keys: Map<string, LegalReviewerKey>,
): Promise<OpinionLayout & { key: LegalReviewerKey }> {
  const what = `legal review round ${o.round} (${o.reviewId})`;
  const damaged = 'repair the legal review record before exporting this case';
  if (!o.reviewer) throw new Error(`${what}: signed, but no reviewer is recorded: ${damaged}`);
  const doc = documents.find((d) => d.doc.id === o.documentId);
  if (!doc)
    throw new Error(
      `${what}: the signed opinion (document ${o.documentId ?? 'none'}) is not among the case's documents, so ` +
        `its signature cannot be checked: ${damaged}`,
    );
  const key = keys.get(o.reviewer);
  if (!key)
    throw new Error(
      `${what}: signed by ${o.reviewer}, who is not in the reviewer registry, so the signature cannot be checked ` +
        'against a registered key: register the reviewer again with the key that signed, or repair the record',
    );
  if (doc.doc.bytes > MAX_OPINION_BYTES)
    throw new Error(
      `${what}: the signed opinion ${doc.path} has ${doc.doc.bytes} bytes, more than the ${MAX_OPINION_BYTES} a ` +
        `verifier reads whole: ${damaged}`,
    );
  let record: unknown;
  try {
    record = JSON.parse(o.signature);
  } catch (e) {
    throw new Error(`${what}: the stored signature is not valid JSON (${(e as Error).message}): ${damaged}`);
  }
  const check = checkOpinionSignature(record, await readStored(doc.source), key);
  if (!check.ok)
    throw new Error(
      `${what}: the signature of ${doc.path} does not verify with ${o.reviewer}'s registered key ` +
        `(${check.label}: ${check.reason}). The export was stopped: the opinion or its signature was altered ` +
        "since signing, or the reviewer's key was replaced; check the legal review and the audit trail.",
    );
  const data = Buffer.from(o.signature); // byte for byte: it is evidence, not a rendering of it
  return { opinion: o, reviewer: o.reviewer, document: doc.path, path: exportOpinionPath(o.round), data, key };
}

async function planLegal(plan: ExportPlan, documents: DocumentLayout[]): Promise<Layout['legal']> {
  if (plan.opinions.length === 0) return null;
  const keys = new Map(plan.reviewers.map((r) => [r.username, reviewerKey(r)]));
  const opinions: OpinionLayout[] = [];
  const signers = new Map<string, LegalReviewerKey>();
  for (const o of plan.opinions) {
    const { key, ...layout } = await planOpinion(o, documents, keys);
    if (opinions.some((x) => x.path === layout.path))
      throw new Error(`legal review round ${o.round} is signed twice: one signature per round`);
    opinions.push(layout);
    signers.set(key.username, key);
  }
  return { opinions, reviewers: Buffer.from(reviewersFileText([...signers.values()])) };
}

async function planLayout(plan: ExportPlan): Promise<Layout> {
  const files = await planFiles(plan);
  const documents = planDocuments(plan);
  return { files, documents, legal: await planLegal(plan, documents) };
}

function keyDocuments(plan: ExportPlan): { path: string; data: Buffer }[] {
  return Object.keys(plan.devicePublicKeys)
    .sort()
    .map((deviceId) => {
      const pem = plan.devicePublicKeys[deviceId]!;
      if (!DEVICE_ID.test(deviceId)) throw new Error(`device id ${JSON.stringify(deviceId)} cannot name a key file`);
      const key = createPublicKey(pem);
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key of device ${deviceId} is not Ed25519`);
      return { path: exportKeyPath(deviceId), data: Buffer.from(pem.endsWith('\n') ? pem : `${pem}\n`) };
    });
}

/** case.json: the plan as the reviewer needs it, without the station's own file paths. */
function caseDocument(plan: ExportPlan, layout: FileLayout[]): Buffer {
  const files = layout.map(({ file, path, chain }) => {
    const { absPath: _a, chainAbsPath: _c, ...rest } = file;
    return { ...rest, path, chainPath: chain?.path ?? null };
  });
  const doc = {
    case: plan.case,
    steps: plan.steps,
    files,
    generatedAt: plan.generatedAt,
    generatedBy: plan.generatedBy,
    stationVersion: plan.stationVersion,
  };
  return Buffer.from(JSON.stringify(doc, null, 2) + '\n');
}

function auditDocument(plan: ExportPlan): Buffer {
  return Buffer.from(plan.audit.map((e) => JSON.stringify(e) + '\n').join(''));
}

// ---- progress ----

interface Progress {
  add(n: number, file: string): void;
  /** Reports now (end of a file, or the end). */
  flush(file?: string): void;
}

function makeProgress(bytesTotal: number, onProgress?: (p: ExportProgress) => void): Progress {
  let bytesDone = 0;
  let reported = 0;
  const emit = (file?: string) => {
    reported = bytesDone;
    onProgress?.({ bytesDone, bytesTotal, ...(file ? { file } : {}) });
  };
  return {
    add(n, file) {
      bytesDone += n;
      if (bytesDone - reported >= PROGRESS_EVERY) emit(file);
    },
    flush: emit,
  };
}

// ---- copying with verification ----

class AlteredFileError extends Error {
  constructor(f: CopySource, got: { sha256: string; bytes: number }) {
    super(
      `${f.label} (${f.what}): the station's copy at ${f.absPath} ` +
        (got.bytes !== f.bytes
          ? `has ${got.bytes} bytes, ${f.bytes} were stored`
          : `has SHA-256 ${got.sha256}, ${f.sha256} was recorded when it was stored`) +
        ': it was altered or damaged since. The export was stopped; check the storage and the audit trail ' +
        'before exporting this case again.',
    );
    this.name = 'AlteredFileError';
  }
}

/** Passes chunks through while hashing them; fails at the end when the file is not the one stored. */
function verifyingTap(f: CopySource, path: string, progress: Progress): Transform {
  const hash = createHash('sha256');
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      progress.add(chunk.length, path);
      cb(null, chunk);
    },
    flush(cb) {
      const sha256 = hash.digest('hex');
      cb(sha256 === f.sha256 && bytes === f.bytes ? null : new AlteredFileError(f, { sha256, bytes }));
    },
  });
}

function readSource(f: CopySource): Readable {
  return createReadStream(f.absPath, { highWaterMark: CHUNK });
}

/** Names the file in low-level errors (ENOENT, ENOSPC…) and says which side failed. */
function explain(f: CopySource, path: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof AlteredFileError || err.name === 'AbortError' || !err.code) return e;
  if (err.path === f.absPath)
    return new Error(`${f.label}: cannot read the station's file ${f.absPath} (${err.message})`, { cause: e });
  const full = err.code === 'ENOSPC' ? ': the export disk is full, free space or choose another one' : '';
  return new Error(`${path}: cannot write it into the export (${err.message})${full}`, { cause: e });
}

// ---- sinks: a folder or a ZIP ----

interface Sink {
  copyFile(f: CopySource, path: string, progress: Progress, signal?: AbortSignal): Promise<void>;
  addBuffer(data: Buffer, path: string, compressible: boolean): Promise<void>;
  /** Completes the package; returns its size in bytes. */
  finish(): Promise<number>;
  /** Stops writing (the caller removes the partial). */
  abort(): Promise<void>;
}

async function folderSink(root: string): Promise<Sink> {
  await mkdir(root, { recursive: true });
  let bytes = 0;
  const target = async (path: string) => {
    const abs = join(root, ...path.split('/'));
    await mkdir(dirname(abs), { recursive: true });
    return abs;
  };
  return {
    async copyFile(f, path, progress, signal) {
      const out = createWriteStream(await target(path), { highWaterMark: CHUNK });
      try {
        await pipeline(readSource(f), verifyingTap(f, path, progress), out, { signal });
      } catch (e) {
        throw explain(f, path, e);
      }
      bytes += f.bytes;
    },
    async addBuffer(data, path) {
      await writeFile(await target(path), data);
      bytes += data.length;
    },
    async finish() {
      return bytes;
    },
    async abort() {},
  };
}

type Crc = (data: Buffer, previous?: number) => number;
let crcSwapped = false;

/**
 * yazl checksums every byte with buffer-crc32, a table-driven JavaScript CRC-32 that runs at
 * ~290 MB/s and so caps a ZIP export at ~220 MB/s (measured; SHA-256 runs on the same thread).
 * zlib.crc32 (Node ≥ 20.15) gives the same values at ~4 GB/s: swap it into the copy of
 * buffer-crc32 that yazl itself loads, which triples ZIP throughput. Process-wide, but results
 * are identical (checked on a probe first); a yazl or buffer-crc32 of another shape keeps the
 * slow path rather than break.
 */
function speedUpYazlCrc(): void {
  if (crcSwapped) return;
  crcSwapped = true;
  try {
    const fromYazl = createRequire(createRequire(import.meta.url).resolve('yazl'));
    const mod = fromYazl('buffer-crc32') as { unsigned?: Crc };
    const probe = Buffer.from('123456789');
    if (typeof mod.unsigned !== 'function' || mod.unsigned(probe) !== crc32(probe)) return;
    mod.unsigned = (data, previous) => crc32(data, previous ?? 0);
  } catch {
    // keep yazl's own CRC
  }
}

async function zipSink(file: string, mtime: Date): Promise<Sink> {
  speedUpYazlCrc();
  await mkdir(dirname(file), { recursive: true });
  const zip = new ZipFile();
  const out: Writable = createWriteStream(file);
  const zipError = new Promise<never>((_, reject) => zip.on('error', reject));
  const written = pipeline(zip.outputStream, out);
  // Both are awaited in finish(); until then a failure must not be an unhandled rejection.
  zipError.catch(() => undefined);
  written.catch(() => undefined);
  return {
    async copyFile(f, path, progress, signal) {
      const tap = verifyingTap(f, path, progress);
      const copied = pipeline(readSource(f), tap, { signal });
      // Stored, not deflated: video does not compress. yazl switches to ZIP64 by itself past 4 GB.
      zip.addReadStreamLazy(path, { compress: false, size: f.bytes, mtime }, (cb) => cb(null, tap));
      try {
        // The tap's flush has checked the hash once its writable side finishes; one file at a time.
        await Promise.race([copied, zipError]);
      } catch (e) {
        throw explain(f, path, e);
      }
    },
    async addBuffer(data, path, compressible) {
      zip.addBuffer(data, path, { compress: compressible, mtime });
    },
    async finish() {
      zip.end();
      await Promise.race([written, zipError]);
      return (await stat(file)).size;
    },
    async abort() {
      out.destroy();
      await finished(out).catch(() => undefined);
    },
  };
}

// ---- the package ----

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );
}

/** Moves the finished package into place without ever replacing something already there. */
async function publish(partial: string, dest: string, format: 'folder' | 'zip'): Promise<void> {
  if (format === 'zip') {
    try {
      await link(partial, dest); // fails with EEXIST rather than overwrite
      await unlink(partial);
      return;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new Error(`${dest} appeared during the export: not replaced; remove it and retry`);
      // File systems without hard links (FAT/exFAT on USB drives): fall back to a rename.
    }
  }
  if (await exists(dest)) throw new Error(`${dest} appeared during the export: not replaced; remove it and retry`);
  await rename(partial, dest);
}

/** The case file index (卷内目录), beside case.json. */
export const EXPORT_CASE_FILE_INDEX = 'case-file-index.csv';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The case file index (卷内目录) in the agency's order, when the case has documents. */
function indexDocument(plan: ExportPlan, layout: Layout): { path: string; data: Buffer }[] {
  if (layout.documents.length === 0) return [];
  const order = plan.caseFileOrder?.length ? { [plan.case.kind]: plan.caseFileOrder } : {};
  const rows = caseFileIndex(
    layout.documents.map(({ doc, path }) => ({ ...doc, path })),
    plan.case.kind,
    order,
  );
  return [{ path: EXPORT_CASE_FILE_INDEX, data: Buffer.from(caseFileIndexCsv(rows)) }];
}

/** reviewers.json and each round's signature record, after the station's other files. */
function legalDocuments(layout: Layout): { path: string; data: Buffer }[] {
  if (!layout.legal) return [];
  return [
    { path: EXPORT_REVIEWERS_FILE, data: layout.legal.reviewers },
    ...layout.legal.opinions.map((o) => ({ path: o.path, data: o.data })),
  ];
}

async function writeDocuments(
  plan: ExportPlan,
  layout: Layout,
  sink: Sink,
  checkpoint: AuditCheckpoint,
): Promise<ExportManifestDocument[]> {
  const docs = [
    ...keyDocuments(plan),
    { path: EXPORT_CASE_FILE, data: caseDocument(plan, layout.files) },
    { path: EXPORT_REPORT_FILE, data: Buffer.from(renderCoverageReport(plan)) },
    { path: EXPORT_AUDIT_FILE, data: auditDocument(plan) },
    { path: EXPORT_CHECKPOINT_FILE, data: Buffer.from(JSON.stringify(checkpoint, null, 2) + '\n') },
    ...legalDocuments(layout),
    ...indexDocument(plan, layout),
  ];
  const out: ExportManifestDocument[] = [];
  for (const d of docs) {
    await sink.addBuffer(d.data, d.path, true);
    out.push({ path: d.path, sha256: sha256(d.data), bytes: d.data.length });
  }
  return out;
}

function manifestFile({ file: f, path, chain }: FileLayout): ExportManifestFile {
  return {
    path,
    sha256: f.sha256,
    bytes: f.bytes,
    recordingId: f.recordingId,
    deviceId: f.deviceId,
    source: f.source,
    startedAt: f.startedAt,
    endedAt: f.endedAt,
    stepIds: f.stepIds,
    ...(chain ? { chain: { path: chain.path, sha256: sha256(chain.text), entries: chain.entries } } : {}),
  };
}

function manifestCaseDocument({ doc: d, path }: DocumentLayout): ExportManifestCaseDocument {
  return {
    path,
    sha256: d.sha256,
    bytes: d.bytes,
    id: d.id,
    documentKey: d.documentKey,
    version: d.version,
    kind: d.kind,
    title: d.title,
    fileName: d.fileName,
    mediaType: d.mediaType,
    source: d.source,
    stepId: d.stepId,
    uploadedAt: d.uploadedAt,
    uploadedBy: d.uploadedBy,
  };
}

function manifestLegalReview(legal: NonNullable<Layout['legal']>): ExportManifestLegalReview {
  return {
    reviewers: EXPORT_REVIEWERS_FILE,
    opinions: legal.opinions.map((o) => ({
      round: o.opinion.round,
      reviewer: o.reviewer,
      document: o.document,
      signature: o.path,
    })),
  };
}

/**
 * Version 1, exactly as before documents existed, for a case without documents (so an older
 * liuhen-verify still checks it); version 2 with `caseDocuments` (and `legalReview` when an opinion
 * was signed) otherwise, which an older liuhen-verify refuses rather than pass unchecked.
 */
function manifest(plan: ExportPlan, layout: Layout, documents: ExportManifestDocument[]): ExportManifest {
  const withDocuments = layout.documents.length > 0;
  return {
    format: EXPORT_FORMAT,
    version: withDocuments ? EXPORT_VERSION : 1,
    generatedAt: plan.generatedAt,
    generatedBy: plan.generatedBy,
    stationVersion: plan.stationVersion,
    case: { id: plan.case.id, number: plan.case.number },
    files: layout.files.map(manifestFile),
    ...(withDocuments ? { caseDocuments: layout.documents.map(manifestCaseDocument) } : {}),
    documents,
    ...(layout.legal ? { legalReview: manifestLegalReview(layout.legal) } : {}),
    audit: {
      path: EXPORT_AUDIT_FILE,
      entries: plan.audit.length,
      firstSeq: plan.audit[0]?.seq ?? null,
      lastSeq: plan.audit.at(-1)?.seq ?? null,
      checkpoint: EXPORT_CHECKPOINT_FILE,
    },
  };
}

async function writeFootage(layout: FileLayout[], sink: Sink, progress: Progress, signal?: AbortSignal) {
  for (const { source, path, chain } of layout) {
    signal?.throwIfAborted();
    await sink.copyFile(source, path, progress, signal);
    if (chain) {
      await sink.addBuffer(chain.text, chain.path, true);
      progress.add(chain.text.length, chain.path);
    }
    progress.flush(path);
  }
}

async function writeCaseDocuments(layout: DocumentLayout[], sink: Sink, progress: Progress, signal?: AbortSignal) {
  for (const { source, path } of layout) {
    signal?.throwIfAborted();
    await sink.copyFile(source, path, progress, signal);
    progress.flush(path);
  }
}

/** Bytes the progress counts: footage, chains and case documents. */
function bytesToCopy(layout: Layout): number {
  const footage = layout.files.reduce((n, l) => n + l.file.bytes + (l.chain?.text.length ?? 0), 0);
  return footage + layout.documents.reduce((n, d) => n + d.doc.bytes, 0);
}

/** Writes the export; resolves once `dest` is complete, rejects (leaving nothing behind) otherwise. */
export async function writeCaseExport(plan: ExportPlan, opts: WriteCaseExportOptions): Promise<CaseExportResult> {
  const dest = resolve(opts.dest);
  if (await exists(dest)) throw new Error(`${dest} already exists: choose another name, or remove it first`);
  const layout = await planLayout(plan);
  const partial = `${dest}.partial`;
  await rm(partial, { recursive: true, force: true }); // left by a crashed export of the same name
  const mtime = Number.isNaN(Date.parse(plan.generatedAt)) ? new Date() : new Date(plan.generatedAt);
  const sink = opts.format === 'zip' ? await zipSink(partial, mtime) : await folderSink(partial);
  const progress = makeProgress(bytesToCopy(layout), opts.onProgress);
  try {
    await writeFootage(layout.files, sink, progress, opts.signal);
    await writeCaseDocuments(layout.documents, sink, progress, opts.signal);
    const checkpoint = await opts.station.checkpointFor(plan.case.id, plan.audit);
    const documents = await writeDocuments(plan, layout, sink, checkpoint);
    opts.signal?.throwIfAborted();
    const data = Buffer.from(JSON.stringify(manifest(plan, layout, documents), null, 2) + '\n');
    await sink.addBuffer(data, EXPORT_MANIFEST, true);
    // The signature over these exact bytes, beside them (it cannot be listed in what it signs).
    const signature = signManifest(data, opts.station.keys, EXPORT_MANIFEST);
    await sink.addBuffer(Buffer.from(JSON.stringify(signature, null, 2) + '\n'), MANIFEST_SIGNATURE_FILE, true);
    const bytes = await sink.finish();
    opts.signal?.throwIfAborted();
    await publish(partial, dest, opts.format);
    progress.flush();
    return {
      path: dest,
      bytes,
      files: layout.files.length,
      documents: layout.documents.length,
      opinions: layout.legal?.opinions.length ?? 0,
    };
  } catch (e) {
    await sink.abort();
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}
