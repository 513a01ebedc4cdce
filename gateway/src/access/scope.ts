/**
 * What part of the footage and cases a caller may see, as the domain states it:
 * an officer their own footage, the cases they are on and their review items;
 * a supervisor with a unit that unit's; a legal reviewer the cases in legal
 * review and their footage. Admins, auditors, equipment managers and
 * supervisors without a unit are unrestricted.
 *
 * The services narrow what they read with these where-clauses (`visibleTo`);
 * the HTTP layer checks single objects with the same rules (http/scope.ts).
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Principal } from '../auth/roles.js';
import { recordingHolder } from '../cases/owner.js';
import type { Database } from '../db/schema.js';

/** A caller's limits; none set: unrestricted. */
export interface Scope {
  officerId?: string;
  unitId?: string;
  inReviewOnly?: boolean;
}

/** The scope of a caller (the HTTP side: guard.ts `scopeOf`, and WebSocket upgrades). */
export function scopeOfPrincipal(p: Principal): Scope {
  if (p.kind !== 'user' && p.kind !== 'token') return {};
  if (p.role === 'officer') return { officerId: p.officerId ?? '\u0000no-officer' };
  if (p.role === 'supervisor' && p.unitId) return { unitId: p.unitId };
  if (p.role === 'legal-reviewer') return { inReviewOnly: true };
  return {};
}

export const unrestricted = (s: Scope) => !s.officerId && !s.unitId && !s.inReviewOnly;

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
