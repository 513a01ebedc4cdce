/**
 * Publicity before enforcement (事前公开) and random inspections (双随机、一公开) on the internal
 * API: page versions (written, or generated from the officer registry, the configured procedure
 * steps and the random-inspection list), and draws (lists, roster, 回避, commitment, draw,
 * cancellation, the public files) with the results of their inspections. The rules live in
 * publicity/disclosure.ts and inspections/inspections.ts. These are the agency's own objects: no
 * unit or case scope applies ('none'); admins and supervisors publish, auditors read.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CASE_KINDS, ErrorBody, lit } from '@liuhen/contract';
import type { Disclosure } from '../../publicity/disclosure.js';
import {
  ConflictInput,
  InspectionItemInput,
  PlanInput,
  PlanPatch,
  ResultInput,
  RosterEntryInput,
  type Inspections,
} from '../../inspections/inspections.js';
import { InspectableParty } from '../../inspections/random-draw.js';
import { ProcedureStepConfig } from '../../publicity/disclosure-content.js';
import { actorOf, attachment } from '../actor.js';

/** Who publishes (admin always may). */
const PUBLISHERS = ['supervisor'] as const;
/** Who reads what is published and how. */
const READERS = ['supervisor', 'auditor'] as const;
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
/** A POST whose body is optional: none is taken as {} before validation. */
const emptyBodyIsObject = async (req: { body: unknown }) => {
  if (req.body === undefined || req.body === null) req.body = {};
};

const Slug = Type.String({
  minLength: 1,
  maxLength: 60,
  pattern: '^[a-z0-9-]+$',
  description: 'e.g. subject, procedure-penalty, guide-complaint',
});
const SlugParams = Type.Object({ slug: Slug });
const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD, China time' });

const Signature = Type.Object(
  {
    format: Type.String(),
    version: Type.Integer(),
    algorithm: Type.String(),
    signed: Type.String({ description: 'The public id the signature names' }),
    sha256: Type.String(),
    keyId: Type.String(),
    publicKeyPem: Type.String(),
    signature: Type.String({ description: 'Ed25519 over the exact bytes of the public JSON, base64' }),
  },
  { $id: 'StationSignature' },
);
const SignedRecord = Type.Object({
  json: Type.String({ description: 'The exact signed text, as published' }),
  signature: Type.Ref(Signature),
});

const PageView = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    kind: Type.String(),
    version: Type.Integer(),
    title: Type.String(),
    content: Type.Unknown(),
    effectiveFrom: Day,
    publishedBy: Type.String(),
    publishedAt: Type.String({ format: 'date-time' }),
    current: Type.Boolean({ description: 'The version in effect today' }),
    scheduled: Type.Boolean({ description: 'Its day of effect has not come yet' }),
    publicId: Type.String(),
    publicJson: Type.String({ description: 'The exact signed text the portal serves' }),
    signature: Type.Ref(Signature),
  },
  { $id: 'DisclosurePage' },
);
const Published = Type.Object({
  page: Type.Ref(PageView),
  created: Type.Boolean({ description: 'False: the content was the latest version’s; no version added' }),
  omitted: Type.Optional(
    Type.Object({
      noLicence: Type.Integer({ description: 'Active officers left out: no 执法证号' }),
      licenceExpired: Type.Integer({ description: 'Active officers left out: licence expired' }),
    }),
  ),
});
const PublishBody = {
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  effectiveFrom: Type.Optional(Day),
};

const Flow = Type.Object({
  caseKind: Type.String(),
  caseKindLabel: Type.String(),
  steps: Type.Array(ProcedureStepConfig),
  nodes: Type.Array(Type.Unknown()),
  edges: Type.Array(Type.Unknown()),
  svg: Type.String({ description: 'The flow chart, SVG' }),
});

const ItemView = Type.Object(
  {
    no: Type.Integer({ description: '序号 (0: off the list)' }),
    id: Type.String(),
    name: Type.String(),
    subItem: Type.Union([Type.String(), Type.Null()]),
    subject: Type.Union([Type.String(), Type.Null()]),
    basis: Type.Union([Type.String(), Type.Null()]),
    method: Type.Union([Type.String(), Type.Null()]),
    content: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
    active: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'InspectionItem' },
);

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const PLAN_STATES = ['draft', 'committed', 'drawn', 'cancelled'] as const;
const planFields = {
  id: Type.String(),
  drawId: Type.String(),
  title: Type.String(),
  itemId: Type.String(),
  drawAt: Type.String({ format: 'date-time' }),
  partyCount: Type.Integer(),
  inspectorsPerParty: Type.Integer(),
  rules: Type.Object({ excludeSameRegion: Type.Boolean(), excludeSupervisingUnit: Type.Boolean() }),
  beaconSource: Nullable(Type.String()),
  state: lit(PLAN_STATES),
  commitment: Nullable(Type.String({ description: 'SHA-256 published before the draw' })),
  committedAt: Nullable(Type.String({ format: 'date-time' })),
  drawnAt: Nullable(Type.String({ format: 'date-time' })),
  cancelledAt: Nullable(Type.String({ format: 'date-time' })),
  createdBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
};
const PlanSummary = Type.Object(
  {
    ...planFields,
    parties: Type.Integer(),
    inspectors: Type.Integer(),
    conflicts: Type.Integer(),
  },
  { $id: 'InspectionPlanSummary' },
);
const PlanView = Type.Object(
  {
    ...planFields,
    parties: Type.Array(InspectableParty),
    roster: Type.Array(
      Type.Object({
        officerId: Type.String(),
        id: Type.String({ description: '执法证号: the inspector’s id in the draw' }),
        name: Type.String(),
        unit: Type.Optional(Type.String()),
        region: Type.Optional(Type.String()),
      }),
    ),
    conflicts: Type.Array(
      Type.Object({
        officerId: Type.String(),
        inspectorId: Nullable(Type.String()),
        partyId: Type.String(),
        reason: Type.String({ description: 'Internal only: never published' }),
      }),
    ),
    committedBy: Nullable(Type.String()),
    commitmentRecord: Nullable(SignedRecord),
    beacon: Nullable(Type.String()),
    drawnBy: Nullable(Type.String()),
    drawRecord: Nullable(SignedRecord),
    cancelReason: Nullable(Type.String()),
    cancelledBy: Nullable(Type.String()),
    cancelRecord: Nullable(SignedRecord),
  },
  { $id: 'InspectionPlan' },
);
const AssignmentView = Type.Object(
  {
    id: Type.String(),
    planId: Type.String(),
    drawId: Type.String(),
    position: Type.Integer(),
    partyId: Type.String(),
    partyName: Nullable(Type.String()),
    inspectors: Type.Array(Type.Object({ officerId: Type.String(), licenceNo: Type.String(), name: Type.String() })),
    state: lit(['assigned', 'inspected'] as const),
    result: Nullable(ResultInput),
    resultBy: Nullable(Type.String()),
    resultAt: Nullable(Type.String({ format: 'date-time' })),
    publication: Nullable(
      Type.Object({
        id: Type.String(),
        itemId: Type.String(),
        state: Type.String(),
        publishedAt: Nullable(Type.String({ format: 'date-time' })),
      }),
    ),
  },
  { $id: 'InspectionAssignment' },
);

export const disclosurePlugin: FastifyPluginAsyncTypebox<{ disclosure: Disclosure; inspections: Inspections }> = async (
  app,
  { disclosure, inspections },
) => {
  for (const s of [Signature, PageView, ItemView, PlanSummary, PlanView, AssignmentView]) app.addSchema(s);
  const read = { access: READERS, scope: 'none' as const };
  const publish = { access: PUBLISHERS, scope: 'none' as const };

  // ---- pages (事前公开) -------------------------------------------------------------------------
  app.get(
    '/api/disclosure/pages',
    {
      config: read,
      schema: {
        summary: 'The version of each page in effect today (事前公开)',
        tags: ['disclosure'],
        response: { 200: Type.Object({ pages: Type.Array(Type.Ref(PageView)) }) },
      },
    },
    async () => ({ pages: await disclosure.pages() }),
  );
  app.get(
    '/api/disclosure/pages/:slug',
    {
      config: read,
      schema: {
        summary: 'The version of a page in effect today',
        tags: ['disclosure'],
        params: SlugParams,
        response: { 200: Type.Ref(PageView), ...errors },
      },
    },
    async (req) => disclosure.current(req.params.slug),
  );
  app.get(
    '/api/disclosure/pages/:slug/versions',
    {
      config: read,
      schema: {
        summary: 'Every version of a page, newest first (scheduled ones too)',
        tags: ['disclosure'],
        params: SlugParams,
        response: { 200: Type.Object({ versions: Type.Array(Type.Ref(PageView)) }), ...errors },
      },
    },
    async (req) => ({ versions: await disclosure.history(req.params.slug) }),
  );
  app.get(
    '/api/disclosure/pages/:slug/versions/:version',
    {
      config: read,
      schema: {
        summary: 'One version of a page',
        tags: ['disclosure'],
        params: Type.Object({ slug: Slug, version: Type.Integer({ minimum: 1 }) }),
        response: { 200: Type.Ref(PageView), ...errors },
      },
    },
    async (req) => disclosure.version(req.params.slug, req.params.version),
  );
  app.put(
    '/api/disclosure/pages/:slug',
    {
      config: publish,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        summary:
          'Publish a new version of a written page (subject, duties, basis, remedies, guide-<name>): frozen and signed',
        tags: ['disclosure'],
        params: SlugParams,
        body: Type.Object({ ...PublishBody, content: Type.Unknown() }, { additionalProperties: false }),
        response: { 200: Published, 201: Published, ...errors },
      },
    },
    async (req, reply) => {
      const { content, ...opts } = req.body;
      const out = await disclosure.publishPage(req.params.slug, content, actorOf(req), opts);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  );
  app.post(
    '/api/disclosure/pages/:slug/generate',
    {
      config: publish,
      preValidation: emptyBodyIsObject,
      schema: {
        summary:
          'Publish a new version of a generated page: officers (from the registry), procedure-<kind> (from its configured steps; steps replaces them), inspection-list',
        tags: ['disclosure'],
        params: SlugParams,
        body: Type.Object(
          { ...PublishBody, steps: Type.Optional(Type.Array(ProcedureStepConfig, { minItems: 1, maxItems: 30 })) },
          { additionalProperties: false },
        ),
        response: { 200: Published, 201: Published, ...errors },
      },
    },
    async (req, reply) => {
      const out = await disclosure.generate(req.params.slug, actorOf(req), req.body);
      return reply.code(out.created ? 201 : 200).send(out);
    },
  );
  const KindParams = Type.Object({ kind: lit(CASE_KINDS) });
  app.get(
    '/api/disclosure/procedures/:kind',
    {
      config: read,
      schema: {
        summary: 'The flow chart of an enforcement kind from its configured steps (not published)',
        tags: ['disclosure'],
        params: KindParams,
        response: { 200: Flow, ...errors },
      },
    },
    async (req) => disclosure.previewProcedure(req.params.kind),
  );
  app.post(
    '/api/disclosure/procedures/:kind/preview',
    {
      config: publish,
      schema: {
        summary: 'The flow chart other steps would give (not published, not kept)',
        tags: ['disclosure'],
        params: KindParams,
        body: Type.Object(
          { steps: Type.Array(ProcedureStepConfig, { minItems: 1, maxItems: 30 }) },
          { additionalProperties: false },
        ),
        response: { 200: Flow, ...errors },
      },
    },
    async (req) => disclosure.previewProcedure(req.params.kind, req.body.steps),
  );

  // ---- the random-inspection list -------------------------------------------------------------
  app.get(
    '/api/inspections/items',
    {
      config: read,
      schema: {
        summary: 'The random-inspection list (随机抽查事项清单), in order',
        tags: ['inspections'],
        querystring: Type.Object(
          { all: Type.Optional(Type.Boolean({ description: 'Items taken off the list too' })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(ItemView)) }) },
      },
    },
    async (req) => ({ items: await inspections.items(req.query.all ?? false) }),
  );
  app.put(
    '/api/inspections/items',
    {
      config: publish,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        summary: 'Set the whole list in order; items left out are taken off it (publish it with inspection-list)',
        tags: ['inspections'],
        body: Type.Object(
          { items: Type.Array(InspectionItemInput, { maxItems: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(ItemView)) }), ...errors },
      },
    },
    async (req) => ({ items: await inspections.setItems(req.body.items, actorOf(req)) }),
  );

  // ---- draws --------------------------------------------------------------------------------
  app.get(
    '/api/inspections/plans',
    {
      config: read,
      schema: {
        summary: 'Random draws, latest announced first',
        tags: ['inspections'],
        querystring: Type.Object(
          {
            state: Type.Optional(lit(PLAN_STATES)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ plans: Type.Array(Type.Ref(PlanSummary)) }) },
      },
    },
    async (req) => ({ plans: await inspections.plans(req.query) }),
  );
  app.post(
    '/api/inspections/plans',
    {
      config: publish,
      schema: {
        summary: 'Plan a random draw (a draft: set its parties, roster and conflicts, then commit it)',
        tags: ['inspections'],
        body: PlanInput,
        response: { 201: Type.Ref(PlanView), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await inspections.createPlan(req.body, actorOf(req))),
  );
  app.get(
    '/api/inspections/plans/:id',
    {
      config: read,
      schema: {
        summary: 'A draw: its lists, conflicts (with internal reasons), and its public records',
        tags: ['inspections'],
        params: IdParams,
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.plan(req.params.id),
  );
  app.patch(
    '/api/inspections/plans/:id',
    {
      config: publish,
      schema: {
        summary: 'Change a draft draw’s settings',
        tags: ['inspections'],
        params: IdParams,
        body: PlanPatch,
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.updatePlan(req.params.id, req.body, actorOf(req)),
  );
  app.put(
    '/api/inspections/plans/:id/parties',
    {
      config: publish,
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        summary: 'Set the list of parties that may be drawn (检查对象名录)',
        tags: ['inspections'],
        params: IdParams,
        body: Type.Object(
          { parties: Type.Array(InspectableParty, { minItems: 1, maxItems: 200_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.setParties(req.params.id, req.body.parties, actorOf(req)),
  );
  app.put(
    '/api/inspections/plans/:id/roster',
    {
      config: publish,
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        summary: 'Set the roster of inspectors (执法检查人员名录) from the officer registry',
        tags: ['inspections'],
        params: IdParams,
        body: Type.Object(
          { inspectors: Type.Array(RosterEntryInput, { minItems: 1, maxItems: 20_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.setRoster(req.params.id, req.body.inspectors, actorOf(req)),
  );
  app.put(
    '/api/inspections/plans/:id/conflicts',
    {
      config: publish,
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        summary: 'Set the declared conflicts of interest (回避); the reasons are never published',
        tags: ['inspections'],
        params: IdParams,
        body: Type.Object(
          { conflicts: Type.Array(ConflictInput, { maxItems: 200_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.setConflicts(req.params.id, req.body.conflicts, actorOf(req)),
  );
  app.post(
    '/api/inspections/plans/:id/commit',
    {
      config: publish,
      schema: {
        summary:
          'Commit the draw before its time: publish the record and the commitment (SHA-256 of the seed and inputs)',
        tags: ['inspections'],
        params: IdParams,
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.commit(req.params.id, actorOf(req)),
  );
  app.post(
    '/api/inspections/plans/:id/draw',
    {
      config: publish,
      preValidation: emptyBodyIsObject,
      schema: {
        summary:
          'Run the committed draw at its time and publish it with the seed; each drawn party gets its inspectors',
        tags: ['inspections'],
        params: IdParams,
        body: Type.Object(
          {
            beacon: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'The announced value of the beacon source' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) =>
      inspections.draw(req.params.id, actorOf(req), req.body.beacon !== undefined ? { beacon: req.body.beacon } : {}),
  );
  app.post(
    '/api/inspections/plans/:id/cancel',
    {
      config: publish,
      schema: {
        summary: 'Call a draw off with a public reason (a committed one publishes its seed with the notice)',
        tags: ['inspections'],
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref(PlanView), ...errors },
      },
    },
    async (req) => inspections.cancel(req.params.id, req.body.reason, actorOf(req)),
  );
  app.get(
    '/api/inspections/plans/:id/files',
    {
      config: read,
      schema: {
        summary: 'The public files of a draw (commitment, draw, cancellation, each with its .sig)',
        tags: ['inspections'],
        params: IdParams,
        response: { 200: Type.Object({ files: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (req) => ({ files: (await inspections.drawFiles(req.params.id)).map((f) => f.name) }),
  );
  app.get(
    '/api/inspections/plans/:id/files/:name',
    {
      config: read,
      schema: {
        summary: 'One public file of a draw, byte for byte as signed (node verify-draw.mjs <name>.draw.json)',
        tags: ['inspections'],
        params: Type.Object({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          name: Type.String({ maxLength: 300 }),
        }),
      },
    },
    async (req, reply) => {
      const file = (await inspections.drawFiles(req.params.id)).find((f) => f.name === req.params.name);
      if (!file)
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `draw ${req.params.id} has no file ${req.params.name}`,
        });
      return reply
        .type('application/json; charset=utf-8')
        .header('Content-Disposition', attachment(file.name))
        .send(file.text);
    },
  );

  // ---- assignments and results ----------------------------------------------------------------
  app.get(
    '/api/inspections/plans/:id/assignments',
    {
      config: read,
      schema: {
        summary: 'The parties a draw drew, in order, with their inspectors and results',
        tags: ['inspections'],
        params: IdParams,
        response: { 200: Type.Object({ assignments: Type.Array(Type.Ref(AssignmentView)) }), ...errors },
      },
    },
    async (req) => ({ assignments: await inspections.assignments(req.params.id) }),
  );
  app.get(
    '/api/inspections/assignments/:id',
    {
      config: read,
      schema: {
        summary: 'One drawn party, its inspectors and result',
        tags: ['inspections'],
        params: IdParams,
        response: { 200: Type.Ref(AssignmentView), ...errors },
      },
    },
    async (req) => inspections.assignment(req.params.id),
  );
  app.post(
    '/api/inspections/assignments/:id/result',
    {
      config: publish,
      schema: {
        summary:
          'Record the result of an inspection and publish it (a random-inspection result, redacted, signed by the station)',
        tags: ['inspections'],
        params: IdParams,
        body: ResultInput,
        response: { 200: Type.Ref(AssignmentView), ...errors },
      },
    },
    async (req) => inspections.recordResult(req.params.id, req.body, actorOf(req)),
  );
};
