/** The figures of the annual statistics report (统计年报), counted in SQL over one year's cases. */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** Cases filed in [from, to): by kind, status and unit. */
export function casesByKindStatusUnit(db: Db, from: string, to: string) {
  return db
    .selectFrom('cases')
    .leftJoin('units', 'units.id', 'cases.unit_id')
    .select(['cases.kind', 'cases.status', 'cases.unit_id', 'units.name as unit_name'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('cases.major').as('major')])
    .where('cases.created_at', '>=', from)
    .where('cases.created_at', '<', to)
    .groupBy(['cases.kind', 'cases.status', 'cases.unit_id', 'units.name'])
    .execute();
}

/** Steps with a recording requirement in [from, to), by requirement: how many, how many passing. */
export function coverageByRequirement(db: Db, from: string, to: string) {
  return db
    .selectFrom('steps')
    .leftJoin('step_coverage', 'step_coverage.step_id', 'steps.id')
    .select('steps.requirement')
    .select((eb) => [
      eb.fn.countAll<number>().as('steps'),
      eb.fn
        .sum<number>(sql`CASE WHEN step_coverage.final = 1 AND step_coverage.passing = 1 THEN 1 ELSE 0 END`)
        .as('passing'),
      eb.fn.sum<number>(sql`CASE WHEN step_coverage.final = 1 THEN 1 ELSE 0 END`).as('final'),
      eb.fn.sum<number>('step_coverage.window_seconds').as('window_seconds'),
      eb.fn.sum<number>('step_coverage.covered_seconds').as('covered_seconds'),
    ])
    .where('steps.starts_at', '>=', from)
    .where('steps.starts_at', '<', to)
    .where('steps.requirement', '!=', 'optional')
    .groupBy('steps.requirement')
    .execute();
}

/** Legal review rounds submitted in [from, to), by state and outcome. */
export function reviewRounds(db: Db, from: string, to: string) {
  return db
    .selectFrom('legal_reviews')
    .select(['state', 'outcome'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submitted_at', '>=', from)
    .where('submitted_at', '<', to)
    .groupBy(['state', 'outcome'])
    .execute();
}

/** Publications decided in [from, to), by state, and how many were published late. */
export function publicationsByState(db: Db, from: string, to: string) {
  return db
    .selectFrom('publications')
    .select('state')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(sql`CASE WHEN published_at > due_at THEN 1 ELSE 0 END`).as('late'),
    ])
    .where('decided_at', '>=', from)
    .where('decided_at', '<', to)
    .groupBy('state')
    .execute();
}
