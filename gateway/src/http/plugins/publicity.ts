/**
 * Publicity inside the station (the public side is the portal, its own listener: portal/):
 * publication drafts with their deadlines, the redaction a reviewer signs off, publishing,
 * withdrawal, and the breach report. The rules live in publicity/publications.ts.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AnnualReport,
  ErrorBody,
  lit,
  PUBLICATION_STATES,
  PublicationFields,
  PublicationView,
  WITHDRAW_KINDS,
} from '@liuhen/contract';
import type { Publications } from '../../publicity/publications.js';
import type { Db } from '../../db/database.js';
import { annualReport, annualReportCsv } from '../../publicity/annual-report.js';
import { actorOf, attachment } from '../actor.js';
import { scopeOf } from '../guard.js';
import { idParam } from '../scope.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
/** Who prepares and signs off what is published: supervisors and legal reviewers; auditors read. */
const EDITORS = ['supervisor', 'legal-reviewer'] as const;
const READERS = ['supervisor', 'legal-reviewer', 'auditor'] as const;

export const publicityPlugin: FastifyPluginAsyncTypebox<{ publications: Publications; db: Db }> = async (
  app,
  { publications, db },
) => {
  const Year = Type.Object(
    { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: 'Default: last year' })) },
    { additionalProperties: false },
  );
  app.addSchema(AnnualReport);
  const lastYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
  app.get(
    '/api/publicity/annual-report',
    {
      config: { access: READERS, scope: 'none' },
      schema: {
        summary:
          'Annual statistics report (统计年报): cases by kind, outcome and unit, recording, legal review, publicity',
        tags: ['publicity'],
        querystring: Year,
        response: { 200: Type.Ref(AnnualReport), 400: ErrorBody },
      },
    },
    async (req) => annualReport(db, req.query.year ?? lastYear()),
  );
  app.get(
    '/api/publicity/annual-report.csv',
    {
      config: { access: READERS, scope: 'none' },
      schema: { summary: 'The annual statistics report as CSV', tags: ['publicity'], querystring: Year },
    },
    async (req, reply) => {
      const year = req.query.year ?? lastYear();
      reply.type('text/csv; charset=utf-8').header('Content-Disposition', attachment(`行政执法统计年报-${year}.csv`));
      return annualReportCsv(await annualReport(db, year));
    },
  );
  app.addSchema(PublicationView);
  const List = Type.Object({ publications: Type.Array(Type.Ref(PublicationView)) });
  app.get(
    '/api/publications',
    {
      config: { access: READERS, scope: 'filtered' },
      schema: {
        summary: 'Publication drafts and published results, with their working-day deadlines',
        tags: ['publicity'],
        querystring: Type.Object(
          {
            state: Type.Optional(lit(PUBLICATION_STATES)),
            caseId: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: 'Only this case’s publications' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: List },
      },
    },
    async (req) => {
      const unitId = scopeOf(req).unitId;
      return {
        publications: await publications.list({
          ...(req.query.state ? { state: req.query.state } : {}),
          ...(req.query.caseId ? { caseId: req.query.caseId } : {}),
          ...(unitId ? { unitId } : {}),
          ...(req.query.limit ? { limit: req.query.limit } : {}),
        }),
      };
    },
  );
  app.get(
    '/api/publications/breaches',
    {
      config: { access: READERS, scope: 'filtered' },
      schema: {
        summary: 'Breach report: drafts past their deadline and results published late (超期公示)',
        tags: ['publicity'],
        response: { 200: List },
      },
    },
    async (req) => {
      const unitId = scopeOf(req).unitId;
      const all = await publications.breaches();
      if (!unitId) return { publications: all };
      const mine = new Set((await publications.list({ unitId, limit: 100_000 })).map((p) => p.id));
      return { publications: all.filter((p) => mine.has(p.id)) };
    },
  );
  app.get(
    '/api/publications/:id',
    {
      config: { access: READERS, scope: (req) => [{ publication: idParam(req) }] },
      schema: {
        summary: 'One publication: original (internal only), redacted text, findings, deadline',
        tags: ['publicity'],
        params: IdParams,
        response: { 200: Type.Ref(PublicationView), 404: ErrorBody },
      },
    },
    async (req) => publications.get(req.params.id),
  );
  app.post(
    '/api/cases/:id/publication',
    {
      config: { access: EDITORS, scope: (req) => [{ publicationCase: idParam(req) }] },
      schema: {
        summary: 'Make the publication draft of a decided case (made automatically when the case is decided)',
        tags: ['publicity'],
        params: IdParams,
        response: { 201: Type.Ref(PublicationView), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await publications.draftFromCase(req.params.id, actorOf(req))),
  );
  app.patch(
    '/api/publications/:id',
    {
      config: { access: EDITORS, scope: (req) => [{ publication: idParam(req) }] },
      schema: {
        summary: 'Correct a draft: the facts (redacted again) or the redacted wording (checked again)',
        tags: ['publicity'],
        params: IdParams,
        body: Type.Object(
          {
            original: Type.Optional(Type.Partial(PublicationFields)),
            redacted: Type.Optional(Type.Partial(PublicationFields)),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PublicationView), ...errors },
      },
    },
    async (req) => publications.editDraft(req.params.id, req.body, actorOf(req)),
  );
  app.post(
    '/api/publications/:id/publish',
    {
      config: { access: EDITORS, scope: (req) => [{ publication: idParam(req) }] },
      schema: {
        summary: 'Sign off the redacted text and publish it (signed by the station key)',
        tags: ['publicity'],
        params: IdParams,
        response: { 200: Type.Ref(PublicationView), ...errors },
      },
    },
    async (req) => publications.publish(req.params.id, actorOf(req)),
  );
  app.post(
    '/api/publications/:id/withdraw',
    {
      config: { access: EDITORS, scope: (req) => [{ publication: idParam(req) }] },
      schema: {
        summary: 'Withdraw a published result with a public reason (revoked, confirmed illegal, changed)',
        tags: ['publicity'],
        params: IdParams,
        body: Type.Object(
          { kind: lit(WITHDRAW_KINDS), reason: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(PublicationView), ...errors },
      },
    },
    async (req) => publications.withdraw(req.params.id, req.body, actorOf(req)),
  );
};
