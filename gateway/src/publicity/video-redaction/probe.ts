/**
 * What the redaction needs to know about a source file, from ffmpeg alone (the npm ffmpeg binary
 * that resolveFfmpeg falls back to comes without ffprobe): the picture size as the filters see it
 * (after ffmpeg's automatic rotation, so region pixels mean the same thing in detection and in
 * rendering), the duration, and whether there is sound.
 */
import { start, tail } from './processes.js';

export interface SourceInfo {
  /** Picture size in the filters, after rotation: the pixel space of every region. */
  width: number;
  height: number;
  /** Null when the container does not say. */
  durationMs: number | null;
  /** Frames per second the container declares (null when it does not). */
  fps: number | null;
  /** Sample rate of the first audio stream; null when the file has no sound. */
  audioSampleRate: number | null;
}

/** Parses ffmpeg's stderr for one decoded frame through showinfo (exported for the tests). */
export function parseProbe(stderr: string): Omit<SourceInfo, 'width' | 'height'> & { size: [number, number] | null } {
  const size = /Parsed_showinfo[^\n]*\bs:(\d+)x(\d+)/.exec(stderr);
  // The input's streams are listed before "Output #0", which lists the (null) output's.
  const input = stderr.split('\nOutput #0')[0] ?? '';
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(input);
  const video = /Stream #0:\d+[^\n]*: Video: [^\n]*/.exec(input)?.[0] ?? '';
  const fps = /([\d.]+) fps/.exec(video);
  const audio = /Stream #0:\d+[^\n]*: Audio: [^\n]*?(\d+) Hz/.exec(input);
  return {
    size: size ? [Number(size[1]), Number(size[2])] : null,
    durationMs: duration
      ? Math.round((Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3])) * 1000)
      : null,
    fps: fps ? Number(fps[1]) : null,
    audioSampleRate: audio ? Number(audio[1]) : null,
  };
}

export async function probeSource(ffmpeg: string, input: string, signal?: AbortSignal): Promise<SourceInfo> {
  const p = start(
    ffmpeg,
    [
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-i',
      input,
      '-map',
      '0:v:0',
      '-frames:v',
      '1',
      '-vf',
      'showinfo',
      '-f',
      'null',
      '-',
    ],
    { signal },
  );
  const code = await p.exited;
  const parsed = parseProbe(p.stderr());
  if (code !== 0 || !parsed.size)
    throw new Error(`ffmpeg cannot read a video picture from ${input}: ${tail(p.stderr(), 3) || `exit ${code}`}`);
  const [width, height] = parsed.size;
  return { width, height, durationMs: parsed.durationMs, fps: parsed.fps, audioSampleRate: parsed.audioSampleRate };
}
