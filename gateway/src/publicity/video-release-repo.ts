/**
 * Video released with a publication, as the station stores it (the portal has its own read-only
 * queries: portal/video-repo.ts). The table is declared here, not in db/schema.ts, and reached
 * through Kysely's withTables, so the release owns its one table.
 */
import { canonicalJson } from '@liuhen/evidence';
import type { Db } from '../db/database.js';
import { caseFootageQuery } from '../cases/links-repo.js';
import { sha256Text } from '../footage/sha256.js';

export interface VideoReleasesTable {
  id: string;
  publication_id: string;
  case_id: string;
  /** The sealed segment the clip is cut from (recordings.id) and the span within it. */
  recording_id: string;
  start_ms: number;
  end_ms: number;
  /** queued | cutting | detecting | review | rendering | rendered | released | failed | withdrawn (taken down alone) */
  state: string;
  /** What went wrong in the background, in words saying what to do; null when nothing did. */
  error: string | null;
  /** JSON: the sealed sources [{recordingId, sha256, bytes, startMs, endMs}], hashes checked at the cut. */
  sources: string;
  /** The working copy (the cut span, faces visible): never served to the public. */
  work_sha256: string | null;
  work_bytes: number | null;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  /** JSON arrays: detected auto regions, rejected auto region ids, manual regions, muted spans. */
  regions: string;
  rejected: string;
  manual: string;
  muted: string;
  render_seq: number;
  /** The released copy, relative to the database file's folder (the portal resolves it the same way). */
  copy_path: string | null;
  copy_sha256: string | null;
  copy_bytes: number | null;
  /** The exact manifest bytes served beside the copy. */
  manifest_json: string | null;
  /**
   * The station's signature (ManifestSignature JSON) over signedVideoFacts() of the released copy,
   * made at sign-off (migration 0020): the portal serves no copy without it.
   */
  copy_signature: string | null;
  /** A released video taken down alone (migration 0021): when, by whom, the public (redacted) reason. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  /**
   * The sweep (video-release.ts tidy) left nothing to delete when, and for what (migration 0022):
   * `released` (a live released video: its copy kept), `down` (taken down, failed, or its
   * publication down: every file of it the policy deletes is gone). A release whose state is
   * no longer what it was tidied for is swept again.
   */
  tidied_at: string | null;
  tidied_for: 'released' | 'down' | null;
  proposed_by: string;
  signed_off_by: string | null;
  released_at: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * What the station signs when an editor signs a copy off, and the portal checks before serving
 * it: the publication's item id, the release, the copy's SHA-256 and size, and the SHA-256 of the
 * manifest served beside it, as canonical JSON. Built here, beside the columns they come from, so
 * both sides sign and check the same bytes.
 */
export function signedVideoFacts(f: {
  itemId: string;
  release: string;
  sha256: string;
  bytes: number;
  manifestJson: string;
}): string {
  return canonicalJson({
    format: 'liuhen-video-release-signoff/1',
    publication: f.itemId,
    release: f.release,
    copy: { sha256: f.sha256, bytes: f.bytes },
    manifestSha256: sha256Text(f.manifestJson),
  });
}

/** The name the station's signature of a release's facts carries (ManifestSignature.signed). */
export const signedVideoName = (release: string) => `video-release:${release}`;

const t = (db: Db) => db.withTables<{ video_releases: VideoReleasesTable }>();

export async function insertVideoRelease(db: Db, row: VideoReleasesTable): Promise<void> {
  await t(db).insertInto('video_releases').values(row).execute();
}

export async function updateVideoRelease(db: Db, id: string, set: Partial<VideoReleasesTable>): Promise<void> {
  await t(db).updateTable('video_releases').set(set).where('id', '=', id).execute();
}

export function findVideoRelease(db: Db, id: string): Promise<VideoReleasesTable | undefined> {
  return t(db).selectFrom('video_releases').selectAll().where('id', '=', id).executeTakeFirst();
}

export function videoReleasesOf(db: Db, publicationId: string): Promise<VideoReleasesTable[]> {
  return t(db)
    .selectFrom('video_releases')
    .selectAll()
    .where('publication_id', '=', publicationId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** States a background job is working in: the sweep never touches a release in one. */
const UNFINISHED = ['queued', 'cutting', 'detecting', 'rendering'];

/** Releases whose background work was cut short by a stop (crash, shutdown): nothing runs them now. */
export function unfinishedVideoReleases(db: Db): Promise<VideoReleasesTable[]> {
  return t(db).selectFrom('video_releases').selectAll().where('state', 'in', UNFINISHED).execute();
}

/**
 * Releases whose files the sweep may delete (video-release.ts tidy): finished ones (released,
 * taken down, failed) and any whose publication is withdrawn or expired, never one a background
 * job is working on; and of those, not one already tidied for what it is now (tidied_for: `down`
 * once, for good; `released` while it is still a live released video of a live publication).
 * A take-down, a publication withdrawn or expired, makes a release tidied as `released` due again.
 */
function toTidy(db: Db, now: string) {
  return t(db)
    .selectFrom('video_releases')
    .innerJoin('publications', 'publications.id', 'video_releases.publication_id')
    .where('video_releases.state', 'not in', UNFINISHED)
    .where((eb) => {
      const publicationDown = eb.or([
        eb('publications.state', 'in', ['withdrawn', 'expired']),
        eb('publications.expires_at', '<=', now),
      ]);
      const liveReleased = eb.and([eb('video_releases.state', '=', 'released'), eb.not(publicationDown)]);
      return eb.and([
        eb.or([eb('video_releases.state', 'in', ['released', 'withdrawn', 'failed']), publicationDown]),
        eb.or([
          eb('video_releases.tidied_for', 'is', null),
          eb.and([eb('video_releases.tidied_for', '=', 'released'), eb.not(liveReleased)]),
        ]),
      ]);
    });
}

/** The ids of the releases the sweep has files to look at (toTidy), in order. */
export async function videoReleasesToTidy(db: Db, now: string): Promise<string[]> {
  const rows = await toTidy(db, now).select('video_releases.id').orderBy('video_releases.id').execute();
  return rows.map((r) => r.id);
}

/** One release as the sweep needs it (only the columns it reads), or undefined when it has nothing to tidy. */
export function videoReleaseToTidy(db: Db, id: string, now: string) {
  return toTidy(db, now)
    .where('video_releases.id', '=', id)
    .select([
      'video_releases.id',
      'video_releases.case_id',
      'video_releases.state',
      'video_releases.render_seq',
      'video_releases.copy_path',
      'video_releases.copy_sha256',
      'video_releases.copy_bytes',
      'video_releases.work_sha256',
      'video_releases.work_bytes',
      'publications.state as publication_state',
      'publications.expires_at as publication_expires_at',
    ])
    .executeTakeFirst();
}

/**
 * Records that the sweep left nothing to delete of a release for what it was (`tidiedFor`), so
 * later sweeps skip it until that changes; only while it still is what the sweep read (`state`).
 */
export async function markVideoReleaseTidied(
  db: Db,
  id: string,
  state: string,
  tidiedFor: 'released' | 'down',
  at: string,
): Promise<void> {
  await t(db)
    .updateTable('video_releases')
    .set({ tidied_at: at, tidied_for: tidiedFor })
    .where('id', '=', id)
    .where('state', '=', state)
    .execute();
}

/** The publication a clip belongs to: its case and state (withdrawn or expired takes its videos down). */
export function publicationForVideo(db: Db, publicationId: string) {
  return db
    .selectFrom('publications')
    .select(['id', 'case_id', 'state', 'item_id', 'expires_at'])
    .where('id', '=', publicationId)
    .executeTakeFirst();
}

/** One indexed segment, whatever case it is linked to (to tell "unknown" from "not this case's"). */
export function segmentById(db: Db, recordingId: string) {
  return db
    .selectFrom('recordings')
    .select([
      'id',
      'device_id',
      'path',
      'sha256',
      'bytes',
      'started_at',
      'ended_at',
      'duration_seconds',
      'source',
      'deleted_at',
    ])
    .where('id', '=', recordingId)
    .executeTakeFirst();
}

/** True when the segment is linked (not excluded) to a step of the case. */
export async function segmentIsOfCase(db: Db, recordingId: string, caseId: string): Promise<boolean> {
  const row = await db
    .selectFrom('links')
    .innerJoin('steps', 'steps.id', 'links.step_id')
    .select('links.recording_id')
    .where('links.recording_id', '=', recordingId)
    .where('steps.case_id', '=', caseId)
    .where('links.origin', '!=', 'excluded')
    .executeTakeFirst();
  return row !== undefined;
}

/** The footage of a case an editor may cut a clip from: linked, not excluded, not deleted. */
export function footageForRelease(db: Db, caseId: string) {
  return caseFootageQuery(db, caseId)
    .select([
      'recordings.id',
      'recordings.device_id',
      'recordings.sha256',
      'recordings.bytes',
      'recordings.started_at',
      'recordings.ended_at',
      'recordings.duration_seconds',
      'recordings.source',
      'steps.id as step_id',
      'steps.kind as step_kind',
    ])
    .execute();
}
