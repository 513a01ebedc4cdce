/**
 * Open data of the enforcement publicity portal (行政执法公示): RSS 2.0, Atom 1.0 (with RFC 6721
 * tombstones for withdrawn items) and JSON Feed 1.1 from `buildFeeds`, and CSV for bulk download
 * from `toCsv`. Inputs are items already published and redacted; nothing here reads a clock, a
 * database or the network.
 */
export { type Feeds, buildFeeds } from './build-feeds.js';
export { CSV_HEADER, toCsv } from './csv.js';
export { type LiveAndWithdrawn, FeedItem, FeedSite, WithdrawnItem, liveAndWithdrawn } from './feed-item.js';
export { TOMBSTONES_NS } from './tombstones.js';
