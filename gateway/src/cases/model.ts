/**
 * API shapes of the case model (one TypeBox schema → validation, OpenAPI and
 * types) and the row → view mappings.
 */
import { Type, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import type { AssignmentsTable, CasesTable, OfficersTable, StepsTable, UnitsTable } from '../db/schema.js';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = (description?: string) => Type.String({ format: 'date-time', description });
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' });

export const CASE_KINDS = ['penalty', 'compulsion', 'inspection', 'reward'] as const;
export const CASE_STATUSES = ['open', 'in_review', 'closed'] as const;
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
export const REQUIREMENTS = ['full-process', 'required', 'optional'] as const;

/** What the rules ask by default of each kind of step (执法全过程记录制度). */
export const DEFAULT_REQUIREMENT: Record<(typeof STEP_KINDS)[number], (typeof REQUIREMENTS)[number]> = {
  'on-site-inspection': 'required',
  'random-inspection': 'required',
  investigation: 'required',
  'evidence-preservation': 'required',
  service: 'required',
  'compulsory-measure': 'full-process',
  hearing: 'optional',
  other: 'optional',
};

/** A union of string literals that keeps the literal types (map() alone widens them to string). */
export const lit = <T extends readonly string[]>(xs: T): TUnion<TLiteral<T[number]>[]> =>
  Type.Union(xs.map((x) => Type.Literal(x as T[number])));
export const CaseKind = lit(CASE_KINDS);
export const CaseStatus = lit(CASE_STATUSES);
export const StepKind = lit(STEP_KINDS);
export const Requirement = lit(REQUIREMENTS);

export const UnitView = Type.Object(
  { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Nullable(Type.String()) },
  { $id: 'Unit' },
);
export type UnitView = Static<typeof UnitView>;
export const UnitInput = Type.Object(
  { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);

export const OfficerView = Type.Object(
  {
    id: Type.String({ description: 'Badge number (警号): what recorders report as officerId' }),
    name: Type.String(),
    licenceNo: Nullable(Type.String({ description: 'Enforcement licence number (执法证号)' })),
    unitId: Nullable(Type.String()),
    role: Type.String(),
    active: Type.Boolean(),
  },
  { $id: 'Officer' },
);
export type OfficerView = Static<typeof OfficerView>;
export const OfficerInput = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    licenceNo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    unitId: Type.Optional(Nullable(Id)),
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 32, default: 'officer' })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

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
export const AssignmentInput = Type.Object(
  {
    deviceId: Id,
    officerId: Id,
    startedAt: Type.Optional(DateTime('Default: now')),
    endedAt: Type.Optional(Nullable(DateTime('Omit while the device is out'))),
  },
  { additionalProperties: false },
);

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

const StepFields = {
  kind: StepKind,
  title: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  startsAt: DateTime(),
  endsAt: Type.Optional(Nullable(DateTime('Omit while the act is still going on'))),
  location: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  lat: Type.Optional(Type.Union([Type.Number({ minimum: -90, maximum: 90 }), Type.Null()])),
  lon: Type.Optional(Type.Union([Type.Number({ minimum: -180, maximum: 180 }), Type.Null()])),
  requirement: Type.Optional(Requirement),
  officers: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
};
export const StepInput = Type.Object(StepFields, { additionalProperties: false });
export type StepInput = Static<typeof StepInput>;
export const StepPatch = Type.Partial(Type.Object(StepFields), { additionalProperties: false });
export type StepPatch = Static<typeof StepPatch>;

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

export const CaseInput = Type.Object(
  {
    number: Type.String({ minLength: 1, maxLength: 64, pattern: '\\S', description: 'Case number (案件编号), unique' }),
    kind: CaseKind,
    title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    party: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    unitId: Type.Optional(Nullable(Id)),
    major: Type.Optional(Type.Boolean({ description: 'Major decision (重大执法决定): goes to legal review' })),
    steps: Type.Optional(Type.Array(StepInput, { maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type CaseInput = Static<typeof CaseInput>;
export const CasePatch = Type.Partial(
  Type.Object({
    title: Type.String({ minLength: 1, maxLength: 200 }),
    party: Nullable(Type.String({ maxLength: 200 })),
    unitId: Nullable(Id),
    major: Type.Boolean(),
    status: CaseStatus,
    hold: Type.Boolean({ description: 'Legal hold: nothing linked is deleted while set' }),
  }),
  { additionalProperties: false },
);
export type CasePatch = Static<typeof CasePatch>;

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

export const unitView = (u: UnitsTable): UnitView => ({ id: u.id, name: u.name, parentId: u.parent_id });
export const officerView = (o: OfficersTable): OfficerView => ({
  id: o.id,
  name: o.name,
  licenceNo: o.licence_no,
  unitId: o.unit_id,
  role: o.role,
  active: o.active === 1,
});
export const assignmentView = (a: AssignmentsTable): AssignmentView => ({
  id: a.id,
  deviceId: a.device_id,
  officerId: a.officer_id,
  startedAt: a.started_at,
  endedAt: a.ended_at,
  createdBy: a.created_by,
});
export const caseView = (c: CasesTable): CaseView => ({
  id: c.id,
  number: c.number,
  kind: c.kind,
  title: c.title,
  party: c.party,
  unitId: c.unit_id,
  status: c.status,
  major: c.major === 1,
  hold: c.hold === 1,
  closedAt: c.closed_at,
  createdBy: c.created_by,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});
export const stepView = (s: StepsTable, officers: string[], coverage: StepCoverageView | null): StepView => ({
  id: s.id,
  caseId: s.case_id,
  kind: s.kind as StepView['kind'],
  title: s.title,
  startsAt: s.starts_at,
  endsAt: s.ends_at,
  location: s.location,
  lat: s.lat,
  lon: s.lon,
  requirement: s.requirement,
  officers,
  coverage,
});
