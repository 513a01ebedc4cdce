/**
 * The portal's queries for video released with a publication, on its read-only connection. Only a
 * released row is read (or one taken down alone, to answer 410), and of it only the released
 * copy's columns (path, hash, size, manifest, the station's signature of its facts), its own
 * take-down's time and public reason, with its publication's public columns (the signed item,
 * state, expiry, a withdrawal's time and reason): never the working copy, the case, the source
 * segment's path, who proposed it or who took it down.
 */
import { dirname } from 'node:path';
import { sql } from 'kysely';
import type { VideoReleasesTable } from '../publicity/video-release-repo.js';
import type { PortalDb, PublicRow } from './portal-repo.js';

/** A released row, with its publication's item as the portal checks it (a PublicRow). */
export interface PortalVideoRow extends PublicRow {
  id: string;
  copy_path: string | null;
  copy_sha256: string | null;
  copy_bytes: number | null;
  manifest_json: string | null;
  /** The station's signature over signedVideoFacts() of the copy (video-release-repo.ts). */
  copy_signature: string | null;
  released_at: string | null;
  /** released, or withdrawn: taken down alone (its own time and public reason below). */
  video_state: string;
  video_withdrawn_at: string | null;
  video_withdraw_reason: string | null;
  publication_state: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

const released = (db: PortalDb) =>
  db
    .withTables<{ video_releases: VideoReleasesTable }>()
    .selectFrom('video_releases')
    .innerJoin('publications', 'publications.id', 'video_releases.publication_id')
    .select([
      'video_releases.id',
      'video_releases.copy_path',
      'video_releases.copy_sha256',
      'video_releases.copy_bytes',
      'video_releases.manifest_json',
      'video_releases.copy_signature',
      'video_releases.released_at',
      'video_releases.state as video_state',
      'video_releases.withdrawn_at as video_withdrawn_at',
      'video_releases.withdraw_reason as video_withdraw_reason',
      'publications.item_id',
      'publications.kind',
      'publications.title',
      'publications.public_json',
      'publications.signature',
      'publications.published_at',
      'publications.updated_at',
      'publications.state as publication_state',
      'publications.expires_at',
      'publications.withdrawn_at',
      'publications.withdraw_reason',
    ])
    .where('video_releases.state', 'in', ['released', 'withdrawn']);

export function releasedVideo(db: PortalDb, id: string): Promise<PortalVideoRow | undefined> {
  return released(db).where('video_releases.id', '=', id).executeTakeFirst();
}

export function releasedVideosOfItem(db: PortalDb, itemId: string): Promise<PortalVideoRow[]> {
  return released(db)
    .where('publications.item_id', '=', itemId)
    .orderBy('video_releases.released_at')
    .orderBy('video_releases.id')
    .execute();
}

const folders = new WeakMap<PortalDb, string>();

/**
 * The folder of the database file: the station stores each copy's path relative to it, so the
 * portal finds the copies wherever the data folder is, without a setting of its own.
 */
export async function databaseFolder(db: PortalDb): Promise<string> {
  const known = folders.get(db);
  if (known) return known;
  const { rows } = await sql<{ name: string; file: string }>`PRAGMA database_list`.execute(db);
  const file = rows.find((r) => r.name === 'main')?.file;
  if (!file) throw new Error('the portal database has no file: released videos cannot be found');
  folders.set(db, dirname(file));
  return dirname(file);
}
