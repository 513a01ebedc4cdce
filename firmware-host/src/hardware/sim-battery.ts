/**
 * The sim recorder's battery: a 3.7 V LiPo that drains faster while recording
 * (encoder, live upload, IR) than in standby (the pre-record encoder still
 * runs), and charges when put on the dock. Integrated at each reading, so
 * how often it is read does not change how fast it drains.
 */
import { lipoVolts } from './battery.js';
import type { BatteryReading } from './types.js';

export interface SimBatteryRates {
  /** Percent per hour; a recorder streaming over LTE lasts about 8 hours. */
  recording: number;
  standby: number;
  charging: number;
}

export const SIM_BATTERY_RATES: SimBatteryRates = { recording: 12, standby: 4, charging: 40 };

export interface SimBatteryOptions {
  /** Charge at start (default 80–100 %, random). */
  startPercent?: number;
  /** Asked at each reading: the load since the last one. */
  recording: () => boolean;
  rates?: Partial<SimBatteryRates>;
  now?: () => number;
}

export interface SimBattery {
  read(): BatteryReading;
  setCharging(charging: boolean): void;
}

/** The sim never runs flat: it keeps reporting a low battery so the alert paths can be watched. */
const FLOOR_PERCENT = 5;

export function createSimBattery(opts: SimBatteryOptions): SimBattery {
  const rates = { ...SIM_BATTERY_RATES, ...opts.rates };
  const now = opts.now ?? Date.now;
  let percent = opts.startPercent ?? 80 + Math.random() * 20;
  let charging = false;
  let last = now();

  const advance = () => {
    const t = now();
    const hours = (t - last) / 3_600_000;
    last = t;
    if (charging) percent = Math.min(100, percent + hours * rates.charging);
    else percent = Math.max(FLOOR_PERCENT, percent - hours * (opts.recording() ? rates.recording : rates.standby));
  };

  return {
    read() {
      advance();
      // Under charge the cell sits above its resting voltage.
      const volts = Math.min(4.2, lipoVolts(percent) + (charging ? 0.05 : 0));
      return { percent: Math.round(percent * 10) / 10, volts, charging };
    },
    setCharging(on) {
      advance();
      charging = on;
    },
  };
}
