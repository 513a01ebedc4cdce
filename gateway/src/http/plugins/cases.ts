/**
 * Cases, steps, officers, units, device assignments, links between footage
 * and steps, coverage and its roll-ups.
 */
import { scopeOf } from '../guard.js';
import { idParam, type Target } from '../scope.js';
import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AssignmentView,
  CaseCoverageView,
  CaseDetailView,
  CaseKind,
  CaseStatus,
  CaseView,
  CoverageReportView,
  ErrorBody,
  LinkView,
  OfficerView,
  StepCoverageView,
  StepView,
  TimelineView,
  UnitView,
} from '@liuhen/contract';
import type { Cases } from '../../cases/cases.js';
import { CsvImportError, parseCasesCsv } from '../../cases/csv-import.js';
import {
  type CaseInput as CaseInputT,
  type CasePatch as CasePatchT,
  type StepPatch as StepPatchT,
  AssignmentInput,
  CaseInput,
  CasePatch,
  OfficerInput,
  StepInput,
  StepPatch,
  UnitInput,
} from '../../cases/model.js';
import { coverageReport } from '../../cases/report.js';
import type { Sorter } from '../../cases/sorter.js';
import type { Db } from '../../db/database.js';
import { actorOf } from '../actor.js';
import { HttpError } from '../errors.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Reason = Type.String({ minLength: 2, maxLength: 500, description: 'Why (kept in the audit trail)' });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** What a new case touches: the unit it is filed under (absent: the caller's) and the officers on its steps. */
const newCase = (c: CaseInputT): Target[] => [
  { unit: c.unitId ?? undefined },
  { officers: (c.steps ?? []).flatMap((s) => s.officers) },
];
/** CSV that does not parse touches nothing: the route answers 400. */
const importedCases = (text: unknown): Target[] => {
  try {
    return parseCasesCsv(String(text)).flatMap(newCase);
  } catch {
    return [];
  }
};

export const casesPlugin: FastifyPluginAsyncTypebox<{ cases: Cases; sorter: Sorter; db: Db }> = async (
  app,
  { cases, sorter, db },
) => {
  for (const s of [UnitView, OfficerView, AssignmentView, StepCoverageView, StepView, CaseView, CoverageReportView])
    app.addSchema(s);

  // Spreadsheets and case systems export CSV; the import parses it as text.
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  // ---- units, officers, assignments ------------------------------------------------------
  app.get(
    '/api/units',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Enforcement units',
        tags: ['people'],
        response: { 200: Type.Object({ units: Type.Array(Type.Ref(UnitView)) }) },
      },
    },
    async () => ({
      units: await cases.units(),
    }),
  );
  app.post(
    '/api/units',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Create or rename a unit',
        tags: ['people'],
        body: UnitInput,
        response: { 200: Type.Ref(UnitView), ...errors },
      },
    },
    async (req) => cases.upsertUnit(req.body, actorOf(req)),
  );
  app.get(
    '/api/officers',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Officers (badge number = the officer id recorders report)',
        tags: ['people'],
        querystring: Type.Object(
          { unit: Type.Optional(Type.String({ maxLength: 64 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ officers: Type.Array(Type.Ref(OfficerView)) }) },
      },
    },
    async (req) => ({ officers: await cases.officers(req.query.unit) }),
  );
  app.post(
    '/api/officers',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Create or update an officer',
        tags: ['people'],
        body: OfficerInput,
        response: { 200: Type.Ref(OfficerView), ...errors },
      },
    },
    async (req) => cases.upsertOfficer(req.body, actorOf(req)),
  );
  app.get(
    '/api/assignments',
    {
      config: { access: [...CAN.manageDevices, ...CAN.superviseCases], scope: 'none' },
      schema: {
        summary: 'Which officer held which recorder when',
        tags: ['people'],
        querystring: Type.Object(
          {
            device: Type.Optional(Type.String({ maxLength: 64 })),
            officer: Type.Optional(Type.String({ maxLength: 64 })),
            open: Type.Optional(Type.Boolean({ description: 'Only devices still out' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ assignments: Type.Array(Type.Ref(AssignmentView)) }) },
      },
    },
    async (req) => ({
      assignments: await cases.assignments({
        deviceId: req.query.device,
        officerId: req.query.officer,
        open: req.query.open,
        limit: req.query.limit,
      }),
    }),
  );
  app.post(
    '/api/assignments',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'Put a recorder in an officer’s hands (re-sorts its footage)',
        tags: ['people'],
        body: AssignmentInput,
        response: { 201: Type.Ref(AssignmentView), ...errors },
      },
    },
    async (req, reply) => {
      const a = await cases.assign(req.body, actorOf(req));
      await sorter.flush();
      return reply.code(201).send(a);
    },
  );
  app.post(
    '/api/assignments/:id/end',
    {
      config: { access: CAN.manageDevices },
      schema: {
        summary: 'End an assignment (check-in)',
        tags: ['people'],
        params: IdParams,
        body: Type.Object(
          { endedAt: Type.Optional(Type.String({ format: 'date-time' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(AssignmentView), ...errors },
      },
    },
    async (req) => {
      const a = await cases.endAssignment(req.params.id, req.body.endedAt, actorOf(req));
      await sorter.flush();
      return a;
    },
  );

  // ---- cases and steps ---------------------------------------------------------------------
  app.get(
    '/api/cases',
    {
      config: { access: CAN.readFootage, scope: 'filtered' },
      schema: {
        summary: 'Enforcement cases with their coverage summary, newest first',
        tags: ['cases'],
        querystring: Type.Object(
          {
            status: Type.Optional(CaseStatus),
            kind: Type.Optional(CaseKind),
            unit: Type.Optional(Type.String({ maxLength: 64 })),
            officer: Type.Optional(Type.String({ maxLength: 64 })),
            q: Type.Optional(Type.String({ maxLength: 100, description: 'Search number, title, party' })),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ cases: Type.Array(Type.Ref(CaseView)) }), 400: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query;
      // The caller's scope always applies: a filter outside it finds nothing.
      return {
        cases: await cases.list({
          status: q.status,
          kind: q.kind,
          unitId: q.unit,
          officerId: q.officer,
          q: q.q,
          from: q.from,
          to: q.to,
          limit: q.limit,
          visibleTo: scopeOf(req),
        }),
      };
    },
  );
  app.post(
    '/api/cases',
    {
      config: { access: CAN.superviseCases, scope: (req) => newCase(req.body as CaseInputT) },
      schema: {
        summary: 'Create a case, optionally with its steps',
        tags: ['cases'],
        body: CaseInput,
        response: { 201: CaseDetailView, ...errors },
      },
    },
    async (req, reply) => {
      // A unit's supervisor files new cases under their unit.
      const id = await cases.create(
        { ...req.body, unitId: req.body.unitId ?? scopeOf(req).unitId ?? null },
        actorOf(req),
      );
      return reply.code(201).send(await cases.get(id));
    },
  );
  app.post(
    '/api/cases/import',
    {
      config: { access: CAN.superviseCases, scope: (req) => importedCases(req.body) },
      schema: {
        summary: 'Import cases and steps from CSV (one row per step; all or nothing)',
        description:
          'Columns: case_number, case_kind, case_title, party, unit_id, major, step_kind, step_title, starts_at, ends_at, location, lat, lon, requirement, officers (badge numbers separated by ;). Chinese headers and kind names are accepted.',
        tags: ['cases'],
        consumes: ['text/csv'],
        body: Type.String({ description: 'CSV text' }),
        response: {
          201: Type.Object({ cases: Type.Integer(), steps: Type.Integer(), ids: Type.Array(Type.String()) }),
          ...errors,
        },
      },
    },
    async (req, reply) => {
      let parsed;
      try {
        parsed = parseCasesCsv(req.body);
      } catch (err) {
        if (err instanceof CsvImportError) throw new HttpError(400, err.message);
        throw err;
      }
      const unitId = scopeOf(req).unitId;
      if (unitId) parsed = parsed.map((c) => ({ ...c, unitId: c.unitId ?? unitId }));
      return reply.code(201).send(await cases.importCases(parsed, actorOf(req)));
    },
  );
  app.get(
    '/api/cases/:id',
    {
      config: { access: CAN.readFootage, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'A case with its steps and their coverage',
        tags: ['cases'],
        params: IdParams,
        response: { 200: CaseDetailView, 404: ErrorBody },
      },
    },
    async (req) => cases.get(req.params.id),
  );
  app.patch(
    '/api/cases/:id',
    {
      config: {
        access: CAN.superviseCases,
        // Moving a case to another unit moves it out of the caller's scope.
        scope: (req) => {
          const unitId = (req.body as CasePatchT).unitId;
          return [{ case: idParam(req) }, ...(unitId === undefined ? [] : [{ unit: unitId }])];
        },
      },
      schema: {
        summary: 'Edit, close or put a legal hold on a case',
        tags: ['cases'],
        params: IdParams,
        body: CasePatch,
        response: { 200: CaseDetailView, ...errors },
      },
    },
    async (req) => {
      await cases.patch(req.params.id, req.body, actorOf(req));
      return cases.get(req.params.id);
    },
  );
  app.post(
    '/api/cases/:id/steps',
    {
      config: {
        access: CAN.superviseCases,
        scope: (req) => [{ case: idParam(req) }, { officers: (req.body as { officers: string[] }).officers }],
      },
      schema: {
        summary: 'Add a step (执法环节); its footage is sorted at once',
        tags: ['cases'],
        params: IdParams,
        body: StepInput,
        response: { 201: Type.Ref(StepView), ...errors },
      },
    },
    async (req, reply) => {
      const stepId = await cases.addStep(req.params.id, req.body, actorOf(req));
      const c = await cases.get(req.params.id);
      return reply.code(201).send(c.steps.find((s) => s.id === stepId)!);
    },
  );
  app.patch(
    '/api/steps/:id',
    {
      config: {
        access: CAN.superviseCases,
        scope: (req) => [{ step: idParam(req) }, { officers: (req.body as StepPatchT).officers ?? [] }],
      },
      schema: {
        summary: 'Edit a step; its footage is re-sorted',
        tags: ['cases'],
        params: IdParams,
        body: StepPatch,
        response: { 200: Type.Ref(StepView), ...errors },
      },
    },
    async (req) => {
      const s = await cases.patchStep(req.params.id, req.body, actorOf(req));
      return (await cases.get(s.case_id)).steps.find((x) => x.id === s.id)!;
    },
  );
  app.delete(
    '/api/steps/:id',
    {
      config: { access: CAN.superviseCases, scope: (req) => [{ step: idParam(req) }] },
      schema: {
        summary: 'Remove a step and its links',
        tags: ['cases'],
        params: IdParams,
        response: { 204: Type.Null(), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      await cases.removeStep(req.params.id, actorOf(req));
      return reply.code(204).send(null);
    },
  );

  // ---- links and coverage --------------------------------------------------------------------
  app.get(
    '/api/steps/:id/links',
    {
      config: { access: CAN.readFootage, scope: (req) => [{ step: idParam(req) }] },
      schema: {
        summary: 'Footage linked to a step, including links a reviewer removed',
        tags: ['cases'],
        params: IdParams,
        response: { 200: Type.Object({ links: Type.Array(LinkView) }), 404: ErrorBody },
      },
    },
    async (req) => ({ links: await cases.stepLinks(req.params.id) }),
  );
  app.post(
    '/api/steps/:id/links',
    {
      config: {
        access: CAN.superviseCases,
        scope: (req) => [
          { link: { step: idParam(req), recordings: (req.body as { recordingIds: string[] }).recordingIds } },
        ],
      },
      schema: {
        summary: 'Link footage to a step by hand, with a reason (audited)',
        tags: ['cases'],
        params: IdParams,
        body: Type.Object(
          {
            recordingIds: Type.Array(Type.String({ format: 'uuid' }), {
              minItems: 1,
              maxItems: 1000,
              uniqueItems: true,
            }),
            reason: Reason,
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ linked: Type.Integer() }), ...errors },
      },
    },
    async (req) => ({ linked: await cases.link(req.params.id, req.body.recordingIds, req.body.reason, actorOf(req)) }),
  );
  app.post(
    '/api/steps/:id/unlink',
    {
      config: {
        access: CAN.superviseCases,
        scope: (req) => [
          { link: { step: idParam(req), recordings: [(req.body as { recordingId: string }).recordingId] } },
        ],
      },
      schema: {
        summary: 'Remove a link, with a reason (audited; the sorter will not add it back)',
        tags: ['cases'],
        params: IdParams,
        body: Type.Object(
          { recordingId: Type.String({ format: 'uuid' }), reason: Reason },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ok: Type.Literal(true) }), ...errors },
      },
    },
    async (req) => {
      await cases.unlink(req.params.id, req.body.recordingId, req.body.reason, actorOf(req));
      return { ok: true as const };
    },
  );
  app.get(
    '/api/cases/:id/coverage',
    {
      config: { access: CAN.readFootage, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Coverage of every step of a case, computed now from its linked footage',
        tags: ['coverage'],
        params: IdParams,
        response: { 200: CaseCoverageView, 404: ErrorBody },
      },
    },
    async (req) => cases.caseCoverage(req.params.id),
  );
  app.get(
    '/api/cases/:id/timeline',
    {
      config: { access: CAN.readFootage, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Per step: window, linked footage and gaps (for the timeline under the player; audited as a view)',
        tags: ['coverage'],
        params: IdParams,
        response: { 200: TimelineView, 404: ErrorBody },
      },
    },
    async (req) => cases.timeline(req.params.id, actorOf(req)),
  );
  app.get(
    '/api/coverage/report',
    {
      config: { access: CAN.superviseCases, scope: (req) => [{ unit: (req.query as { unit?: string }).unit }] },
      schema: {
        summary: 'Coverage of finished steps rolled up per officer, unit or case, with the trend per period',
        tags: ['coverage'],
        querystring: Type.Object(
          {
            groupBy: Type.Union([Type.Literal('officer'), Type.Literal('unit'), Type.Literal('case')], {
              default: 'officer',
            }),
            period: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' }),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            unit: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(CoverageReportView) },
      },
    },
    async (req) =>
      coverageReport(db, {
        groupBy: req.query.groupBy,
        period: req.query.period,
        from: req.query.from,
        to: req.query.to,
        // A unit's supervisor gets their unit's report.
        unitId: scopeOf(req).unitId ?? req.query.unit,
      }),
  );
  app.post(
    '/api/sorting/full',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Re-sort all footage from scratch (repair; manual links and exclusions are kept)',
        tags: ['coverage'],
        response: {
          200: Type.Object({
            segments: Type.Integer(),
            steps: Type.Integer(),
            assignments: Type.Integer(),
            links: Type.Integer(),
            loadMs: Type.Number(),
            matchMs: Type.Number(),
            writeMs: Type.Number(),
            derivedMs: Type.Number(),
          }),
        },
      },
    },
    async () => sorter.fullSort(),
  );
};
