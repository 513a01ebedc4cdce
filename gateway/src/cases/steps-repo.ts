/**
 * Steps as stored: the step rows, the officers on each and the coverage last
 * computed for them. Other concerns ask here too (alerts: who is on an open step now).
 */
import type { Db } from '../db/database.js';
import type { StepCoverageTable, StepsTable } from '../db/schema.js';

export interface OnDuty {
  stepId: string;
  caseId: string;
  requirement: string;
  since: string;
}

/** The officers among `officerIds` on a full-process or required step open at `now`, with that step. */
export async function officersOnDuty(db: Db, officerIds: string[], now: Date): Promise<Map<string, OnDuty>> {
  const out = new Map<string, OnDuty>();
  if (officerIds.length === 0) return out;
  const at = now.toISOString();
  const rows = await db
    .selectFrom('steps')
    .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
    .select(['step_officers.officer_id', 'steps.id', 'steps.case_id', 'steps.requirement', 'steps.starts_at'])
    .where('step_officers.officer_id', 'in', officerIds)
    .where('steps.requirement', 'in', ['full-process', 'required'])
    .where('steps.starts_at', '<=', at)
    .where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', at)]))
    .execute();
  for (const r of rows)
    out.set(r.officer_id, { stepId: r.id, caseId: r.case_id, requirement: r.requirement, since: r.starts_at });
  return out;
}

/** The step with this id, if any. */
export async function findStep(db: Db, id: string): Promise<StepsTable | undefined> {
  return db.selectFrom('steps').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stores a new step and the officers on it. */
export async function insertStep(db: Db, row: StepsTable, officerIds: string[]): Promise<void> {
  await db.insertInto('steps').values(row).execute();
  await insertStepOfficers(db, row.id, officerIds);
}

/** Changes the given columns of a step. */
export async function updateStep(db: Db, id: string, set: Partial<StepsTable>): Promise<void> {
  await db.updateTable('steps').set(set).where('id', '=', id).execute();
}

/** Puts exactly these officers on the step. */
export async function replaceStepOfficers(db: Db, stepId: string, officerIds: string[]): Promise<void> {
  await db.deleteFrom('step_officers').where('step_id', '=', stepId).execute();
  await insertStepOfficers(db, stepId, officerIds);
}

async function insertStepOfficers(db: Db, stepId: string, officerIds: string[]): Promise<void> {
  await db
    .insertInto('step_officers')
    .values(officerIds.map((officer_id) => ({ step_id: stepId, officer_id })))
    .execute();
}

/** Deletes a step with its officers (the re-sort queued with it clears its links and coverage). */
export async function deleteStep(db: Db, stepId: string): Promise<void> {
  await db.deleteFrom('step_officers').where('step_id', '=', stepId).execute();
  await db.deleteFrom('steps').where('id', '=', stepId).execute();
}

/** The steps of these cases, earliest start first. */
export async function stepsOfCases(db: Db, caseIds: string[]): Promise<StepsTable[]> {
  return db.selectFrom('steps').selectAll().where('case_id', 'in', caseIds).orderBy('starts_at').execute();
}

/** The officers on each of these steps, by step id. */
export async function officersOfSteps(db: Db, stepIds: string[]): Promise<Map<string, string[]>> {
  const officers = new Map<string, string[]>();
  for (const o of await db.selectFrom('step_officers').selectAll().where('step_id', 'in', stepIds).execute()) {
    const list = officers.get(o.step_id) ?? [];
    list.push(o.officer_id);
    officers.set(o.step_id, list);
  }
  return officers;
}

/** The coverage last computed for these steps (what lists show without recomputing). */
export async function storedCoverageOfSteps(db: Db, stepIds: string[]): Promise<StepCoverageTable[]> {
  return db.selectFrom('step_coverage').selectAll().where('step_id', 'in', stepIds).execute();
}

/** A full-process step and one of its officers. */
export interface FullProcessStepRow {
  id: string;
  case_id: string;
  officer_id: string;
  starts_at: string;
  ends_at: string | null;
}

/** Full-process steps of cases not closed that have not ended by `at`, one row per step and officer. */
export function fullProcessStepsNotEndedBy(db: Db, at: string): Promise<FullProcessStepRow[]> {
  return db
    .selectFrom('steps')
    .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
    .innerJoin('cases', 'cases.id', 'steps.case_id')
    .select(['steps.id', 'steps.case_id', 'step_officers.officer_id', 'steps.starts_at', 'steps.ends_at'])
    .where('steps.requirement', '=', 'full-process')
    .where('cases.status', '!=', 'closed')
    .where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', at)]))
    .execute();
}

/** A step's kind and its case's number, as a person names it. */
export function stepKindAndCaseNumber(db: Db, stepId: string): Promise<{ kind: string; number: string } | undefined> {
  return db
    .selectFrom('steps')
    .innerJoin('cases', 'cases.id', 'steps.case_id')
    .select(['steps.kind', 'cases.number'])
    .where('steps.id', '=', stepId)
    .executeTakeFirst();
}
