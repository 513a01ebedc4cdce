/** The index of footage files held at the station, and its row → API view (the contract's RecordingView). */
import { randomUUID } from 'node:crypto';
import type { RecordingView } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import type { RecordingsTable } from '../db/schema.js';
import type { FinishedSegment } from './segment-recorder.js';
import { holderAt } from '../cases/owner.js';
import type { AuditInput } from '../audit/audit-log.js';
import { queueSort } from '../cases/sort-repo.js';
import {
  completeRecoveredRecording,
  findRecording,
  findRecordingByPath,
  insertRecording,
  listRecordings,
  recordingPaths,
  type RecordingQuery,
} from './recordings-repo.js';

export type { RecordingQuery };

export function toView(r: RecordingsTable): RecordingView {
  return {
    id: r.id,
    deviceId: r.device_id,
    officerId: r.officer_id,
    sessionId: r.session_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationSeconds: r.duration_seconds,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    source: r.source,
    recovered: r.recovered === 1,
    fileUrl: `/api/recordings/${r.id}/file`,
  };
}

/**
 * Whether the officer a recorder names disagrees with the desk. The desk is the authority on who
 * held a recorder (cases/owner.ts: its holder wins wherever footage is attributed); `officer_id`
 * keeps what the recorder said, and a disagreement is flagged when the footage arrives.
 */
async function disagreesWithDesk(db: Db, deviceId: string, at: Date, reported: string | null): Promise<boolean> {
  if (reported === null) return false;
  const holder = await holderAt(db, deviceId, at.toISOString());
  return holder !== undefined && holder.officerId !== reported;
}

export interface RecordingIndexDeps {
  /** Where a recorder naming another officer than the desk's holder is recorded (the audit trail). */
  flag?: (input: AuditInput) => Promise<unknown>;
}

export function createRecordingIndex(db: Db, deps: RecordingIndexDeps = {}) {
  const added: ((row: RecordingsTable) => void)[] = [];
  const flagMismatch = async (row: RecordingsTable) => {
    await deps.flag?.({
      actor: 'station',
      action: 'flag',
      subjectType: 'segment',
      subjectId: `${row.device_id}/${row.path.split('/').pop()}`,
      detail: {
        finding: 'the recorder named an officer the desk had not handed it to; the desk holder counts',
        reportedOfficerId: row.officer_id,
        at: row.started_at,
      },
    });
  };
  return {
    /** Called after each new segment is committed (the sorter listens). */
    onAdded(fn: (row: RecordingsTable) => void): void {
      added.push(fn);
    },
    /** Indexes a stored segment; `officerId` is who the recorder says held it (checked against the desk). */
    async add(
      seg: FinishedSegment,
      officerId: string | null,
      opts: { recovered?: boolean; source?: RecordingsTable['source'] } = {},
    ): Promise<RecordingsTable> {
      const mismatch = await disagreesWithDesk(db, seg.deviceId, seg.startedAt, officerId);
      const row: RecordingsTable = {
        id: randomUUID(),
        device_id: seg.deviceId,
        officer_id: officerId,
        session_id: seg.sessionId,
        path: seg.path,
        started_at: seg.startedAt.toISOString(),
        ended_at: seg.endedAt.toISOString(),
        duration_seconds: Math.round(seg.durationSeconds * 1000) / 1000,
        bytes: seg.bytes,
        sha256: seg.sha256,
        source: opts.source ?? 'live',
        recovered: opts.recovered ? 1 : 0,
        created_at: new Date().toISOString(),
      };
      // Queued for sorting in the same transaction: a crash cannot leave a segment unsorted for good.
      await db.transaction().execute(async (trx) => {
        await insertRecording(trx, row);
        await queueSort(trx, 'recording', row.id, row.created_at);
      });
      if (mismatch) await flagMismatch(row);
      for (const fn of added) fn(row);
      return row;
    },
    async list(q: RecordingQuery): Promise<RecordingsTable[]> {
      return listRecordings(db, q);
    },
    /**
     * A recorder copy indexed by crash recovery carries guessed times and no officer; when the
     * recorder completes its upload again, its own account replaces the guesses (the bytes were
     * already checked against its SHA-256), the row is no longer flagged, and it is sorted again.
     */
    async completeRecovered(
      id: string,
      meta: { sessionId: string; startedAt: Date; endedAt: Date; officerId: string | null },
    ): Promise<RecordingsTable | undefined> {
      const before = await findRecording(db, id);
      const mismatch = before ? await disagreesWithDesk(db, before.device_id, meta.startedAt, meta.officerId) : false;
      await db.transaction().execute(async (trx) => {
        await completeRecoveredRecording(trx, id, {
          sessionId: meta.sessionId,
          startedAt: meta.startedAt.toISOString(),
          endedAt: meta.endedAt.toISOString(),
          durationSeconds: Math.round(meta.endedAt.getTime() - meta.startedAt.getTime()) / 1000,
          officerId: meta.officerId,
        });
        await queueSort(trx, 'recording', id, new Date().toISOString());
      });
      const row = await findRecording(db, id);
      if (row && mismatch) await flagMismatch(row);
      if (row) for (const fn of added) fn(row);
      return row;
    },
    async get(id: string): Promise<RecordingsTable | undefined> {
      return findRecording(db, id);
    },
    async byPath(path: string): Promise<RecordingsTable | undefined> {
      return findRecordingByPath(db, path);
    },
    async knownPaths(): Promise<Set<string>> {
      return recordingPaths(db);
    },
  };
}
export type RecordingIndex = ReturnType<typeof createRecordingIndex>;
