/**
 * From face boxes on sampled frames to blur regions over time spans (pure).
 *
 * The detector sees a few frames a second, so a region must cover the frames between samples too:
 * boxes on successive samples that belong to the same face are linked into a track (a face may be
 * missed on a sample or two: the gap is bridged), and each stretch between two samples gets the
 * union of the two boxes, which contains the face wherever it was in between as long as it moved
 * steadily. A track also covers back to the sample before its first box and on to the sample after
 * its last (the face may have been there, unseen). Successive stretches whose union stays close to
 * the size of the face are merged into one region, so a person reviews a handful of regions per
 * face rather than one per sample.
 */
import type { RedactionRegion } from './plan.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One sampled frame: its time in the source and the faces found on it, in source pixels. */
export interface FaceSample {
  tMs: number;
  boxes: Box[];
}

export interface TrackOptions {
  /** Picture size: regions are cut to it. */
  width: number;
  height: number;
  /** Source duration, the end of the last region; null: one sample interval after the last sample. */
  durationMs: number | null;
  /** Added on each side of a detected box, as a share of its size: Haar boxes stop at the brows and chin. */
  margin?: number;
  /** Samples in a row a face may be missed without ending its track. */
  maxGapSamples?: number;
  /** A merged region may grow to this many times the area of the largest face box in it. */
  maxMergeGrowth?: number;
}

const area = (b: Box) => b.w * b.h;

export function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

function iou(a: Box, b: Box): number {
  const ix = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const iy = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return 0;
  const inter = ix * iy;
  return inter / (area(a) + area(b) - inter);
}

/** How well box `b` continues a track that ended at box `a` (0: not the same face). */
function affinity(a: Box, b: Box): number {
  const overlap = iou(a, b);
  if (overlap > 0) return 1 + overlap;
  // A face that moved more than its own size between samples no longer overlaps: accept centres
  // within one face width, scaled so any overlap still wins.
  const dx = a.x + a.w / 2 - (b.x + b.w / 2);
  const dy = a.y + a.h / 2 - (b.y + b.h / 2);
  const reach = Math.max(a.w, a.h, b.w, b.h);
  const d = Math.hypot(dx, dy);
  const similarSize = Math.max(area(a), area(b)) <= 4 * Math.min(area(a), area(b));
  return d <= reach && similarSize ? 1 - d / reach : 0;
}

interface Track {
  /** Indexes into the samples and the (padded) box seen on each. */
  seen: { sample: number; box: Box }[];
}

function pad(b: Box, margin: number, width: number, height: number): Box {
  const x0 = Math.max(0, b.x - b.w * margin);
  const y0 = Math.max(0, b.y - b.h * margin);
  const x1 = Math.min(width, b.x + b.w * (1 + margin));
  const y1 = Math.min(height, b.y + b.h * (1 + margin));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function linkTracks(samples: FaceSample[], maxGap: number): Track[] {
  const tracks: Track[] = [];
  samples.forEach((s, i) => {
    const taken = new Set<Track>();
    // Larger faces first: they are the surer detections and the ones a track most likely follows.
    for (const box of [...s.boxes].sort((a, b) => area(b) - area(a))) {
      let best: Track | undefined;
      let bestScore = 0;
      for (const t of tracks) {
        const last = t.seen[t.seen.length - 1]!;
        if (taken.has(t) || i - last.sample > maxGap + 1) continue;
        const score = affinity(last.box, box);
        if (score > bestScore) [best, bestScore] = [t, score];
      }
      if (best) best.seen.push({ sample: i, box });
      else tracks.push((best = { seen: [{ sample: i, box }] }));
      taken.add(best);
    }
  });
  return tracks;
}

/** The auto regions for the faces found on `samples` (sorted by time). Ids are stable for the same detections. */
export function regionsFromSamples(samples: FaceSample[], opts: TrackOptions): RedactionRegion[] {
  const margin = opts.margin ?? 0.3;
  const maxGap = opts.maxGapSamples ?? 2;
  const growth = opts.maxMergeGrowth ?? 1.5;
  const padded = samples.map((s) => ({
    tMs: s.tMs,
    boxes: s.boxes.map((b) => pad(b, margin, opts.width, opts.height)).filter((b) => b.w > 0 && b.h > 0),
  }));
  const lastT = padded.length > 0 ? padded[padded.length - 1]!.tMs : 0;
  const step = padded.length > 1 ? lastT - padded[padded.length - 2]!.tMs : 1000;
  const end = opts.durationMs ?? lastT + step;
  const timeOf = (i: number) => (i < 0 ? 0 : i >= padded.length ? Math.max(end, lastT) : padded[i]!.tMs);

  const regions: RedactionRegion[] = [];
  linkTracks(padded, maxGap).forEach((track, ti) => {
    // Stretches of time, each with the box covering the face over it.
    const first = track.seen[0]!;
    const last = track.seen[track.seen.length - 1]!;
    const stretches: { start: number; end: number; box: Box; face: number }[] = [
      { start: timeOf(first.sample - 1), end: timeOf(first.sample), box: first.box, face: area(first.box) },
    ];
    for (let k = 1; k < track.seen.length; k++) {
      const a = track.seen[k - 1]!;
      const b = track.seen[k]!;
      stretches.push({
        start: timeOf(a.sample),
        end: timeOf(b.sample),
        box: union(a.box, b.box),
        face: Math.max(area(a.box), area(b.box)),
      });
    }
    stretches.push({ start: timeOf(last.sample), end: timeOf(last.sample + 1), box: last.box, face: area(last.box) });

    let cur = { ...stretches[0]! };
    let n = 0;
    const flush = () => {
      const startMs = Math.max(0, Math.floor(cur.start));
      const endMs = Math.max(startMs + 1, Math.ceil(cur.end));
      const x = Math.floor(cur.box.x);
      const y = Math.floor(cur.box.y);
      regions.push({
        id: `auto-${ti + 1}-${++n}`,
        source: 'auto',
        startMs,
        endMs,
        x,
        y,
        w: Math.ceil(cur.box.x + cur.box.w) - x,
        h: Math.ceil(cur.box.y + cur.box.h) - y,
      });
    };
    for (const s of stretches.slice(1)) {
      const merged = union(cur.box, s.box);
      const face = Math.max(cur.face, s.face);
      if (area(merged) <= growth * face) cur = { start: cur.start, end: s.end, box: merged, face };
      else {
        flush();
        cur = { ...s };
      }
    }
    flush();
  });
  return regions.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
}
