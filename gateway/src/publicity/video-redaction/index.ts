/**
 * Redacted copies of footage for publication (行政执法公示): faces found automatically and regions a
 * person adds are blurred, spans of sound muted; the sealed original is only read, and the copy is
 * bound to it by SHA-256 in a manifest beside it. Pure functions and child processes (ffmpeg,
 * OpenCV's face detector in Python); no HTTP here.
 */
export {
  detectFaces,
  detectFaceSamples,
  DEFAULT_DETECT_WIDTH,
  DEFAULT_SAMPLE_FPS,
  DEFAULT_TILT_DEGREES,
  type DetectOptions,
} from './detect-faces.js';
export { renderRedacted } from './render.js';
export {
  activeRegions,
  manifestPathFor,
  planProblems,
  type RedactionManifest,
  type RedactionPlan,
  type RedactionRegion,
} from './plan.js';
export { regionsFromSamples, type Box, type FaceSample, type TrackOptions } from './tracks.js';
export { probeSource, type SourceInfo } from './probe.js';
