/**
 * The simulated recorder's hardware: inputs are driven from code (MQTT `set`
 * commands, the stdin CLI, tests) and outputs are kept in memory so tests and
 * the sim can read them.
 */
import { HardwareBase, type BaseOptions, type PatternOutput } from './base.js';
import { createSimBattery, type SimBattery, type SimBatteryOptions } from './sim-battery.js';
import { createSimGps, type SimGpsOptions } from './sim-gps.js';
import type { BatteryReading, Cue, GpsFix, LedColor, LedState, VibrationPattern } from './types.js';

export interface SimCueRecord {
  cues: readonly Cue[];
  at: Date;
}

export class SimHardware extends HardwareBase {
  readonly kind = 'sim' as const;
  /** The LEDs as last written. */
  readonly leds: LedState = { red: false, green: false, amber: false };
  /** Every `setCue`, oldest first. */
  readonly cueHistory: SimCueRecord[] = [];
  readonly vibrations: VibrationPattern[] = [];
  readonly beeps: VibrationPattern[] = [];
  readonly beep = (pattern: VibrationPattern): void => {
    if (!this.closed) this.playPattern('buzzer', pattern);
  };

  constructor(opts: Partial<BaseOptions> = {}) {
    super({ ...opts, button: opts.button ?? { debounceMs: 30, longPressMs: 1500 } });
  }

  override setCue(cue: Cue | readonly Cue[]): void {
    super.setCue(cue);
    this.cueHistory.push({ cues: this.cues(), at: new Date() });
  }

  /** A short press of record, already decoded. */
  press(): void {
    if (!this.closed) this.emit('press');
  }

  /** An important mark, already decoded (long press of record or the mark button). */
  mark(): void {
    if (!this.closed) this.emit('mark');
  }

  /** Same as `mark()`: what a long press of record amounts to. */
  longPress(): void {
    this.mark();
  }

  /**
   * Raw edges through the real debounce / long-press logic. For `holster`,
   * down means closed (recorder in the holster); opening it emits `trigger`.
   */
  level(input: 'record' | 'mark' | 'holster', down: boolean): void {
    if (input === 'record') this.recordLevel(down);
    else if (input === 'mark') this.markLevel(down);
    else this.switchLevel('holster', down);
  }

  /** A trigger input fired (e.g. `holster`). */
  trigger(input = 'holster'): void {
    if (!this.closed) this.emit('trigger', { input, at: new Date() });
  }

  setBattery(reading: BatteryReading): void {
    this.reportBattery(reading);
  }

  #simBattery: SimBattery | null = null;

  /** Runs a simulated battery (see `createSimBattery`), read like a gauge every `intervalMs`. */
  simulateBattery(opts: SimBatteryOptions & { intervalMs?: number }): void {
    const battery = createSimBattery(opts);
    this.#simBattery = battery;
    this.pollBattery(() => Promise.resolve(battery.read()), opts.intervalMs ?? 1000);
  }

  /** On or off the dock; reported at once. Without a simulated battery the last reading changes its flag. */
  setCharging(charging: boolean): void {
    if (this.#simBattery) {
      this.#simBattery.setCharging(charging);
      this.reportBattery(this.#simBattery.read());
      return;
    }
    const last = this.lastBattery();
    if (last) this.reportBattery({ ...last, charging });
  }

  setGps(fix: GpsFix): void {
    if (!this.closed) this.emit('gps', { ...fix });
  }

  /** Emits a simulated fix every `intervalMs` (default 1 s, like a receiver), walking near `centre`. */
  simulateGps(opts: SimGpsOptions & { intervalMs?: number } = {}): void {
    const gps = createSimGps(opts);
    this.setGps(gps.next());
    const timer = setInterval(() => this.setGps(gps.next()), opts.intervalMs ?? 1000);
    timer.unref();
    this.onClose(() => clearInterval(timer));
  }

  protected writeLed(color: LedColor, on: boolean): void {
    this.leds[color] = on;
  }

  protected playPattern(output: PatternOutput, pattern: VibrationPattern): void {
    (output === 'vibration' ? this.vibrations : this.beeps).push(pattern);
  }

  protected stopPatterns(): void {
    // Patterns are recorded, not played: nothing to stop.
  }
}
