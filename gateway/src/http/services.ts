import type { Broker } from '../broker.js';
import type { GatewayConfig } from '../config.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { RecordingIndex } from '../footage/recordings.js';
import type { UploadStore } from '../footage/uploads.js';
import type { Ingest } from '../ingest/ingest.js';

/** What the HTTP plugins are given; each plugin takes only what it uses. */
export interface Services {
  config: GatewayConfig;
  registry: DeviceRegistry;
  recordings: RecordingIndex;
  uploads: UploadStore;
  ingest: Ingest;
  broker: Broker;
  footageRoot: string;
  startedAt: Date;
  version: string;
}
