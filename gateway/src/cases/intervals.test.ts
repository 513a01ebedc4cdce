import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, coverage, gaps, intersect, measure, overlaps, union, type Span } from './intervals.js';

const span = fc
  .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2_000 }))
  .map(([start, len]): Span => ({ start, end: start + len }));
const spans = fc.array(span, { maxLength: 30 });

/** Brute force on a 1 ms grid: the reference the fast functions must agree with. */
function coveredPoints(list: readonly Span[], window: Span): boolean[] {
  const grid = new Array<boolean>(Math.max(0, window.end - window.start)).fill(false);
  for (const s of list)
    for (let t = Math.max(s.start, window.start); t < Math.min(s.end, window.end); t++) grid[t - window.start] = true;
  return grid;
}

describe('interval arithmetic', () => {
  it('union is sorted, disjoint, and covers exactly the same points', () => {
    fc.assert(
      fc.property(spans, (list) => {
        const u = union(list);
        for (let i = 1; i < u.length; i++) expect(u[i]!.start).toBeGreaterThan(u[i - 1]!.end);
        for (const s of u) expect(s.end).toBeGreaterThan(s.start);
        const w = { start: 0, end: 12_000 };
        expect(coveredPoints(u, w)).toEqual(coveredPoints(list, w));
      }),
    );
  });

  it('union is idempotent and order-independent', () => {
    fc.assert(
      fc.property(spans, (list) => {
        expect(union(union(list))).toEqual(union(list));
        expect(union([...list].reverse())).toEqual(union(list));
      }),
    );
  });

  it('intersect covers exactly the points in both, sorted and disjoint', () => {
    fc.assert(
      fc.property(spans, spans, (a, b) => {
        const x = intersect(a, b);
        for (let i = 1; i < x.length; i++) expect(x[i]!.start).toBeGreaterThanOrEqual(x[i - 1]!.end);
        const w = { start: 0, end: 12_000 };
        const pa = coveredPoints(a, w);
        const pb = coveredPoints(b, w);
        expect(coveredPoints(x, w)).toEqual(pa.map((v, i) => v && pb[i]!));
      }),
    );
  });

  it('gaps with no tolerance are exactly the uncovered points of the window', () => {
    fc.assert(
      fc.property(spans, span, (list, window) => {
        const grid = coveredPoints(list, window);
        const fromGaps = new Array<boolean>(grid.length).fill(true);
        for (const g of gaps(list, window)) for (let t = g.start; t < g.end; t++) fromGaps[t - window.start] = false;
        expect(fromGaps).toEqual(grid);
      }),
    );
  });

  it('tolerance drops exactly the gaps shorter than it, and never adds one', () => {
    fc.assert(
      fc.property(spans, span, fc.integer({ min: 0, max: 500 }), (list, window, tol) => {
        const all = gaps(list, window);
        const kept = gaps(list, window, tol);
        expect(kept).toEqual(all.filter((g) => g.end - g.start >= tol));
      }),
    );
  });

  it('coverage: covered + counted gaps = window, ratio within [0, 1]', () => {
    fc.assert(
      fc.property(spans, span, fc.integer({ min: 0, max: 500 }), (list, window, tol) => {
        const c = coverage(list, window, tol);
        const gapSeconds = c.gaps.reduce((s, g) => s + g.seconds, 0);
        expect(c.coveredSeconds + gapSeconds).toBeCloseTo(c.windowSeconds, 6);
        expect(c.ratio).toBeGreaterThanOrEqual(0);
        expect(c.ratio).toBeLessThanOrEqual(1);
        // Without tolerance, covered time is the measure of the clipped union.
        expect(coverage(list, window).coveredSeconds * 1000).toBeCloseTo(measure(clip(list, window)), 6);
      }),
    );
  });

  it('overlap is symmetric and agrees with a non-empty clip', () => {
    fc.assert(
      fc.property(span, span, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        const nonEmpty = a.end > a.start && b.end > b.start;
        if (nonEmpty) expect(overlaps(a, b)).toBe(clip([a], b).length > 0);
      }),
    );
  });

  it('a full window of footage has no gaps; a 30 s stop is one 30 s gap', () => {
    const w = { start: 0, end: 120_000 };
    expect(coverage([w], w).ratio).toBe(1);
    const c = coverage(
      [
        { start: 0, end: 45_000 },
        { start: 45_500, end: 60_000 }, // a 0.5 s segment cut: tolerated
        { start: 90_000, end: 120_000 },
      ],
      w,
      2000,
    );
    expect(c.gaps).toEqual([{ start: 60_000, end: 90_000, seconds: 30 }]);
    expect(c.coveredSeconds).toBe(90);
  });
});
