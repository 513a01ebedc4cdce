/**
 * Queries on what holds footage back from retention: the cases it is linked into and the review
 * items still looking at it. The policy itself (which of these block a deletion) is retention.ts.
 */
import type { Db } from '../db/database.js';

/** The cases a recording is linked into (exclusions do not count), with what decides whether it may go. */
export async function casesOfRecording(db: Db, recordingId: string) {
  return db
    .selectFrom('links')
    .innerJoin('steps', 'steps.id', 'links.step_id')
    .innerJoin('cases', 'cases.id', 'steps.case_id')
    .select(['cases.id', 'cases.status', 'cases.closed_at', 'cases.hold'])
    .where('links.recording_id', '=', recordingId)
    .where('links.origin', '!=', 'excluded')
    .execute();
}

/** Footage as review items name it: its recorder, its publish session and its span. */
export interface FootageUnderReview {
  deviceId: string;
  sessionId: string;
  startedAt: string;
  endedAt: string;
  /** The cases it is linked into. */
  caseIds: string[];
}

/**
 * Whether a review item not done still looks at this footage: its session's unsorted item once
 * someone took it up, a mark over its span, or any item of a case it is linked into.
 */
export async function isUnderReview(db: Db, f: FootageUnderReview): Promise<boolean> {
  const item = await db
    .selectFrom('review_items')
    .select('id')
    .where('state', '!=', 'done')
    .where((eb) =>
      eb.or([
        // An untouched unsorted item is the normal state of unlinked footage; one someone took up blocks.
        eb.and([
          eb('kind', '=', 'unsorted'),
          eb('subject_id', '=', `${f.deviceId}/${f.sessionId}`),
          eb('state', '=', 'in_review'),
        ]),
        eb.and([
          eb('kind', '=', 'marked'),
          eb('device_id', '=', f.deviceId),
          eb('subject_start', '<', f.endedAt),
          eb('subject_end', '>', f.startedAt),
        ]),
        eb('case_id', 'in', f.caseIds.length ? f.caseIds : ['']),
      ]),
    )
    .executeTakeFirst();
  return item !== undefined;
}
