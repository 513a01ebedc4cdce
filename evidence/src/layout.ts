/**
 * Where each chained part of a segment sits in the file as it is now.
 *
 * A segment's chain lists its parts in seq order: the init part, its fragments, a seal. When the
 * recorder keeps only the fragments a recording claims (see trim.ts), it removes the others from
 * the file and says so in the chain: one ranged `discard` entry per contiguous run of removed
 * fragments (bytes of the file as it was), then a new `seal` of the file as kept. The file is then
 * the concatenation, in order, of the parts no ranged discard removed. A `discard` covering the
 * whole file (byteStart 0) deletes the segment.
 *
 * Both the recorder (to trim again or recover) and the verifier read a segment through this.
 */
import type { ChainEntry } from './entry.js';

export interface PlacedPart<E extends { e: ChainEntry } = { e: ChainEntry }> {
  part: E;
  /** Where the part's bytes are in the file now (end exclusive). */
  fileStart: number;
  fileEnd: number;
}

export interface SegmentLayout<E extends { e: ChainEntry } = { e: ChainEntry }> {
  /** init, fragment and partial entries in byte order of the original file. */
  media: E[];
  /** Media entries still in the file, with their position in it. */
  kept: PlacedPart<E>[];
  /** Ranged discard entries (fragments removed by policy) with the media entries each removed. */
  cuts: { cut: E; removed: E[] }[];
  /** Every seal, in seq order; the last one describes the file as it is now. */
  seals: E[];
  /** A whole-file discard: the segment was deleted. */
  discard: E | null;
  /** Size the file must have now: the sum of the kept parts. */
  size: number;
  /** Problems with the order or shape of the entries, in words. */
  problems: { part: E; message: string }[];
}

export const isMediaEntry = (e: ChainEntry) => e.kind === 'init' || e.kind === 'fragment' || e.kind === 'partial';
/** A discard that removes fragments from a segment rather than the whole file. */
export const isCutEntry = (e: ChainEntry) => e.kind === 'discard' && e.byteStart > 0;

/**
 * Lays out a segment's entries (of one segment, any order; sorted by seq here). Never throws: what
 * does not fit is listed in `problems`.
 */
export function segmentLayout<E extends { e: ChainEntry }>(entries: readonly E[]): SegmentLayout<E> {
  const bySeq = [...entries].sort((a, b) => a.e.seq - b.e.seq);
  const media: E[] = [];
  const cuts: SegmentLayout<E>['cuts'] = [];
  const seals: E[] = [];
  const problems: SegmentLayout<E>['problems'] = [];
  let discard: E | null = null;
  const removed = new Set<E>();
  for (const p of bySeq) {
    const e = p.e;
    if (discard) problems.push({ part: p, message: `entry seq ${e.seq} after the segment was discarded` });
    if (isMediaEntry(e)) {
      if (seals.length > 0) problems.push({ part: p, message: `entry seq ${e.seq} adds bytes after the seal` });
      media.push(p);
    } else if (e.kind === 'seal') {
      seals.push(p);
    } else if (isCutEntry(e)) {
      if (seals.length === 0) problems.push({ part: p, message: `cut seq ${e.seq} before the segment was sealed` });
      const run = media.filter((m) => !removed.has(m) && m.e.byteStart >= e.byteStart && m.e.byteEnd <= e.byteEnd);
      const contiguous =
        run.length > 0 &&
        run[0]!.e.byteStart === e.byteStart &&
        run.at(-1)!.e.byteEnd === e.byteEnd &&
        run.every((m, i) => i === 0 || m.e.byteStart === run[i - 1]!.e.byteEnd);
      if (!contiguous || run.some((m) => m.e.kind === 'init')) {
        problems.push({
          part: p,
          message: `cut seq ${e.seq} (bytes ${e.byteStart}–${e.byteEnd}) does not remove whole fragments still in the file`,
        });
      }
      for (const m of run) removed.add(m);
      cuts.push({ cut: p, removed: run });
    } else if (e.kind === 'discard') {
      discard = p;
    }
  }
  // After every cut a seal must describe the file as kept.
  const lastCut = cuts.at(-1);
  const lastSeal = seals.at(-1);
  if (lastCut && (!lastSeal || lastSeal.e.seq < lastCut.cut.e.seq)) {
    problems.push({ part: lastCut.cut, message: `no seal after cut seq ${lastCut.cut.e.seq}` });
  }
  for (let i = 1; i < seals.length; i++) {
    const between = cuts.some((c) => c.cut.e.seq > seals[i - 1]!.e.seq && c.cut.e.seq < seals[i]!.e.seq);
    if (!between)
      problems.push({ part: seals[i]!, message: `second seal (seq ${seals[i]!.e.seq}) without a cut before it` });
  }
  const inFileOrder = [...media].sort((a, b) => a.e.byteStart - b.e.byteStart || a.e.seq - b.e.seq);
  const kept: PlacedPart<E>[] = [];
  let pos = 0;
  for (const m of inFileOrder) {
    if (removed.has(m)) continue;
    // Uncut, a part sits where it was written; after a cut, parts close up in order.
    const start = cuts.length === 0 ? m.e.byteStart : pos;
    const len = m.e.byteEnd - m.e.byteStart;
    kept.push({ part: m, fileStart: start, fileEnd: start + len });
    pos = start + len;
  }
  return { media: inFileOrder, kept, cuts, seals, discard, size: pos, problems };
}
