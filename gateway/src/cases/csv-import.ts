/**
 * Cases and steps from CSV (from a case-management system or a spreadsheet).
 * One row per step; case columns repeat on each of its rows. Headers in
 * English or Chinese; kinds as codes or their Chinese names. Every row is
 * checked before anything is stored, and each error names the row and column.
 */
import { parse } from 'csv-parse/sync';
import { CASE_KINDS, REQUIREMENTS, STEP_KINDS } from '@liuhen/contract';
import { DEFAULT_REQUIREMENT } from '@liuhen/contract';
import type { CaseInput, StepInput } from './model.js';

const HEADERS: Record<string, string> = {
  case_number: 'case_number',
  案件编号: 'case_number',
  case_kind: 'case_kind',
  案件类型: 'case_kind',
  case_title: 'case_title',
  案由: 'case_title',
  party: 'party',
  当事人: 'party',
  unit_id: 'unit_id',
  执法单位: 'unit_id',
  major: 'major',
  重大: 'major',
  step_kind: 'step_kind',
  执法环节: 'step_kind',
  step_title: 'step_title',
  环节说明: 'step_title',
  starts_at: 'starts_at',
  开始时间: 'starts_at',
  ends_at: 'ends_at',
  结束时间: 'ends_at',
  location: 'location',
  地点: 'location',
  lat: 'lat',
  纬度: 'lat',
  lon: 'lon',
  经度: 'lon',
  requirement: 'requirement',
  记录要求: 'requirement',
  officers: 'officers',
  执法人员: 'officers',
};

const CASE_KIND_ZH: Record<string, (typeof CASE_KINDS)[number]> = {
  行政处罚: 'penalty',
  行政强制: 'compulsion',
  行政检查: 'inspection',
  行政奖励: 'reward',
};
const STEP_KIND_ZH: Record<string, (typeof STEP_KINDS)[number]> = {
  现场检查: 'on-site-inspection',
  随机抽查: 'random-inspection',
  调查取证: 'investigation',
  证据保全: 'evidence-preservation',
  文书送达: 'service',
  行政强制措施: 'compulsory-measure',
  强制措施: 'compulsory-measure',
  听证: 'hearing',
  其他: 'other',
};
const REQUIREMENT_ZH: Record<string, (typeof REQUIREMENTS)[number]> = {
  全过程: 'full-process',
  应录: 'required',
  可选: 'optional',
};

export class CsvImportError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `CSV not imported (${problems.length} problem${problems.length > 1 ? 's' : ''}); fix these rows and import again: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? '; …' : ''}`,
    );
  }
}

const REQUIRED = ['case_number', 'case_kind', 'case_title', 'step_kind', 'starts_at', 'officers'];
const MAX_ROWS = 50_000;

function time(v: string, row: number, col: string, problems: string[]): string | null {
  const t = Date.parse(v);
  // A time without a zone is ambiguous across stations: require one.
  if (Number.isNaN(t) || !/(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    problems.push(`row ${row}, ${col}: "${v}" is not a date-time with a zone such as 2026-11-26T09:30:00+08:00`);
    return null;
  }
  return new Date(t).toISOString();
}

export function parseCasesCsv(text: string): CaseInput[] {
  let records: string[][];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: false, trim: true });
  } catch (err) {
    throw new CsvImportError([`the file is not valid CSV: ${(err as Error).message}`]);
  }
  if (records.length < 2) throw new CsvImportError(['the file needs a header row and at least one step row']);
  if (records.length - 1 > MAX_ROWS) throw new CsvImportError([`at most ${MAX_ROWS} rows per import; split the file`]);
  const header = records[0]!.map((h) => HEADERS[h] ?? HEADERS[h.toLowerCase()] ?? null);
  const unknown = records[0]!.filter((_, i) => header[i] === null);
  const missing = REQUIRED.filter((h) => !header.includes(h));
  if (unknown.length || missing.length) {
    throw new CsvImportError([
      ...unknown.map((h) => `unknown column "${h}"`),
      ...missing.map((h) => `missing column "${h}"`),
    ]);
  }
  const problems: string[] = [];
  const cases = new Map<string, CaseInput & { steps: StepInput[] }>();
  records.slice(1).forEach((cells, i) => {
    const row = i + 2;
    const v = (col: string) => {
      const k = header.indexOf(col);
      return k >= 0 ? (cells[k] ?? '') : '';
    };
    for (const col of REQUIRED) if (!v(col)) problems.push(`row ${row}: ${col} is empty`);
    const caseKind = CASE_KIND_ZH[v('case_kind')] ?? v('case_kind');
    if (!(CASE_KINDS as readonly string[]).includes(caseKind))
      problems.push(
        `row ${row}, case_kind: "${v('case_kind')}" is not one of ${CASE_KINDS.join(', ')} (or 行政处罚/行政强制/行政检查/行政奖励)`,
      );
    const stepKind = STEP_KIND_ZH[v('step_kind')] ?? v('step_kind');
    if (!(STEP_KINDS as readonly string[]).includes(stepKind))
      problems.push(`row ${row}, step_kind: "${v('step_kind')}" is not one of ${STEP_KINDS.join(', ')}`);
    const reqRaw = v('requirement');
    const requirement = reqRaw ? (REQUIREMENT_ZH[reqRaw] ?? reqRaw) : undefined;
    if (requirement && !(REQUIREMENTS as readonly string[]).includes(requirement))
      problems.push(
        `row ${row}, requirement: "${reqRaw}" is not one of ${REQUIREMENTS.join(', ')} (or 全过程/应录/可选)`,
      );
    const startsAt = v('starts_at') ? time(v('starts_at'), row, 'starts_at', problems) : null;
    const endsAt = v('ends_at') ? time(v('ends_at'), row, 'ends_at', problems) : null;
    if (startsAt && endsAt && endsAt <= startsAt) problems.push(`row ${row}: ends_at is not after starts_at`);
    const num = (col: string, min: number, max: number) => {
      const raw = v(col);
      if (!raw) return null;
      const n = Number(raw);
      if (!Number.isFinite(n) || n < min || n > max)
        problems.push(`row ${row}, ${col}: "${raw}" is not a number in ${min}…${max}`);
      return n;
    };
    const lat = num('lat', -90, 90);
    const lon = num('lon', -180, 180);
    const officers = [
      ...new Set(
        v('officers')
          .split(/[;|；、]/)
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    ];
    const number = v('case_number');
    let c = cases.get(number);
    if (!c) {
      c = {
        number,
        kind: caseKind as CaseInput['kind'],
        title: v('case_title'),
        party: v('party') || null,
        unitId: v('unit_id') || null,
        major: ['1', 'true', 'yes', '是'].includes(v('major').toLowerCase()),
        steps: [],
      };
      cases.set(number, c);
    } else if (c.title !== v('case_title') || c.kind !== caseKind) {
      problems.push(`row ${row}: case ${number} has a different title or kind than on its first row`);
    }
    c.steps.push({
      kind: stepKind as StepInput['kind'],
      title: v('step_title') || null,
      startsAt: startsAt ?? '',
      endsAt,
      location: v('location') || null,
      lat,
      lon,
      requirement: (requirement as StepInput['requirement']) ?? DEFAULT_REQUIREMENT[stepKind as StepInput['kind']],
      officers,
    });
  });
  if (problems.length) throw new CsvImportError(problems);
  return [...cases.values()];
}
