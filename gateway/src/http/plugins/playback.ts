import { CAN } from '../../auth/roles.js';
import type { Db } from '../../db/database.js';
import { scopeOf } from '../guard.js';
import { recordingScope } from '../scope.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { basename, dirname } from 'node:path';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Playback } from '../../cases/playback.js';
import { actorOf } from '../actor.js';
import { ErrorBody } from '@liuhen/contract';
import { HttpError } from '../errors.js';

const Span = Type.Object(
  {
    device: Type.String({ pattern: DEVICE_ID_PATTERN }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
/** Longest span one request may stitch: a full shift. */
const MAX_SPAN_MS = 12 * 3600_000;

function span(q: { from: string; to: string }): { from: string; to: string } {
  const from = Date.parse(q.from);
  const to = Date.parse(q.to);
  if (to <= from) throw new HttpError(400, '"to" must be after "from"');
  if (to - from > MAX_SPAN_MS)
    throw new HttpError(400, 'at most 12 hours per playback request; ask for a shorter span');
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}

/** A range request for anything but the start is the same viewing continuing, not a new one. */
function isNewViewing(range: string | undefined): boolean {
  return !range || /^bytes=0-/.test(range);
}

export const playbackPlugin: FastifyPluginAsyncTypebox<{ playback: Playback; audit: AuditLog; db: Db }> = async (
  app,
  { playback, audit, db },
) => {
  app.get(
    '/api/playback',
    {
      // The footage is known once the plan is made: the handler checks it (recordingScope) before answering.
      config: { access: CAN.readFootage, scope: 'filtered' },
      schema: {
        summary: 'Plan of a device’s footage over a span: pieces in the stitched media and the gaps',
        tags: ['playback'],
        querystring: Span,
        response: {
          200: Type.Object({
            deviceId: Type.String(),
            from: Type.String(),
            to: Type.String(),
            pieces: Type.Array(
              Type.Object({
                recordingId: Type.String(),
                source: Type.String(),
                wallStart: Type.String(),
                wallEnd: Type.String(),
                mediaStart: Type.Number({ description: 'Seconds into the stitched media' }),
                mediaEnd: Type.Number(),
              }),
            ),
            gaps: Type.Array(Type.Object({ start: Type.String(), end: Type.String(), seconds: Type.Number() })),
            mediaUrl: Type.String(),
          }),
          400: ErrorBody,
        },
      },
    },
    async (req) => {
      const s = span(req.query);
      const plan = await playback.plan(req.query.device, s.from, s.to);
      await recordingScope(
        db,
        scopeOf(req),
        plan.pieces.map((p) => p.recordingId),
      );
      const qs = new URLSearchParams({ device: req.query.device, from: s.from, to: s.to });
      return {
        ...plan,
        pieces: plan.pieces.map(({ recordingId, source, wallStart, wallEnd, mediaStart, mediaEnd }) => ({
          recordingId,
          source,
          wallStart,
          wallEnd,
          mediaStart,
          mediaEnd,
        })),
        mediaUrl: `/api/playback/media.mp4?${qs.toString()}`,
      };
    },
  );
  app.get(
    '/api/playback/media.mp4',
    {
      config: { access: CAN.readFootage, scope: 'filtered' },
      schema: {
        summary: 'The footage over a span as one MP4, stitched from its segments without re-encoding (audited as play)',
        tags: ['playback'],
        querystring: Span,
        response: { 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const s = span(req.query);
      const plan = await playback.plan(req.query.device, s.from, s.to);
      if (plan.pieces.length === 0)
        throw new HttpError(404, `no footage of ${req.query.device} between ${s.from} and ${s.to}`);
      await recordingScope(
        db,
        scopeOf(req),
        plan.pieces.map((p) => p.recordingId),
      );
      const file = await playback.media(plan);
      if (isNewViewing(req.headers.range)) {
        await audit.append({
          actor: actorOf(req),
          action: 'play',
          subjectType: 'device-footage',
          subjectId: req.query.device,
          detail: { from: s.from, to: s.to, recordings: plan.pieces.map((p) => p.recordingId) },
        });
      }
      return reply
        .type('video/mp4')
        .sendFile(basename(file), dirname(file), { acceptRanges: true, cacheControl: false });
    },
  );
};
