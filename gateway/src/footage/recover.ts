/**
 * After a crash or power cut, segments may sit on disk without an index row
 * (ffmpeg wrote them, the gateway died before hashing). Nothing is dropped:
 * at start every unindexed file is hashed and indexed, flagged `recovered`.
 */
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { truncateToLastCompleteFragment } from '@liuhen/evidence';
import type { Logger } from '../log.js';
import type { RecordingIndex } from './recordings.js';
import { sha256File } from './sha256.js';

async function* walk(dir: string): AsyncGenerator<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* walk(p);
    else if (e.isFile() && e.name.endsWith('.mp4')) yield p;
  }
}

/** Duration from ffmpeg's own reading of the file; null when it cannot read it. */
export function probeDurationSeconds(ffmpegPath: string, file: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      ffmpegPath,
      ['-hide_banner', '-nostdin', '-i', file, '-map', '0', '-c', 'copy', '-f', 'null', '-'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-8000)));
    child.on('error', () => resolve(null));
    child.on('close', () => {
      // The last progress line has the time actually read, which also covers a cut-off file.
      const times = [...err.matchAll(/time=(\d+):(\d+):([\d.]+)/g)];
      const last = times[times.length - 1];
      if (!last) return resolve(null);
      resolve(Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3]));
    });
  });
}

export async function recoverUnindexed(
  footageRoot: string,
  index: RecordingIndex,
  ffmpegPath: string,
  log: Logger,
): Promise<number> {
  const known = await index.knownPaths();
  let recovered = 0;
  for await (const file of walk(footageRoot)) {
    const rel = relative(footageRoot, file);
    if (known.has(rel)) continue;
    // An uploaded recorder copy (<device>/device/<device>_<n>.mp4) whose index row was lost in a crash.
    const dev = /^([^/]+)\/device\/\1_(\d+)\.mp4$/.exec(rel.split(sep).join('/'));
    // A station copy: <device>_<YYYYMMDDTHHMMSSZ>_<session8>_<n>.mp4
    const m = dev ? null : /^(.+)_(\d{8}T\d{6}Z)_([A-Za-z0-9-]{1,16})_(\d+)\.mp4$/.exec(basename(file));
    if (dev) {
      const [{ sha256, bytes }, st, duration] = await Promise.all([
        sha256File(file),
        stat(file),
        probeDurationSeconds(ffmpegPath, file),
      ]);
      await index
        .add(
          {
            deviceId: dev[1]!,
            sessionId: `recovered-device-${dev[2]}`,
            path: rel,
            startedAt: new Date(st.mtime.getTime() - (duration ?? 0) * 1000),
            endedAt: st.mtime,
            durationSeconds: duration ?? 0,
            bytes,
            sha256,
          },
          null,
          { recovered: true, source: 'device' },
        )
        .then(() => (recovered += 1))
        .catch((err: Error) =>
          log.error({ file: rel, err: err.message }, 'could not index a recovered device segment'),
        );
      continue;
    }
    if (!m) {
      log.warn({ file: rel }, 'unrecognised file in the footage store; left untouched');
      continue;
    }
    const [, deviceId, , session] = m as unknown as [string, string, string, string];
    // The station ffmpeg died with the gateway (crash, disk full): its last fragment may be torn.
    const cut = await truncateToLastCompleteFragment(file).catch(() => 0);
    if (cut > 0) log.warn({ file: rel, bytes: cut }, 'cut a torn last fragment off a recovered station segment');
    const [{ sha256, bytes }, st, duration] = await Promise.all([
      sha256File(file),
      stat(file),
      probeDurationSeconds(ffmpegPath, file),
    ]);
    const durationSeconds = duration ?? 0;
    const endedAt = st.mtime;
    try {
      await index.add(
        {
          deviceId,
          sessionId: `recovered-${session}`,
          path: rel,
          startedAt: new Date(endedAt.getTime() - durationSeconds * 1000),
          endedAt,
          durationSeconds,
          bytes,
          sha256,
        },
        null,
        { recovered: true },
      );
      recovered += 1;
      log.warn({ file: rel, bytes, durationSeconds }, 'indexed a segment left unindexed by an earlier stop');
    } catch (err) {
      log.error({ file: rel, err: (err as Error).message }, 'could not index a recovered segment');
    }
  }
  return recovered;
}
