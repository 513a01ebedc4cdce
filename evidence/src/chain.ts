/**
 * The on-device hash chain: one signed entry per fragment, linked by `prev`, continuous across
 * segments and restarts. Entries of a segment are appended to `<segment>.chain.jsonl` next to it.
 *
 * Durability order for every entry: append the line to the chain file and fsync it, then
 * replace the head file (write temp, fsync, rename, fsync dir). A crash between the two leaves
 * the head one entry behind; `createChainWriter` catches up by reading the chain file the head
 * points at (the head is moved to a new segment's chain file before that file's first line).
 */
import { createHash, createPublicKey, type Hash, type KeyObject } from 'node:crypto';
import { open, readFile, rename, rm, stat, truncate, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  ENTRY_VERSION,
  ZERO_HASH,
  chainFileFor,
  entryHash,
  entryShapeError,
  segmentNameOf,
  serializeEntry,
  signEntry,
  verifyEntrySignature,
  type ChainEntry,
  type EntryKind,
  type UnsignedEntry,
} from './entry.js';
import { publicKeyFingerprint } from './keys.js';
import { isCutEntry, isMediaEntry } from './layout.js';
import { syncPath } from './fsync.js';

// ---- chain head ----

export interface ChainHead {
  v: 1;
  deviceId: string;
  keyId: string;
  /** seq of the last entry written; -1 before the first (then `hash` is ZERO_HASH). */
  seq: number;
  /** Hash of the last entry written (the next entry's `prev`). */
  hash: string;
  /** Absolute path of the chain file holding that entry (or about to receive the next one). */
  chainFile: string | null;
  updatedAt: string;
}

/** The persisted head, or null when the device has never written an entry. */
export async function loadChainHead(file: string): Promise<ChainHead | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const head = JSON.parse(text) as ChainHead;
  if (head.v !== 1 || !Number.isSafeInteger(head.seq) || typeof head.hash !== 'string') {
    throw new Error(`${file}: not a chain head`);
  }
  return head;
}

/** Atomically replaces the head file: temp file, fsync, rename, fsync of the directory. */
export async function saveChainHead(file: string, head: ChainHead, opts: { fsync?: boolean } = {}): Promise<void> {
  const fsync = opts.fsync ?? true;
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(JSON.stringify(head) + '\n');
    if (fsync) await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  if (fsync) await syncPath(dirname(file));
}

// ---- reading chain files ----

export interface ChainFileRead {
  entries: ChainEntry[];
  /** 1-based line number of each entry. */
  lines: number[];
  /** Lines that are not well-formed entries (1-based line numbers). */
  bad: { line: number; reason: string }[];
  /** Byte length of a torn last line (no trailing newline): a crash mid-append. */
  tornBytes: number;
}

export function parseChainText(text: string): ChainFileRead {
  const entries: ChainEntry[] = [];
  const lineNos: number[] = [];
  const bad: ChainFileRead['bad'] = [];
  const lines = text.split('\n');
  const last = lines.pop() ?? '';
  const tornBytes = Buffer.byteLength(last);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch {
      bad.push({ line: i + 1, reason: 'not valid JSON' });
      return;
    }
    const err = entryShapeError(obj);
    if (err) bad.push({ line: i + 1, reason: err });
    else {
      entries.push(obj as ChainEntry);
      lineNos.push(i + 1);
    }
  });
  if (tornBytes > 0) bad.push({ line: lines.length + 1, reason: 'incomplete last line (no newline)' });
  return { entries, lines: lineNos, bad, tornBytes };
}

export async function readChainFile(path: string): Promise<ChainFileRead | null> {
  try {
    return parseChainText(await readFile(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

// ---- writer ----

/** Per-fragment context supplied by the capture pipeline. */
export interface FragmentMeta {
  officerId: string | null;
  /** Device clock minus station clock, ms, from the latest time sync (rounded); null if never synced. */
  clockOffsetMs: number | null;
  /**
   * Wall time (device clock, ms since epoch) of the segment's media time 0. Used the first time a
   * segment is seen; defaults to the file's birth time, else its first sighting.
   */
  segmentStartMs?: number;
}

/** What the writer needs of an init part (InitPart from mp4-boxes fits). */
export interface InitRange {
  byteStart: number;
  byteEnd: number;
  complete: boolean;
}

/** What the writer needs of a fragment (Fragment from mp4-boxes fits). */
export interface FragmentRange {
  index: number;
  byteStart: number;
  byteEnd: number;
  complete: boolean;
  /** Seconds from the segment's media start, or null when unknown. */
  start: number | null;
  end: number | null;
}

export interface ChainWriterOptions {
  deviceId: string;
  /** The device key pair (DeviceKeys from keys.ts fits). */
  keyPair: { privateKey: KeyObject; fingerprint?: string };
  /** Where the chain head is persisted, e.g. `<dataDir>/evidence/chain-head.json`. */
  headFile: string;
  /** fsync every chain line and head update (default true; false only for tests and benchmarks). */
  fsync?: boolean;
  now?: () => number;
}

export interface ChainWriter {
  readonly deviceId: string;
  readonly keyId: string;
  /** The last entry written (null before the first). */
  head(): ChainHead | null;
  /** Chains the segment's init part (ftyp + moov). Call once per segment, before its fragments. */
  onInit(segmentPath: string, init: InitRange, bytes: Buffer, meta: FragmentMeta): Promise<ChainEntry>;
  /** Chains one fragment: bytes must be exactly [byteStart, byteEnd), contiguous with what came before. */
  onFragment(segmentPath: string, fragment: FragmentRange, bytes: Buffer, meta: FragmentMeta): Promise<ChainEntry>;
  /** Closes a segment: every byte of the file must be chained. Idempotent. */
  sealSegment(segmentPath: string, meta?: Partial<FragmentMeta>): Promise<ChainEntry>;
  /**
   * Deletes a sealed segment file by policy, leaving a signed `discard` entry (written and
   * fsynced before the file is removed) in its chain file, which is kept.
   */
  discardSegment(segmentPath: string, reason: string, meta?: Partial<FragmentMeta>): Promise<ChainEntry>;
  /**
   * Records that fragments were cut out of a sealed segment by policy (see trim.ts): one signed
   * ranged `discard` per run of removed fragments, then a `seal` of the file as kept. Call
   * before the kept file replaces the segment, so a crash in between is recoverable.
   */
  cutSegment(
    segmentPath: string,
    runs: CutRun[],
    reason: string,
    kept: { size: number; sha256: string; fragments: number; start: string; end: string },
    meta?: Partial<FragmentMeta>,
  ): Promise<ChainEntry[]>;
  /** Where a segment stands: next byte and fragment index to chain, and whether it is sealed. */
  segmentStatus(segmentPath: string): Promise<{ nextByte: number; nextIndex: number; sealed: boolean }>;
  /** Closes open chain files (segments stay resumable). */
  close(): Promise<void>;
}

/** A run of contiguous fragments cut out of a segment: its bytes in the file as it was, and its span. */
export interface CutRun {
  fragmentIndex: number;
  byteStart: number;
  byteEnd: number;
  start: string;
  end: string;
  /** SHA-256 of the removed bytes. */
  sha256: string;
}

interface SegmentState {
  path: string;
  name: string;
  chainPath: string;
  fh: FileHandle | null;
  entries: number;
  nextByte: number;
  /** fragmentIndex of the next fragment entry (-1 before the init). */
  nextIndex: number;
  sealed: ChainEntry | null;
  discarded: ChainEntry | null;
  startMs: number | null;
  lastEndMs: number | null;
  /** Running hash of the whole file, valid only when every byte went through this process. */
  whole: Hash | null;
  lastMeta: FragmentMeta | null;
}

const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

/**
 * Opens the device's chain writer. Loads the head and catches up with entries written after it
 * (crash between a chain line and the head update). Throws if the head belongs to another device.
 */
export async function createChainWriter(opts: ChainWriterOptions): Promise<ChainWriter> {
  const { deviceId, keyPair, headFile } = opts;
  const fsync = opts.fsync ?? true;
  const now = opts.now ?? Date.now;
  const keyId = keyPair.fingerprint ?? publicKeyFingerprint(keyPair.privateKey);
  const saved = await loadChainHead(headFile);
  if (saved && saved.deviceId !== deviceId) {
    throw new Error(`${headFile} belongs to device ${saved.deviceId}, not ${deviceId}`);
  }
  // Before the first entry the head is a virtual seq -1 whose hash is the genesis prev.
  let head: ChainHead = saved ?? {
    v: 1,
    deviceId,
    keyId,
    seq: -1,
    hash: ZERO_HASH,
    chainFile: null,
    updatedAt: iso(now()),
  };
  if (head.chainFile) head = await catchUp(head, keyPair.privateKey, keyId, headFile, fsync);

  const lock = await takeWriterLock(`${headFile}.lock`);
  const segments = new Map<string, SegmentState>();
  /**
   * The one segment taking media entries now. A segment's entries are contiguous in seq: the
   * next segment starts only after this one is sealed, so a segment's chain file never misses
   * an entry that landed in another file meanwhile.
   */
  let openSegment: string | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.catch(() => undefined);
    return p;
  };

  async function state(segmentPath: string): Promise<SegmentState> {
    const path = resolve(segmentPath);
    const known = segments.get(path);
    if (known) return known;
    const chainPath = chainFileFor(path);
    const st: SegmentState = {
      path,
      name: segmentNameOf(path),
      chainPath,
      fh: null,
      entries: 0,
      nextByte: 0,
      nextIndex: -1,
      sealed: null,
      discarded: null,
      startMs: null,
      lastEndMs: null,
      whole: createHash('sha256'),
      lastMeta: null,
    };
    const existing = await readChainFile(chainPath);
    if (existing) {
      // Resuming a segment after a restart: drop a torn last line, continue after the last entry.
      if (existing.tornBytes > 0) {
        const size = (await stat(chainPath)).size;
        await truncate(chainPath, size - existing.tornBytes);
      }
      const mine = existing.entries.filter((e) => e.deviceId === deviceId).sort((a, b) => a.seq - b.seq);
      for (const e of mine) {
        st.entries++;
        if (e.kind === 'seal') st.sealed = e;
        else if (e.kind === 'discard') {
          // A ranged discard only cut fragments out; the segment lives on (a seal follows it).
          if (!isCutEntry(e)) st.discarded = e;
        } else {
          st.nextByte = e.byteEnd;
          st.nextIndex = e.fragmentIndex + 1;
        }
        if (e.kind === 'init') st.startMs = Date.parse(e.start);
        st.lastEndMs = Date.parse(e.end);
        st.lastMeta = { officerId: e.officerId, clockOffsetMs: e.clockOffsetMs };
      }
      if (st.entries > 0) st.whole = null; // earlier bytes were hashed by another run
    }
    segments.set(path, st);
    return st;
  }

  async function segmentStartMs(st: SegmentState, meta: FragmentMeta, relEnd: number | null): Promise<number> {
    if (st.startMs !== null) return st.startMs;
    if (meta.segmentStartMs !== undefined) return (st.startMs = meta.segmentStartMs);
    const birth = (await stat(st.path)).birthtimeMs;
    return (st.startMs = birth > 0 ? birth : now() - (relEnd ?? 0) * 1000);
  }

  async function append(
    st: SegmentState,
    fields: Omit<UnsignedEntry, 'v' | 'deviceId' | 'keyId' | 'seq' | 'segment' | 'prev'>,
  ): Promise<ChainEntry> {
    const media = isMediaEntry(fields as ChainEntry);
    if (media && openSegment !== null && openSegment !== st.path) {
      throw new Error(
        `${st.name}: ${segmentNameOf(openSegment)} is still open in this chain; seal it before chaining another segment`,
      );
    }
    if (!st.fh) {
      if (st.entries === 0) {
        // Point the head at the new chain file first, so a crash right after its first line
        // is caught up on the next start.
        head = { ...head, chainFile: st.chainPath, updatedAt: iso(now()) };
        await saveChainHead(headFile, head, { fsync });
      }
      st.fh = await open(st.chainPath, 'a', 0o644);
      if (st.entries === 0 && fsync) await syncPath(dirname(st.chainPath));
    }
    const unsigned: UnsignedEntry = {
      v: ENTRY_VERSION,
      deviceId,
      keyId,
      seq: head.seq + 1,
      segment: st.name,
      prev: head.hash,
      ...fields,
    };
    const entry = signEntry(unsigned, keyPair.privateKey);
    await st.fh.write(serializeEntry(entry));
    if (fsync) await st.fh.datasync();
    st.entries++;
    if (media) openSegment = st.path;
    else if (openSegment === st.path) openSegment = null;
    head = {
      v: 1,
      deviceId,
      keyId,
      seq: entry.seq,
      hash: entryHash(entry),
      chainFile: st.chainPath,
      updatedAt: iso(now()),
    };
    await saveChainHead(headFile, head, { fsync });
    return entry;
  }

  function checkBytes(st: SegmentState, byteStart: number, byteEnd: number, bytes: Buffer): void {
    if (st.sealed) throw new Error(`${st.name} is already sealed`);
    if (byteStart !== st.nextByte) {
      throw new Error(`${st.name}: expected bytes from ${st.nextByte}, got ${byteStart}–${byteEnd}`);
    }
    if (bytes.length !== byteEnd - byteStart) {
      throw new Error(`${st.name}: ${bytes.length} bytes given for range ${byteStart}–${byteEnd}`);
    }
  }

  const clockOffset = (meta: FragmentMeta) => (meta.clockOffsetMs === null ? null : Math.round(meta.clockOffsetMs));

  const writer: ChainWriter = {
    deviceId,
    keyId,
    head: () => (head.seq < 0 ? null : head),
    onInit: (segmentPath, init, bytes, meta) =>
      serial(async () => {
        const st = await state(segmentPath);
        if (st.entries > 0) throw new Error(`${st.name}: init already chained`);
        checkBytes(st, init.byteStart, init.byteEnd, bytes);
        const startMs = await segmentStartMs(st, meta, null);
        const entry = await append(st, {
          kind: init.complete ? 'init' : 'partial',
          officerId: meta.officerId,
          fragmentIndex: -1,
          byteStart: init.byteStart,
          byteEnd: init.byteEnd,
          start: iso(startMs),
          end: iso(startMs),
          clockOffsetMs: clockOffset(meta),
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
        st.whole?.update(bytes);
        st.nextByte = init.byteEnd;
        st.nextIndex = 0;
        st.lastEndMs = startMs;
        st.lastMeta = meta;
        return entry;
      }),
    onFragment: (segmentPath, fragment, bytes, meta) =>
      serial(async () => {
        const st = await state(segmentPath);
        checkBytes(st, fragment.byteStart, fragment.byteEnd, bytes);
        if (fragment.complete && st.nextIndex < 0) throw new Error(`${st.name}: chain the init part first`);
        if (fragment.complete && fragment.index !== st.nextIndex) {
          throw new Error(`${st.name}: expected fragment ${st.nextIndex}, got ${fragment.index}`);
        }
        const base = await segmentStartMs(st, meta, fragment.end);
        const prevEnd = st.lastEndMs ?? base;
        const startMs = fragment.start === null ? prevEnd : base + fragment.start * 1000;
        // A partial fragment's duration is unknown: it gets a zero-length span at its start.
        const endMs = !fragment.complete || fragment.end === null ? startMs : base + fragment.end * 1000;
        const kind: EntryKind = fragment.complete ? 'fragment' : 'partial';
        const entry = await append(st, {
          kind,
          officerId: meta.officerId,
          fragmentIndex: st.nextIndex,
          byteStart: fragment.byteStart,
          byteEnd: fragment.byteEnd,
          start: iso(startMs),
          end: iso(endMs),
          clockOffsetMs: clockOffset(meta),
          sha256: createHash('sha256').update(bytes).digest('hex'),
        });
        st.whole?.update(bytes);
        st.nextByte = fragment.byteEnd;
        st.nextIndex++;
        st.lastEndMs = endMs;
        st.lastMeta = meta;
        return entry;
      }),
    sealSegment: (segmentPath, meta = {}) =>
      serial(async () => {
        const st = await state(segmentPath);
        if (st.sealed) return st.sealed;
        const size = (await stat(st.path)).size;
        if (size !== st.nextByte) {
          throw new Error(`${st.name}: ${size - st.nextByte} bytes after byte ${st.nextByte} are not chained yet`);
        }
        const sha256 = st.whole ? st.whole.digest('hex') : await hashFile(st.path);
        const startMs = st.startMs ?? (await segmentStartMs(st, { officerId: null, clockOffsetMs: null }, null));
        const last = st.lastMeta;
        const m: FragmentMeta = {
          officerId: meta.officerId !== undefined ? meta.officerId : (last?.officerId ?? null),
          clockOffsetMs: meta.clockOffsetMs !== undefined ? meta.clockOffsetMs : (last?.clockOffsetMs ?? null),
        };
        const entry = await append(st, {
          kind: 'seal',
          officerId: m.officerId,
          fragmentIndex: Math.max(0, st.nextIndex),
          byteStart: 0,
          byteEnd: size,
          start: iso(startMs),
          end: iso(st.lastEndMs ?? startMs),
          clockOffsetMs: clockOffset(m),
          sha256,
        });
        st.sealed = entry;
        await st.fh?.close();
        st.fh = null;
        segments.delete(st.path);
        return entry;
      }),
    discardSegment: (segmentPath, reason, meta = {}) =>
      serial(async () => {
        const st = await state(segmentPath);
        if (st.discarded) return st.discarded;
        const seal = st.sealed;
        if (!seal) throw new Error(`${st.name}: seal the segment before discarding it`);
        const entry = await append(st, {
          kind: 'discard',
          officerId: meta.officerId !== undefined ? meta.officerId : seal.officerId,
          fragmentIndex: seal.fragmentIndex,
          byteStart: 0,
          byteEnd: seal.byteEnd,
          start: seal.start,
          end: seal.end,
          clockOffsetMs:
            meta.clockOffsetMs !== undefined && meta.clockOffsetMs !== null
              ? Math.round(meta.clockOffsetMs)
              : seal.clockOffsetMs,
          sha256: seal.sha256,
          reason,
        });
        st.discarded = entry;
        await st.fh?.close();
        st.fh = null;
        segments.delete(st.path);
        await rm(st.path, { force: true });
        if (fsync) await syncPath(dirname(st.path));
        return entry;
      }),
    cutSegment: (segmentPath, runs, reason, kept, meta = {}) =>
      serial(async () => {
        const st = await state(segmentPath);
        const seal = st.sealed;
        if (!seal || st.discarded) throw new Error(`${st.name}: only a sealed, kept segment can be cut`);
        const officerId = meta.officerId !== undefined ? meta.officerId : seal.officerId;
        const clockOffsetMs =
          meta.clockOffsetMs !== undefined && meta.clockOffsetMs !== null
            ? Math.round(meta.clockOffsetMs)
            : seal.clockOffsetMs;
        const out: ChainEntry[] = [];
        for (const r of runs) {
          if (r.byteStart <= 0 || r.byteEnd <= r.byteStart)
            throw new Error(`${st.name}: bad cut ${r.byteStart}–${r.byteEnd}`);
          out.push(
            await append(st, {
              kind: 'discard',
              officerId,
              fragmentIndex: r.fragmentIndex,
              byteStart: r.byteStart,
              byteEnd: r.byteEnd,
              start: r.start,
              end: r.end,
              clockOffsetMs,
              sha256: r.sha256,
              reason,
            }),
          );
        }
        const resealed = await append(st, {
          kind: 'seal',
          officerId,
          fragmentIndex: kept.fragments,
          byteStart: 0,
          byteEnd: kept.size,
          start: kept.start,
          end: kept.end,
          clockOffsetMs,
          sha256: kept.sha256,
        });
        out.push(resealed);
        st.sealed = resealed;
        await st.fh?.close();
        st.fh = null;
        segments.delete(st.path);
        return out;
      }),
    segmentStatus: (segmentPath) =>
      serial(async () => {
        const st = await state(segmentPath);
        if (st.sealed && !st.fh) segments.delete(st.path); // nothing more to write: don't keep it
        return { nextByte: st.nextByte, nextIndex: Math.max(0, st.nextIndex), sealed: st.sealed !== null };
      }),
    close: () =>
      serial(async () => {
        for (const st of segments.values()) {
          await st.fh?.close();
          st.fh = null;
        }
        segments.clear();
        await lock.release();
      }),
  };
  return writer;
}

/**
 * One writer per chain: two processes appending to one device's chain would fork it. The lock
 * file holds the writer's pid; a lock left by a dead process (a power cut) is taken over.
 */
async function takeWriterLock(file: string): Promise<{ release(): Promise<void> }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o644);
      await fh.writeFile(`${process.pid}\n`);
      await fh.close();
      return {
        release: async () => {
          const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
          if (holder === process.pid) await rm(file, { force: true });
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isSafeInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new Error(
          `the evidence chain of this recorder is held by another running agent (pid ${holder}, ${file}): ` +
            'stop it first; two writers would fork the chain',
        );
      }
      // Stale (its process is gone) or our own from an earlier writer in this process.
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not take the chain lock ${file}`);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Streams a file through SHA-256. */
export async function hashFile(path: string): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
    return hash.digest('hex');
  } finally {
    await fh.close();
  }
}

/** Adopts entries written after the saved head (crash between chain line and head update). */
async function catchUp(
  head: ChainHead,
  privateKey: KeyObject,
  keyId: string,
  headFile: string,
  fsync: boolean,
): Promise<ChainHead> {
  const read = head.chainFile ? await readChainFile(head.chainFile) : null;
  if (!read) return head;
  const pub = createPublicKey(privateKey);
  let cur = head;
  for (const e of read.entries.sort((a, b) => a.seq - b.seq)) {
    if (e.seq !== cur.seq + 1 || e.prev !== cur.hash || e.keyId !== keyId || e.deviceId !== head.deviceId) continue;
    if (!verifyEntrySignature(e, pub)) continue;
    cur = { ...cur, seq: e.seq, hash: entryHash(e), updatedAt: new Date().toISOString() };
  }
  if (cur !== head) await saveChainHead(headFile, cur, { fsync });
  return cur;
}
