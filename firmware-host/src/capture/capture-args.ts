/**
 * The recorder's one continuous ffmpeg pipeline: camera + microphone →
 * watermark → H.264/AAC, teed into (1) local fragmented-MP4 segments, the
 * evidence, and (2) FLV on stdout, from which the live relay copies.
 */
import type { HardwareProfile } from '@liuhen/device-profiles';
import { buildEncoderArgs, buildInputArgs, buildWatermarkFilter, type WatermarkOptions } from '../ffmpeg-args.js';

export interface CaptureArgsOptions {
  watermark: WatermarkOptions;
  /** Output pattern with %06d, e.g. /data/sim-001/buffer/sim-001_%06d.mp4 */
  segmentPattern: string;
  /** First segment number (continues the numbering across restarts). */
  startNumber: number;
  /** CSV file ffmpeg appends "file,start,end" to as each segment closes. */
  segmentList: string;
}

/** Escapes a value inside a tee slave option list ([k=v:k=v]path). */
function teeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/\|/g, '\\|').replace(/\[/g, '\\[').replace(/]/g, '\\]');
}

export function buildCaptureArgs(profile: HardwareProfile, opts: CaptureArgsOptions): string[] {
  const { segmentSeconds, fragmentSeconds } = profile.recording;
  const fragUs = Math.round(fragmentSeconds * 1_000_000);
  // Inside tee options a ':' separates options, so the movflags' own ':' is escaped twice.
  const segment = [
    'f=segment',
    `segment_time=${segmentSeconds}`,
    'segment_format=mp4',
    // flush_packets: each finished fragment reaches the disk at once, not when a buffer fills.
    `segment_format_options=movflags=+frag_keyframe+empty_moov+default_base_moof\\\\:frag_duration=${fragUs}\\\\:flush_packets=1`,
    'reset_timestamps=1',
    `segment_start_number=${opts.startNumber}`,
    `segment_list=${teeValue(opts.segmentList)}`,
    'segment_list_type=csv',
  ].join(':');
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    ...buildInputArgs(profile),
    '-map',
    '0:v:0',
    '-map',
    '1:a:0',
    '-vf',
    buildWatermarkFilter(profile, opts.watermark),
    ...buildEncoderArgs(profile),
    // Codec configuration in the stream headers, as both the MP4 and FLV outputs need.
    '-flags',
    '+global_header',
    '-f',
    'tee',
    `[${segment}]${teeValue(opts.segmentPattern)}|[f=flv:onfail=ignore]pipe:1`,
  ];
}
