import type { HardwareProfile } from '../profile.js';
import { commonAudio, commonButton, commonRecording, raspiPins } from './common.js';

/** Raspberry Pi 4 and Compute Module 4: same SoC, same encoder block. */
export const raspi4: HardwareProfile = {
  id: 'raspi-4',
  family: 'raspi-4',
  description: 'Raspberry Pi 4 / CM4 with a CSI camera; hardware H.264 (h264_v4l2m2m, ~8 % CPU at 1080p30)',
  io: { kind: 'raspi-io' },
  pins: raspiPins,
  camera: { kind: 'v4l2', device: '/dev/video0' },
  microphone: { kind: 'alsa', device: 'default' },
  video: { encoder: 'h264_v4l2m2m', width: 1920, height: 1080, fps: 30, bitrateKbps: 4000, gopSeconds: 1 },
  audio: commonAudio,
  recording: commonRecording,
  button: commonButton,
};
