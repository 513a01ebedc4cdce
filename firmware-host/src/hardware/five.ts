/**
 * johnny-five driver for `firmata` (an Arduino running StandardFirmata over
 * USB serial) and `raspi-io` (the Pi's own GPIO header). Buttons are
 * `five.Button`, the holster switch `five.Switch`, and the LEDs, vibration
 * motor and buzzer plain digital outputs (`five.Pin` in OUTPUT mode).
 *
 * Why not `five.Led`: on a PWM-capable pin it switches to PWM mode and uses
 * analogWrite. On the Pi, GPIO13 (amber) and GPIO19 (vibration) share the
 * PWM1 channel, so the motor would follow the LED. On/off is all a cue needs.
 */
import { createRequire } from 'node:module';
import five from 'johnny-five';
import { HardwareBase, type BaseOptions, type PatternOutput } from './base.js';
import { adcToVolts, lipoPercent, type BatteryReader } from './battery.js';
import { createPulsePlayer, PULSE_PATTERNS, type PulsePlayer } from './cues.js';
import type { AnySerialPort } from './serial.js';
import type { HardwarePins, LedColor, VibrationPattern } from './types.js';

type PinId = number | string;

export type FiveBatteryOptions =
  | {
      /** A cell voltage behind a resistor divider on an analog pin (Firmata boards; the Pi has no ADC). */
      kind: 'analog';
      pin: PinId;
      /** Cell volts / pin volts (default 2: two equal resistors). */
      dividerRatio?: number;
      /** ADC reference voltage (default 5 V, an Uno). */
      vRef?: number;
      /** Charger status pin, active low (TP4056 CHRG), read with the pull-up on. */
      chargePin?: PinId;
      intervalMs?: number;
    }
  | { kind: 'reader'; read: BatteryReader; intervalMs?: number };

export interface FiveOptions extends BaseOptions {
  kind: 'firmata' | 'raspi-io';
  /** An IO plugin instance (RaspiIO, or MockFirmata in tests). */
  io?: unknown;
  /** A serial port to a board running StandardFirmata; used as the Firmata transport. */
  port?: AnySerialPort;
  pins: HardwarePins;
  /** Buttons and switch wired to ground with the internal pull-ups on (default true). */
  pullup?: boolean;
  battery?: FiveBatteryOptions;
  /** How long the board may take to report ready (default 15 s: an Uno resets on open). */
  readyTimeoutMs?: number;
}

export const DEFAULT_BATTERY_INTERVAL_MS = 30_000;

function waitReady(board: five.Board, timeoutMs: number): Promise<void> {
  if (board.isReady) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`the board did not report ready within ${timeoutMs} ms (is StandardFirmata flashed?)`));
    }, timeoutMs);
    const onReady = () => {
      cleanup();
      resolve();
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(new Error(`board: ${err instanceof Error ? err.message : String(err)}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      board.off('ready', onReady);
      board.off('error', onError);
    };
    board.once('ready', onReady);
    board.once('error', onError);
  });
}

/**
 * johnny-five speaks Firmata through its optional dependency `firmata`, which
 * also pulls serialport 8 with a native build. Where that build failed, npm
 * drops `firmata` silently; say so instead of "Cannot find module".
 */
function assertFirmataInstalled(): void {
  try {
    createRequire(createRequire(import.meta.url).resolve('johnny-five')).resolve('firmata');
  } catch {
    throw new Error(
      "johnny-five's optional dependency 'firmata' is not installed (its serialport 8 native build probably " +
        'failed during npm install): install python3, make and a C++ compiler, then run npm install again',
    );
  }
}

/** Connects the board and sets up the pins; resolves once the hardware is usable. */
export async function openFiveHardware(opts: FiveOptions): Promise<FiveHardware> {
  if (!opts.io && !opts.port) throw new Error('johnny-five driver needs an io plugin or a serial port');
  if (!opts.io) assertFirmataInstalled();
  const timeoutMs = opts.readyTimeoutMs ?? 15_000;
  const board = new five.Board({
    ...(opts.io ? { io: opts.io } : { port: opts.port }),
    repl: false,
    debug: false,
    // johnny-five's own SIGINT handler hard-exits the process; the agent shuts down itself.
    sigint: false,
    timeout: timeoutMs,
  });
  // An 'error' with no listener would throw out of the board's event loop.
  const earlyErrors = (err: unknown) => opts.log?.(`board: ${err instanceof Error ? err.message : String(err)}`);
  board.on('error', earlyErrors);
  try {
    await waitReady(board, timeoutMs);
  } catch (err) {
    board.off('error', earlyErrors);
    if (opts.port?.isOpen) opts.port.close();
    throw err;
  }
  board.off('error', earlyErrors);
  return new FiveHardware(board, opts);
}

export class FiveHardware extends HardwareBase {
  readonly kind: 'firmata' | 'raspi-io';
  readonly board: five.Board;
  readonly beep?: (pattern: VibrationPattern) => void;
  readonly #leds: Record<LedColor, (on: boolean) => void>;
  readonly #vibration: PulsePlayer;
  readonly #buzzer: PulsePlayer | null;

  constructor(board: five.Board, opts: FiveOptions) {
    super(opts);
    this.kind = opts.kind;
    this.board = board;
    const io = board.io;
    const pins = opts.pins;
    const pullup = opts.pullup ?? true;

    const output = (pin: PinId): ((on: boolean) => void) => {
      const p = new five.Pin({ pin, board, mode: five.Pin.OUTPUT });
      const addr = p.pin ?? pin;
      io.digitalWrite(addr, io.LOW);
      return (on) => io.digitalWrite(addr, on ? io.HIGH : io.LOW);
    };
    this.#leds = { red: output(pins.ledRed), green: output(pins.ledGreen), amber: output(pins.ledAmber) };
    this.#vibration = createPulsePlayer(output(pins.vibration));
    this.#buzzer = pins.buzzer !== undefined ? createPulsePlayer(output(pins.buzzer)) : null;
    if (this.#buzzer) {
      this.beep = (pattern) => {
        if (!this.closed) this.playPattern('buzzer', pattern);
      };
    }

    const record = new five.Button({ pin: pins.recordButton, board, pullup });
    record.on('down', () => this.recordLevel(true));
    record.on('up', () => this.recordLevel(false));
    const mark = new five.Button({ pin: pins.markButton, board, pullup });
    mark.on('down', () => this.markLevel(true));
    mark.on('up', () => this.markLevel(false));
    if (pins.holsterSwitch !== undefined) {
      // Normally open reed or micro switch to ground: closed while the recorder sits in its holster.
      const holster = new five.Switch({ pin: pins.holsterSwitch, board, type: 'NO' });
      holster.on('close', () => this.switchLevel('holster', true));
      holster.on('open', () => this.switchLevel('holster', false));
    }

    board.on('error', (err: unknown) =>
      this.emit('fault', `board: ${err instanceof Error ? err.message : String(err)}`),
    );
    board.on('close', () => this.emit('fault', 'board connection closed'));
    board.on('disconnect', () => this.emit('fault', 'board disconnected'));

    if (opts.battery) this.#setupBattery(opts.battery);
    if (opts.port) {
      const port = opts.port;
      this.onClose(
        () =>
          new Promise<void>((resolve) => {
            if (!port.isOpen) return resolve();
            port.drain(() => port.close(() => resolve()));
          }),
      );
    }
  }

  #setupBattery(b: FiveBatteryOptions): void {
    const intervalMs = b.intervalMs ?? DEFAULT_BATTERY_INTERVAL_MS;
    if (b.kind === 'reader') {
      this.pollBattery(b.read, intervalMs);
      return;
    }
    const io = this.board.io;
    let charging = false;
    if (b.chargePin !== undefined) {
      const chargePin = b.chargePin;
      io.pinMode(chargePin, io.MODES.INPUT);
      io.digitalWrite(chargePin, io.HIGH);
      io.digitalRead(chargePin, (v) => {
        charging = v === io.LOW;
      });
    }
    // five.Sensor reports the median of the samples taken in each period.
    const sensor = new five.Sensor({ pin: b.pin, board: this.board, freq: intervalMs });
    sensor.on('data', (raw: number) => {
      const volts = adcToVolts(raw, { vRef: b.vRef ?? 5, dividerRatio: b.dividerRatio ?? 2 });
      this.reportBattery({ percent: lipoPercent(volts), volts, charging });
    });
    this.onClose(() => sensor.disable());
  }

  protected writeLed(color: LedColor, on: boolean): void {
    this.#leds[color](on);
  }

  protected playPattern(output: PatternOutput, pattern: VibrationPattern): void {
    const player = output === 'vibration' ? this.#vibration : this.#buzzer;
    player?.play(PULSE_PATTERNS[pattern]);
  }

  protected stopPatterns(): void {
    this.#vibration.stop();
    this.#buzzer?.stop();
  }
}
