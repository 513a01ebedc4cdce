/** Recorder credentials as stored at enrollment (the hashes and secrets themselves stay here). */
import type { Db } from '../db/database.js';

/** Each enrolled recorder's RTMP publish secret, by device id. */
export async function rtmpSecrets(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('device_credentials').select(['device_id', 'rtmp_secret']).execute();
  return new Map(rows.map((r) => [r.device_id, r.rtmp_secret]));
}
