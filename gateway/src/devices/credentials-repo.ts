/**
 * Recorder credentials as stored at enrollment (the hashes and secrets themselves stay here):
 * reading them for logins and RTMP, and revoking them. What a login may do with them is
 * auth/recorder-logins.ts.
 */
import type { Db } from '../db/database.js';
import type { DeviceCredentialsTable } from '../db/schema.js';

/** Each enrolled recorder's RTMP publish secret, by device id. */
export async function rtmpSecrets(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('device_credentials').select(['device_id', 'rtmp_secret']).execute();
  return new Map(rows.map((r) => [r.device_id, r.rtmp_secret]));
}

/** Whether the device was ever enrolled (has credentials, even revoked ones): then it must sign in. */
export async function hasCredentials(db: Db, deviceId: string): Promise<boolean> {
  const c = await db
    .selectFrom('device_credentials')
    .select('device_id')
    .where('device_id', '=', deviceId)
    .executeTakeFirst();
  return c !== undefined;
}

/** The credentials a recorder login names, with the device's status; undefined for an unknown user name. */
export async function credentialsOfLogin(db: Db, username: string) {
  return db
    .selectFrom('device_credentials')
    .innerJoin('devices', 'devices.id', 'device_credentials.device_id')
    .select(['device_credentials.device_id', 'device_credentials.mqtt_password_hash', 'devices.status'])
    .where('device_credentials.mqtt_username', '=', username)
    .executeTakeFirst();
}

/** Replaces a recorder's stored password hash and RTMP secret (retirement stores ones that match nothing). */
export async function replaceSecrets(
  db: Db,
  deviceId: string,
  secrets: { mqttPasswordHash: string; rtmpSecret: string },
): Promise<void> {
  await db
    .updateTable('device_credentials')
    .set({ mqtt_password_hash: secrets.mqttPasswordHash, rtmp_secret: secrets.rtmpSecret })
    .where('device_id', '=', deviceId)
    .execute();
}

/** Stores a recorder's credentials, replacing any it had (re-enrollment). */
export async function saveCredentials(db: Db, row: DeviceCredentialsTable): Promise<void> {
  const { device_id: _id, ...creds } = row;
  await db
    .insertInto('device_credentials')
    .values(row)
    .onConflict((oc) => oc.column('device_id').doUpdateSet(creds))
    .execute();
}
