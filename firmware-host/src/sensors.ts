/**
 * Health readings that are not part of the button/LED hardware: the SoC
 * temperature and the Wi-Fi signal. On a Pi they come from the kernel
 * (thermal zone, /proc/net/wireless); the sim makes up plausible values.
 * Every reader answers null rather than throw: telemetry must never stop
 * because a file is missing on some board.
 */
import { readFile } from 'node:fs/promises';
import type { TelemetryPayload } from '@liuhen/device-profiles';

export type Signal = NonNullable<TelemetryPayload['signal']>;

export interface SensorReading {
  temperatureC: number | null;
  /** Null when the link is unknown (no wireless interface listed: may be wired, may be nothing). */
  signal: Signal | null;
}

export interface Sensors {
  read(ctx: { recording: boolean }): Promise<SensorReading>;
}

export const THERMAL_ZONE = '/sys/class/thermal/thermal_zone0/temp';
export const PROC_NET_WIRELESS = '/proc/net/wireless';

/** `thermal_zone*\/temp` holds millidegrees Celsius; out-of-range values mean a broken sensor. */
export function parseThermal(text: string): number | null {
  const t = text.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const c = Math.round(Number(t) / 100) / 10;
  return c >= -60 && c <= 150 ? c : null;
}

/**
 * The first interface of /proc/net/wireless:
 *
 *   Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE
 *    face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22
 *    wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0
 *
 * `level` is dBm; some drivers report it offset by 256 (e.g. 200 for -56).
 * No interface listed (wired, or Wi-Fi down) gives null.
 */
export function parseProcNetWireless(text: string): Signal | null {
  for (const line of text.split('\n')) {
    const m = /^\s*([^\s:|]+):\s+\S+\s+(-?\d+)\.?\s+(-?\d+)\.?/.exec(line);
    if (!m) continue;
    let level = Number(m[3]);
    if (level > 0) level -= 256;
    return { network: 'wifi', rssiDbm: level >= -150 && level < 0 ? level : null };
  }
  return null;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

export function createHostSensors(paths: { thermal?: string; wireless?: string } = {}): Sensors {
  const thermal = paths.thermal ?? THERMAL_ZONE;
  const wireless = paths.wireless ?? PROC_NET_WIRELESS;
  return {
    async read() {
      const [t, w] = await Promise.all([readText(thermal), readText(wireless)]);
      return { temperatureC: t === null ? null : parseThermal(t), signal: w === null ? null : parseProcNetWireless(w) };
    },
  };
}

/**
 * The sim: the SoC warms towards ~52 °C while recording and cools towards
 * ~41 °C in standby (time constant about two minutes), and the Wi-Fi level
 * wanders between -75 and -45 dBm.
 */
export function createSimSensors(opts: { random?: () => number; now?: () => number } = {}): Sensors {
  const random = opts.random ?? Math.random;
  const now = opts.now ?? Date.now;
  let temp = 40 + random() * 3;
  let rssi = -62 + Math.round(random() * 10);
  let last = now();
  return {
    async read({ recording }) {
      const t = now();
      const target = recording ? 52 : 41;
      temp += (target - temp) * (1 - Math.exp(-(t - last) / 120_000));
      last = t;
      rssi = Math.min(-45, Math.max(-75, rssi + Math.round((random() - 0.5) * 4)));
      return {
        temperatureC: Math.round((temp + (random() - 0.5) * 0.4) * 10) / 10,
        signal: { network: 'wifi', rssiDbm: rssi },
      };
    },
  };
}
