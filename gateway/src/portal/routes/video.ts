/**
 * Video released with a publication, on the portal:
 *
 *   GET /videos/:id/video.mp4       the released copy (blurred, muted), byte ranges, ETag = its SHA-256
 *   GET /videos/:id/manifest.json   its manifest: the copy's SHA-256, the sealed sources' hashes, the edits
 *   GET /api/videos/:id             both described as JSON
 *
 * Only a copy an editor signed off, of a publication that is published: a draft's video is not
 * there (404), a withdrawn or expired publication's video answers 410 with the withdrawal, and so
 * does a video taken down alone (with its own public reason; its publication stays). Nothing
 * in the row is trusted: the publication's item must pass its own signature check (items.ts), the
 * station's signature over the copy's facts (item, release, hash, size, manifest) must verify with
 * the station key, and the copy's path must be the store's own name for it
 * (publicity/videos/<release>/released-<n>.mp4 under the database's folder); a row failing any
 * of these is not served (logged), and the item page shows no video. The original footage and the
 * working copy are never reachable from here: the only file this reads is that released copy.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { PublicWithdrawal } from '@liuhen/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { signedVideoFacts, signedVideoName } from '../../publicity/video-release-repo.js';
import { FRESH, jsonAnswer, notFoundBody, TYPES } from '../http.js';
import { EXPIRED_REASON, WITHDRAWN_REASON } from '../items.js';
import { absolute, type PortalContext } from '../site.js';
import { databaseFolder, releasedVideo, releasedVideosOfItem, type PortalVideoRow } from '../video-repo.js';

export const videoPaths = {
  file: (id: string) => `/videos/${encodeURIComponent(id)}/video.mp4`,
  manifest: (id: string) => `/videos/${encodeURIComponent(id)}/manifest.json`,
  api: (id: string) => `/api/videos/${encodeURIComponent(id)}`,
} as const;

/** A released video as the item page and the JSON API describe it. */
export interface PublicVideo {
  id: string;
  /** The publication's permanent id (the PublicItem's id). */
  itemId: string;
  url: string;
  manifestUrl: string;
  api: string;
  sha256: string;
  bytes: number;
  durationMs: number | null;
  releasedAt: string;
}

type Live = { live: PortalVideoRow & { copy_path: string; copy_sha256: string; manifest_json: string } };
/** Gone: with its publication, or taken down alone (`alone`). */
type Found = Live | { gone: PublicWithdrawal; alone?: true } | { missing: true };

/** The reason given when a video taken down alone has none on record (also the 410 text's opening). */
const VIDEO_WITHDRAWN_REASON = '该视频已撤下';
/** The 410 text's opening for a video gone with its publication. */
const GONE_WITH_PUBLICATION = '该视频已随公示信息撤下';

/** The only copy path the portal follows: the store's name for a release's render (relative to the database's folder). */
const COPY_PATH =
  /^publicity\/videos\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/released-[1-9][0-9]{0,8}\.mp4$/;

/** Why the station's signature of a released copy's facts does not hold, or null when it does. */
function copySignatureProblem(ctx: PortalContext, row: Live['live']): string | null {
  const facts = signedVideoFacts({
    itemId: row.item_id,
    release: row.id,
    sha256: row.copy_sha256,
    // A size not stored cannot be what the station signed.
    bytes: row.copy_bytes ?? -1,
    manifestJson: row.manifest_json,
  });
  // ctx.signed remembers signatures it verified: a repeat costs a parse and a hash of these few bytes.
  const c = ctx.signed.check(facts, row.copy_signature, (name) => name === signedVideoName(row.id));
  return c.ok ? null : c.problem;
}

function judge(ctx: PortalContext, row: PortalVideoRow | undefined, now: string): Found {
  if (!row?.copy_path || !row.copy_sha256 || !row.manifest_json) return { missing: true };
  // Taken down alone (only a released video can be, so before its publication was): its own reason.
  if (row.video_state === 'withdrawn')
    return {
      gone: {
        id: row.item_id,
        withdrawnAt: row.video_withdrawn_at ?? now,
        reason: row.video_withdraw_reason?.trim() || VIDEO_WITHDRAWN_REASON,
      },
      alone: true,
    };
  if (row.video_state !== 'released') return { missing: true };
  if (row.publication_state === 'withdrawn')
    return {
      gone: { id: row.item_id, withdrawnAt: row.withdrawn_at ?? now, reason: row.withdraw_reason || WITHDRAWN_REASON },
    };
  if (row.publication_state === 'expired' || (row.expires_at !== null && row.expires_at <= now))
    return { gone: { id: row.item_id, withdrawnAt: row.expires_at ?? now, reason: EXPIRED_REASON } };
  if (row.publication_state !== 'published') return { missing: true };
  const live = row as Live['live'];
  // A video is served with its item only: the item's own signature check first, then the copy's.
  const item = ctx.reader.read(row);
  const problem = !item.ok ? `its publication's item: ${item.problem}` : copySignatureProblem(ctx, live);
  if (problem) {
    ctx.log.warn(
      { video: row.id, item: row.item_id, problem },
      'released video not served: its signature does not hold',
    );
    return { missing: true };
  }
  return { live };
}

/**
 * The released copy's file: only the store's name for it (COPY_PATH, naming this release), and
 * only when it resolves inside the store (links followed); null otherwise.
 */
async function copyFileOf(ctx: PortalContext, row: Live['live']): Promise<string | null> {
  if (COPY_PATH.exec(row.copy_path)?.[1] !== row.id) return null;
  const folder = await databaseFolder(ctx.db);
  const store = resolve(folder, 'publicity', 'videos');
  const file = resolve(folder, row.copy_path);
  if (!file.startsWith(store + sep)) return null;
  const [realStore, realFile] = await Promise.all([realpath(store), realpath(file)]).catch(() => [null, null]);
  // A copy missing is told apart by the caller's stat (503); a link out of the store is refused here.
  if (!realStore || !realFile) return file;
  return realFile.startsWith(realStore + sep) ? realFile : null;
}

function describe(ctx: PortalContext, r: Live['live']): PublicVideo {
  const manifest = JSON.parse(r.manifest_json) as { cut?: { durationMs?: number } };
  return {
    id: r.id,
    itemId: r.item_id,
    url: absolute(ctx.site, videoPaths.file(r.id)),
    manifestUrl: absolute(ctx.site, videoPaths.manifest(r.id)),
    api: absolute(ctx.site, videoPaths.api(r.id)),
    sha256: r.copy_sha256,
    bytes: r.copy_bytes ?? 0,
    durationMs: manifest.cut?.durationMs ?? null,
    releasedAt: r.released_at ?? '',
  };
}

/**
 * The released videos of a published item (its PublicItem id), for the item page: empty when the
 * item has none or is not live.
 */
export async function releasedVideosOf(ctx: PortalContext, itemId: string): Promise<PublicVideo[]> {
  const now = ctx.now();
  return (await releasedVideosOfItem(ctx.db, itemId)).flatMap((row) => {
    const f = judge(ctx, row, now);
    return 'live' in f ? [describe(ctx, f.live)] : [];
  });
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` (one range) within a file of `size` bytes; null: the whole file. */
function rangeOf(header: string | undefined, size: number): { start: number; end: number } | 'bad' | null {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'bad';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  return start > end || start >= size ? 'bad' : { start, end };
}

type IdParams = { Params: { id: string } };

export function videoRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const json = jsonAnswer;
  const goneBody = (w: PublicWithdrawal) => ({ statusCode: 410, error: 'Gone', message: w.reason, withdrawal: w });

  async function find(req: FastifyRequest<IdParams>): Promise<Found> {
    if (req.params.id.length > 64) return { missing: true };
    return judge(ctx, await releasedVideo(ctx.db, req.params.id), ctx.now());
  }

  /** A 404 or 410 for the file routes: short text, the same reason as the JSON. */
  function notLiveFile(reply: FastifyReply, f: Exclude<Found, Live>): FastifyReply {
    void reply.header('cache-control', `public, max-age=${FRESH}`);
    if ('gone' in f) {
      const opening = f.alone ? VIDEO_WITHDRAWN_REASON : GONE_WITH_PUBLICATION;
      // A reason on record follows the opening; the stand-in for none says nothing more than it.
      const given = ![VIDEO_WITHDRAWN_REASON, WITHDRAWN_REASON].includes(f.gone.reason);
      return reply
        .code(410)
        .type('text/plain; charset=utf-8')
        .send(`${opening}${given ? `：${f.gone.reason}` : '。'}\n`);
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('未找到该视频。\n');
  }

  app.get<IdParams>('/api/videos/:id', async (req, reply) => {
    const f = await find(req);
    if ('gone' in f) return json(req, reply, 410, goneBody(f.gone));
    if ('missing' in f) return json(req, reply, 404, notFoundBody(req, 'video'));
    return json(req, reply, 200, {
      video: describe(ctx, f.live),
      manifest: JSON.parse(f.live.manifest_json) as unknown,
    });
  });

  app.get<IdParams>('/videos/:id/manifest.json', async (req, reply) => {
    const f = await find(req);
    if (!('live' in f)) return notLiveFile(reply, f);
    // The exact bytes the station wrote beside the copy: hash them to check a mirror's copy.
    return reply
      .header('cache-control', `public, max-age=${FRESH}`)
      .header('etag', `"${f.live.copy_sha256}.m"`)
      .type(TYPES.json)
      .send(f.live.manifest_json);
  });

  app.get<IdParams>('/videos/:id/video.mp4', async (req, reply) => {
    const f = await find(req);
    if (!('live' in f)) return notLiveFile(reply, f);
    const file = await copyFileOf(ctx, f.live);
    if (!file) {
      req.log.error(
        { video: f.live.id, path: f.live.copy_path },
        'released video copy path refused: not in the video store',
      );
      return notLiveFile(reply, { missing: true });
    }
    const st = await stat(file).catch(() => null);
    // A copy missing or of another size than its manifest says is not served as if it were the one.
    if (!st?.isFile() || (f.live.copy_bytes !== null && st.size !== f.live.copy_bytes)) {
      req.log.error({ video: f.live.id }, 'released video copy missing or changed');
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('该视频暂时无法提供。\n');
    }
    const etag = `"${f.live.copy_sha256}"`;
    void reply
      .header('cache-control', `public, max-age=${FRESH}`)
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('x-content-sha256', f.live.copy_sha256)
      .type('video/mp4');
    if (req.headers['if-none-match']?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
      return reply.code(304).send();
    const range = rangeOf(req.headers.range, st.size);
    if (range === 'bad') return reply.code(416).header('content-range', `bytes */${st.size}`).send();
    if (range) {
      return reply
        .code(206)
        .header('content-range', `bytes ${range.start}-${range.end}/${st.size}`)
        .header('content-length', String(range.end - range.start + 1))
        .send(createReadStream(file, { start: range.start, end: range.end }));
    }
    return reply.header('content-length', String(st.size)).send(createReadStream(file));
  });
}
