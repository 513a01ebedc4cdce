/**
 * The case model as the API answers it: units, officers, device assignments, cases, steps and their
 * coverage, links between footage and steps, the timeline under the player and the coverage report.
 */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { DateTime, lit, Nullable } from './builders.js';

/** The id of a unit, officer, device or step as the case model takes it. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' });

export const CASE_KINDS = ['penalty', 'compulsion', 'inspection', 'reward'] as const;
export const CASE_STATUSES = ['open', 'in_review', 'decided', 'closed'] as const;
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
/** The Chinese name of each kind of step, as the station prints it (documents, public pages). */
export const STEP_KIND_ZH: Record<(typeof STEP_KINDS)[number], string> = {
  'on-site-inspection': '现场检查',
  'random-inspection': '随机抽查',
  investigation: '调查取证',
  'evidence-preservation': '证据保全',
  service: '文书送达',
  'compulsory-measure': '行政强制措施',
  hearing: '听证',
  other: '其他',
};
export const REQUIREMENTS = ['full-process', 'required', 'optional'] as const;

/**
 * What the rules ask by default of each kind of step (执法全过程记录制度): video is mandatory for
 * inspections, evidence collection and preservation and service of documents, and full-process for
 * compulsory measures. The station applies it to a step created without a requirement; the
 * dashboard preselects it.
 */
export const DEFAULT_REQUIREMENT: Readonly<Record<(typeof STEP_KINDS)[number], (typeof REQUIREMENTS)[number]>> = {
  'on-site-inspection': 'required',
  'random-inspection': 'required',
  investigation: 'required',
  'evidence-preservation': 'required',
  service: 'required',
  'compulsory-measure': 'full-process',
  hearing: 'optional',
  other: 'optional',
};

export const CaseKind = lit(CASE_KINDS);
export const CaseStatus = lit(CASE_STATUSES);
export const StepKind = lit(STEP_KINDS);
export const Requirement = lit(REQUIREMENTS);

export const UnitView = Type.Object(
  { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Nullable(Type.String()) },
  { $id: 'Unit' },
);
export type UnitView = Static<typeof UnitView>;

export const OfficerView = Type.Object(
  {
    id: Type.String({ description: 'Badge number (警号): what recorders report as officerId' }),
    name: Type.String(),
    licenceNo: Nullable(Type.String({ description: 'Enforcement licence number (执法证号)' })),
    licenceExpires: Nullable(Type.String({ description: 'Last day the licence is valid (YYYY-MM-DD)' })),
    unitId: Nullable(Type.String()),
    role: Type.String(),
    active: Type.Boolean(),
  },
  { $id: 'Officer' },
);
export type OfficerView = Static<typeof OfficerView>;

export const AssignmentView = Type.Object(
  {
    id: Type.String(),
    deviceId: Type.String(),
    officerId: Type.String(),
    startedAt: DateTime(),
    endedAt: Nullable(DateTime()),
    createdBy: Type.String(),
  },
  { $id: 'Assignment' },
);
export type AssignmentView = Static<typeof AssignmentView>;

export const CoverageGapView = Type.Object({ start: DateTime(), end: DateTime(), seconds: Type.Number() });
export const InterruptionView = Type.Object({
  start: DateTime('The stop (or the last sign of a recording cut without one)'),
  end: DateTime('The next press, or the end of the window'),
  seconds: Type.Number(),
  kind: Type.Union([Type.Literal('stop'), Type.Literal('cut')], {
    description: 'stop: the recorder was stopped; cut: the recording ended without a stop (power, crash)',
  }),
  deviceId: Type.String(),
  recordingId: Type.String({ description: 'The recording that ended' }),
  resumed: Type.Boolean({ description: 'A press within the window ended the interruption' }),
});
export type InterruptionView = Static<typeof InterruptionView>;
export const StepCoverageView = Type.Object(
  {
    windowStart: DateTime(),
    windowEnd: DateTime(),
    windowSeconds: Type.Number(),
    coveredSeconds: Type.Number(),
    ratio: Type.Number(),
    requiredRatio: Type.Number(),
    passing: Type.Boolean({ description: 'The footage meets the requirement and nothing interrupted the recording' }),
    final: Type.Boolean({ description: 'The window has ended' }),
    gaps: Type.Array(CoverageGapView),
    recordedSeconds: Type.Number({ description: 'Window seconds under footage recorded between a press and its stop' }),
    bufferSeconds: Type.Number({ description: 'Window seconds under pre- or post-record footage only' }),
    interruptions: Type.Array(InterruptionView, {
      description: 'Stops inside a full-process or required step, until the next press, whatever footage covers them',
    }),
  },
  { $id: 'StepCoverage' },
);
export type StepCoverageView = Static<typeof StepCoverageView>;

export const StepView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    kind: StepKind,
    title: Nullable(Type.String()),
    startsAt: DateTime(),
    endsAt: Nullable(DateTime()),
    location: Nullable(Type.String()),
    lat: Type.Union([Type.Number(), Type.Null()]),
    lon: Type.Union([Type.Number(), Type.Null()]),
    requirement: Requirement,
    officers: Type.Array(Type.String()),
    coverage: Type.Union([Type.Ref(StepCoverageView), Type.Null()]),
  },
  { $id: 'Step' },
);
export type StepView = Static<typeof StepView>;

export const CaseSummary = Type.Object({
  steps: Type.Integer(),
  passing: Type.Integer(),
  failing: Type.Integer(),
  pending: Type.Integer({ description: 'Steps still going on' }),
  windowSeconds: Type.Number(),
  coveredSeconds: Type.Number(),
});

export const CaseView = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    kind: CaseKind,
    title: Type.String(),
    party: Nullable(Type.String()),
    unitId: Nullable(Type.String()),
    status: CaseStatus,
    major: Type.Boolean(),
    hold: Type.Boolean(),
    closedAt: Nullable(DateTime()),
    createdBy: Type.String(),
    createdAt: DateTime(),
    updatedAt: DateTime(),
    summary: Type.Optional(CaseSummary),
  },
  { $id: 'Case' },
);
export type CaseView = Static<typeof CaseView>;

export const LinkView = Type.Object({
  recordingId: Type.String(),
  deviceId: Type.String(),
  officerId: Nullable(Type.String()),
  source: Type.Union([Type.Literal('live'), Type.Literal('device')]),
  start: DateTime(),
  end: DateTime(),
  origin: Type.Union([Type.Literal('auto'), Type.Literal('manual'), Type.Literal('excluded')]),
  linkedBy: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  fileUrl: Type.String(),
});
export type LinkView = Static<typeof LinkView>;

/** A case with its steps. */
export const CaseDetailView = Type.Intersect([
  Type.Ref(CaseView),
  Type.Object({ steps: Type.Array(Type.Ref(StepView)) }),
]);
export type CaseDetailView = Static<typeof CaseDetailView>;

/** Coverage of every step of a case, computed now from its linked footage. */
export const CaseCoverageView = Type.Object({
  caseId: Type.String(),
  passing: Type.Boolean(),
  steps: Type.Array(
    Type.Intersect([Type.Ref(StepCoverageView), Type.Object({ stepId: Type.String(), requirement: Type.String() })]),
  ),
});
export type CaseCoverageView = Static<typeof CaseCoverageView>;

/** Per step: its window, the footage linked to it and its gaps (the timeline under the player). */
export const TimelineView = Type.Object({
  caseId: Type.String(),
  number: Type.String(),
  steps: Type.Array(Type.Intersect([Type.Ref(StepView), Type.Object({ footage: Type.Array(LinkView) })])),
});
export type TimelineView = Static<typeof TimelineView>;

const figures = {
  steps: Type.Integer({ description: 'Finished steps counted' }),
  passing: Type.Integer({ description: 'Steps whose coverage meets their requirement' }),
  failing: Type.Integer(),
  windowSeconds: Type.Number({ description: 'Sum of the steps’ windows' }),
  coveredSeconds: Type.Number({ description: 'Sum of what footage covers of them' }),
  ratio: Type.Number({ description: 'coveredSeconds / windowSeconds (0 when there is no window)' }),
};

/** Coverage of finished steps rolled up per officer, unit or case, with the trend per period. */
export const CoverageReportView = Type.Object(
  {
    groupBy: Type.Union([Type.Literal('officer'), Type.Literal('unit'), Type.Literal('case')]),
    period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
    rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...figures })),
    trend: Type.Array(Type.Object({ period: Type.String({ description: 'Day, ISO week or month' }), ...figures })),
  },
  { $id: 'CoverageReport' },
);
export type CoverageReportView = Static<typeof CoverageReportView>;
