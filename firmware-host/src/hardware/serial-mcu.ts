/**
 * Driver for recorders whose buttons, LEDs, motor and battery gauge sit on a
 * microcontroller talking the line protocol of docs/serial-protocol.md. The
 * MCU reports raw button edges; debounce and long press are decided here with
 * the same logic as every other driver. Bad or unknown lines are logged and
 * dropped; nothing the MCU sends can throw.
 */
import { HardwareBase, type BaseOptions, type PatternOutput } from './base.js';
import { PULSE_PATTERNS } from './cues.js';
import { createLineSplitter } from './lines.js';
import {
  formatHostCommand,
  MCU_PROTOCOL_VERSION,
  parseMcuLine,
  type HostCommand,
  type McuMessage,
} from './mcu-protocol.js';
import type { AnySerialPort } from './serial.js';
import type { LedColor, VibrationPattern } from './types.js';

export interface SerialMcuOptions extends BaseOptions {
  /**
   * Liveness check period (default 5 s; 0 disables). The link counts as lost once
   * {@link SILENT_AFTER_PINGS} pings in a row went unanswered, so at least that many periods.
   */
  pingIntervalMs?: number;
}

export const DEFAULT_PING_INTERVAL_MS = 5000;
/**
 * Unanswered pings in a row that make the MCU silent. Counted in pings sent, not in wall-clock time
 * since the last line: a host that stalls (a loaded Pi, a long GC, a slow SD card) would otherwise
 * find the MCU "silent" on its first late tick, before it had even asked, or while the answer was
 * still waiting in the serial buffer to be read. Between two ticks the event loop always reads what
 * arrived, so each ping gets at least one full period and one read to be answered.
 */
export const SILENT_AFTER_PINGS = 3;

export class SerialMcuHardware extends HardwareBase {
  readonly kind = 'serial-mcu' as const;
  readonly port: AnySerialPort;
  readonly beep = (pattern: VibrationPattern): void => {
    if (!this.closed) this.playPattern('buzzer', pattern);
  };
  /** The MCU's HELLO, once seen. */
  mcu: { version: number; firmware: string | null } | null = null;
  readonly #leds: Partial<Record<LedColor, boolean>> = {};
  #incompatible = false;
  #lastHeard = performance.now();
  /** Pings sent since the MCU last said anything valid. */
  #unanswered = 0;
  #silent = false;
  #warnedNoHello = false;

  constructor(port: AnySerialPort, opts: SerialMcuOptions) {
    super(opts);
    this.port = port;
    const split = createLineSplitter((line) => this.#onLine(line), {
      maxLength: 128,
      onOverflow: (n) => this.log(`mcu: dropped an overlong line (${n} bytes)`),
    });
    const onData = (chunk: Buffer) => split(chunk);
    port.on('data', onData);
    const onError = (err: Error) => this.emit('fault', `serial ${port.path}: ${err.message}`);
    port.on('error', onError);
    const onPortClose = () => {
      if (!this.closed) this.emit('fault', `serial ${port.path} closed`);
    };
    port.on('close', onPortClose);
    const hello = () => this.#send({ type: 'hello', version: MCU_PROTOCOL_VERSION });
    if (port.isOpen) hello();
    else port.once('open', hello);

    const pingMs = opts.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    if (pingMs > 0) {
      const timer = setInterval(() => {
        if (this.#unanswered >= SILENT_AFTER_PINGS && !this.#silent) {
          this.#silent = true;
          const ms = Math.round(performance.now() - this.#lastHeard);
          this.emit('fault', `mcu silent: ${this.#unanswered} pings unanswered, nothing heard for ${ms} ms`);
        }
        this.#send({ type: 'ping' });
        this.#unanswered += 1;
      }, pingMs);
      timer.unref();
      this.onClose(() => clearInterval(timer));
    }
    this.onClose(async () => {
      port.off('data', onData);
      port.off('close', onPortClose);
      if (port.isOpen) {
        await new Promise<void>((resolve) => port.drain(() => resolve()));
        await new Promise<void>((resolve) => port.close(() => resolve()));
      }
      port.off('error', onError);
    });
  }

  #send(cmd: HostCommand): void {
    // Before 'open' the stream queues writes; after a close there is no one to hear them.
    if (this.port.closing || this.port.destroyed) return;
    this.port.write(formatHostCommand(cmd));
  }

  #onLine(line: string): void {
    if (line === '') return;
    const r = parseMcuLine(line);
    if (!r.ok) {
      this.log(`mcu: ignored line (${r.error}: ${r.detail}): ${JSON.stringify(line.slice(0, 100))}`);
      return;
    }
    this.#lastHeard = performance.now();
    this.#unanswered = 0;
    if (this.#silent) {
      this.#silent = false;
      this.log('mcu: link back');
    }
    this.#handle(r.msg);
  }

  #handle(msg: McuMessage): void {
    if (msg.type === 'hello') {
      this.mcu = { version: msg.version, firmware: msg.firmware };
      this.#incompatible = msg.version !== MCU_PROTOCOL_VERSION;
      if (this.#incompatible) {
        this.emit('fault', `mcu speaks protocol ${msg.version}, this host ${MCU_PROTOCOL_VERSION}: input ignored`);
        return;
      }
      this.log(`mcu: hello, protocol ${msg.version}, firmware ${msg.firmware ?? 'unknown'}`);
      // The MCU may have rebooted: give it the lights back and ask for the battery.
      for (const [led, on] of Object.entries(this.#leds) as [LedColor, boolean][]) {
        this.#send({ type: 'led', led, on });
      }
      this.#send({ type: 'battery?' });
      return;
    }
    if (this.#incompatible) return;
    if (!this.mcu && !this.#warnedNoHello) {
      this.#warnedNoHello = true;
      this.log('mcu: input before HELLO; accepting it');
    }
    switch (msg.type) {
      case 'button':
        if (msg.button === 'REC') this.recordLevel(msg.down);
        else this.markLevel(msg.down);
        break;
      case 'switch':
        this.switchLevel(msg.name.toLowerCase(), !msg.open);
        break;
      case 'battery':
        this.reportBattery({ percent: msg.percent, volts: msg.volts, charging: msg.state !== 'DIS' });
        break;
      case 'error':
        this.emit('fault', `mcu: ERR ${msg.reason}${msg.detail ? ` ${msg.detail}` : ''}`);
        break;
      case 'log':
        this.log(`mcu: ${msg.text}`);
        break;
      case 'pong':
        break;
    }
  }

  protected writeLed(color: LedColor, on: boolean): void {
    this.#leds[color] = on;
    this.#send({ type: 'led', led: color, on });
  }

  protected playPattern(output: PatternOutput, pattern: VibrationPattern): void {
    const pulses = PULSE_PATTERNS[pattern];
    this.#send(output === 'vibration' ? { type: 'vibrate', pulses } : { type: 'beep', pulses });
  }

  protected stopPatterns(): void {
    // The MCU plays trains by itself and a train is at most a few seconds; `VIB 1` would cut it short,
    // but a closing host has nothing to gain from it.
  }
}
