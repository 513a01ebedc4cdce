/**
 * Continuous capture with a pre-record buffer. The encoder runs from start to
 * stop of the agent and writes 60 s segments of ~1 s fragments into `buffer/`;
 * each segment is chained fragment by fragment as it is written (the evidence
 * chain), sealed when it closes, and then either
 *  - kept: the fragments a recording claims ([press − preRecord, stop + postRecord])
 *    stay, the others are cut out with signed discard entries (evidence/src/trim.ts),
 *    and the segment moves to `evidence/` and is announced with `onEvidence`; or
 *  - discarded: pre-record buffer no recording claimed, deleted with a signed
 *    discard entry whose chain file goes to `evidence/discarded/` for offload.
 *
 * What survives a power cut at any instant (capture-state.json, fsynced; the
 * chain; the files): segment numbering (never reused: nothing in evidence/ is
 * ever overwritten), the recording intervals (a recording cut by power is
 * closed at the last footage before the cut), and every segment in `buffer/`,
 * which the next start repairs, seals and classifies like any other. When a
 * segment's time cannot be established it is kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import type { HardwareProfile } from '@liuhen/device-profiles';
import {
  CHAIN_SUFFIX,
  TRIM_SUFFIX,
  chainClosedSegment,
  discardSegment,
  finishPendingTrim,
  readChainFile,
  readFragmentedMp4,
  segmentLayout,
  trackSegment,
  trimSegment,
  truncateToLastCompleteFragment,
  type ChainWriter,
  type FragmentMeta,
  type SegmentTracker,
} from '@liuhen/evidence';
import { writeFileAtomic } from '../atomic-write.js';
import { backoffDelay } from '../backoff.js';
import type { WatermarkOptions } from '../ffmpeg-args.js';
import { buildCaptureArgs } from './capture-args.js';
import type { FlvTag } from './flv-tags.js';
import { createLiveRelay, type LiveRelay } from './live-relay.js';

export interface EvidenceSegment {
  /** Absolute path in evidence/. */
  path: string;
  name: string;
  index: number;
  /** The kept footage: first kept fragment's start to the last one's end (device clock). */
  startedAt: Date;
  endedAt: Date;
  durationSeconds: number;
  recordingIds: string[];
  /** Closed by a crash (encoder or power) rather than by the segment timer. */
  recovered: boolean;
  /** Size and SHA-256 of the file as kept (the chain's last seal); null without a chain. */
  bytes: number | null;
  sha256: string | null;
  /** Fragments cut out because no recording claimed them. */
  cutFragments: number;
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
  /** A segment's chain file was moved to evidence/discarded/ (offload it). */
  onDiscard?: (chainFile: string) => void;
  /**
   * The evidence chain: every fragment is hashed, linked and signed as it
   * lands, each segment sealed when it closes. Without it segments are still
   * recorded but carry no chain and are kept whole (tests of capture alone).
   */
  chain?: { writer: ChainWriter; meta: () => FragmentMeta };
  /** Every FLV tag the encoder puts out (parsed once, by the live relay): the self-test watches these. */
  onMediaTag?: (tag: FlvTag) => void;
}

interface Interval {
  id: string;
  /** press − preRecord (ms, device clock). */
  from: number;
  /** stop + postRecord; null while recording. */
  to: number | null;
}

interface SavedState {
  intervals: Interval[];
  nextIndex: number;
  /** When this state was last written: a recording cut by power ended no later than the footage, or this. */
  savedAt: number;
}

interface BufferedSegment {
  name: string;
  index: number;
  start: number;
  end: number;
  /** Torn by a crash and repaired. */
  recovered?: boolean;
  /** Its time could not be established: kept whole as evidence. */
  unsure?: boolean;
  /**
   * Left by an earlier run of the recorder. Pre-record does not reach across a restart: no press
   * in this run can claim it, so it is kept or discarded at once, before this run chains anything.
   */
  earlierRun?: boolean;
}

const LIST_POLL_MS = 200;
const SEGMENT_INDEX = /_(\d+)\.mp4(?:$|\.)/;
export const DISCARD_REASON = 'pre-record buffer not claimed by a recording 预录缓存未被录像使用';
export const CUT_REASON = 'outside the recording window (press − pre-record to stop + post-record) 录像时段外';

const indexOf = (name: string) => Number(SEGMENT_INDEX.exec(name)?.[1] ?? -1);

/** Highest segment number of any file under `dir` (segments, chains, manifests, discards), or -1. */
function highestIndex(dir: string): number {
  let max = -1;
  if (!existsSync(dir)) return max;
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    if (ent.isDirectory()) max = Math.max(max, highestIndex(join(dir, ent.name)));
    else max = Math.max(max, indexOf(ent.name));
  }
  return max;
}

export class CapturePipeline {
  private child: ChildProcess | null = null;
  private wanted = false;
  private attempt = 0;
  private retry: NodeJS.Timeout | null = null;
  private readonly bufferDir: string;
  private readonly evidenceDir: string;
  private readonly discardedDir: string;
  private readonly listFile: string;
  private readonly stateFile: string;
  private listOffset = 0;
  private listTimer: NodeJS.Timeout | null = null;
  /** Wall-clock ms of the current encoder run's time zero. */
  private runBase = 0;
  /** The encoder's first output arrived: the run's time zero is known. */
  private runStarted = false;
  /** End of the last segment this run closed: where the next one begins. */
  private runLastEnd = 0;
  /** Chain and file work in order: sealing, repairing, trimming, moving, discarding; stop() waits for it. */
  private work: Promise<void> = Promise.resolve();
  /** Jobs queued in `work` and not finished: a new segment is chained only when this is 0. */
  private pendingJobs = 0;
  private readonly trackers = new Map<string, SegmentTracker>();
  /** Segments the encoder has finished with (listed, or torn by a crash). */
  private readonly closed = new Set<string>();
  /** Segments being kept or discarded (queued): classified once. */
  private readonly settling = new Set<string>();
  private nextIndex = 0;
  private intervals: Interval[] = [];
  private buffered: BufferedSegment[] = [];
  private stateLoaded = false;
  readonly relay: LiveRelay;
  /** Wall-clock times of encoder (re)starts, for the gap figures. */
  readonly restarts: number[] = [];

  constructor(private readonly opts: CaptureOptions) {
    this.bufferDir = join(opts.dir, 'buffer');
    this.evidenceDir = join(opts.dir, 'evidence');
    this.discardedDir = join(this.evidenceDir, 'discarded');
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
    this.loadState();
    // Numbering never goes back: past every number saved or found on disk.
    this.nextIndex = Math.max(this.nextIndex, highestIndex(this.bufferDir) + 1, highestIndex(this.evidenceDir) + 1);
    this.closeRecordingsCutShort();
    this.saveState();
    this.recoverLeftovers(true);
    // A list left by an earlier run names files recovery has just taken over; its times are
    // relative to a run whose time zero is gone.
    rmSync(this.listFile, { force: true });
    this.listOffset = 0;
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

  /** Resolves when the chain and file work queued so far is done (tests, shutdown). */
  settled(): Promise<void> {
    return this.work;
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
    await this.work;
    this.readSegmentList();
    if (this.listTimer) clearInterval(this.listTimer);
    this.listTimer = null;
    await this.work;
    // Anything still followed was not closed by ffmpeg: recovery seals it at the next start.
    for (const t of this.trackers.values()) await t.stop();
    this.trackers.clear();
    // Nothing more will be recorded in this run: what a recording claims is kept now, the rest
    // of the pre-record buffer discarded.
    this.classifyBuffered(true);
    await this.work;
    this.saveState();
  }

  /** The encoder process, for fault tests. */
  get encoderPid(): number | undefined {
    return this.child?.pid;
  }

  private spawnEncoder(): void {
    const pattern = join(this.bufferDir, `${this.opts.deviceId}_%06d.mp4`);
    // A new run starts a new CSV: offsets in it are relative to this run's start.
    this.finishListFromPreviousRun();
    this.saveState();
    const args = buildCaptureArgs(this.opts.profile, {
      watermark: this.opts.watermark,
      segmentPattern: pattern,
      startNumber: this.nextIndex,
      segmentList: this.listFile,
    });
    const startedAt = Date.now();
    this.runStarted = false;
    this.runBase = startedAt;
    this.runLastEnd = startedAt;
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
        this.runStarted = true;
        first = false;
        // The first segment's start time is known now: chain it.
        this.trackOpenSegment();
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

  /** Runs chain and file work one job at a time, in order; failures are logged, never thrown. */
  private inOrder(what: string, fn: () => Promise<void>): Promise<void> {
    this.pendingJobs += 1;
    this.work = this.work
      .then(fn)
      .catch((err: Error) => this.opts.log(`${what}: ${err.message}`))
      .finally(() => {
        this.pendingJobs -= 1;
        // The chain is free again: the segment being written now can be chained.
        if (this.pendingJobs === 0) this.trackOpenSegment();
      });
    return this.work;
  }

  /**
   * Starts chaining the segment ffmpeg is writing now, fragment by fragment. Only once every
   * earlier segment is sealed: one segment at a time per chain, so a segment's entries are
   * contiguous and its chain file never lacks an entry that landed in another file.
   */
  private trackOpenSegment(): void {
    const chain = this.opts.chain;
    if (!chain || !this.wanted || this.pendingJobs > 0 || this.trackers.size > 0) return;
    const open = readdirSync(this.bufferDir)
      .filter((n) => n.endsWith('.mp4') && !this.closed.has(n))
      .sort((a, b) => indexOf(a) - indexOf(b));
    const name = open[0];
    if (!name) return;
    const idx = indexOf(name);
    if (idx + 1 > this.nextIndex) {
      this.nextIndex = idx + 1;
      this.saveState();
    }
    // The segment began where the one before it in this run ended; the first one of a run at
    // the run's time zero, known once the encoder's first output arrives (before its first
    // fragment, which is when the chain first asks).
    const listedBefore = this.runLastEnd !== this.runBase ? this.runLastEnd : null;
    if (listedBefore === null && !this.runStarted) return;
    const path = join(this.bufferDir, name);
    this.trackers.set(
      name,
      trackSegment(chain.writer, path, {
        meta: () => ({ ...chain.meta(), segmentStartMs: listedBefore ?? this.runBase }),
      }),
    );
  }

  /**
   * Chains what is left of a closed segment and seals it; `truncate` cuts a torn last fragment.
   * `startMs` is when the segment began, for one nobody chained while it was written (the chain
   * was still busy with the one before): without it the chain would stamp the segment with the
   * time it got round to it, and the footage would be kept or cut by the wrong clock.
   */
  private sealSegment(name: string, incomplete: 'keep' | 'truncate', startMs?: number): Promise<number> {
    const chain = this.opts.chain;
    const path = join(this.bufferDir, name);
    const tracker = this.trackers.get(name);
    this.trackers.delete(name);
    if (!chain) return incomplete === 'truncate' ? truncateToLastCompleteFragment(path) : Promise.resolve(0);
    const meta = startMs === undefined ? chain.meta : () => ({ ...chain.meta(), segmentStartMs: startMs });
    const done = tracker
      ? tracker.finish({ incomplete })
      : chainClosedSegment(chain.writer, path, meta, { incomplete });
    return done.then((r) => r.truncatedBytes);
  }

  /** The chained span of a sealed segment (device clock ms): first fragment start to last fragment end. */
  private async chainedSpan(name: string): Promise<{ start: number; end: number } | null> {
    const read = await readChainFile(join(this.bufferDir, name) + CHAIN_SUFFIX);
    if (!read) return null;
    const layout = segmentLayout(read.entries.map((e) => ({ e })));
    const frags = layout.kept.map((p) => p.part.e).filter((e) => e.kind !== 'init' && e.fragmentIndex >= 0);
    if (frags.length === 0) return null;
    const start = Math.min(...frags.map((e) => Date.parse(e.start)));
    const end = Math.max(...frags.map((e) => Date.parse(e.end)));
    return Number.isFinite(start) && Number.isFinite(end) ? { start, end } : null;
  }

  /** Reads the lines ffmpeg appended to the segment list since the last read. */
  private readSegmentList(): void {
    try {
      this.readNewListLines();
    } finally {
      // Always: the first segment of a run is chained before the list has its first line.
      this.trackOpenSegment();
    }
  }

  private readNewListLines(): void {
    if (!existsSync(this.listFile)) return;
    const fd = openSync(this.listFile, 'r');
    let text: string;
    try {
      const size = fstatSync(fd).size;
      if (size <= this.listOffset) return;
      const buf = Buffer.alloc(size - this.listOffset);
      readSync(fd, buf, 0, buf.length, this.listOffset);
      text = buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
    const complete = text.slice(0, text.lastIndexOf('\n') + 1);
    this.listOffset += Buffer.byteLength(complete);
    for (const line of complete.split('\n')) {
      const m = /^(.*),([\d.]+),([\d.]+)$/.exec(line.trim());
      if (!m) continue;
      const name = basename(m[1]!);
      if (this.closed.has(name) || !existsSync(join(this.bufferDir, name))) continue;
      const idx = indexOf(name);
      const csv = { start: this.runBase + Number(m[2]) * 1000, end: this.runBase + Number(m[3]) * 1000 };
      this.runLastEnd = csv.end;
      this.closed.add(name);
      if (idx + 1 > this.nextIndex) {
        this.nextIndex = idx + 1;
        this.saveState();
      }
      void this.inOrder(`sealing ${name}`, async () => {
        await this.sealSegment(name, 'keep', csv.start);
        const span = this.opts.chain ? await this.chainedSpan(name) : null;
        this.buffered.push({ name, index: idx, ...(span ?? csv) });
        this.classifyBuffered();
      });
    }
    this.classifyBuffered();
  }

  /** Recordings whose window overlaps [start, end]. */
  private overlapping(start: number, end: number): Interval[] {
    return this.intervals.filter((i) => i.from <= end && (i.to === null || i.to >= start));
  }

  /**
   * Decides what each closed segment in the buffer is (between segments only, see below). A
   * segment a recording claims is kept
   * once no later press can claim more of it (it overlaps a running recording, or its end is
   * older than the pre-record window; `final` at shutdown); one that no recording claims is
   * discarded once it is older than the pre-record window.
   */
  private classifyBuffered(final = false): void {
    // Cuts and discards are chain entries too: they are written between segments, never while
    // a segment is taking fragments, so each segment's media entries stay contiguous in seq.
    // The seal of the open segment classifies again.
    if (this.trackers.size > 0 && !final) return;
    const now = Date.now();
    const waiting: BufferedSegment[] = [];
    for (const seg of this.buffered) {
      if (this.settling.has(seg.name)) continue;
      const claims = this.overlapping(seg.start, seg.end);
      // At shutdown nothing more can claim it either: the buffer is settled whole, so the next
      // run starts with an empty buffer and a station copy with no entries still pending here.
      const beyondPreRecord = final || seg.earlierRun === true || seg.end < now - this.preRecordMs;
      if (seg.unsure || (claims.length > 0 && (final || beyondPreRecord || claims.some((i) => i.to === null)))) {
        this.settling.add(seg.name);
        void this.inOrder(`keeping ${seg.name}`, () => this.keep(seg));
      } else if (claims.length === 0 && beyondPreRecord) {
        this.settling.add(seg.name);
        void this.inOrder(`discarding ${seg.name}`, () => this.discard(seg));
      } else {
        waiting.push(seg);
      }
    }
    this.buffered = waiting;
    // Recordings long over have no further use (kept for a while: segments wait for them).
    const horizon = now - (this.preRecordMs + this.opts.profile.recording.segmentSeconds * 3000 + 600_000);
    const before = this.intervals.length;
    this.intervals = this.intervals.filter((i) => i.to === null || i.to > horizon);
    if (this.intervals.length !== before) this.saveState();
  }

  /** Keeps what recordings claim of a segment (cutting the rest out) and moves it into evidence/. */
  private async keep(seg: BufferedSegment): Promise<void> {
    const src = join(this.bufferDir, seg.name);
    const chain = this.opts.chain;
    let span = { start: seg.start, end: seg.end };
    let bytes: number | null = null;
    let sha256: string | null = null;
    let cutFragments = 0;
    if (chain && !seg.unsure) {
      const windows = this.overlapping(seg.start, seg.end);
      const claimed = (f: { start: number; end: number }) =>
        windows.some((i) => i.from <= f.end && (i.to === null || i.to >= f.start));
      const r = await trimSegment(chain.writer, src, claimed, CUT_REASON);
      if (r.kind === 'none-claimed') return this.discard(seg);
      span = { start: Date.parse(r.start), end: Date.parse(r.end) };
      bytes = r.size;
      sha256 = r.sha256;
      if (r.kind === 'cut') {
        cutFragments = r.removedFragments;
        this.opts.log(
          `${seg.name}: kept ${((span.end - span.start) / 1000).toFixed(1)} s, cut ${cutFragments} fragments no recording claimed`,
        );
      }
    }
    const ids = this.overlapping(span.start, span.end).map((i) => i.id);
    const dest = this.moveNoOverwrite(seg.name, this.evidenceDir);
    this.opts.onEvidence({
      path: dest,
      name: seg.name,
      index: seg.index,
      startedAt: new Date(span.start),
      endedAt: new Date(span.end),
      durationSeconds: (span.end - span.start) / 1000,
      recordingIds: ids,
      recovered: seg.recovered === true,
      bytes,
      sha256,
      cutFragments,
    });
  }

  /**
   * Pre-record buffer that no recording claimed: it was never evidence. The chain records the
   * deletion (signed, with the reason) and its chain file goes to evidence/discarded/ for
   * offload, so the station can verify the chain without gaps and show every discard.
   */
  private async discard(seg: BufferedSegment): Promise<void> {
    const chain = this.opts.chain;
    const src = join(this.bufferDir, seg.name);
    if (!chain) {
      rmSync(src, { force: true });
      return;
    }
    await discardSegment(chain.writer, src, DISCARD_REASON, chain.meta);
    mkdirSync(this.discardedDir, { recursive: true });
    const to = join(this.discardedDir, seg.name + CHAIN_SUFFIX);
    if (existsSync(to)) throw new Error(`${to} exists already: the discard chain stays in buffer/`);
    renameSync(src + CHAIN_SUFFIX, to);
    this.opts.onDiscard?.(to);
  }

  /**
   * Moves a segment and its chain from buffer/ into `dir` without ever replacing a file there
   * (hard link, then unlink: link fails if the name is taken). A name already taken means
   * numbering went wrong: the segment goes to a conflict folder beside it, loudly, never over
   * the other.
   */
  private moveNoOverwrite(name: string, dir: string): string {
    const src = join(this.bufferDir, name);
    let destDir = dir;
    if (existsSync(join(dir, name)) || existsSync(join(dir, name + CHAIN_SUFFIX))) {
      destDir = join(dir, `conflict-${Date.now()}`);
      mkdirSync(destDir, { recursive: true });
      this.opts.log(
        `EVIDENCE NAME CONFLICT: ${name} already exists in ${dir}; the new segment is kept in ${destDir} ` +
          'and neither is overwritten. Report this: segment numbering must never repeat.',
      );
    }
    const dest = join(destDir, name);
    // The chain travels with its segment; chain first, so the media never sits without it.
    if (existsSync(src + CHAIN_SUFFIX)) {
      linkSync(src + CHAIN_SUFFIX, dest + CHAIN_SUFFIX);
    }
    linkSync(src, dest);
    unlinkSync(src);
    rmSync(src + CHAIN_SUFFIX, { force: true });
    return dest;
  }

  /**
   * Segments in buffer/ that this run did not list: the encoder (or the whole recorder) died
   * while writing them, or they were closed but not yet kept or discarded. Each is repaired
   * (a torn last fragment cut off; fragmented MP4 is valid up to its last complete fragment),
   * sealed and then classified like any other, by its chained time. Recordings that were
   * running when the power went are closed at the last footage before the cut.
   */
  private recoverLeftovers(atStart = false): void {
    const known = new Set([...this.buffered.map((s) => s.name), ...this.settling]);
    const leftovers: string[] = [];
    for (const name of readdirSync(this.bufferDir)) {
      if (name.endsWith(TRIM_SUFFIX) || !name.endsWith('.mp4') || known.has(name)) continue;
      if (this.closed.has(name) && !this.trackers.has(name)) continue;
      // Numbering continues past the torn file at once, so the encoder can restart immediately.
      this.nextIndex = Math.max(this.nextIndex, indexOf(name) + 1);
      leftovers.push(name);
    }
    for (const name of leftovers) this.closed.add(name);
    const tornAt = this.runLastEnd;
    // Without a saved state (lost or unreadable) nobody knows which recordings ran: keep all.
    const unsure = this.stateMissing;
    this.stateMissing = false;
    if (leftovers.length === 0) return;
    void this.inOrder('repairing after a crash', async () => {
      for (const [i, name] of leftovers.sort((a, b) => indexOf(a) - indexOf(b)).entries()) {
        // In this run the first leftover began where the last listed segment ended; any other
        // (or one of an earlier run) has no known start.
        const startedAt = !atStart && i === 0 ? tornAt : undefined;
        const r = await this.repair(name, tornAt, unsure, startedAt);
        if (r) this.buffered.push(atStart ? { ...r, earlierRun: true } : r);
      }
      this.classifyBuffered();
    });
  }

  /**
   * At a fresh start, recordings the saved state says are still running were cut by a power
   * cut or crash (the agent always starts in standby). They end with the last footage written
   * before the cut (the newest write in buffer/), so standby footage after a restart is never
   * kept as if recorded, and everything before the cut stays claimed.
   */
  private closeRecordingsCutShort(): void {
    if (!this.stateLoaded) return;
    this.stateLoaded = false;
    const cutShort = this.intervals.filter((i) => i.to === null);
    if (cutShort.length === 0) return;
    let lastWrite = this.savedAt;
    for (const name of readdirSync(this.bufferDir)) {
      if (name.endsWith('.mp4')) lastWrite = Math.max(lastWrite, statSync(join(this.bufferDir, name)).mtimeMs);
    }
    for (const i of cutShort) {
      i.to = Math.max(i.from, Math.ceil(lastWrite));
      this.opts.log(`recording ${i.id} was cut short (power cut or crash): closed at ${new Date(i.to).toISOString()}`);
    }
  }

  /** Repairs and seals one leftover segment; returns it with its time, or null when nothing is in it. */
  private async repair(
    name: string,
    tornAt: number,
    unsure: boolean,
    startedAt?: number,
  ): Promise<BufferedSegment | null> {
    const path = join(this.bufferDir, name);
    const index = indexOf(name);
    try {
      await finishPendingTrim(path);
      const evidenceCopy = join(this.evidenceDir, name);
      if (existsSync(evidenceCopy) && statSync(evidenceCopy).ino === statSync(path).ino) {
        // A move into evidence/ was cut short after the link: finish it.
        unlinkSync(path);
        rmSync(path + CHAIN_SUFFIX, { force: true });
        return null;
      }
      // A segment nobody began to chain (the chain was busy when it was written) has no time of
      // its own yet: its known start, or else one counted back from its last write, which is only
      // an estimate, so the whole segment is kept.
      let startMs = startedAt;
      let estimated = false;
      const status = this.opts.chain ? await this.opts.chain.writer.segmentStatus(path) : null;
      if (status && status.nextByte === 0 && !status.sealed && startMs === undefined) {
        const whole = (await readFragmentedMp4(path)).fragments.filter((f) => f.complete && f.end !== null);
        startMs = statSync(path).mtimeMs - (whole.at(-1)?.end ?? 0) * 1000;
        estimated = true;
      }
      const cut = await this.sealSegment(name, 'truncate', status?.nextByte === 0 ? startMs : undefined);
      const span = this.opts.chain ? await this.chainedSpan(name) : null;
      if (span) {
        this.lastRecovery = { name, cutBytes: cut, end: span.end };
        this.opts.log(`recovered ${name}: cut ${cut} torn bytes, ${((span.end - span.start) / 1000).toFixed(1)} s`);
        return { name, index, ...span, recovered: true, ...(unsure || estimated ? { unsure: true } : {}) };
      }
      const mp4 = await readFragmentedMp4(path);
      const whole = mp4.fragments.filter((f) => f.complete && f.end !== null);
      if (whole.length === 0 && !this.opts.chain) {
        rmSync(path, { force: true });
        this.opts.log(`discarded ${name}: the encoder died before its first complete fragment`);
        return null;
      }
      // No chained time: count back from the file's last write. Unsure, so it is kept.
      const kept = (whole.at(-1)?.end ?? 0) * 1000;
      const end = statSync(path).mtimeMs;
      const start = tornAt && !this.opts.chain ? tornAt : end - kept;
      this.lastRecovery = { name, cutBytes: cut, end };
      return { name, index, start, end, recovered: true, unsure: Boolean(this.opts.chain) };
    } catch (err) {
      // Unreadable: keep it as evidence untouched rather than lose it.
      this.opts.log(`could not repair ${name}: ${(err as Error).message}; kept as it is`);
      if (!existsSync(path)) return null;
      const st = statSync(path);
      return { name, index, start: st.mtimeMs, end: st.mtimeMs, recovered: true, unsure: true };
    }
  }

  /** The last segment repaired after a crash, for fault tests and the loss figure. */
  lastRecovery: { name: string; cutBytes: number; end: number } | null = null;

  private savedAt = 0;
  private stateMissing = false;

  private saveState(): void {
    const state: SavedState = { intervals: this.intervals, nextIndex: this.nextIndex, savedAt: Date.now() };
    writeFileAtomic(this.stateFile, JSON.stringify(state), { fsync: true });
  }

  private loadState(): void {
    try {
      const s = JSON.parse(readFileSync(this.stateFile, 'utf8')) as Partial<SavedState>;
      this.nextIndex = Math.max(this.nextIndex, Number(s.nextIndex) || 0);
      this.savedAt = Number(s.savedAt) || 0;
      if (this.intervals.length === 0 && Array.isArray(s.intervals)) {
        this.intervals = s.intervals;
        this.stateLoaded = true;
      }
    } catch {
      // No state (first start) or unreadable: which recordings ran is unknown, so whatever is
      // left in buffer/ is kept whole (see repair).
      this.stateMissing = true;
    }
  }
}
