import type { HardwareProfile } from '../profile.js';

/** Defaults shared by every family; each family file overrides what differs. */
export const commonRecording: HardwareProfile['recording'] = {
  segmentSeconds: 60,
  fragmentSeconds: 1,
  preRecordSeconds: 30,
  postRecordSeconds: 0,
};
export const commonButton: HardwareProfile['button'] = { debounceMs: 30, longPressMs: 1500 };
export const commonAudio: HardwareProfile['audio'] = { sampleRate: 44100, channels: 1, bitrateKbps: 64 };

/** The Pi header wiring of our reference recorder build (BCM GPIO numbers). */
export const raspiPins: NonNullable<HardwareProfile['pins']> = {
  recordButton: 'GPIO17',
  markButton: 'GPIO27',
  ledRed: 'GPIO5',
  ledGreen: 'GPIO6',
  ledAmber: 'GPIO13',
  vibration: 'GPIO19',
  buzzer: 'GPIO26',
  holsterSwitch: 'GPIO22',
};
