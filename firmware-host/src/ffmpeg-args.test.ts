import { describe, expect, it } from 'vitest';
import { getProfile } from '@liuhen/device-profiles';
import { buildCaptureArgs } from './capture/capture-args.js';
import {
  buildCameraHelper,
  buildEncoderArgs,
  buildInputArgs,
  buildWatermarkFilter,
  escapeFilterValue,
} from './ffmpeg-args.js';

const wm = { fontFile: '/fonts/DejaVuSans.ttf', textFile: '/data/sim-001/watermark.txt' };

function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('ffmpeg argument builders', () => {
  it('sim: lavfi test pattern and tone, paced in real time', () => {
    const args = buildInputArgs(getProfile('sim'));
    expect(args.join(' ')).toBe(
      '-re -f lavfi -i testsrc2=size=640x360:rate=15 -re -f lavfi -i sine=frequency=440:sample_rate=44100',
    );
  });

  it('Pi 4: v4l2 camera, ALSA mic and the hardware encoder', () => {
    const p = getProfile('raspi-4');
    const input = buildInputArgs(p);
    expect(input.slice(0, 2)).toEqual(['-f', 'v4l2']);
    expect(input).toContain('/dev/video0');
    expect(input).toContain('alsa');
    expect(buildEncoderArgs(p).slice(0, 2)).toEqual(['-c:v', 'h264_v4l2m2m']);
    // x264-only options must not reach the hardware encoder.
    expect(buildEncoderArgs(p)).not.toContain('-preset');
  });

  it('Pi 5: libcamera frames piped from rpicam-vid into software x264', () => {
    const p = getProfile('raspi-5');
    expect(buildCameraHelper(p)?.command).toBe('rpicam-vid');
    expect(after(buildInputArgs(p), '-i')).toBe('pipe:0');
    expect(after(buildEncoderArgs(p), '-c:v')).toBe('libx264');
    expect(buildCameraHelper(getProfile('sim'))).toBeNull();
  });

  it('fixed GOP from fps × gopSeconds, no scene-cut keyframes', () => {
    const p = getProfile('raspi-4');
    const enc = buildEncoderArgs(p);
    expect(after(enc, '-g')).toBe(String(p.video.fps * p.video.gopSeconds));
    expect(after(enc, '-keyint_min')).toBe(after(enc, '-g'));
    expect(after(enc, '-sc_threshold')).toBe('0');
    expect(after(enc, '-b:v')).toBe(`${p.video.bitrateKbps}k`);
  });

  it('watermark: device/officer from a reloaded file plus the local clock', () => {
    const f = buildWatermarkFilter(getProfile('sim'), wm);
    expect(f).toContain('textfile=/data/sim-001/watermark.txt:reload=1');
    expect(f).toContain("text='%{localtime}'");
    expect(f.endsWith('format=yuv420p')).toBe(true);
  });

  it('escapes filter option values', () => {
    expect(escapeFilterValue("C:\\fonts\\it's.ttf")).toBe("C\\:\\\\fonts\\\\it\\'s.ttf");
  });

  it('capture tees one encoder into fMP4 segments and FLV on stdout', () => {
    const args = buildCaptureArgs(getProfile('sim'), {
      watermark: wm,
      segmentPattern: '/d/buffer/sim-001_%06d.mp4',
      startNumber: 42,
      segmentList: '/d/buffer/segments.csv',
    });
    expect(args.filter((a) => a === '-c:v')).toHaveLength(1);
    expect(args.at(-2)).toBe('tee');
    const tee = args.at(-1)!;
    expect(tee).toContain('f=segment:segment_time=60:segment_format=mp4');
    expect(tee).toContain(
      String.raw`frag_keyframe+empty_moov+default_base_moof\\:frag_duration=1000000\\:flush_packets=1:`,
    );
    expect(tee).toContain('segment_start_number=42');
    expect(tee.endsWith(']/d/buffer/sim-001_%06d.mp4|[f=flv:onfail=ignore]pipe:1')).toBe(true);
    expect(args).toContain('+global_header');
  });
});
