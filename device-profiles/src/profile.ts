/**
 * A hardware profile: everything board-specific about a recorder, as data.
 * The recorder agent reads only this; it never tests for a model by name.
 */
import { Type, type Static } from '@sinclair/typebox';
import { check } from './validate.js';

const Pin = Type.Union([Type.String({ minLength: 1 }), Type.Integer({ minimum: 0 })], {
  description: 'Pin name for raspi-io ("GPIO17", "P1-11") or a Firmata pin number',
});

export const IoDriver = Type.Union(
  [
    Type.Object({ kind: Type.Literal('sim') }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('raspi-io') },
      { additionalProperties: false, description: 'johnny-five with raspi-io on the Pi GPIO header' },
    ),
    Type.Object(
      {
        kind: Type.Literal('firmata'),
        port: Type.String({ description: 'Serial device of the board running StandardFirmata' }),
        baudRate: Type.Integer({ default: 57600 }),
      },
      { additionalProperties: false, description: 'johnny-five with Firmata over USB serial' },
    ),
    Type.Object(
      {
        kind: Type.Literal('serial-mcu'),
        port: Type.String(),
        baudRate: Type.Integer({ default: 115200 }),
      },
      { additionalProperties: false, description: 'Line protocol to a microcontroller over serial' },
    ),
  ],
  { description: 'How buttons, LEDs and the vibration motor are reached' },
);

export const Pins = Type.Object(
  {
    recordButton: Pin,
    markButton: Pin,
    ledRed: Pin,
    ledGreen: Pin,
    ledAmber: Pin,
    vibration: Pin,
    buzzer: Type.Optional(Pin),
    holsterSwitch: Type.Optional(Pin),
  },
  { additionalProperties: false },
);

export const VideoSource = Type.Union([
  Type.Object(
    { kind: Type.Literal('lavfi'), pattern: Type.String({ default: 'testsrc2' }) },
    { additionalProperties: false, description: 'ffmpeg test source: no camera needed' },
  ),
  Type.Object({ kind: Type.Literal('v4l2'), device: Type.String() }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('libcamera'), command: Type.String({ default: 'rpicam-vid' }) },
    { additionalProperties: false, description: 'libcamera via rpicam-vid piping raw frames to ffmpeg' },
  ),
]);

export const AudioSource = Type.Union([
  Type.Object(
    { kind: Type.Literal('lavfi'), frequencyHz: Type.Integer({ minimum: 20, maximum: 20000 }) },
    { additionalProperties: false, description: 'ffmpeg sine tone' },
  ),
  Type.Object({ kind: Type.Literal('alsa'), device: Type.String() }, { additionalProperties: false }),
]);

export const HardwareProfile = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9-]+$' }),
    family: Type.String({ description: 'Board family, one file per family' }),
    description: Type.String(),
    io: IoDriver,
    pins: Type.Union([Pins, Type.Null()], { description: 'null when the io driver has no pins (sim)' }),
    camera: VideoSource,
    microphone: AudioSource,
    video: Type.Object(
      {
        encoder: Type.Union([Type.Literal('libx264'), Type.Literal('h264_v4l2m2m')]),
        width: Type.Integer({ minimum: 160, maximum: 3840 }),
        height: Type.Integer({ minimum: 120, maximum: 2160 }),
        fps: Type.Integer({ minimum: 1, maximum: 60 }),
        bitrateKbps: Type.Integer({ minimum: 100, maximum: 20000 }),
        gopSeconds: Type.Number({ minimum: 0.5, maximum: 10, description: 'Keyframe interval' }),
      },
      { additionalProperties: false },
    ),
    audio: Type.Object(
      {
        sampleRate: Type.Integer({ minimum: 8000, maximum: 48000 }),
        channels: Type.Integer({ minimum: 1, maximum: 2 }),
        bitrateKbps: Type.Integer({ minimum: 16, maximum: 320 }),
      },
      { additionalProperties: false },
    ),
    recording: Type.Object(
      {
        segmentSeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 60 }),
        fragmentSeconds: Type.Number({ minimum: 0.2, maximum: 10, default: 1 }),
        preRecordSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 30 }),
        postRecordSeconds: Type.Integer({ minimum: 0, maximum: 300, default: 0 }),
      },
      { additionalProperties: false },
    ),
    button: Type.Object(
      {
        debounceMs: Type.Integer({ minimum: 0, maximum: 500, default: 30 }),
        longPressMs: Type.Integer({ minimum: 300, maximum: 10000, default: 1500 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'HardwareProfile' },
);
export type HardwareProfile = Static<typeof HardwareProfile>;

/** Throws with the offending field when a profile file is not valid data. */
export function assertProfile(profile: unknown, source: string): HardwareProfile {
  const r = check(HardwareProfile, profile);
  if (!r.ok) throw new Error(`hardware profile ${source} is invalid at ${r.error}`);
  return r.value;
}
