/**
 * Retention: footage is deleted only when policy allows it, and every
 * deletion is audited. Never deleted: footage under legal hold (its own or
 * its case's), footage in an open review item, footage linked to a case
 * that is not closed or closed less than `closedCaseYears` ago.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CHAIN_SUFFIX } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { findRecording, markRecordingDeleted, retentionCandidates } from '../footage/recordings-repo.js';
import type { Logger } from '../log.js';
import { casesOfRecording, isUnderReview } from './retention-repo.js';
import { queueSort } from './sort-repo.js';

export const RETENTION_ACTOR = 'system:retention';

export interface RetentionVerdict {
  recordingId: string;
  bytes: number;
  reason: 'unlinked' | 'case-closed';
}

export function createRetention(opts: {
  db: Db;
  audit: AuditLog;
  footageRoot: string;
  policy: GatewayConfig['retention'];
  log: Logger;
}) {
  const { db, policy } = opts;
  let timer: NodeJS.Timeout | null = null;

  /** What the policy allows to delete right now (nothing is touched). */
  async function eligible(now = Date.now(), limit = 10_000): Promise<RetentionVerdict[]> {
    const unlinkedCutoff = new Date(now - policy.unlinkedDays * 86_400_000).toISOString();
    const closedCutoff = new Date(now - policy.closedCaseYears * 365.25 * 86_400_000).toISOString();
    // Oldest first; only footage old enough for the shorter rule can be eligible at all.
    const rows = await retentionCandidates(db, unlinkedCutoff, limit);
    const out: RetentionVerdict[] = [];
    for (const r of rows) {
      const cases = await casesOfRecording(db, r.id);
      if (cases.some((c) => c.hold === 1 || c.status !== 'closed' || !c.closed_at || c.closed_at > closedCutoff))
        continue;
      // Anything still being reviewed stays: its session, a mark on it, a gap on its steps.
      const footage = {
        deviceId: r.device_id,
        sessionId: r.session_id,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        caseIds: cases.map((c) => c.id),
      };
      if (await isUnderReview(db, footage)) continue;
      out.push({ recordingId: r.id, bytes: Number(r.bytes), reason: cases.length ? 'case-closed' : 'unlinked' });
    }
    return out;
  }

  async function sweep(now = Date.now()): Promise<{ deleted: number; bytes: number; failed: number }> {
    const verdicts = await eligible(now);
    let deleted = 0;
    let bytes = 0;
    let failed = 0;
    for (const v of verdicts) {
      const r = await findRecording(db, v.recordingId);
      if (!r || r.deleted_at) continue;
      try {
        // Record first, then remove: a crash in between leaves a tombstone pointing at a file, never a silent loss.
        await db.transaction().execute(async (trx) => {
          await markRecordingDeleted(trx, r.id, new Date(now).toISOString(), `retention: ${v.reason}`);
          await queueSort(trx, 'recording', r.id, new Date().toISOString());
          await opts.audit.append(
            {
              actor: RETENTION_ACTOR,
              action: 'delete',
              subjectType: 'recording',
              subjectId: r.id,
              detail: {
                reason: v.reason,
                path: r.path,
                sha256: r.sha256,
                bytes: Number(r.bytes),
                startedAt: r.started_at,
              },
            },
            trx,
          );
        });
        await rm(join(opts.footageRoot, r.path), { force: true });
        await rm(join(opts.footageRoot, `${r.path}${CHAIN_SUFFIX}`), { force: true });
        deleted++;
        bytes += Number(r.bytes);
      } catch (err) {
        failed++;
        opts.log.error({ recordingId: r.id, err: (err as Error).message }, 'retention could not delete a segment');
      }
    }
    if (deleted > 0) opts.log.info({ deleted, bytes }, 'retention sweep deleted footage past its retention');
    return { deleted, bytes, failed };
  }

  return {
    eligible,
    sweep,
    start(onSwept?: () => void): void {
      if (policy.sweepHours <= 0) return;
      timer = setInterval(
        () =>
          void sweep()
            .then(onSwept)
            .catch((err: Error) => opts.log.error({ err: err.message }, 'retention sweep failed')),
        policy.sweepHours * 3600_000,
      );
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
  };
}
export type Retention = ReturnType<typeof createRetention>;
