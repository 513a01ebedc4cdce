/**
 * A device's evidence chain as the station holds it, in seq runs: pure
 * functions, unit-tested in chain-runs.test.ts. Each chain file the station
 * keeps (a stored segment's, a discarded segment's, a quarantined copy's)
 * contributes runs of consecutive, linked entries; put together in seq order
 * they show the gaps (entries the station never received), broken links
 * (entries that do not follow the one before) and seq held twice.
 */
import { entryHash, isMediaEntry, type ChainEntry } from '@liuhen/evidence';

/** [fromSeq, toSeq, prev of the first entry, hash of the last entry]. */
export type Run = [number, number, string, string];

/** Runs of consecutive seq whose links hold, in seq order (entries of one device). */
export function runsOf(entries: readonly ChainEntry[]): Run[] {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (const e of sorted) {
    const h = entryHash(e);
    if (cur && e.seq === cur[1] + 1 && e.prev === cur[3]) {
      cur[1] = e.seq;
      cur[3] = h;
      continue;
    }
    // The same entry twice in one file adds nothing; anything else starts a run.
    if (cur && e.seq === cur[1] && h === cur[3]) continue;
    cur = [e.seq, e.seq, e.prev, h];
    runs.push(cur);
  }
  return runs;
}

export interface HeldFile {
  file: string;
  source: 'segment' | 'discard' | 'quarantine';
  runs: readonly Run[];
}

export interface SeqRange {
  from: number;
  to: number;
}

export interface ChainContinuity {
  firstSeq: number | null;
  lastSeq: number | null;
  /** Distinct seq the station holds. */
  entries: number;
  /** Seq the station does not hold, from 0 to the last it holds. */
  gaps: (SeqRange & { count: number; after: string | null; before: string | null })[];
  /** Where an entry does not link to the entry before it. */
  brokenLinks: { seq: number; file: string }[];
  /** Seq held by more than one file (a quarantined copy of a stored segment, say). */
  overlaps: (SeqRange & { files: string[] })[];
  head: { seq: number; hash: string } | null;
  complete: boolean;
}

/** Gaps, broken links and overlaps over every file the station holds of one device. */
export function continuity(files: readonly HeldFile[]): ChainContinuity {
  const runs = files
    .flatMap((f) => f.runs.map((r) => ({ from: r[0], to: r[1], prev: r[2], hash: r[3], file: f.file })))
    .sort((a, b) => a.from - b.from || b.to - a.to || a.file.localeCompare(b.file));
  const out: ChainContinuity = {
    firstSeq: null,
    lastSeq: null,
    entries: 0,
    gaps: [],
    brokenLinks: [],
    overlaps: [],
    head: null,
    complete: false,
  };
  if (runs.length === 0) return out;
  const first = runs[0]!;
  out.firstSeq = first.from;
  if (first.from > 0)
    out.gaps.push({ from: 0, to: first.from - 1, count: first.from, after: null, before: first.file });
  let end = first.to;
  let endHash = first.hash;
  let endFile = first.file;
  out.entries = first.to - first.from + 1;
  for (const r of runs.slice(1)) {
    if (r.from > end + 1) {
      out.gaps.push({ from: end + 1, to: r.from - 1, count: r.from - end - 1, after: endFile, before: r.file });
    } else if (r.from === end + 1) {
      if (r.prev !== endHash) out.brokenLinks.push({ seq: r.from, file: r.file });
    } else {
      out.overlaps.push({ from: r.from, to: Math.min(end, r.to), files: [endFile, r.file] });
    }
    if (r.to > end) {
      out.entries += r.to - Math.max(end + 1, r.from) + 1;
      end = r.to;
      endHash = r.hash;
      endFile = r.file;
    }
  }
  out.lastSeq = end;
  out.head = { seq: end, hash: endHash };
  out.complete = out.gaps.length === 0 && out.brokenLinks.length === 0;
  return out;
}

export type DiscardCheck =
  | {
      ok: true;
      discard: ChainEntry;
      entries: ChainEntry[];
    }
  | { ok: false; problem: string };

/**
 * The checks of a discarded segment's chain that need no footage: every entry of this device and
 * segment, signed with its key (`verify`), in seq order, each linked to the one before it (a gap
 * only before a policy entry, which the recorder writes between segments), ending in a signed
 * whole-file `discard` that restates the segment's seal, with a reason.
 */
export function checkDiscardChain(
  entries: readonly ChainEntry[],
  expect: { deviceId: string; segment: string; keyId: string },
  verify: (e: ChainEntry) => boolean,
): DiscardCheck {
  if (entries.length === 0) return { ok: false, problem: 'the chain has no entries' };
  for (const e of entries) {
    if (e.deviceId !== expect.deviceId)
      return { ok: false, problem: `seq ${e.seq} belongs to device ${e.deviceId}, not ${expect.deviceId}` };
    if (e.segment !== expect.segment)
      return { ok: false, problem: `seq ${e.seq} was signed for segment ${e.segment}, not ${expect.segment}` };
    if (e.keyId !== expect.keyId)
      return { ok: false, problem: `seq ${e.seq} is signed with key ${e.keyId.slice(0, 12)}…, not the enrolled key` };
    if (!verify(e)) return { ok: false, problem: `seq ${e.seq}: the signature is not valid` };
  }
  for (let i = 1; i < entries.length; i++) {
    const a = entries[i - 1]!;
    const b = entries[i]!;
    if (b.seq <= a.seq) return { ok: false, problem: `seq ${b.seq} follows seq ${a.seq}: entries out of order` };
    if (b.seq === a.seq + 1) {
      if (b.prev !== entryHash(a))
        return { ok: false, problem: `seq ${b.seq} does not link to seq ${a.seq}: entries edited or replaced` };
    } else if (isMediaEntry(b)) {
      return { ok: false, problem: `entries missing (seq ${a.seq + 1}–${b.seq - 1}) inside the segment` };
    }
  }
  const last = entries.at(-1)!;
  if (last.kind !== 'discard' || last.byteStart !== 0)
    return { ok: false, problem: 'the chain does not end in a whole-file discard entry (byteStart 0)' };
  if (!last.reason?.trim()) return { ok: false, problem: 'the discard entry gives no reason' };
  const seal = entries.filter((e) => e.kind === 'seal').at(-1);
  if (!seal) return { ok: false, problem: 'the segment was never sealed before its discard' };
  if (last.byteEnd !== seal.byteEnd || last.sha256 !== seal.sha256)
    return { ok: false, problem: 'the discard does not cover the whole sealed file (byteEnd and SHA-256 of its seal)' };
  if (entries.some((e) => e !== last && e.kind === 'discard' && e.byteStart === 0))
    return { ok: false, problem: 'more than one whole-file discard' };
  return { ok: true, discard: last, entries: [...entries] };
}
