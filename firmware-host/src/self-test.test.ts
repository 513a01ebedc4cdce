import { describe, expect, it } from 'vitest';
import type { FlvTag } from './capture/flv-tags.js';
import { createSelfTest } from './self-test.js';

/** An FLV tag of the given kind whose AAC/H.264 payload is `payload` bytes. */
function tag(type: FlvTag['type'], payload: number, config = false): FlvTag {
  return { type, timestamp: 0, bytes: Buffer.alloc(17 + payload), keyframe: false, config };
}

describe('camera and microphone self-test', () => {
  it('camera: true while video frames come out, false once they stop for the window', () => {
    let now = 1_000_000;
    const st = createSelfTest({ now: () => now, windowMs: 3000 });
    expect(st.result().camera).toBe(false);
    st.observe(tag('video', 40, true));
    expect(st.result().camera).toBe(false); // codec configuration is not a frame
    st.observe(tag('video', 5000));
    expect(st.result().camera).toBe(true);
    now += 3000;
    expect(st.result().camera).toBe(true);
    now += 1;
    expect(st.result().camera).toBe(false);
  });

  it('microphone: needs the audio track, recent frames, and more than digital silence', () => {
    let now = 0;
    const st = createSelfTest({ now: () => now });
    const frames = (bytes: number, n: number) => {
      for (let i = 0; i < n; i++) {
        now += 23; // 1024 samples at 44.1 kHz
        st.observe(tag('audio', bytes));
      }
    };
    frames(185, 40);
    expect(st.result().microphone).toBe(false); // no sequence header: no audio track
    st.observe(tag('audio', 2, true));
    frames(185, 40);
    expect(st.result().microphone).toBe(true);
    // A muted input: all-zero samples, ~4 bytes an AAC frame; after the window only those count.
    frames(4, 200);
    expect(st.result().microphone).toBe(false);
    frames(185, 200);
    expect(st.result().microphone).toBe(true);
    now += 3100;
    expect(st.result().microphone).toBe(false); // no frames at all
  });
});
