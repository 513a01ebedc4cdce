/**
 * Queries on the index of footage files held at the station (recordings). The index's rules
 * (who the desk says held a recorder, what retention allows) live in recordings.ts and
 * cases/retention.ts; here are only the rows. Functions that take part in a caller's
 * transaction take it as `db`.
 */
import type { Scope } from '../access/scope.js';
import { recordingVisible } from '../access/scope-repo.js';
import type { Db } from '../db/database.js';
import type { RecordingsTable } from '../db/schema.js';

export interface RecordingQuery {
  deviceId?: string;
  /** Recordings that end after `from` and start before `to`. */
  from?: string;
  to?: string;
  limit?: number;
  /** Only what this caller may see (an officer's own, a unit's, footage of cases in review). */
  visibleTo?: Scope;
}

/** Indexes a stored segment (pass the transaction that also queues it for sorting). */
export async function insertRecording(db: Db, row: RecordingsTable): Promise<void> {
  await db.insertInto('recordings').values(row).execute();
}

/** The recording with this id, deleted or not. */
export async function findRecording(db: Db, id: string): Promise<RecordingsTable | undefined> {
  return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The recording stored at this path (relative to the footage root), deleted or not. */
export async function findRecordingByPath(db: Db, path: string): Promise<RecordingsTable | undefined> {
  return db.selectFrom('recordings').selectAll().where('path', '=', path).executeTakeFirst();
}

/** Every path the index knows, deleted footage included (recovery skips them all). */
export async function recordingPaths(db: Db): Promise<Set<string>> {
  const rows = await db.selectFrom('recordings').select('path').execute();
  return new Set(rows.map((r) => r.path));
}

/** Footage not deleted that matches `q`, newest first, at most `q.limit` (500 by default). */
export async function listRecordings(db: Db, q: RecordingQuery): Promise<RecordingsTable[]> {
  let query = db.selectFrom('recordings').selectAll().where('deleted_at', 'is', null);
  if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
  if (q.from) query = query.where('ended_at', '>', q.from);
  if (q.to) query = query.where('started_at', '<', q.to);
  if (q.visibleTo) query = query.where(recordingVisible(q.visibleTo));
  return query
    .orderBy('started_at', 'desc')
    .limit(q.limit ?? 500)
    .execute();
}

/**
 * A device's footage not deleted that overlaps [from, to], oldest first. `earliestStart` bounds
 * the start from below (from minus the longest segment), so the started_at index narrows the scan.
 */
export async function deviceFootageOver(
  db: Db,
  deviceId: string,
  span: { earliestStart: string; from: string; to: string },
): Promise<RecordingsTable[]> {
  return db
    .selectFrom('recordings')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('started_at', '>', span.earliestStart)
    .where('started_at', '<', span.to)
    .where('ended_at', '>', span.from)
    .where('deleted_at', 'is', null)
    .orderBy('started_at')
    .execute();
}

/**
 * Replaces the guesses of a row indexed by crash recovery with the recorder's own account; only a
 * row still flagged `recovered` changes (pass the transaction that queues it for sorting again).
 */
export async function completeRecoveredRecording(
  db: Db,
  id: string,
  meta: { sessionId: string; startedAt: string; endedAt: string; durationSeconds: number; officerId: string | null },
): Promise<void> {
  await db
    .updateTable('recordings')
    .set({
      session_id: meta.sessionId,
      started_at: meta.startedAt,
      ended_at: meta.endedAt,
      duration_seconds: meta.durationSeconds,
      officer_id: meta.officerId,
      // Nothing about the row is a guess any more.
      recovered: 0,
    })
    .where('id', '=', id)
    .where('recovered', '=', 1)
    .execute();
}

/** Footage that retention may consider: not deleted, not on hold, started before `startedBefore`; oldest first. */
export async function retentionCandidates(
  db: Db,
  startedBefore: string,
  limit: number,
): Promise<Pick<RecordingsTable, 'id' | 'bytes' | 'device_id' | 'session_id' | 'started_at' | 'ended_at'>[]> {
  return db
    .selectFrom('recordings')
    .select(['id', 'bytes', 'device_id', 'session_id', 'started_at', 'ended_at'])
    .where('deleted_at', 'is', null)
    .where('hold', '=', 0)
    .where('started_at', '<', startedBefore)
    .orderBy('started_at')
    .limit(limit)
    .execute();
}

/** Marks a recording deleted (the tombstone stays; pass the transaction that audits the deletion). */
export async function markRecordingDeleted(db: Db, id: string, at: string, reason: string): Promise<void> {
  await db.updateTable('recordings').set({ deleted_at: at, deleted_reason: reason }).where('id', '=', id).execute();
}
