/**
 * Object-level limits behind the role check: an officer sees the footage,
 * cases and review items that are theirs; a supervisor with a unit sees that
 * unit's; a legal reviewer sees the cases in legal review and their footage.
 * Every check is one indexed query; routes call `assert*` before answering.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { outOfScope, type Scope } from './guard.js';

export const unrestricted = (s: Scope) => !s.officerId && !s.unitId && !s.inReviewOnly;

/** A where-clause on `recordings` for what the scope may see. */
export function recordingVisible(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'recordings'>) => {
    const conds = [];
    if (scope.officerId) conds.push(eb('recordings.officer_id', '=', scope.officerId));
    if (scope.unitId)
      conds.push(
        eb(
          'recordings.officer_id',
          'in',
          eb.selectFrom('officers').select('officers.id').where('officers.unit_id', '=', scope.unitId),
        ),
      );
    if (scope.inReviewOnly)
      conds.push(
        eb(
          'recordings.id',
          'in',
          eb
            .selectFrom('links')
            .innerJoin('steps', 'steps.id', 'links.step_id')
            .innerJoin('cases', 'cases.id', 'steps.case_id')
            .select('links.recording_id')
            .where('cases.status', '=', 'in_review')
            .where('links.origin', '!=', 'excluded'),
        ),
      );
    return conds.length ? eb.and(conds) : sql<boolean>`1 = 1`;
  };
}

export async function assertRecordingsVisible(db: Db, scope: Scope, ids: string[]): Promise<void> {
  if (unrestricted(scope) || ids.length === 0) return;
  const seen = await db
    .selectFrom('recordings')
    .select('id')
    .where('id', 'in', ids)
    .where(recordingVisible(scope))
    .execute();
  if (seen.length < new Set(ids).size) throw outOfScope('this footage');
}

export async function assertCaseVisible(db: Db, scope: Scope, caseId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const c = await db
    .selectFrom('cases')
    .select(['id', 'unit_id', 'status'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) return; // the route answers 404
  if (scope.unitId && c.unit_id !== scope.unitId) throw outOfScope('this case');
  if (scope.inReviewOnly && c.status !== 'in_review') throw outOfScope('this case (not in legal review)');
  if (scope.officerId) {
    const mine = await db
      .selectFrom('steps')
      .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
      .select('steps.id')
      .where('steps.case_id', '=', caseId)
      .where('step_officers.officer_id', '=', scope.officerId)
      .executeTakeFirst();
    if (!mine) throw outOfScope('this case');
  }
}

export async function assertStepVisible(db: Db, scope: Scope, stepId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const s = await db.selectFrom('steps').select('case_id').where('id', '=', stepId).executeTakeFirst();
  if (s) await assertCaseVisible(db, scope, s.case_id);
}
