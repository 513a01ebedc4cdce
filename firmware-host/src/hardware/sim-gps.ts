/**
 * The sim recorder's GPS: an officer on foot near a configurable point, a few
 * metres a second in a wandering direction, kept within a few hundred metres
 * of it. Each recorder starts at its own spot near the point so a simulated
 * fleet does not sit on one pixel of the map.
 */
import type { GpsFix } from './types.js';

export interface LatLon {
  lat: number;
  lon: number;
}

/** Near West Lake, Hangzhou. */
export const DEFAULT_SIM_POSITION: LatLon = { lat: 30.2741, lon: 120.1551 };

const M_PER_DEG_LAT = 111_320;
const mPerDegLon = (lat: number) => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

/** Metres east and north of `from` to `to` (flat-earth; fine over a few km). */
export function offsetMetres(from: LatLon, to: LatLon): { east: number; north: number } {
  return { east: (to.lon - from.lon) * mPerDegLon(from.lat), north: (to.lat - from.lat) * M_PER_DEG_LAT };
}

export function moveMetres(from: LatLon, east: number, north: number): LatLon {
  const round = (x: number) => Math.round(x * 1e7) / 1e7;
  return { lat: round(from.lat + north / M_PER_DEG_LAT), lon: round(from.lon + east / mPerDegLon(from.lat)) };
}

export interface WalkState {
  pos: LatLon;
  /** Heading, radians from north. */
  heading: number;
}

/**
 * One step of the walk: the heading drifts a little each step; past
 * `radiusM` from the centre the walker turns back towards it.
 */
export function walkStep(s: WalkState, centre: LatLon, random: () => number, stepM = 1.4, radiusM = 300): WalkState {
  const off = offsetMetres(centre, s.pos);
  let heading = s.heading + (random() - 0.5) * 0.6;
  if (Math.hypot(off.east, off.north) > radiusM) heading = Math.atan2(-off.east, -off.north);
  return { pos: moveMetres(s.pos, stepM * Math.sin(heading), stepM * Math.cos(heading)), heading };
}

export interface SimGpsOptions {
  centre?: LatLon;
  random?: () => number;
  now?: () => number;
}

/** Each `next()` is the fix of one receiver epoch (call it once a second). */
export function createSimGps(opts: SimGpsOptions = {}): { next(): GpsFix } {
  const centre = opts.centre ?? DEFAULT_SIM_POSITION;
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  let state: WalkState = {
    pos: moveMetres(centre, (random() - 0.5) * 200, (random() - 0.5) * 200),
    heading: random() * 2 * Math.PI,
  };
  return {
    next() {
      state = walkStep(state, centre, random);
      return { ...state.pos, fixAt: new Date(now()), hdop: 0.9, satellites: 9 };
    },
  };
}
