/** Queries on each step's computed coverage (step_coverage), as the reports read it. */
import type { Db } from '../db/database.js';

export interface FinishedCoverageQuery {
  /** Steps starting at or after this instant. */
  from?: string;
  /** Steps starting before this instant. */
  to?: string;
  /** Only steps of this unit's cases. */
  unitId?: string;
}

/**
 * The final coverage of every finished step that must be recorded (optional ones do not count),
 * one row per officer on the step, with its case, unit and officer names for the roll-ups.
 */
export async function finishedStepCoverage(db: Db, q: FinishedCoverageQuery) {
  let query = db
    .selectFrom('step_coverage')
    .innerJoin('steps', 'steps.id', 'step_coverage.step_id')
    .innerJoin('cases', 'cases.id', 'steps.case_id')
    .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
    .leftJoin('officers', 'officers.id', 'step_officers.officer_id')
    .leftJoin('units', 'units.id', 'cases.unit_id')
    .select([
      'steps.id as step_id',
      'steps.starts_at',
      'steps.requirement',
      'cases.id as case_id',
      'cases.number',
      'cases.unit_id',
      'units.name as unit_name',
      'step_officers.officer_id',
      'officers.name as officer_name',
      'step_coverage.window_seconds',
      'step_coverage.covered_seconds',
      'step_coverage.passing',
    ])
    .where('step_coverage.final', '=', 1)
    .where('steps.requirement', '!=', 'optional');
  if (q.from) query = query.where('steps.starts_at', '>=', q.from);
  if (q.to) query = query.where('steps.starts_at', '<', q.to);
  if (q.unitId) query = query.where('cases.unit_id', '=', q.unitId);
  return query.execute();
}
