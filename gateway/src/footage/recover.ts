/**
 * After a crash or power cut, segments may sit on disk without an index row
 * (ffmpeg wrote them, the gateway died before hashing). Nothing is dropped:
 * at start every unindexed file is hashed and indexed, flagged `recovered`.
 *
 * What is indexed is playable footage only, and no byte is ever thrown away:
 *  - a station segment whose last fragment is torn is cut back to its last
 *    complete fragment, and the cut bytes are kept next to it (`<file>.torn-<offset>`);
 *  - a file that holds no playable fragment (a disk that ran full inside the
 *    first fragment leaves only the header) is left exactly as it is, never
 *    indexed, and marked `<file>.unreadable.json` with the reason;
 *  - a file another process still has open for writing (the station
 *    recorder of the process that died, finishing its segment) is left alone
 *    until it is closed.
 *
 * The files are read by their MP4 boxes, not by running ffmpeg on each one:
 * recovery costs a read and a hash per file, so a station that comes back on
 * a busy machine is not held up by one decoder per leftover segment.
 */
import { spawn } from 'node:child_process';
import {
  open,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileHandleSource, readFragmentedMp4, syncPath } from '@liuhen/evidence';
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

// ------------------------------------------------------------------------------------------------
// What a segment's bytes hold.

export interface SegmentCheck {
  fileSize: number;
  /** End of the whole fragments: where a torn tail begins (the file size when nothing is torn). */
  completeEnd: number;
  /** Media time covered by the whole fragments, seconds. */
  durationSeconds: number;
  /** Null when the whole fragments are playable footage; otherwise why the file is not. */
  unreadable: string | null;
}

/** Child boxes of a box body: [type, body]. */
function childBoxes(buf: Buffer): [string, Buffer][] {
  const out: [string, Buffer][] = [];
  let o = 0;
  while (o + 8 <= buf.length) {
    let size = buf.readUInt32BE(o);
    let header = 8;
    if (size === 1) {
      if (o + 16 > buf.length) break;
      size = Number(buf.readBigUInt64BE(o + 8));
      header = 16;
    } else if (size === 0) size = buf.length - o;
    if (size < header || o + size > buf.length) break;
    out.push([buf.toString('latin1', o + 4, o + 8), buf.subarray(o + header, o + size)]);
    o += size;
  }
  return out;
}

/** Samples per track in one `moof` body (from each `traf`'s `tfhd` track and `trun` counts). */
function samplesInMoof(moof: Buffer, counts: Map<number, number>): void {
  for (const [type, traf] of childBoxes(moof)) {
    if (type !== 'traf') continue;
    let trackId: number | null = null;
    let samples = 0;
    for (const [t, body] of childBoxes(traf)) {
      if (t === 'tfhd' && body.length >= 8) trackId = body.readUInt32BE(4);
      if (t === 'trun' && body.length >= 8) samples += body.readUInt32BE(4);
    }
    if (trackId !== null) counts.set(trackId, (counts.get(trackId) ?? 0) + samples);
  }
}

/**
 * Reads a fragmented MP4 segment by its boxes, changing nothing: where its whole fragments end,
 * the media time they cover, and whether they are playable (a complete header, at least one whole
 * fragment, and samples in every video track: see below).
 */
export async function checkSegment(file: string): Promise<SegmentCheck> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const src = fileHandleSource(fh, size);
    const mp4 = await readFragmentedMp4(src);
    const whole = mp4.fragments.filter((f) => f.complete);
    const durationSeconds = Math.max(0, ...whole.map((f) => f.end ?? 0));
    const result = (unreadable: string | null): SegmentCheck => ({
      fileSize: size,
      completeEnd: mp4.completeEnd,
      durationSeconds,
      unreadable,
    });
    if (!mp4.init.complete) return result('no complete header (moov)');
    if (mp4.init.tracks.length === 0) return result('the header declares no tracks');
    if (whole.length === 0) return result('no complete fragment');
    const counts = new Map<number, number>();
    for (const f of whole) {
      const moof = f.boxes[0];
      if (moof?.type !== 'moof') continue;
      samplesInMoof(await src.read(moof.start + moof.headerSize, moof.end - moof.start - moof.headerSize), counts);
    }
    if (!mp4.init.tracks.some((t) => counts.get(t.trackId))) return result('no track has samples');
    // A video track without samples is what ffmpeg cannot open ("Cannot determine format of input
    // stream 0:0 after EOF"). Sound without samples is not: a recorder stopped or killed just after a
    // segment began leaves video whose audio had not reached it yet, and that is footage to keep.
    const silentVideo = mp4.init.tracks.find((t) => t.handler === 'vide' && !counts.get(t.trackId));
    if (silentVideo) return result(`video track ${silentVideo.trackId} has no samples`);
    if (durationSeconds <= 0) return result('the fragments cover no media time');
    return result(null);
  } finally {
    await fh.close();
  }
}

export const UNREADABLE_SUFFIX = '.unreadable.json';

async function writeDurably(path: string, data: Buffer | string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, data);
    await syncPath(tmp);
    await rename(tmp, path);
  } catch (err) {
    // A full disk: leave nothing half-written behind (the caller leaves the segment as it was).
    await rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await syncPath(dirname(path));
}

export type SettledSegment =
  { ok: true; durationSeconds: number; bytesCut: number; tornFile: string | null } | { ok: false; reason: string };

/**
 * Makes a station segment ready to index. A torn last fragment is moved out of the file into
 * `<file>.torn-<offset>` (written and synced before the file is cut, so no byte is lost) and the
 * file keeps its last-write time. A file with no playable fragment is not touched: it is marked
 * `<file>.unreadable.json` (the reason, its size and SHA-256) and must not be indexed.
 * Throws when it cannot do either (a full disk): the file is then left exactly as it was.
 */
export async function settleStationSegment(file: string): Promise<SettledSegment> {
  const check = await checkSegment(file);
  if (check.unreadable) {
    const { sha256, bytes } = await sha256File(file);
    const marker = {
      file: basename(file),
      reason: check.unreadable,
      bytes,
      sha256,
      markedAt: new Date().toISOString(),
      note: 'kept as found; not indexed because it holds no playable footage',
    };
    await writeDurably(`${file}${UNREADABLE_SUFFIX}`, `${JSON.stringify(marker, null, 2)}\n`);
    return { ok: false, reason: check.unreadable };
  }
  if (check.completeEnd >= check.fileSize) {
    return { ok: true, durationSeconds: check.durationSeconds, bytesCut: 0, tornFile: null };
  }
  const before = await stat(file);
  const fh = await open(file, 'r');
  let tail: Buffer;
  try {
    tail = await fileHandleSource(fh, check.fileSize).read(check.completeEnd, check.fileSize - check.completeEnd);
  } finally {
    await fh.close();
  }
  const tornFile = `${file}.torn-${check.completeEnd}`;
  await writeDurably(tornFile, tail);
  await truncate(file, check.completeEnd);
  await syncPath(file);
  // The file's time says when its last byte was written, which recovery uses to place it in time.
  await utimes(file, before.atime, before.mtime);
  return { ok: true, durationSeconds: check.durationSeconds, bytesCut: tail.length, tornFile };
}

// ------------------------------------------------------------------------------------------------
// Files still being written.

/**
 * Absolute paths of the .mp4 files other processes hold open for writing (Linux /proc; an empty
 * set elsewhere). The station recorders of a gateway that was killed outlive it and finish their
 * segment when their input closes; until they have, the file is not recovery's to read or cut.
 */
export async function mp4FilesOpenForWriting(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  } catch {
    return out;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const target = await readlink(`/proc/${pid}/fd/${fd}`);
        if (!target.endsWith('.mp4')) continue;
        const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
        const flags = /^flags:\s*([0-7]+)/m.exec(info);
        // O_WRONLY or O_RDWR.
        if (flags && (parseInt(flags[1]!, 8) & 3) !== 0) out.set(target, Number(pid));
      } catch {
        // The process or descriptor went away meanwhile.
      }
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Recovery.

export interface Recovery {
  /** Files found without an index row when recovery started: its whole work list. */
  readonly found: number;
  /** Resolves with how many files were indexed once the list is done (or recovery stopped). */
  readonly done: Promise<number>;
  /** Stops after the file in hand; resolves when it has. */
  stop(): Promise<void>;
}

/** How often files still open for writing are looked at again. */
const WRITER_POLL_MS = 500;

/**
 * Lists the footage files without an index row (before returning: files that appear later are
 * live recordings, never recovery's), then recovers them one by one without holding up the
 * caller. Safe while the station runs: a file indexed meanwhile by someone else (a recorder
 * completing its upload again) is skipped.
 */
export async function startRecovery(
  footageRoot: string,
  index: RecordingIndex,
  ffmpegPath: string,
  log: Logger,
  opts: { beforeListening?: boolean } = {},
): Promise<Recovery> {
  const known = await index.knownPaths();
  const todo: string[] = [];
  for await (const file of walk(footageRoot)) {
    if (!known.has(relative(footageRoot, file))) todo.push(file);
  }
  let stopping = false;
  let recovered = 0;
  const realRoot = await realpath(footageRoot).catch(() => footageRoot);

  const recoverOne = async (file: string): Promise<void> => {
    const rel = relative(footageRoot, file);
    if (await index.byPath(rel)) return;
    const relSlash = rel.split(sep).join('/');
    // An uploaded recorder copy (<device>/device/<device>_<n>.mp4) whose index row was lost in a crash.
    const dev = /^([^/]+)\/device\/\1_(\d+)\.mp4$/.exec(relSlash);
    // A station copy: <device>_<YYYYMMDDTHHMMSSZ>_<session8>_<n>.mp4
    const m = dev ? null : /^(.+)_(\d{8}T\d{6}Z)_([A-Za-z0-9-]{1,16})_(\d+)\.mp4$/.exec(basename(file));
    if (!dev && !m) {
      log.warn({ file: rel }, 'unrecognised file in the footage store; left untouched');
      return;
    }
    if (
      await stat(`${file}${UNREADABLE_SUFFIX}`).then(
        () => true,
        () => false,
      )
    ) {
      log.warn({ file: rel }, 'unindexed segment marked unreadable earlier; kept as found, not indexed');
      return;
    }
    const st = await stat(file);
    let deviceId: string;
    let sessionId: string;
    let durationSeconds: number;
    const source = dev ? ('device' as const) : ('live' as const);
    if (dev) {
      // The recorder's own bytes, checked against its SHA-256 and chain before they were stored:
      // never cut. Measured by its boxes; ffmpeg only for a file that is not fragmented.
      deviceId = dev[1]!;
      sessionId = `recovered-device-${dev[2]}`;
      const check = await checkSegment(file).catch(() => null);
      durationSeconds =
        check && !check.unreadable ? check.durationSeconds : ((await probeDurationSeconds(ffmpegPath, file)) ?? 0);
    } else {
      deviceId = m![1]!;
      sessionId = `recovered-${m![3]}`;
      // The station ffmpeg died with the gateway (crash, disk full): its last fragment may be torn.
      const settled = await settleStationSegment(file);
      if (!settled.ok) {
        log.error(
          { file: rel, reason: settled.reason },
          'a station segment left by an earlier stop holds no playable footage: kept as found, marked unreadable, not indexed',
        );
        return;
      }
      if (settled.bytesCut > 0)
        log.warn(
          { file: rel, bytes: settled.bytesCut, kept: relative(footageRoot, settled.tornFile!) },
          'cut a torn last fragment off a recovered station segment (the cut bytes are kept)',
        );
      durationSeconds = settled.durationSeconds;
    }
    const { sha256, bytes } = await sha256File(file);
    // The file's last write is when the recording stopped.
    const endedAt = st.mtime;
    try {
      await index.add(
        {
          deviceId,
          sessionId,
          path: rel,
          startedAt: new Date(endedAt.getTime() - durationSeconds * 1000),
          endedAt,
          durationSeconds,
          bytes,
          sha256,
        },
        null,
        dev ? { recovered: true, source } : { recovered: true },
      );
      recovered += 1;
      log.warn({ file: rel, bytes, durationSeconds }, 'indexed a segment left unindexed by an earlier stop');
    } catch (err) {
      // Indexed meanwhile by the recorder completing its upload again: nothing left to do.
      if (await index.byPath(rel)) return;
      throw err;
    }
  };

  const attempted = new Set(todo);
  let sawWriters = false;
  /**
   * Before the station listens, every writer under the footage root is a station recorder of a
   * killed gateway: it may open one more segment after the list was taken (its input drains). Once
   * none is left writing, unindexed files are looked for again, so such a segment is indexed too.
   */
  const orphanedFiles = async (): Promise<string[]> => {
    if (!opts.beforeListening || !sawWriters || stopping) return [];
    for (;;) {
      const writers = [...(await mp4FilesOpenForWriting()).keys()].filter((f) => f.startsWith(realRoot + sep));
      if (writers.length === 0 || stopping) break;
      await new Promise((r) => setTimeout(r, WRITER_POLL_MS));
    }
    sawWriters = false;
    const known = await index.knownPaths();
    const fresh: string[] = [];
    for await (const file of walk(footageRoot)) {
      if (!known.has(relative(footageRoot, file)) && !attempted.has(file)) fresh.push(file);
    }
    for (const f of fresh) attempted.add(f);
    return fresh;
  };

  const run = async (): Promise<number> => {
    let waiting = todo;
    let warned = new Set<string>();
    while (!stopping) {
      if (waiting.length === 0) waiting = await orphanedFiles();
      if (waiting.length === 0) break;
      const writers = await mp4FilesOpenForWriting();
      const later: string[] = [];
      for (const file of waiting) {
        if (stopping) break;
        const real = join(realRoot, relative(footageRoot, file));
        const writer = writers.get(real);
        if (writer !== undefined) {
          if (!warned.has(file))
            log.warn(
              { file: relative(footageRoot, file), pid: writer },
              'unindexed segment still open for writing by another process; recovered once it is closed',
            );
          later.push(file);
          sawWriters = true;
          continue;
        }
        await recoverOne(file).catch((err: Error) =>
          log.error({ file: relative(footageRoot, file), err: err.message }, 'could not recover a segment'),
        );
      }
      warned = new Set([...warned, ...later]);
      waiting = later;
      if (waiting.length > 0 && !stopping) await new Promise((r) => setTimeout(r, WRITER_POLL_MS));
    }
    return recovered;
  };

  const done = run();
  return {
    found: todo.length,
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

/**
 * Recovers every unindexed footage file and resolves when done (see startRecovery). For a station
 * about to listen: segments a killed gateway's recorders open meanwhile are recovered too.
 */
export async function recoverUnindexed(
  footageRoot: string,
  index: RecordingIndex,
  ffmpegPath: string,
  log: Logger,
): Promise<number> {
  return (await startRecovery(footageRoot, index, ffmpegPath, log, { beforeListening: true })).done;
}
