/**
 * Queries on the station's account of each recorder's evidence chain: the chain files it holds as
 * seq runs (chain_files) and the discards recorders sent (discards). The checks themselves are
 * chain-records.ts.
 */
import type { Db } from '../db/database.js';
import type { ChainFilesTable, DiscardsTable } from '../db/schema.js';

// ---- chain files ------------------------------------------------------------------------

/** Records a chain file the station holds; a file already recorded takes the new runs, count and source. */
export async function saveChainFile(db: Db, row: ChainFilesTable): Promise<void> {
  await db
    .insertInto('chain_files')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['device_id', 'file']).doUpdateSet({ runs: row.runs, entries: row.entries, source: row.source }),
    )
    .execute();
}

/** The chain files recorded for a device, relative to the data directory. */
export async function chainFileNames(db: Db, deviceId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('chain_files').select('file').where('device_id', '=', deviceId).execute();
  return new Set(rows.map((r) => r.file));
}

/** Every chain file recorded for a device, with its seq runs. */
export async function chainFilesOf(db: Db, deviceId: string): Promise<ChainFilesTable[]> {
  return db.selectFrom('chain_files').selectAll().where('device_id', '=', deviceId).execute();
}

// ---- discards ---------------------------------------------------------------------------

/** The discard of this segment name, if the station holds one. */
export async function findDiscard(db: Db, deviceId: string, segment: string): Promise<DiscardsTable | undefined> {
  return db
    .selectFrom('discards')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('segment', '=', segment)
    .executeTakeFirst();
}

/** Records a discard (pass the transaction that records its chain file and audits it). */
export async function insertDiscard(db: Db, row: DiscardsTable): Promise<void> {
  await db.insertInto('discards').values(row).execute();
}

/** Sets (or clears, with null) the recording a discard overlaps (pass the transaction of its review item). */
export async function setDiscardOverlap(
  db: Db,
  deviceId: string,
  segment: string,
  recordingId: string | null,
): Promise<void> {
  await db
    .updateTable('discards')
    .set({ overlap_recording_id: recordingId })
    .where('device_id', '=', deviceId)
    .where('segment', '=', segment)
    .execute();
}

/** A device's discards whose span (device clock) overlaps (from, to). */
export async function discardsOverlapping(
  db: Db,
  deviceId: string,
  from: string,
  to: string,
): Promise<DiscardsTable[]> {
  return db
    .selectFrom('discards')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('started_at', '<', to)
    .where('ended_at', '>', from)
    .execute();
}

/** A device's discards ending after `from` and starting before `to`, oldest first, at most `limit` (1000 by default). */
export async function listDiscards(
  db: Db,
  deviceId: string,
  q: { from?: string; to?: string; limit?: number },
): Promise<DiscardsTable[]> {
  let query = db.selectFrom('discards').selectAll().where('device_id', '=', deviceId);
  if (q.from) query = query.where('ended_at', '>', q.from);
  if (q.to) query = query.where('started_at', '<', q.to);
  return query
    .orderBy('started_at')
    .limit(q.limit ?? 1000)
    .execute();
}
