/**
 * Each recorder's recordings as the station learns them over MQTT: a
 * `recording.started` event opens one, `recording.stopped` closes it. A
 * recording that ends without a stop (power cut, crash) is closed as `cut`
 * when the recorder shows it is no longer in it: a new recording starts, or
 * its state says standby or another recording. A cut recording ends at the
 * last sign that it was still recording: a state or telemetry saying so, or
 * the end of its own footage offloaded later (never past the next press).
 *
 * Times are the device clock, as the events and the recorder's own footage
 * carry them. Every change queues the steps over its span for a coverage
 * refresh (sorter kind `device-recording`), in the same transaction.
 */
import { profiles, type EventPayload, type StatePayload, type TelemetryPayload } from '@liuhen/device-profiles';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database, DeviceRecordingsTable, RecordingsTable } from '../db/schema.js';
import type { Logger } from '../log.js';
import { MAX_BUFFER_MS } from '../cases/step-coverage.js';
import {
  cutDeviceRecording,
  deviceHasRecordings,
  deviceRecordingsOverlapping,
  extendCutRecording,
  findDeviceRecording,
  footageEndOfRecording,
  insertDeviceRecording,
  markOpenRecordingsAlive,
  nextDeviceRecordingStart,
  openDeviceRecordingsBy,
  setRecordingAlive,
  setRecordingStart,
  stopDeviceRecording,
} from './device-recordings-repo.js';

type Ex = Kysely<Database> | Transaction<Database>;

const EARLIEST = '1970-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';
/** Telemetry says "recording" every few seconds: the last sign of life is stored at most this often. */
const ALIVE_WRITE_MS = 15_000;
/**
 * A recorder publishes its standby state as it stops, just before the stop event leaves its queue:
 * a recording still open this long after a standby state ended without a stop.
 */
export const CUT_SETTLE_MS = 5_000;

export interface DeviceRecordingsDeps {
  db: Db;
  /** Queues a refresh of the steps over a span of a device, in the caller's transaction. */
  queue(ex: Ex, kind: 'device-recording', key: string): Promise<void>;
  /** Wakes the sorter after a commit. */
  kick(): void;
  log: Logger;
  /** The device's hardware profile id, when the station knows it. */
  profileOf(deviceId: string): string | undefined;
  /** Told after a recording's span changed (the discard cross-check listens). */
  onChanged?: (deviceId: string, recordingId: string) => void;
}

const isoOf = (ts: string) => new Date(ts).toISOString();
const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);

export function createDeviceRecordings(deps: DeviceRecordingsDeps) {
  const { db, log } = deps;
  /** One change at a time per device: events, states and footage of one recorder may race. */
  const chains = new Map<string, Promise<void>>();
  /** Last "recording" telemetry per device, and when it was last written. */
  const alive = new Map<string, { at: string; writtenAt: number }>();
  /** The latest state per device: which recording it is in (null: none). */
  const latest = new Map<string, { recordingId: string | null; ts: string }>();
  const timers = new Set<NodeJS.Timeout>();

  function serial(deviceId: string, fn: () => Promise<void>): Promise<void> {
    const next = (chains.get(deviceId) ?? Promise.resolve())
      .then(fn)
      .catch((err: Error) => log.error({ deviceId, err: err.message }, 'could not record a device recording'));
    chains.set(deviceId, next);
    void next.then(() => {
      if (chains.get(deviceId) === next) chains.delete(deviceId);
    });
    return next;
  }

  function buffers(deviceId: string): { pre: number; post: number } {
    const id = deps.profileOf(deviceId);
    const p = id ? profiles.get(id) : undefined;
    // An unknown profile may keep up to the schema's maximum.
    return p
      ? { pre: p.recording.preRecordSeconds * 1000, post: p.recording.postRecordSeconds * 1000 }
      : { pre: MAX_BUFFER_MS, post: MAX_BUFFER_MS };
  }

  /** Queues the steps over [from − pre, to + post] (to = open end: to the end of time). */
  async function touch(ex: Ex, r: DeviceRecordingsTable, extraEnd: string | null = null): Promise<void> {
    const end = later(r.ended_at, extraEnd);
    const from = new Date(Date.parse(r.started_at) - r.pre_record_ms).toISOString();
    const to =
      r.end_kind === 'open' || end === null ? LATEST : new Date(Date.parse(end) + r.post_record_ms).toISOString();
    await deps.queue(ex, 'device-recording', `${r.device_id}|${from}|${to}`);
  }

  /** Where a cut recording ends: its last sign of life, at most the next press. */
  async function cutEnd(ex: Ex, r: DeviceRecordingsTable, nextStart: string | null): Promise<string> {
    const footage = await footageEndOfRecording(ex, r.device_id, r.recording_id);
    const mem = alive.get(r.device_id)?.at ?? null;
    let end = later(later(r.started_at, r.alive_at), footage)!;
    if (mem && mem > r.started_at && (!nextStart || mem < nextStart)) end = later(end, mem)!;
    if (nextStart && end > nextStart) end = nextStart > r.started_at ? nextStart : r.started_at;
    return end;
  }

  /**
   * Closes, as cut, every open recording of the device but `keep` that started at or before `at`;
   * `nextStart` is the press that followed them, when known.
   */
  async function cutOpen(
    ex: Ex,
    deviceId: string,
    keep: string | null,
    at: string,
    nextStart: string | null,
  ): Promise<void> {
    const open = await openDeviceRecordingsBy(ex, deviceId, at);
    for (const r of open) {
      if (r.recording_id === keep) continue;
      const ended = await cutEnd(ex, r, nextStart && nextStart >= r.started_at ? nextStart : null);
      await cutDeviceRecording(ex, deviceId, r.recording_id, ended);
      await touch(ex, { ...r, end_kind: 'cut', ended_at: ended }, LATEST);
      log.info({ deviceId, recordingId: r.recording_id, endedAt: ended }, 'recording ended without a stop (cut)');
    }
  }

  async function insert(ex: Ex, row: DeviceRecordingsTable): Promise<void> {
    // The first recording of a device changes how all its footage is judged: every step with its footage.
    const first = !(await deviceHasRecordings(ex, row.device_id));
    await insertDeviceRecording(ex, row);
    if (first) await deps.queue(ex, 'device-recording', `${row.device_id}|${EARLIEST}|${LATEST}`);
  }

  function fresh(deviceId: string, recordingId: string, startedAt: string): DeviceRecordingsTable {
    const b = buffers(deviceId);
    return {
      device_id: deviceId,
      recording_id: recordingId,
      started_at: startedAt,
      ended_at: null,
      end_kind: 'open',
      stopped_at: null,
      alive_at: null,
      pre_record_ms: b.pre,
      post_record_ms: b.post,
      officer_id: null,
      start_seq: null,
      stop_seq: null,
      updated_at: new Date().toISOString(),
    };
  }

  async function started(e: EventPayload & { recordingId: string }): Promise<void> {
    const ts = isoOf(e.ts);
    await db.transaction().execute(async (trx) => {
      const r = await findDeviceRecording(trx, e.deviceId, e.recordingId);
      if (!r) {
        await insert(trx, {
          ...fresh(e.deviceId, e.recordingId, ts),
          officer_id: e.officerId ?? null,
          start_seq: e.seq,
        });
        await touch(trx, fresh(e.deviceId, e.recordingId, ts));
      } else {
        // The start event is the press itself; a recording first seen in a state takes its time.
        const oldStart = r.started_at;
        const row = { ...r, started_at: ts, start_seq: e.seq, officer_id: r.officer_id ?? e.officerId ?? null };
        await setRecordingStart(trx, e.deviceId, e.recordingId, {
          startedAt: ts,
          startSeq: e.seq,
          officerId: row.officer_id,
        });
        await touch(trx, { ...row, started_at: oldStart < ts ? oldStart : ts });
      }
      // One recording at a time: an older one still open was cut.
      await cutOpen(trx, e.deviceId, e.recordingId, ts, ts);
    });
    deps.onChanged?.(e.deviceId, e.recordingId);
  }

  async function stopped(e: EventPayload & { recordingId: string }): Promise<void> {
    const ts = isoOf(e.ts);
    await db.transaction().execute(async (trx) => {
      const r = await findDeviceRecording(trx, e.deviceId, e.recordingId);
      if (!r) {
        // The start never reached the station: a recording known only by its end.
        const row = {
          ...fresh(e.deviceId, e.recordingId, ts),
          ended_at: ts,
          end_kind: 'stopped' as const,
          stopped_at: ts,
          officer_id: e.officerId ?? null,
          stop_seq: e.seq,
        };
        await insert(trx, row);
        await touch(trx, row);
        return;
      }
      // A stop is the fact; it replaces a cut inferred before it arrived.
      const end = ts < r.started_at ? r.started_at : ts;
      await stopDeviceRecording(trx, e.deviceId, e.recordingId, { endedAt: end, stoppedAt: ts, stopSeq: e.seq });
      await touch(trx, { ...r, ended_at: end, end_kind: 'stopped' }, r.ended_at ?? LATEST);
    });
    deps.onChanged?.(e.deviceId, e.recordingId);
  }

  return {
    /** A stored device event (registry 'event'): record starts and stops. */
    onEvent(e: EventPayload): Promise<void> {
      const id = e.recordingId;
      if (!id || (e.type !== 'recording.started' && e.type !== 'recording.stopped')) return Promise.resolve();
      return serial(e.deviceId, async () => {
        if (e.type === 'recording.started') await started({ ...e, recordingId: id });
        else await stopped({ ...e, recordingId: id });
        deps.kick();
      });
    },

    /** A state: a recording the station missed the start of, a sign of life, or the end of a cut one. */
    onState(s: StatePayload): Promise<void> {
      const ts = isoOf(s.ts);
      latest.set(s.deviceId, { recordingId: s.state === 'recording' ? s.recordingId : null, ts });
      if (s.state !== 'recording' || !s.recordingId) {
        // In standby (or restarted): a recording still open after the settle time was cut.
        const timer = setTimeout(() => {
          timers.delete(timer);
          const now = latest.get(s.deviceId);
          if (now?.ts !== ts || now.recordingId !== null) return;
          void serial(s.deviceId, async () => {
            await db.transaction().execute((trx) => cutOpen(trx, s.deviceId, null, ts, null));
            deps.kick();
          });
        }, CUT_SETTLE_MS);
        timer.unref();
        timers.add(timer);
        return Promise.resolve();
      }
      const recordingId = s.recordingId;
      return serial(s.deviceId, async () => {
        let changed = false;
        await db.transaction().execute(async (trx) => {
          const r = await findDeviceRecording(trx, s.deviceId, recordingId);
          if (!r) {
            const row = { ...fresh(s.deviceId, recordingId, isoOf(s.recordingSince ?? s.ts)), alive_at: ts };
            row.officer_id = s.officerId;
            await insert(trx, row);
            await touch(trx, row);
            changed = true;
          } else if (r.end_kind !== 'stopped') {
            await setRecordingAlive(trx, s.deviceId, recordingId, later(r.alive_at, ts)!);
          }
          const since = isoOf(s.recordingSince ?? r?.started_at ?? s.ts);
          await cutOpen(trx, s.deviceId, recordingId, ts, since);
        });
        if (changed) deps.onChanged?.(s.deviceId, recordingId);
        deps.kick();
      });
    },

    /** Telemetry while recording: the latest sign of life of the open recording. */
    onTelemetry(t: TelemetryPayload): void {
      if (t.state !== 'recording') return;
      const at = isoOf(t.ts);
      const a = alive.get(t.deviceId);
      const now = Date.now();
      if (a && a.at >= at) return;
      const write = !a || now - a.writtenAt >= ALIVE_WRITE_MS;
      alive.set(t.deviceId, { at, writtenAt: write ? now : a.writtenAt });
      if (!write) return;
      void serial(t.deviceId, () => markOpenRecordingsAlive(db, t.deviceId, at));
    },

    /** Recorder footage of a cut recording proves it ran at least that long. */
    onFootage(row: RecordingsTable): Promise<void> {
      if (row.source !== 'device') return Promise.resolve();
      return serial(row.device_id, async () => {
        let changed = false;
        await db.transaction().execute(async (trx) => {
          const r = await findDeviceRecording(trx, row.device_id, row.session_id);
          if (!r || r.end_kind !== 'cut' || (r.ended_at ?? '') >= row.ended_at) return;
          const next = await nextDeviceRecordingStart(trx, row.device_id, r.started_at);
          const end = await cutEnd(trx, r, next);
          if (end === r.ended_at) return;
          await extendCutRecording(trx, r.device_id, r.recording_id, end);
          await touch(trx, { ...r, ended_at: end });
          changed = true;
        });
        if (changed) {
          deps.onChanged?.(row.device_id, row.session_id);
          deps.kick();
        }
      });
    },

    /** A device's recordings overlapping [from, to] (device clock), oldest first. */
    list(deviceId: string, from?: string, to?: string): Promise<DeviceRecordingsTable[]> {
      return deviceRecordingsOverlapping(db, deviceId, from, to);
    },

    /** Resolves when every change queued so far is written (tests, shutdown). */
    async settled(): Promise<void> {
      await Promise.all([...chains.values()]);
    },

    stop(): void {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
export type DeviceRecordings = ReturnType<typeof createDeviceRecordings>;
