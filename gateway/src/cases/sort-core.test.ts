import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearEnough, officersOf, windowOverlaps, type MatchOptions } from './match.js';
import { sortAll, type CoreAssignment, type CoreSegment, type CoreStep } from './sort-core.js';

/** The rule applied pair by pair: what the indexed sort must reproduce exactly. */
function bruteForce(segs: CoreSegment[], steps: CoreStep[], assigns: CoreAssignment[], opts: MatchOptions) {
  const out: string[] = [];
  segs.forEach((seg, si) => {
    const officers = officersOf(
      seg,
      assigns.filter((a) => a.deviceId === seg.deviceId),
    );
    steps.forEach((st, ti) => {
      if (
        st.officers.some((o) => officers.includes(o)) &&
        windowOverlaps(seg, st, opts.marginMs) &&
        nearEnough(seg, st, opts.maxDistanceM)
      )
        out.push(`${si}:${ti}`);
    });
  });
  return out.sort();
}

const device = fc.constantFrom('d1', 'd2', 'd3');
const officer = fc.constantFrom('o1', 'o2', 'o3', 'o4');
const time = fc.integer({ min: 0, max: 100_000 });
const len = fc.integer({ min: 0, max: 20_000 });
const pos = fc.option(
  fc.record({
    lat: fc.double({ min: 30, max: 30.02, noNaN: true }),
    lon: fc.double({ min: 120, max: 120.02, noNaN: true }),
  }),
  { nil: undefined },
);

const segment = fc
  .tuple(device, fc.option(officer, { nil: null }), time, len, pos)
  .map(([deviceId, officerId, start, l, p]): CoreSegment => ({ deviceId, officerId, start, end: start + l, ...p }));
const step = fc
  .tuple(fc.uniqueArray(officer, { minLength: 1, maxLength: 3 }), time, fc.option(len, { nil: null }), pos)
  .map(([officers, start, l, p]): CoreStep => ({ officers, start, end: l === null ? Infinity : start + l, ...p }));
const assignment = fc
  .tuple(device, officer, time, fc.option(len, { nil: null }))
  .map(([deviceId, officerId, start, l]): CoreAssignment => ({
    deviceId,
    officerId,
    start,
    end: l === null ? Infinity : start + l,
  }));

describe('full sort', () => {
  it('links exactly the pairs the rule allows (against brute force)', () => {
    fc.assert(
      fc.property(
        fc.array(segment, { maxLength: 40 }),
        fc.array(step, { maxLength: 25 }),
        fc.array(assignment, { maxLength: 8 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.constantFrom(0, 500, 2000),
        (segs, steps, assigns, marginMs, maxDistanceM) => {
          const opts = { marginMs, maxDistanceM };
          const r = sortAll(segs, steps, assigns, opts);
          const got = [...r.segment].map((s, k) => `${s}:${r.step[k]}`).sort();
          expect(got).toEqual(bruteForce(segs, steps, assigns, opts));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('uses the assignment over the recorder-reported officer', () => {
    const r = sortAll(
      [{ deviceId: 'd1', officerId: 'wrong', start: 100, end: 200 }],
      [
        { officers: ['wrong'], start: 0, end: 1000 },
        { officers: ['right'], start: 0, end: 1000 },
      ],
      [{ deviceId: 'd1', officerId: 'right', start: 0, end: Infinity }],
      { marginMs: 0, maxDistanceM: 0 },
    );
    expect([...r.step]).toEqual([1]);
  });
});

describe('parseIsoUtc', () => {
  it('agrees with Date.parse on every instant toISOString can print, and falls back on other forms', async () => {
    const { parseIsoUtc } = await import('./match.js');
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 11, 31) }), (t) => {
        expect(parseIsoUtc(new Date(t).toISOString())).toBe(t);
      }),
      { numRuns: 5000 },
    );
    expect(parseIsoUtc('2026-11-26T10:00:00+08:00')).toBe(Date.parse('2026-11-26T02:00:00Z'));
  });
});
