/**
 * Follows a fragmented MP4 while ffmpeg writes it and hands over each part once it is whole:
 * the init part when the first `moof` starts, fragment N when fragment N+1's `moof` starts, and
 * the last fragment (with the closing `mfra`) when the caller says the segment is closed.
 *
 * The file is polled (size check every `pollMs`); only new box headers and each new `moof` are
 * read, plus the bytes of each finished part, which are handed to the callback for hashing.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import {
  describeFragment,
  fileHandleSource,
  readFragmentedMp4,
  readTracks,
  scanBoxes,
  truncateToLastCompleteFragment,
  type Fragment,
  type InitPart,
  type TrackInfo,
} from './mp4-boxes.js';

export interface FragmentWatcherOptions {
  /** Poll interval in ms (default 200). */
  pollMs?: number;
  onInit(init: InitPart, bytes: Buffer): Promise<void> | void;
  onFragment(fragment: Fragment, bytes: Buffer): Promise<void> | void;
  /** Resume after a restart: parts ending at or before this byte were already handed over. */
  resumeFrom?: number;
}

export interface FinishOptions {
  /**
   * What to do with trailing bytes that are not a whole fragment (ffmpeg died mid-write):
   * `keep` (default) hands them over as an incomplete fragment so nothing is deleted;
   * `truncate` cuts them off the file first (see truncateToLastCompleteFragment).
   */
  incomplete?: 'keep' | 'truncate';
}

export interface FinishResult {
  fileSize: number;
  fragments: number;
  /** Bytes cut off by `incomplete: 'truncate'`. */
  truncatedBytes: number;
  /** True when an incomplete trailing part was handed over. */
  hadIncomplete: boolean;
}

export interface FragmentWatcher {
  /** The segment is closed (ffmpeg moved to the next file or exited): hand over the rest. */
  finish(opts?: FinishOptions): Promise<FinishResult>;
  /** Stops polling without handing over the rest (e.g. the agent is shutting down). */
  stop(): Promise<void>;
  /** Byte offset up to which parts have been handed over. */
  readonly handedOver: number;
  /** First error from reading or from a callback; the watcher stops on error. */
  readonly error: unknown;
}

export function watchFragments(path: string, opts: FragmentWatcherOptions): FragmentWatcher {
  const pollMs = opts.pollMs ?? 200;
  let pos = opts.resumeFrom ?? 0; // start of the part not yet handed over (0, or a moof)
  let index = 0;
  let initDone = pos > 0;
  let tracks: TrackInfo[] | null = null;
  let origin: number | null = null;
  let fh: FileHandle | null = null;
  let lastSize = -1;
  let stopped = false;
  let error: unknown = null;
  let wake: (() => void) | null = null;

  async function ensureResumeContext(): Promise<void> {
    if (tracks !== null || !fh) return;
    if (pos === 0) return;
    // Resuming: re-derive track timescales, the time origin and the next fragment index.
    const mp4 = await readFragmentedMp4(path);
    tracks = mp4.init.tracks;
    origin = mp4.fragments[0]?.mediaStart ?? null;
    index = mp4.fragments.filter((f) => f.byteEnd <= pos).length;
  }

  async function readRange(start: number, end: number): Promise<Buffer> {
    const buf = Buffer.alloc(end - start);
    let done = 0;
    while (done < buf.length) {
      const { bytesRead } = await fh!.read(buf, done, buf.length - done, start + done);
      if (bytesRead === 0) throw new Error(`${path}: file shrank while reading ${start}–${end}`);
      done += bytesRead;
    }
    return buf;
  }

  /** Hands over every part that a later moof proves whole. */
  async function tick(): Promise<void> {
    if (!fh) {
      try {
        fh = await open(path, 'r');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw e;
      }
    }
    const size = (await fh.stat()).size;
    if (size === lastSize) return;
    lastSize = size;
    await ensureResumeContext();
    const src = fileHandleSource(fh, size);
    let scan = await scanBoxes(src, pos);
    if (!initDone) {
      // The init part is whole as soon as its moov is: chain it now rather than when the first
      // fragment ends, so a segment (and a run) is in the chain within moments of its start.
      const moov = scan.boxes.findIndex((b) => b.type === 'moov' && b.complete);
      const next = moov >= 0 ? scan.boxes[moov + 1] : undefined;
      if (moov >= 0 && scan.boxes.slice(0, moov).every((b) => b.type !== 'moof') && (!next || next.type === 'moof')) {
        const initBoxes = scan.boxes.slice(0, moov + 1);
        const end = initBoxes.at(-1)!.end;
        tracks = await readTracks(src, initBoxes);
        await opts.onInit({ byteStart: 0, byteEnd: end, complete: true, tracks }, await readRange(0, end));
        initDone = true;
        pos = end;
        scan = await scanBoxes(src, pos);
      }
    }
    // Boxes from pos; every moof after the first box closes the part before it.
    let partStart = 0;
    for (let i = 1; i < scan.boxes.length; i++) {
      const box = scan.boxes[i]!;
      if (box.type !== 'moof') continue;
      const boxes = scan.boxes.slice(partStart, i);
      if (!initDone) {
        tracks = await readTracks(src, boxes);
        const complete = boxes.some((b) => b.type === 'moov');
        const init: InitPart = { byteStart: 0, byteEnd: box.start, complete, tracks };
        await opts.onInit(init, await readRange(0, box.start));
        initDone = true;
      } else {
        const f = await describeFragment(src, index, boxes, box.start, tracks ?? [], origin, true);
        if (index === 0) origin = f.mediaStart;
        await opts.onFragment(f, await readRange(f.byteStart, f.byteEnd));
        index++;
      }
      pos = box.start;
      partStart = i;
    }
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (e) {
        error = e;
        stopped = true;
        break;
      }
      if (stopped) break;
      await new Promise<void>((r) => {
        const t = setTimeout(r, pollMs);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
      wake = null;
    }
  })();

  async function halt(): Promise<void> {
    stopped = true;
    (wake as (() => void) | null)?.();
    await loop;
  }

  return {
    get handedOver() {
      return pos;
    },
    get error() {
      return error;
    },
    async stop() {
      await halt();
      await fh?.close();
      fh = null;
    },
    async finish(fopts: FinishOptions = {}) {
      await halt();
      try {
        if (error) throw error;
        let truncatedBytes = 0;
        if (fopts.incomplete === 'truncate') truncatedBytes = await truncateToLastCompleteFragment(path);
        if (!fh) fh = await open(path, 'r');
        const size = (await stat(path)).size;
        const mp4 = await readFragmentedMp4(fileHandleSource(fh, size));
        const parts: { start: number; end: number; run: (b: Buffer) => Promise<void> | void }[] = [];
        if (!initDone) parts.push({ start: 0, end: mp4.init.byteEnd, run: (b) => opts.onInit(mp4.init, b) });
        for (const f of mp4.fragments) {
          if (f.byteEnd > pos) parts.push({ start: f.byteStart, end: f.byteEnd, run: (b) => opts.onFragment(f, b) });
        }
        for (const p of parts) {
          if (p.start !== pos && !(p.start === 0 && !initDone)) {
            throw new Error(`${path}: part at ${p.start}–${p.end} does not continue from byte ${pos}`);
          }
          await p.run(await readRange(p.start, p.end));
          pos = p.end;
          if (p.start === 0) initDone = true;
        }
        const hadIncomplete = mp4.fragments.some((f) => !f.complete) || !mp4.init.complete;
        const fragments = mp4.fragments.filter((f) => f.complete).length;
        return { fileSize: size, fragments, truncatedBytes, hadIncomplete };
      } finally {
        await fh?.close();
        fh = null;
      }
    },
  };
}
