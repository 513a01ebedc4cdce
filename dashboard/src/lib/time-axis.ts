// A time axis for Chart.js without a date adapter: a linear scale of epoch
// milliseconds with ticks placed at local round hours or midnights.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Tick positions at local round hours (or local midnights) across [from, to]. */
export function timeTicks(from: number, to: number): { values: number[]; step: number } {
  const span = to - from;
  const step = span <= 36 * HOUR ? 3 * HOUR : span <= 4 * DAY ? 12 * HOUR : DAY;
  const start = new Date(from);
  start.setHours(0, 0, 0, 0);
  const values: number[] = [];
  for (let day = new Date(start); day.getTime() <= to; day.setDate(day.getDate() + 1)) {
    for (let t = day.getTime(); t < day.getTime() + DAY && step < DAY; t += step) {
      if (t >= from && t <= to) values.push(t);
    }
    if (step >= DAY && day.getTime() >= from) values.push(day.getTime());
  }
  return { values, step };
}

/** Points with a null put in where reports stopped for a while, so the line breaks there. */
export function withGaps(points: { x: number; y: number | null }[]): { x: number; y: number | null }[] {
  if (points.length < 3) return points;
  const diffs = points
    .slice(1)
    .map((p, i) => p.x - points[i]!.x)
    .sort((a, b) => a - b);
  const usual = diffs[Math.floor(diffs.length / 2)] ?? 0;
  const out: { x: number; y: number | null }[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev && usual > 0 && p.x - prev.x > usual * 4) out.push({ x: (prev.x + p.x) / 2, y: null });
    out.push(p);
  });
  return out;
}
