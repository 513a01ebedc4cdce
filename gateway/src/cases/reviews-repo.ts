/** Review items as stored: the queries of reviews.ts (and of the access checks on single items). */
import type { Updateable } from 'kysely';
import { reviewVisible } from '../access/scope-repo.js';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import type { ReviewItemsTable, ReviewKind, ReviewState } from '../db/schema.js';

/** What a list of review items is narrowed to; every filter set must hold. */
export interface ReviewItemFilter {
  kind?: ReviewKind;
  state?: ReviewState;
  assignee?: string;
  caseId?: string;
  officerId?: string;
  unitId?: string;
  deviceId?: string;
  /** Only overdue items (not done, due before now), or only those that are not. */
  overdue?: boolean;
  /** Only what this caller may see (access/scope.ts). */
  visibleTo?: Scope;
}

/** One review item by id. */
export async function findReviewItem(db: Db, id: string): Promise<ReviewItemsTable | undefined> {
  return db.selectFrom('review_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The item about a subject (one per kind and subject), in whatever state. */
export async function findReviewItemAbout(
  db: Db,
  kind: ReviewKind,
  subjectId: string,
): Promise<ReviewItemsTable | undefined> {
  return db
    .selectFrom('review_items')
    .selectAll()
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** Files a new item. */
export async function insertReviewItem(db: Db, row: ReviewItemsTable): Promise<void> {
  await db.insertInto('review_items').values(row).execute();
}

/** Changes an item's columns (its facts, its state, a person's act on it). */
export async function updateReviewItem(db: Db, id: string, changes: Updateable<ReviewItemsTable>): Promise<void> {
  await db.updateTable('review_items').set(changes).where('id', '=', id).execute();
}

/**
 * Closes the open item about a subject with the system's resolution. An accepted explanation
 * stays; a rejected one is moot once the fact behind the item is gone.
 */
export async function closeReviewItemAbout(
  db: Db,
  kind: ReviewKind,
  subjectId: string,
  resolution: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('review_items')
    .set({ state: 'done', resolution, updated_at: now })
    .where('kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('state', '!=', 'done')
    .where((eb) => eb.or([eb('decision', 'is', null), eb('decision', '=', 'rejected')]))
    .execute();
}

/** The items a filter lets through, soonest due first; `now` decides what is overdue. */
export async function listReviewItems(
  db: Db,
  q: ReviewItemFilter,
  now: string,
  limit: number,
): Promise<ReviewItemsTable[]> {
  let query = db.selectFrom('review_items').selectAll();
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.state) query = query.where('state', '=', q.state);
  if (q.assignee) query = query.where('assignee', '=', q.assignee);
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  if (q.officerId) query = query.where('officer_id', '=', q.officerId);
  if (q.unitId) query = query.where('unit_id', '=', q.unitId);
  if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
  if (q.visibleTo) query = query.where(reviewVisible(q.visibleTo));
  if (q.overdue !== undefined)
    query = q.overdue
      ? query.where('state', '!=', 'done').where('due_at', '<', now)
      : query.where((eb) => eb.or([eb('state', '=', 'done'), eb('due_at', '>=', now)]));
  return query.orderBy('due_at').limit(limit).execute();
}

/** How many items the scope may see per kind and state, and how many of them were due before `now`. */
export async function countReviewItems(
  db: Db,
  visibleTo: Scope,
  now: string,
): Promise<{ kind: ReviewKind; state: ReviewState; n: number; late: number | null }[]> {
  return db
    .selectFrom('review_items')
    .where(reviewVisible(visibleTo))
    .select((eb) => [
      'kind',
      'state',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when('due_at', '<', now).then(1).else(0).end()).as('late'),
    ])
    .groupBy(['kind', 'state'])
    .execute();
}
