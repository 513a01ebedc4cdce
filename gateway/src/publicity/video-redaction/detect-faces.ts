/**
 * Automatic face regions for a redacted copy.
 *
 * Why this detector: it has to install from Debian or npm and run on the station's CPU, and a
 * person must be able to review what it found, so it has to give boxes per frame. Debian's
 * frei0r `facebl0r` (ffmpeg -vf frei0r) blurs inside ffmpeg but reports no boxes (nothing to
 * review, reject or record in the manifest) and follows one face at a time with CamShift. So:
 * OpenCV's Haar cascades (python3-opencv and opencv-data; one `apt-get install facedetect` brings
 * both) in a small Python program, `face_detector.py`, fed grey frames by ffmpeg a few times a
 * second. OpenCV 4.6 in Debian also has the YuNet detector (cv2.FaceDetectorYN), far better on
 * small and turned faces, but neither Debian nor the npm packages we can install ship its model.
 * What the cascades do on our test pictures (at the detector's resolution): frontal faces from about
 * 40 px ear to ear (none at 32 px or less), dark, low-contrast, noisy and blurred ones included;
 * heads tilted 20 degrees or more only with the turned passes (tiltDegrees; up to about 35 degrees);
 * not a face with its lower half covered; now and then a face in a texture (asphalt, test
 * patterns) on a single frame. Hence the review (rejected and manual regions) before publication.
 */
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import type { RedactionRegion } from './plan.js';
import { probeSource, type SourceInfo } from './probe.js';
import { resolvePython, start, tail, throwIfAborted } from './processes.js';
import { regionsFromSamples, type FaceSample } from './tracks.js';

/** Ships as source; from dist/ the same relative path reaches gateway/src (as the legal-review catalogue does). */
const DETECTOR = fileURLToPath(new URL('../../../src/publicity/video-redaction/face_detector.py', import.meta.url));

export interface DetectOptions {
  /** Frames examined per second of footage (default 5); regions cover the frames in between. */
  sampleFps?: number;
  signal?: AbortSignal;
  /** Frames are shrunk to at most this width for the detector (default 960): faster, misses faces under ~55 px at 1280. */
  detectWidth?: number;
  /**
   * Also look for frontal faces on frames turned by +/- this many degrees (default 25; 0: off, about
   * a third faster): upright cascades miss heads tilted 20 degrees or more, and body-worn cameras tilt.
   */
  tiltDegrees?: number;
}

export const DEFAULT_SAMPLE_FPS = 5;
export const DEFAULT_DETECT_WIDTH = 960;
export const DEFAULT_TILT_DEGREES = 25;

/** Exit codes of face_detector.py, turned into what to do. */
function detectorFailure(code: number, stderr: string): Error {
  if (code === 3)
    return new Error(
      'the face detector needs OpenCV for Python: apt-get install python3-opencv opencv-data ' +
        '(or set LIUHEN_PYTHON to a python3 that can import cv2)',
    );
  if (code === 4)
    return new Error(
      `the Haar cascade files are missing (${tail(stderr, 1)}): apt-get install opencv-data, ` +
        'or set LIUHEN_OPENCV_CASCADES to the folder holding haarcascade_frontalface_alt2.xml',
    );
  return new Error(`the face detector failed (exit ${code}): ${tail(stderr) || 'no message'}`);
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/** The sampled frames with the faces on each, in source pixels, and what the source is. */
export async function detectFaceSamples(
  input: string,
  opts: DetectOptions = {},
): Promise<{ source: SourceInfo; samples: FaceSample[] }> {
  const { signal } = opts;
  const sampleFps = opts.sampleFps ?? DEFAULT_SAMPLE_FPS;
  if (!(sampleFps > 0)) throw new Error(`sampleFps must be a positive number of frames a second (got ${sampleFps})`);
  throwIfAborted(signal);
  const st = await stat(input).catch(() => null);
  if (!st?.isFile()) throw new Error(`no footage file at ${input}`);

  const ffmpeg = resolveFfmpeg();
  const source = await probeSource(ffmpeg, input, signal);
  const dw = even(Math.min(source.width, opts.detectWidth ?? DEFAULT_DETECT_WIDTH));
  const dh = even((source.height * dw) / source.width);
  // Real frames at least 0.9 / sampleFps apart (select keeps their own timestamps; the fps filter
  // would make up frames). showinfo, before scaling, reports each kept frame's time on stderr.
  const every = (0.9 / sampleFps).toFixed(6);
  const decoder = start(
    ffmpeg,
    [
      ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'info', '-i', input],
      ...['-map', '0:v:0', '-an', '-sn', '-dn'],
      ...[
        '-vf',
        `select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,${every})',showinfo,scale=${dw}:${dh}:flags=area`,
      ],
      ...['-vsync', 'passthrough', '-pix_fmt', 'gray', '-f', 'rawvideo', 'pipe:1'],
    ],
    { signal, stdout: 'pipe' },
  );
  const times: number[] = [];
  createInterface({ input: decoder.child.stderr! }).on('line', (line) => {
    const m = /Parsed_showinfo.* pts_time:(-?[\d.]+(?:e-?\d+)?)/.exec(line);
    if (m) times.push(Number(m[1]) * 1000);
  });

  const cascades = process.env.LIUHEN_OPENCV_CASCADES;
  const detector = start(
    resolvePython(),
    [
      DETECTOR,
      ...['--width', String(dw), '--height', String(dh), '--min-size', '20'],
      ...['--tilt', String(opts.tiltDegrees ?? DEFAULT_TILT_DEGREES)],
      ...(cascades ? ['--cascades', cascades] : []),
    ],
    { signal, stdin: 'pipe', stdout: 'pipe' },
  );
  // If the detector stops reading (failed, aborted), the pipe is undone and nobody drains the
  // decoder: it would block on its full stdout for ever. Stop it; the detector's exit says why.
  detector.child.stdin!.on('error', () => undefined);
  decoder.child.stdout!.pipe(detector.child.stdin!);
  const stopDecoder = () => decoder.child.kill('SIGKILL');
  void detector.exited.then((code) => code !== 0 && stopDecoder(), stopDecoder);
  const found: [number, number, number, number][][] = [];
  let garbled: string | undefined;
  createInterface({ input: detector.child.stdout! }).on('line', (line) => {
    // A line cut short by a kill must not throw here, outside any promise: note it, judge after.
    try {
      found.push((JSON.parse(line) as { faces: [number, number, number, number][] }).faces);
    } catch {
      garbled ??= line.slice(0, 200);
    }
  });

  const [decoded, detected] = await Promise.all([decoder.exited, detector.exited]);
  if (detected !== 0) throw detectorFailure(detected, detector.stderr());
  if (decoded !== 0) throw new Error(`ffmpeg could not decode ${input}: ${tail(decoder.stderr(), 3)}`);
  // Let the readline interfaces deliver their last lines.
  await new Promise((r) => setImmediate(r));
  if (garbled !== undefined) throw new Error(`the face detector printed something unexpected: ${garbled}`);
  if (found.length !== times.length)
    throw new Error(`ffmpeg sent ${times.length} frames but the detector answered ${found.length}: run again`);

  const sx = source.width / dw;
  const sy = source.height / dh;
  const samples = found.map((faces, i) => ({
    tMs: times[i]!,
    boxes: faces.map(([x, y, w, h]) => ({ x: x * sx, y: y * sy, w: w * sx, h: h * sy })),
  }));
  return { source, samples };
}

/** Auto regions for the faces in `input` (see regionsFromSamples for how boxes become spans). */
export async function detectFaces(input: string, opts: DetectOptions = {}): Promise<RedactionRegion[]> {
  const { source, samples } = await detectFaceSamples(input, opts);
  return regionsFromSamples(samples, { width: source.width, height: source.height, durationMs: source.durationMs });
}
