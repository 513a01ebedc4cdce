import { CAN } from '../../auth/roles.js';
import { scopeOf } from '../guard.js';
import { idParam } from '../scope.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, lit, REVIEW_KINDS, REVIEW_STATES, ReviewCounts, ReviewItemView } from '@liuhen/contract';
import type { Cases } from '../../cases/cases.js';
import type { Reviews } from '../../cases/reviews.js';
import { actorOf } from '../actor.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
export const EXPLANATION_REASONS = [
  'device-failure',
  'party-refused',
  'battery',
  'storage-full',
  'safety',
  'network',
  'other',
] as const;

/** Review queues: officers (their own items) and supervisors. */
const READERS = ['officer', 'supervisor'] as const;

export const reviewsPlugin: FastifyPluginAsyncTypebox<{ reviews: Reviews; cases: Cases }> = async (
  app,
  { reviews, cases },
) => {
  app.addSchema(ReviewItemView);
  /** An officer sees their own items, a supervisor with a unit that unit's (http/scope.ts). */
  const item = (req: Parameters<typeof idParam>[0]) => [{ reviewItem: idParam(req) }];
  app.get(
    '/api/reviews',
    {
      config: { access: READERS, scope: 'filtered' },
      schema: {
        summary: 'Review queues: unsorted footage, coverage gaps, important marks',
        tags: ['reviews'],
        querystring: Type.Object(
          {
            kind: Type.Optional(lit(REVIEW_KINDS)),
            state: Type.Optional(lit(REVIEW_STATES)),
            assignee: Type.Optional(Type.String({ maxLength: 200 })),
            case: Type.Optional(Type.String({ maxLength: 64 })),
            officer: Type.Optional(Type.String({ maxLength: 64 })),
            unit: Type.Optional(Type.String({ maxLength: 64 })),
            device: Type.Optional(Type.String({ maxLength: 64 })),
            overdue: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(Type.Ref(ReviewItemView)) }), 400: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query;
      // The caller's scope always applies: a filter outside it finds nothing.
      return {
        items: await reviews.list({
          kind: q.kind,
          state: q.state,
          assignee: q.assignee,
          caseId: q.case,
          officerId: q.officer,
          unitId: q.unit,
          deviceId: q.device,
          overdue: q.overdue,
          limit: q.limit,
          visibleTo: scopeOf(req),
        }),
      };
    },
  );
  app.get(
    '/api/reviews/counts',
    {
      config: { access: READERS, scope: 'filtered' },
      schema: {
        summary: 'Items per queue and state, and how many are overdue (of the items the caller may see)',
        tags: ['reviews'],
        response: { 200: Type.Object({ counts: Type.Record(Type.String(), ReviewCounts) }) },
      },
    },
    async (req) => ({ counts: await reviews.counts(scopeOf(req)) }),
  );
  app.get(
    '/api/reviews/:id',
    {
      config: { access: READERS, scope: item },
      schema: {
        summary: 'One review item',
        tags: ['reviews'],
        params: IdParams,
        response: { 200: Type.Ref(ReviewItemView), 404: ErrorBody },
      },
    },
    async (req) => reviews.get(req.params.id),
  );
  app.post(
    '/api/reviews/:id/assign',
    {
      config: { access: CAN.superviseCases, scope: item },
      schema: {
        summary: 'Take up an item or hand it to someone (null: back to the queue)',
        tags: ['reviews'],
        params: IdParams,
        body: Type.Object(
          { assignee: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(ReviewItemView), ...errors },
      },
    },
    async (req) => reviews.assign(req.params.id, req.body.assignee, actorOf(req)),
  );
  app.post(
    '/api/reviews/:id/explain',
    {
      config: { access: ['officer'], scope: item },
      schema: {
        summary: 'The officer explains a coverage gap',
        tags: ['reviews'],
        params: IdParams,
        body: Type.Object(
          { reason: lit(EXPLANATION_REASONS), explanation: Type.String({ minLength: 2, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(ReviewItemView), ...errors },
      },
    },
    async (req) => reviews.explain(req.params.id, req.body, actorOf(req)),
  );
  app.post(
    '/api/reviews/:id/decide',
    {
      config: { access: CAN.superviseCases, scope: item },
      schema: {
        summary: 'A supervisor accepts or rejects an explanation, or marks an item done',
        tags: ['reviews'],
        params: IdParams,
        body: Type.Object(
          {
            decision: Type.Union([Type.Literal('accepted'), Type.Literal('rejected'), Type.Literal('done')]),
            note: Type.Optional(Type.String({ maxLength: 2000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(ReviewItemView), ...errors },
      },
    },
    async (req) => reviews.decide(req.params.id, req.body, actorOf(req)),
  );
  app.post(
    '/api/reviews/:id/link',
    {
      config: {
        access: CAN.superviseCases,
        // The item, the footage it would link, and the step it goes to.
        scope: (req) => [
          { reviewItem: idParam(req) },
          { reviewFootage: idParam(req) },
          { step: (req.body as { stepId: string }).stepId },
        ],
      },
      schema: {
        summary: 'Sort unsorted footage by hand: link it to a step, with a reason',
        tags: ['reviews'],
        params: IdParams,
        body: Type.Object(
          {
            stepId: Type.String({ minLength: 1, maxLength: 64 }),
            reason: Type.String({ minLength: 2, maxLength: 500 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ linked: Type.Integer(), item: Type.Ref(ReviewItemView) }), ...errors },
      },
    },
    async (req) => {
      const linked = await cases.linkReviewItem(req.params.id, req.body.stepId, req.body.reason, actorOf(req));
      return { linked, item: await reviews.get(req.params.id) };
    },
  );
};
