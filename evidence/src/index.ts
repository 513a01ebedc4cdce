/** Tamper-evident evidence chain for recorded segments: see docs/evidence.md. */
export * from './mp4-boxes.js';
export * from './fsync.js';
export * from './keys.js';
export * from './entry.js';
export * from './chain.js';
export * from './watch.js';
export * from './pipeline.js';
export * from './layout.js';
export * from './trim.js';
export * from './verify.js';
export * from './audit-entry.js';
export * from './export-verify.js';
export * from './export-documents.js';
export * from './station-signature.js';
export * from './sm2-signature.js';
