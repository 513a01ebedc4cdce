/**
 * Coverage roll-ups per officer, unit or case, and the trend per period,
 * from each finished step's computed coverage. A step with two officers
 * counts for each of them.
 */
import type { CoverageReportView } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import { finishedStepCoverage } from './coverage-repo.js';

export type GroupBy = 'officer' | 'unit' | 'case';
export type Period = 'day' | 'week' | 'month';

export type RollupRow = CoverageReportView['rows'][number];
export type TrendRow = CoverageReportView['trend'][number];

/** Period bucket of an instant, in the station's UTC+8 working day (China Standard Time). */
export function periodOf(isoTime: string, period: Period, offsetMinutes = 480): string {
  const d = new Date(Date.parse(isoTime) + offsetMinutes * 60_000);
  const day = d.toISOString().slice(0, 10);
  if (period === 'day') return day;
  if (period === 'month') return day.slice(0, 7);
  // ISO week: Thursday decides the year.
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const empty = () => ({ steps: 0, passing: 0, failing: 0, windowSeconds: 0, coveredSeconds: 0, ratio: 1 });

function add(acc: ReturnType<typeof empty>, r: { passing: number; window_seconds: number; covered_seconds: number }) {
  acc.steps++;
  if (r.passing) acc.passing++;
  else acc.failing++;
  acc.windowSeconds += r.window_seconds;
  acc.coveredSeconds += r.covered_seconds;
  acc.ratio = acc.windowSeconds > 0 ? acc.coveredSeconds / acc.windowSeconds : 1;
}

export async function coverageReport(
  db: Db,
  q: { groupBy: GroupBy; period: Period; from?: string; to?: string; unitId?: string },
): Promise<{ groupBy: GroupBy; period: Period; rows: RollupRow[]; trend: TrendRow[] }> {
  const iso = (t: string | undefined) => (t ? new Date(t).toISOString() : undefined);
  const rows = await finishedStepCoverage(db, { from: iso(q.from), to: iso(q.to), unitId: q.unitId });

  const groups = new Map<string, RollupRow>();
  const trend = new Map<string, TrendRow>();
  const countedInTrend = new Set<string>();
  for (const r of rows) {
    const [key, label] =
      q.groupBy === 'officer'
        ? [r.officer_id, r.officer_name ? `${r.officer_name} (${r.officer_id})` : r.officer_id]
        : q.groupBy === 'unit'
          ? [r.unit_id ?? '-', r.unit_name ?? r.unit_id ?? '-']
          : [r.case_id, r.number];
    // Per unit or case, a step with two officers is still one step.
    const dedupeKey = `${key}|${r.step_id}`;
    if (q.groupBy === 'officer' || !countedInTrend.has(`g:${dedupeKey}`)) {
      countedInTrend.add(`g:${dedupeKey}`);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { key, label, ...empty() }));
      add(g, r);
    }
    if (!countedInTrend.has(r.step_id)) {
      countedInTrend.add(r.step_id);
      const p = periodOf(r.starts_at, q.period);
      let t = trend.get(p);
      if (!t) trend.set(p, (t = { period: p, ...empty() }));
      add(t, r);
    }
  }
  return {
    groupBy: q.groupBy,
    period: q.period,
    rows: [...groups.values()].sort((a, b) => a.ratio - b.ratio || a.key.localeCompare(b.key)),
    trend: [...trend.values()].sort((a, b) => a.period.localeCompare(b.period)),
  };
}
