import type { HardwareProfile } from '../profile.js';
import { commonAudio, commonButton, commonRecording } from './common.js';

/** Development kit: an Arduino Uno running StandardFirmata over USB, a USB webcam on a laptop. */
export const firmataDevkit: HardwareProfile = {
  id: 'firmata-devkit',
  family: 'firmata-devkit',
  description: 'Arduino with StandardFirmata over USB serial for buttons/LEDs/vibration; USB webcam',
  io: { kind: 'firmata', port: '/dev/ttyACM0', baudRate: 57600 },
  pins: {
    recordButton: 2,
    markButton: 3,
    ledRed: 9,
    ledGreen: 10,
    ledAmber: 11,
    vibration: 6,
    buzzer: 5,
    holsterSwitch: 4,
  },
  camera: { kind: 'v4l2', device: '/dev/video0' },
  microphone: { kind: 'alsa', device: 'default' },
  video: { encoder: 'libx264', width: 1280, height: 720, fps: 25, bitrateKbps: 2000, gopSeconds: 1 },
  audio: commonAudio,
  recording: commonRecording,
  button: commonButton,
};
