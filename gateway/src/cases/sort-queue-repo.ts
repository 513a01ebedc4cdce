/**
 * The sort queue (sort_pending): subjects whose links or coverage must be worked out again.
 * Queue inside the transaction of the change itself, so a crash cannot leave it unsorted for good.
 */
import type { Db } from '../db/database.js';
import type { SortPendingTable } from '../db/schema.js';

/** Queues a subject for the sorter (pass the change's transaction); one already queued stays as it is. */
export async function queueForSort(
  db: Db,
  kind: SortPendingTable['kind'],
  id: string,
  queuedAt: string = new Date().toISOString(),
): Promise<void> {
  await db
    .insertInto('sort_pending')
    .values({ kind, id, queued_at: queuedAt })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
