/**
 * The public publicity portal (行政执法公示): its own listener, read-only on the station's
 * database, serving published results as pages, JSON, feeds and CSV. See portal.ts.
 */
export { startPortal, type Portal, type PortalOptions } from './portal.js';
export { idOfSlug, slugOf } from './items.js';
