// Time arithmetic for the step timeline and the time-addressed player: the
// stitched playback MP4 holds the device's footage back to back, and its
// `pieces` say which media seconds show which wall-clock span.

import type { PlaybackPiece } from './api/types';

/** Wall-clock ms shown at `mediaSeconds` of the stitched media, or null outside every piece. */
export function mediaToWall(pieces: readonly PlaybackPiece[], mediaSeconds: number): number | null {
  for (const p of pieces) {
    // The end of the last piece still maps (the video stops exactly there).
    if (
      mediaSeconds >= p.mediaStart &&
      (mediaSeconds < p.mediaEnd || (p === pieces.at(-1) && mediaSeconds <= p.mediaEnd))
    ) {
      return Date.parse(p.wallStart) + (mediaSeconds - p.mediaStart) * 1000;
    }
  }
  return null;
}

/**
 * Media seconds that show wall time `wallMs`. In a gap (nothing recorded) the
 * next recorded moment is used; `exact` says whether that happened. Null after
 * the last piece.
 */
export function wallToMedia(
  pieces: readonly PlaybackPiece[],
  wallMs: number,
): { seconds: number; exact: boolean } | null {
  for (const p of pieces) {
    const start = Date.parse(p.wallStart);
    const end = Date.parse(p.wallEnd);
    if (wallMs < start) return { seconds: p.mediaStart, exact: false };
    if (wallMs < end) return { seconds: p.mediaStart + (wallMs - start) / 1000, exact: true };
  }
  return null;
}

/** The piece playing at `mediaSeconds`, if any. */
export function pieceAt(pieces: readonly PlaybackPiece[], mediaSeconds: number): PlaybackPiece | undefined {
  return pieces.find((p) => mediaSeconds >= p.mediaStart && mediaSeconds <= p.mediaEnd);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const TICK_STEPS = [
  SECOND,
  5 * SECOND,
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/**
 * Round times between `start` and `end` (ms), at most `max` of them, on the
 * smallest step that keeps them that few. Steps are whole local minutes and
 * hours (the offset from UTC is taken into account for steps of an hour and more).
 */
export function timeTicks(start: number, end: number, max: number): number[] {
  if (!(end > start) || max < 1) return [];
  const span = end - start;
  const step = TICK_STEPS.find((s) => span / s <= max) ?? Math.ceil(span / max / HOUR) * HOUR;
  // Align to local time for hour steps, so ticks read 10:00, 12:00 rather than UTC hours.
  const offset = step >= HOUR ? new Date(start).getTimezoneOffset() * MINUTE : 0;
  const ticks: number[] = [];
  for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end; t += step) ticks.push(t);
  return ticks;
}

/** A linear scale from [d0, d1] (ms) onto [r0, r1] (px). */
export function scale(d0: number, d1: number, r0: number, r1: number) {
  const k = d1 > d0 ? (r1 - r0) / (d1 - d0) : 0;
  return {
    x: (t: number) => r0 + (t - d0) * k,
    t: (x: number) => (k ? d0 + (x - r0) / k : d0),
  };
}

/**
 * A step's window in ms: its coverage window when the gateway computed one
 * (for a step still going on that ends at the time of computing), else its
 * own times, ending `now` while it has no end.
 */
export function stepWindow(
  step: { startsAt: string; endsAt: string | null; coverage: { windowStart: string; windowEnd: string } | null },
  now: number,
): { start: number; end: number } {
  const start = Date.parse(step.coverage?.windowStart ?? step.startsAt);
  const endIso = step.coverage?.windowEnd ?? step.endsAt;
  const end = endIso ? Date.parse(endIso) : Math.max(now, start);
  return { start, end };
}
