import type { HardwareProfile } from '../profile.js';
import { commonAudio, commonButton, commonRecording } from './common.js';

/** A recorder with no hardware: ffmpeg test pattern and tone, buttons pressed over MQTT or stdin. */
export const sim: HardwareProfile = {
  id: 'sim',
  family: 'sim',
  description: 'Simulated recorder: lavfi test pattern and sine tone, no GPIO',
  io: { kind: 'sim' },
  pins: null,
  camera: { kind: 'lavfi', pattern: 'testsrc2' },
  microphone: { kind: 'lavfi', frequencyHz: 440 },
  video: { encoder: 'libx264', width: 640, height: 360, fps: 15, bitrateKbps: 600, gopSeconds: 1 },
  audio: commonAudio,
  recording: commonRecording,
  button: commonButton,
};
