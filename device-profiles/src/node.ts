/**
 * The contract's Node-only helpers, apart from its browser-safe index: `@liuhen/device-profiles/node`.
 * Recorder and station code import these; the dashboard cannot (and needs none of them).
 */
export { resolveFfmpeg } from './ffmpeg.js';
export { signPublishKey, publishKeyRefusal } from './publish-key.js';
