/**
 * Time-addressed playback: any device's footage over any span, as one MP4
 * stitched from its segments (ffmpeg concat demuxer, stream copy: no
 * re-encode, no visible cut), plus the map from media time to wall time so
 * a timeline under the player can follow it. Where both the recorder's own
 * copy and the station's live copy exist, the recorder's copy is used.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/database.js';
import type { RecordingsTable } from '../db/schema.js';
import { NotFound } from '../errors.js';
import { deviceFootageOver } from '../footage/recordings-repo.js';
import { gaps as gapsOf } from './intervals.js';
import { ms } from './match.js';
import { MAX_SEGMENT_MS } from './sorter.js';

export interface PlaybackPiece {
  recordingId: string;
  source: 'live' | 'device';
  wallStart: string;
  wallEnd: string;
  /** Seconds into the stitched media. */
  mediaStart: number;
  mediaEnd: number;
  /** Seconds into the segment file. */
  inpoint: number;
  outpoint: number;
  path: string;
}

export interface PlaybackPlan {
  deviceId: string;
  from: string;
  to: string;
  pieces: PlaybackPiece[];
  gaps: { start: string; end: string; seconds: number }[];
}

/** Greedy walk through time: at each moment the recorder's copy if one covers it, else the live copy reaching furthest. */
export function planPieces(
  recs: RecordingsTable[],
  from: number,
  to: number,
): Omit<PlaybackPiece, 'mediaStart' | 'mediaEnd'>[] {
  const spans = recs
    .map((r) => ({ r, start: ms(r.started_at), end: ms(r.ended_at) }))
    .filter((s) => s.end > from && s.start < to && s.end > s.start);
  const out: Omit<PlaybackPiece, 'mediaStart' | 'mediaEnd'>[] = [];
  let cursor = from;
  while (cursor < to) {
    const covering = spans.filter((s) => s.start <= cursor && s.end > cursor);
    if (covering.length === 0) {
      const next = spans.filter((s) => s.start > cursor).sort((a, b) => a.start - b.start)[0];
      if (!next) break;
      cursor = next.start;
      continue;
    }
    const device = covering.filter((s) => s.r.source === 'device').sort((a, b) => b.end - a.end)[0];
    const pick = device ?? covering.sort((a, b) => b.end - a.end)[0]!;
    let end = Math.min(pick.end, to);
    // A live piece gives way as soon as a recorder copy begins.
    if (pick.r.source === 'live') {
      const nextDevice = spans
        .filter((s) => s.r.source === 'device' && s.start > cursor && s.start < end)
        .sort((a, b) => a.start - b.start)[0];
      if (nextDevice) end = nextDevice.start;
    }
    out.push({
      recordingId: pick.r.id,
      source: pick.r.source,
      wallStart: new Date(cursor).toISOString(),
      wallEnd: new Date(end).toISOString(),
      inpoint: (cursor - pick.start) / 1000,
      outpoint: (end - pick.start) / 1000,
      path: pick.r.path,
    });
    cursor = end;
  }
  return out;
}

const CACHE_MAX_AGE_MS = 3600_000;

export function createPlayback(opts: { db: Db; footageRoot: string; cacheDir: string; ffmpegPath: string }) {
  mkdirSync(opts.cacheDir, { recursive: true });
  const building = new Map<string, Promise<string>>();

  function sweepCache(): void {
    const now = Date.now();
    for (const f of readdirSync(opts.cacheDir)) {
      const p = join(opts.cacheDir, f);
      try {
        if (now - statSync(p).mtimeMs > CACHE_MAX_AGE_MS) rmSync(p, { force: true });
      } catch {
        /* removed meanwhile */
      }
    }
  }

  return {
    async plan(deviceId: string, fromIso: string, toIso: string): Promise<PlaybackPlan> {
      const from = ms(fromIso);
      const to = ms(toIso);
      const recs = await deviceFootageOver(opts.db, deviceId, {
        earliestStart: new Date(from - MAX_SEGMENT_MS).toISOString(),
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
      let media = 0;
      const pieces = planPieces(recs, from, to).map((p) => {
        const len = p.outpoint - p.inpoint;
        const piece = { ...p, mediaStart: media, mediaEnd: media + len };
        media += len;
        return piece;
      });
      const gaps = gapsOf(
        pieces.map((p) => ({ start: ms(p.wallStart), end: ms(p.wallEnd) })),
        { start: from, end: to },
      ).map((g) => ({
        start: new Date(g.start).toISOString(),
        end: new Date(g.end).toISOString(),
        seconds: g.seconds,
      }));
      return { deviceId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), pieces, gaps };
    },

    /** The stitched MP4 for a plan (built once, cached for an hour). */
    async media(plan: PlaybackPlan): Promise<string> {
      if (plan.pieces.length === 0)
        throw new NotFound(`no footage of ${plan.deviceId} between ${plan.from} and ${plan.to}`);
      const key = createHash('sha256')
        .update(JSON.stringify(plan.pieces.map((p) => [p.recordingId, p.inpoint, p.outpoint])))
        .digest('hex')
        .slice(0, 32);
      const out = join(opts.cacheDir, `${key}.mp4`);
      if (existsSync(out)) return out;
      const pending = building.get(key);
      if (pending) return pending;
      const job = (async () => {
        sweepCache();
        const list = join(opts.cacheDir, `${key}.ffconcat`);
        const quote = (p: string) => `'${p.replace(/'/g, "'\\''")}'`;
        writeFileSync(
          list,
          [
            'ffconcat version 1.0',
            ...plan.pieces.flatMap((p) => [
              `file ${quote(join(opts.footageRoot, p.path))}`,
              `inpoint ${p.inpoint.toFixed(3)}`,
              `outpoint ${p.outpoint.toFixed(3)}`,
            ]),
          ].join('\n') + '\n',
        );
        const tmp = `${out}.partial.mp4`;
        await new Promise<void>((resolve, reject) => {
          const ff = spawn(
            opts.ffmpegPath,
            [
              '-hide_banner',
              '-loglevel',
              'error',
              '-y',
              '-f',
              'concat',
              '-safe',
              '0',
              '-i',
              list,
              '-c',
              'copy',
              '-movflags',
              '+faststart',
              tmp,
            ],
            { stdio: ['ignore', 'ignore', 'pipe'] },
          );
          let err = '';
          ff.stderr.on('data', (d: Buffer) => (err += d.toString()));
          ff.on('error', reject);
          ff.on('exit', (code) =>
            code === 0
              ? resolve()
              : reject(new Error(`ffmpeg could not stitch the footage: ${err.trim().slice(-300)}`)),
          );
        }).finally(() => rmSync(list, { force: true }));
        renameSync(tmp, out);
        return out;
      })().finally(() => building.delete(key));
      building.set(key, job);
      return job;
    },
  };
}
export type Playback = ReturnType<typeof createPlayback>;
