/**
 * Queries on the copies of refused uploads kept in quarantine (quarantine). Where the bytes go
 * and what a copy opens (review item, audit) is quarantine.ts; here are only the rows.
 */
import type { Db } from '../db/database.js';
import type { QuarantineTable } from '../db/schema.js';

export interface QuarantineQuery {
  deviceId?: string;
  unitId?: string;
  limit?: number;
}

/** The copy already kept of these bytes with this chain under this segment name, if any. */
export async function findQuarantineCopy(
  db: Db,
  deviceId: string,
  segment: string,
  sha256: string,
  chainSha256: string,
): Promise<QuarantineTable | undefined> {
  return db
    .selectFrom('quarantine')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('segment', '=', segment)
    .where('sha256', '=', sha256)
    .where('chain_sha256', '=', chainSha256)
    .executeTakeFirst();
}

/** Records a kept copy (pass the transaction that opens its review item and audits it). */
export async function insertQuarantineCopy(db: Db, row: QuarantineTable): Promise<void> {
  await db.insertInto('quarantine').values(row).execute();
}

/** How many copies of a segment name are kept (the review item says so). */
export async function countQuarantineCopies(db: Db, deviceId: string, segment: string): Promise<number> {
  const copies = await db
    .selectFrom('quarantine')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', '=', deviceId)
    .where('segment', '=', segment)
    .executeTakeFirst();
  return Number(copies?.n ?? 1);
}

/** Copies matching `q`, newest first, at most `q.limit` (500 by default). */
export async function listQuarantine(db: Db, q: QuarantineQuery): Promise<QuarantineTable[]> {
  let query = db.selectFrom('quarantine').selectAll();
  if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
  if (q.unitId) query = query.where('unit_id', '=', q.unitId);
  return query
    .orderBy('created_at', 'desc')
    .limit(q.limit ?? 500)
    .execute();
}

/** Every copy held for a device. */
export async function quarantineOfDevice(db: Db, deviceId: string): Promise<QuarantineTable[]> {
  return db.selectFrom('quarantine').selectAll().where('device_id', '=', deviceId).execute();
}
