/**
 * What the stop policy reads about enforcement steps: the full-process steps
 * still to end, and how to name one in a refusal. (Queries on steps: they
 * would sit with cases/steps-repo.ts; kept here while that file is another's.)
 */
import type { Db } from '../db/database.js';

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
