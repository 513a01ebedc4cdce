/**
 * ISO BMFF (MP4) box walking for fragmented MP4 segments.
 *
 * A segment written by ffmpeg with `movflags=+frag_keyframe+empty_moov+default_base_moof` is
 * `ftyp` + `moov` (the init part) followed by `moof` + `mdat` pairs, one per ~1 s fragment, and
 * an `mfra` index when ffmpeg closes the file cleanly.
 *
 * Split rule used everywhere in the evidence layer:
 * - the **init part** is every byte before the first `moof`;
 * - a **fragment** starts at a `moof` and runs up to the next `moof` (or the end of the complete
 *   data), so boxes between an `mdat` and the next `moof` (and the trailing `mfra`) belong to the
 *   fragment before them. Every byte of a file therefore belongs to exactly one part.
 *
 * Only box headers, `moov` and `moof` are read; `mdat` payloads are never loaded.
 */
import { open, truncate, type FileHandle } from 'node:fs/promises';

/** A top-level box: its type, where it starts and ends (end exclusive) and its header size. */
export interface BoxInfo {
  type: string;
  start: number;
  /** Exclusive end offset as declared by the box header (may lie beyond the end of a truncated file). */
  end: number;
  headerSize: number;
  /** False when the file ends before the box does. */
  complete: boolean;
}

export interface BoxScan {
  boxes: BoxInfo[];
  /** Offset where readable boxes stop: the file size for a clean file. */
  scannedEnd: number;
  /** Why the scan stopped before the end of the data, if it did. */
  stop: null | { offset: number; reason: string };
}

export interface TrackInfo {
  trackId: number;
  /** Media timescale (units per second) from `mdhd`. */
  timescale: number;
  /** Handler type from `hdlr` (`vide`, `soun`, …). */
  handler: string;
  /** `trex` default sample duration, used when neither `tfhd` nor `trun` give one. */
  defaultSampleDuration: number;
}

export interface InitPart {
  byteStart: 0;
  byteEnd: number;
  /** True when a complete `moov` is present and every init box is complete. */
  complete: boolean;
  tracks: TrackInfo[];
}

export interface Fragment {
  /** 0-based position of the fragment in its segment. */
  index: number;
  byteStart: number;
  byteEnd: number;
  /** False for a fragment cut short by a crash (or other trailing bytes that are not a whole fragment). */
  complete: boolean;
  incompleteReason?: string;
  /** `mfhd` sequence number, or null when the `moof` could not be read. */
  sequenceNumber: number | null;
  /** Decode time of the fragment's first sample in seconds (`tfdt` / `mdhd` timescale, earliest track). */
  mediaStart: number | null;
  /** Decode time just after the fragment's last sample in seconds (latest track), from `trun` durations. */
  mediaEnd: number | null;
  /** `mediaStart` relative to the segment's first fragment: "fragment 12 covers 12.0–13.0 s". */
  start: number | null;
  end: number | null;
  boxes: BoxInfo[];
}

export interface FragmentedMp4 {
  fileSize: number;
  init: InitPart;
  /**
   * Fragments in file order. Every one is complete except possibly the last, which then covers
   * the trailing bytes from `completeEnd` to the end of the file.
   */
  fragments: Fragment[];
  /** End of the data made of whole boxes and whole fragments: where a crash-recovery cut goes. */
  completeEnd: number;
  topLevel: BoxInfo[];
}

/** Reads byte ranges of a file or a buffer. */
export interface ByteSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
}

export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read: async (offset, length) => buf.subarray(offset, Math.min(buf.length, offset + length)),
  };
}

export function fileHandleSource(fh: FileHandle, size: number): ByteSource {
  return {
    size,
    async read(offset, length) {
      const n = Math.max(0, Math.min(length, size - offset));
      const out = Buffer.alloc(n);
      let done = 0;
      while (done < n) {
        const { bytesRead } = await fh.read(out, done, n - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === n ? out : out.subarray(0, done);
    },
  };
}

const TYPE_RE = /^[\x20-\x7e]{4}$/;

/** Decodes one box header at `offset`; null when fewer header bytes than needed are available. */
export function parseBoxHeader(
  head: Buffer,
  offset: number,
  available: number,
): { type: string; size: number; headerSize: number } | 'short' | 'invalid' {
  if (head.length < 8) return 'short';
  const size32 = head.readUInt32BE(0);
  const type = head.toString('latin1', 4, 8);
  if (!TYPE_RE.test(type)) return 'invalid';
  if (size32 === 1) {
    if (head.length < 16) return 'short';
    const big = head.readBigUInt64BE(8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) return 'invalid';
    const size = Number(big);
    return size < 16 ? 'invalid' : { type, size, headerSize: 16 };
  }
  // size 0: the box runs to the end of the file.
  if (size32 === 0) return { type, size: available - offset, headerSize: 8 };
  return size32 < 8 ? 'invalid' : { type, size: size32, headerSize: 8 };
}

/** Scans top-level boxes of `src` from `from` (a box boundary). Never throws on truncated data. */
export async function scanBoxes(src: ByteSource, from = 0): Promise<BoxScan> {
  const boxes: BoxInfo[] = [];
  let offset = from;
  while (offset < src.size) {
    const head = await src.read(offset, 16);
    const h = parseBoxHeader(head, offset, src.size);
    if (h === 'short') return { boxes, scannedEnd: offset, stop: { offset, reason: 'partial box header' } };
    if (h === 'invalid') return { boxes, scannedEnd: offset, stop: { offset, reason: 'invalid box header' } };
    const end = offset + h.size;
    const complete = end <= src.size;
    boxes.push({ type: h.type, start: offset, end, headerSize: h.headerSize, complete });
    if (!complete) return { boxes, scannedEnd: offset, stop: { offset, reason: `${h.type} box cut short` } };
    offset = end;
  }
  return { boxes, scannedEnd: offset, stop: null };
}

/** Top-level boxes of a file or buffer. */
export async function listTopLevelBoxes(input: string | Buffer): Promise<BoxScan> {
  if (Buffer.isBuffer(input)) return scanBoxes(bufferSource(input));
  const fh = await open(input, 'r');
  try {
    const { size } = await fh.stat();
    return await scanBoxes(fileHandleSource(fh, size));
  } finally {
    await fh.close();
  }
}

// ---- child boxes of moov / moof ----

interface Child {
  type: string;
  body: Buffer;
}

function children(buf: Buffer): Child[] {
  const out: Child[] = [];
  let o = 0;
  while (o + 8 <= buf.length) {
    let size = buf.readUInt32BE(o);
    const type = buf.toString('latin1', o + 4, o + 8);
    let header = 8;
    if (size === 1) {
      if (o + 16 > buf.length) break;
      size = Number(buf.readBigUInt64BE(o + 8));
      header = 16;
    } else if (size === 0) size = buf.length - o;
    if (size < header || o + size > buf.length) break;
    out.push({ type, body: buf.subarray(o + header, o + size) });
    o += size;
  }
  return out;
}

const child = (buf: Buffer, type: string): Buffer | undefined => children(buf).find((c) => c.type === type)?.body;

function readU64(buf: Buffer, o: number): number {
  return Number(buf.readBigUInt64BE(o));
}

/** Tracks, timescales and `trex` defaults from a `moov` box body. */
export function parseMoov(moovBody: Buffer): TrackInfo[] {
  const trex = new Map<number, number>();
  const mvex = child(moovBody, 'mvex');
  if (mvex) {
    for (const c of children(mvex)) {
      if (c.type === 'trex' && c.body.length >= 24) trex.set(c.body.readUInt32BE(4), c.body.readUInt32BE(12));
    }
  }
  const tracks: TrackInfo[] = [];
  for (const c of children(moovBody)) {
    if (c.type !== 'trak') continue;
    const tkhd = child(c.body, 'tkhd');
    const mdia = child(c.body, 'mdia');
    const mdhd = mdia && child(mdia, 'mdhd');
    const hdlr = mdia && child(mdia, 'hdlr');
    if (!tkhd || !mdhd) continue;
    const trackId = tkhd[0] === 1 ? tkhd.readUInt32BE(20) : tkhd.readUInt32BE(12);
    const timescale = mdhd[0] === 1 ? mdhd.readUInt32BE(20) : mdhd.readUInt32BE(12);
    const handler = hdlr && hdlr.length >= 12 ? hdlr.toString('latin1', 8, 12) : '';
    tracks.push({ trackId, timescale, handler, defaultSampleDuration: trex.get(trackId) ?? 0 });
  }
  return tracks;
}

export interface MoofTiming {
  sequenceNumber: number | null;
  /** Earliest and latest decode time over the fragment's tracks, seconds; null without `tfdt`. */
  mediaStart: number | null;
  mediaEnd: number | null;
}

/** Sequence number and decode-time span of a `moof` box body. */
export function parseMoof(moofBody: Buffer, tracks: TrackInfo[]): MoofTiming {
  const mfhd = child(moofBody, 'mfhd');
  const sequenceNumber = mfhd && mfhd.length >= 8 ? mfhd.readUInt32BE(4) : null;
  let mediaStart: number | null = null;
  let mediaEnd: number | null = null;
  for (const c of children(moofBody)) {
    if (c.type !== 'traf') continue;
    const tfhd = child(c.body, 'tfhd');
    const tfdt = child(c.body, 'tfdt');
    if (!tfhd || !tfdt || tfhd.length < 8) continue;
    const trackId = tfhd.readUInt32BE(4);
    const track = tracks.find((t) => t.trackId === trackId);
    if (!track || track.timescale === 0) continue;
    const tfhdFlags = tfhd.readUInt32BE(0) & 0xffffff;
    let p = 8;
    if (tfhdFlags & 0x1) p += 8; // base-data-offset
    if (tfhdFlags & 0x2) p += 4; // sample-description-index
    let defaultDuration = track.defaultSampleDuration;
    if (tfhdFlags & 0x8 && p + 4 <= tfhd.length) defaultDuration = tfhd.readUInt32BE(p);
    const base = tfdt[0] === 1 ? readU64(tfdt, 4) : tfdt.readUInt32BE(4);
    let duration = 0;
    for (const t of children(c.body)) {
      if (t.type === 'trun') duration += trunDuration(t.body, defaultDuration);
    }
    const s = base / track.timescale;
    const e = (base + duration) / track.timescale;
    mediaStart = mediaStart === null ? s : Math.min(mediaStart, s);
    mediaEnd = mediaEnd === null ? e : Math.max(mediaEnd, e);
  }
  return { sequenceNumber, mediaStart, mediaEnd };
}

function trunDuration(trun: Buffer, defaultDuration: number): number {
  if (trun.length < 8) return 0;
  const flags = trun.readUInt32BE(0) & 0xffffff;
  const count = trun.readUInt32BE(4);
  let p = 8;
  if (flags & 0x1) p += 4; // data-offset
  if (flags & 0x4) p += 4; // first-sample-flags
  if (!(flags & 0x100)) return count * defaultDuration;
  const stride = 4 * [0x100, 0x200, 0x400, 0x800].filter((f) => flags & f).length;
  let total = 0;
  for (let i = 0; i < count && p + 4 <= trun.length; i++, p += stride) total += trun.readUInt32BE(p);
  return total;
}

/** Reads a box's body (without its header). */
async function readBody(src: ByteSource, box: BoxInfo): Promise<Buffer> {
  return src.read(box.start + box.headerSize, box.end - box.start - box.headerSize);
}

/** Parses the init part's `moov` for track timescales; [] when it has none. */
export async function readTracks(src: ByteSource, initBoxes: BoxInfo[]): Promise<TrackInfo[]> {
  const moov = initBoxes.find((b) => b.type === 'moov' && b.complete);
  return moov ? parseMoov(await readBody(src, moov)) : [];
}

/** Builds a Fragment from its boxes (first box is a `moof`); `origin` is the segment's first mediaStart. */
export async function describeFragment(
  src: ByteSource,
  index: number,
  boxes: BoxInfo[],
  byteEnd: number,
  tracks: TrackInfo[],
  origin: number | null,
  complete: boolean,
  incompleteReason?: string,
): Promise<Fragment> {
  const moof = boxes[0]?.type === 'moof' && boxes[0].complete ? boxes[0] : undefined;
  const timing: MoofTiming = moof
    ? parseMoof(await readBody(src, moof), tracks)
    : { sequenceNumber: null, mediaStart: null, mediaEnd: null };
  const base = origin ?? timing.mediaStart;
  const rel = (t: number | null) => (t === null || base === null ? null : Math.round((t - base) * 1e6) / 1e6);
  const f: Fragment = {
    index,
    byteStart: boxes[0]?.start ?? byteEnd,
    byteEnd,
    complete,
    sequenceNumber: timing.sequenceNumber,
    mediaStart: timing.mediaStart,
    mediaEnd: timing.mediaEnd,
    start: rel(timing.mediaStart),
    end: rel(timing.mediaEnd),
    boxes,
  };
  if (incompleteReason) f.incompleteReason = incompleteReason;
  return f;
}

/**
 * Splits a fragmented MP4 (file path, buffer or byte source) into its init part and fragments.
 * A truncated file (crash mid-write) is reported, never thrown: the last fragment then has
 * `complete: false` and starts at `completeEnd`.
 */
export async function readFragmentedMp4(input: string | Buffer | ByteSource): Promise<FragmentedMp4> {
  if (typeof input === 'string') {
    const fh = await open(input, 'r');
    try {
      const { size } = await fh.stat();
      return await splitFragments(fileHandleSource(fh, size));
    } finally {
      await fh.close();
    }
  }
  return splitFragments(Buffer.isBuffer(input) ? bufferSource(input) : input);
}

async function splitFragments(src: ByteSource): Promise<FragmentedMp4> {
  const scan = await scanBoxes(src);
  const whole = scan.boxes.filter((b) => b.complete);
  const firstMoof = whole.findIndex((b) => b.type === 'moof');
  const initBoxes = firstMoof === -1 ? whole : whole.slice(0, firstMoof);
  const tracks = await readTracks(src, initBoxes);
  const hasMoov = initBoxes.some((b) => b.type === 'moov');

  // Group whole boxes after the init into fragments, each starting at a moof.
  const groups: BoxInfo[][] = [];
  if (firstMoof !== -1) {
    for (const b of whole.slice(firstMoof)) {
      if (b.type === 'moof') groups.push([b]);
      else groups[groups.length - 1]!.push(b);
    }
  }
  // A fragment is whole once a later moof starts, or (the last one) once it has its mdat.
  const last = groups[groups.length - 1];
  const lastWhole = last === undefined || last.some((b) => b.type === 'mdat');
  const completeGroups = lastWhole ? groups : groups.slice(0, -1);
  let completeEnd: number;
  if (!lastWhole) {
    completeEnd = last[0]!.start;
  } else {
    completeEnd = whole.length ? whole[whole.length - 1]!.end : 0;
  }
  // The init is complete once its moov is whole; without one, the whole file is an unusable init.
  const initComplete = hasMoov;
  const initEnd = firstMoof !== -1 ? whole[firstMoof]!.start : initComplete ? completeEnd : src.size;

  const fragments: Fragment[] = [];
  let origin: number | null = null;
  for (let i = 0; i < completeGroups.length; i++) {
    const g = completeGroups[i]!;
    const end = i + 1 < completeGroups.length ? completeGroups[i + 1]![0]!.start : completeEnd;
    const f = await describeFragment(src, i, g, end, tracks, origin, true);
    if (i === 0) origin = f.mediaStart;
    fragments.push(f);
  }
  if (completeEnd < src.size && initComplete) {
    const tail = [...groups.slice(completeGroups.length).flat(), ...scan.boxes.filter((b) => !b.complete)];
    const reason = scan.stop?.reason ?? 'moof without mdat';
    const f = await describeFragment(src, fragments.length, tail, src.size, tracks, origin, false, reason);
    f.byteStart = completeEnd;
    fragments.push(f);
  }
  return {
    fileSize: src.size,
    init: { byteStart: 0, byteEnd: initEnd, complete: initComplete, tracks },
    fragments,
    completeEnd,
    topLevel: scan.boxes,
  };
}

/**
 * Crash recovery: cuts a truncated last fragment (and any partial trailing box) off a segment
 * file. Complete fragments are never cut. Returns the number of bytes removed (0 for a clean file).
 */
export async function truncateToLastCompleteFragment(path: string): Promise<number> {
  const mp4 = await readFragmentedMp4(path);
  const cut = mp4.fileSize - mp4.completeEnd;
  if (cut > 0) await truncate(path, mp4.completeEnd);
  return cut;
}
