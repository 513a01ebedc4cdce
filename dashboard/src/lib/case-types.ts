// Hand-written mirror of the gateway's case-file payloads (gateway/src/cases/model.ts,
// reviews.ts, report.ts, playback.ts, export.ts and evidence/src/audit-entry.ts).
// The gateway validates with its own schemas; keep these in step with them.

export const CASE_KINDS = ['penalty', 'compulsion', 'inspection', 'reward'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_STATUSES = ['open', 'in_review', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const STEP_KINDS = [
  'on-site-inspection',
  'random-inspection',
  'investigation',
  'evidence-preservation',
  'service',
  'compulsory-measure',
  'hearing',
  'other',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const REQUIREMENTS = ['full-process', 'required', 'optional'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/**
 * What the rules ask by default of each kind of step (执法全过程记录制度): video is
 * mandatory for inspections, evidence collection and preservation and service of
 * documents, and full-process for compulsory measures. Same table as the gateway's.
 */
export const DEFAULT_REQUIREMENT: Record<StepKind, Requirement> = {
  'on-site-inspection': 'required',
  'random-inspection': 'required',
  investigation: 'required',
  'evidence-preservation': 'required',
  service: 'required',
  'compulsory-measure': 'full-process',
  hearing: 'optional',
  other: 'optional',
};

export interface Unit {
  id: string;
  name: string;
  parentId: string | null;
}

export interface Officer {
  /** Badge number (警号): what recorders report as officerId. */
  id: string;
  name: string;
  licenceNo: string | null;
  unitId: string | null;
  role: string;
  active: boolean;
}

export interface CoverageGap {
  /** ISO 8601 */
  start: string;
  /** ISO 8601 */
  end: string;
  seconds: number;
}

/** A stop (or a recording cut without one) inside a full-process or required step, until the next press. */
export interface Interruption {
  /** ISO 8601: the stop */
  start: string;
  /** ISO 8601: the next press, or the end of the window */
  end: string;
  seconds: number;
  kind: 'stop' | 'cut';
  deviceId: string;
  recordingId: string;
  resumed: boolean;
}

export interface StepCoverage {
  windowStart: string;
  /** The step's end, or "now" while it is still going on. */
  windowEnd: string;
  windowSeconds: number;
  coveredSeconds: number;
  /** 0…1 */
  ratio: number;
  /** Share needed to pass: 1 for full-process, 0 for optional. */
  requiredRatio: number;
  passing: boolean;
  /** The window has ended: `passing` is the verdict, not a running figure. */
  final: boolean;
  gaps: CoverageGap[];
  /** Window seconds under footage recorded between a press and its stop. */
  recordedSeconds: number;
  /** Window seconds under pre- or post-record footage only. */
  bufferSeconds: number;
  interruptions: Interruption[];
}

export interface Step {
  id: string;
  caseId: string;
  kind: StepKind;
  title: string | null;
  startsAt: string;
  endsAt: string | null;
  location: string | null;
  lat: number | null;
  lon: number | null;
  requirement: Requirement;
  officers: string[];
  coverage: StepCoverage | null;
}

export interface StepInput {
  kind: StepKind;
  title?: string | null;
  startsAt: string;
  endsAt?: string | null;
  location?: string | null;
  lat?: number | null;
  lon?: number | null;
  requirement?: Requirement;
  officers: string[];
}

export interface CaseSummary {
  steps: number;
  passing: number;
  failing: number;
  /** Steps still going on. */
  pending: number;
  windowSeconds: number;
  coveredSeconds: number;
}

export interface Case {
  id: string;
  number: string;
  kind: CaseKind;
  title: string;
  party: string | null;
  unitId: string | null;
  status: CaseStatus;
  major: boolean;
  /** Legal hold: nothing linked is deleted while set. */
  hold: boolean;
  closedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  summary?: CaseSummary;
}

export type CaseWithSteps = Case & { steps: Step[] };

export interface CaseInput {
  number: string;
  kind: CaseKind;
  title: string;
  party?: string | null;
  unitId?: string | null;
  major?: boolean;
  steps?: StepInput[];
}

export interface CasePatch {
  title?: string;
  party?: string | null;
  unitId?: string | null;
  major?: boolean;
  status?: CaseStatus;
  hold?: boolean;
}

export type LinkOrigin = 'auto' | 'manual' | 'excluded';
export type FootageSource = 'live' | 'device';

export interface LinkView {
  recordingId: string;
  deviceId: string;
  officerId: string | null;
  source: FootageSource;
  start: string;
  end: string;
  origin: LinkOrigin;
  linkedBy: string | null;
  reason: string | null;
  fileUrl: string;
}

export type TimelineStep = Step & { footage: LinkView[] };

export interface CaseTimeline {
  caseId: string;
  number: string;
  steps: TimelineStep[];
}

export interface CaseCoverage {
  caseId: string;
  passing: boolean;
  steps: (StepCoverage & { stepId: string; requirement: Requirement })[];
}

export interface ImportResult {
  cases: number;
  steps: number;
  ids: string[];
}

// ---- coverage report ----

export const GROUP_BYS = ['officer', 'unit', 'case'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const PERIODS = ['day', 'week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

export interface CoverageFigures {
  steps: number;
  passing: number;
  failing: number;
  windowSeconds: number;
  coveredSeconds: number;
  ratio: number;
}

export interface CoverageReport {
  groupBy: GroupBy;
  period: Period;
  rows: (CoverageFigures & { key: string; label: string })[];
  trend: (CoverageFigures & { period: string })[];
}

// ---- review queues ----

export const REVIEW_KINDS = [
  'unsorted',
  'coverage-gap',
  'marked',
  'legal-review',
  'interruption',
  'quarantine',
  'discard-overlap',
] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];
/** The queues the dashboard shows today (legal review joins with its own issue). */
export const QUEUE_KINDS = [
  'unsorted',
  'coverage-gap',
  'interruption',
  'marked',
  'quarantine',
  'discard-overlap',
] as const satisfies readonly ReviewKind[];
/** Kinds an officer explains and a supervisor accepts or rejects. */
export const EXPLAINED_KINDS: readonly ReviewKind[] = ['coverage-gap', 'interruption'];
/** Kinds a supervisor looks at and closes with a note. */
export const NOTED_KINDS: readonly ReviewKind[] = ['marked', 'quarantine', 'discard-overlap'];

export const REVIEW_STATES = ['open', 'in_review', 'done'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** Why footage is missing, as an officer explains a coverage gap. */
export const GAP_REASONS = [
  'device-failure',
  'party-refused',
  'battery',
  'storage-full',
  'safety',
  'network',
  'other',
] as const;
export type GapReason = (typeof GAP_REASONS)[number];

export interface ReviewItem {
  id: string;
  kind: ReviewKind;
  subjectId: string;
  title: string;
  caseId: string | null;
  stepId: string | null;
  deviceId: string | null;
  officerId: string | null;
  unitId: string | null;
  subjectStart: string | null;
  subjectEnd: string | null;
  state: ReviewState;
  assignee: string | null;
  explanation: string | null;
  explanationReason: string | null;
  explainedBy: string | null;
  decision: 'accepted' | 'rejected' | null;
  decisionNote: string | null;
  decidedBy: string | null;
  resolution: string | null;
  detail: unknown;
  dueAt: string;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ReviewCount {
  open: number;
  in_review: number;
  done: number;
  overdue: number;
}

export type ReviewCounts = Record<ReviewKind, ReviewCount>;

export interface ReviewQuery {
  kind?: ReviewKind | undefined;
  state?: ReviewState | undefined;
  assignee?: string | undefined;
  case?: string | undefined;
  officer?: string | undefined;
  unit?: string | undefined;
  device?: string | undefined;
  overdue?: boolean | undefined;
  limit?: number | undefined;
}

// ---- playback ----

export interface PlaybackPiece {
  recordingId: string;
  source: FootageSource;
  wallStart: string;
  wallEnd: string;
  /** Seconds into the stitched media. */
  mediaStart: number;
  mediaEnd: number;
}

export interface Playback {
  deviceId: string;
  from: string;
  to: string;
  pieces: PlaybackPiece[];
  gaps: CoverageGap[];
  /** One MP4 of the pieces back to back. */
  mediaUrl: string;
}

// ---- exports ----

export type ExportFormat = 'zip' | 'folder';
export type ExportState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  id: string;
  caseId: string;
  caseNumber: string;
  format: ExportFormat;
  state: ExportState;
  bytesDone: number;
  bytesTotal: number;
  files: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
  fileName: string;
  downloadUrl?: string;
}

export const EXPORT_FINISHED: readonly ExportState[] = ['done', 'failed', 'cancelled'];

// ---- audit trail ----

/** The actions the gateway records (gateway/src/audit/audit-log.ts). */
export const AUDIT_ACTIONS = [
  'view',
  'play',
  'download',
  'export',
  'link',
  'unlink',
  'explain',
  'decide',
  'assign',
  'delete',
  'create',
  'update',
  'import',
  'hold',
  'close',
  'verify',
  'quarantine',
  'discard',
  'flag',
  'acknowledge',
  'hand-out',
  'check-in',
  'override',
  'enroll',
  'command',
] as const;

export interface AuditEntry {
  seq: number;
  ts: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditQuery {
  case?: string | undefined;
  actor?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Entries with seq below this (paging backwards). */
  before?: number | undefined;
  limit?: number | undefined;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  headSeq: number;
  headHash: string;
  firstBad?: { seq: number; reason: string };
}
