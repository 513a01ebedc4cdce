/**
 * Battery gauges: a LiPo voltage-to-charge curve for gauges that only give a
 * voltage (an ADC behind a divider), and a reader for Linux power_supply
 * devices (fuel-gauge chips with a kernel driver, UPS HATs) under
 * /sys/class/power_supply.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatteryReading } from './types.js';

/** Resting voltage → state of charge of a single 3.7 V LiPo cell (typical curve, ±5 %). */
const LIPO_CURVE: readonly (readonly [volts: number, percent: number])[] = [
  [3.3, 0],
  [3.5, 5],
  [3.61, 10],
  [3.69, 20],
  [3.74, 30],
  [3.77, 40],
  [3.8, 50],
  [3.84, 60],
  [3.9, 70],
  [3.97, 80],
  [4.06, 90],
  [4.2, 100],
];

export function lipoPercent(volts: number): number {
  if (!Number.isFinite(volts)) return 0;
  const first = LIPO_CURVE[0]!;
  const last = LIPO_CURVE[LIPO_CURVE.length - 1]!;
  if (volts <= first[0]) return 0;
  if (volts >= last[0]) return 100;
  for (let i = 1; i < LIPO_CURVE.length; i++) {
    const [v1, p1] = LIPO_CURVE[i]!;
    const [v0, p0] = LIPO_CURVE[i - 1]!;
    if (volts <= v1) return Math.round(p0 + ((volts - v0) / (v1 - v0)) * (p1 - p0));
  }
  return 100;
}

/** Charge → resting voltage: the inverse of `lipoPercent`, for simulated readings. */
export function lipoVolts(percent: number): number {
  const p = Math.min(100, Math.max(0, Number.isFinite(percent) ? percent : 0));
  for (let i = 1; i < LIPO_CURVE.length; i++) {
    const [v1, p1] = LIPO_CURVE[i]!;
    const [v0, p0] = LIPO_CURVE[i - 1]!;
    if (p <= p1) return Math.round((v0 + ((p - p0) / (p1 - p0)) * (v1 - v0)) * 1000) / 1000;
  }
  return LIPO_CURVE[LIPO_CURVE.length - 1]![0];
}

/** An ADC reading (0..adcMax) behind a resistor divider → volts at the cell. */
export function adcToVolts(raw: number, opts: { vRef: number; dividerRatio: number; adcMax?: number }): number {
  const max = opts.adcMax ?? 1023;
  return Math.round((raw / max) * opts.vRef * opts.dividerRatio * 1000) / 1000;
}

export type BatteryReader = () => Promise<BatteryReading | null>;

/**
 * Reads a Linux power_supply directory (`capacity` in %, `voltage_now` in µV,
 * `status` Charging/Discharging/Full/Not charging). Missing files are
 * tolerated; no capacity and no voltage gives null.
 */
export function sysfsBatteryReader(dir: string): BatteryReader {
  const read = async (name: string): Promise<string | null> => {
    try {
      return (await readFile(join(dir, name), 'utf8')).trim();
    } catch {
      return null;
    }
  };
  return async () => {
    const [capacity, voltage, status] = await Promise.all([read('capacity'), read('voltage_now'), read('status')]);
    const volts = voltage !== null && /^\d+$/.test(voltage) ? Number(voltage) / 1e6 : null;
    const cap = capacity !== null && /^\d+$/.test(capacity) ? Math.min(100, Number(capacity)) : null;
    if (cap === null && volts === null) return null;
    return {
      percent: cap ?? lipoPercent(volts ?? 0),
      volts: volts ?? 0,
      charging: status === 'Charging' || status === 'Full',
    };
  };
}

/** The first power_supply of type Battery under `root`, or null (most bare Pis have none). */
export async function findSysfsBattery(root = '/sys/class/power_supply'): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return null;
  }
  for (const name of names.sort()) {
    try {
      const type = (await readFile(join(root, name, 'type'), 'utf8')).trim();
      if (type === 'Battery') return join(root, name);
    } catch {
      // not a readable supply; skip
    }
  }
  return null;
}
