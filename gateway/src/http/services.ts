import type { Auth } from '../auth/accounts.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditCheckpoints, StationKeys } from '../audit/checkpoints.js';
import type { Broker } from '../broker.js';
import type { Cases } from '../cases/cases.js';
import type { Documents } from '../documents/documents.js';
import type { LegalReview } from '../legal-review/legal-review.js';
import type { Reviewers } from '../legal-review/reviewers.js';
import type { Publications } from '../publicity/publications.js';
import type { Disclosure } from '../publicity/disclosure.js';
import type { VideoReleases } from '../publicity/video-release.js';
import type { Inspections } from '../inspections/inspections.js';
import type { ExportJobs } from '../cases/export-jobs.js';
import type { Playback } from '../cases/playback.js';
import type { Retention } from '../cases/retention.js';
import type { Reviews } from '../cases/reviews.js';
import type { Sorter } from '../cases/sorter.js';
import type { Db } from '../db/database.js';
import type { Alerts } from '../devices/alerts.js';
import type { DeviceCommands } from '../devices/commands.js';
import type { Desk } from '../devices/desk.js';
import type { Enrollment } from '../devices/enrollment.js';
import type { StopPolicyPublisher } from '../devices/stop-policy.js';
import type { TelemetryStore } from '../telemetry/store.js';
import type { GatewayConfig } from '../config.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { RecordingIndex } from '../footage/recordings.js';
import type { UploadStore } from '../footage/uploads.js';
import type { Quarantine } from '../footage/quarantine.js';
import type { ChainRecords } from '../footage/chain-records.js';
import type { Ingest } from '../ingest/ingest.js';

/** What the HTTP plugins are given; each plugin takes only what it uses. */
export interface Services {
  config: GatewayConfig;
  registry: DeviceRegistry;
  /** Commands to simulated recorders from the dashboard. */
  commands: DeviceCommands;
  recordings: RecordingIndex;
  uploads: UploadStore;
  quarantine: Quarantine;
  chainRecords: ChainRecords;
  ingest: Ingest;
  broker: Broker;
  footageRoot: string;
  db: Db;
  audit: AuditLog;
  /** The station signing key and the audit trail's signed checkpoints. */
  stationKey: StationKeys;
  auditCheckpoints: AuditCheckpoints;
  cases: Cases;
  /** Case-file documents, legal review of major decisions and its reviewer registry. */
  documents: Documents;
  legalReview: LegalReview;
  reviewers: Reviewers;
  /** Results for publication (the public portal is its own listener). */
  publications: Publications;
  /** Video released with a publication: clips cut, faces blurred, copies hash-linked to the source. */
  videoReleases: VideoReleases;
  /** Pages before enforcement (事前公开) and random inspections (双随机、一公开). */
  disclosure: Disclosure;
  inspections: Inspections;
  reviews: Reviews;
  sorter: Sorter;
  playback: Playback;
  retention: Retention;
  exports: ExportJobs;
  desk: Desk;
  enrollment: Enrollment;
  alerts: Alerts;
  stopPolicy: StopPolicyPublisher;
  telemetry: TelemetryStore;
  auth: Auth;
  startedAt: Date;
  version: string;
}
