/**
 * Records one live stream at the station as fragmented-MP4 segments: the FLV
 * bytes from the ingest go into ffmpeg's stdin, ffmpeg copies (no re-encode)
 * into N-second segments cut on keyframes with 1 s fragments, and announces
 * each finished segment on stdout, which we hash and index.
 *
 * Fragmented MP4 means the file on disk is valid up to its last complete
 * fragment, so a station crash loses at most one fragment.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import type { FlvSink } from '../ingest/ingest.js';
import type { Logger } from '../log.js';
import { settleStationSegment } from './recover.js';
import { sha256File } from './sha256.js';

export interface SegmentRecorderOptions {
  ffmpegPath: string;
  footageRoot: string;
  deviceId: string;
  sessionId: string;
  segmentSeconds: number;
  fragmentSeconds: number;
  log: Logger;
  onSegment: (segment: FinishedSegment) => Promise<void>;
}

export interface FinishedSegment {
  deviceId: string;
  sessionId: string;
  /** Relative to the footage root. */
  path: string;
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  bytes: number;
  sha256: string;
}

export function compactTime(d: Date): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

export function buildSegmentArgs(outPattern: string, segmentSeconds: number, fragmentSeconds: number): string[] {
  const fragUs = Math.round(fragmentSeconds * 1_000_000);
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-f',
    'flv',
    '-i',
    'pipe:0',
    // Video and audio only: the FLV metadata track has no MP4 mapping.
    '-map',
    '0:v:0',
    '-map',
    '0:a:0?',
    '-dn',
    '-c',
    'copy',
    '-f',
    'segment',
    '-segment_time',
    String(segmentSeconds),
    '-segment_format',
    'mp4',
    '-segment_format_options',
    // flush_packets: a finished fragment reaches the disk at once (a crash then loses at most the one in progress).
    `movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=${fragUs}:flush_packets=1`,
    '-reset_timestamps',
    '1',
    // One "file,start,end" line on stdout as each segment is closed.
    '-segment_list',
    'pipe:1',
    '-segment_list_type',
    'csv',
    outPattern,
  ];
}

export interface SegmentRecorder extends FlvSink {
  /** Resolves when ffmpeg has exited and every segment is indexed. */
  done: Promise<void>;
}

export function startSegmentRecorder(opts: SegmentRecorderOptions): SegmentRecorder {
  const { log } = opts;
  const sessionStart = new Date();
  // Folders by the station's local date: that is the day officers and reviewers look for.
  const dir = join(opts.footageRoot, opts.deviceId, sessionStart.toLocaleDateString('sv-SE'));
  mkdirSync(dir, { recursive: true });
  const prefix = `${opts.deviceId}_${compactTime(sessionStart)}_${opts.sessionId.slice(0, 8)}`;
  const args = buildSegmentArgs(join(dir, `${prefix}_%04d.mp4`), opts.segmentSeconds, opts.fragmentSeconds);
  // Own process group: a Ctrl-C in the terminal must not cut the station copy
  // short; we end it by closing its input, which lets it finish the segment.
  const child = spawn(opts.ffmpegPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // Wall-clock time of the first byte: segment offsets from ffmpeg are relative to it.
  let firstByteAt: number | null = null;
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  child.stdin.on('error', (err) =>
    log.warn({ deviceId: opts.deviceId, err: err.message }, 'station recorder input closed'),
  );

  let indexing: Promise<void> = Promise.resolve();
  createInterface({ input: child.stdout }).on('line', (line) => {
    const m = /^(.*),([\d.]+),([\d.]+)$/.exec(line.trim());
    if (!m) return;
    const [, file, start, end] = m as unknown as [string, string, string, string];
    const base = firstByteAt ?? sessionStart.getTime();
    const full = join(dir, file);
    // Index in order, one at a time: segments of a session are a sequence.
    indexing = indexing.then(async () => {
      try {
        // A recorder ffmpeg that died (disk full, killed) leaves a torn last fragment: it is cut off
        // (and kept beside the file) before hashing, so what is indexed is exactly the playable
        // footage. A segment with no playable fragment at all is kept as it is and not indexed.
        const settled = await settleStationSegment(full);
        if (!settled.ok) {
          log.error(
            { file: full, reason: settled.reason },
            'station segment holds no playable footage: kept as written, marked unreadable, not indexed',
          );
          return;
        }
        if (settled.bytesCut > 0)
          log.warn(
            { file: full, bytes: settled.bytesCut, kept: settled.tornFile },
            'cut a torn last fragment off a station segment (the cut bytes are kept)',
          );
        const { sha256, bytes } = await sha256File(full);
        const startedAt = new Date(base + Number(start) * 1000);
        // What ffmpeg meant to write, or what is left of it once a torn fragment is cut.
        const durationSeconds =
          settled.bytesCut > 0
            ? Math.min(Number(end) - Number(start), settled.durationSeconds)
            : Number(end) - Number(start);
        await opts.onSegment({
          deviceId: opts.deviceId,
          sessionId: opts.sessionId,
          path: relative(opts.footageRoot, full),
          startedAt,
          endedAt: new Date(startedAt.getTime() + durationSeconds * 1000),
          durationSeconds,
          bytes,
          sha256,
        });
      } catch (err) {
        log.error(
          { file: full, err: (err as Error).message },
          'could not index segment; it stays on disk and is indexed at the next start',
        );
      }
    });
  });

  const done = new Promise<void>((resolve) => {
    child.on('close', (code) => {
      if (code !== 0)
        log.warn(
          { deviceId: opts.deviceId, code, stderr: stderr.trim() },
          'station recorder ffmpeg exited with an error',
        );
      void indexing.then(resolve);
    });
    child.on('error', (err) => {
      log.error({ err: err.message }, 'station recorder ffmpeg could not start');
      resolve();
    });
  });

  return {
    done,
    write(chunk: Buffer) {
      if (firstByteAt === null) firstByteAt = Date.now();
      if (!child.stdin.destroyed) child.stdin.write(chunk);
    },
    end() {
      if (!child.stdin.destroyed) child.stdin.end();
    },
  };
}
