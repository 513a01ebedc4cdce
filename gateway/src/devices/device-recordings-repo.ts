/**
 * Each recorder's recordings (press to stop, or cut) as stored in
 * device_recordings, keyed by device and the recorder's recording id. Callers
 * pass their transaction, so a change and the coverage refresh it queues
 * commit together. Every update stamps `updated_at`.
 */
import type { Updateable } from 'kysely';
import type { Db } from '../db/database.js';
import type { DeviceRecordingsTable } from '../db/schema.js';

/** One recording of a device, if the station knows it. */
export function findDeviceRecording(
  db: Db,
  deviceId: string,
  recordingId: string,
): Promise<DeviceRecordingsTable | undefined> {
  return db
    .selectFrom('device_recordings')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('recording_id', '=', recordingId)
    .executeTakeFirst();
}

/** Whether the station knows any recording of the device (its first one changes how all its footage is judged). */
export async function deviceHasRecordings(db: Db, deviceId: string): Promise<boolean> {
  const any = await db
    .selectFrom('device_recordings')
    .select('recording_id')
    .where('device_id', '=', deviceId)
    .limit(1)
    .executeTakeFirst();
  return !!any;
}

/**
 * The end of the latest footage the recorder offloaded for one of its recordings (null when none):
 * footage proves the recording ran at least that long.
 */
export async function footageEndOfRecording(db: Db, deviceId: string, recordingId: string): Promise<string | null> {
  const footage = await db
    .selectFrom('recordings')
    .select((eb) => eb.fn.max('ended_at').as('end'))
    .where('device_id', '=', deviceId)
    .where('session_id', '=', recordingId)
    .where('source', '=', 'device')
    .executeTakeFirst();
  return (footage?.end as string | null | undefined) ?? null;
}

/** The device's recordings still open that started at or before `at`. */
export function openDeviceRecordingsBy(db: Db, deviceId: string, at: string): Promise<DeviceRecordingsTable[]> {
  return db
    .selectFrom('device_recordings')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('end_kind', '=', 'open')
    .where('started_at', '<=', at)
    .execute();
}

/** When the device's next recording after `startedAt` started (null: none yet). */
export async function nextDeviceRecordingStart(db: Db, deviceId: string, startedAt: string): Promise<string | null> {
  const next = await db
    .selectFrom('device_recordings')
    .select('started_at')
    .where('device_id', '=', deviceId)
    .where('started_at', '>', startedAt)
    .orderBy('started_at')
    .limit(1)
    .executeTakeFirst();
  return next?.started_at ?? null;
}

/** A device's recordings overlapping [from, to] (device clock; either end may be open), oldest first. */
export function deviceRecordingsOverlapping(
  db: Db,
  deviceId: string,
  from?: string,
  to?: string,
): Promise<DeviceRecordingsTable[]> {
  let q = db.selectFrom('device_recordings').selectAll().where('device_id', '=', deviceId);
  if (to) q = q.where('started_at', '<', to);
  if (from) q = q.where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', from)]));
  return q.orderBy('started_at').execute();
}

/** Stores a recording the station has just learnt of. */
export async function insertDeviceRecording(db: Db, row: DeviceRecordingsTable): Promise<void> {
  await db.insertInto('device_recordings').values(row).execute();
}

/** Changes columns of one recording and stamps the change. */
async function update(
  db: Db,
  deviceId: string,
  recordingId: string,
  set: Omit<Updateable<DeviceRecordingsTable>, 'updated_at'>,
): Promise<void> {
  await db
    .updateTable('device_recordings')
    .set({ ...set, updated_at: new Date().toISOString() })
    .where('device_id', '=', deviceId)
    .where('recording_id', '=', recordingId)
    .execute();
}

/** The press itself: the start event's time, sequence number and officer. */
export function setRecordingStart(
  db: Db,
  deviceId: string,
  recordingId: string,
  start: { startedAt: string; startSeq: number; officerId: string | null },
): Promise<void> {
  return update(db, deviceId, recordingId, {
    started_at: start.startedAt,
    start_seq: start.startSeq,
    officer_id: start.officerId,
  });
}

/** The stop event: it ends the recording (replacing a cut inferred before it arrived). */
export function stopDeviceRecording(
  db: Db,
  deviceId: string,
  recordingId: string,
  stop: { endedAt: string; stoppedAt: string; stopSeq: number },
): Promise<void> {
  return update(db, deviceId, recordingId, {
    ended_at: stop.endedAt,
    end_kind: 'stopped',
    stopped_at: stop.stoppedAt,
    stop_seq: stop.stopSeq,
  });
}

/** A recording that ended without a stop, at its last sign of life. */
export function cutDeviceRecording(db: Db, deviceId: string, recordingId: string, endedAt: string): Promise<void> {
  return update(db, deviceId, recordingId, { end_kind: 'cut', ended_at: endedAt });
}

/** A later end for a cut recording (footage proved it ran longer). */
export function extendCutRecording(db: Db, deviceId: string, recordingId: string, endedAt: string): Promise<void> {
  return update(db, deviceId, recordingId, { ended_at: endedAt });
}

/** The latest sign of life of one recording (a state saying it is recording). */
export function setRecordingAlive(db: Db, deviceId: string, recordingId: string, aliveAt: string): Promise<void> {
  return update(db, deviceId, recordingId, { alive_at: aliveAt });
}

/** Telemetry while recording: moves the sign of life of the device's open recording(s) started by `at` forward. */
export async function markOpenRecordingsAlive(db: Db, deviceId: string, at: string): Promise<void> {
  await db
    .updateTable('device_recordings')
    .set({ alive_at: at, updated_at: new Date().toISOString() })
    .where('device_id', '=', deviceId)
    .where('end_kind', '=', 'open')
    .where('started_at', '<=', at)
    .where((eb) => eb.or([eb('alive_at', 'is', null), eb('alive_at', '<', at)]))
    .execute();
}
