import { Type } from '@sinclair/typebox';

/**
 * Device ids appear in MQTT topics, RTMP stream names, file names and URLs, so
 * they are restricted to characters that are safe in all four.
 */
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$';
export const DeviceId = Type.String({
  pattern: DEVICE_ID_PATTERN,
  description: 'Recorder id: letters, digits, "_" and "-", 2-64 characters',
});

/**
 * The officer as the station knows them: the badge number (警号), which is what
 * the hand-out desk pushes to the recorder and what sorts footage into cases.
 * The enforcement licence number (执法证号) is kept with the officer record.
 */
export const OfficerId = Type.String({
  minLength: 1,
  maxLength: 32,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Officer id: the badge number (警号) the station knows the officer by',
});

const deviceIdRe = new RegExp(DEVICE_ID_PATTERN);
export function isDeviceId(value: string): boolean {
  return deviceIdRe.test(value);
}
