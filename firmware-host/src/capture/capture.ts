/**
 * Continuous capture with a pre-record buffer. The encoder runs from start to
 * stop of the agent; every closed segment is either evidence (it overlaps a
 * recording, counting `preRecordSeconds` before the press and
 * `postRecordSeconds` after the stop) or rolling pre-record buffer, deleted
 * once it is older than the pre-record window. Evidence segments move to
 * `evidence/` and are announced with `onEvidence`; nothing there is ever
 * deleted by this module.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  openSync,
  readSync,
  closeSync,
  fstatSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { HardwareProfile } from '@liuhen/device-profiles';
import { writeFileAtomic } from '../atomic-write.js';
import { backoffDelay } from '../backoff.js';
import type { WatermarkOptions } from '../ffmpeg-args.js';
import { buildCaptureArgs } from './capture-args.js';
import {
  type ChainWriter,
  type FragmentMeta,
  CHAIN_SUFFIX,
  readFragmentedMp4,
  truncateToLastCompleteFragment,
  chainClosedSegment,
  discardSegment,
  trackSegment,
  type SegmentTracker,
} from '@liuhen/evidence';
import type { FlvTag } from './flv-tags.js';
import { createLiveRelay, type LiveRelay } from './live-relay.js';

export interface EvidenceSegment {
  /** Absolute path in evidence/. */
  path: string;
  name: string;
  index: number;
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  recordingIds: string[];
  /** Closed by a crash of the encoder rather than by the segment timer. */
  recovered: boolean;
}

export interface CaptureOptions {
  deviceId: string;
  profile: HardwareProfile;
  ffmpegPath: string;
  /** The recorder's data directory for this device. */
  dir: string;
  watermark: WatermarkOptions;
  rtmpUrl: () => string;
  log: (msg: string) => void;
  onEvidence: (seg: EvidenceSegment) => void;
  /**
   * The evidence chain: every fragment is hashed, linked and signed as it
   * lands, each segment sealed when it closes. Without it segments are still
   * recorded but carry no chain (tests of capture alone).
   */
  chain?: { writer: ChainWriter; meta: () => FragmentMeta };
  /** Every FLV tag the encoder puts out (parsed once, by the live relay): the self-test watches these. */
  onMediaTag?: (tag: FlvTag) => void;
}

interface Interval {
  id: string;
  from: number;
  to: number | null;
}

interface BufferedSegment {
  name: string;
  index: number;
  start: number;
  end: number;
  /** Torn by an encoder crash and repaired. */
  recovered?: boolean;
}

const LIST_POLL_MS = 200;

export class CapturePipeline {
  private child: ChildProcess | null = null;
  private wanted = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private readonly bufferDir: string;
  private readonly evidenceDir: string;
  private readonly listFile: string;
  private readonly stateFile: string;
  private listOffset = 0;
  private listTimer: NodeJS.Timeout | null = null;
  /** Wall-clock ms of the current encoder run's time zero. */
  private runBase = 0;
  /** End of the last segment this run closed: where a segment torn by a crash began. */
  private runLastEnd = 0;
  /** Chain work in order: tracking, sealing, repairing and discarding segments; stop() waits for it. */
  private repairs: Promise<void> = Promise.resolve();
  private readonly trackers = new Map<string, SegmentTracker>();
  /** Segments the encoder has finished with (listed, or torn by a crash). */
  private readonly closed = new Set<string>();
  private nextIndex = 0;
  private intervals: Interval[] = [];
  private buffered: BufferedSegment[] = [];
  readonly relay: LiveRelay;
  /** Wall-clock times of encoder (re)starts, for the gap figures. */
  readonly restarts: number[] = [];

  constructor(private readonly opts: CaptureOptions) {
    this.bufferDir = join(opts.dir, 'buffer');
    this.evidenceDir = join(opts.dir, 'evidence');
    this.listFile = join(this.bufferDir, 'segments.csv');
    this.stateFile = join(opts.dir, 'capture-state.json');
    mkdirSync(this.bufferDir, { recursive: true });
    mkdirSync(this.evidenceDir, { recursive: true });
    this.relay = createLiveRelay({
      ffmpegPath: opts.ffmpegPath,
      rtmpUrl: opts.rtmpUrl,
      log: opts.log,
      ...(opts.onMediaTag ? { onTag: opts.onMediaTag } : {}),
    });
  }

  /** Set to 0 when storage runs low: the pre-record buffer is the first thing given up. */
  private preRecordOverrideMs: number | null = null;

  get preRecordMs(): number {
    return this.preRecordOverrideMs ?? this.opts.profile.recording.preRecordSeconds * 1000;
  }

  /** Gives up (true) or restores (false) the pre-record buffer; giving up discards it now. */
  dropPreRecord(drop: boolean): void {
    this.preRecordOverrideMs = drop ? 0 : null;
    if (drop) this.classifyBuffered();
  }

  get postRecordMs(): number {
    return this.opts.profile.recording.postRecordSeconds * 1000;
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    this.recoverLeftovers();
    this.spawnEncoder();
    this.listTimer = setInterval(() => this.readSegmentList(), LIST_POLL_MS);
  }

  /** Marks the start of a recording now; the pre-record window before it becomes evidence. */
  beginRecording(id: string, at = Date.now()): void {
    this.intervals.push({ id, from: at - this.preRecordMs, to: null });
    this.saveState();
    this.classifyBuffered();
    this.relay.start();
  }

  endRecording(at = Date.now()): void {
    const open = this.intervals.find((i) => i.to === null);
    if (open) open.to = at + this.postRecordMs;
    this.saveState();
    void this.relay.stop();
  }

  get recording(): boolean {
    return this.intervals.some((i) => i.to === null);
  }

  async stop(): Promise<void> {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    const c = this.child;
    if (c) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => c.kill('SIGKILL'), 5000);
        c.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        // SIGINT: ffmpeg closes the open segment properly and lists it.
        c.kill('SIGINT');
      });
    }
    await this.relay.stop();
    await this.repairs;
    this.readSegmentList();
    if (this.listTimer) clearInterval(this.listTimer);
    await this.repairs;
    // Anything still followed was not closed by ffmpeg: recovery seals it at the next start.
    for (const t of this.trackers.values()) await t.stop();
    this.trackers.clear();
    // An open recording at shutdown keeps everything up to now.
    this.classifyBuffered();
  }

  /** The encoder process, for fault tests. */
  get encoderPid(): number | undefined {
    return this.child?.pid;
  }

  private spawnEncoder(): void {
    const pattern = join(this.bufferDir, `${this.opts.deviceId}_%06d.mp4`);
    // A new run starts a new CSV: offsets in it are relative to this run's start.
    this.finishListFromPreviousRun();
    const args = buildCaptureArgs(this.opts.profile, {
      watermark: this.opts.watermark,
      segmentPattern: pattern,
      startNumber: this.nextIndex,
      segmentList: this.listFile,
    });
    const startedAt = Date.now();
    this.runBase = startedAt;
    this.restarts.push(startedAt);
    const child = spawn(this.opts.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.relay.newStream();
    let first = true;
    child.stdout?.on('data', (chunk: Buffer) => {
      // A dead encoder's pipe can still drain after its exit: that belongs to the old stream.
      if (this.child !== child) return;
      if (first) {
        // Time zero of the segment offsets is the first encoded output.
        this.runBase = Date.now() - 50;
        this.runLastEnd = this.runBase;
        first = false;
      }
      this.relay.write(chunk);
    });
    let err = '';
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = null;
      this.readSegmentList();
      if (!this.wanted) return;
      // The encoder died (crash, kill -9): finalise what it left and start again at once.
      this.recoverLeftovers();
      if (Date.now() - startedAt > 10_000) this.attempt = 0;
      const delay = this.attempt === 0 ? 0 : backoffDelay(this.attempt, 250, 5000);
      this.attempt += 1;
      this.opts.log(
        `encoder stopped (${signal ?? `exit ${code}`}: ${err.trim().split('\n').pop() ?? ''}); restarting in ${delay} ms`,
      );
      this.retry = setTimeout(() => {
        this.retry = null;
        if (this.wanted) this.spawnEncoder();
      }, delay);
    });
  }

  private finishListFromPreviousRun(): void {
    this.readSegmentList();
    if (existsSync(this.listFile)) rmSync(this.listFile);
    this.listOffset = 0;
  }

  /** Runs chain work one step at a time, in order; failures are logged, never thrown. */
  private inOrder(what: string, fn: () => Promise<void>): Promise<void> {
    this.repairs = this.repairs.then(fn).catch((err: Error) => this.opts.log(`${what}: ${err.message}`));
    return this.repairs;
  }

  /** Starts chaining the segment ffmpeg is writing now, fragment by fragment. */
  private trackOpenSegment(): void {
    const chain = this.opts.chain;
    if (!chain) return;
    for (const name of readdirSync(this.bufferDir)) {
      if (!name.endsWith('.mp4') || this.closed.has(name) || this.trackers.has(name)) continue;
      const path = join(this.bufferDir, name);
      this.trackers.set(name, trackSegment(chain.writer, path, { meta: chain.meta }));
    }
  }

  /** Chains what is left of a closed segment and seals it; `truncate` cuts a torn last fragment. */
  private sealSegment(name: string, incomplete: 'keep' | 'truncate'): Promise<number> {
    const chain = this.opts.chain;
    const path = join(this.bufferDir, name);
    const tracker = this.trackers.get(name);
    this.trackers.delete(name);
    if (!chain) return incomplete === 'truncate' ? truncateToLastCompleteFragment(path) : Promise.resolve(0);
    const done = tracker
      ? tracker.finish({ incomplete })
      : chainClosedSegment(chain.writer, path, chain.meta, { incomplete });
    return done.then((r) => r.truncatedBytes);
  }

  /** Reads the lines ffmpeg appended to the segment list since the last read. */
  private readSegmentList(): void {
    if (!existsSync(this.listFile)) return;
    const fd = openSync(this.listFile, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size <= this.listOffset) return;
      const buf = Buffer.alloc(size - this.listOffset);
      readSync(fd, buf, 0, buf.length, this.listOffset);
      const text = buf.toString('utf8');
      const complete = text.slice(0, text.lastIndexOf('\n') + 1);
      this.listOffset += Buffer.byteLength(complete);
      for (const line of complete.split('\n')) {
        const m = /^(.*),([\d.]+),([\d.]+)$/.exec(line.trim());
        if (!m) continue;
        const name = basename(m[1]!);
        const idx = Number(/_(\d+)\.mp4$/.exec(name)?.[1] ?? -1);
        this.nextIndex = Math.max(this.nextIndex, idx + 1);
        const seg = {
          name,
          index: idx,
          start: this.runBase + Number(m[2]) * 1000,
          end: this.runBase + Number(m[3]) * 1000,
        };
        this.runLastEnd = seg.end;
        this.closed.add(name);
        void this.inOrder(`sealing ${name}`, async () => {
          await this.sealSegment(name, 'keep');
          this.buffered.push(seg);
          this.classifyBuffered();
        });
      }
    } finally {
      closeSync(fd);
    }
    this.trackOpenSegment();
    this.classifyBuffered();
  }

  private overlapping(start: number, end: number): string[] {
    return this.intervals.filter((i) => i.from < end && (i.to === null || i.to > start)).map((i) => i.id);
  }

  /** Moves evidence out of the buffer; drops buffer older than the pre-record window. */
  private classifyBuffered(): void {
    const now = Date.now();
    const keep: BufferedSegment[] = [];
    for (const seg of this.buffered) {
      const ids = this.overlapping(seg.start, seg.end);
      const src = join(this.bufferDir, seg.name);
      if (ids.length > 0) {
        const dest = join(this.evidenceDir, seg.name);
        // The chain travels with its segment.
        if (existsSync(`${src}${CHAIN_SUFFIX}`)) renameSync(`${src}${CHAIN_SUFFIX}`, `${dest}${CHAIN_SUFFIX}`);
        if (existsSync(src)) renameSync(src, dest);
        this.opts.onEvidence({
          path: dest,
          name: seg.name,
          index: seg.index,
          startedAt: new Date(seg.start),
          endedAt: new Date(seg.end),
          durationSeconds: (seg.end - seg.start) / 1000,
          recordingIds: ids,
          recovered: seg.recovered === true,
        });
      } else if (seg.end < now - this.preRecordMs && !this.mayStillBecomeEvidence(seg)) {
        // Pre-record buffer that no recording claimed: it was never evidence. The
        // chain records the deletion (signed, with the reason) and keeps its entries,
        // so a verifier can tell deletion by policy from footage gone missing.
        const chain = this.opts.chain;
        if (chain) {
          void this.inOrder(`discarding ${seg.name}`, async () => {
            await discardSegment(chain.writer, src, 'pre-record buffer not claimed by a recording', chain.meta);
            mkdirSync(join(this.evidenceDir, 'discarded'), { recursive: true });
            renameSync(`${src}${CHAIN_SUFFIX}`, join(this.evidenceDir, 'discarded', `${seg.name}${CHAIN_SUFFIX}`));
          });
        } else {
          rmSync(src, { force: true });
        }
      } else {
        keep.push(seg);
      }
    }
    this.buffered = keep;
    // Closed intervals whose post-record window is over have no further use.
    this.intervals = this.intervals.filter((i) => i.to === null || i.to > now - 60_000);
  }

  private mayStillBecomeEvidence(seg: BufferedSegment): boolean {
    return seg.end >= Date.now() - this.preRecordMs;
  }

  /**
   * Files left in buffer/ without a list entry: the encoder died while
   * writing them. Fragmented MP4 is valid up to its last complete fragment,
   * so the torn tail is cut off and the rest kept; the file counts as evidence
   * when it overlaps a recording, like any other segment.
   */
  private recoverLeftovers(): void {
    const listed = new Set(this.buffered.map((s) => s.name));
    const state = this.loadState();
    if (state && this.intervals.length === 0) this.intervals = state.intervals;
    const leftovers: string[] = [];
    for (const name of readdirSync(this.bufferDir)) {
      if (!name.endsWith('.mp4') || listed.has(name)) continue;
      const idx = Number(/_(\d+)\.mp4$/.exec(name)?.[1] ?? -1);
      // Numbering continues past the torn file at once, so the encoder can restart immediately.
      this.nextIndex = Math.max(this.nextIndex, idx + 1);
      leftovers.push(name);
    }
    if (leftovers.length === 0) return;
    for (const name of leftovers) this.closed.add(name);
    const tornAt = this.runLastEnd;
    void this.inOrder('repairing after an encoder crash', async () => {
      for (const name of leftovers) {
        const path = join(this.bufferDir, name);
        try {
          const cut = await this.sealSegment(name, 'truncate');
          const mp4 = await readFragmentedMp4(path);
          const whole = mp4.fragments.filter((f) => f.complete && f.end !== null);
          if (whole.length === 0) {
            rmSync(path, { force: true });
            this.opts.log(`discarded ${name}: the encoder died before its first complete fragment`);
            continue;
          }
          const kept = whole.at(-1)!.end! * 1000;
          // The torn segment began where the last listed one ended; after an agent
          // restart that is unknown, so count back from the file's last write.
          const start = this.runLastEnd ? tornAt : statSync(path).mtimeMs - kept;
          const end = start + kept;
          this.lastRecovery = { name, cutBytes: cut, end };
          this.opts.log(`recovered ${name}: cut ${cut} torn bytes, kept ${(end - start) / 1000} s`);
          this.buffered.push({
            name,
            index: Number(/_(\d+)\.mp4$/.exec(name)?.[1] ?? -1),
            start,
            end,
            recovered: true,
          });
        } catch (err) {
          // Unreadable: keep it as evidence untouched rather than lose it.
          this.opts.log(`could not repair ${name}: ${(err as Error).message}; kept as is`);
          const st = statSync(path);
          this.buffered.push({ name, index: -1, start: tornAt || st.mtimeMs, end: st.mtimeMs, recovered: true });
        }
      }
      this.classifyBuffered();
    });
  }

  /** The last segment repaired after a crash, for fault tests and the loss figure. */
  lastRecovery: { name: string; cutBytes: number; end: number } | null = null;

  private saveState(): void {
    writeFileAtomic(this.stateFile, JSON.stringify({ intervals: this.intervals, nextIndex: this.nextIndex }));
  }

  private loadState(): { intervals: Interval[]; nextIndex: number } | null {
    try {
      const s = JSON.parse(readFileSync(this.stateFile, 'utf8')) as { intervals: Interval[]; nextIndex: number };
      this.nextIndex = Math.max(this.nextIndex, s.nextIndex ?? 0);
      return s;
    } catch {
      return null;
    }
  }
}
