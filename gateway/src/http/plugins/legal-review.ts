/**
 * Case-file documents and legal review of major decisions: uploads and downloads, the proposed
 * decision, review rounds (submit, accept, opinion, discussion, withdraw), the reviewers' inbox,
 * the reviewer registry and the catalogue. The rules live in legal-review/; this maps them to HTTP.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CaseLegalView,
  DocumentKind,
  DocumentView,
  ErrorBody,
  LegalReviewView,
  lit,
  OPINION_OUTCOMES,
  ProposedDecision,
  ReviewCheckView,
  ReviewerView,
} from '@liuhen/contract';
import type { Documents } from '../../documents/documents.js';
import { DOCUMENT_MEDIA_TYPES } from '../../documents/media-types.js';
import type { LegalReview } from '../../legal-review/legal-review.js';
import type { Reviewers } from '../../legal-review/reviewers.js';
import { CAN } from '../../auth/roles.js';
import { actorOf, attachment } from '../actor.js';
import { scopeOf } from '../guard.js';
import { idParam } from '../scope.js';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Who works a case file: the officers on it and their supervisors. */
const CASE_UNIT = ['officer', 'supervisor'] as const;
/** Who reads a case's legal review. */
const READERS = ['officer', 'supervisor', 'legal-reviewer', 'auditor'] as const;
const REVIEWERS = ['legal-reviewer'] as const;

export const legalReviewPlugin: FastifyPluginAsyncTypebox<{
  documents: Documents;
  legalReview: LegalReview;
  reviewers: Reviewers;
  maxDocumentBytes: number;
}> = async (app, { documents, legalReview, reviewers, maxDocumentBytes }) => {
  for (const s of [DocumentView, CaseLegalView, ReviewerView]) app.addSchema(s);

  // Document bytes arrive as the request body, as they are (scans run to tens of megabytes).
  app.addContentTypeParser(
    [...Object.keys(DOCUMENT_MEDIA_TYPES), 'application/octet-stream', 'image/jpg', 'audio/x-wav', 'audio/mp3'],
    { parseAs: 'buffer', bodyLimit: maxDocumentBytes },
    (_req, body, done) => done(null, body),
  );

  // ---- documents ---------------------------------------------------------------------------
  app.get(
    '/api/cases/:id/documents',
    {
      config: { access: READERS, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Every version of every document in the case file (卷内文件)',
        tags: ['documents'],
        params: IdParams,
        response: { 200: Type.Object({ documents: Type.Array(Type.Ref(DocumentView)) }), 404: ErrorBody },
      },
    },
    async (req) => ({ documents: await documents.list(req.params.id) }),
  );
  app.get(
    '/api/cases/:id/documents/index',
    {
      config: { access: READERS, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'The case file index (卷内目录): every document version, numbered, in the agency’s order',
        tags: ['documents'],
        params: IdParams,
        response: {
          200: Type.Object({
            index: Type.Array(
              Type.Object({
                no: Type.Integer(),
                id: Type.String(),
                documentKey: Type.String(),
                version: Type.Integer(),
                current: Type.Boolean(),
                kind: Type.String(),
                title: Type.String(),
                uploadedAt: Type.String(),
                sha256: Type.String(),
              }),
            ),
          }),
          404: ErrorBody,
        },
      },
    },
    async (req) => ({
      index: (await documents.index(req.params.id)).map((r) => ({
        no: r.no,
        id: r.id,
        documentKey: r.documentKey,
        version: r.version,
        current: r.current,
        kind: r.kind,
        title: r.title,
        uploadedAt: r.uploadedAt,
        sha256: r.sha256,
      })),
    }),
  );
  app.post(
    '/api/cases/:id/documents',
    {
      bodyLimit: maxDocumentBytes,
      config: { access: CASE_UNIT, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Upload or scan in a document (the file is the body; PDF, image, audio, text, DOCX, OFD)',
        description:
          'Send the file as the request body with its Content-Type. The station hashes and stores it; `supersedes` makes it the next version of an existing document (earlier versions stay).',
        tags: ['documents'],
        params: IdParams,
        querystring: Type.Object(
          {
            kind: DocumentKind,
            title: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
            fileName: Type.String({ minLength: 1, maxLength: 255 }),
            stepId: Type.Optional(Type.String({ maxLength: 64 })),
            supersedes: Type.Optional(Type.String({ maxLength: 64 })),
            source: Type.Optional(lit(['upload', 'scan'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref(DocumentView), ...errors, 413: ErrorBody },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const q = req.query;
      const view = await documents.upload(
        {
          caseId: req.params.id,
          kind: q.kind,
          title: q.title,
          fileName: q.fileName,
          bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
          ...(req.headers['content-type'] ? { mediaType: req.headers['content-type'] } : {}),
          ...(q.stepId ? { stepId: q.stepId } : {}),
          ...(q.supersedes ? { supersedes: q.supersedes } : {}),
          source: q.source ?? 'upload',
        },
        actorOf(req),
      );
      return reply.code(201).send(view);
    },
  );
  app.get(
    '/api/documents/:id/content',
    {
      config: { access: READERS, scope: (req) => [{ document: idParam(req) }] },
      schema: {
        summary: 'The bytes of one document version (audited)',
        tags: ['documents'],
        params: IdParams,
        querystring: Type.Object({ inline: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const { row, stream } = await documents.read(req.params.id, actorOf(req));
      reply
        .type(row.media_type)
        .header('Content-Length', String(row.bytes))
        .header('ETag', `"${row.sha256}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .header(
          'Content-Disposition',
          req.query.inline ? attachment(row.file_name).replace(/^attachment/, 'inline') : attachment(row.file_name),
        );
      // The stream is the body; the response schemas describe only the error answers.
      return reply.send(stream as never);
    },
  );

  // ---- the proposed decision, classification, checks ------------------------------------------
  app.get(
    '/api/cases/:id/legal',
    {
      config: { access: READERS, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Legal review of a case: classification, rounds, automatic checks, the decision gate and deadlines',
        tags: ['legal-review'],
        params: IdParams,
        response: { 200: Type.Ref(CaseLegalView), 404: ErrorBody },
      },
    },
    async (req) => legalReview.caseView(req.params.id),
  );
  app.put(
    '/api/cases/:id/legal/decision',
    {
      config: { access: CASE_UNIT, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'File the proposed decision (拟处理意见); the catalogue re-classifies the case',
        tags: ['legal-review'],
        params: IdParams,
        body: ProposedDecision,
        response: { 200: Type.Ref(CaseLegalView), ...errors },
      },
    },
    async (req) => legalReview.putDecision(req.params.id, req.body as ProposedDecision, actorOf(req)),
  );
  app.post(
    '/api/cases/:id/legal/draft',
    {
      config: { access: CASE_UNIT, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Generate the draft decision (决定书代拟稿, PDF) from the proposed decision and file it',
        tags: ['legal-review'],
        params: IdParams,
        response: { 201: Type.Ref(DocumentView), ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await legalReview.generateDraft(req.params.id, actorOf(req))),
  );
  app.get(
    '/api/cases/:id/legal/checks',
    {
      config: { access: READERS, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'The automatic checks a reviewer sees (coverage, stops, licences, deadline, materials, integrity)',
        tags: ['legal-review'],
        params: IdParams,
        response: { 200: Type.Object({ checks: Type.Array(ReviewCheckView) }), 404: ErrorBody },
      },
    },
    async (req) => ({ checks: await legalReview.checks(req.params.id) }),
  );
  app.post(
    '/api/cases/:id/legal/submit',
    {
      config: { access: CASE_UNIT, scope: (req) => [{ case: idParam(req) }] },
      schema: {
        summary: 'Submit the case for legal review (a new round)',
        tags: ['legal-review'],
        params: IdParams,
        body: Type.Object(
          {
            note: Type.String({
              maxLength: 2000,
              description: '情况说明 in brief, or what changed since the last round',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: LegalReviewView, ...errors },
      },
    },
    async (req, reply) => reply.code(201).send(await legalReview.submit(req.params.id, req.body.note, actorOf(req))),
  );

  // ---- review rounds -------------------------------------------------------------------------
  app.get(
    '/api/legal-reviews',
    {
      config: { access: ['legal-reviewer', 'supervisor', 'auditor'], scope: 'filtered' },
      schema: {
        summary: 'The reviewers’ inbox: rounds waiting, under review, or disagreed awaiting discussion, with deadlines',
        tags: ['legal-review'],
        response: { 200: Type.Object({ reviews: Type.Array(LegalReviewView) }) },
      },
    },
    async (req) => {
      const scope = scopeOf(req);
      const all = await legalReview.inbox();
      // A unit's supervisor sees the unit's cases; the others' scopes allow every case in review.
      const unitCases = scope.unitId ? await legalReview.casesOfUnit(scope.unitId) : null;
      return { reviews: unitCases ? all.filter((r) => unitCases.has(r.caseId)) : all };
    },
  );
  app.get(
    '/api/legal-reviews/:id',
    {
      config: { access: READERS, scope: (req) => [{ legalReview: idParam(req) }] },
      schema: {
        summary: 'One review round, with what changed since the previous round',
        tags: ['legal-review'],
        params: IdParams,
        response: { 200: LegalReviewView, 404: ErrorBody },
      },
    },
    async (req) => legalReview.round(req.params.id),
  );
  app.get(
    '/api/legal-reviews/:id/signature',
    {
      config: { access: READERS, scope: (req) => [{ legalReview: idParam(req) }] },
      schema: {
        summary: 'The SM2/SM3 signature of the round’s opinion and the document (PDF) it signs',
        description:
          'Check it offline: the record is verifiable with openssl (docs/evidence.md); its fingerprint must match the reviewer’s registered key.',
        tags: ['legal-review'],
        params: IdParams,
        response: {
          200: Type.Object({ documentId: Type.String(), record: Type.Unknown() }),
          404: ErrorBody,
        },
      },
    },
    async (req) => legalReview.signature(req.params.id),
  );
  const act = (
    path: string,
    summary: string,
    access: readonly ('officer' | 'supervisor' | 'legal-reviewer')[],
    run: (id: string, actor: string) => Promise<LegalReviewView>,
  ) =>
    app.post(
      `/api/legal-reviews/:id/${path}`,
      {
        config: { access, scope: (req) => [{ legalReview: idParam(req) }] },
        schema: {
          summary,
          tags: ['legal-review'],
          params: IdParams,
          response: { 200: LegalReviewView, ...errors },
        },
      },
      async (req) => run(req.params.id, actorOf(req)),
    );
  act('accept', 'Accept the round: materials complete, the review clock starts (reviewer)', REVIEWERS, (id, a) =>
    legalReview.accept(id, a),
  );
  act('withdraw', 'Withdraw a round still waiting for its opinion', CASE_UNIT, (id, a) => legalReview.withdraw(id, a));
  app.post(
    '/api/legal-reviews/:id/opinion',
    {
      config: { access: REVIEWERS, scope: (req) => [{ legalReview: idParam(req) }] },
      schema: {
        summary: 'The reviewer’s opinion (同意 / 不同意 / 建议修改后提交): generated, filed and SM2-signed',
        tags: ['legal-review'],
        params: IdParams,
        body: Type.Object(
          { outcome: lit(OPINION_OUTCOMES), opinion: Type.String({ minLength: 1, maxLength: 20000 }) },
          { additionalProperties: false },
        ),
        response: { 200: LegalReviewView, ...errors },
      },
    },
    async (req) => legalReview.opinion(req.params.id, req.body, actorOf(req)),
  );
  app.post(
    '/api/legal-reviews/:id/discussion',
    {
      config: { access: CAN.superviseCases, scope: (req) => [{ legalReview: idParam(req) }] },
      schema: {
        summary: 'Collective discussion after a disagreement (集体讨论): minutes and outcome',
        tags: ['legal-review'],
        params: IdParams,
        body: Type.Object(
          { minutes: Type.String({ minLength: 1, maxLength: 50000 }), outcome: lit(['agree', 'disagree'] as const) },
          { additionalProperties: false },
        ),
        response: { 200: LegalReviewView, ...errors },
      },
    },
    async (req) => legalReview.discuss(req.params.id, req.body, actorOf(req)),
  );

  // ---- reviewers and the catalogue --------------------------------------------------------------
  app.get(
    '/api/legal-reviewers',
    {
      config: { access: ['legal-reviewer', 'supervisor', 'auditor'], scope: 'none' },
      schema: {
        summary: 'The registry of legal reviewers (qualification, certificate, signing key)',
        tags: ['legal-review'],
        response: { 200: Type.Object({ reviewers: Type.Array(Type.Ref(ReviewerView)) }) },
      },
    },
    async () => ({ reviewers: await reviewers.list() }),
  );
  app.put(
    '/api/legal-reviewers/:username',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Register a legal reviewer or update their record (an SM2 signing key is made at registration)',
        tags: ['legal-review'],
        params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }),
            qualificationNo: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
            certificateNo: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
            certificateExpires: Type.Optional(
              Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]),
            ),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Ref(ReviewerView), ...errors },
      },
    },
    async (req) => reviewers.register(req.params.username, req.body, actorOf(req)),
  );
  const CatalogueInfo = Type.Object({
    text: Type.String(),
    sha256: Type.String(),
    source: Type.String(),
    agency: Type.String(),
    version: Type.String(),
    effectiveFrom: Type.String(),
    rows: Type.Integer(),
  });
  app.get(
    '/api/legal-review/catalogue',
    {
      config: { access: 'user' },
      schema: {
        summary: 'The catalogue of major decisions in force (its YAML text and version)',
        tags: ['legal-review'],
        response: { 200: CatalogueInfo },
      },
    },
    async () => legalReview.catalogue(),
  );
  app.put(
    '/api/legal-review/catalogue',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Replace the catalogue (checked completely first; a file with any problem changes nothing)',
        tags: ['legal-review'],
        body: Type.Object(
          { text: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: CatalogueInfo, ...errors },
      },
    },
    async (req) => legalReview.replaceCatalogue(req.body.text, actorOf(req)),
  );
};
