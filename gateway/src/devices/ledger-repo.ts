/**
 * The hand-out desk's store: the ledger (台账) of every hand-out, check-in,
 * repair and override, and what the desk reads besides (the officer at the
 * counter, the assignments its hand-outs open, as the stop policy reads them).
 */
import type { Db } from '../db/database.js';
import type { LedgerKind, LedgerTable } from '../db/schema.js';

/** Appends one entry to the ledger. */
export async function insertLedgerEntry(db: Db, row: LedgerTable): Promise<void> {
  await db.insertInto('ledger').values(row).execute();
}

/** Which ledger entries to read; every filter is optional. */
export interface LedgerFilter {
  deviceId?: string;
  officerId?: string;
  kind?: LedgerKind;
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  /** Free text found in the device, officer, actor or reason (LIKE's wildcards in it are dropped). */
  text?: string;
  limit: number;
}

/** Ledger entries matching the filter, newest first. */
export function ledgerEntries(db: Db, f: LedgerFilter): Promise<LedgerTable[]> {
  let query = db.selectFrom('ledger').selectAll();
  if (f.deviceId) query = query.where('device_id', '=', f.deviceId);
  if (f.officerId) query = query.where('officer_id', '=', f.officerId);
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.from) query = query.where('ts', '>=', f.from);
  if (f.to) query = query.where('ts', '<', f.to);
  if (f.text) {
    const like = `%${f.text.replace(/[%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([
        eb('device_id', 'like', like),
        eb('officer_id', 'like', like),
        eb('actor', 'like', like),
        eb('reason', 'like', like),
      ]),
    );
  }
  return query.orderBy('ts', 'desc').limit(f.limit).execute();
}

/** Check-ins after `since`, oldest first (so the last one per device wins when folded). */
export function checkInsSince(db: Db, since: string): Promise<Pick<LedgerTable, 'device_id' | 'ts' | 'detail'>[]> {
  return db
    .selectFrom('ledger')
    .select(['device_id', 'ts', 'detail'])
    .where('kind', '=', 'check-in')
    .where('ts', '>', since)
    .orderBy('ts')
    .execute();
}
