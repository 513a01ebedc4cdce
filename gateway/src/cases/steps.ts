/**
 * The steps of a case: adding, changing and removing them, and their coverage
 * (as last computed for lists, live for one case). A change to a step moves
 * its links, so it queues a re-sort of the step in its own transaction.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { StepsTable } from '../db/schema.js';
import { Invalid } from '../errors.js';
import { updateCase } from './cases-repo.js';
import { existingCase, existingStep } from './existing.js';
import { ms } from './match.js';
import type { StepCoverageView } from '@liuhen/contract';
import { DEFAULT_REQUIREMENT } from '@liuhen/contract';
import type { StepInput, StepPatch } from './model.js';
import { requiredRatio, type Sorter, type StepCoverage } from './sorter.js';
import { interruptionViews, type Interruption } from './step-coverage.js';
import {
  deleteStep,
  insertStep as insertStepRow,
  officersOfSteps,
  replaceStepOfficers,
  stepsOfCases,
  storedCoverageOfSteps,
  updateStep,
} from './steps-repo.js';

const iso = (s: string) => new Date(s).toISOString();
const isoMs = (t: number) => new Date(t).toISOString();

export function coverageView(c: StepCoverage): StepCoverageView {
  return {
    windowStart: c.windowStart,
    windowEnd: c.windowEnd,
    windowSeconds: c.windowSeconds,
    coveredSeconds: c.coveredSeconds,
    ratio: c.ratio,
    requiredRatio: c.requiredRatio,
    passing: c.passing,
    final: c.final,
    gaps: c.gaps.map((g) => ({ start: isoMs(g.start), end: isoMs(g.end), seconds: g.seconds })),
    recordedSeconds: c.recordedSeconds,
    bufferSeconds: c.bufferSeconds,
    interruptions: interruptionViews(c.interruptions),
  };
}

/** A change to one of its steps is a change to the case. */
async function touchCase(trx: Db, caseId: string): Promise<void> {
  await updateCase(trx, caseId, { updated_at: new Date().toISOString() });
}

function checkWindow(startsAt: string, endsAt: string | null | undefined): void {
  if (endsAt && ms(endsAt) <= ms(startsAt)) throw new Invalid('endsAt must be after startsAt');
}

/** Adds a step to a case inside the caller's transaction and queues its sort; the step's id. */
export async function insertStep(
  trx: Db,
  sorter: Pick<Sorter, 'queue'>,
  caseId: string,
  s: StepInput,
): Promise<string> {
  checkWindow(s.startsAt, s.endsAt);
  const id = randomUUID();
  const now = new Date().toISOString();
  await insertStepRow(
    trx,
    {
      id,
      case_id: caseId,
      kind: s.kind,
      title: s.title ?? null,
      starts_at: iso(s.startsAt),
      ends_at: s.endsAt ? iso(s.endsAt) : null,
      location: s.location ?? null,
      lat: s.lat ?? null,
      lon: s.lon ?? null,
      requirement: s.requirement ?? DEFAULT_REQUIREMENT[s.kind],
      created_at: now,
      updated_at: now,
    },
    s.officers,
  );
  await sorter.queue(trx, 'step', id);
  return id;
}

/** The steps of these cases (earliest first), the officers on each and their coverage as last computed. */
export async function stepsOf(db: Db, cfg: GatewayConfig['cases'], caseIds: string[]) {
  if (caseIds.length === 0)
    return {
      steps: [] as StepsTable[],
      officers: new Map<string, string[]>(),
      cov: new Map<string, StepCoverageView>(),
    };
  const steps = await stepsOfCases(db, caseIds);
  const ids = steps.map((s) => s.id);
  let officers = new Map<string, string[]>();
  const cov = new Map<string, StepCoverageView>();
  if (ids.length) {
    officers = await officersOfSteps(db, ids);
    for (const c of await storedCoverageOfSteps(db, ids)) {
      const step = steps.find((s) => s.id === c.step_id)!;
      cov.set(c.step_id, {
        windowStart: step.starts_at,
        windowEnd: step.ends_at ?? c.computed_at,
        windowSeconds: c.window_seconds,
        coveredSeconds: c.covered_seconds,
        ratio: c.ratio,
        requiredRatio: requiredRatio(step.requirement, cfg),
        passing: c.passing === 1,
        final: c.final === 1,
        gaps: (JSON.parse(c.gaps) as { start: number; end: number; seconds: number }[]).map((g) => ({
          start: isoMs(g.start),
          end: isoMs(g.end),
          seconds: g.seconds,
        })),
        recordedSeconds: c.recorded_seconds ?? c.covered_seconds,
        bufferSeconds: c.buffer_seconds ?? 0,
        interruptions: interruptionViews(JSON.parse(c.interruptions ?? '[]') as Interruption[]),
      });
    }
  }
  return { steps, officers, cov };
}

export interface CaseCoverage {
  caseId: string;
  steps: (StepCoverageView & { stepId: string; requirement: string })[];
  passing: boolean;
}

/** Live coverage of every step of a case, from its links (not the cached figures). */
export async function caseCoverage(
  db: Db,
  sorter: Pick<Sorter, 'computeCoverage'>,
  caseId: string,
): Promise<CaseCoverage> {
  await existingCase(db, caseId);
  const steps = await stepsOfCases(db, [caseId]);
  const out = [];
  const now = Date.now();
  for (const s of steps) {
    const c = await sorter.computeCoverage(db, s, now);
    out.push({ stepId: s.id, requirement: s.requirement, ...coverageView(c) });
  }
  return { caseId, steps: out, passing: out.every((s) => s.passing) };
}

export interface StepsDeps {
  db: Db;
  audit: AuditLog;
  sorter: Pick<Sorter, 'queue' | 'flush'>;
  /** Told after a committed change to a step (with its case). */
  changed(caseId?: string): void;
}

export function createSteps({ db, audit, sorter, changed }: StepsDeps) {
  return {
    async addStep(caseId: string, s: StepInput, actor: string): Promise<string> {
      const id = await db.transaction().execute(async (trx) => {
        await existingCase(trx, caseId);
        const id = await insertStep(trx, sorter, caseId, s);
        await touchCase(trx, caseId);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'step',
            subjectId: id,
            caseId,
            detail: { kind: s.kind, startsAt: s.startsAt, endsAt: s.endsAt ?? null, officers: s.officers },
          },
          trx,
        );
        return id;
      });
      changed(caseId);
      await sorter.flush();
      return id;
    },

    async patchStep(stepId: string, p: StepPatch, actor: string): Promise<StepsTable> {
      const step = await db.transaction().execute(async (trx) => {
        const s = await existingStep(trx, stepId);
        const startsAt = p.startsAt ? iso(p.startsAt) : s.starts_at;
        const endsAt = p.endsAt === undefined ? s.ends_at : p.endsAt ? iso(p.endsAt) : null;
        checkWindow(startsAt, endsAt);
        const set: Partial<StepsTable> = { starts_at: startsAt, ends_at: endsAt, updated_at: new Date().toISOString() };
        if (p.kind !== undefined) set.kind = p.kind;
        if (p.title !== undefined) set.title = p.title;
        if (p.location !== undefined) set.location = p.location;
        if (p.lat !== undefined) set.lat = p.lat;
        if (p.lon !== undefined) set.lon = p.lon;
        if (p.requirement !== undefined) set.requirement = p.requirement;
        await updateStep(trx, stepId, set);
        if (p.officers) await replaceStepOfficers(trx, stepId, p.officers);
        await sorter.queue(trx, 'step', stepId);
        await touchCase(trx, s.case_id);
        await audit.append(
          { actor, action: 'update', subjectType: 'step', subjectId: stepId, caseId: s.case_id, detail: p },
          trx,
        );
        return { ...s, ...set } as StepsTable;
      });
      changed(step.case_id);
      await sorter.flush();
      return step;
    },

    async removeStep(stepId: string, actor: string): Promise<void> {
      const caseOfStep = await db.transaction().execute(async (trx) => {
        const s = await existingStep(trx, stepId);
        await deleteStep(trx, stepId);
        await sorter.queue(trx, 'step', stepId);
        await touchCase(trx, s.case_id);
        await audit.append(
          {
            actor,
            action: 'update',
            subjectType: 'step',
            subjectId: stepId,
            caseId: s.case_id,
            detail: { removed: true },
          },
          trx,
        );
        return s.case_id;
      });
      changed(caseOfStep);
      await sorter.flush();
    },
  };
}
