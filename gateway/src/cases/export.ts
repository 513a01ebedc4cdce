/**
 * Writes a case-file export (案卷导出) as a folder or a ZIP: the footage with its recorder chains,
 * the device keys, case.json, the printable coverage report, the audit excerpt with the station's
 * signed checkpoint covering it and, last, a manifest of every file's SHA-256 and the station's
 * signature of it (manifest.sig). The format is described in @liuhen/evidence (export-verify.ts,
 * station-signature.ts), whose verifier (liuhen-verify --station-pubkey) checks a package offline.
 *
 * Each footage file is hashed while it is copied (one read) and compared with the SHA-256 the
 * station recorded when it stored the file: a station copy altered since then stops the export.
 * Everything is written to `<dest>.partial` and renamed at the end, so no half export ever looks
 * complete; on failure or abort the partial is removed.
 */
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
  EXPORT_FOOTAGE_DIR,
  EXPORT_FORMAT,
  EXPORT_MANIFEST,
  EXPORT_REPORT_FILE,
  EXPORT_VERSION,
  MANIFEST_SIGNATURE_FILE,
  exportKeyPath,
  packagePathError,
  parseChainText,
  signManifest,
  type AuditCheckpoint,
  type ChainedAuditEntry,
  type ExportManifest,
  type ExportManifestDocument,
  type ExportManifestFile,
  type SigningKey,
} from '@liuhen/evidence';
import type { ExportFile, ExportPlan } from './export-plan.js';
import { renderCoverageReport } from './report-html.js';

export interface ExportProgress {
  /** Footage and chain bytes copied so far (documents are too small to count). */
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
}

/** Read and write in 4 MB chunks (1, 4 and 8 MB measured within noise of each other; 64 KB is slower). */
const CHUNK = 4 << 20;
const PROGRESS_EVERY = 8 << 20;
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HEX64 = /^[0-9a-f]{64}$/;

// ---- layout: where each file goes, checked before anything is written ----

interface FileLayout {
  file: ExportFile;
  path: string;
  chain: { path: string; text: Buffer; entries: number } | null;
}

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

async function planLayout(plan: ExportPlan): Promise<FileLayout[]> {
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
    out.push({ file: f, path, chain });
  }
  return out;
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
  constructor(f: ExportFile, got: { sha256: string; bytes: number }) {
    super(
      `${f.archivePath} (recording ${f.recordingId}): the station's copy at ${f.absPath} ` +
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
function verifyingTap(f: ExportFile, path: string, progress: Progress): Transform {
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

function readSource(f: ExportFile): Readable {
  return createReadStream(f.absPath, { highWaterMark: CHUNK });
}

/** Names the file in low-level errors (ENOENT, ENOSPC…) and says which side failed. */
function explain(f: ExportFile, path: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err instanceof AlteredFileError || err.name === 'AbortError' || !err.code) return e;
  if (err.path === f.absPath)
    return new Error(`${f.archivePath}: cannot read the station's file ${f.absPath} (${err.message})`, { cause: e });
  const full = err.code === 'ENOSPC' ? ': the export disk is full, free space or choose another one' : '';
  return new Error(`${path}: cannot write it into the export (${err.message})${full}`, { cause: e });
}

// ---- sinks: a folder or a ZIP ----

interface Sink {
  copyFile(f: ExportFile, path: string, progress: Progress, signal?: AbortSignal): Promise<void>;
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

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function writeDocuments(
  plan: ExportPlan,
  layout: FileLayout[],
  sink: Sink,
  checkpoint: AuditCheckpoint,
): Promise<ExportManifestDocument[]> {
  const docs = [
    ...keyDocuments(plan),
    { path: EXPORT_CASE_FILE, data: caseDocument(plan, layout) },
    { path: EXPORT_REPORT_FILE, data: Buffer.from(renderCoverageReport(plan)) },
    { path: EXPORT_AUDIT_FILE, data: auditDocument(plan) },
    { path: EXPORT_CHECKPOINT_FILE, data: Buffer.from(JSON.stringify(checkpoint, null, 2) + '\n') },
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

function manifest(plan: ExportPlan, layout: FileLayout[], documents: ExportManifestDocument[]): ExportManifest {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    generatedAt: plan.generatedAt,
    generatedBy: plan.generatedBy,
    stationVersion: plan.stationVersion,
    case: { id: plan.case.id, number: plan.case.number },
    files: layout.map(manifestFile),
    documents,
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
  for (const { file, path, chain } of layout) {
    signal?.throwIfAborted();
    await sink.copyFile(file, path, progress, signal);
    if (chain) {
      await sink.addBuffer(chain.text, chain.path, true);
      progress.add(chain.text.length, chain.path);
    }
    progress.flush(path);
  }
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
  const total = layout.reduce((n, l) => n + l.file.bytes + (l.chain?.text.length ?? 0), 0);
  const progress = makeProgress(total, opts.onProgress);
  try {
    await writeFootage(layout, sink, progress, opts.signal);
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
    return { path: dest, bytes, files: layout.length };
  } catch (e) {
    await sink.abort();
    await rm(partial, { recursive: true, force: true });
    throw e;
  }
}
