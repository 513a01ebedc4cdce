/**
 * Offline verification of a case-file export (案卷导出), as a folder or a ZIP.
 *
 * The package format is defined here, next to its checker, so the station's writer
 * (gateway/src/cases/export.ts) and the verifier share one description of it. A package holds
 * `footage/…` (segments, with the recorder's chain next to device copies), `keys/<deviceId>.pub.pem`,
 * `case.json`, `coverage-report.html`, `audit.jsonl`, the station's signed `audit-checkpoint.json`
 * covering it, and `manifest.json`, written last, with `manifest.sig` (the station's signature over
 * the manifest's bytes, station-signature.ts). Version 2 adds the case file's documents under
 * `documents/` and the signed legal-review opinions under `legal-review/` (export-documents.ts); the
 * station writes version 1 for a case without documents, so such packages still verify with an
 * older liuhen-verify, and an older liuhen-verify refuses a version 2 package rather than pass it
 * without checking its documents.
 *
 * Checks: the station's signature of the manifest (against `stationKeys` when given, else only
 * against the key inside the package, with a warning); the manifest's shape; every listed file
 * present with its size and SHA-256; nothing added; each recorder chain against the device key
 * (with gaps allowed: an export holds only the segments the case links); the audit excerpt's
 * hashes, the manifest's counts of it, and the signed checkpoint's statement of it; each case
 * document's size and SHA-256, and each signed opinion against the bytes of the document it signs
 * and the reviewer's key listed in reviewers.json.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import {
  auditCheckpointShapeError,
  checkAuditEntries,
  checkpointExcerptError,
  verifyAuditCheckpoint,
  type AuditCheckpoint,
  type ChainedAuditEntry,
} from './audit-entry.js';
import { CHAIN_SUFFIX } from './entry.js';
import {
  CASE_DOCUMENT_SOURCES,
  EXPORT_DOCUMENTS_DIR,
  EXPORT_LEGAL_REVIEW_DIR,
  MAX_OPINION_BYTES,
  checkOpinionSignature,
  parseReviewersFile,
  type ExportManifestCaseDocument,
  type ExportManifestLegalReview,
  type ExportManifestOpinion,
  type LegalReviewerKey,
} from './export-documents.js';
import { publicKeyFingerprint } from './keys.js';
import { isSegmentFile } from './pipeline.js';
import { MANIFEST_SIGNATURE_FILE, parseManifestSignature, verifyManifestSignature } from './station-signature.js';
import { formatRange, formatTime, verifyFolder, type Problem, type VerifyOptions } from './verify.js';

// ---- the package format ----

export const EXPORT_FORMAT = 'liuhen-case-export';
/** The newest manifest version; this verifier reads it and every one before it. */
export const EXPORT_VERSION = 2;
/**
 * 1: footage, keys, case.json, report, audit excerpt. 2: also `caseDocuments` (always) and
 * `legalReview` (when an opinion was signed). The station writes 1 when a case has no documents.
 */
export type ExportManifestVersion = 1 | 2;
export const EXPORT_MANIFEST = 'manifest.json';
export const EXPORT_CASE_FILE = 'case.json';
export const EXPORT_REPORT_FILE = 'coverage-report.html';
export const EXPORT_AUDIT_FILE = 'audit.jsonl';
/** The station's signed checkpoint covering the audit excerpt. */
export const EXPORT_CHECKPOINT_FILE = 'audit-checkpoint.json';
export const EXPORT_FOOTAGE_DIR = 'footage';
export const EXPORT_KEYS_DIR = 'keys';

/** Where a device's public key sits inside a package. */
export const exportKeyPath = (deviceId: string) => `${EXPORT_KEYS_DIR}/${deviceId}.pub.pem`;

export interface ExportManifestFile {
  /** Inside the package, forward slashes, e.g. footage/sim-001/device/x.mp4. */
  path: string;
  sha256: string;
  bytes: number;
  recordingId: string;
  deviceId: string;
  source: 'live' | 'device';
  startedAt: string;
  endedAt: string;
  stepIds: string[];
  /** The recorder's signed chain of this segment, when the station holds one. */
  chain?: { path: string; sha256: string; entries: number };
}

export interface ExportManifestDocument {
  path: string;
  sha256: string;
  bytes: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: ExportManifestVersion;
  generatedAt: string;
  generatedBy: string;
  stationVersion: string;
  case: { id: string; number: string };
  files: ExportManifestFile[];
  /** Version 2: every version of every document of the case file, under documents/. */
  caseDocuments?: ExportManifestCaseDocument[];
  /** Files the station wrote about the case (keys, case.json, report, audit, reviewers.json, signatures). */
  documents: ExportManifestDocument[];
  /** Version 2, when an opinion was signed: which record signs which document, by whom. */
  legalReview?: ExportManifestLegalReview;
  /**
   * firstSeq/lastSeq are null for an empty excerpt. `checkpoint`: the station's signed checkpoint
   * covering the excerpt (absent in exports made before station keys).
   */
  audit: { path: string; entries: number; firstSeq: number | null; lastSeq: number | null; checkpoint?: string };
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Why `p` cannot be a path inside a package, or null when it can: relative, forward slashes,
 * no empty, `.` or `..` parts (a package must never reach outside itself when unpacked).
 */
export function packagePathError(p: unknown): string | null {
  if (typeof p !== 'string' || p.length === 0) return 'path must be a non-empty string';
  if (p.length > 1024) return 'path is longer than 1024 characters';
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return `path ${JSON.stringify(p)} is absolute`;
  if (p.includes('\\')) return `path ${JSON.stringify(p)} contains a backslash (use forward slashes)`;
  if ([...p].some((c) => c.charCodeAt(0) < 0x20)) return `path ${JSON.stringify(p)} contains control characters`;
  if (p.split('/').some((part) => part === '' || part === '.' || part === '..'))
    return `path ${JSON.stringify(p)} has an empty, "." or ".." part`;
  return null;
}

type Checker = (v: unknown) => string | null;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Checker = (v) => (typeof v === 'string' && v.length > 0 ? null : 'must be a non-empty string');
const uint: Checker = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? null : 'must be an integer ≥ 0');
const hex64: Checker = (v) => (typeof v === 'string' && HEX64.test(v) ? null : 'must be 64 lowercase hex digits');
const uintOrNull: Checker = (v) => (v === null ? null : uint(v));

/** The first field of `o` failing its check, as "name: reason". */
function fieldsError(o: unknown, checks: Record<string, Checker>, where: string): string | null {
  if (!isObj(o)) return `${where} must be a JSON object`;
  for (const [k, check] of Object.entries(checks)) {
    const err = check(o[k]);
    if (err) return `${where}.${k}: ${err}`;
  }
  return null;
}

const documentChecks: Record<string, Checker> = { path: packagePathError, sha256: hex64, bytes: uint };
const fileChecks: Record<string, Checker> = {
  ...documentChecks,
  recordingId: str,
  deviceId: str,
  source: (v) => (v === 'live' || v === 'device' ? null : 'must be "live" or "device"'),
  startedAt: str,
  endedAt: str,
  stepIds: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? null : 'must be a list of strings'),
  chain: (v) =>
    v === undefined ? null : fieldsError(v, { path: packagePathError, sha256: hex64, entries: uint }, 'chain'),
};

const anyString: Checker = (v) => (typeof v === 'string' ? null : 'must be a string');
const positive: Checker = (v) => (Number.isSafeInteger(v) && (v as number) >= 1 ? null : 'must be an integer ≥ 1');
/** A package path inside `dir`/. */
const under =
  (dir: string): Checker =>
  (v) =>
    packagePathError(v) ?? ((v as string).startsWith(`${dir}/`) ? null : `must be a path under ${dir}/`);

const caseDocumentChecks: Record<string, Checker> = {
  path: under(EXPORT_DOCUMENTS_DIR),
  sha256: hex64,
  bytes: uint,
  id: str,
  documentKey: str,
  version: positive,
  kind: str,
  title: anyString,
  fileName: anyString,
  mediaType: str,
  source: (v) =>
    (CASE_DOCUMENT_SOURCES as readonly unknown[]).includes(v)
      ? null
      : `must be one of ${CASE_DOCUMENT_SOURCES.join(', ')}`,
  stepId: (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null'),
  uploadedAt: str,
  uploadedBy: str,
};
const opinionChecks: Record<string, Checker> = {
  round: positive,
  reviewer: str,
  document: under(EXPORT_DOCUMENTS_DIR),
  signature: under(EXPORT_LEGAL_REVIEW_DIR),
};

/** The version 2 sections: absent in version 1, `caseDocuments` required in version 2. */
function documentSectionsError(m: Record<string, unknown>): string | null {
  if (m.version === 1) {
    if (m.caseDocuments !== undefined || m.legalReview !== undefined)
      return 'caseDocuments and legalReview need manifest version 2';
    return null;
  }
  if (!Array.isArray(m.caseDocuments)) return 'manifest.caseDocuments: must be a list (version 2)';
  for (const [i, d] of (m.caseDocuments as unknown[]).entries()) {
    const err = fieldsError(d, caseDocumentChecks, `caseDocuments[${i}]`);
    if (err) return err;
  }
  if (m.legalReview === undefined) return null;
  const top = fieldsError(
    m.legalReview,
    {
      reviewers: under(EXPORT_LEGAL_REVIEW_DIR),
      opinions: (v) => (Array.isArray(v) ? null : 'must be a list'),
    },
    'legalReview',
  );
  if (top) return top;
  for (const [i, o] of (m.legalReview as { opinions: unknown[] }).opinions.entries()) {
    const err = fieldsError(o, opinionChecks, `legalReview.opinions[${i}]`);
    if (err) return err;
  }
  return null;
}

/** Checks a parsed manifest.json; returns the first problem, or null when well-formed. */
export function manifestShapeError(m: unknown): string | null {
  if (!isObj(m)) return 'manifest.json is not a JSON object';
  if (m.format !== EXPORT_FORMAT) return `format is ${JSON.stringify(m.format)}, not "${EXPORT_FORMAT}"`;
  if (m.version !== 1 && m.version !== 2)
    return `version ${JSON.stringify(m.version)} is not supported (this verifier reads versions 1–${EXPORT_VERSION}: update liuhen-verify)`;
  const top = fieldsError(
    m,
    {
      generatedAt: str,
      generatedBy: str,
      stationVersion: str,
      case: (v) => fieldsError(v, { id: str, number: str }, 'case'),
      audit: (v) =>
        fieldsError(
          v,
          {
            path: packagePathError,
            entries: uint,
            firstSeq: uintOrNull,
            lastSeq: uintOrNull,
            checkpoint: (c) => (c === undefined ? null : packagePathError(c)),
          },
          'audit',
        ),
      files: (v) => (Array.isArray(v) ? null : 'must be a list'),
      documents: (v) => (Array.isArray(v) ? null : 'must be a list'),
    },
    'manifest',
  );
  if (top) return top;
  for (const [i, f] of (m.files as unknown[]).entries()) {
    const err = fieldsError(f, fileChecks, `files[${i}]`);
    if (err) return err;
  }
  for (const [i, d] of (m.documents as unknown[]).entries()) {
    const err = fieldsError(d, documentChecks, `documents[${i}]`);
    if (err) return err;
  }
  return documentSectionsError(m);
}

const auditChecks: Record<string, Checker> = {
  seq: uint,
  ts: str,
  actor: str,
  action: str,
  subjectType: str,
  subjectId: (v) => (typeof v === 'string' ? null : 'must be a string'),
  caseId: (v) => (v === null || typeof v === 'string' ? null : 'must be a string or null'),
  detail: (v) => (isObj(v) ? null : 'must be a JSON object'),
  prevHash: hex64,
  hash: hex64,
};

// ---- the report ----

export interface ExportProblem {
  severity: 'error' | 'warning';
  /** The file inside the package the problem is about. */
  path?: string;
  message: string;
}

export interface ExportReport {
  ok: boolean;
  kind: 'case-export';
  /** What was verified, as given. */
  path: string;
  container: 'folder' | 'zip' | null;
  verifiedAt: string;
  caseId: string | null;
  caseNumber: string | null;
  generatedAt: string | null;
  generatedBy: string | null;
  /** Footage files listed in the manifest, and their bytes. */
  files: number;
  bytes: number;
  /** Footage files whose recorder chain was verified. */
  chained: number;
  /** Keys the chains were checked with: from the package unless trusted keys were given. */
  keys: { deviceId: string; fingerprint: string; trusted: boolean }[];
  audit: { entries: number; firstSeq: number | null; lastSeq: number | null } | null;
  /** Case-file documents (version 2): listed in the manifest, and how many match their size and SHA-256. */
  caseDocuments: { listed: number; ok: number };
  /** Each signed legal-review opinion (version 2) and whether its signature verified. */
  opinions: ExportOpinionReport[];
  /**
   * The station's signature: `signed` when manifest.sig verifies with the key it names;
   * `trusted` when that key is one of the station keys given (--station-pubkey).
   */
  station: {
    signed: boolean;
    fingerprint: string | null;
    trusted: boolean;
    checkpoint: { seq: number; headHash: string; ts: string } | null;
  };
  /** Errors first. */
  problems: ExportProblem[];
  counts: { errors: number; warnings: number };
  stats: { bytesHashed: number; ms: number };
}

export interface ExportOpinionReport {
  round: number;
  /** The reviewer's username, as the manifest names them. */
  reviewer: string;
  /** The signed document, inside the package. */
  document: string;
  /** From the record, when it could be read: the signer's name, key and signing time. */
  signerName: string | null;
  fingerprint: string | null;
  signedAt: string | null;
  /**
   * The SM2 signature verifies over the document's bytes with the key reviewers.json lists for
   * the reviewer, and reviewers.json is the one the station's manifest hashes.
   */
  verified: boolean;
}

export interface ExportVerifyOptions {
  /**
   * Trusted recorder keys (e.g. from the enrollment record). When given, chains are checked with
   * these and a package key that is not among them is an error; otherwise the package's own keys
   * are used and the report lists their fingerprints to compare.
   */
  publicKeys?: VerifyOptions['publicKeys'];
  /**
   * Trusted station keys (from the station: GET /api/station/key, or its data/keys/station.pub.pem).
   * When given, the manifest must be signed by one of them and so must the audit checkpoint;
   * otherwise the key inside the package is used and a warning says the signature was not checked.
   */
  stationKeys?: { key: KeyObject; fingerprint: string; source?: string }[];
}

// ---- reading a package: a folder or a ZIP ----

interface PackageReader {
  container: 'folder' | 'zip';
  /** Every regular file: package path → size. */
  files: Map<string, number>;
  /** Entries that cannot be part of an export (symbolic links, duplicate ZIP entries). */
  odd: { path: string; reason: string }[];
  /** SHA-256 and size of a file, copying it to `copyTo` on the way when given. */
  digest(path: string, copyTo?: string): Promise<{ sha256: string; bytes: number }>;
  /** A small file's bytes (manifest, chain, audit, key): refuses files over `maxBytes`. */
  read(path: string, maxBytes?: number): Promise<Buffer>;
  close(): Promise<void>;
}

const CHUNK = 4 << 20;
const MAX_TEXT = 256 << 20;

/** Hashes a stream, optionally writing it to `copyTo`, in one pass. */
async function digestStream(input: Readable, copyTo?: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const take = (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  };
  if (copyTo) {
    const tap = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        take(chunk);
        cb(null, chunk);
      },
    });
    await pipeline(input, tap, createWriteStream(copyTo));
  } else {
    for await (const chunk of input as AsyncIterable<Buffer>) take(chunk);
  }
  return { sha256: hash.digest('hex'), bytes };
}

async function streamBytes(input: Readable, maxBytes: number, path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    n += chunk.length;
    if (n > maxBytes) {
      input.destroy();
      throw new Error(`${path} is larger than ${maxBytes} bytes: not a file this package format writes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

async function walkFolder(root: string, dir: string, reader: Pick<PackageReader, 'files' | 'odd'>): Promise<void> {
  for (const ent of await readdir(dir, { withFileTypes: true })) {
    const abs = join(dir, ent.name);
    const rel = abs
      .slice(root.length + 1)
      .split(/[\\/]/)
      .join('/');
    if (ent.isDirectory()) await walkFolder(root, abs, reader);
    else if (ent.isFile()) reader.files.set(rel, (await stat(abs)).size);
    else
      reader.odd.push({
        path: rel,
        reason: 'is not a regular file (symbolic link or device): an export holds plain files only',
      });
  }
}

/** A hard link costs nothing; across file systems fall back to a copy. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}

async function openFolder(folder: string): Promise<PackageReader> {
  const root = resolve(folder);
  const base: Pick<PackageReader, 'files' | 'odd'> = { files: new Map(), odd: [] };
  await walkFolder(root, root, base);
  // Only paths found by the walk are ever opened, so a manifest cannot point outside the folder.
  const abs = (p: string) => {
    if (!base.files.has(p)) throw new Error(`${p} is not in the package`);
    return join(root, ...p.split('/'));
  };
  return {
    container: 'folder',
    ...base,
    async digest(p, copyTo) {
      if (copyTo) await linkOrCopy(abs(p), copyTo);
      return digestStream(createReadStream(abs(p), { highWaterMark: CHUNK }));
    },
    async read(p, maxBytes = MAX_TEXT) {
      return streamBytes(createReadStream(abs(p)), maxBytes, p);
    },
    async close() {},
  };
}

async function openZip(path: string): Promise<PackageReader> {
  // strictFileNames: a name with a backslash is refused rather than reinterpreted.
  const zip: ZipFile = await openPromise(path, {
    lazyEntries: true,
    autoClose: false,
    strictFileNames: true,
    validateEntrySizes: true,
  });
  const entries = new Map<string, Entry>();
  const odd: PackageReader['odd'] = [];
  try {
    for await (const e of zip.eachEntry()) {
      if (e.fileName.endsWith('/')) continue; // directory entry
      if (entries.has(e.fileName))
        odd.push({ path: e.fileName, reason: 'appears twice in the ZIP: which copy is meant is ambiguous' });
      else entries.set(e.fileName, e);
    }
  } catch (e) {
    zip.close();
    throw e;
  }
  const entry = (p: string) => {
    const e = entries.get(p);
    if (!e) throw new Error(`${p} is not in the package`);
    return e;
  };
  /**
   * Stored entries (all footage) are read straight from the file in large chunks: 2–3× faster
   * than yauzl's 64 KB reads. Deflated entries (a re-packed ZIP) go through yauzl.
   */
  const entryStream = async (e: Entry): Promise<Readable> => {
    if (e.compressionMethod !== 0 || e.compressedSize !== e.uncompressedSize || e.compressedSize === 0)
      return zip.openReadStreamPromise(e);
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(e, { minimal: true });
    return createReadStream(path, {
      start: fileDataStart,
      end: fileDataStart + e.compressedSize - 1,
      highWaterMark: CHUNK,
    });
  };
  return {
    container: 'zip',
    files: new Map([...entries].map(([p, e]) => [p, e.uncompressedSize])),
    odd,
    async digest(p, copyTo) {
      return digestStream(await entryStream(entry(p)), copyTo);
    },
    async read(p, maxBytes = MAX_TEXT) {
      return streamBytes(await zip.openReadStreamPromise(entry(p)), maxBytes, p);
    },
    async close() {
      zip.close();
    },
  };
}

/** True when `path` is a case export: a ZIP file, or a folder whose manifest.json says so. */
export async function isCaseExport(path: string): Promise<boolean> {
  let st;
  try {
    st = await stat(path);
  } catch {
    return false;
  }
  if (st.isFile()) return path.toLowerCase().endsWith('.zip') || (await startsWithZipMagic(path));
  if (!st.isDirectory()) return false;
  try {
    // A damaged manifest still names its format: verify it as an export to say what is wrong.
    return (await readFile(join(path, EXPORT_MANIFEST), 'utf8')).includes(`"${EXPORT_FORMAT}"`);
  } catch {
    return false;
  }
}

/** A ZIP renamed without its extension is still recognised by its first local header. */
async function startsWithZipMagic(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    return head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fh.close();
  }
}

// ---- verification ----

interface Ctx {
  reader: PackageReader;
  manifest: ExportManifest;
  problems: ExportProblem[];
  report: ExportReport;
  scratch: string;
  opts: ExportVerifyOptions;
  /** Without trusted station keys: the key manifest.sig names, to check the checkpoint with. */
  packageStationKey: { key: KeyObject; fingerprint: string } | null;
  /** Listed files found with the size and SHA-256 the manifest gives. */
  matched: Set<string>;
}

const error = (ctx: Pick<Ctx, 'problems'>, message: string, path?: string) =>
  ctx.problems.push({ severity: 'error', message, ...(path ? { path } : {}) });
const warning = (ctx: Pick<Ctx, 'problems'>, message: string, path?: string) =>
  ctx.problems.push({ severity: 'warning', message, ...(path ? { path } : {}) });

/** Compares a file with its manifest record (true when it matches); copies it to `copyTo` on the way when given. */
async function checkListed(
  ctx: Ctx,
  rec: { path: string; sha256: string; bytes: number },
  copyTo?: string,
): Promise<boolean> {
  if (!ctx.reader.files.has(rec.path)) {
    error(
      ctx,
      `MISSING FILE 文件缺失: listed in manifest.json but not in the package (removed, or an incomplete copy)`,
      rec.path,
    );
    return false;
  }
  const got = await ctx.reader.digest(rec.path, copyTo);
  ctx.report.stats.bytesHashed += got.bytes;
  if (got.bytes !== rec.bytes) {
    error(
      ctx,
      `TAMPERED 篡改: ${got.bytes} bytes, the manifest says ${rec.bytes}: the file was changed (cut, extended or replaced)`,
      rec.path,
    );
  } else if (got.sha256 !== rec.sha256) {
    error(
      ctx,
      `TAMPERED 篡改: SHA-256 ${got.sha256} does not match the manifest's ${rec.sha256}: the file was changed`,
      rec.path,
    );
  } else {
    ctx.matched.add(rec.path);
    return true;
  }
  return false;
}

/** Folders whose every file the station lists: anything else found there was put there later. */
const LISTED_DIRS = [EXPORT_FOOTAGE_DIR, EXPORT_KEYS_DIR, EXPORT_DOCUMENTS_DIR, EXPORT_LEGAL_REVIEW_DIR];

/** Files present but not listed: something was added after the export. */
function checkUnlisted(ctx: Ctx, listed: Set<string>) {
  for (const o of ctx.reader.odd) error(ctx, o.reason, o.path);
  for (const p of ctx.reader.files.keys()) {
    if (listed.has(p)) continue;
    const name = basename(p);
    const junk = name.startsWith('.') || /^(thumbs\.db|desktop\.ini)$/i.test(name);
    const serious = !junk && (isSegmentFile(name) || LISTED_DIRS.some((dir) => p.startsWith(`${dir}/`)));
    if (serious) error(ctx, 'ADDED 多余文件: not listed in manifest.json: it was added after the export', p);
    else warning(ctx, 'not listed in manifest.json and not part of the export; ignored', p);
  }
}

function checkDuplicates(ctx: Ctx): Set<string> {
  const listed = new Set<string>([EXPORT_MANIFEST, MANIFEST_SIGNATURE_FILE]);
  const paths = [
    ...ctx.manifest.files.flatMap((f) => [f.path, ...(f.chain ? [f.chain.path] : [])]),
    ...(ctx.manifest.caseDocuments ?? []).map((d) => d.path),
    ...ctx.manifest.documents.map((d) => d.path),
  ];
  for (const p of paths) {
    if (listed.has(p)) error(ctx, 'listed twice in manifest.json: the manifest is not one the station writes', p);
    listed.add(p);
  }
  return listed;
}

/** Loads the key a device's chains are checked with. */
async function loadPackageKey(ctx: Ctx, deviceId: string): Promise<KeyObject | null> {
  const p = exportKeyPath(deviceId);
  if (!ctx.manifest.documents.some((d) => d.path === p) || !ctx.reader.files.has(p)) {
    error(
      ctx,
      `NO PUBLIC KEY 无公钥: ${p} is missing, so the recorder chains of device ${deviceId} cannot be checked`,
      p,
    );
    return null;
  }
  try {
    const key = createPublicKey((await ctx.reader.read(p, 64 << 10)).toString('utf8'));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 key');
    const fingerprint = publicKeyFingerprint(key);
    const trusted = ctx.opts.publicKeys?.some((k) => k.fingerprint === fingerprint) ?? false;
    ctx.report.keys.push({ deviceId, fingerprint, trusted });
    if (ctx.opts.publicKeys?.length && !trusted)
      error(
        ctx,
        `UNKNOWN KEY 密钥不符: the package's key for ${deviceId} (${fingerprint}) is not among the trusted keys given`,
        p,
      );
    return key;
  } catch (e) {
    error(ctx, `MALFORMED 格式错误: not an Ed25519 public key (${(e as Error).message})`, p);
    return null;
  }
}

interface ChainGroup {
  deviceId: string;
  dir: string;
  /** Segment file name in `dir` → its package path. */
  names: Map<string, string>;
}

/** A device's chained segments go in one folder (so links between them are checked), names permitting. */
async function groupFor(ctx: Ctx, groups: ChainGroup[], deviceId: string, name: string): Promise<ChainGroup> {
  const found = groups.find((g) => g.deviceId === deviceId && !g.names.has(name));
  if (found) return found;
  const g: ChainGroup = { deviceId, dir: join(ctx.scratch, `g${groups.length}`), names: new Map() };
  await mkdir(g.dir);
  groups.push(g);
  return g;
}

function countLines(text: string): number {
  return text.split('\n').filter((l) => l.trim() !== '').length;
}

/** Footage: hashes against the manifest; chained segments are also staged for the chain check. */
async function checkFootage(ctx: Ctx): Promise<ChainGroup[]> {
  const groups: ChainGroup[] = [];
  for (const f of ctx.manifest.files) {
    if (!f.chain) {
      await checkListed(ctx, f);
      continue;
    }
    const name = basename(f.path);
    const g = await groupFor(ctx, groups, f.deviceId, name);
    g.names.set(name, f.path);
    await checkListed(ctx, f, join(g.dir, name));
    if (!ctx.reader.files.has(f.chain.path)) {
      error(ctx, `MISSING FILE 文件缺失: the chain of ${f.path} is listed but not in the package`, f.chain.path);
      continue;
    }
    const raw = await ctx.reader.read(f.chain.path);
    const text = raw.toString('utf8');
    const sha = createHash('sha256').update(raw).digest('hex');
    if (sha !== f.chain.sha256)
      error(
        ctx,
        `TAMPERED 篡改: SHA-256 ${sha} does not match the manifest's ${f.chain.sha256}: the chain file was changed`,
        f.chain.path,
      );
    if (countLines(text) !== f.chain.entries)
      error(ctx, `the chain has ${countLines(text)} entries, the manifest says ${f.chain.entries}`, f.chain.path);
    await writeFile(join(g.dir, name + CHAIN_SUFFIX), raw);
    ctx.report.chained++;
  }
  return groups;
}

/** Where a chain finding is, beyond what its message already says. */
function problemPlace(p: Problem): string {
  const parts: string[] = [];
  if (p.kind === 'init') parts.push('init part');
  else if (p.kind === 'seal') parts.push('seal');
  else if (p.fragmentIndex !== undefined && !p.message.includes('fragment')) parts.push(`fragment ${p.fragmentIndex}`);
  if (p.start) parts.push(formatRange(p.start, p.end));
  return parts.length ? ` (at ${parts.join(', ')})` : '';
}

/** Runs the folder verifier on each device's staged segments and maps its findings to package paths. */
async function checkChains(ctx: Ctx, groups: ChainGroup[]): Promise<void> {
  const keys = new Map<string, KeyObject | null>();
  for (const g of groups) {
    if (!keys.has(g.deviceId)) keys.set(g.deviceId, await loadPackageKey(ctx, g.deviceId));
    const key = keys.get(g.deviceId);
    if (!key) continue;
    const publicKeys = ctx.opts.publicKeys?.length
      ? ctx.opts.publicKeys
      : [{ key, fingerprint: publicKeyFingerprint(key), source: exportKeyPath(g.deviceId) }];
    const r = await verifyFolder(g.dir, { publicKeys, allowGaps: true });
    for (const d of r.devices) {
      if (d.deviceId !== g.deviceId)
        error(ctx, `chain entries are signed for device ${d.deviceId}, the manifest lists them under ${g.deviceId}`);
    }
    for (const p of r.problems) {
      if (p.severity === 'info') continue;
      const seg = p.segment ?? (p.file ? basename(p.file).replace(CHAIN_SUFFIX, '') : undefined);
      const path = seg ? g.names.get(seg) : undefined;
      const chainLine = p.file?.endsWith(CHAIN_SUFFIX) && p.line ? ` (chain line ${p.line})` : '';
      ctx.problems.push({
        severity: p.severity,
        message: `${p.label}: ${p.message}${problemPlace(p)}${chainLine}`,
        ...(path ? { path } : {}),
      });
    }
  }
}

function parseAudit(ctx: Ctx, text: string): ChainedAuditEntry[] | null {
  const entries: ChainedAuditEntry[] = [];
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      error(ctx, `line ${i + 1} is not valid JSON: the audit excerpt was edited or damaged`, ctx.manifest.audit.path);
      return null;
    }
    const err = fieldsError(obj, auditChecks, `line ${i + 1}`);
    if (err) {
      error(ctx, `${err}: not an audit entry`, ctx.manifest.audit.path);
      return null;
    }
    entries.push(obj as ChainedAuditEntry);
  }
  return entries;
}

/** The audit excerpt: every entry's own hash, order, and the manifest's counts. */
async function checkAudit(ctx: Ctx): Promise<void> {
  const a = ctx.manifest.audit;
  if (!ctx.manifest.documents.some((d) => d.path === a.path))
    error(ctx, 'the audit excerpt is not among the documents the manifest hashes', a.path);
  if (!ctx.reader.files.has(a.path)) return; // reported as missing with the documents
  const entries = parseAudit(ctx, (await ctx.reader.read(a.path)).toString('utf8'));
  if (!entries) return;
  const check = checkAuditEntries(entries, { contiguous: false });
  if (!check.ok && check.firstBad)
    error(
      ctx,
      `TAMPERED 篡改: audit entry seq ${check.firstBad.seq}: ${check.firstBad.reason}: the audit excerpt was edited`,
      a.path,
    );
  const firstSeq = entries[0]?.seq ?? null;
  const lastSeq = entries.at(-1)?.seq ?? null;
  ctx.report.audit = { entries: entries.length, firstSeq, lastSeq };
  if (entries.length !== a.entries || firstSeq !== a.firstSeq || lastSeq !== a.lastSeq)
    error(
      ctx,
      `holds ${entries.length} entries (seq ${firstSeq ?? '-'}–${lastSeq ?? '-'}), the manifest says ${a.entries} ` +
        `(seq ${a.firstSeq ?? '-'}–${a.lastSeq ?? '-'}): entries were added or removed`,
      a.path,
    );
  const foreign = entries.filter((e) => e.caseId !== null && e.caseId !== ctx.manifest.case.id);
  if (foreign.length)
    warning(
      ctx,
      `${foreign.length} entr${foreign.length === 1 ? 'y is' : 'ies are'} about another case (first seq ${foreign[0]!.seq})`,
      a.path,
    );
  await checkCheckpoint(ctx, entries);
}

const strict = (ctx: Ctx) => (ctx.opts.stationKeys?.length ?? 0) > 0;

async function readCheckpoint(ctx: Ctx, path: string): Promise<AuditCheckpoint | null> {
  if (!ctx.manifest.documents.some((d) => d.path === path))
    error(ctx, 'the audit checkpoint is not among the documents the manifest hashes', path);
  if (!ctx.reader.files.has(path)) return null; // reported as missing with the documents, when listed
  let cp: unknown;
  try {
    cp = JSON.parse((await ctx.reader.read(path, 64 << 10)).toString('utf8'));
  } catch (e) {
    error(ctx, `MALFORMED 格式错误: the audit checkpoint is not valid JSON (${(e as Error).message})`, path);
    return null;
  }
  const err = auditCheckpointShapeError(cp);
  if (err) {
    error(ctx, `MALFORMED 格式错误: not an audit checkpoint: ${err}`, path);
    return null;
  }
  return cp as AuditCheckpoint;
}

/**
 * The station's signed checkpoint covering the excerpt: signed by the station key, and stating
 * exactly these entries. Editing, removing or adding an entry is caught here even when the
 * manifest was rewritten to match, since the checkpoint cannot be re-signed without the key.
 */
async function checkCheckpoint(ctx: Ctx, entries: ChainedAuditEntry[]): Promise<void> {
  const a = ctx.manifest.audit;
  if (!a.checkpoint) {
    const msg =
      'no signed audit checkpoint covers the excerpt (an export made before station signing, or it was removed)';
    if (strict(ctx)) error(ctx, msg, a.path);
    else if (ctx.packageStationKey) warning(ctx, msg, a.path);
    return;
  }
  const cp = await readCheckpoint(ctx, a.checkpoint);
  if (!cp) return;
  ctx.report.station.checkpoint = { seq: cp.seq, headHash: cp.headHash, ts: cp.ts };
  let key: { key: KeyObject; fingerprint: string } | undefined;
  if (strict(ctx)) {
    key = ctx.opts.stationKeys!.find((k) => k.fingerprint === cp.keyId);
    if (!key) {
      const given = ctx.opts.stationKeys!.map((k) => k.fingerprint).join(', ');
      error(
        ctx,
        `UNKNOWN KEY 密钥不符: the audit checkpoint is signed by key ${cp.keyId}, not the station key given (${given})`,
        a.checkpoint,
      );
      return;
    }
  } else {
    const pkg = ctx.packageStationKey;
    if (!pkg) return; // nothing to check it with: said with the manifest's signature
    if (cp.keyId !== pkg.fingerprint) {
      error(
        ctx,
        `UNKNOWN KEY 密钥不符: the audit checkpoint is signed by key ${cp.keyId}, the manifest by ${pkg.fingerprint}`,
        a.checkpoint,
      );
      return;
    }
    key = pkg;
  }
  if (!verifyAuditCheckpoint(cp, key.key)) {
    error(
      ctx,
      'BAD SIGNATURE 签名无效: the audit checkpoint does not verify with the station key: it was edited after the station signed it',
      a.checkpoint,
    );
    return;
  }
  const err = checkpointExcerptError(cp, ctx.manifest.case.id, entries);
  if (err) error(ctx, `TAMPERED 篡改: ${err}`, a.path);
}

/**
 * manifest.sig: the station's Ed25519 signature over the manifest's exact bytes. With trusted
 * station keys, it must be there and made by one of them; without, the key it names is used and a
 * warning says the signature was only checked for consistency.
 */
async function checkStationSignature(ctx: Ctx, manifestBytes: Buffer): Promise<void> {
  const trustedKeys = ctx.opts.stationKeys ?? [];
  const given = trustedKeys.map((k) => k.fingerprint).join(', ');
  if (!ctx.reader.files.has(MANIFEST_SIGNATURE_FILE)) {
    if (strict(ctx))
      error(
        ctx,
        `UNSIGNED 未签名: the manifest is not signed by the station (${given}): an export made before station ` +
          'signing, or the signature was removed',
        MANIFEST_SIGNATURE_FILE,
      );
    else
      warning(
        ctx,
        'UNSIGNED 未签名: the manifest is not signed by a station key (an export made before station signing, or the ' +
          'signature was removed): the station signature was not checked',
        MANIFEST_SIGNATURE_FILE,
      );
    return;
  }
  const parsed = parseManifestSignature((await ctx.reader.read(MANIFEST_SIGNATURE_FILE, 64 << 10)).toString('utf8'));
  if (!parsed.ok) {
    error(ctx, `MALFORMED 格式错误: not a manifest signature: ${parsed.reason}`, MANIFEST_SIGNATURE_FILE);
    return;
  }
  const { sig, key } = parsed;
  const station = ctx.report.station;
  station.fingerprint = sig.keyId;
  if (sig.signed !== EXPORT_MANIFEST)
    error(ctx, `signs ${JSON.stringify(sig.signed)}, not ${EXPORT_MANIFEST}`, MANIFEST_SIGNATURE_FILE);
  const trusted = trustedKeys.find((k) => k.fingerprint === sig.keyId);
  station.trusted = Boolean(trusted);
  if (strict(ctx) && !trusted)
    error(
      ctx,
      `UNKNOWN KEY 密钥不符: the manifest is signed by key ${sig.keyId}, not the station key given (${given}): ` +
        'the package was re-signed by someone else',
      MANIFEST_SIGNATURE_FILE,
    );
  if (verifyManifestSignature(manifestBytes, sig, trusted?.key ?? key)) station.signed = true;
  else
    error(
      ctx,
      `BAD SIGNATURE 签名无效: manifest.json does not verify with key ${sig.keyId}: it was changed after the station signed it`,
      EXPORT_MANIFEST,
    );
  if (!strict(ctx))
    warning(
      ctx,
      `STATION KEY FROM PACKAGE 站点公钥取自导出包: the station signature was not checked against a trusted key, ` +
        `only against the key inside the export (${sig.keyId}): compare it with the station's ` +
        '(GET /api/station/key, 与站点公钥核对) or pass --station-pubkey',
      MANIFEST_SIGNATURE_FILE,
    );
  else ctx.packageStationKey = { key, fingerprint: sig.keyId };
}

/** case.json must describe the case the manifest names. */
async function checkCaseFile(ctx: Ctx): Promise<void> {
  if (!ctx.manifest.documents.some((d) => d.path === EXPORT_CASE_FILE) || !ctx.reader.files.has(EXPORT_CASE_FILE))
    return;
  let c: unknown;
  try {
    c = (JSON.parse((await ctx.reader.read(EXPORT_CASE_FILE)).toString('utf8')) as { case?: unknown }).case;
  } catch {
    error(ctx, 'is not valid JSON', EXPORT_CASE_FILE);
    return;
  }
  const m = ctx.manifest.case;
  if (!isObj(c) || c.id !== m.id || c.number !== m.number)
    error(ctx, `does not describe case ${m.number} (${m.id}) named by the manifest`, EXPORT_CASE_FILE);
}

// ---- case documents and signed opinions (version 2) ----

/** Every version of every case document: present, with the size and SHA-256 the manifest gives. */
async function checkCaseDocuments(ctx: Ctx): Promise<void> {
  const docs = ctx.manifest.caseDocuments ?? [];
  ctx.report.caseDocuments.listed = docs.length;
  for (const d of docs) if (await checkListed(ctx, d)) ctx.report.caseDocuments.ok++;
}

const isListedDocument = (ctx: Ctx, path: string) => ctx.manifest.documents.some((d) => d.path === path);

/** Signature records and reviewers.json are a few KB. */
const MAX_RECORD_BYTES = 1 << 20;

/** A file read whole, or null (and a finding) when it is larger than anything the station writes there. */
async function readBounded(ctx: Ctx, path: string, max: number): Promise<Buffer | null> {
  const size = ctx.reader.files.get(path) ?? 0;
  if (size > max) {
    error(ctx, `TAMPERED 篡改: ${size} bytes, more than the ${max} bytes a file here can have: replaced`, path);
    return null;
  }
  return ctx.reader.read(path, max);
}

/** The reviewers' keys as reviewers.json lists them, and why they are not to be trusted, if they are not. */
interface ReviewerKeys {
  /** Null when the file cannot be read at all. */
  keys: Map<string, LegalReviewerKey> | null;
  distrust: string | null;
}

/**
 * reviewers.json: the keys the opinions are checked with. They are only as good as the station's
 * word for them: a file that is not the one the manifest hashes, or a manifest whose station
 * signature fails, leaves them untrusted. The opinions are still checked against them (a changed
 * document or record is worth naming), but none then counts as verified.
 */
async function readReviewers(ctx: Ctx, path: string): Promise<ReviewerKeys> {
  if (!isListedDocument(ctx, path)) {
    error(ctx, 'the reviewer keys are not among the documents the manifest hashes', path);
    return { keys: null, distrust: `${path} is not hashed in the manifest` };
  }
  if (!ctx.reader.files.has(path)) return { keys: null, distrust: `${path} is missing` }; // reported with the documents
  const text = await readBounded(ctx, path, MAX_RECORD_BYTES);
  if (!text) return { keys: null, distrust: `${path} cannot be read` };
  const parsed = parseReviewersFile(text.toString('utf8'));
  if (!parsed.ok) {
    error(ctx, `MALFORMED 格式错误: not a list of reviewer keys: ${parsed.reason}`, path);
    return { keys: null, distrust: `${path} cannot be read` };
  }
  const keys = parsed.reviewers;
  if (!ctx.matched.has(path))
    return { keys, distrust: `${path}, which names the reviewers' keys, is not the file the station listed` };
  const station = ctx.report.station;
  if (ctx.reader.files.has(MANIFEST_SIGNATURE_FILE) && (!station.signed || (strict(ctx) && !station.trusted))) {
    error(
      ctx,
      'UNKNOWN KEY 密钥不符: the reviewer keys here are not vouched for by the station: the manifest that hashes ' +
        "this file does not carry the station's valid signature, so the file may have been replaced together with it",
      path,
    );
    return { keys, distrust: `the station's signature does not vouch for ${path}` };
  }
  return { keys, distrust: null };
}

function opinionReport(o: ExportManifestOpinion, record: unknown): ExportOpinionReport {
  const r = isObj(record) ? record : {};
  const signer = isObj(r.signer) ? r.signer : {};
  const s = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    round: o.round,
    reviewer: o.reviewer,
    document: o.document,
    signerName: s(signer.name),
    fingerprint: s(r.fingerprint),
    signedAt: s(r.signedAt),
    verified: false,
  };
}

/** Reads a round's signature record; null (and a finding) when it cannot be. */
async function readOpinionRecord(ctx: Ctx, o: ExportManifestOpinion): Promise<{ record: unknown } | null> {
  if (!isListedDocument(ctx, o.signature)) {
    error(ctx, `round ${o.round}: the signature is not among the documents the manifest hashes`, o.signature);
    return null;
  }
  if (!ctx.reader.files.has(o.signature)) return null; // reported as missing with the documents
  const text = await readBounded(ctx, o.signature, MAX_RECORD_BYTES);
  if (!text) return null;
  try {
    return { record: JSON.parse(text.toString('utf8')) as unknown };
  } catch (e) {
    error(ctx, `MALFORMED 格式错误: round ${o.round}: not valid JSON (${(e as Error).message})`, o.signature);
    return null;
  }
}

/** One signed opinion: its record, made with the reviewer's listed key, over the document's exact bytes. */
async function checkOpinion(ctx: Ctx, o: ExportManifestOpinion, reviewers: ReviewerKeys): Promise<void> {
  const read = await readOpinionRecord(ctx, o);
  const entry = opinionReport(o, read?.record);
  ctx.report.opinions.push(entry);
  if (!read) return;
  const what = `round ${o.round} opinion 第${o.round}轮审核意见 (${o.document})`;
  if (!(ctx.manifest.caseDocuments ?? []).some((d) => d.path === o.document)) {
    error(ctx, `${what}: signs a file that is not among the case documents the manifest lists`, o.signature);
    return;
  }
  const notVerified = `UNKNOWN KEY 密钥不符: ${what}: not verified: ${reviewers.distrust}`;
  if (!reviewers.keys) {
    error(ctx, notVerified, o.signature);
    return;
  }
  const reviewer = reviewers.keys.get(o.reviewer);
  if (!reviewer) {
    error(ctx, `UNKNOWN KEY 密钥不符: ${what}: reviewer ${o.reviewer} has no key in the reviewers' list`, o.signature);
    return;
  }
  if (!ctx.reader.files.has(o.document)) return; // reported as missing with the case documents
  const bytes = await readBounded(ctx, o.document, MAX_OPINION_BYTES);
  if (!bytes) return;
  const check = checkOpinionSignature(read.record, bytes, reviewer);
  if (!check.ok)
    error(ctx, `${check.label}: ${what}: ${check.reason}`, check.documentAtFault ? o.document : o.signature);
  else if (reviewers.distrust) error(ctx, notVerified, o.signature);
  else entry.verified = true;
}

async function checkOpinions(ctx: Ctx): Promise<void> {
  const lr = ctx.manifest.legalReview;
  if (!lr) return;
  const reviewers = await readReviewers(ctx, lr.reviewers);
  for (const o of lr.opinions) await checkOpinion(ctx, o, reviewers);
}

async function readManifest(
  reader: PackageReader,
  problems: ExportProblem[],
): Promise<{ manifest: ExportManifest; bytes: Buffer } | null> {
  if (!reader.files.has(EXPORT_MANIFEST)) {
    error(
      { problems },
      `not a liuhen case export 非案卷导出包: there is no ${EXPORT_MANIFEST} at its top level (an unfinished export, or another folder)`,
    );
    return null;
  }
  let m: unknown;
  const bytes = await reader.read(EXPORT_MANIFEST);
  try {
    m = JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    error({ problems }, `MALFORMED 格式错误: not valid JSON (${(e as Error).message})`, EXPORT_MANIFEST);
    return null;
  }
  const err = manifestShapeError(m);
  if (err) {
    error({ problems }, `MALFORMED 格式错误: ${err}`, EXPORT_MANIFEST);
    return null;
  }
  return { manifest: m as ExportManifest, bytes };
}

function emptyReport(path: string): ExportReport {
  return {
    ok: false,
    kind: 'case-export',
    path,
    container: null,
    verifiedAt: new Date().toISOString(),
    caseId: null,
    caseNumber: null,
    generatedAt: null,
    generatedBy: null,
    files: 0,
    bytes: 0,
    chained: 0,
    keys: [],
    audit: null,
    caseDocuments: { listed: 0, ok: 0 },
    opinions: [],
    station: { signed: false, fingerprint: null, trusted: false, checkpoint: null },
    problems: [],
    counts: { errors: 0, warnings: 0 },
    stats: { bytesHashed: 0, ms: 0 },
  };
}

async function openPackage(path: string): Promise<PackageReader> {
  const st = await stat(path); // a missing path throws: a usage error, not a finding
  if (st.isDirectory()) return openFolder(path);
  if (!st.isFile()) throw new Error(`${path} is neither a folder nor a ZIP file`);
  return openZip(path);
}

async function verifyOpened(reader: PackageReader, report: ExportReport, opts: ExportVerifyOptions) {
  const read = await readManifest(reader, report.problems);
  if (!read) return;
  const { manifest } = read;
  Object.assign(report, {
    caseId: manifest.case.id,
    caseNumber: manifest.case.number,
    generatedAt: manifest.generatedAt,
    generatedBy: manifest.generatedBy,
    files: manifest.files.length,
    bytes: manifest.files.reduce((n, f) => n + f.bytes, 0),
  });
  const scratch = await mkdtemp(join(tmpdir(), 'liuhen-export-verify-'));
  try {
    const ctx: Ctx = {
      reader,
      manifest,
      problems: report.problems,
      report,
      scratch,
      opts,
      packageStationKey: null,
      matched: new Set(),
    };
    await checkStationSignature(ctx, read.bytes);
    checkUnlisted(ctx, checkDuplicates(ctx));
    for (const d of manifest.documents) await checkListed(ctx, d);
    await checkCaseFile(ctx);
    await checkAudit(ctx);
    await checkChains(ctx, await checkFootage(ctx));
    await checkCaseDocuments(ctx);
    await checkOpinions(ctx);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Verifies a case export (a folder or a .zip). Throws only when `path` cannot be read at all;
 * everything wrong with the package itself is in the report.
 */
export async function verifyExport(path: string, opts: ExportVerifyOptions = {}): Promise<ExportReport> {
  const t0 = performance.now();
  const report = emptyReport(path);
  let reader: PackageReader | null = null;
  try {
    reader = await openPackage(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'EACCES') throw e;
    error(report, `not a readable ZIP file 无法读取的 ZIP (${(e as Error).message}): damaged or incomplete copy?`);
  }
  if (reader) {
    report.container = reader.container;
    try {
      await verifyOpened(reader, report, opts);
    } finally {
      await reader.close();
    }
  }
  const rank = { error: 0, warning: 1 } as const;
  report.problems.sort((a, b) => rank[a.severity] - rank[b.severity]);
  report.counts = {
    errors: report.problems.filter((p) => p.severity === 'error').length,
    warnings: report.problems.filter((p) => p.severity === 'warning').length,
  };
  report.ok = report.counts.errors === 0;
  report.stats.ms = Math.round(performance.now() - t0);
  return report;
}

// ---- human report ----

/** The case documents and signed opinions checked (nothing for a package without documents). */
function documentLines(r: ExportReport): string[] {
  const d = r.caseDocuments;
  if (d.listed === 0 && r.opinions.length === 0) return [];
  const verified = r.opinions.filter((o) => o.verified).length;
  const out = [
    `  documents 卷内文书 ${d.listed} files 个文件 (every version 含历次版本): ${d.ok} ok 校验通过` +
      (d.ok < d.listed ? `, ${d.listed - d.ok} failed 未通过` : '') +
      `; opinions 审核意见 ${r.opinions.length} signed 已签名, ${verified} verified 签名有效`,
  ];
  for (const o of r.opinions) {
    const by = o.signerName ? `${o.signerName} (${o.reviewer})` : o.reviewer;
    const when = o.signedAt ? ` at ${formatTime(o.signedAt)}` : '';
    const key = o.fingerprint ? `, SM2 key ${o.fingerprint}` : '';
    out.push(
      `    round ${o.round} 第${o.round}轮: ${o.document} signed by 签署人 ${by}${when}${key}: ` +
        (o.verified ? 'verified 签名有效' : 'NOT verified 未通过'),
    );
  }
  return out;
}

export function formatExportReport(r: ExportReport): string {
  const out: string[] = [];
  out.push(`liuhen-verify 案卷导出校验 case export (${r.container ?? '?'}): ${r.path}`);
  if (r.caseNumber) {
    out.push(`  case 案件编号 ${r.caseNumber} (${r.caseId})`);
    if (r.generatedAt) out.push(`  generated 导出于 ${formatTime(r.generatedAt)} by ${r.generatedBy}`);
    out.push(
      `  footage 视频 ${r.files} files 个文件, ${(r.bytes / 1e6).toFixed(1)} MB; ` +
        `${r.chained} with a recorder chain 含记录仪签名链`,
    );
  }
  for (const k of r.keys) {
    out.push(
      `  public key 公钥 ${k.deviceId}: ${k.fingerprint} ` +
        (k.trusted
          ? '(trusted key given 已核对)'
          : '(from the package: compare with the enrollment record 与登记记录核对)'),
    );
  }
  if (r.caseNumber) {
    const s = r.station;
    out.push(
      `  station 站点签名 ` +
        (s.fingerprint === null
          ? 'none: not signed by a station key 未签名'
          : `${s.fingerprint} ` +
            (s.trusted
              ? '(trusted key given 已核对)'
              : '(from the package: compare with the station key 与站点公钥核对, or pass --station-pubkey)')),
    );
  }
  if (r.audit) {
    const seqs = r.audit.entries ? `, seq ${r.audit.firstSeq}–${r.audit.lastSeq}` : '';
    const cp = r.station.checkpoint;
    const signed = cp ? `; signed checkpoint 签名检查点 at seq ${cp.seq}, ${formatTime(cp.ts)}` : '';
    out.push(`  audit 留痕 ${r.audit.entries} entries 条${seqs}${signed}`);
  }
  out.push(...documentLines(r));
  out.push('');
  if (r.problems.length) {
    out.push(`  findings 发现 (${r.counts.errors} errors 错误, ${r.counts.warnings} warnings 警告):`);
    for (const p of r.problems) out.push(`    [${p.severity}] ${p.path ? `${p.path}: ` : ''}${p.message}`);
    out.push('');
  }
  const opinions = r.opinions.length ? ', opinion signatures verify' : '';
  out.push(
    r.ok
      ? `  RESULT 结论: VERIFIED 校验通过 — every file is present and unaltered, chains and audit entries check out${opinions}`
      : `  RESULT 结论: FAILED 校验未通过 — ${r.counts.errors} error(s)`,
  );
  out.push(`  hashed ${(r.stats.bytesHashed / 1e6).toFixed(1)} MB in ${(r.stats.ms / 1000).toFixed(2)} s`);
  return out.join('\n') + '\n';
}
