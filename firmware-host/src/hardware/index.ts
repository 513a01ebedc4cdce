/**
 * The recorder's hardware layer. `createHardware(profile)` picks the driver
 * from `profile.io.kind` alone (never from the model name); drivers that need
 * native or board-only modules (johnny-five, serialport, raspi-io) are loaded
 * on demand, so the sim never touches them.
 */
import { readFile } from 'node:fs/promises';
import type { HardwareProfile } from '@liuhen/device-profiles';
import type { HardwareBase } from './base.js';
import { findSysfsBattery, sysfsBatteryReader } from './battery.js';
import type { FiveBatteryOptions } from './five.js';
import type { AnySerialPort, OpenSerial } from './serial.js';
import { SimHardware } from './sim.js';
import type { HardwarePins, RecorderHardware } from './types.js';

export type {
  BatteryReading,
  ButtonTiming,
  Cue,
  GpsFix,
  HardwareEvents,
  HardwarePins,
  IoKind,
  LedColor,
  LedState,
  RecorderHardware,
  TriggerEvent,
  VibrationPattern,
} from './types.js';
export {
  createButtonDecoder,
  initialButtonState,
  stepButton,
  type ButtonDecoder,
  type ButtonEvent,
  type ButtonInput,
  type ButtonState,
  type DecoderTiming,
} from './button.js';
export {
  createStopPolicy,
  DEFAULT_CONFIRM_WINDOW_MS,
  type PressContext,
  type PressDecision,
  type StopPolicy,
  type StopPolicyOptions,
} from './confirm-stop.js';
export {
  batteryAlert,
  createCueScheduler,
  createPulsePlayer,
  DEFAULT_BLINK_MS,
  DEFAULT_REMINDER_MS,
  ledsForCues,
  normalizeCues,
  PULSE_PATTERNS,
  type CueScheduler,
  type CueSchedulerOptions,
  type PulsePlayer,
} from './cues.js';
export {
  adcToVolts,
  findSysfsBattery,
  lipoPercent,
  lipoVolts,
  sysfsBatteryReader,
  type BatteryReader,
} from './battery.js';
export {
  createSimBattery,
  SIM_BATTERY_RATES,
  type SimBattery,
  type SimBatteryOptions,
  type SimBatteryRates,
} from './sim-battery.js';
export { createSimGps, DEFAULT_SIM_POSITION, walkStep, type LatLon, type SimGpsOptions } from './sim-gps.js';
export { HardwareBase } from './base.js';
export { SimHardware, type SimCueRecord } from './sim.js';
export { createLineSplitter } from './lines.js';
export {
  checksum as mcuChecksum,
  formatHostCommand,
  MCU_PROTOCOL_VERSION,
  parseHostLine,
  parseMcuLine,
  type HostCommand,
  type McuMessage,
} from './mcu-protocol.js';
export { nmeaChecksum, nmeaToDegrees, parseNmea, type NmeaSentence } from './nmea.js';
export type { AnySerialPort, OpenSerial } from './serial.js';
export type { FiveBatteryOptions } from './five.js';

export type BatteryOptions =
  | FiveBatteryOptions
  /** A Linux power_supply directory; without `dir`, the first supply of type Battery (default on raspi-io). */
  | { kind: 'sysfs'; dir?: string; intervalMs?: number }
  | { kind: 'none' };

export interface HardwareOptions {
  log?: (msg: string) => void;
  /** Opens serial ports (Firmata, MCU, GPS); tests pass one that returns `SerialPortMock`s. */
  openSerial?: OpenSerial;
  /**
   * GPS module on a UART, e.g. `{ port: '/dev/serial0', baudRate: 9600 }` on a Pi. Not in the profile
   * yet; off by default.
   */
  gps?: { port: string; baudRate?: number } | null;
  /** Battery gauge; the MCU reports its own, raspi-io defaults to sysfs, firmata to none. */
  battery?: BatteryOptions;
  /** Buttons wired to ground with internal pull-ups (default true; johnny-five drivers). */
  pullup?: boolean;
  /** johnny-five: how long the board may take to become ready (default 15 s). */
  readyTimeoutMs?: number;
  /** serial-mcu: liveness ping period (default 5 s). */
  pingIntervalMs?: number;
  /** johnny-five: an IO plugin to use instead of the one the profile names (tests, other boards). */
  io?: unknown;
  /** Overrides for the platform checks of raspi-io (tests). */
  arch?: string;
  deviceModel?: string | null;
  /** Monotonic clock for the button logic (tests). */
  now?: () => number;
}

function requirePins(profile: HardwareProfile): HardwarePins {
  if (!profile.pins) throw new Error(`profile ${profile.id}: io kind ${profile.io.kind} needs pins, and pins is null`);
  return profile.pins;
}

async function readDeviceModel(): Promise<string | null> {
  try {
    return (await readFile('/proc/device-tree/model', 'utf8')).replace(/\0/g, '').trim();
  } catch {
    return null;
  }
}

/** raspi-io's IO plugin class, with the checks that make its failures readable. */
export async function loadRaspiIO(
  opts: { arch?: string; deviceModel?: string | null } = {},
): Promise<new (options: Record<string, unknown>) => unknown> {
  const arch = opts.arch ?? process.arch;
  if (arch !== 'arm' && arch !== 'arm64') {
    throw new Error(
      `raspi-io is only available on a Raspberry Pi (arm/arm64); this machine is ${arch}. ` +
        'Use the sim profile here, or the firmata-devkit profile with an Arduino on USB.',
    );
  }
  const model = opts.deviceModel !== undefined ? opts.deviceModel : await readDeviceModel();
  if (model && /Raspberry Pi 5/.test(model)) {
    throw new Error(
      'raspi-io cannot drive the Raspberry Pi 5 GPIO: it is built on pigpio, which does not support the Pi 5 RP1 I/O chip. ' +
        'Put the buttons and LEDs on a microcontroller (io kind serial-mcu) or an Arduino (firmata).',
    );
  }
  // A variable specifier keeps TypeScript from resolving the optional, ARM-only package on x64.
  const spec = 'raspi-io';
  let mod: { RaspiIO?: new (options: Record<string, unknown>) => unknown };
  try {
    mod = (await import(spec)) as typeof mod;
  } catch (err) {
    throw new Error(
      `raspi-io is not installed or failed to load (${(err as Error).message}). It is an optional dependency ` +
        'that installs only on ARM: run npm install on the Pi itself, and run the agent as root (pigpio).',
    );
  }
  if (!mod.RaspiIO) throw new Error('raspi-io loaded but exports no RaspiIO (expected raspi-io 10 or later)');
  return mod.RaspiIO;
}

/** Opens a port with `open` (or the real serialport) and waits until it is open. */
async function openPort(open: OpenSerial | undefined, path: string, baudRate: number): Promise<AnySerialPort> {
  const serial = await import('./serial.js');
  const port = (open ?? serial.openSerialPort)(path, baudRate);
  await serial.whenOpen(port);
  return port;
}

/**
 * The hardware for a profile. The driver comes from `profile.io.kind`:
 * `sim` (in memory), `firmata` and `raspi-io` (johnny-five), `serial-mcu`
 * (line protocol). Rejects with a readable message when the hardware is
 * missing or the platform cannot drive it.
 */
export async function createHardware(
  profile: HardwareProfile,
  options: HardwareOptions = {},
): Promise<RecorderHardware> {
  const log = options.log ?? (() => undefined);
  const base = { button: profile.button, log, ...(options.now ? { now: options.now } : {}) };
  const open = options.openSerial;
  let hw: HardwareBase;

  switch (profile.io.kind) {
    case 'sim':
      hw = new SimHardware(base);
      break;
    case 'firmata':
    case 'raspi-io': {
      const pins = requirePins(profile);
      const { openFiveHardware } = await import('./five.js');
      let io = options.io;
      let port: AnySerialPort | undefined;
      if (!io && profile.io.kind === 'raspi-io') {
        const RaspiIO = await loadRaspiIO(options);
        // Leave the UART to the GPS (enableSerial: false) and touch only our own pins.
        io = new RaspiIO({ enableSerial: false, includePins: Object.values(pins) });
      } else if (!io && profile.io.kind === 'firmata') {
        port = await openPort(open, profile.io.port, profile.io.baudRate);
      }
      let battery = options.battery;
      if (!battery && profile.io.kind === 'raspi-io') battery = { kind: 'sysfs' };
      const fiveBattery = await resolveBattery(battery, log);
      hw = await openFiveHardware({
        ...base,
        kind: profile.io.kind,
        pins,
        ...(io ? { io } : {}),
        ...(port ? { port } : {}),
        ...(options.pullup !== undefined ? { pullup: options.pullup } : {}),
        ...(options.readyTimeoutMs !== undefined ? { readyTimeoutMs: options.readyTimeoutMs } : {}),
        ...(fiveBattery ? { battery: fiveBattery } : {}),
      });
      break;
    }
    case 'serial-mcu': {
      const { SerialMcuHardware } = await import('./serial-mcu.js');
      const port = await openPort(open, profile.io.port, profile.io.baudRate);
      hw = new SerialMcuHardware(port, {
        ...base,
        ...(options.pingIntervalMs !== undefined ? { pingIntervalMs: options.pingIntervalMs } : {}),
      });
      break;
    }
  }

  if (options.gps) {
    const { GpsReceiver } = await import('./gps.js');
    try {
      const port = await openPort(open, options.gps.port, options.gps.baudRate ?? 9600);
      const gps = new GpsReceiver(port, { log });
      gps.on('fix', (fix) => hw.emit('gps', fix));
      gps.on('fault', (msg) => hw.emit('fault', msg));
      hw.onClose(() => gps.close());
    } catch (err) {
      await hw.close();
      throw err;
    }
  }
  return hw;
}

async function resolveBattery(
  b: BatteryOptions | undefined,
  log: (msg: string) => void,
): Promise<FiveBatteryOptions | undefined> {
  if (!b || b.kind === 'none') return undefined;
  if (b.kind !== 'sysfs') return b;
  const dir = b.dir ?? (await findSysfsBattery());
  if (!dir) {
    log('battery: no power_supply of type Battery found; no battery readings');
    return undefined;
  }
  return { kind: 'reader', read: sysfsBatteryReader(dir), ...(b.intervalMs ? { intervalMs: b.intervalMs } : {}) };
}
