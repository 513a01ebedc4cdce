// The API's closed lists the dashboard offers in menus and filters. The API
// types (./api/types) say what the members are; a list here that misses one
// or names one the API does not know fails the type check.
import type {
  CaseKind,
  CaseStatus,
  CheckState,
  DeadlineState,
  DeviceStatus,
  DiscussionOutcome,
  DocumentKind,
  ExportState,
  GapReason,
  GroupBy,
  HearingState,
  LedgerKind,
  LegalReviewState,
  MeasureKey,
  OpinionOutcome,
  PartyType,
  Period,
  Requirement,
  ReviewKind,
  StepKind,
} from './api/types';
import {
  CASE_KINDS as CONTRACT_CASE_KINDS,
  CASE_STATUSES as CONTRACT_CASE_STATUSES,
  CHECK_STATES as CONTRACT_CHECK_STATES,
  DEADLINE_STATES as CONTRACT_DEADLINE_STATES,
  DEFAULT_REQUIREMENT as CONTRACT_DEFAULT_REQUIREMENT,
  DOCUMENT_KINDS as CONTRACT_DOCUMENT_KINDS,
  HEARING_STATES as CONTRACT_HEARING_STATES,
  LEGAL_REVIEW_STATES as CONTRACT_LEGAL_REVIEW_STATES,
  MEASURE_KEYS as CONTRACT_MEASURE_KEYS,
  OPINION_OUTCOMES as CONTRACT_OPINION_OUTCOMES,
  PARTY_TYPES as CONTRACT_PARTY_TYPES,
  REQUIREMENTS as CONTRACT_REQUIREMENTS,
  STEP_KINDS as CONTRACT_STEP_KINDS,
} from '@liuhen/contract';

/** Every member of the union T, in the order given: the type check refuses a missing or unknown one. */
export function everyOf<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L => list;
}

/** Inventory status: 在用 / 维修 / 报废. */
export const DEVICE_STATUSES = everyOf<DeviceStatus>()(['in_service', 'in_repair', 'retired']);
export const LEDGER_KINDS = everyOf<LedgerKind>()([
  'enroll',
  'hand-out',
  'check-in',
  'override',
  'repair',
  'repair-done',
  'retire',
]);

/**
 * The alert rules the dashboard has words for. The API types a rule as any
 * string (newer gateways may add rules), so this list is the dashboard's own.
 */
export const ALERT_RULES = [
  'offline',
  'battery-low',
  'storage-low',
  'clock-drift',
  'not-recording',
  'offload-overdue',
  'unassigned-recording',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const CASE_KINDS = everyOf<CaseKind>()(CONTRACT_CASE_KINDS);
export const CASE_STATUSES = everyOf<CaseStatus>()(CONTRACT_CASE_STATUSES);
export const STEP_KINDS = everyOf<StepKind>()(CONTRACT_STEP_KINDS);
export const REQUIREMENTS = everyOf<Requirement>()(CONTRACT_REQUIREMENTS);

/** What the rules ask by default of each kind of step: the station's table (@liuhen/contract). */
export const DEFAULT_REQUIREMENT: Readonly<Record<StepKind, Requirement>> = CONTRACT_DEFAULT_REQUIREMENT;

export const GROUP_BYS = everyOf<GroupBy>()(['officer', 'unit', 'case']);
export const PERIODS = everyOf<Period>()(['day', 'week', 'month']);

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
/** Why footage is missing, as an officer explains a coverage gap. */
export const GAP_REASONS = everyOf<GapReason>()([
  'device-failure',
  'party-refused',
  'battery',
  'storage-full',
  'safety',
  'network',
  'other',
]);

export const EXPORT_FINISHED: readonly ExportState[] = ['done', 'failed', 'cancelled'];

/**
 * The actions the gateway records (gateway/src/audit/audit-log.ts), for the
 * audit page's filter. The API types an entry's action as any string.
 */
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
  'upload',
  'submit',
  'accept',
  'opinion',
  'discuss',
  'withdraw',
  'void',
  'configure',
] as const;

/** What a case-file document is (卷内目录), in the contract's order. */
export const DOCUMENT_KINDS = everyOf<DocumentKind>()(CONTRACT_DOCUMENT_KINDS);
export const PARTY_TYPES = everyOf<PartyType>()(CONTRACT_PARTY_TYPES);
export const MEASURE_KEYS = everyOf<MeasureKey>()(CONTRACT_MEASURE_KEYS);
export const HEARING_STATES = everyOf<HearingState>()(CONTRACT_HEARING_STATES);
export const OPINION_OUTCOMES = everyOf<OpinionOutcome>()(CONTRACT_OPINION_OUTCOMES);
export const DISCUSSION_OUTCOMES = everyOf<DiscussionOutcome>()(['agree', 'disagree']);
export const LEGAL_REVIEW_STATES = everyOf<LegalReviewState>()(CONTRACT_LEGAL_REVIEW_STATES);
export const CHECK_STATES = everyOf<CheckState>()(CONTRACT_CHECK_STATES);
export const DEADLINE_STATES = everyOf<DeadlineState>()(CONTRACT_DEADLINE_STATES);
/** Rounds still waiting for their opinion: the unit may withdraw them. */
export const OPEN_ROUND_STATES: readonly LegalReviewState[] = ['submitted', 'accepted'];
