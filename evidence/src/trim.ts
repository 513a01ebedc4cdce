/**
 * Keeps exactly the fragments a recording claims. A closed, sealed segment usually holds footage
 * both inside and outside a recording's window (the recorder films continuously for its
 * pre-record buffer); the fragments outside are removed from the file, and the chain records each
 * removed run with a signed ranged `discard` and then seals the file as kept (see layout.ts).
 *
 * Crash order: (1) the kept file is written beside the segment as `<segment>.trim` and fsynced;
 * (2) the cut and the new seal are appended to the chain (fsynced); (3) the kept file replaces the
 * segment (rename, fsync of the folder). `finishPendingTrim` completes or undoes a trim that a
 * power cut interrupted: before (2) the original stays; after (2) the kept file is moved in.
 */
import { createHash } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readChainFile, type ChainWriter, type CutRun, type FragmentMeta } from './chain.js';
import { chainFileFor, type ChainEntry } from './entry.js';
import { syncPath } from './fsync.js';
import { segmentLayout, type PlacedPart } from './layout.js';

export const TRIM_SUFFIX = '.trim';

export type TrimResult =
  | { kind: 'kept-all'; start: string; end: string; size: number; sha256: string }
  | { kind: 'cut'; start: string; end: string; size: number; sha256: string; removedFragments: number }
  /** No fragment is claimed: discard the whole segment instead. */
  | { kind: 'none-claimed' };

interface Part {
  e: ChainEntry;
}

async function readSegmentEntries(segmentPath: string): Promise<ChainEntry[]> {
  const read = await readChainFile(chainFileFor(segmentPath));
  if (!read) throw new Error(`${segmentPath}: no chain file`);
  return read.entries;
}

/**
 * Removes from a sealed segment every fragment for which `claimed` is false (the init part always
 * stays). Fragments are judged on their chained wall-clock span.
 */
export async function trimSegment(
  writer: ChainWriter,
  segmentPath: string,
  claimed: (span: { start: number; end: number }) => boolean,
  reason: string,
  meta: Partial<FragmentMeta> = {},
  opts: { fsync?: boolean } = {},
): Promise<TrimResult> {
  const fsync = opts.fsync ?? true;
  const layout = segmentLayout<Part>((await readSegmentEntries(segmentPath)).map((e) => ({ e })));
  const seal = layout.seals.at(-1);
  if (!seal || layout.discard) throw new Error(`${segmentPath}: trim needs a sealed segment`);
  if (layout.problems.length > 0) throw new Error(`${segmentPath}: ${layout.problems[0]!.message}`);
  const isFragment = (p: PlacedPart<Part>) =>
    p.part.e.kind !== 'init' && !(p.part.e.kind === 'partial' && p.part.e.fragmentIndex < 0);
  const spanOf = (p: PlacedPart<Part>) => ({ start: Date.parse(p.part.e.start), end: Date.parse(p.part.e.end) });
  const fragments = layout.kept.filter(isFragment);
  const keep = new Set(fragments.filter((p) => claimed(spanOf(p))));
  // The closing fragment of a segment holds only the audio the muxer flushed at the end: kept
  // alone it would be a file without video. Keep the fragment before it too (more, not less).
  const last = fragments.at(-1);
  if (last && fragments.length >= 2 && keep.size === 1 && keep.has(last)) keep.add(fragments.at(-2)!);
  const keptFragments = fragments.filter((p) => keep.has(p));
  if (keptFragments.length === 0) return { kind: 'none-claimed' };
  const span = { start: keptFragments[0]!.part.e.start, end: keptFragments.at(-1)!.part.e.end };
  if (keptFragments.length === fragments.length) {
    return { kind: 'kept-all', ...span, size: seal.e.byteEnd, sha256: seal.e.sha256 };
  }

  // Runs of contiguous removed fragments, each one cut entry.
  const runs: { parts: PlacedPart<Part>[] }[] = [];
  for (const p of fragments) {
    if (keep.has(p)) continue;
    const last = runs.at(-1)?.parts.at(-1);
    if (last && fragments.indexOf(last) === fragments.indexOf(p) - 1) runs.at(-1)!.parts.push(p);
    else runs.push({ parts: [p] });
  }

  const tmp = segmentPath + TRIM_SUFFIX;
  const src = await open(segmentPath, 'r');
  const cutRuns: CutRun[] = [];
  let size = 0;
  const whole = createHash('sha256');
  try {
    const dst = await open(tmp, 'w', 0o644);
    try {
      const read = async (p: PlacedPart<Part>) => {
        const buf = Buffer.alloc(p.fileEnd - p.fileStart);
        const { bytesRead } = await src.read(buf, 0, buf.length, p.fileStart);
        if (bytesRead !== buf.length) throw new Error(`${segmentPath}: shorter than its chain says`);
        if (createHash('sha256').update(buf).digest('hex') !== p.part.e.sha256) {
          throw new Error(`${segmentPath}: fragment ${p.part.e.fragmentIndex} does not match its chain; not trimmed`);
        }
        return buf;
      };
      for (const p of layout.kept) {
        const buf = await read(p);
        if (isFragment(p) && !keep.has(p)) continue;
        await dst.write(buf);
        whole.update(buf);
        size += buf.length;
      }
      for (const run of runs) {
        const h = createHash('sha256');
        for (const p of run.parts) h.update(await read(p));
        const first = run.parts[0]!.part.e;
        const last = run.parts.at(-1)!.part.e;
        cutRuns.push({
          fragmentIndex: first.fragmentIndex,
          byteStart: first.byteStart,
          byteEnd: last.byteEnd,
          start: first.start,
          end: last.end,
          sha256: h.digest('hex'),
        });
      }
      if (fsync) await dst.sync();
    } finally {
      await dst.close();
    }
  } finally {
    await src.close();
  }
  const sha256 = whole.digest('hex');
  await writer.cutSegment(
    segmentPath,
    cutRuns,
    reason,
    {
      size,
      sha256,
      fragments: keptFragments.length,
      ...span,
    },
    meta,
  );
  await rename(tmp, segmentPath);
  if (fsync) await syncPath(dirname(segmentPath));
  return { kind: 'cut', ...span, size, sha256, removedFragments: fragments.length - keptFragments.length };
}

/**
 * After a power cut: a `<segment>.trim` left beside a segment is moved in when the chain already
 * records the cut (its last seal has the kept file's size), else removed (the original stands).
 * Returns what was done.
 */
export async function finishPendingTrim(segmentPath: string): Promise<'none' | 'completed' | 'undone'> {
  const tmp = segmentPath + TRIM_SUFFIX;
  let tmpSize: number;
  try {
    tmpSize = (await stat(tmp)).size;
  } catch {
    return 'none';
  }
  const read = await readChainFile(chainFileFor(segmentPath));
  const layout = segmentLayout<Part>((read?.entries ?? []).map((e) => ({ e })));
  const seal = layout.seals.at(-1);
  if (layout.cuts.length > 0 && seal && seal.e.byteEnd === tmpSize && seal.e.seq > layout.cuts.at(-1)!.cut.e.seq) {
    await rename(tmp, segmentPath);
    await syncPath(dirname(segmentPath));
    return 'completed';
  }
  await rm(tmp, { force: true });
  return 'undone';
}
