/**
 * The annual statistics report of administrative enforcement (行政执法统计年报, published by
 * 31 January for the year before): cases by kind, outcome and unit; how much of the mandatory
 * recording was done (全过程记录: required and full-process steps on video); legal reviews of
 * major decisions and their outcomes; results published and on time. A year is the calendar year
 * in Shanghai time. Figures come from the case record; nothing is typed in by hand.
 */
import type { AnnualReport } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import { csvFile } from '../csv.js';
import { Invalid } from '../errors.js';
import {
  casesByKindStatusUnit,
  coverageByRequirement,
  publicationsByState,
  reviewRounds,
} from './annual-report-repo.js';

export type { AnnualReport };

const add = (o: Record<string, number>, k: string, n: number) => (o[k] = (o[k] ?? 0) + n);

/** Start (inclusive) and end (exclusive) of a Shanghai calendar year, as UTC ISO text. */
function yearBounds(year: number): [string, string] {
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new Invalid(`year ${year}: give a year such as 2026`);
  const at = (y: number) => new Date(Date.UTC(y, 0, 1) - 8 * 3600_000).toISOString();
  return [at(year), at(year + 1)];
}

export async function annualReport(db: Db, year: number, now = new Date()): Promise<AnnualReport> {
  const [from, to] = yearBounds(year);
  const cases = await casesByKindStatusUnit(db, from, to);
  const byKind: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  const units = new Map<string, AnnualReport['units'][number]>();
  let total = 0;
  let major = 0;
  for (const r of cases) {
    const n = Number(r.n);
    total += n;
    major += Number(r.major ?? 0);
    add(byKind, r.kind, n);
    add(byStatus, r.status, n);
    const key = r.unit_id ?? '';
    const u = units.get(key) ?? { unitId: r.unit_id, unit: r.unit_name ?? '（未分配单位）', cases: 0, decided: 0 };
    u.cases += n;
    if (r.status === 'decided' || r.status === 'closed') u.decided += n;
    units.set(key, u);
  }
  const recording = (await coverageByRequirement(db, from, to)).map((r) => ({
    requirement: r.requirement,
    steps: Number(r.steps),
    checked: Number(r.final ?? 0),
    passing: Number(r.passing ?? 0),
    coveredShare: Number(r.window_seconds ?? 0) > 0 ? Number(r.covered_seconds) / Number(r.window_seconds) : null,
  }));
  const byOutcome: Record<string, number> = {};
  let rounds = 0;
  for (const r of await reviewRounds(db, from, to)) {
    rounds += Number(r.n);
    add(byOutcome, r.outcome ?? r.state, Number(r.n));
  }
  const byState: Record<string, number> = {};
  let late = 0;
  for (const r of await publicationsByState(db, from, to)) {
    add(byState, r.state, Number(r.n));
    late += Number(r.late ?? 0);
  }
  return {
    year,
    generatedAt: now.toISOString(),
    cases: { total, major, byKind, byStatus },
    units: [...units.values()].sort((a, b) => b.cases - a.cases),
    recording,
    legalReview: { rounds, byOutcome },
    publicity: { byState, late },
  };
}

const KIND = { penalty: '行政处罚', compulsion: '行政强制', inspection: '行政检查', reward: '行政奖励' } as Record<
  string,
  string
>;
const STATUS = { open: '办理中', in_review: '法制审核中', decided: '已决定', closed: '已办结' } as Record<
  string,
  string
>;
const REQUIREMENT = { 'full-process': '全过程记录', required: '应当记录' } as Record<string, string>;
const OUTCOME = {
  agree: '同意',
  disagree: '不同意',
  revise: '建议修改后提交',
  submitted: '待受理',
  accepted: '审核中',
  withdrawn: '撤回',
} as Record<string, string>;

/** The report as CSV (csv.ts: UTF-8 with BOM, formula-safe): section, item, figure. */
export function annualReportCsv(r: AnnualReport): string {
  const rows: (string | number)[][] = [['类别', '项目', '数值']];
  rows.push(['案件', '总数', r.cases.total], ['案件', '重大执法决定', r.cases.major]);
  for (const [k, n] of Object.entries(r.cases.byKind)) rows.push(['案件类别', KIND[k] ?? k, n]);
  for (const [k, n] of Object.entries(r.cases.byStatus)) rows.push(['办理状态', STATUS[k] ?? k, n]);
  for (const u of r.units) rows.push(['执法单位', u.unit, u.cases]);
  for (const c of r.recording) {
    const label = REQUIREMENT[c.requirement] ?? c.requirement;
    rows.push(['执法全过程记录', `${label}环节数`, c.steps], ['执法全过程记录', `${label}达标数`, c.passing]);
    if (c.coveredShare !== null)
      rows.push(['执法全过程记录', `${label}覆盖率`, `${(c.coveredShare * 100).toFixed(1)}%`]);
  }
  rows.push(['法制审核', '审核轮次', r.legalReview.rounds]);
  for (const [k, n] of Object.entries(r.legalReview.byOutcome)) rows.push(['法制审核', OUTCOME[k] ?? k, n]);
  for (const [k, n] of Object.entries(r.publicity.byState)) rows.push(['执法公示', k, n]);
  rows.push(['执法公示', '超期公示', r.publicity.late]);
  return csvFile(rows);
}
