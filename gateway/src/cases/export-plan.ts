/**
 * What a case-file export (案卷导出) contains, assembled by the cases service
 * from the metadata store; export.ts writes it as a folder or a ZIP.
 */
import type { ChainedAuditEntry } from '@liuhen/evidence';
import type { Gap } from './intervals.js';

export interface ExportFile {
  recordingId: string;
  deviceId: string;
  officerId: string | null;
  source: 'live' | 'device';
  startedAt: string;
  endedAt: string;
  bytes: number;
  /** SHA-256 recorded when the station stored the file. */
  sha256: string;
  /** Where the file is on the station. */
  absPath: string;
  /** Where it goes inside the export, e.g. footage/sim-001/device/sim-001_…mp4 (forward slashes). */
  archivePath: string;
  /** The recorder's signed evidence chain for this segment (device copies), if the station holds one. */
  chainAbsPath: string | null;
  stepIds: string[];
}

export interface ExportStep {
  id: string;
  kind: string;
  title: string | null;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  requirement: 'full-process' | 'required' | 'optional';
  officers: { id: string; name: string | null }[];
  coverage: {
    windowSeconds: number;
    coveredSeconds: number;
    ratio: number;
    passing: boolean;
    /** Share needed to pass (1 for full-process). */
    requiredRatio: number;
    gaps: (Gap & { startIso: string; endIso: string })[];
  };
  /** Linked footage as spans (for the timeline). */
  footage: { recordingId: string; deviceId: string; source: 'live' | 'device'; start: string; end: string }[];
}

export interface ExportPlan {
  case: {
    id: string;
    number: string;
    kind: string;
    title: string;
    party: string | null;
    unit: string | null;
    status: string;
    major: boolean;
  };
  steps: ExportStep[];
  files: ExportFile[];
  /** SPKI PEM of each recorder key that signed a chain in this export. */
  devicePublicKeys: Record<string, string>;
  /** The case's audit-trail entries, oldest first (hash-chained; an excerpt of the whole trail). */
  audit: ChainedAuditEntry[];
  generatedAt: string;
  generatedBy: string;
  stationVersion: string;
}
