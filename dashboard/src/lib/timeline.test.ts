import { describe, expect, it } from 'vitest';
import type { PlaybackPiece } from './api/types';
import { mediaToWall, pieceAt, scale, timeTicks, wallToMedia } from './timeline';

const t0 = Date.parse('2026-11-26T02:00:00.000Z');
const at = (s: number) => new Date(t0 + s * 1000).toISOString();

// Two pieces with a 60 s gap in wall time between them: 0–30 s and 90–120 s.
const pieces: PlaybackPiece[] = [
  { recordingId: 'a', source: 'device', wallStart: at(0), wallEnd: at(30), mediaStart: 0, mediaEnd: 30 },
  { recordingId: 'b', source: 'live', wallStart: at(90), wallEnd: at(120), mediaStart: 30, mediaEnd: 60 },
];

describe('mediaToWall', () => {
  it('maps media seconds through the piece that holds them', () => {
    expect(mediaToWall(pieces, 0)).toBe(t0);
    expect(mediaToWall(pieces, 10)).toBe(t0 + 10_000);
    expect(mediaToWall(pieces, 30)).toBe(t0 + 90_000);
    expect(mediaToWall(pieces, 45.5)).toBe(t0 + 105_500);
  });

  it('maps the very end of the media, and nothing past it', () => {
    expect(mediaToWall(pieces, 60)).toBe(t0 + 120_000);
    expect(mediaToWall(pieces, 61)).toBeNull();
    expect(mediaToWall([], 0)).toBeNull();
  });
});

describe('wallToMedia', () => {
  it('is the inverse of mediaToWall inside the pieces', () => {
    for (const s of [0, 12.5, 30, 44]) {
      const wall = mediaToWall(pieces, s)!;
      expect(wallToMedia(pieces, wall)).toEqual({ seconds: s, exact: true });
    }
  });

  it('moves a time in a gap, or before the footage, to the next recorded moment', () => {
    expect(wallToMedia(pieces, t0 + 60_000)).toEqual({ seconds: 30, exact: false });
    expect(wallToMedia(pieces, t0 - 5_000)).toEqual({ seconds: 0, exact: false });
  });

  it('has nothing after the footage', () => {
    expect(wallToMedia(pieces, t0 + 120_000)).toBeNull();
  });
});

describe('pieceAt', () => {
  it('finds the piece playing', () => {
    expect(pieceAt(pieces, 5)?.recordingId).toBe('a');
    expect(pieceAt(pieces, 50)?.recordingId).toBe('b');
    expect(pieceAt(pieces, 70)).toBeUndefined();
  });
});

describe('timeTicks', () => {
  it('picks round steps and keeps to the maximum', () => {
    const ticks = timeTicks(t0 + 7_000, t0 + 7_000 + 10 * 60_000, 6);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.length).toBeGreaterThan(2);
    const step = ticks[1]! - ticks[0]!;
    expect(step).toBe(2 * 60_000);
    for (const t of ticks) expect(t % step).toBe(0);
  });

  it('gives nothing for an empty span', () => {
    expect(timeTicks(t0, t0, 5)).toEqual([]);
  });
});

describe('scale', () => {
  it('maps both ways', () => {
    const s = scale(1000, 2000, 100, 300);
    expect(s.x(1500)).toBe(200);
    expect(s.t(200)).toBe(1500);
  });
});
