/**
 * Builders for the ffmpeg command lines, driven only by the hardware profile.
 * Pure functions so they are unit-tested without running ffmpeg.
 */
import type { HardwareProfile } from '@liuhen/device-profiles';

/** Escapes a value for use inside a filtergraph option (':' '\' and quotes are special). */
export function escapeFilterValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, "\\'");
}

export function buildInputArgs(profile: HardwareProfile): string[] {
  const { camera, microphone, video, audio } = profile;
  const args: string[] = [];
  // Only synthetic sources need -re: real devices deliver at their own pace.
  if (camera.kind === 'lavfi') {
    args.push('-re', '-f', 'lavfi', '-i', `${camera.pattern}=size=${video.width}x${video.height}:rate=${video.fps}`);
  } else if (camera.kind === 'v4l2') {
    args.push(
      '-f',
      'v4l2',
      '-framerate',
      String(video.fps),
      '-video_size',
      `${video.width}x${video.height}`,
      '-i',
      camera.device,
    );
  } else {
    // rpicam-vid writes raw YUV420 to stdout; the caller pipes it into stdin.
    args.push(
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-video_size',
      `${video.width}x${video.height}`,
      '-framerate',
      String(video.fps),
      '-i',
      'pipe:0',
    );
  }
  if (microphone.kind === 'lavfi') {
    args.push('-re', '-f', 'lavfi', '-i', `sine=frequency=${microphone.frequencyHz}:sample_rate=${audio.sampleRate}`);
  } else {
    args.push('-f', 'alsa', '-ac', String(audio.channels), '-ar', String(audio.sampleRate), '-i', microphone.device);
  }
  return args;
}

/** rpicam-vid command for libcamera profiles, or null when ffmpeg reads the camera itself. */
export function buildCameraHelper(profile: HardwareProfile): { command: string; args: string[] } | null {
  if (profile.camera.kind !== 'libcamera') return null;
  const { width, height, fps } = profile.video;
  return {
    command: profile.camera.command,
    args: [
      '-t',
      '0',
      '-n',
      '--codec',
      'yuv420',
      '--width',
      String(width),
      '--height',
      String(height),
      '--framerate',
      String(fps),
      '-o',
      '-',
    ],
  };
}

export interface WatermarkOptions {
  fontFile: string;
  /** File holding device and officer id; re-read every frame. */
  textFile: string;
}

export function buildWatermarkFilter(profile: HardwareProfile, wm: WatermarkOptions): string {
  const size = Math.max(12, Math.round(profile.video.height / 20));
  const font = escapeFilterValue(wm.fontFile);
  const common = `fontfile=${font}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4`;
  const identity = `drawtext=${common}:textfile=${escapeFilterValue(wm.textFile)}:reload=1:x=8:y=8`;
  // %{localtime} uses the recorder's local clock, formatted %Y-%m-%d %H:%M:%S.
  const clock = `drawtext=${common}:text='%{localtime}':x=8:y=${8 + size + 10}`;
  return `${identity},${clock},format=yuv420p`;
}

export function buildEncoderArgs(profile: HardwareProfile): string[] {
  const { video, audio } = profile;
  const gop = Math.max(1, Math.round(video.fps * video.gopSeconds));
  const v: string[] = ['-c:v', video.encoder];
  if (video.encoder === 'libx264') v.push('-preset', 'veryfast', '-tune', 'zerolatency', '-profile:v', 'main');
  v.push(
    '-b:v',
    `${video.bitrateKbps}k`,
    '-maxrate',
    `${video.bitrateKbps}k`,
    '-bufsize',
    `${video.bitrateKbps * 2}k`,
    // Fixed GOP with no scene-cut keyframes: segments and 1 s fragments cut on a steady beat.
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
  );
  const a = [
    '-c:a',
    'aac',
    '-b:a',
    `${audio.bitrateKbps}k`,
    '-ar',
    String(audio.sampleRate),
    '-ac',
    String(audio.channels),
  ];
  return [...v, ...a];
}
