/**
 * What legal review stores and reads: proposed decisions, review rounds, the reviewer registry,
 * and the facts of a case its checks and content snapshot need (footage, officers, stops).
 */
import type { Db } from '../db/database.js';
import { caseFootageQuery } from '../cases/links-repo.js';
import type {
  CaseDecisionsTable,
  CasesTable,
  LegalReviewersTable,
  LegalReviewsTable,
  OfficersTable,
  ReviewItemsTable,
} from '../db/schema.js';

// ---- proposed decisions ------------------------------------------------------------------

export function findDecision(db: Db, caseId: string): Promise<CaseDecisionsTable | undefined> {
  return db.selectFrom('case_decisions').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

export async function saveDecision(db: Db, row: CaseDecisionsTable): Promise<void> {
  await db
    .insertInto('case_decisions')
    .values(row)
    .onConflict((oc) =>
      oc.column('case_id').doUpdateSet({ facts: row.facts, updated_by: row.updated_by, updated_at: row.updated_at }),
    )
    .execute();
}

export async function setClassification(
  db: Db,
  caseId: string,
  set: Pick<CasesTable, 'major' | 'major_reasons'>,
): Promise<void> {
  await db.updateTable('cases').set(set).where('id', '=', caseId).execute();
}

/** Cases whose decision is not made yet: what a new catalogue re-classifies. */
export async function undecidedCaseIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('cases').select('id').where('status', 'in', ['open', 'in_review']).execute();
  return rows.map((r) => r.id);
}

/** The ids of a unit's cases. */
export async function caseIdsOfUnit(db: Db, unitId: string): Promise<string[]> {
  return (await db.selectFrom('cases').select('id').where('unit_id', '=', unitId).execute()).map((r) => r.id);
}

// ---- review rounds -------------------------------------------------------------------------

export function roundsOf(db: Db, caseId: string): Promise<LegalReviewsTable[]> {
  return db.selectFrom('legal_reviews').selectAll().where('case_id', '=', caseId).orderBy('round').execute();
}

export function findRound(db: Db, id: string): Promise<LegalReviewsTable | undefined> {
  return db.selectFrom('legal_reviews').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRound(db: Db, row: LegalReviewsTable): Promise<void> {
  await db.insertInto('legal_reviews').values(row).execute();
}

export async function updateRound(db: Db, id: string, set: Partial<LegalReviewsTable>): Promise<void> {
  await db.updateTable('legal_reviews').set(set).where('id', '=', id).execute();
}

export type RoundWithCase = LegalReviewsTable & { number: string; title: string; unit_id: string | null };

/** Rounds in the given states with their case's number and title, oldest first (the reviewers' inbox). */
export function roundsInStates(db: Db, states: readonly string[], limit: number): Promise<RoundWithCase[]> {
  return db
    .selectFrom('legal_reviews')
    .innerJoin('cases', 'cases.id', 'legal_reviews.case_id')
    .selectAll('legal_reviews')
    .select(['cases.number', 'cases.title', 'cases.unit_id'])
    .where('legal_reviews.state', 'in', [...states])
    .orderBy('legal_reviews.submitted_at')
    .limit(limit)
    .execute();
}

/** Opinions numbered in a year so far (numbers run per year: 法审〔2026〕12号). */
export async function opinionsNumberedIn(db: Db, year: string): Promise<number> {
  const r = await db
    .selectFrom('legal_reviews')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('opinion_number', 'like', `%〔${year}〕%`)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- reviewers -----------------------------------------------------------------------------

export function findReviewer(db: Db, username: string): Promise<LegalReviewersTable | undefined> {
  return db.selectFrom('legal_reviewers').selectAll().where('username', '=', username).executeTakeFirst();
}

export function allReviewers(db: Db): Promise<LegalReviewersTable[]> {
  return db.selectFrom('legal_reviewers').selectAll().orderBy('username').execute();
}

export async function saveReviewer(db: Db, row: LegalReviewersTable): Promise<void> {
  await db
    .insertInto('legal_reviewers')
    .values(row)
    .onConflict((oc) =>
      oc.column('username').doUpdateSet({
        name: row.name,
        qualification_no: row.qualification_no,
        certificate_no: row.certificate_no,
        certificate_expires: row.certificate_expires,
        active: row.active,
      }),
    )
    .execute();
}

/** The sign-in account behind a username: its role and badge (a reviewer who is also an officer). */
export function accountOf(db: Db, username: string) {
  return db
    .selectFrom('users')
    .select(['username', 'display_name', 'role', 'officer_id'])
    .where('username', '=', username)
    .executeTakeFirst();
}

// ---- what a case holds -----------------------------------------------------------------------

/** Footage linked to a case's steps (not excluded, not deleted), with what its integrity check needs. */
export function footageOfCase(db: Db, caseId: string) {
  return caseFootageQuery(db, caseId)
    .select([
      'recordings.id',
      'recordings.sha256',
      'recordings.path',
      'recordings.bytes',
      'recordings.device_id',
      'recordings.source',
      'recordings.recovered',
      'recordings.duration_seconds',
      'links.step_id',
    ])
    .execute();
}

/** Chain files stored for these segments (by file name). */
export function chainFilesOf(db: Db, segments: string[]) {
  if (segments.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chain_files')
    .select(['segment', 'device_id', 'entries'])
    .where('source', '=', 'segment')
    .where('segment', 'in', segments)
    .execute();
}

/** The officers on a case's steps, with the step each was on and when it began. */
export function officersOnCase(
  db: Db,
  caseId: string,
): Promise<(OfficersTable & { step_id: string; starts_at: string; step_kind: string })[]> {
  return db
    .selectFrom('step_officers')
    .innerJoin('steps', 'steps.id', 'step_officers.step_id')
    .innerJoin('officers', 'officers.id', 'step_officers.officer_id')
    .selectAll('officers')
    .select(['steps.id as step_id', 'steps.starts_at', 'steps.kind as step_kind'])
    .where('steps.case_id', '=', caseId)
    .orderBy('steps.starts_at')
    .execute();
}

/** Review items of a case of the given kinds (stops in full-process steps, coverage gaps). */
export function reviewItemsOfCase(db: Db, caseId: string, kinds: readonly string[]): Promise<ReviewItemsTable[]> {
  return db
    .selectFrom('review_items')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('kind', 'in', [...kinds] as ReviewItemsTable['kind'][])
    .orderBy('created_at')
    .execute();
}
