export * from './version.js';
export * from './ids.js';
export * from './topics.js';
export * from './stream.js';
export * from './payloads.js';
export * from './validate.js';
export * from './profile.js';
export { profiles, getProfile } from './profiles/index.js';
export { resolveFfmpeg } from './ffmpeg.js';
