/**
 * Interval arithmetic for coverage, on half-open [start, end) spans in
 * milliseconds. Pure functions; property-tested in intervals.test.ts.
 */
export interface Span {
  start: number;
  end: number;
}

export interface Gap extends Span {
  seconds: number;
}

/** True when the spans share time (touching ends do not overlap). */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Merges overlapping and touching spans; empty spans vanish. Sorted by start. */
export function union(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Each span cut to the window; spans outside it vanish. */
export function clip(spans: readonly Span[], window: Span): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const start = Math.max(s.start, window.start);
    const end = Math.min(s.end, window.end);
    if (end > start) out.push({ start, end });
  }
  return out;
}

/** The time in both `a` and `b` (each may overlap itself), as a sorted disjoint union. */
export function intersect(a: readonly Span[], b: readonly Span[]): Span[] {
  const x = union(a);
  const y = union(b);
  const out: Span[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const s = x[i]!;
    const t = y[j]!;
    const start = Math.max(s.start, t.start);
    const end = Math.min(s.end, t.end);
    if (end > start) out.push({ start, end });
    if (s.end < t.end) i++;
    else j++;
  }
  return out;
}

/**
 * The parts of `window` not covered by `spans`, ignoring breaks shorter than
 * `toleranceMs` (a keyframe-aligned segment cut is not a gap in the record).
 */
export function gaps(spans: readonly Span[], window: Span, toleranceMs = 0): Gap[] {
  const out: Gap[] = [];
  let cursor = window.start;
  const push = (start: number, end: number) => {
    if (end - start >= toleranceMs && end > start) out.push({ start, end, seconds: (end - start) / 1000 });
  };
  for (const s of union(clip(spans, window))) {
    push(cursor, s.start);
    cursor = s.end;
  }
  push(cursor, window.end);
  return out;
}

export interface Coverage {
  windowSeconds: number;
  coveredSeconds: number;
  /** covered / window; 1 for an empty window. */
  ratio: number;
  gaps: Gap[];
}

/** Covered time is the window minus the gaps that count. */
export function coverage(spans: readonly Span[], window: Span, toleranceMs = 0): Coverage {
  const windowMs = Math.max(0, window.end - window.start);
  const g = gaps(spans, window, toleranceMs);
  const gapMs = g.reduce((sum, x) => sum + (x.end - x.start), 0);
  return {
    windowSeconds: windowMs / 1000,
    coveredSeconds: (windowMs - gapMs) / 1000,
    ratio: windowMs === 0 ? 1 : (windowMs - gapMs) / windowMs,
    gaps: g,
  };
}

/** Total length of the union, ms. */
export function measure(spans: readonly Span[]): number {
  return union(spans).reduce((sum, s) => sum + (s.end - s.start), 0);
}
