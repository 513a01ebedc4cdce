/**
 * Glue between the capture pipeline and the chain: follow a segment while it is written, seal it
 * when it is closed, and bring unsealed segments up to date after a crash.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type ChainWriter, type FragmentMeta } from './chain.js';
import { CHAIN_SUFFIX, type ChainEntry } from './entry.js';
import { watchFragments, type FinishOptions, type FinishResult, type FragmentWatcher } from './watch.js';

/** Extensions treated as recorded segments. */
export const SEGMENT_EXTENSIONS = ['.mp4', '.m4s', '.m4v', '.m4a', '.mov', '.fmp4'];

export const isSegmentFile = (name: string) =>
  !name.startsWith('.') && SEGMENT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

export type MetaSource = FragmentMeta | (() => FragmentMeta);
const metaOf = (m: MetaSource): FragmentMeta => (typeof m === 'function' ? m() : m);

export interface TrackSegmentOptions {
  /** Officer, clock offset (and optionally segmentStartMs); a function is asked again for every fragment. */
  meta: MetaSource;
  pollMs?: number;
}

export interface SegmentTracker {
  /** Call once the segment file is closed: chains the rest, then seals the segment. */
  finish(opts?: FinishOptions): Promise<FinishResult & { seal: ChainEntry }>;
  /** Stops following without sealing (agent shutdown); `recoverSegments` completes it later. */
  stop(): Promise<void>;
  readonly watcher: FragmentWatcher;
}

/**
 * Follows a segment file while ffmpeg writes it, chaining the init part and each fragment as
 * soon as the next one starts. Call when the segment file is opened (it may not exist yet).
 */
export function trackSegment(writer: ChainWriter, segmentPath: string, opts: TrackSegmentOptions): SegmentTracker {
  const watcher = watchFragments(segmentPath, {
    ...(opts.pollMs !== undefined ? { pollMs: opts.pollMs } : {}),
    onInit: async (init, bytes) => {
      await writer.onInit(segmentPath, init, bytes, metaOf(opts.meta));
    },
    onFragment: async (fragment, bytes) => {
      await writer.onFragment(segmentPath, fragment, bytes, metaOf(opts.meta));
    },
  });
  return {
    watcher,
    stop: () => watcher.stop(),
    async finish(fopts) {
      const result = await watcher.finish(fopts);
      const seal = await writer.sealSegment(segmentPath, metaOf(opts.meta));
      return { ...result, seal };
    },
  };
}

/**
 * Chains whatever of a closed segment file is not chained yet (all of it for a new file, the
 * tail after a crash) and seals it. Returns the seal entry (the existing one if already sealed).
 */
export async function chainClosedSegment(
  writer: ChainWriter,
  segmentPath: string,
  meta: MetaSource,
  opts: FinishOptions = {},
): Promise<FinishResult & { seal: ChainEntry }> {
  const status = await writer.segmentStatus(segmentPath);
  if (status.sealed) {
    const seal = await writer.sealSegment(segmentPath);
    return { fileSize: seal.byteEnd, fragments: seal.fragmentIndex, truncatedBytes: 0, hadIncomplete: false, seal };
  }
  const watcher = watchFragments(segmentPath, {
    resumeFrom: status.nextByte,
    pollMs: 1 << 30, // never polls: finish() reads the closed file once
    onInit: async (init, bytes) => {
      await writer.onInit(segmentPath, init, bytes, metaOf(meta));
    },
    onFragment: async (fragment, bytes) => {
      await writer.onFragment(segmentPath, fragment, bytes, metaOf(meta));
    },
  });
  const result = await watcher.finish(opts);
  const seal = await writer.sealSegment(segmentPath, metaOf(meta));
  return { ...result, seal };
}

export interface RecoveredSegment {
  path: string;
  result: FinishResult & { seal: ChainEntry };
}

/**
 * Startup crash recovery for a footage folder (recursively): every segment file whose chain
 * file is missing or has no seal is completed and sealed, oldest first (by modification time).
 * Call after `createChainWriter` and before recording starts.
 */
export async function recoverSegments(
  writer: ChainWriter,
  dir: string,
  meta: MetaSource,
  opts: FinishOptions = {},
): Promise<RecoveredSegment[]> {
  const candidates: { path: string; mtimeMs: number }[] = [];
  async function walk(d: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const name of names.sort()) {
      const p = join(d, name);
      const st = await stat(p);
      if (st.isDirectory()) await walk(p);
      else if (st.isFile() && isSegmentFile(name) && !name.endsWith(CHAIN_SUFFIX)) {
        const status = await writer.segmentStatus(p);
        if (!status.sealed) candidates.push({ path: p, mtimeMs: st.mtimeMs });
      }
    }
  }
  await walk(dir);
  candidates.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
  const out: RecoveredSegment[] = [];
  for (const c of candidates) out.push({ path: c.path, result: await chainClosedSegment(writer, c.path, meta, opts) });
  return out;
}

/**
 * Deletes a segment by policy (e.g. pre-record buffer that no recording claimed) without
 * breaking the chain: chains and seals whatever is not yet, writes a signed `discard` entry with
 * the reason, then removes the media file. The chain file stays and should be offloaded with the
 * evidence, so the verifier can tell a deletion by policy from footage that went missing.
 */
export async function discardSegment(
  writer: ChainWriter,
  segmentPath: string,
  reason: string,
  meta: MetaSource,
): Promise<ChainEntry> {
  const status = await writer.segmentStatus(segmentPath);
  if (!status.sealed) await chainClosedSegment(writer, segmentPath, meta);
  return writer.discardSegment(segmentPath, reason, metaOf(meta));
}
