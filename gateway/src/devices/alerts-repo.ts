/**
 * Alerts as stored: one row per alert, from raised through acknowledged to
 * cleared. The alert service keeps the open ones in memory; these keep the
 * record.
 */
import type { Db } from '../db/database.js';
import type { AlertsTable } from '../db/schema.js';

/** Stores a newly raised alert. */
export async function insertAlert(db: Db, row: AlertsTable): Promise<void> {
  await db.insertInto('alerts').values(row).execute();
}

/** Marks an alert cleared at `at` (its condition ended). */
export async function clearAlert(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('alerts')
    .set({ status: 'cleared', cleared_at: at, updated_at: at })
    .where('id', '=', id)
    .execute();
}

/** Records who acknowledged an alert, when, and their note. */
export async function acknowledgeAlert(
  db: Db,
  id: string,
  ack: { by: string; at: string; note: string | null },
): Promise<void> {
  await db
    .updateTable('alerts')
    .set({
      status: 'acknowledged',
      acknowledged_by: ack.by,
      acknowledged_at: ack.at,
      ack_note: ack.note,
      updated_at: ack.at,
    })
    .where('id', '=', id)
    .execute();
}

/** Alerts not cleared yet (active or acknowledged), to pick up after a restart. */
export function openAlerts(db: Db): Promise<AlertsTable[]> {
  return db.selectFrom('alerts').selectAll().where('status', '!=', 'cleared').execute();
}

/** One alert by id, whatever its status. */
export function findAlert(db: Db, id: string): Promise<AlertsTable | undefined> {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which alerts to list; `open` means active or acknowledged. */
export interface AlertFilter {
  status?: 'open' | 'active' | 'acknowledged' | 'cleared';
  deviceId?: string;
  rule?: string;
  limit: number;
}

/** Alerts matching the filter, newest first. */
export function alertsMatching(db: Db, f: AlertFilter): Promise<AlertsTable[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (f.status === 'open') query = query.where('status', '!=', 'cleared');
  else if (f.status) query = query.where('status', '=', f.status);
  if (f.deviceId) query = query.where('device_id', '=', f.deviceId);
  if (f.rule) query = query.where('rule', '=', f.rule);
  return query.orderBy('since', 'desc').limit(f.limit).execute();
}
