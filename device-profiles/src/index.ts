/** The device contract, browser-safe: Node-only helpers are in `@liuhen/device-profiles/node` (node.ts). */
export * from './version.js';
export * from './ids.js';
export * from './topics.js';
export * from './stream.js';
export * from './payloads.js';
export * from './validate.js';
export * from './profile.js';
export { profiles, getProfile } from './profiles/index.js';
export { renderProtocolDoc } from './protocol-doc.js';
