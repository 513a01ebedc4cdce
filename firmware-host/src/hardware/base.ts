/**
 * What every driver shares: button decoding into `press`/`mark`/`trigger`,
 * LED writes only on change, battery polling, and an ordered close. A driver
 * feeds raw levels in (`recordLevel`, `markLevel`, `switchLevel`) and
 * implements the outputs (`writeLed`, `playPattern`).
 */
import { EventEmitter } from 'node:events';
import { createButtonDecoder, type ButtonDecoder } from './button.js';
import { LED_COLORS, ledsForCues, normalizeCues } from './cues.js';
import type { BatteryReader } from './battery.js';
import type {
  BatteryReading,
  ButtonTiming,
  Cue,
  HardwareEvents,
  IoKind,
  LedColor,
  LedState,
  RecorderHardware,
  VibrationPattern,
} from './types.js';

export interface BaseOptions {
  button: ButtonTiming;
  log?: (msg: string) => void;
  /** Monotonic clock for the button decoders (tests). */
  now?: () => number;
}

export type PatternOutput = 'vibration' | 'buzzer';

export abstract class HardwareBase extends EventEmitter<HardwareEvents> implements RecorderHardware {
  abstract readonly kind: IoKind;
  protected readonly log: (msg: string) => void;
  readonly #timing: ButtonTiming;
  readonly #now: (() => number) | undefined;
  readonly #record: ButtonDecoder;
  readonly #mark: ButtonDecoder;
  readonly #switches = new Map<string, ButtonDecoder>();
  #cues: readonly Cue[] = ['standby'];
  #battery: BatteryReading | null = null;
  #leds: Partial<LedState> = {};
  readonly #closers: (() => Promise<void> | void)[] = [];
  #closed = false;

  constructor(opts: BaseOptions) {
    super();
    this.log = opts.log ?? (() => undefined);
    this.#timing = opts.button;
    this.#now = opts.now;
    const decoderOpts = this.#now ? { now: this.#now } : {};
    this.#record = createButtonDecoder(
      opts.button,
      (e) => {
        if (e === 'short') this.emit('press');
        else if (e === 'long') this.emit('mark');
      },
      decoderOpts,
    );
    this.#mark = createButtonDecoder(
      { debounceMs: opts.button.debounceMs },
      (e) => {
        if (e === 'down') this.emit('mark');
      },
      decoderOpts,
    );
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Raw level of the record button (true = pressed). */
  protected recordLevel(down: boolean): void {
    if (!this.#closed) this.#record.input(down);
  }

  /** Raw level of the mark button (true = pressed). */
  protected markLevel(down: boolean): void {
    if (!this.#closed) this.#mark.input(down);
  }

  /**
   * Raw level of a switch input such as the holster switch (true = closed,
   * recorder holstered). Opening after a debounced close emits `trigger`.
   */
  protected switchLevel(name: string, closed: boolean): void {
    if (this.#closed) return;
    let d = this.#switches.get(name);
    if (!d) {
      d = createButtonDecoder(
        { debounceMs: this.#timing.debounceMs },
        (e) => {
          if (e === 'up') this.emit('trigger', { input: name, at: new Date() });
        },
        this.#now ? { now: this.#now } : {},
      );
      this.#switches.set(name, d);
    }
    d.input(closed);
  }

  setCue(cue: Cue | readonly Cue[]): void {
    const cues = normalizeCues(cue);
    this.#cues = cues;
    if (this.#closed) return;
    const leds = ledsForCues(cues);
    for (const color of LED_COLORS) this.#setLed(color, leds[color]);
  }

  cues(): readonly Cue[] {
    return this.#cues;
  }

  #setLed(color: LedColor, on: boolean): void {
    if (this.#leds[color] === on) return;
    this.#leds[color] = on;
    this.writeLed(color, on);
  }

  vibrate(pattern: VibrationPattern): void {
    if (!this.#closed) this.playPattern('vibration', pattern);
  }

  protected abstract writeLed(color: LedColor, on: boolean): void;
  protected abstract playPattern(output: PatternOutput, pattern: VibrationPattern): void;
  /** Switch vibration and buzzer off at once (close). */
  protected abstract stopPatterns(): void;

  /** Run `fn` on close, after the outputs are off; closers run last-added first. */
  onClose(fn: () => Promise<void> | void): void {
    this.#closers.push(fn);
  }

  lastBattery(): BatteryReading | null {
    return this.#battery;
  }

  /** Keep and emit a battery reading. */
  protected reportBattery(reading: BatteryReading): void {
    if (this.#closed) return;
    this.#battery = { ...reading };
    this.emit('battery', { ...reading });
  }

  /** Poll a battery gauge and emit `battery`; the first reading is taken at once. */
  protected pollBattery(read: BatteryReader, intervalMs: number): void {
    let busy = false;
    const tick = async () => {
      if (busy || this.#closed) return;
      busy = true;
      try {
        const r = await read();
        if (r) this.reportBattery(r);
      } catch (err) {
        this.emit('fault', `battery gauge: ${(err as Error).message}`);
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), intervalMs);
    timer.unref();
    this.onClose(() => clearInterval(timer));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#record.dispose();
    this.#mark.dispose();
    for (const d of this.#switches.values()) d.dispose();
    try {
      this.stopPatterns();
      for (const color of LED_COLORS) this.#setLed(color, false);
    } catch (err) {
      this.log(`switching outputs off: ${(err as Error).message}`);
    }
    this.#closed = true;
    for (const fn of this.#closers.reverse()) {
      try {
        await fn();
      } catch (err) {
        this.log(`close: ${(err as Error).message}`);
      }
    }
    this.removeAllListeners();
  }
}
