/**
 * Request bodies of the case model (one TypeBox schema → validation, OpenAPI and types) and the
 * row → view mappings; the views themselves are the contract's (@liuhen/contract cases.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  CaseKind,
  CaseStatus,
  DateTime,
  Id,
  Nullable,
  Requirement,
  StepKind,
  type AssignmentView,
  type CaseView,
  type OfficerView,
  type StepCoverageView,
  type StepView,
  type UnitView,
} from '@liuhen/contract';
import type { AssignmentsTable, CasesTable, OfficersTable, StepsTable, UnitsTable } from '../db/schema.js';

export const UnitInput = Type.Object(
  { id: Id, name: Type.String({ minLength: 1, maxLength: 200 }), parentId: Type.Optional(Nullable(Id)) },
  { additionalProperties: false },
);

export const OfficerInput = Type.Object(
  {
    id: Id,
    name: Type.String({ minLength: 1, maxLength: 100 }),
    licenceNo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64 }))),
    licenceExpires: Type.Optional(
      Nullable(
        Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Last day the licence is valid (YYYY-MM-DD)' }),
      ),
    ),
    unitId: Type.Optional(Nullable(Id)),
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 32, default: 'officer' })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AssignmentInput = Type.Object(
  {
    deviceId: Id,
    officerId: Id,
    startedAt: Type.Optional(DateTime('Default: now')),
    endedAt: Type.Optional(Nullable(DateTime('Omit while the device is out'))),
  },
  { additionalProperties: false },
);

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

export const unitView = (u: UnitsTable): UnitView => ({ id: u.id, name: u.name, parentId: u.parent_id });
export const officerView = (o: OfficersTable): OfficerView => ({
  id: o.id,
  name: o.name,
  licenceNo: o.licence_no,
  licenceExpires: o.licence_expires,
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
