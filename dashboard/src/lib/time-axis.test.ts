import { describe, expect, it } from 'vitest';
import { DAY, HOUR, timeTicks, withGaps } from './time-axis';

describe('timeTicks', () => {
  it('puts ticks every 3 h at local round hours over a day', () => {
    const from = new Date(2026, 10, 25, 12, 17).getTime();
    const { values, step } = timeTicks(from, from + DAY);
    expect(step).toBe(3 * HOUR);
    expect(values.length).toBe(8);
    for (const v of values) {
      const d = new Date(v);
      expect(d.getMinutes()).toBe(0);
      expect(d.getHours() % 3).toBe(0);
      expect(v).toBeGreaterThanOrEqual(from);
    }
  });

  it('puts ticks at local midnights over a week', () => {
    const from = new Date(2026, 10, 19, 9, 30).getTime();
    const { values, step } = timeTicks(from, from + 7 * DAY);
    expect(step).toBe(DAY);
    expect(values).toHaveLength(7);
    expect(values.every((v) => new Date(v).getHours() === 0)).toBe(true);
  });
});

describe('withGaps', () => {
  it('breaks the line where reports stopped', () => {
    const pts = [0, 1, 2, 3, 20, 21].map((x) => ({ x: x * 1000, y: x }));
    const out = withGaps(pts);
    expect(out).toHaveLength(7);
    expect(out[4]).toEqual({ x: 11_500, y: null });
  });

  it('leaves regular series alone', () => {
    const pts = [0, 1, 2, 3].map((x) => ({ x, y: x }));
    expect(withGaps(pts)).toEqual(pts);
  });
});
