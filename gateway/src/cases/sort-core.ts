/**
 * The full sort in memory: every segment against every step, in
 * O((segments + steps) log steps) instead of segments × steps. Steps are
 * grouped by officer and sorted by their widened start; a running maximum of
 * their widened ends tells the backward scan where it may stop. Assignments
 * are grouped by device the same way.
 */
import { nearEnough, type MatchOptions } from './match.js';

export interface CoreSegment {
  deviceId: string;
  /** The recorder-reported officer, used when no assignment covers the segment. */
  officerId: string | null;
  start: number;
  end: number;
  lat?: number | null;
  lon?: number | null;
}

export interface CoreStep {
  officers: readonly string[];
  start: number;
  /** Infinity while open. */
  end: number;
  lat?: number | null;
  lon?: number | null;
}

export interface CoreAssignment {
  deviceId: string;
  officerId: string;
  start: number;
  end: number;
}

/** Spans sorted by start with the running maximum of their ends: a stab query scans back only as far as needed. */
interface SortedSpans {
  starts: Float64Array;
  maxEnd: Float64Array;
  ends: Float64Array;
  idx: Int32Array;
}

function sortedSpans(items: { start: number; end: number; i: number }[]): SortedSpans {
  items.sort((a, b) => a.start - b.start);
  const n = items.length;
  const s: SortedSpans = {
    starts: new Float64Array(n),
    maxEnd: new Float64Array(n),
    ends: new Float64Array(n),
    idx: new Int32Array(n),
  };
  let running = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const it = items[k]!;
    s.starts[k] = it.start;
    s.ends[k] = it.end;
    s.idx[k] = it.i;
    running = Math.max(running, it.end);
    s.maxEnd[k] = running;
  }
  return s;
}

/** Calls `hit` for every span overlapping [from, to). */
function stab(s: SortedSpans, from: number, to: number, hit: (i: number) => void): void {
  // Last span starting before `to`.
  let lo = 0;
  let hi = s.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (s.starts[mid]! < to) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo - 1; k >= 0 && s.maxEnd[k]! > from; k--) {
    if (s.ends[k]! > from) hit(s.idx[k]!);
  }
}

export interface SortResult {
  /** Pairs as parallel arrays: segment index → step index. */
  segment: Int32Array;
  step: Int32Array;
  count: number;
}

export function sortAll(
  segments: readonly CoreSegment[],
  steps: readonly CoreStep[],
  assignments: readonly CoreAssignment[],
  opts: MatchOptions,
): SortResult {
  const byOfficer = new Map<string, { start: number; end: number; i: number }[]>();
  steps.forEach((st, i) => {
    for (const o of st.officers) {
      let list = byOfficer.get(o);
      if (!list) byOfficer.set(o, (list = []));
      list.push({ start: st.start - opts.marginMs, end: st.end + opts.marginMs, i });
    }
  });
  const stepIndex = new Map<string, SortedSpans>();
  for (const [o, list] of byOfficer) stepIndex.set(o, sortedSpans(list));

  const byDevice = new Map<string, { start: number; end: number; i: number }[]>();
  assignments.forEach((a, i) => {
    let list = byDevice.get(a.deviceId);
    if (!list) byDevice.set(a.deviceId, (list = []));
    list.push({ start: a.start, end: a.end, i });
  });
  const assignIndex = new Map<string, SortedSpans>();
  for (const [d, list] of byDevice) assignIndex.set(d, sortedSpans(list));

  let cap = Math.max(1024, segments.length * 2);
  let segOut = new Int32Array(cap);
  let stepOut = new Int32Array(cap);
  let count = 0;
  const push = (si: number, ti: number) => {
    if (count === cap) {
      cap *= 2;
      const a = new Int32Array(cap);
      a.set(segOut);
      segOut = a;
      const b = new Int32Array(cap);
      b.set(stepOut);
      stepOut = b;
    }
    segOut[count] = si;
    stepOut[count] = ti;
    count++;
  };

  const officers: string[] = [];
  const seen = new Set<number>();
  for (let si = 0; si < segments.length; si++) {
    const seg = segments[si]!;
    officers.length = 0;
    const ai = assignIndex.get(seg.deviceId);
    if (ai) {
      stab(ai, seg.start, seg.end, (i) => {
        const o = assignments[i]!.officerId;
        if (!officers.includes(o)) officers.push(o);
      });
    }
    if (officers.length === 0 && seg.officerId) officers.push(seg.officerId);
    // A step reached through two officers of the same segment links once.
    const dedupe = officers.length > 1;
    if (dedupe) seen.clear();
    for (const o of officers) {
      const idx = stepIndex.get(o);
      if (!idx) continue;
      stab(idx, seg.start, seg.end, (ti) => {
        if (dedupe) {
          if (seen.has(ti)) return;
          seen.add(ti);
        }
        if (nearEnough(seg, steps[ti]!, opts.maxDistanceM)) push(si, ti);
      });
    }
  }
  return { segment: segOut.subarray(0, count), step: stepOut.subarray(0, count), count };
}
