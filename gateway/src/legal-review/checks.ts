/**
 * The automatic checks a legal reviewer sees before reading the file (beyond what any anchor
 * system does), each with links to what it is about:
 *   coverage       every required and full-process step on video, and its gaps
 *   stops          recording stopped inside a full-process step (interruption items), explained or not
 *   certificates   every officer on a step held a valid enforcement licence (执法证) on that day
 *   deadline       the art. 60 decision deadline (90 days from filing unless extended)
 *   materials      what the catalogue asks the submission to contain, and what is missing
 *   integrity      every linked segment's file is present at its recorded size, chained by its recorder
 * Reads stored figures only (no re-hashing of hours of footage), so a case with 50 documents and
 * 2 h of footage is checked in well under a second; integrity of each file's bytes is the export
 * verifier's job, and the chains were verified when each segment arrived.
 *
 * Each detail is answered as lines of a stable code and its parameters (wording.ts gives the
 * Chinese `detail` the API and the opinion PDF carry; the dashboard words the codes itself).
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  CheckLineCode,
  CheckLineView,
  ClassificationView,
  DeadlineView,
  ReviewCheckView,
  StepCoverageView,
} from '@liuhen/contract';
import { STEP_KIND_ZH } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import type { StepsTable } from '../db/schema.js';
import { chainFilesOf, footageOfCase, officersOnCase, reviewItemsOfCase } from './legal-review-repo.js';
import { checkDetailZh, checkLineZh } from './wording.js';

type Check = ReviewCheckView;
type Link = Check['links'][number];
type Line = CheckLineView;
const worst = (states: Check['state'][]): Check['state'] =>
  states.includes('fail') ? 'fail' : states.includes('warn') ? 'warn' : 'pass';
const shanghai = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
const shanghaiDay = (iso: string) => shanghai(iso).slice(0, 10);
const line = (code: CheckLineCode, params: Line['params'] = {}): Line => ({ code, params });

/** A check from its lines: the Chinese detail is worded from them. */
function check(id: string, title: string, state: Check['state'], lines: Line[], links: Link[]): Check {
  return { id, title, state, detail: checkDetailZh(lines), lines, links };
}

export interface CheckInput {
  db: Db;
  footageRoot: string;
  caseId: string;
  steps: StepsTable[];
  coverage: Map<string, StepCoverageView>;
  classification: ClassificationView;
  decisionDeadline: DeadlineView;
}

export async function reviewChecks(input: CheckInput): Promise<ReviewCheckView[]> {
  return [
    coverageCheck(input),
    await stopsCheck(input),
    await certificatesCheck(input),
    deadlineCheck(input.decisionDeadline),
    materialsCheck(input.classification),
    await integrityCheck(input),
  ];
}

/** A step as lines name it: its title (or kind) and its day. */
const stepParams = (s: StepsTable) => ({ step: s.title, kind: s.kind, day: shanghaiDay(s.starts_at) });
const stepLabel = (s: StepsTable) =>
  `${s.title ?? STEP_KIND_ZH[s.kind as keyof typeof STEP_KIND_ZH] ?? s.kind} ${shanghaiDay(s.starts_at)}`;

function coverageCheck({ steps, coverage }: CheckInput): Check {
  const links: Link[] = [];
  const lines: Line[] = [];
  const states: Check['state'][] = [];
  for (const s of steps.filter((x) => x.requirement !== 'optional')) {
    const c = coverage.get(s.id);
    if (!c) {
      states.push('warn');
      lines.push(line('coverage.pending', stepParams(s)));
    } else if (!c.passing) {
      states.push(c.final ? 'fail' : 'warn');
      lines.push(
        line('coverage.short', {
          ...stepParams(s),
          percent: Math.round(c.ratio * 100),
          required: Math.round(c.requiredRatio * 100),
        }),
        ...c.gaps.map((g) =>
          line('coverage.gap', {
            start: shanghai(g.start).slice(11, 19),
            end: shanghai(g.end).slice(11, 19),
            seconds: Math.round(g.seconds),
          }),
        ),
      );
    } else {
      states.push('pass');
      continue;
    }
    links.push({ kind: 'step', id: s.id, label: stepLabel(s) });
  }
  const required = steps.filter((x) => x.requirement !== 'optional').length;
  return check(
    'coverage',
    '全过程记录覆盖',
    worst(states),
    lines.length ? lines : [line('coverage.ok', { count: required })],
    links,
  );
}

async function stopsCheck({ db, caseId }: CheckInput): Promise<Check> {
  const items = await reviewItemsOfCase(db, caseId, ['interruption', 'coverage-gap']);
  const stops = items.filter((i) => i.kind === 'interruption');
  const unexplained = stops.filter((i) => !i.explanation);
  const rejected = items.filter((i) => i.decision === 'rejected');
  const state: Check['state'] = rejected.length || unexplained.length ? 'fail' : stops.length ? 'warn' : 'pass';
  const shown = items.filter((i) => i.kind === 'interruption' || i.decision === 'rejected');
  const lines: Line[] =
    stops.length === 0 && rejected.length === 0
      ? [line('stops.none')]
      : [
          line('stops.count', { count: stops.length, unexplained: unexplained.length }),
          ...shown.map((i) =>
            i.explanation
              ? line('stops.explained', {
                  item: i.title,
                  reason: i.explanation_reason,
                  explanation: i.explanation,
                  decision: i.decision,
                })
              : line('stops.unexplained', { item: i.title, decision: i.decision }),
          ),
        ];
  return check(
    'stops',
    '执法过程中断',
    state,
    lines,
    shown.map((i) => ({ kind: 'review-item' as const, id: i.id, label: i.title })),
  );
}

async function certificatesCheck({ db, caseId }: CheckInput): Promise<Check> {
  const rows = await officersOnCase(db, caseId);
  const lines: Line[] = [];
  const states: Check['state'][] = [];
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const o of rows) {
    const day = shanghaiDay(o.starts_at);
    let problem: [Check['state'], Line] | null = null;
    if (!o.licence_no) problem = ['fail', line('certificates.no-licence', { officer: o.name, officerId: o.id })];
    else if (!o.licence_expires)
      problem = ['warn', line('certificates.no-expiry', { officer: o.name, licence: o.licence_no })];
    else if (o.licence_expires < day)
      problem = [
        'fail',
        line('certificates.expired', { officer: o.name, licence: o.licence_no, expired: o.licence_expires, day }),
      ];
    if (!problem) {
      states.push('pass');
      continue;
    }
    const key = `${o.id}:${checkLineZh(problem[1])}`;
    if (seen.has(key)) continue;
    seen.add(key);
    states.push(problem[0]);
    lines.push(problem[1]);
    links.push({ kind: 'officer', id: o.id, label: o.name });
  }
  const officers = new Set(rows.map((r) => r.id)).size;
  return check(
    'certificates',
    '执法人员资格',
    rows.length === 0 ? 'warn' : worst(states),
    rows.length === 0
      ? [line('certificates.none')]
      : lines.length
        ? lines
        : [line('certificates.ok', { count: officers })],
    links,
  );
}

function deadlineCheck(d: DeadlineView): Check {
  const state: Check['state'] = d.state === 'breached' ? 'fail' : d.state === 'ok' ? 'pass' : 'warn';
  const params = { days: d.days, due: shanghaiDay(d.dueAt), count: Math.abs(d.workingDaysLeft) };
  return check(
    'deadline',
    '办案期限',
    state,
    [line(d.workingDaysLeft >= 0 ? 'deadline.left' : 'deadline.overdue', params)],
    [],
  );
}

function materialsCheck(c: ClassificationView): Check {
  const missing = c.materials.filter((m) => !m.present);
  return check(
    'materials',
    '应提交资料',
    !c.major ? 'pass' : c.missing.length ? 'fail' : 'pass',
    !c.major
      ? [line('materials.not-major')]
      : missing.length
        ? [line('materials.missing', { materials: missing.map((m) => m.title) })]
        : [line('materials.ok', { count: c.materials.length })],
    [],
  );
}

async function integrityCheck({ db, caseId, footageRoot }: CheckInput): Promise<Check> {
  const footage = [...new Map((await footageOfCase(db, caseId)).map((f) => [f.id, f])).values()];
  const chains = new Set(
    (
      await chainFilesOf(
        db,
        footage.map((f) => basename(f.path)),
      )
    ).map((c) => c.segment),
  );
  const lines: Line[] = [];
  const states: Check['state'][] = [];
  const links: Link[] = [];
  let chained = 0;
  for (const f of footage) {
    const size = await stat(join(footageRoot, f.path)).then(
      (s) => s.size,
      () => null,
    );
    const name = basename(f.path);
    if (size === null || size !== Number(f.bytes)) {
      states.push('fail');
      lines.push(
        size === null
          ? line('integrity.missing', { file: name })
          : line('integrity.size', { file: name, onDisk: size, recorded: Number(f.bytes) }),
      );
      links.push({ kind: 'recording', id: f.id, label: name });
    } else if (f.source === 'device' && !chains.has(name)) {
      states.push('warn');
      lines.push(line('integrity.unchained', { file: name }));
      links.push({ kind: 'recording', id: f.id, label: name });
    } else {
      if (f.source === 'device') chained++;
      states.push('pass');
    }
  }
  return check(
    'integrity',
    '视音频完整性',
    footage.length ? worst(states) : 'warn',
    footage.length
      ? lines.length
        ? lines
        : [line('integrity.ok', { count: footage.length, chained })]
      : [line('integrity.none')],
    links,
  );
}
