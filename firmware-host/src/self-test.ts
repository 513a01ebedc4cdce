/**
 * The recorder's camera and microphone self-test, read off the continuous
 * encoder's own output (the FLV tags the live relay already parses), so it
 * costs no extra process and tests the whole path: source → filters → encoder.
 *
 *  camera:     a video frame came out of the encoder within the last `windowMs`.
 *  microphone: the output has an audio track (an AAC sequence header was seen),
 *              AAC frames came out within the last `windowMs`, and they are not
 *              digital silence: their mean size over the window is above
 *              `silentFrameBytes`. A muted, unplugged or dead ALSA capture
 *              delivers all-zero samples, which ffmpeg's AAC encoder packs into
 *              ~4 bytes a frame; any real microphone has a noise floor, and even
 *              noise at -90 dBFS fills the frame budget (~185 bytes at 64 kbit/s).
 *              A quiet room is therefore "working", a muted input is not.
 */
import type { FlvTag } from './capture/flv-tags.js';

/** FLV tag header (11) + audio flags (1) + AAC packet type (1) + trailing tag size (4). */
const FLV_AAC_OVERHEAD = 17;

export interface SelfTestOptions {
  /** How recent the last frame must be (default 3 s). */
  windowMs?: number;
  /** Mean AAC frame size at or under which the audio counts as digital silence (default 16 bytes). */
  silentFrameBytes?: number;
  now?: () => number;
}

export interface SelfTestResult {
  camera: boolean;
  microphone: boolean;
}

export interface SelfTest {
  /** Feed every tag of the encoder's FLV output. */
  observe(tag: FlvTag): void;
  result(): SelfTestResult;
}

export function createSelfTest(opts: SelfTestOptions = {}): SelfTest {
  const windowMs = opts.windowMs ?? 3000;
  const silentFrameBytes = opts.silentFrameBytes ?? 16;
  const now = opts.now ?? Date.now;
  let lastVideoAt = -Infinity;
  let audioTrack = false;
  /** Arrival time and payload size of recent AAC frames, oldest first. */
  let audio: { at: number; bytes: number }[] = [];

  const prune = (t: number) => {
    const from = t - windowMs;
    let i = 0;
    while (i < audio.length && audio[i]!.at < from) i++;
    if (i > 0) audio = audio.slice(i);
  };

  return {
    observe(tag) {
      const t = now();
      if (tag.type === 'video' && !tag.config) lastVideoAt = t;
      if (tag.type !== 'audio') return;
      if (tag.config) {
        audioTrack = true;
        return;
      }
      audio.push({ at: t, bytes: Math.max(0, tag.bytes.length - FLV_AAC_OVERHEAD) });
      // Bounded: at 48 kHz that is ~47 frames a second, pruned as it goes.
      if (audio.length > 512) prune(t);
    },
    result() {
      const t = now();
      prune(t);
      const camera = t - lastVideoAt <= windowMs;
      const mean = audio.length ? audio.reduce((s, a) => s + a.bytes, 0) / audio.length : 0;
      return { camera, microphone: audioTrack && audio.length > 0 && mean > silentFrameBytes };
    },
  };
}
