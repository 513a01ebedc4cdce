/**
 * The sorting rule, shared by the full sort and the incremental one so both
 * give the same links: a segment belongs to a step when one of the officers
 * holding the segment's device at that time is on the step, the step's
 * window widened by the margin overlaps the segment, and, when both have a
 * position, they are within the distance limit.
 */
export interface MatchOptions {
  marginMs: number;
  /** 0 = no distance check. */
  maxDistanceM: number;
}

export interface Positioned {
  lat?: number | null;
  lon?: number | null;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres. */
export function haversineMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function nearEnough(a: Positioned, b: Positioned, maxDistanceM: number): boolean {
  if (maxDistanceM <= 0 || a.lat == null || a.lon == null || b.lat == null || b.lon == null) return true;
  return haversineMeters(a.lat, a.lon, b.lat, b.lon) <= maxDistanceM;
}

/** Step window [start, end) in ms; end = Infinity while the act is still going on. */
export function windowOverlaps(
  seg: { start: number; end: number },
  step: { start: number; end: number },
  marginMs: number,
): boolean {
  return seg.start < step.end + marginMs && step.start - marginMs < seg.end;
}

export interface AssignmentSpan {
  officerId: string;
  start: number;
  /** Infinity while the device is still out. */
  end: number;
}

/**
 * Who held the device during the segment: every assignment overlapping it.
 * With no assignment on record, the officer id the recorder itself reported
 * (its watermark) stands in, so a station without a hand-out desk still sorts.
 */
export function officersOf(
  seg: { start: number; end: number; officerId: string | null },
  deviceAssignments: readonly AssignmentSpan[],
): string[] {
  const out: string[] = [];
  for (const a of deviceAssignments) {
    if (a.start < seg.end && seg.start < a.end && !out.includes(a.officerId)) out.push(a.officerId);
  }
  if (out.length === 0 && seg.officerId) out.push(seg.officerId);
  return out;
}

/** ISO 8601 → ms; null/undefined → the given default (Infinity for open ends). */
export function ms(iso: string | null | undefined, ifNull = Number.POSITIVE_INFINITY): number {
  return iso ? parseIsoUtc(iso) : ifNull;
}

const DIGIT = (s: string, i: number) => s.charCodeAt(i) - 48;

/**
 * The station stores every time as toISOString() output ("2026-11-26T02:03:04.567Z");
 * those are read here with integer arithmetic (days from the civil date), several
 * times faster than Date.parse, which the full sort calls two million times.
 * Anything else falls back to Date.parse.
 */
export function parseIsoUtc(s: string): number {
  if (s.length !== 24 || s.charCodeAt(23) !== 90 /* Z */ || s.charCodeAt(10) !== 84 /* T */) return Date.parse(s);
  let y = DIGIT(s, 0) * 1000 + DIGIT(s, 1) * 100 + DIGIT(s, 2) * 10 + DIGIT(s, 3);
  const m = DIGIT(s, 5) * 10 + DIGIT(s, 6);
  const d = DIGIT(s, 8) * 10 + DIGIT(s, 9);
  // Howard Hinnant's days_from_civil.
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  const secs =
    (DIGIT(s, 11) * 10 + DIGIT(s, 12)) * 3600 +
    (DIGIT(s, 14) * 10 + DIGIT(s, 15)) * 60 +
    DIGIT(s, 17) * 10 +
    DIGIT(s, 18);
  return days * 86_400_000 + secs * 1000 + DIGIT(s, 20) * 100 + DIGIT(s, 21) * 10 + DIGIT(s, 22);
}
