/**
 * The recorders as stored (the devices table) and the events they report
 * (device_events). The registry keeps the live picture in memory; these are
 * the writes that make it survive a restart.
 */
import type { Db } from '../db/database.js';
import type { DeviceEventsTable, DevicesTable } from '../db/schema.js';

/** Every recorder the station knows, as last stored. */
export function allDevices(db: Db): Promise<DevicesTable[]> {
  return db.selectFrom('devices').selectAll().execute();
}

/** Marks every recorder offline: right after a start nobody is connected until the broker says so. */
export async function markAllDevicesOffline(db: Db): Promise<void> {
  await db.updateTable('devices').set({ online: 0 }).execute();
}

/** Stores a recorder's whole row: inserted when new, else every column but its id and creation time replaced. */
export async function saveDevice(db: Db, row: DevicesTable): Promise<void> {
  const { id: _id, created_at: _c, ...update } = row;
  await db
    .insertInto('devices')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(update))
    .execute();
}

/** An online/offline transition and when it was seen. */
export async function setDeviceOnline(db: Db, deviceId: string, online: number, lastSeen: string): Promise<void> {
  await db.updateTable('devices').set({ online, last_seen: lastSeen }).where('id', '=', deviceId).execute();
}

/** Stores an event once per (device, seq); returns whether it was new (a redelivery is ignored). */
export async function insertDeviceEvent(db: Db, row: DeviceEventsTable): Promise<boolean> {
  const res = await db
    .insertInto('device_events')
    .values(row)
    .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** The key that signs a recorder's evidence chain, if one is registered. */
export async function deviceKey(db: Db, deviceId: string): Promise<{ pem: string; fingerprint: string } | null> {
  const r = await db
    .selectFrom('devices')
    .select(['public_key_pem', 'key_fingerprint'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  return r?.public_key_pem && r.key_fingerprint ? { pem: r.public_key_pem, fingerprint: r.key_fingerprint } : null;
}

/** Registers (or replaces) the key that signs a recorder's evidence chain. */
export async function setDeviceKey(db: Db, deviceId: string, pem: string, fingerprint: string): Promise<void> {
  await db
    .updateTable('devices')
    .set({ public_key_pem: pem, key_fingerprint: fingerprint })
    .where('id', '=', deviceId)
    .execute();
}

/** What a recorder brings to its enrollment: its key, hardware profile and firmware, and when it enrolled. */
export interface EnrolledDevice {
  publicKeyPem: string;
  fingerprint: string;
  enrolledAt: string;
  profile: string;
  firmwareVersion: string;
}

/** Records a redeemed enrollment on the recorder's row (in the redeeming transaction). */
export async function recordDeviceEnrollment(db: Db, deviceId: string, e: EnrolledDevice): Promise<void> {
  await db
    .updateTable('devices')
    .set({
      public_key_pem: e.publicKeyPem,
      key_fingerprint: e.fingerprint,
      enrolled_at: e.enrolledAt,
      profile: e.profile,
      firmware_version: e.firmwareVersion,
    })
    .where('id', '=', deviceId)
    .execute();
}
