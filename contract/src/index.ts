/**
 * The station's API contract, browser-safe (the dashboard imports it; a unit test walks its imports):
 * the view schemas of what the API answers, one module per concern, and the live channel's events
 * as one map. Each TypeBox schema is the runtime check, the TypeScript type (same name) and, through
 * the gateway's routes, the OpenAPI document. Request bodies and queries stay with the routes.
 *
 * Small in the browser: schemas are built with `import * as Type from '@sinclair/typebox/type'`, a
 * namespace the bundler tree-shakes (TypeBox's `Type` object would bring every builder, ~38 kB
 * minified), and the package declares no side effects, so the dashboard carries only what it uses.
 */
export * from './builders.js';
export * from './formats.js';
export * from './errors.js';
export * from './devices.js';
export * from './recordings.js';
export * from './alerts.js';
export * from './ledger.js';
export * from './telemetry.js';
export * from './cases.js';
export * from './reviews.js';
export * from './exports.js';
export * from './audit.js';
export * from './users.js';
export * from './live-events.js';
export * from './legal-review.js';
export * from './publicity.js';
