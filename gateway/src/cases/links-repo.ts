/**
 * Links between footage and steps as stored, and the footage rows a link
 * needs (which session a segment belongs to, what an export copies).
 */
import type { Db } from '../db/database.js';
import type { LinksTable, RecordingsTable } from '../db/schema.js';

/** A link with the footage it points at. */
export type LinkedFootage = Pick<LinksTable, 'step_id' | 'origin' | 'linked_by' | 'reason'> &
  Pick<RecordingsTable, 'id' | 'device_id' | 'officer_id' | 'source' | 'started_at' | 'ended_at'>;

/**
 * The footage linked to these steps, earliest first; footage retention deleted
 * is left out, and so are links a reviewer excluded unless `includeExcluded`.
 */
export async function linkedFootage(db: Db, stepIds: string[], includeExcluded: boolean): Promise<LinkedFootage[]> {
  let q = db
    .selectFrom('links')
    .innerJoin('recordings', 'recordings.id', 'links.recording_id')
    .select([
      'links.step_id',
      'links.origin',
      'links.linked_by',
      'links.reason',
      'recordings.id',
      'recordings.device_id',
      'recordings.officer_id',
      'recordings.source',
      'recordings.started_at',
      'recordings.ended_at',
    ])
    .where('links.step_id', 'in', stepIds)
    .where('recordings.deleted_at', 'is', null);
  if (!includeExcluded) q = q.where('links.origin', '!=', 'excluded');
  return q.orderBy('recordings.started_at').execute();
}

/**
 * The footage of a case as its file holds it: linked to one of its steps, not excluded by a
 * reviewer, not deleted by retention. Callers pick the columns they need.
 */
export function caseFootageQuery(db: Db, caseId: string) {
  return db
    .selectFrom('links')
    .innerJoin('steps', 'steps.id', 'links.step_id')
    .innerJoin('recordings', 'recordings.id', 'links.recording_id')
    .where('steps.case_id', '=', caseId)
    .where('links.origin', '!=', 'excluded')
    .where('recordings.deleted_at', 'is', null)
    .orderBy('recordings.started_at');
}

/** The link between a step and a segment, whatever its origin, if any. */
export async function findLink(db: Db, stepId: string, recordingId: string): Promise<LinksTable | undefined> {
  return db
    .selectFrom('links')
    .selectAll()
    .where('step_id', '=', stepId)
    .where('recording_id', '=', recordingId)
    .executeTakeFirst();
}

/** Links the segment to the step by hand, replacing whatever link (or exclusion) was there. */
export async function saveManualLink(
  db: Db,
  stepId: string,
  recordingId: string,
  by: { linkedBy: string; reason: string; at: string },
): Promise<void> {
  const row = { origin: 'manual' as const, linked_by: by.linkedBy, reason: by.reason, created_at: by.at };
  await db
    .insertInto('links')
    .values({ step_id: stepId, recording_id: recordingId, ...row })
    .onConflict((oc) => oc.columns(['step_id', 'recording_id']).doUpdateSet(row))
    .execute();
}

/** Marks the link excluded: kept as a row so the sorter does not link the segment again. */
export async function excludeLink(
  db: Db,
  stepId: string,
  recordingId: string,
  by: { linkedBy: string; reason: string; at: string },
): Promise<void> {
  await db
    .updateTable('links')
    .set({ origin: 'excluded', linked_by: by.linkedBy, reason: by.reason, created_at: by.at })
    .where('step_id', '=', stepId)
    .where('recording_id', '=', recordingId)
    .execute();
}

/** Of these segments, the ones still on the station (not deleted by retention), with their session. */
export async function presentFootage(
  db: Db,
  recordingIds: string[],
): Promise<Pick<RecordingsTable, 'id' | 'device_id' | 'session_id'>[]> {
  return db
    .selectFrom('recordings')
    .select(['id', 'device_id', 'session_id'])
    .where('id', 'in', recordingIds)
    .where('deleted_at', 'is', null)
    .execute();
}

/** The recorder and session a segment belongs to, if the segment is known. */
export async function sessionOfFootage(
  db: Db,
  recordingId: string,
): Promise<Pick<RecordingsTable, 'device_id' | 'session_id'> | undefined> {
  return db
    .selectFrom('recordings')
    .select(['device_id', 'session_id'])
    .where('id', '=', recordingId)
    .executeTakeFirst();
}

/** The rows of these segments, earliest first (an export copies the files they name). */
export async function footageRows(db: Db, recordingIds: string[]): Promise<RecordingsTable[]> {
  return db.selectFrom('recordings').selectAll().where('id', 'in', recordingIds).orderBy('started_at').execute();
}
