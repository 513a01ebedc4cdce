/**
 * The recorder's hardware as the agent sees it: buttons, LEDs, vibration,
 * battery and GPS behind one event emitter, whatever drives them (the sim,
 * johnny-five over Firmata or raspi-io, or a microcontroller on a serial line).
 */
import type { EventEmitter } from 'node:events';
import type { HardwareProfile } from '@liuhen/device-profiles';

export type IoKind = HardwareProfile['io']['kind'];
export type HardwarePins = NonNullable<HardwareProfile['pins']>;
export type ButtonTiming = HardwareProfile['button'];

/**
 * What the lights show. `standby` and `recording` are the mode light (green /
 * red); `alert` is the amber light. A cue set combines them, e.g.
 * `['recording', 'alert']`: red on and amber on. The cue scheduler makes
 * amber blink by alternating the set with and without `alert`.
 */
export type Cue = 'standby' | 'recording' | 'alert';

export type LedColor = 'red' | 'green' | 'amber';
export type LedState = Record<LedColor, boolean>;

/** Named vibration (and buzzer) patterns; see `PULSE_PATTERNS` for their timing. */
export type VibrationPattern = 'start' | 'stop' | 'reminder' | 'alarm';

export interface BatteryReading {
  /** State of charge, 0–100. */
  percent: number;
  /** Cell voltage in volts. */
  volts: number;
  /** On external power: charging, or full and still plugged in. */
  charging: boolean;
}

export interface GpsFix {
  /** WGS-84 decimal degrees, south negative. */
  lat: number;
  /** WGS-84 decimal degrees, west negative. */
  lon: number;
  /** UTC time of the fix as reported by the receiver (not the local clock). */
  fixAt: Date;
  hdop?: number;
  satellites?: number;
  altitudeM?: number;
  speedMps?: number;
}

export interface TriggerEvent {
  /** Which input fired, e.g. `holster` when the recorder is drawn from its holster. */
  input: string;
  at: Date;
}

export interface HardwareEvents {
  /** Short press of the record button (released before the long-press threshold). */
  press: [];
  /** Important mark (重要标记): long press of record, or a press of the mark button. */
  mark: [];
  /** An automatic recording trigger, e.g. the holster switch opened. */
  trigger: [TriggerEvent];
  battery: [BatteryReading];
  gps: [GpsFix];
  /** Something is wrong with the hardware link; the agent should log and may alert. Never thrown. */
  fault: [string];
}

export interface RecorderHardware extends EventEmitter<HardwareEvents> {
  readonly kind: IoKind;
  /** Show a cue or a cue set (see `Cue`). Writes only the LEDs that change. */
  setCue(cue: Cue | readonly Cue[]): void;
  /** The cues currently shown. */
  cues(): readonly Cue[];
  /** Play a vibration pattern; a new pattern cuts off the one playing. */
  vibrate(pattern: VibrationPattern): void;
  /** The latest battery reading, or null before the first (a reading may come before listeners are attached). */
  lastBattery(): BatteryReading | null;
  /** Play a pattern on the buzzer; absent when the recorder has none. */
  beep?: (pattern: VibrationPattern) => void;
  /** Turn every output off, release pins and ports. Idempotent. */
  close(): Promise<void>;
}
