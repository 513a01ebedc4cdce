import type { HardwareProfile } from '../profile.js';
import { commonAudio, commonButton, commonRecording, raspiPins } from './common.js';

export const raspiZero2w: HardwareProfile = {
  id: 'raspi-zero-2w',
  family: 'raspi-zero-2w',
  description: 'Raspberry Pi Zero 2 W with a CSI camera and I2S/USB microphone; hardware H.264',
  io: { kind: 'raspi-io' },
  pins: raspiPins,
  camera: { kind: 'v4l2', device: '/dev/video0' },
  microphone: { kind: 'alsa', device: 'default' },
  // 512 MB RAM and a weak CPU: 720p keeps the hardware encoder and the agent comfortable.
  video: { encoder: 'h264_v4l2m2m', width: 1280, height: 720, fps: 25, bitrateKbps: 2000, gopSeconds: 1 },
  audio: commonAudio,
  recording: commonRecording,
  button: commonButton,
};
