/** The index of footage files held at the station, and its API shape. */
import { recordingVisible, type Scope } from '../access/scope.js';
import { randomUUID } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { Db } from '../db/database.js';
import type { RecordingsTable } from '../db/schema.js';
import type { FinishedSegment } from './segment-recorder.js';
import { holderAt } from '../cases/owner.js';
import type { AuditInput } from '../audit/audit-log.js';

export const RecordingView = Type.Object(
  {
    id: Type.String(),
    deviceId: Type.String(),
    officerId: Type.Union([Type.String(), Type.Null()]),
    sessionId: Type.String({ description: 'One live publish; its segments share it' }),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.String({ format: 'date-time' }),
    durationSeconds: Type.Number(),
    bytes: Type.Number(),
    sha256: Type.String({ description: 'SHA-256 of the file bytes, taken when the segment was closed' }),
    source: Type.Union([Type.Literal('live'), Type.Literal('device')]),
    recovered: Type.Boolean({ description: 'Indexed after a station crash rather than when it was closed' }),
    fileUrl: Type.String(),
  },
  { $id: 'Recording' },
);
export type RecordingView = Static<typeof RecordingView>;

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

export interface RecordingQuery {
  deviceId?: string;
  /** Recordings that end after `from` and start before `to`. */
  from?: string;
  to?: string;
  limit?: number;
  /** Only what this caller may see (an officer's own, a unit's, footage of cases in review). */
  visibleTo?: Scope;
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
        await trx.insertInto('recordings').values(row).execute();
        await trx
          .insertInto('sort_pending')
          .values({ kind: 'recording', id: row.id, queued_at: row.created_at })
          .onConflict((oc) => oc.doNothing())
          .execute();
      });
      if (mismatch) await flagMismatch(row);
      for (const fn of added) fn(row);
      return row;
    },
    async list(q: RecordingQuery): Promise<RecordingsTable[]> {
      let query = db.selectFrom('recordings').selectAll().where('deleted_at', 'is', null);
      if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
      if (q.from) query = query.where('ended_at', '>', q.from);
      if (q.to) query = query.where('started_at', '<', q.to);
      if (q.visibleTo) query = query.where(recordingVisible(q.visibleTo));
      return query
        .orderBy('started_at', 'desc')
        .limit(q.limit ?? 500)
        .execute();
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
      const before = await db.selectFrom('recordings').select('device_id').where('id', '=', id).executeTakeFirst();
      const mismatch = before ? await disagreesWithDesk(db, before.device_id, meta.startedAt, meta.officerId) : false;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('recordings')
          .set({
            session_id: meta.sessionId,
            started_at: meta.startedAt.toISOString(),
            ended_at: meta.endedAt.toISOString(),
            duration_seconds: Math.round(meta.endedAt.getTime() - meta.startedAt.getTime()) / 1000,
            officer_id: meta.officerId,
            // Nothing about the row is a guess any more.
            recovered: 0,
          })
          .where('id', '=', id)
          .where('recovered', '=', 1)
          .execute();
        await trx
          .insertInto('sort_pending')
          .values({ kind: 'recording', id, queued_at: new Date().toISOString() })
          .onConflict((oc) => oc.doNothing())
          .execute();
      });
      const row = await db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
      if (row && mismatch) await flagMismatch(row);
      if (row) for (const fn of added) fn(row);
      return row;
    },
    async get(id: string): Promise<RecordingsTable | undefined> {
      return db.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async byPath(path: string): Promise<RecordingsTable | undefined> {
      return db.selectFrom('recordings').selectAll().where('path', '=', path).executeTakeFirst();
    },
    async knownPaths(): Promise<Set<string>> {
      const rows = await db.selectFrom('recordings').select('path').execute();
      return new Set(rows.map((r) => r.path));
    },
  };
}
export type RecordingIndex = ReturnType<typeof createRecordingIndex>;
