/**
 * NMEA 0183 for the GPS module: RMC (position, speed, date) and GGA (fix
 * quality, satellites, HDOP, altitude) from any talker (GP, GN, GL, GB, BD…),
 * with the checksum required and checked. Pure functions.
 */

export type NmeaSentence =
  | {
      kind: 'RMC';
      talker: string;
      /** UTC time of day in ms. */
      timeMs: number;
      /** A = valid, V = void (and mode N also counts as void). */
      valid: boolean;
      lat: number | null;
      lon: number | null;
      speedKnots: number | null;
      courseDeg: number | null;
      date: { y: number; m: number; d: number } | null;
    }
  | {
      kind: 'GGA';
      talker: string;
      timeMs: number;
      /** 0 = no fix, 1 = GPS, 2 = DGPS, 4/5 = RTK, 6 = dead reckoning… */
      quality: number;
      lat: number | null;
      lon: number | null;
      satellites: number | null;
      hdop: number | null;
      altitudeM: number | null;
    };

export type NmeaError = 'format' | 'checksum' | 'unsupported';
export type NmeaResult = { ok: true; sentence: NmeaSentence } | { ok: false; error: NmeaError; detail: string };

export function nmeaChecksum(body: string): string {
  let x = 0;
  for (let i = 0; i < body.length; i++) x ^= body.charCodeAt(i);
  return x.toString(16).toUpperCase().padStart(2, '0');
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/**
 * `ddmm.mmmm` (latitude, 2 degree digits) or `dddmm.mmmm` (longitude, 3) with
 * its hemisphere → signed decimal degrees; null when empty or malformed.
 */
export function nmeaToDegrees(value: string, hemisphere: string): number | null {
  const lat = hemisphere === 'N' || hemisphere === 'S';
  const lon = hemisphere === 'E' || hemisphere === 'W';
  if (!lat && !lon) return null;
  const m = (lat ? /^(\d{2})(\d{2}(?:\.\d+)?)$/ : /^(\d{3})(\d{2}(?:\.\d+)?)$/).exec(value);
  if (!m) return null;
  const deg = Number(m[1]);
  const min = Number(m[2]);
  if (min >= 60 || deg > (lat ? 90 : 180)) return null;
  const abs = deg + min / 60;
  if (abs > (lat ? 90 : 180)) return null;
  return round7(hemisphere === 'S' || hemisphere === 'W' ? -abs : abs);
}

function parseTime(s: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2}(?:\.\d+)?)$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  if (h > 23 || min > 59 || sec >= 61) return null;
  return Math.round(((h * 60 + min) * 60 + sec) * 1000);
}

function parseDate(s: string): { y: number; m: number; d: number } | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const d = Number(m[1]);
  const mo = Number(m[2]);
  const yy = Number(m[3]);
  if (d < 1 || d > 31 || mo < 1 || mo > 12) return null;
  // Two-digit years: receivers of this century; 80–99 are the 1900s (old logs, test vectors).
  return { y: yy >= 80 ? 1900 + yy : 2000 + yy, m: mo, d };
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s === '' || !/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
};

export function parseNmea(line: string): NmeaResult {
  const m = /^\$([A-Z][A-Z0-9])([A-Z]{3}),([\x20-\x7E]*)\*([0-9A-Fa-f]{2})$/.exec(line.trim());
  if (!m) return { ok: false, error: 'format', detail: 'not $TTSSS,…*HH' };
  const [, talker, type, fieldsText, sum] = m as unknown as [string, string, string, string, string];
  const body = `${talker}${type},${fieldsText}`;
  const want = nmeaChecksum(body);
  if (sum.toUpperCase() !== want) return { ok: false, error: 'checksum', detail: `got ${sum}, computed ${want}` };
  if (fieldsText.includes('$') || fieldsText.includes('*'))
    return { ok: false, error: 'format', detail: 'reserved character in fields' };
  const f = fieldsText.split(',');

  if (type === 'RMC') {
    if (f.length < 11) return { ok: false, error: 'format', detail: `RMC with ${f.length} fields` };
    const timeMs = parseTime(f[0]!);
    if (timeMs === null) return { ok: false, error: 'format', detail: `bad time ${f[0]}` };
    const status = f[1];
    if (status !== 'A' && status !== 'V') return { ok: false, error: 'format', detail: `bad status ${status}` };
    const mode = f[11];
    const lat = nmeaToDegrees(f[2]!, f[3]!);
    const lon = nmeaToDegrees(f[4]!, f[5]!);
    return {
      ok: true,
      sentence: {
        kind: 'RMC',
        talker,
        timeMs,
        valid: status === 'A' && mode !== 'N' && lat !== null && lon !== null,
        lat,
        lon,
        speedKnots: num(f[6]),
        courseDeg: num(f[7]),
        date: parseDate(f[8]!),
      },
    };
  }
  if (type === 'GGA') {
    if (f.length < 14) return { ok: false, error: 'format', detail: `GGA with ${f.length} fields` };
    const timeMs = parseTime(f[0]!);
    if (timeMs === null) return { ok: false, error: 'format', detail: `bad time ${f[0]}` };
    const quality = num(f[5]);
    if (quality === null || !Number.isInteger(quality))
      return { ok: false, error: 'format', detail: `bad quality ${f[5]}` };
    return {
      ok: true,
      sentence: {
        kind: 'GGA',
        talker,
        timeMs,
        quality,
        lat: nmeaToDegrees(f[1]!, f[2]!),
        lon: nmeaToDegrees(f[3]!, f[4]!),
        satellites: num(f[6]),
        hdop: num(f[7]),
        altitudeM: num(f[8]),
      },
    };
  }
  return { ok: false, error: 'unsupported', detail: `${talker}${type}` };
}
