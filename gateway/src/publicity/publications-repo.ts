/** Publications as the station stores them (the portal has its own read-only queries: portal/). */
import type { Db } from '../db/database.js';
import type { PublicationsTable } from '../db/schema.js';

export function findPublication(db: Db, id: string): Promise<PublicationsTable | undefined> {
  return db.selectFrom('publications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The live (not withdrawn) publication of a case, if any. */
export function publicationOfCase(db: Db, caseId: string): Promise<PublicationsTable | undefined> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('state', '!=', 'withdrawn')
    .executeTakeFirst();
}

export async function insertPublication(db: Db, row: PublicationsTable): Promise<void> {
  await db.insertInto('publications').values(row).execute();
}

export async function updatePublication(db: Db, id: string, set: Partial<PublicationsTable>): Promise<void> {
  await db.updateTable('publications').set(set).where('id', '=', id).execute();
}

export type PublicationWithUnit = PublicationsTable & { unit_id: string | null };

export function listPublications(
  db: Db,
  q: { state?: string; unitId?: string; caseId?: string; limit: number },
): Promise<PublicationWithUnit[]> {
  let s = db
    .selectFrom('publications')
    .leftJoin('cases', 'cases.id', 'publications.case_id')
    .selectAll('publications')
    .select('cases.unit_id');
  if (q.state) s = s.where('publications.state', '=', q.state);
  if (q.unitId) s = s.where('cases.unit_id', '=', q.unitId);
  if (q.caseId) s = s.where('publications.case_id', '=', q.caseId);
  return s.orderBy('publications.decided_at', 'desc').limit(q.limit).execute();
}

/** Published items whose stay has ended. */
export function dueToExpire(db: Db, now: string): Promise<PublicationsTable[]> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('state', '=', 'published')
    .where('expires_at', '<=', now)
    .execute();
}

/** The case facts a publication draft is made from. */
export function caseForPublication(db: Db, caseId: string) {
  return db
    .selectFrom('cases')
    .leftJoin('case_decisions', 'case_decisions.case_id', 'cases.id')
    .select([
      'cases.id',
      'cases.number',
      'cases.kind',
      'cases.title',
      'cases.party',
      'cases.status',
      'cases.updated_at',
    ])
    .select('case_decisions.facts')
    .where('cases.id', '=', caseId)
    .executeTakeFirst();
}

/** The names of the officers on a case's steps (named in the text: they stay, they act for the agency). */
export async function officerNamesOfCase(db: Db, caseId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('step_officers')
    .innerJoin('steps', 'steps.id', 'step_officers.step_id')
    .innerJoin('officers', 'officers.id', 'step_officers.officer_id')
    .select('officers.name')
    .distinct()
    .where('steps.case_id', '=', caseId)
    .execute();
  return rows.map((r) => r.name);
}
