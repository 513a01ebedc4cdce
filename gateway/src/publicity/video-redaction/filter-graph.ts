/**
 * The ffmpeg filter graph of a redacted copy (pure: plan in, filter script text out).
 *
 * Video: one heavily blurred copy of every frame is made (shrink, box-blur, enlarge: the shrinking
 * throws the detail away for good, which a plain blur with a known kernel does not quite do), and
 * a grey mask, black with a white box per region while its span lasts (drawbox with
 * `enable='between(t,a,b)'`), decides where the blurred copy shows through (alphamerge + overlay).
 * One blur and one mask for any number of regions: a region only costs a drawbox, which does
 * nothing outside its span. The blur strength follows the largest region, so every face, however
 * big, is blurred far beyond recognition (a small face blurred harder loses nothing).
 *
 * Audio: the first audio stream is cut into short frames and each muted span is a `volume=0` over
 * it; a frame is muted when any of its samples falls inside a span, so the mute errs on the long side.
 */
import type { RedactionRegion } from './plan.js';

/** Audio frame length while muting: 64 samples (1.3 ms at 48 kHz) is as close as the mute edge gets. */
export const MUTE_FRAME_SAMPLES = 64;

const secs = (ms: number) => (ms / 1000).toFixed(4);
/** Half a millisecond either side: a frame exactly on a region's edge must not escape by a rounding error. */
const EDGE_MS = 0.5;

const even = (n: number) => Math.max(2, 2 * Math.ceil(n / 2));

/** Blur settings for a picture whose largest region is `largest` pixels on its long side (exported for the tests). */
export function blurFor(largest: number, picture: { width: number; height: number }) {
  // Box radius of about a third of the region's long side, three passes: no feature survives.
  const radius = Math.max(16, Math.ceil(largest / 3));
  const shrink = Math.max(2, Math.min(64, Math.floor(radius / 4)));
  const w = even(picture.width / shrink);
  const h = even(picture.height / shrink);
  // boxblur refuses a radius over half the plane's smaller side (chroma planes are half size).
  const luma = Math.max(1, Math.min(Math.ceil(radius / shrink), Math.floor(Math.min(w, h) / 2)));
  const chroma = Math.max(0, Math.min(Math.ceil(luma / 2), Math.floor(Math.min(w, h) / 4)));
  return { shrink, w, h, luma, chroma };
}

/** `[0:v:0]` to `[vout]`: the regions blurred over their spans, the rest untouched. */
export function videoGraph(regions: RedactionRegion[], picture: { width: number; height: number }): string {
  if (regions.length === 0) return '[0:v:0]format=yuv420p[vout]';
  const largest = Math.max(...regions.map((r) => Math.max(r.w, r.h)));
  const b = blurFor(largest, picture);
  const boxes = regions.map(
    (r) =>
      `drawbox=x=${r.x}:y=${r.y}:w=${r.w}:h=${r.h}:color=white:t=fill` +
      `:enable='between(t,${secs(r.startMs - EDGE_MS)},${secs(r.endMs + EDGE_MS)})'`,
  );
  return [
    '[0:v:0]format=yuv420p,split=3[main][toblur][tomask]',
    `[toblur]scale=${b.w}:${b.h}:flags=area,` +
      `boxblur=luma_radius=${b.luma}:luma_power=3:chroma_radius=${b.chroma}:chroma_power=3,` +
      `scale=${picture.width}:${picture.height}:flags=bilinear[blurred]`,
    `[tomask]format=gray,drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill,\n  ${boxes.join(',\n  ')}[mask]`,
    '[blurred][mask]alphamerge[cover]',
    '[main][cover]overlay=x=0:y=0:format=yuv420,format=yuv420p[vout]',
  ].join(';\n');
}

/** `[0:a:0]` to `[aout]`: silence over every muted span. */
export function audioGraph(spans: { startMs: number; endMs: number }[], sampleRate: number): string {
  if (spans.length === 0) return '[0:a:0]anull[aout]';
  const frameMs = (MUTE_FRAME_SAMPLES / sampleRate) * 1000;
  const mutes = spans.map(
    (s) => `volume=0:enable='between(t,${secs(s.startMs - frameMs - EDGE_MS)},${secs(s.endMs + EDGE_MS)})'`,
  );
  return `[0:a:0]asetnsamples=n=${MUTE_FRAME_SAMPLES}:p=0,\n  ${mutes.join(',\n  ')}[aout]`;
}

/** The whole -filter_complex_script text. */
export function filterScript(
  regions: RedactionRegion[],
  mutedSpans: { startMs: number; endMs: number }[],
  source: { width: number; height: number; audioSampleRate: number | null },
): string {
  const parts = [videoGraph(regions, source)];
  if (source.audioSampleRate !== null) parts.push(audioGraph(mutedSpans, source.audioSampleRate));
  return parts.join(';\n') + '\n';
}
