/**
 * Video released with a publication (行政执法公示): an editor (a supervisor or legal reviewer)
 * proposes a clip, a span of one sealed segment of the publication's case; the station checks the
 * segment against its index hash and cuts the span into a working copy (the segment is only
 * read), finds faces in it in the background, and keeps the tracks for review. The editor drops
 * false tracks, adds manual regions (rectangles over a time span) and muted audio spans, and has
 * the copy rendered: blurred and muted, in its own folder, with a manifest binding the copy's
 * SHA-256 to the working copy's and the sealed segment's, and the edit list. An editor's sign-off
 * releases it; the portal serves it while the publication is published (a withdrawn or expired
 * publication takes its videos down with it). An editor may also take one released video down
 * alone, with a public reason redacted like a publication's withdrawal reason.
 *
 * Files are not kept forever (tidy below): the working copy (faces visible) is deleted once the
 * release is finished (released, taken down, failed, or its publication withdrawn or expired);
 * renders other than the signed-off one once it is signed off; the released copy once the video
 * is taken down. The manifest and hashes stay in the database (and the manifest beside the copy),
 * so the link to the sealed segment stays provable; the evidence store is never touched. Every
 * deletion is audited and logged; one that fails is logged and retried by the next sweep.
 *
 * The slow parts (ffmpeg, the face detector) are child processes run by a small queue here: one
 * job at a time, a bounded backlog (a full one refuses with "try again later"), and every failure
 * written on the release (state `failed`, `error` saying what to do), never thrown into the void.
 * Every view, frame, file and change is in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import {
  access,
  link,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  realpath,
  rename,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import { signManifest, type SigningKey } from '@liuhen/evidence';
import type { AuditAction, AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import { Conflict, Invalid, NotFound, StationFault, TooMany, Unacceptable } from '../errors.js';
import { usernameOf } from '../legal-review/reviewers.js';
import type { Logger } from '../log.js';
import {
  detectFaces,
  planProblems,
  probeSource,
  renderRedacted,
  type RedactionPlan,
  type RedactionRegion,
} from './video-redaction/index.js';
import { sha256Text } from '../footage/sha256.js';
import { sha256File } from './video-redaction/hash.js';
import { start, tail } from './video-redaction/processes.js';
import {
  findVideoRelease,
  footageForRelease,
  insertVideoRelease,
  publicationForVideo,
  segmentById,
  segmentIsOfCase,
  signedVideoFacts,
  signedVideoName,
  unfinishedVideoReleases,
  markVideoReleaseTidied,
  updateVideoRelease,
  videoReleasesOf,
  videoReleaseToTidy,
  videoReleasesToTidy,
  type VideoReleasesTable,
} from './video-release-repo.js';

export const VIDEO_RELEASE_STATES = [
  'queued',
  'cutting',
  'detecting',
  'review',
  'rendering',
  'rendered',
  'released',
  'failed',
  'withdrawn',
] as const;
export type VideoReleaseState = (typeof VIDEO_RELEASE_STATES)[number];

/** The longest clip one proposal may cut (a publication shows an act, not a shift). */
export const MAX_CLIP_MS = 10 * 60_000;
/** Jobs waiting behind the running one; one more is refused with "try again later". */
export const MAX_QUEUED_JOBS = 8;
/** Preview frames extracted at once (each a short ffmpeg run). */
const MAX_FRAMES_AT_ONCE = 4;
/** A preview frame's ffmpeg is killed after this long (one frame takes well under a second). */
export const FRAME_TIMEOUT_MS = 20_000;
/**
 * Each step of a background job (hashing the segment, cutting, probing, finding faces, rendering)
 * is killed after this long, so one hung ffmpeg or detector cannot hold the single worker: the
 * release is marked failed (a render: back to review) saying so. A 10-minute clip takes a few
 * minutes per step on the station's hardware.
 */
export const MAX_STEP_MS = 30 * 60_000;
/**
 * The sweep of files no longer needed runs at start, after each change that finishes a release,
 * and this often besides: it retries deletions that failed and catches publications that expired
 * or were withdrawn meanwhile.
 */
export const SWEEP_EVERY_MS = 10 * 60_000;
/** A public reason shorter than this is refused (as a publication's withdrawal reason). */
const MIN_REASON = 4;

export interface Span {
  startMs: number;
  endMs: number;
}
export type Region = RedactionRegion;
export interface VideoSource {
  recordingId: string;
  sha256: string;
  bytes: number;
  startMs: number;
  endMs: number;
}

export interface VideoReleaseView {
  id: string;
  publicationId: string;
  caseId: string;
  recordingId: string;
  startMs: number;
  endMs: number;
  state: VideoReleaseState;
  /** True while the portal serves the released copy. */
  public: boolean;
  error: string | null;
  sources: VideoSource[];
  work: { sha256: string; bytes: number; width: number; height: number; durationMs: number } | null;
  /** Detected faces, one track per face, each a few regions over time (ids auto-<track>-<n>). */
  tracks: { id: string; regions: Region[] }[];
  rejected: string[];
  manualRegions: Region[];
  mutedSpans: Span[];
  copy: { sha256: string; bytes: number; render: number; manifestSha256: string } | null;
  proposedBy: string;
  signedOffBy: string | null;
  releasedAt: string | null;
  /** Taken down alone (state withdrawn, the publication still published): when, by whom, the public reason. */
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What the portal serves beside the copy, and the station keeps: the hash link and the edit list. */
export interface VideoReleaseManifest {
  format: 'liuhen-video-release/1';
  release: string;
  publication: string;
  copy: { sha256: string; bytes: number; file: string };
  /** The working copy the copy was rendered from: the span cut from the sources. */
  cut: { sha256: string; bytes: number; width: number; height: number; durationMs: number };
  /** The sealed segments, with the hash the station indexed and checked before cutting. */
  sources: VideoSource[];
  edits: RedactionPlan;
  tool: string;
  createdAt: string;
}

export interface VideoReleaseDeps {
  db: Db;
  audit: AuditLog;
  /** Root of the station data: the copies go under publicity/videos/<release>/. */
  dataDir: string;
  /** The SQLite file: copy paths are stored relative to its folder (the portal resolves them so). */
  dbFile: string;
  footageRoot: string;
  /** Signs a released copy's facts at sign-off (the portal serves no copy without it). */
  stationKey: SigningKey;
  log: Logger;
  /**
   * Redacts the public reason of a video taken down alone, as its publication's withdrawal reason
   * is redacted (publications.ts publicReason).
   */
  redactReason(publicationId: string, text: string): Promise<string>;
  /** How often the file sweep runs besides start and state changes (SWEEP_EVERY_MS). */
  sweepEveryMs?: number;
  now?: () => Date;
}

const parse = <T>(s: string | null, fallback: T): T => (s ? (JSON.parse(s) as T) : fallback);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const TRACK_OF = /^auto-(\d+)-\d+$/;
/** The render number of a copy, from its file name (released-<n>.mp4). */
const renderOf = (copyPath: string | null) => Number(/released-(\d+)\.mp4$/.exec(copyPath ?? '')?.[1] ?? 0);
/** A release's id as the store names its folder (any other is never a folder of ours to tidy). */
const RELEASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A render's files: the copy, its redaction list, its manifest. */
const RENDER_FILE = /^released-([1-9][0-9]{0,8})\.mp4(\.redaction\.json|\.manifest\.json)?$/;
/** The name a file being deleted is held under, between its audit entry and its unlink (tidy). */
const DELETING = '.deleting-';
/** A cut's scratch folder (mkdtemp's name: cutSpan). */
const CUT_SCRATCH = /^\.cut-[A-Za-z0-9]{6}$/;
/** A name the store gives a release's own files. */
const storeName = (name: string) => name === 'work.mp4' || CUT_SCRATCH.test(name) || RENDER_FILE.test(name);

/** A background job's outcome that comes too late: the release was moved on meanwhile. */
class Superseded extends Error {}

export function createVideoReleases(deps: VideoReleaseDeps) {
  const { db, audit, log } = deps;
  const now = deps.now ?? (() => new Date());
  const storeRoot = join(resolve(deps.dataDir), 'publicity', 'videos');
  const dbDir = dirname(resolve(deps.dbFile));
  const stopping = new AbortController();

  // ---- the background queue -------------------------------------------------------------------
  const waiting: { id: string; run: () => Promise<void> }[] = [];
  const running = new Set<Promise<void>>();
  const idle: (() => void)[] = [];

  function pump(): void {
    while (running.size < 1 && waiting.length > 0 && !stopping.signal.aborted) {
      const job = waiting.shift()!;
      const p = job
        .run()
        .catch((err: Error) => log.error({ release: job.id, err: err.message }, 'video release job failed'))
        .finally(() => {
          running.delete(p);
          pump();
        });
      running.add(p);
    }
    if (running.size === 0 && waiting.length === 0) idle.splice(0).forEach((r) => r());
  }

  /** Places taken by requests between their check and their job joining the queue (they await meanwhile). */
  let reserved = 0;

  /**
   * Checks there is room for one more job and holds it, in one synchronous step: concurrent
   * requests cannot all pass the check before any of them queues. The returned function gives
   * the place back (enqueue() calls it as it queues; calling it again does nothing).
   */
  function reserveRoom(): () => void {
    if (waiting.length + reserved >= MAX_QUEUED_JOBS)
      throw new TooMany(
        `the station is already cutting or rendering ${waiting.length + reserved + running.size} clips: try again in a few minutes`,
        { code: 'video-queue-full', details: { retryAfterSeconds: 60 } },
      );
    reserved++;
    let held = true;
    return () => {
      if (held) reserved--;
      held = false;
    };
  }

  /**
   * Runs `work` for a release in the background, in the place `room` holds; whatever it throws
   * is written on the release, which goes to `failState` (a failed render back to review, to be
   * rendered again), but only while the release is still in the job's hands (`ours`): a failure
   * arriving after the release moved on (re-proposed, rendered again, signed off) changes nothing.
   */
  function enqueue(
    id: string,
    step: string,
    failState: 'failed' | 'review',
    ours: (fresh: VideoReleasesTable) => boolean,
    work: (signal: AbortSignal) => Promise<void>,
    room: () => void,
  ): void {
    room();
    waiting.push({
      id,
      run: async () => {
        try {
          await work(stopping.signal);
        } catch (err) {
          if (err instanceof Superseded) {
            log.warn({ release: id, step }, 'video release job outcome dropped: the release changed meanwhile');
            return;
          }
          const why = stopping.signal.aborted
            ? `the station stopped while ${step}: ${step === 'rendering' ? 'render again' : 'propose the clip again'}`
            : `${step} failed: ${(err as Error).message}`;
          await change(
            id,
            { state: failState, error: why },
            { actor: 'station', detail: { state: failState, failed: why } },
            async (trx) => {
              const fresh = await findVideoRelease(trx, id);
              if (!fresh || !ours(fresh)) throw new Superseded(`video ${id} is ${fresh?.state} now`);
            },
          )
            // A failed cut is final (proposed again as a new release): its working copy goes.
            .then(() => (failState === 'failed' ? sweep(id) : undefined))
            .catch((e: Error) => {
              if (!(e instanceof Superseded)) throw e;
              log.warn(
                { release: id, step, failed: why },
                'late video release failure dropped: the release changed meanwhile',
              );
            });
        }
      },
    });
    pump();
  }

  /**
   * One step of a background job, with its own time limit (MAX_STEP_MS) besides the station's
   * stop: its child processes are killed when either fires.
   */
  async function timed<T>(what: string, signal: AbortSignal, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const limit = AbortSignal.timeout(MAX_STEP_MS);
    try {
      return await run(AbortSignal.any([signal, limit]));
    } catch (err) {
      if (limit.aborted && !signal.aborted)
        throw new Error(
          `${what} took longer than ${MAX_STEP_MS / 60_000} minutes and was stopped: try again, or propose a shorter clip`,
        );
      throw err;
    }
  }

  /** A check for change(): the release must still be in one of `states` (else Superseded). */
  const stillIn =
    (id: string, states: readonly string[], also?: (fresh: VideoReleasesTable) => boolean) =>
    async (trx: Db): Promise<void> => {
      const fresh = await findVideoRelease(trx, id);
      if (!fresh || !states.includes(fresh.state) || (also && !also(fresh)))
        throw new Superseded(`video ${id} is ${fresh?.state ?? 'gone'} now`);
    };

  // ---- views ----------------------------------------------------------------------------------
  type Pub = NonNullable<Awaited<ReturnType<typeof publicationForVideo>>>;
  const takenDown = (p: Pub) =>
    p.state === 'withdrawn' || p.state === 'expired' || (p.expires_at !== null && p.expires_at <= now().toISOString());

  function view(r: VideoReleasesTable, p: Pub): VideoReleaseView {
    const regions = parse<Region[]>(r.regions, []);
    const tracks = new Map<string, Region[]>();
    for (const region of regions) {
      const track = `auto-${TRACK_OF.exec(region.id)?.[1] ?? '0'}`;
      tracks.set(track, [...(tracks.get(track) ?? []), region]);
    }
    const manifest = r.manifest_json;
    const state = (r.state === 'released' && takenDown(p) ? 'withdrawn' : r.state) as VideoReleaseState;
    return {
      id: r.id,
      publicationId: r.publication_id,
      caseId: r.case_id,
      recordingId: r.recording_id,
      startMs: r.start_ms,
      endMs: r.end_ms,
      state,
      public: state === 'released' && p.state === 'published',
      error: r.error,
      sources: parse<VideoSource[]>(r.sources, []),
      work:
        r.work_sha256 && r.width && r.height && r.duration_ms !== null
          ? {
              sha256: r.work_sha256,
              bytes: r.work_bytes ?? 0,
              width: r.width,
              height: r.height,
              durationMs: r.duration_ms,
            }
          : null,
      tracks: [...tracks].map(([id, rs]) => ({ id, regions: rs })),
      rejected: parse<string[]>(r.rejected, []),
      manualRegions: parse<Region[]>(r.manual, []),
      mutedSpans: parse<Span[]>(r.muted, []),
      copy:
        r.copy_sha256 && manifest
          ? {
              sha256: r.copy_sha256,
              bytes: r.copy_bytes ?? 0,
              render: renderOf(r.copy_path),
              manifestSha256: sha256Text(manifest),
            }
          : null,
      proposedBy: r.proposed_by,
      signedOffBy: r.signed_off_by,
      releasedAt: r.released_at,
      withdrawnAt: r.withdrawn_at,
      withdrawnBy: r.withdrawn_by,
      withdrawReason: r.withdraw_reason,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  async function publication(publicationId: string): Promise<Pub> {
    const p = await publicationForVideo(db, publicationId);
    if (!p) throw new NotFound(`publication ${publicationId} does not exist`);
    return p;
  }

  /** The release, checked to belong to the publication named in the request. */
  async function existing(publicationId: string, id: string): Promise<{ r: VideoReleasesTable; p: Pub }> {
    const p = await publication(publicationId);
    const r = await findVideoRelease(db, id);
    if (!r || r.publication_id !== publicationId) throw new NotFound(`publication ${publicationId} has no video ${id}`);
    return { r, p };
  }

  function refuseIfTakenDown(p: Pub): void {
    if (takenDown(p))
      throw new Conflict(
        `publication ${p.id} is ${p.state === 'published' ? 'expired' : p.state}: its videos are down`,
        {
          code: 'publication-withdrawn',
        },
      );
  }

  const folderOf = (id: string) => join(storeRoot, id);
  const workFile = (id: string) => join(folderOf(id), 'work.mp4');

  async function record(
    actor: string,
    action: AuditAction,
    r: { id: string; case_id: string },
    detail: Record<string, unknown>,
  ) {
    await audit.append({ actor, action, subjectType: 'video-release', subjectId: r.id, caseId: r.case_id, detail });
  }

  /**
   * Changes a release and records the change in the audit trail in one transaction: both or
   * neither. `check` runs first inside it, to refuse a release that changed meanwhile; what it
   * returns is added to the change (a value read inside the transaction, e.g. the next render number).
   */
  async function change(
    id: string,
    patch: Partial<VideoReleasesTable>,
    entry: { actor: string; action?: AuditAction; caseId?: string; detail: Record<string, unknown> },
    check?: (trx: Db) => Promise<Partial<VideoReleasesTable> | void>,
  ): Promise<void> {
    await db.transaction().execute(async (trx) => {
      const more = await check?.(trx);
      await updateVideoRelease(trx, id, { updated_at: now().toISOString(), ...patch, ...more });
      await audit.append(
        {
          actor: entry.actor,
          action: entry.action ?? 'update',
          subjectType: 'video-release',
          subjectId: id,
          caseId: entry.caseId,
          detail: entry.detail,
        },
        trx,
      );
    });
  }

  // ---- files no longer needed (the sweep) ------------------------------------------------------
  type TidyRow = NonNullable<Awaited<ReturnType<typeof videoReleaseToTidy>>>;
  type Kind = 'working-copy' | 'superseded-render' | 'withdrawn-copy';
  /** A file to delete (`name`, as the store names it), held under `held` (its own name, or a `.deleting-` one left over). */
  type Doomed = { name: string; held: string; kind: Kind };

  /** Whether the release's copy is no longer served: taken down, its publication down, or never released. */
  function isDown(r: TidyRow): boolean {
    const at = now().toISOString();
    const publicationDown =
      r.publication_state === 'withdrawn' ||
      r.publication_state === 'expired' ||
      (r.publication_expires_at !== null && r.publication_expires_at <= at);
    return publicationDown || r.state !== 'released';
  }

  /** The policy (at the top) for one store name of a release's folder: what kind of file it deletes, or null to keep it. */
  function kindOf(r: TidyRow, name: string, current: number, down: boolean): Kind | null {
    if (name === 'work.mp4' || CUT_SCRATCH.test(name)) return 'working-copy';
    const m = RENDER_FILE.exec(name);
    if (!m || Number(m[1]) > r.render_seq) return null;
    if (Number(m[1]) !== current) return 'superseded-render';
    return down && m[2] === undefined ? 'withdrawn-copy' : null;
  }

  /**
   * What of a finished release's folder goes (the policy at the top): only the names the store
   * gives a release's own files, and renders numbered up to its last one; nothing else there. A
   * `.deleting-<name>` file is one a sweep began to delete (renamed, then audited, then unlinked)
   * and did not finish: it goes too when <name> is one the policy deletes, first. Null when the
   * row names its copy by anything but the store's name for it (the anomaly is logged): nothing goes.
   */
  function doomed(r: TidyRow, names: string[]): Doomed[] | null {
    if (!isDown(r) && !['released', 'withdrawn', 'failed'].includes(r.state)) return [];
    const down = isDown(r);
    // The current copy, when the row names it by the store's own name for it; a row naming anything
    // else keeps all its renders (the anomaly is logged).
    const n = renderOf(r.copy_path);
    const current =
      r.copy_path === null ? 0 : r.copy_path.split(sep).join('/').endsWith(`${r.id}/released-${n}.mp4`) ? n : null;
    if (current === null) {
      log.error({ release: r.id, path: r.copy_path }, 'video store: the copy path is not the store name: renders kept');
      return null;
    }
    const out: Doomed[] = [];
    for (const held of names) {
      const name = held.startsWith(DELETING) ? held.slice(DELETING.length) : held;
      const kind = kindOf(r, name, current, down);
      if (kind) out.push({ name, held, kind });
      else if (name !== held && storeName(name))
        log.error(
          { release: r.id, file: held },
          'video store: a file half deleted is one the policy keeps: left alone',
        );
    }
    // Deletions begun by an earlier sweep first, so none of their names is taken again.
    return out.sort((x, y) => Number(y.held !== y.name) - Number(x.held !== x.name));
  }

  /**
   * The release's folder in the store, resolved; 'none' when the store has no folder of it; null
   * when there is no store, or the folder is not plainly the store's own (a link elsewhere, or the
   * evidence store in or around it): nothing is deleted then.
   */
  async function folderToTidy(id: string): Promise<string | null | 'none'> {
    if (!RELEASE_ID.test(id)) return null;
    // No store (nothing cut yet, or its disk not mounted): nothing to delete, and nothing recorded as tidied.
    const realStore = await realpath(storeRoot).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (realStore === null) return null;
    let real: string;
    try {
      real = await realpath(folderOf(id));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
      throw err;
    }
    const footage = await realpath(deps.footageRoot).catch(() => resolve(deps.footageRoot));
    const overlaps = (a: string, b: string) => a === b || a.startsWith(b + sep);
    if (real !== join(realStore, id) || overlaps(real, footage) || overlaps(footage, real)) {
      log.error({ release: id, folder: real }, 'video store: the folder is not plainly in the store: nothing deleted');
      return null;
    }
    return real;
  }

  /**
   * Deletes one file the policy names: renamed to `.deleting-<name>` first (no longer under its
   * name), then the deletion audited (committed), then unlinked; so no file is gone without its
   * audit entry. An audit that cannot be written puts the name back; an unlink that fails leaves
   * the `.deleting-` file to the next sweep. True when the file is gone.
   */
  async function deleteOne(r: TidyRow, folder: string, { name, held, kind }: Doomed): Promise<boolean> {
    const hash =
      name === 'work.mp4'
        ? { sha256: r.work_sha256, bytes: r.work_bytes }
        : kind === 'withdrawn-copy'
          ? { sha256: r.copy_sha256, bytes: r.copy_bytes }
          : {};
    const scratch = CUT_SCRATCH.test(name);
    const from = join(folder, held);
    const doing = join(folder, DELETING + name);
    try {
      const st = await lstat(from).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      });
      if (!st) return true; // Gone meanwhile (another sweep): nothing to do.
      // A cut's scratch is a folder; any other name of ours a file (or a link: unlinked, not what it points to).
      if (scratch ? !st.isDirectory() : st.isDirectory()) throw new Error(`${held} is not what the store writes there`);
      if (held === name) await rename(from, doing);
      try {
        await audit.append({
          actor: 'station',
          action: 'delete',
          subjectType: 'video-release',
          subjectId: r.id,
          caseId: r.case_id,
          detail: { file: name, kind, release: r.state, ...hash, ...(held !== name ? { resumed: true } : {}) },
        });
      } catch (err) {
        // Not audited: not deleted either (the next sweep tries again).
        if (held === name) await rename(doing, from);
        throw err;
      }
      try {
        await (scratch ? rm(doing, { recursive: true }) : unlink(doing));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      log.info({ release: r.id, file: name, kind }, 'video store: deleted');
      return true;
    } catch (err) {
      log.error(
        { release: r.id, file: name, kind, err: (err as Error).message },
        'video store: could not delete; retried at the next sweep',
      );
      return false;
    }
  }

  /**
   * Deletes what the policy says of one release, each file audited and logged; when nothing is
   * left to delete for what the release is now, records it (tidied), so later sweeps skip it until
   * that changes. Reads the release afresh: a change since the sweep listed it is what counts.
   */
  async function tidyOne(id: string): Promise<void> {
    const r = await videoReleaseToTidy(db, id, now().toISOString());
    if (!r) return;
    const folder = await folderToTidy(r.id);
    if (folder === null) return;
    let clean = true;
    if (folder !== 'none') {
      const files = doomed(r, await readdir(folder));
      if (files === null) return;
      for (const f of files) if (!(await deleteOne(r, folder, f))) clean = false;
    }
    const tidiedFor = isDown(r) ? 'down' : r.state === 'released' ? 'released' : null;
    if (clean && tidiedFor) await markVideoReleaseTidied(db, r.id, r.state, tidiedFor, now().toISOString());
  }

  /** The tidy of each release running now: one at a time per release (a full sweep and a sign-off's meet here). */
  const tidying = new Map<string, Promise<void>>();
  /** Tidies one release after any tidy of it already running; never rejects (a failure is logged, retried later). */
  function tidy(id: string): Promise<void> {
    const run = (tidying.get(id) ?? Promise.resolve()).then(async () => {
      try {
        if (!stopping.signal.aborted) await tidyOne(id);
      } catch (err) {
        log.error(
          { release: id, err: (err as Error).message },
          'video store: could not tidy this release: tried again at the next sweep',
        );
      }
    });
    tidying.set(id, run);
    void run.then(() => {
      if (tidying.get(id) === run) tidying.delete(id);
    });
    return run;
  }

  let sweeps: Promise<void> = Promise.resolve();
  let sweepsPending = 0;
  /**
   * Deletes the files no longer needed, of one release (`only`: waits for no other) or of all
   * (one full sweep at a time, release by release: one that fails is logged and the rest go on).
   * Never rejects: whatever fails is logged and tried again by the next sweep.
   */
  function sweep(only?: string): Promise<void> {
    if (only !== undefined) return tidy(only);
    sweepsPending++;
    sweeps = sweeps.then(async () => {
      try {
        if (stopping.signal.aborted) return;
        for (const id of await videoReleasesToTidy(db, now().toISOString())) await tidy(id);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'video store sweep failed: tried again at the next one');
      } finally {
        sweepsPending--;
      }
    });
    return sweeps;
  }
  let sweepTimer: NodeJS.Timeout | undefined;

  // ---- background steps -----------------------------------------------------------------------
  async function cutAndDetect(id: string, signal: AbortSignal): Promise<void> {
    const r = (await findVideoRelease(db, id))!;
    const seg = await segmentById(db, r.recording_id);
    if (!seg || seg.deleted_at) throw new Error(`segment ${r.recording_id} is no longer on the station`);
    // Every state change is audited, and applies only while the release is where this job left it.
    await change(
      id,
      { state: 'cutting' },
      { actor: 'station', caseId: r.case_id, detail: { state: 'cutting', source: seg.sha256 } },
      stillIn(id, ['queued']),
    );
    // The sealed segment must still be what the station indexed: a clip of altered footage is never published.
    const src = join(deps.footageRoot, seg.path);
    const held = await timed('hashing the segment', signal, (s) => sha256File(src, s));
    if (held.sha256 !== seg.sha256)
      throw new Error(
        `segment ${seg.id} no longer matches its index hash (${seg.sha256.slice(0, 12)}…): do not publish it; ` +
          'check the footage with liuhen-verify',
      );
    await mkdir(folderOf(id), { recursive: true });
    await timed('cutting', signal, (s) => cutSpan(src, workFile(id), r.start_ms, r.end_ms, s));
    const work = await timed('hashing the cut', signal, (s) => sha256File(workFile(id), s));
    const info = await timed('probing the cut', signal, (s) => probeSource(resolveFfmpeg(), workFile(id), s));
    const durationMs = Math.round(info.durationMs ?? r.end_ms - r.start_ms);
    await change(
      id,
      {
        state: 'detecting',
        work_sha256: work.sha256,
        work_bytes: work.bytes,
        width: info.width,
        height: info.height,
        duration_ms: durationMs,
      },
      {
        actor: 'station',
        caseId: r.case_id,
        detail: { state: 'detecting', cut: work.sha256, bytes: work.bytes, durationMs },
      },
      stillIn(id, ['cutting']),
    );
    const regions = await timed('finding faces', signal, (s) => detectFaces(workFile(id), { signal: s }));
    await change(
      id,
      { state: 'review', regions: JSON.stringify(regions) },
      {
        actor: 'station',
        caseId: r.case_id,
        detail: { state: 'review', cut: work.sha256, source: seg.sha256, faceRegions: regions.length },
      },
      stillIn(id, ['detecting']),
    );
  }

  /** Renders copy number `seq`, reserved by render() when it was asked for: its own file name, whatever happened before. */
  async function renderCopy(id: string, seq: number, signal: AbortSignal): Promise<void> {
    const r = (await findVideoRelease(db, id))!;
    const p = await publication(r.publication_id);
    const out = join(folderOf(id), `released-${seq}.mp4`);
    const plan: RedactionPlan = {
      regions: [...parse<Region[]>(r.regions, []), ...parse<Region[]>(r.manual, [])],
      rejected: parse<string[]>(r.rejected, []),
      mutedSpans: parse<Span[]>(r.muted, []),
    };
    const done = await timed('rendering', signal, (s) => renderRedacted(workFile(id), out, plan, { signal: s }));
    if (done.sourceSha256 !== r.work_sha256)
      throw new Error('the working copy changed since it was cut: propose the clip again');
    const manifest: VideoReleaseManifest = {
      format: 'liuhen-video-release/1',
      release: id,
      publication: p.item_id,
      copy: { sha256: done.sha256, bytes: done.bytes, file: `released-${seq}.mp4` },
      cut: {
        sha256: r.work_sha256!,
        bytes: r.work_bytes ?? 0,
        width: r.width ?? 0,
        height: r.height ?? 0,
        durationMs: r.duration_ms ?? 0,
      },
      sources: parse<VideoSource[]>(r.sources, []),
      edits: plan,
      tool: done.manifest.tool,
      createdAt: now().toISOString(),
    };
    const text = `${JSON.stringify(manifest, null, 2)}\n`;
    await writeFile(`${out}.manifest.json`, text, { flag: 'wx' });
    await change(
      id,
      {
        state: 'rendered',
        copy_path: relative(dbDir, out),
        copy_sha256: done.sha256,
        copy_bytes: done.bytes,
        manifest_json: text,
        copy_signature: null,
      },
      {
        actor: 'station',
        caseId: r.case_id,
        detail: { state: 'rendered', rendered: seq, sha256: done.sha256, manifestSha256: sha256Text(text) },
      },
      stillIn(id, ['rendering'], (fresh) => fresh.render_seq === seq),
    );
  }

  // ---- edits ----------------------------------------------------------------------------------
  function spanProblems(spans: Span[], durationMs: number, what: string): string[] {
    return spans.flatMap((s, i) =>
      !finite(s.startMs) || !finite(s.endMs) || s.startMs < 0 || s.endMs <= s.startMs || s.endMs > durationMs + 1
        ? [`${what} ${i}: must have 0 <= startMs < endMs <= ${durationMs} (the clip's length)`]
        : [],
    );
  }

  return {
    /** Marks work cut short by the last stop as failed, saying what to do; the queue starts empty. */
    async start(): Promise<void> {
      for (const r of await unfinishedVideoReleases(db)) {
        const state = r.state === 'rendering' ? 'review' : 'failed';
        const error = `the station stopped while this clip was ${r.state}: ${r.state === 'rendering' ? 'render again' : 'propose the clip again'}`;
        await change(
          r.id,
          { state, error },
          { actor: 'station', caseId: r.case_id, detail: { state, interrupted: r.state, failed: error } },
          stillIn(r.id, [r.state]),
        ).catch((e: Error) => {
          if (!(e instanceof Superseded)) throw e;
        });
      }
      const every = deps.sweepEveryMs ?? SWEEP_EVERY_MS;
      sweepTimer = setInterval(() => {
        if (sweepsPending === 0) void sweep();
      }, every);
      sweepTimer.unref();
      await sweep();
    },

    /** Stops the running child processes and waits for the jobs to write what happened. */
    async stop(): Promise<void> {
      stopping.abort(new Error('the station is stopping'));
      clearInterval(sweepTimer);
      waiting.splice(0);
      await Promise.allSettled([...running]);
      await sweeps;
      await Promise.allSettled([...tidying.values()]);
    },

    /**
     * Deletes the files no longer needed now (of one release, or of all that have any) and resolves
     * when done; never rejects (failures are logged and retried). Also run at start, every
     * sweepEveryMs, and after the changes that finish a release.
     */
    sweep: (only?: string): Promise<void> => sweep(only),

    /** Resolves when no job is waiting or running (for tests and an orderly shutdown). */
    settled(): Promise<void> {
      if (running.size === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((r) => idle.push(r));
    },

    /** The footage of the publication's case an editor may cut a clip from. */
    async footage(publicationId: string, actor: string) {
      const p = await publication(publicationId);
      if (!p.case_id) return [];
      const rows = await footageForRelease(db, p.case_id);
      const seen = new Set<string>();
      const list = rows
        .filter((f) => !seen.has(f.id) && seen.add(f.id))
        .map((f) => ({
          recordingId: f.id,
          deviceId: f.device_id,
          source: f.source,
          stepId: f.step_id,
          stepKind: f.step_kind,
          startedAt: f.started_at,
          endedAt: f.ended_at,
          durationMs: Math.round(f.duration_seconds * 1000),
          sha256: f.sha256,
        }));
      await audit.append({
        actor,
        action: 'view',
        subjectType: 'publication-footage',
        subjectId: publicationId,
        caseId: p.case_id,
        detail: { recordings: list.length },
      });
      return list;
    },

    async list(publicationId: string, actor: string): Promise<VideoReleaseView[]> {
      const p = await publication(publicationId);
      const rows = await videoReleasesOf(db, publicationId);
      await audit.append({
        actor,
        action: 'view',
        subjectType: 'video-release',
        subjectId: publicationId,
        caseId: p.case_id,
        detail: { list: rows.length },
      });
      return rows.map((r) => view(r, p));
    },

    async get(publicationId: string, id: string, actor: string): Promise<VideoReleaseView> {
      const { r, p } = await existing(publicationId, id);
      await record(actor, 'view', r, {});
      return view(r, p);
    },

    /** Proposes a clip: a span (ms from the segment's start) of a segment linked to the publication's case. */
    async propose(
      publicationId: string,
      input: { recordingId: string; startMs: number; endMs: number },
      actor: string,
    ): Promise<VideoReleaseView> {
      const p = await publication(publicationId);
      refuseIfTakenDown(p);
      if (!p.case_id)
        throw new Unacceptable(`publication ${publicationId} has no case, so no footage to release`, {
          code: 'publication-without-case',
        });
      const seg = await segmentById(db, input.recordingId);
      if (!seg)
        throw new NotFound(`no recording ${input.recordingId}: pick one from the case's footage`, {
          code: 'unknown-recording',
        });
      if (!(await segmentIsOfCase(db, seg.id, p.case_id)))
        throw new Unacceptable(
          `recording ${seg.id} is not footage of this publication's case: pick one from the case's footage`,
          { code: 'recording-not-of-case' },
        );
      if (seg.deleted_at)
        throw new Conflict(`recording ${seg.id} was deleted (${seg.deleted_at}): pick another`, {
          code: 'recording-deleted',
        });
      const lengthMs = Math.round(seg.duration_seconds * 1000);
      const { startMs, endMs } = input;
      if (!(startMs >= 0 && endMs > startMs && endMs <= lengthMs))
        throw new Invalid(
          `the span ${startMs}..${endMs} ms is outside the recording (0..${lengthMs} ms): give 0 <= startMs < endMs <= ${lengthMs}`,
          { code: 'span-outside-recording', details: { lengthMs } },
        );
      if (endMs - startMs > MAX_CLIP_MS)
        throw new Invalid(`a clip is at most ${MAX_CLIP_MS / 60_000} minutes: propose a shorter span`, {
          code: 'clip-too-long',
        });
      const room = reserveRoom();
      const at = now().toISOString();
      const row: VideoReleasesTable = {
        id: randomUUID(),
        publication_id: publicationId,
        case_id: p.case_id,
        recording_id: seg.id,
        start_ms: Math.round(startMs),
        end_ms: Math.round(endMs),
        state: 'queued',
        error: null,
        sources: JSON.stringify([
          { recordingId: seg.id, sha256: seg.sha256, bytes: seg.bytes, startMs, endMs },
        ] satisfies VideoSource[]),
        work_sha256: null,
        work_bytes: null,
        width: null,
        height: null,
        duration_ms: null,
        regions: '[]',
        rejected: '[]',
        manual: '[]',
        muted: '[]',
        render_seq: 0,
        copy_path: null,
        copy_sha256: null,
        copy_bytes: null,
        manifest_json: null,
        copy_signature: null,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
        tidied_at: null,
        tidied_for: null,
        proposed_by: usernameOf(actor),
        signed_off_by: null,
        released_at: null,
        created_at: at,
        updated_at: at,
      };
      try {
        await db.transaction().execute(async (trx) => {
          await insertVideoRelease(trx, row);
          await audit.append(
            {
              actor,
              action: 'create',
              subjectType: 'video-release',
              subjectId: row.id,
              caseId: p.case_id,
              detail: { publication: publicationId, recording: seg.id, sha256: seg.sha256, startMs, endMs },
            },
            trx,
          );
        });
        enqueue(
          row.id,
          'cutting the clip and finding faces',
          'failed',
          (fresh) => ['queued', 'cutting', 'detecting'].includes(fresh.state),
          (signal) => cutAndDetect(row.id, signal),
          room,
        );
      } finally {
        room();
      }
      return view(row, p);
    },

    /**
     * The editor's corrections, each list replaced whole: auto regions rejected (a dropped track
     * rejects all its regions), manual regions and muted spans. A rendered copy is then out of
     * date: the release goes back to review until it is rendered again.
     */
    async edit(
      publicationId: string,
      id: string,
      patch: {
        rejected?: string[];
        manualRegions?: (Span & { x: number; y: number; w: number; h: number })[];
        mutedSpans?: Span[];
      },
      actor: string,
    ): Promise<VideoReleaseView> {
      const { r, p } = await existing(publicationId, id);
      refuseIfTakenDown(p);
      const editable = (state: string) => {
        if (state !== 'review' && state !== 'rendered')
          throw new Conflict(
            `video ${id} is ${state}: edits are made while it is in review or rendered (wait for the cut, or propose again)`,
            { code: 'video-not-editable' },
          );
      };
      editable(r.state);
      const rejected = patch.rejected ?? parse<string[]>(r.rejected, []);
      const manual: Region[] = patch.manualRegions
        ? patch.manualRegions.map((m, i) => ({
            id: `manual-${i + 1}`,
            source: 'manual',
            startMs: m.startMs,
            endMs: m.endMs,
            x: m.x,
            y: m.y,
            w: m.w,
            h: m.h,
          }))
        : parse<Region[]>(r.manual, []);
      const muted = patch.mutedSpans ?? parse<Span[]>(r.muted, []);
      const durationMs = r.duration_ms ?? r.end_ms - r.start_ms;
      const plan: RedactionPlan = {
        regions: [...parse<Region[]>(r.regions, []), ...manual],
        rejected,
        mutedSpans: muted,
      };
      const problems = [
        ...planProblems(plan, { width: r.width ?? 1, height: r.height ?? 1 }),
        ...spanProblems(manual, durationMs, 'manual region'),
        ...spanProblems(muted, durationMs, 'muted span'),
      ];
      if (problems.length)
        throw new Invalid(`the edits cannot be used:\n- ${problems.join('\n- ')}`, {
          code: 'video-edits-invalid',
          details: { problems },
        });
      await change(
        id,
        {
          state: 'review',
          error: null,
          rejected: JSON.stringify(rejected),
          manual: JSON.stringify(manual),
          muted: JSON.stringify(muted),
        },
        {
          actor,
          caseId: r.case_id,
          detail: { state: 'review', rejected, manualRegions: manual.length, mutedSpans: muted },
        },
        // Checked again inside the transaction: a render or sign-off in between wins, the edit is refused.
        async (trx) => {
          const fresh = await findVideoRelease(trx, id);
          editable(fresh?.state ?? 'gone');
          if (fresh!.updated_at !== r.updated_at)
            throw new Conflict(`video ${id} changed meanwhile: reload it and edit again`, {
              code: 'video-not-editable',
            });
        },
      );
      return view((await findVideoRelease(db, id))!, p);
    },

    /** Renders the released copy from the working copy and the reviewed edits (in the background). */
    async render(publicationId: string, id: string, actor: string): Promise<VideoReleaseView> {
      const { r, p } = await existing(publicationId, id);
      refuseIfTakenDown(p);
      const renderable = (state: string) => {
        if (state !== 'review' && state !== 'rendered')
          throw new Conflict(`video ${id} is ${state}: it is rendered once its faces are reviewed`, {
            code: 'video-not-reviewable',
          });
      };
      renderable(r.state);
      const room = reserveRoom();
      try {
        // The render's number is taken with the change to 'rendering': every attempt writes a new
        // file (released-<n>.mp4), so one that failed after writing its file never blocks the next.
        let seq = 0;
        const detail: Record<string, unknown> = { state: 'rendering' };
        await change(id, { state: 'rendering', error: null }, { actor, caseId: r.case_id, detail }, async (trx) => {
          const fresh = await findVideoRelease(trx, id);
          renderable(fresh?.state ?? 'gone');
          seq = fresh!.render_seq + 1;
          detail.render = seq;
          return { render_seq: seq };
        });
        enqueue(
          id,
          'rendering',
          'review',
          (fresh) => fresh.state === 'rendering' && fresh.render_seq === seq,
          (signal) => renderCopy(id, seq, signal),
          room,
        );
      } finally {
        room();
      }
      return view((await findVideoRelease(db, id))!, p);
    },

    /** An editor signs off the rendered copy: it is released (public while the publication is). */
    async signOff(publicationId: string, id: string, actor: string): Promise<VideoReleaseView> {
      const { r, p } = await existing(publicationId, id);
      refuseIfTakenDown(p);
      if (r.state !== 'rendered' || !r.copy_path || !r.copy_sha256 || !r.manifest_json)
        throw new Conflict(`video ${id} is ${r.state}: render it, check the copy, then sign off`, {
          code: 'video-not-rendered',
        });
      // What is released is exactly what the manifest names.
      const held = await sha256File(resolve(dbDir, r.copy_path));
      if (held.sha256 !== r.copy_sha256 || (r.copy_bytes !== null && held.bytes !== r.copy_bytes))
        throw new Conflict(`the rendered copy no longer matches its manifest: render again`, {
          code: 'video-copy-changed',
        });
      // The station signs what the portal will serve: this publication's item, this release, this
      // copy (hash and size). The portal serves no copy whose signature does not verify.
      const facts = signedVideoFacts({
        itemId: p.item_id,
        release: id,
        sha256: held.sha256,
        bytes: held.bytes,
        manifestJson: r.manifest_json,
      });
      const signature = signManifest(Buffer.from(facts, 'utf8'), deps.stationKey, signedVideoName(id));
      const at = now().toISOString();
      await change(
        id,
        {
          state: 'released',
          signed_off_by: usernameOf(actor),
          released_at: at,
          updated_at: at,
          copy_signature: JSON.stringify(signature),
        },
        {
          actor,
          action: 'publish',
          caseId: r.case_id,
          detail: {
            state: 'released',
            publication: publicationId,
            sha256: r.copy_sha256,
            signedSha256: signature.sha256,
            manifestSha256: sha256Text(r.manifest_json ?? ''),
            sources: parse<VideoSource[]>(r.sources, []).map((s) => s.sha256),
          },
        },
        async (trx) => {
          const fresh = await findVideoRelease(trx, id);
          if (
            fresh?.state !== 'rendered' ||
            fresh.copy_sha256 !== r.copy_sha256 ||
            fresh.manifest_json !== r.manifest_json
          )
            throw new Conflict(`video ${id} changed meanwhile: reload it`);
        },
      );
      // Released: the working copy and the other renders are no longer needed.
      await sweep(id);
      return view((await findVideoRelease(db, id))!, p);
    },

    /**
     * An editor takes one released video down alone, with a reason published with it (redacted
     * like a publication's withdrawal reason): the portal answers its URLs with 410 and the reason,
     * and the released copy is deleted (its manifest and hashes stay on record).
     */
    async withdraw(
      publicationId: string,
      id: string,
      input: { reason: string },
      actor: string,
    ): Promise<VideoReleaseView> {
      const { r, p } = await existing(publicationId, id);
      refuseIfTakenDown(p);
      const released = (state: string) => {
        if (state !== 'released')
          throw new Conflict(`video ${id} is ${state}: only a released video is taken down (撤下)`, {
            code: 'video-not-released',
          });
      };
      released(r.state);
      const text = input.reason.trim();
      if (text.length < MIN_REASON)
        throw new Invalid(
          `give the reason to publish with the take-down (撤下理由), at least ${MIN_REASON} characters`,
          {
            code: 'reason-required',
          },
        );
      const reason = await deps.redactReason(publicationId, text);
      const at = now().toISOString();
      await change(
        id,
        {
          state: 'withdrawn',
          withdrawn_at: at,
          withdrawn_by: usernameOf(actor),
          withdraw_reason: reason,
          updated_at: at,
        },
        {
          actor,
          action: 'withdraw',
          caseId: r.case_id,
          detail: {
            state: 'withdrawn',
            publication: publicationId,
            reason,
            sha256: r.copy_sha256,
            manifestSha256: sha256Text(r.manifest_json ?? ''),
          },
        },
        async (trx) => released((await findVideoRelease(trx, id))?.state ?? 'gone'),
      );
      await sweep(id);
      return view((await findVideoRelease(db, id))!, p);
    },

    /** A JPEG of the working copy at `atMs` (faces visible: for the editors' review only). */
    async frame(publicationId: string, id: string, atMs: number, actor: string): Promise<Buffer> {
      const { r, p } = await existing(publicationId, id);
      refuseIfTakenDown(p);
      if (['released', 'withdrawn', 'failed'].includes(r.state))
        throw new Conflict(
          `video ${id} is ${r.state}: its working copy is deleted once it is released, taken down or failed, so no preview frames`,
          { code: 'video-work-deleted' },
        );
      const seg = await segmentById(db, r.recording_id);
      if (!seg || seg.deleted_at)
        throw new Conflict(
          `recording ${r.recording_id} was deleted${seg?.deleted_at ? ` (${seg.deleted_at})` : ''}: its clip is not shown any more`,
          { code: 'recording-deleted' },
        );
      if (!r.work_sha256 || r.duration_ms === null)
        throw new Conflict(`video ${id} is ${r.state}: frames are ready once the clip is cut`, {
          code: 'video-not-cut',
        });
      if (!(atMs >= 0 && atMs <= r.duration_ms))
        throw new Invalid(`frame time ${atMs} ms is outside the clip (0..${r.duration_ms} ms)`);
      if (framesRunning >= MAX_FRAMES_AT_ONCE)
        throw new TooMany('too many preview frames at once: try again in a moment', {
          details: { retryAfterSeconds: 1 },
        });
      framesRunning++;
      try {
        const jpeg = await frameAt(
          workFile(id),
          Math.min(atMs, Math.max(0, r.duration_ms - 40)),
          AbortSignal.any([stopping.signal, AbortSignal.timeout(FRAME_TIMEOUT_MS)]),
        );
        await record(actor, 'view', r, { frameMs: atMs });
        return jpeg;
      } finally {
        framesRunning--;
      }
    },

    /** The rendered copy's file (audited as played); the working copy is never handed out. */
    async copyFile(publicationId: string, id: string, actor: string): Promise<{ path: string; sha256: string }> {
      const { r, p } = await existing(publicationId, id);
      if (!r.copy_path || !r.copy_sha256)
        throw new NotFound(`video ${id} has no rendered copy yet: render it first`, { code: 'video-not-rendered' });
      const path = resolve(dbDir, r.copy_path);
      if (
        !(await access(path).then(
          () => true,
          () => false,
        ))
      ) {
        // Deleted by the policy: only once the video is taken down (alone or with its publication).
        if (r.state === 'withdrawn' || takenDown(p))
          throw new Conflict(
            `video ${id} is down: its copy was deleted when it was taken down (the manifest and hashes stay)`,
            { code: 'video-copy-deleted' },
          );
        // Anything else is a copy lost: say so loudly, it is what the manifest and the portal vouch for.
        log.error(
          { release: id, publication: publicationId, state: r.state, path: r.copy_path, sha256: r.copy_sha256 },
          'video store: a copy that is not taken down is missing (data loss)',
        );
        throw new StationFault(
          `video ${id}'s ${r.state === 'released' ? 'released' : 'rendered'} copy (${r.copy_path}) is missing from ` +
            `the station's video store though it is not taken down: check the station data disk and restore the ` +
            `file from a backup (SHA-256 ${r.copy_sha256}); ` +
            (r.state === 'released'
              ? 'if it cannot be restored, take the video down (撤下) and propose the clip again'
              : 'or render it again'),
          { code: 'video-copy-missing' },
        );
      }
      await record(actor, 'play', r, { sha256: r.copy_sha256, render: renderOf(r.copy_path) });
      return { path, sha256: r.copy_sha256 };
    },

    /** The manifest of the current rendered copy, as stored and served. */
    async manifest(publicationId: string, id: string, actor: string): Promise<string> {
      const { r } = await existing(publicationId, id);
      if (!r.manifest_json) throw new NotFound(`video ${id} has no rendered copy yet: render it first`);
      await record(actor, 'view', r, { manifest: renderOf(r.copy_path) });
      return r.manifest_json;
    },
  };
}
export type VideoReleases = ReturnType<typeof createVideoReleases>;

let framesRunning = 0;

/**
 * Cuts [startMs, endMs) of a sealed segment into `out`, re-encoded so the cut is exact to the frame
 * (stream copy can only cut on keyframes) and with none of the recorder's metadata. The segment is
 * only ffmpeg's input; the copy is written under a temporary name and linked into place, so an
 * existing file is never overwritten.
 */
async function cutSpan(src: string, out: string, startMs: number, endMs: number, signal: AbortSignal) {
  const scratch = await mkdtemp(join(dirname(out), '.cut-'));
  const partial = join(scratch, 'work.mp4');
  try {
    const ff = start(
      resolveFfmpeg(),
      [
        ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-n'],
        ...['-ss', (startMs / 1000).toFixed(3), '-i', src, '-t', ((endMs - startMs) / 1000).toFixed(3)],
        ...['-map', '0:v:0', '-map', '0:a:0?', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18'],
        ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '192k'],
        ...[
          '-map_metadata',
          '-1',
          '-map_chapters',
          '-1',
          '-sn',
          '-dn',
          '-movflags',
          '+faststart',
          '-f',
          'mp4',
          partial,
        ],
      ],
      { signal },
    );
    const code = await ff.exited;
    if (code !== 0) throw new Error(`ffmpeg could not cut the span: ${tail(ff.stderr()) || `exit ${code}`}`);
    await link(partial, out);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** One frame of `file` at `atMs` as a JPEG at most 640 px wide; ffmpeg is killed when `signal` fires. */
async function frameAt(file: string, atMs: number, signal: AbortSignal): Promise<Buffer> {
  const ff = start(
    resolveFfmpeg(),
    [
      ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-ss', (atMs / 1000).toFixed(3), '-i', file],
      ...[
        '-frames:v',
        '1',
        '-vf',
        "scale='min(640,iw)':-2",
        '-f',
        'image2pipe',
        '-c:v',
        'mjpeg',
        '-q:v',
        '4',
        'pipe:1',
      ],
    ],
    { stdout: 'pipe', signal },
  );
  const chunks: Buffer[] = [];
  ff.child.stdout!.on('data', (d: Buffer) => chunks.push(d));
  const code = await ff.exited;
  const jpeg = Buffer.concat(chunks);
  if (code !== 0 || jpeg.length === 0)
    throw new Error(`ffmpeg could not take a frame at ${atMs} ms: ${tail(ff.stderr()) || `exit ${code}`}`);
  return jpeg;
}
