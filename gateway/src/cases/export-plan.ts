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

/** One version of one document of the case file (卷内文书). */
export interface ExportDocument {
  id: string;
  /** Shared by all versions of the document. */
  documentKey: string;
  version: number;
  stepId: string | null;
  kind: string;
  title: string;
  fileName: string;
  mediaType: string;
  bytes: number;
  /** SHA-256 recorded when the station stored the file. */
  sha256: string;
  source: 'upload' | 'scan' | 'generated';
  uploadedBy: string;
  uploadedAt: string;
  /** Where the file is on the station. */
  absPath: string;
}

/** A legal-review round whose opinion (法制审核意见书) was signed. */
export interface ExportOpinion {
  round: number;
  reviewId: string;
  /** Username of the reviewer who signed (null only in a damaged record: the export refuses it). */
  reviewer: string | null;
  /** The signed opinion among `documents` (null only in a damaged record: the export refuses it). */
  documentId: string | null;
  /** The DocumentSignatureRecord as the station stored it (JSON text). */
  signature: string;
}

/** A reviewer's registered SM2 key (legal_reviewers), which their opinions must be signed with. */
export interface ExportReviewer {
  username: string;
  name: string;
  publicKeyPem: string;
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
  /** Every version of every document of the case, oldest upload first. */
  documents: ExportDocument[];
  /** The signed legal-review opinions of the case, by round. */
  opinions: ExportOpinion[];
  /** The registered key of every reviewer who signed one of `opinions`. */
  reviewers: ExportReviewer[];
  /** The agency's order of document kinds for this case's kind (卷内目录); empty: the standard order. */
  caseFileOrder?: readonly string[];
  /** The case's audit-trail entries, oldest first (hash-chained; an excerpt of the whole trail). */
  audit: ChainedAuditEntry[];
  generatedAt: string;
  generatedBy: string;
  stationVersion: string;
}
