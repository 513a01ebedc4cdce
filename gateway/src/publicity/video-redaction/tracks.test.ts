import { describe, expect, it } from 'vitest';
import { activeRegions, planProblems, type RedactionRegion } from './plan.js';
import { regionsFromSamples, type Box, type FaceSample } from './tracks.js';

const picture = { width: 1280, height: 720 };
const opts = { ...picture, durationMs: 3000, margin: 0 };
const at = (tMs: number, ...boxes: Box[]): FaceSample => ({ tMs, boxes });
const covers = (rs: RedactionRegion[], tMs: number, b: Box) =>
  rs.some(
    (r) =>
      r.startMs <= tMs &&
      r.endMs >= tMs &&
      r.x <= b.x &&
      r.y <= b.y &&
      r.x + r.w >= b.x + b.w &&
      r.y + r.h >= b.y + b.h,
  );

describe('regionsFromSamples', () => {
  it('covers a face moving steadily at every moment between the samples, from the sample before to the one after', () => {
    const samples = [0, 200, 400, 600, 800, 1000].map((t) => at(t));
    // Seen on the samples at 200..800 ms, moving 20 px per 200 ms.
    for (let i = 1; i <= 4; i++) samples[i]!.boxes.push({ x: 100 + 20 * i, y: 100, w: 80, h: 80 });
    const rs = regionsFromSamples(samples, opts);
    for (let t = 0; t <= 1000; t += 10) {
      const i = Math.min(4, Math.max(1, t / 200));
      expect(covers(rs, t, { x: 100 + 20 * i, y: 100, w: 80, h: 80 }), `t=${t}`).toBe(true);
    }
    expect(rs.every((r) => r.startMs >= 0 && r.endMs <= 1000)).toBe(true);
  });

  it('bridges a face missed on two samples, not on three', () => {
    const face = { x: 300, y: 200, w: 60, h: 60 };
    const twoMissed = [at(0, face), at(200), at(400), at(600, face)];
    expect(new Set(regionsFromSamples(twoMissed, opts).map((r) => r.id.split('-')[1])).size).toBe(1);
    expect(covers(regionsFromSamples(twoMissed, opts), 300, face)).toBe(true);
    const threeMissed = [at(0, face), at(200), at(400), at(600), at(800, face)];
    const rs = regionsFromSamples(threeMissed, opts);
    expect(new Set(rs.map((r) => r.id.split('-')[1])).size).toBe(2);
    expect(covers(rs, 400, face)).toBe(false);
  });

  it('keeps two faces apart, and splits a track when the face moves far', () => {
    const a = { x: 100, y: 100, w: 50, h: 50 };
    const b = { x: 900, y: 300, w: 70, h: 70 };
    const rs = regionsFromSamples([at(0, a, b), at(200, a, b), at(400, a, b)], opts);
    expect(rs).toHaveLength(2);
    expect(rs.map((r) => r.id).sort()).toEqual(['auto-1-1', 'auto-2-1']);
    // A face walking across: merged stretches stay within 1.5 x the face's area.
    const walk = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => at(i * 200, { x: 100 + 10 * i, y: 100, w: 50, h: 50 }));
    const split = regionsFromSamples(walk, opts);
    expect(split.length).toBeGreaterThan(1);
    expect(split.every((r) => r.w * r.h <= 1.5 * 50 * 50)).toBe(true);
  });

  it('pads boxes and stays inside the picture', () => {
    const rs = regionsFromSamples([at(0, { x: 1250, y: 700, w: 30, h: 20 })], { ...opts, margin: 0.3 });
    expect(rs).toEqual([{ id: 'auto-1-1', source: 'auto', startMs: 0, endMs: 3000, x: 1241, y: 694, w: 39, h: 26 }]);
  });

  it('gives the same ids for the same detections', () => {
    const samples = [at(0, { x: 10, y: 10, w: 40, h: 40 }), at(200, { x: 500, y: 10, w: 40, h: 40 })];
    expect(regionsFromSamples(samples, opts)).toEqual(regionsFromSamples(samples, opts));
  });
});

describe('plan', () => {
  const region = (over: Partial<RedactionRegion>): RedactionRegion => ({
    id: 'r',
    source: 'auto',
    startMs: 0,
    endMs: 100,
    x: 0,
    y: 0,
    w: 10,
    h: 10,
    ...over,
  });

  it('drops rejected auto regions and rounds boxes outwards, inside the picture', () => {
    const plan = {
      regions: [
        region({ id: 'a', x: -4.5, y: 10.6, w: 20.2, h: 5.1 }),
        region({ id: 'b' }),
        region({ id: 'm', source: 'manual', x: 1270, y: 715, w: 50, h: 50 }),
      ],
      rejected: ['b'],
      mutedSpans: [],
    };
    expect(planProblems(plan, picture)).toEqual([]);
    expect(activeRegions(plan, picture).map(({ id, x, y, w, h }) => ({ id, x, y, w, h }))).toEqual([
      { id: 'a', x: 0, y: 10, w: 16, h: 6 },
      { id: 'm', x: 1270, y: 715, w: 10, h: 5 },
    ]);
  });

  it('names duplicate ids and non-numbers', () => {
    const plan = {
      regions: [region({ id: 'a' }), region({ id: 'a' }), region({ id: 'n', x: NaN })],
      rejected: [],
      mutedSpans: [{ startMs: -1, endMs: 5 }],
    };
    const problems = planProblems(plan, picture);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/used twice/);
    expect(problems[1]).toMatch(/must be numbers/);
    expect(problems[2]).toMatch(/muted span 0/);
  });
});
