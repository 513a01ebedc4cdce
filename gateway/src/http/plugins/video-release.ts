/**
 * Video released with a publication, inside the station: the case footage to cut a clip from,
 * proposing a clip, its progress and face tracks, preview frames, the editor's corrections, the
 * rendered copy and its manifest, the sign-off, and taking one released video down alone. Every
 * route sits under its publication, so
 * the publication's scope rule covers it. The rules live in publicity/video-release.ts; the
 * public side is the portal (portal/routes/video.ts).
 */
import { basename, dirname } from 'node:path';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, lit } from '@liuhen/contract';
import { VIDEO_RELEASE_STATES, type VideoReleases } from '../../publicity/video-release.js';
import { actorOf } from '../actor.js';
import { idParam } from '../scope.js';

/** Who prepares and signs off what is published: supervisors and legal reviewers; auditors read. */
const EDITORS = ['supervisor', 'legal-reviewer'] as const;
const READERS = ['supervisor', 'legal-reviewer', 'auditor'] as const;

const Id = Type.String({ minLength: 1, maxLength: 64 });
const PubParams = Type.Object({ id: Id });
const VideoParams = Type.Object({ id: Id, videoId: Id });
const errors = { 400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const Ms = Type.Integer({ minimum: 0, maximum: 24 * 3600_000, description: 'milliseconds' });
const Px = Type.Number({ description: 'pixels of the clip' });

const Span = Type.Object({ startMs: Ms, endMs: Ms }, { additionalProperties: false });
const VideoRegion = Type.Object(
  {
    id: Type.String(),
    source: lit(['auto', 'manual'] as const),
    startMs: Type.Number(),
    endMs: Type.Number(),
    x: Px,
    y: Px,
    w: Px,
    h: Px,
  },
  { $id: 'VideoRegion', description: 'A rectangle blurred over a span of the clip (ms from its start)' },
);
const VideoSource = Type.Object({
  recordingId: Type.String(),
  sha256: Type.String(),
  bytes: Type.Integer(),
  startMs: Type.Integer(),
  endMs: Type.Integer(),
});
export const VideoReleaseView = Type.Object(
  {
    id: Type.String(),
    publicationId: Type.String(),
    caseId: Type.String(),
    recordingId: Type.String(),
    startMs: Type.Integer(),
    endMs: Type.Integer(),
    state: lit(VIDEO_RELEASE_STATES),
    public: Type.Boolean({ description: 'True while the portal serves the released copy' }),
    error: Type.Union([Type.String(), Type.Null()]),
    sources: Type.Array(VideoSource),
    work: Type.Union([
      Type.Object({
        sha256: Type.String(),
        bytes: Type.Integer(),
        width: Type.Integer(),
        height: Type.Integer(),
        durationMs: Type.Integer(),
      }),
      Type.Null(),
    ]),
    tracks: Type.Array(Type.Object({ id: Type.String(), regions: Type.Array(Type.Ref(VideoRegion)) })),
    rejected: Type.Array(Type.String()),
    manualRegions: Type.Array(Type.Ref(VideoRegion)),
    mutedSpans: Type.Array(Type.Object({ startMs: Type.Number(), endMs: Type.Number() })),
    copy: Type.Union([
      Type.Object({
        sha256: Type.String(),
        bytes: Type.Integer(),
        render: Type.Integer(),
        manifestSha256: Type.String(),
      }),
      Type.Null(),
    ]),
    proposedBy: Type.String(),
    signedOffBy: Type.Union([Type.String(), Type.Null()]),
    releasedAt: Type.Union([Type.String(), Type.Null()]),
    withdrawnAt: Type.Union([Type.String(), Type.Null()], { description: 'Taken down alone: when' }),
    withdrawnBy: Type.Union([Type.String(), Type.Null()]),
    withdrawReason: Type.Union([Type.String(), Type.Null()], {
      description: 'Taken down alone: the reason the portal publishes (redacted)',
    }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'VideoReleaseView' },
);
const CaseFootage = Type.Object(
  {
    recordingId: Type.String(),
    deviceId: Type.String(),
    source: Type.String(),
    stepId: Type.String(),
    stepKind: Type.String(),
    startedAt: Type.String(),
    endedAt: Type.String(),
    durationMs: Type.Integer(),
    sha256: Type.String(),
  },
  { $id: 'VideoCaseFootage' },
);

export const videoReleasePlugin: FastifyPluginAsyncTypebox<{ videoReleases: VideoReleases }> = async (
  app,
  { videoReleases },
) => {
  app.addSchema(VideoRegion);
  app.addSchema(VideoReleaseView);
  app.addSchema(CaseFootage);
  const scope = (req: Parameters<typeof idParam>[0]) => [{ publication: idParam(req) }];
  const One = { 200: Type.Ref(VideoReleaseView), ...errors };

  app.get(
    '/api/publications/:id/videos',
    {
      config: { access: READERS, scope },
      schema: {
        summary: 'The videos proposed for a publication, with their state, face tracks and edits',
        tags: ['publicity'],
        params: PubParams,
        response: { 200: Type.Object({ videos: Type.Array(Type.Ref(VideoReleaseView)) }), 404: ErrorBody },
      },
    },
    async (req) => ({ videos: await videoReleases.list(req.params.id, actorOf(req)) }),
  );
  app.get(
    '/api/publications/:id/videos/footage',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary: "The case's footage a clip may be cut from (segments linked to its steps)",
        tags: ['publicity'],
        params: PubParams,
        response: { 200: Type.Object({ footage: Type.Array(Type.Ref(CaseFootage)) }), 404: ErrorBody },
      },
    },
    async (req) => ({ footage: await videoReleases.footage(req.params.id, actorOf(req)) }),
  );
  app.post(
    '/api/publications/:id/videos',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary:
          'Propose a clip: a span (ms from the start) of a segment of the case; the station cuts it and finds faces in the background',
        tags: ['publicity'],
        params: PubParams,
        body: Type.Object({ recordingId: Id, startMs: Ms, endMs: Ms }, { additionalProperties: false }),
        response: { 202: Type.Ref(VideoReleaseView), ...errors },
      },
    },
    async (req, reply) => reply.code(202).send(await videoReleases.propose(req.params.id, req.body, actorOf(req))),
  );
  app.get(
    '/api/publications/:id/videos/:videoId',
    {
      config: { access: READERS, scope },
      schema: {
        summary: 'One video: progress, face tracks, edits, the rendered copy',
        tags: ['publicity'],
        params: VideoParams,
        response: One,
      },
    },
    async (req) => videoReleases.get(req.params.id, req.params.videoId, actorOf(req)),
  );
  app.patch(
    '/api/publications/:id/videos/:videoId',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary:
          'Correct the redaction: rejected face regions (a dropped track rejects all of its), manual regions, muted spans; each list replaced whole',
        tags: ['publicity'],
        params: VideoParams,
        body: Type.Object(
          {
            rejected: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 })),
            manualRegions: Type.Optional(
              Type.Array(
                Type.Object({ startMs: Ms, endMs: Ms, x: Px, y: Px, w: Px, h: Px }, { additionalProperties: false }),
                { maxItems: 200 },
              ),
            ),
            mutedSpans: Type.Optional(Type.Array(Span, { maxItems: 200 })),
          },
          { additionalProperties: false },
        ),
        response: One,
      },
    },
    async (req) => videoReleases.edit(req.params.id, req.params.videoId, req.body, actorOf(req)),
  );
  app.get(
    '/api/publications/:id/videos/:videoId/frame',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary: 'A preview frame (JPEG) of the unredacted working copy, for reviewing the face tracks',
        tags: ['publicity'],
        params: VideoParams,
        querystring: Type.Object({ atMs: Ms }, { additionalProperties: false }),
      },
    },
    async (req, reply) => {
      const jpeg = await videoReleases.frame(req.params.id, req.params.videoId, req.query.atMs, actorOf(req));
      return reply.type('image/jpeg').header('cache-control', 'private, no-store').send(jpeg);
    },
  );
  app.post(
    '/api/publications/:id/videos/:videoId/render',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary: 'Render the released copy (blurred, muted) with its manifest, in the background',
        tags: ['publicity'],
        params: VideoParams,
        response: { 202: Type.Ref(VideoReleaseView), ...errors },
      },
    },
    async (req, reply) =>
      reply.code(202).send(await videoReleases.render(req.params.id, req.params.videoId, actorOf(req))),
  );
  app.get(
    '/api/publications/:id/videos/:videoId/file',
    {
      config: { access: READERS, scope },
      schema: {
        summary: 'The rendered copy (MP4, ranges), to check before sign-off; its SHA-256 in X-Content-SHA256',
        tags: ['publicity'],
        params: VideoParams,
      },
    },
    async (req, reply) => {
      const f = await videoReleases.copyFile(req.params.id, req.params.videoId, actorOf(req));
      return reply
        .header('x-content-sha256', f.sha256)
        .type('video/mp4')
        .sendFile(basename(f.path), dirname(f.path), { acceptRanges: true, cacheControl: false });
    },
  );
  app.get(
    '/api/publications/:id/videos/:videoId/manifest',
    {
      config: { access: READERS, scope },
      schema: {
        summary: "The rendered copy's manifest: its SHA-256, the sealed sources' hashes and the edit list",
        tags: ['publicity'],
        params: VideoParams,
      },
    },
    async (req, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send(await videoReleases.manifest(req.params.id, req.params.videoId, actorOf(req))),
  );
  app.post(
    '/api/publications/:id/videos/:videoId/sign-off',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary: 'Sign off the rendered copy: released on the portal while the publication is published',
        tags: ['publicity'],
        params: VideoParams,
        response: One,
      },
    },
    async (req) => videoReleases.signOff(req.params.id, req.params.videoId, actorOf(req)),
  );
  app.post(
    '/api/publications/:id/videos/:videoId/withdraw',
    {
      config: { access: EDITORS, scope },
      schema: {
        summary:
          'Take one released video down alone (撤下), with a public reason (redacted): the portal answers 410 with it, and the released copy is deleted (its manifest and hashes stay)',
        tags: ['publicity'],
        params: VideoParams,
        body: Type.Object(
          {
            reason: Type.String({
              minLength: 1,
              maxLength: 500,
              description: 'Published with the take-down, redacted',
            }),
          },
          { additionalProperties: false },
        ),
        response: One,
      },
    },
    async (req) => videoReleases.withdraw(req.params.id, req.params.videoId, req.body, actorOf(req)),
  );
};
