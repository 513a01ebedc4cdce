import { describe, expect, it } from 'vitest';
import { audioGraph, blurFor, filterScript, videoGraph } from './filter-graph.js';

describe('filter graph', () => {
  it('keeps boxblur within its limits for any region size and picture', () => {
    for (const picture of [
      { width: 640, height: 360 },
      { width: 1920, height: 1080 },
      { width: 176, height: 144 },
      { width: 720, height: 1280 },
    ])
      for (const largest of [1, 20, 100, 400, 2000, 5000]) {
        const b = blurFor(largest, picture);
        expect(b.w % 2, JSON.stringify(b)).toBe(0);
        expect(b.h % 2).toBe(0);
        expect(b.luma).toBeGreaterThanOrEqual(1);
        expect(b.luma).toBeLessThanOrEqual(Math.min(b.w, b.h) / 2);
        expect(b.chroma).toBeLessThanOrEqual(Math.min(b.w, b.h) / 4);
        // Strength: the blur reaches a third of the largest region, or half the picture when that is less.
        const room = Math.min(picture.width, picture.height) / 2 - 2 * b.shrink;
        expect(b.luma * b.shrink).toBeGreaterThanOrEqual(Math.min(largest / 3, room));
      }
  });

  it('draws one mask box per region over its span, and mutes each span a frame early', () => {
    const v = videoGraph([{ id: 'a', source: 'manual', startMs: 1000, endMs: 2500, x: 10, y: 20, w: 30, h: 40 }], {
      width: 640,
      height: 360,
    });
    expect(v).toContain("drawbox=x=10:y=20:w=30:h=40:color=white:t=fill:enable='between(t,0.9995,2.5005)'");
    expect(v).toMatch(/\[vout\]$/);
    expect(videoGraph([], { width: 640, height: 360 })).toBe('[0:v:0]format=yuv420p[vout]');
    // 64 samples at 48 kHz: 1.333 ms.
    expect(audioGraph([{ startMs: 1000, endMs: 2000 }], 48000)).toContain("volume=0:enable='between(t,0.9982,2.0005)'");
    expect(filterScript([], [{ startMs: 0, endMs: 1 }], { width: 2, height: 2, audioSampleRate: null })).not.toMatch(
      /aout/,
    );
  });
});
