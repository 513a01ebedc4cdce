import { describe, expect, it } from 'vitest';
import { buildSegmentArgs, compactTime } from './footage/segment-recorder.js';

describe('station segment recorder arguments', () => {
  const args = buildSegmentArgs('/f/sim-001_%04d.mp4', 60, 1);
  const after = (flag: string) => args[args.indexOf(flag) + 1];

  it('copies FLV from stdin without re-encoding, video and audio only', () => {
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 4)).toEqual(['-f', 'flv', '-i', 'pipe:0']);
    expect(after('-c')).toBe('copy');
    expect(args).toContain('-dn');
  });

  it('cuts 60 s segments of fragmented MP4 with 1 s fragments', () => {
    expect(after('-segment_time')).toBe('60');
    expect(after('-segment_format')).toBe('mp4');
    expect(after('-segment_format_options')).toBe(
      'movflags=+frag_keyframe+empty_moov+default_base_moof:frag_duration=1000000:flush_packets=1',
    );
  });

  it('announces finished segments as CSV on stdout', () => {
    expect(after('-segment_list')).toBe('pipe:1');
    expect(after('-segment_list_type')).toBe('csv');
    expect(args.at(-1)).toBe('/f/sim-001_%04d.mp4');
  });

  it('names files with a compact UTC time', () => {
    expect(compactTime(new Date('2026-11-26T08:00:01.234Z'))).toBe('20261126T080001Z');
  });
});
