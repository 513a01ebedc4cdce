import type { HardwareProfile } from '../profile.js';
import { commonAudio, commonButton, commonRecording, raspiPins } from './common.js';

/** The Pi 5 dropped the H.264 encoder block: software x264 at a lower resolution. */
export const raspi5: HardwareProfile = {
  id: 'raspi-5',
  family: 'raspi-5',
  description: 'Raspberry Pi 5 with libcamera; software H.264 (no hardware encoder) at 720p',
  io: { kind: 'raspi-io' },
  pins: raspiPins,
  camera: { kind: 'libcamera', command: 'rpicam-vid' },
  microphone: { kind: 'alsa', device: 'default' },
  video: { encoder: 'libx264', width: 1280, height: 720, fps: 25, bitrateKbps: 2500, gopSeconds: 1 },
  audio: commonAudio,
  recording: commonRecording,
  button: commonButton,
};
