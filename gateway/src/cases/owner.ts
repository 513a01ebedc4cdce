/**
 * Whose footage is it. The desk is the authority: a segment belongs to whoever
 * the desk had handed the recorder to when it started, and only when the desk
 * has no record of that time to the officer the recorder named (its own claim,
 * flagged when it disagrees with the desk: footage/recordings.ts). The footage's
 * unit is that officer's unit. One rule for what a unit's supervisor may see (access/scope.ts)
 * and for the unit a review item about footage is filed under.
 */
import { type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

type Ex = Kysely<Database> | Transaction<Database>;

/** Who held a recorder at an instant (the latest desk assignment covering it), and their unit. */
export async function holderAt(
  ex: Ex,
  deviceId: string,
  at: string,
): Promise<{ officerId: string; unitId: string | null } | undefined> {
  const r = await ex
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

/** The unit footage belongs to: its officer's, or (naming none) the unit of the recorder's holder then. */
export async function unitOfFootage(
  ex: Ex,
  f: { officerId?: string | null; deviceId?: string | null; at?: string | null },
): Promise<string | null> {
  const holder = f.deviceId && f.at ? await holderAt(ex, f.deviceId, f.at) : undefined;
  if (holder) return holder.unitId;
  if (f.officerId) {
    const o = await ex.selectFrom('officers').select('unit_id').where('id', '=', f.officerId).executeTakeFirst();
    return o?.unit_id ?? null;
  }
  return null;
}

/** The same rule in SQLite for the full sort: named parameters @officer, @device, @at; one column, unit_id. */
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

/** The footage an unsorted-footage review item covers: the device's segments over the item's span. */
export async function reviewItemFootage(
  ex: Ex,
  item: { deviceId: string | null; subjectStart: string | null; subjectEnd: string | null },
): Promise<string[]> {
  if (!item.deviceId || !item.subjectStart || !item.subjectEnd) return [];
  const recs = await ex
    .selectFrom('recordings')
    .select('id')
    .where('device_id', '=', item.deviceId)
    .where('started_at', '<', item.subjectEnd)
    .where('ended_at', '>', item.subjectStart)
    .where('deleted_at', 'is', null)
    .execute();
  return recs.map((r) => r.id);
}
