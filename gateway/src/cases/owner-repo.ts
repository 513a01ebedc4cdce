/**
 * Queries behind "whose footage is it" (owner.ts): the desk's assignments of recorders to
 * officers, and the officers' units. The rule itself is stated in owner.ts; these read it.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** Who held a recorder at an instant (the latest desk assignment covering it), and their unit. */
export async function holderAt(
  db: Db,
  deviceId: string,
  at: string,
): Promise<{ officerId: string; unitId: string | null } | undefined> {
  const r = await db
    .selectFrom('assignments')
    .leftJoin('officers', 'officers.id', 'assignments.officer_id')
    .select(['assignments.officer_id', 'officers.unit_id'])
    .where('assignments.device_id', '=', deviceId)
    .where('assignments.started_at', '<=', at)
    .where((eb) => eb.or([eb('assignments.ended_at', 'is', null), eb('assignments.ended_at', '>', at)]))
    .orderBy('assignments.started_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { officerId: r.officer_id, unitId: r.unit_id ?? null } : undefined;
}

/** The unit an officer belongs to; null when they have none or do not exist. */
export async function unitOfOfficer(db: Db, officerId: string): Promise<string | null> {
  const o = await db.selectFrom('officers').select('unit_id').where('id', '=', officerId).executeTakeFirst();
  return o?.unit_id ?? null;
}

/** A recorder's segments (not deleted) that overlap a span: the footage of an unsorted-footage item. */
export async function deviceFootageIds(db: Db, deviceId: string, start: string, end: string): Promise<string[]> {
  const recs = await db
    .selectFrom('recordings')
    .select('id')
    .where('device_id', '=', deviceId)
    .where('started_at', '<', end)
    .where('ended_at', '>', start)
    .where('deleted_at', 'is', null)
    .execute();
  return recs.map((r) => r.id);
}

/**
 * owner.ts's unit of footage in SQLite, for the full sort's raw statements: named parameters
 * @officer, @device, @at; one column, unit_id.
 */
export const UNIT_OF_FOOTAGE_SQL = `
  SELECT CASE WHEN EXISTS (SELECT 1 FROM assignments a
          WHERE a.device_id = @device AND a.started_at <= @at AND (a.ended_at IS NULL OR a.ended_at > @at))
    THEN (SELECT o.unit_id FROM assignments a LEFT JOIN officers o ON o.id = a.officer_id
          WHERE a.device_id = @device AND a.started_at <= @at AND (a.ended_at IS NULL OR a.ended_at > @at)
          ORDER BY a.started_at DESC LIMIT 1)
    ELSE (SELECT unit_id FROM officers WHERE id = @officer)
  END AS unit_id`;

/**
 * In a query on `recordings`: who held the row's recorder when it started (the latest desk assignment
 * covering it). A recording belongs to this, or to its `officer_id` when the desk has no record.
 */
export function recordingHolder(eb: ExpressionBuilder<Database, 'recordings'>) {
  return eb
    .selectFrom('assignments')
    .select('assignments.officer_id')
    .whereRef('assignments.device_id', '=', 'recordings.device_id')
    .whereRef('assignments.started_at', '<=', 'recordings.started_at')
    .where((a) =>
      a.or([a('assignments.ended_at', 'is', null), a('assignments.ended_at', '>', a.ref('recordings.started_at'))]),
    )
    .orderBy('assignments.started_at', 'desc')
    .limit(1);
}
