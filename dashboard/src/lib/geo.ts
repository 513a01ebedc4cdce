// The supervision map's arithmetic: a flat (equirectangular) projection fitted
// to the points, grid lines at round degrees and a scale bar in metres. Over
// the few kilometres a station's officers cover the earth is flat enough; no
// tiles or map data are needed (or allowed: the station may be offline).

export interface LatLon {
  lat: number;
  lon: number;
}

/** Metres per degree of latitude (and of longitude at the equator). */
export const M_PER_DEG_LAT = 111_320;

export const metresPerDegLon = (lat: number): number => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);

export interface MapView {
  /** Plot size in pixels. */
  width: number;
  height: number;
  /** Visible bounds, degrees. */
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
  /** Metres per pixel, the same along both axes. */
  metresPerPx: number;
  project(p: LatLon): { x: number; y: number };
}

export interface FitOptions {
  /** Share of the points' extent added on each side. */
  margin?: number;
  /** The smallest extent shown, metres (one point, or points close together). */
  minSpanM?: number;
}

/**
 * A view of `width`×`height` pixels that shows every point with a margin,
 * with metres the same length across and up (the axis with room to spare is
 * widened around the centre). Null without points.
 */
export function fitView(
  points: readonly LatLon[],
  width: number,
  height: number,
  opts: FitOptions = {},
): MapView | null {
  const usable = points.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
  if (usable.length === 0 || width <= 0 || height <= 0) return null;
  const margin = opts.margin ?? 0.12;
  const minSpanM = opts.minSpanM ?? 200;

  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLon = Infinity;
  let maxLon = -Infinity;
  for (const p of usable) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const cLat = (minLat + maxLat) / 2;
  const cLon = (minLon + maxLon) / 2;
  const kx = metresPerDegLon(cLat);
  const ky = M_PER_DEG_LAT;
  const spanX = Math.max((maxLon - minLon) * kx, minSpanM) * (1 + 2 * margin);
  const spanY = Math.max((maxLat - minLat) * ky, minSpanM) * (1 + 2 * margin);
  const metresPerPx = Math.max(spanX / width, spanY / height);

  const halfLon = (width / 2) * (metresPerPx / kx);
  const halfLat = (height / 2) * (metresPerPx / ky);
  return {
    width,
    height,
    minLat: cLat - halfLat,
    maxLat: cLat + halfLat,
    minLon: cLon - halfLon,
    maxLon: cLon + halfLon,
    metresPerPx,
    project: (p) => ({
      x: width / 2 + ((p.lon - cLon) * kx) / metresPerPx,
      y: height / 2 - ((p.lat - cLat) * ky) / metresPerPx,
    }),
  };
}

/** The "nice" step (1, 2 or 5 × 10ⁿ) nearest above `rough`. */
export function niceStep(rough: number): number {
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const exp = Math.floor(Math.log10(rough));
  const base = 10 ** exp;
  const f = rough / base;
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
  return m * base;
}

/** Multiples of `step` within [min, max], free of floating-point dust. */
export function gridValues(min: number, max: number, step: number): number[] {
  if (!(step > 0) || !(max >= min)) return [];
  const decimals = stepDecimals(step) + 2;
  const out: number[] = [];
  for (let i = Math.ceil(min / step); i * step <= max + step * 1e-9; i++) {
    out.push(Number((i * step).toFixed(decimals)));
    if (out.length > 1000) break;
  }
  return out;
}

/** Decimals that show every multiple of `step` exactly (0.0005 → 4, 0.002 → 3, 1 → 0). */
export function stepDecimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

/**
 * Grid lines at round degrees, each axis on its own step (a degree of
 * longitude is shorter than one of latitude): about `lines` lines across each side.
 */
export function gridFor(
  view: MapView,
  lines = 5,
): { lats: number[]; lons: number[]; latDecimals: number; lonDecimals: number } {
  const latStep = niceStep((view.maxLat - view.minLat) / lines);
  const lonStep = niceStep((view.maxLon - view.minLon) / lines);
  return {
    lats: gridValues(view.minLat, view.maxLat, latStep),
    lons: gridValues(view.minLon, view.maxLon, lonStep),
    latDecimals: stepDecimals(latStep),
    lonDecimals: stepDecimals(lonStep),
  };
}

/** 30.2741 → "30.2741°N", -3.5 → "3.5°S". */
export function formatLat(lat: number, decimals: number): string {
  return `${Math.abs(lat).toFixed(decimals)}°${lat < 0 ? 'S' : 'N'}`;
}

export function formatLon(lon: number, decimals: number): string {
  return `${Math.abs(lon).toFixed(decimals)}°${lon < 0 ? 'W' : 'E'}`;
}

/** The longest round length (1, 2 or 5 × 10ⁿ m) that fits in `maxPx`, and its length in pixels. */
export function scaleBar(metresPerPx: number, maxPx: number): { metres: number; px: number; label: string } {
  const maxM = metresPerPx * maxPx;
  let metres = niceStep(maxM);
  if (metres > maxM) {
    // niceStep rounds up; step down to the next round length.
    const exp = Math.floor(Math.log10(metres));
    const lead = Math.round(metres / 10 ** exp);
    metres = lead === 1 ? 5 * 10 ** (exp - 1) : lead === 2 ? 10 ** exp : 2 * 10 ** exp;
  }
  const label = metres >= 1000 ? `${metres / 1000} km` : `${metres >= 1 ? metres : metres.toFixed(1)} m`;
  return { metres, px: metres / metresPerPx, label };
}
