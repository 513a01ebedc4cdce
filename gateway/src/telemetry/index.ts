/**
 * Picks the telemetry store from the config: InfluxDB when a URL is set,
 * otherwise the bounded window in the station's own database.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { createEmbeddedStore } from './embedded-store.js';
import { createInfluxStore } from './influx-store.js';
import type { TelemetryConfig, TelemetryLog, TelemetryStore } from './store.js';

export * from './store.js';
export { createEmbeddedStore, type EmbeddedStoreOptions, type EmbeddedTelemetryStore } from './embedded-store.js';
export { createInfluxStore, type InfluxStoreOptions } from './influx-store.js';

export interface TelemetryDeps {
  db: Kysely<Database>;
  log: TelemetryLog;
}

export function createTelemetryStore(config: TelemetryConfig, deps: TelemetryDeps): TelemetryStore {
  if (config.influxUrl.trim() !== '') {
    return createInfluxStore({
      url: config.influxUrl.trim(),
      retentionDays: config.retentionDays,
      longRetentionDays: config.longRetentionDays,
      downsampleEvery: config.downsampleEvery,
      log: deps.log,
    });
  }
  return createEmbeddedStore({
    db: deps.db,
    windowHours: config.embeddedWindowHours,
    maxRowsPerDevice: config.embeddedMaxRowsPerDevice,
    log: deps.log,
  });
}
