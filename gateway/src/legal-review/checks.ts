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
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ClassificationView, DeadlineView, ReviewCheckView, StepCoverageView } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import type { StepsTable } from '../db/schema.js';
import { chainFilesOf, footageOfCase, officersOnCase, reviewItemsOfCase } from './legal-review-repo.js';

type Check = ReviewCheckView;
type Link = Check['links'][number];
const worst = (states: Check['state'][]): Check['state'] =>
  states.includes('fail') ? 'fail' : states.includes('warn') ? 'warn' : 'pass';
const shanghaiDay = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10);

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

const stepLabel = (s: StepsTable) => `${s.title ?? s.kind} ${shanghaiDay(s.starts_at)}`;

function coverageCheck({ steps, coverage }: CheckInput): Check {
  const links: Link[] = [];
  const lines: string[] = [];
  const states: Check['state'][] = [];
  for (const s of steps.filter((x) => x.requirement !== 'optional')) {
    const c = coverage.get(s.id);
    const label = stepLabel(s);
    if (!c) {
      states.push('warn');
      lines.push(`${label}: coverage not computed yet`);
    } else if (!c.passing) {
      states.push(c.final ? 'fail' : 'warn');
      const gaps = c.gaps.map((g) => `${g.start.slice(11, 19)}–${g.end.slice(11, 19)} (${Math.round(g.seconds)} s)`);
      lines.push(
        `${label}: ${Math.round(c.ratio * 100)} % on video, needs ${Math.round(c.requiredRatio * 100)} %${gaps.length ? `; gaps ${gaps.join(', ')}` : ''}`,
      );
    } else {
      states.push('pass');
      continue;
    }
    links.push({ kind: 'step', id: s.id, label });
  }
  const required = steps.filter((x) => x.requirement !== 'optional').length;
  return {
    id: 'coverage',
    title: '全过程记录覆盖',
    state: worst(states),
    detail: lines.length ? lines.join('\n') : `${required} required step(s), all on video`,
    links,
  };
}

async function stopsCheck({ db, caseId }: CheckInput): Promise<Check> {
  const items = await reviewItemsOfCase(db, caseId, ['interruption', 'coverage-gap']);
  const stops = items.filter((i) => i.kind === 'interruption');
  const unexplained = stops.filter((i) => !i.explanation);
  const rejected = items.filter((i) => i.decision === 'rejected');
  const state: Check['state'] = rejected.length || unexplained.length ? 'fail' : stops.length ? 'warn' : 'pass';
  const detail =
    stops.length === 0 && rejected.length === 0
      ? 'no recording stopped inside a full-process step'
      : [
          `${stops.length} stop(s) inside full-process steps, ${unexplained.length} not explained`,
          ...items
            .filter((i) => i.kind === 'interruption' || i.decision === 'rejected')
            .map(
              (i) =>
                `${i.title}: ${i.explanation ? `explained (${i.explanation_reason ?? ''}) ${i.explanation}` : 'no explanation'}${i.decision ? `; supervisor ${i.decision}` : ''}`,
            ),
        ].join('\n');
  return {
    id: 'stops',
    title: '执法过程中断',
    state,
    detail,
    links: items
      .filter((i) => i.kind === 'interruption' || i.decision === 'rejected')
      .map((i) => ({ kind: 'review-item' as const, id: i.id, label: i.title })),
  };
}

async function certificatesCheck({ db, caseId }: CheckInput): Promise<Check> {
  const rows = await officersOnCase(db, caseId);
  const lines: string[] = [];
  const states: Check['state'][] = [];
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const o of rows) {
    const day = shanghaiDay(o.starts_at);
    let problem: [Check['state'], string] | null = null;
    if (!o.licence_no) problem = ['fail', `${o.name} (${o.id}) has no enforcement licence number (执法证号) on record`];
    else if (!o.licence_expires) problem = ['warn', `${o.name}: licence ${o.licence_no} has no expiry on record`];
    else if (o.licence_expires < day)
      problem = ['fail', `${o.name}: licence ${o.licence_no} expired ${o.licence_expires}, before the act on ${day}`];
    if (!problem) {
      states.push('pass');
      continue;
    }
    const key = `${o.id}:${problem[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    states.push(problem[0]);
    lines.push(problem[1]);
    links.push({ kind: 'officer', id: o.id, label: o.name });
  }
  const officers = new Set(rows.map((r) => r.id)).size;
  return {
    id: 'certificates',
    title: '执法人员资格',
    state: rows.length === 0 ? 'warn' : worst(states),
    detail:
      rows.length === 0
        ? 'no officer is named on any step'
        : lines.join('\n') || `${officers} officer(s), each licence valid on the day of the act`,
    links,
  };
}

function deadlineCheck(d: DeadlineView): Check {
  const state: Check['state'] = d.state === 'breached' ? 'fail' : d.state === 'ok' ? 'pass' : 'warn';
  return {
    id: 'deadline',
    title: '办案期限',
    state,
    detail: `${d.label}：${shanghaiDay(d.dueAt)} 到期，${d.workingDaysLeft >= 0 ? `剩余 ${d.workingDaysLeft} 个工作日` : `已超期 ${-d.workingDaysLeft} 个工作日`}`,
    links: [],
  };
}

function materialsCheck(c: ClassificationView): Check {
  const missing = c.materials.filter((m) => !m.present);
  return {
    id: 'materials',
    title: '应提交资料',
    state: !c.major ? 'pass' : c.missing.length ? 'fail' : 'pass',
    detail: !c.major
      ? 'the catalogue does not classify this decision as major'
      : missing.length
        ? `missing: ${missing.map((m) => m.title).join('、')}`
        : `all ${c.materials.length} material(s) present`,
    links: [],
  };
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
  const lines: string[] = [];
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
      lines.push(`${name}: ${size === null ? 'file missing' : `${size} bytes on disk, ${f.bytes} recorded`}`);
      links.push({ kind: 'recording', id: f.id, label: name });
    } else if (f.source === 'device' && !chains.has(name)) {
      states.push('warn');
      lines.push(`${name}: no recorder chain stored for it`);
      links.push({ kind: 'recording', id: f.id, label: name });
    } else {
      if (f.source === 'device') chained++;
      states.push('pass');
    }
  }
  return {
    id: 'integrity',
    title: '视音频完整性',
    state: footage.length ? worst(states) : 'warn',
    detail: footage.length
      ? lines.join('\n') ||
        `${footage.length} segment(s) present at their recorded size, ${chained} chained by their recorder`
      : 'no footage is linked to the case',
    links,
  };
}
