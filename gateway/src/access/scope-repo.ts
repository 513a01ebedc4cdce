/**
 * The access rules of access/scope.ts as SQL: where-clauses the services narrow their lists
 * with (`visibleTo`), and the single-object checks the HTTP layer makes (http/scope.ts).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import { recordingHolder } from '../cases/owner-repo.js';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';
import type { Scope } from './scope.js';

// ---- where-clauses: the rules as SQL, for single objects and lists alike -------------------

/** On `recordings`: what the scope may see. */
export function recordingVisible(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'recordings'>) => {
    const conds = [];
    // The desk's holder then, or (the desk has no record) the officer the recorder named.
    if (scope.officerId)
      conds.push(
        eb.or([
          eb(recordingHolder(eb), '=', scope.officerId),
          eb.and([eb('recordings.officer_id', '=', scope.officerId), eb.not(eb.exists(recordingHolder(eb)))]),
        ]),
      );
    if (scope.unitId) {
      const unitOfficers = eb.selectFrom('officers').select('officers.id').where('officers.unit_id', '=', scope.unitId);
      conds.push(
        eb.or([
          eb(recordingHolder(eb), 'in', unitOfficers),
          eb.and([eb('recordings.officer_id', 'in', unitOfficers), eb.not(eb.exists(recordingHolder(eb)))]),
        ]),
      );
    }
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

/** On `cases`: what the scope may see. */
export function caseVisible(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'cases'>) => {
    const conds = [];
    if (scope.unitId) conds.push(eb('cases.unit_id', '=', scope.unitId));
    if (scope.inReviewOnly) conds.push(eb('cases.status', '=', 'in_review'));
    if (scope.officerId)
      conds.push(
        eb(
          'cases.id',
          'in',
          eb
            .selectFrom('steps')
            .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
            .select('steps.case_id')
            .where('step_officers.officer_id', '=', scope.officerId),
        ),
      );
    return conds.length ? eb.and(conds) : sql<boolean>`1 = 1`;
  };
}

/** On `review_items`: what the scope may see (an item without a unit: only the unrestricted). */
export function reviewVisible(scope: Scope) {
  return (eb: ExpressionBuilder<Database, 'review_items'>) => {
    const conds = [];
    if (scope.officerId) conds.push(eb('review_items.officer_id', '=', scope.officerId));
    if (scope.unitId) conds.push(eb('review_items.unit_id', '=', scope.unitId));
    if (scope.inReviewOnly)
      conds.push(
        eb(
          'review_items.case_id',
          'in',
          eb.selectFrom('cases').select('cases.id').where('cases.status', '=', 'in_review'),
        ),
      );
    return conds.length ? eb.and(conds) : sql<boolean>`1 = 1`;
  };
}

// ---- single objects: what exists, and which of it the scope may see -------------------------

/** Which of these recordings exist (footage that does not is the route's to answer: 404). */
export async function existingRecordingIds(db: Db, ids: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('recordings').select('id').where('id', 'in', ids).execute();
  return rows.map((r) => r.id);
}

/** Which of these recordings the scope may see. */
export async function visibleRecordingIds(db: Db, scope: Scope, ids: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('recordings')
    .select('id')
    .where('id', 'in', ids)
    .where(recordingVisible(scope))
    .execute();
  return rows.map((r) => r.id);
}

/** Which of these cases the scope may see. */
export async function visibleCases(db: Db, scope: Scope, caseIds: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('cases').select('id').where('id', 'in', caseIds).where(caseVisible(scope)).execute();
  return rows.map((r) => r.id);
}

/** Whether the scope may see this review item. */
export async function reviewItemVisible(db: Db, scope: Scope, itemId: string): Promise<boolean> {
  const ok = await db
    .selectFrom('review_items')
    .select('id')
    .where('id', '=', itemId)
    .where(reviewVisible(scope))
    .executeTakeFirst();
  return ok !== undefined;
}

/** Which of these officers belong to the unit. */
export async function officersOfUnit(db: Db, unitId: string, officerIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('officers')
    .select('id')
    .where('id', 'in', officerIds)
    .where('unit_id', '=', unitId)
    .execute();
  return rows.map((r) => r.id);
}
