import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, RecordingView } from '@liuhen/contract';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import { toView } from '../../footage/recordings.js';
import { actorOf, attachment } from '../actor.js';
import { HttpError } from '../errors.js';
import { scopeOf } from '../guard.js';
import type { Services } from '../services.js';

export const recordingsPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/recordings',
    {
      config: { access: CAN.readFootage, scope: 'filtered' },
      schema: {
        summary: 'Footage files held at the station, newest first',
        tags: ['recordings'],
        querystring: Type.Object(
          {
            device: Type.Optional(Type.String({ pattern: DEVICE_ID_PATTERN })),
            from: Type.Optional(
              Type.String({ format: 'date-time', description: 'Only footage ending after this time' }),
            ),
            to: Type.Optional(
              Type.String({ format: 'date-time', description: 'Only footage starting before this time' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ recordings: Type.Array(RecordingView) }), 400: ErrorBody },
      },
    },
    async (req) => {
      const { device, from, to, limit } = req.query;
      const norm = (s: string | undefined) => (s ? new Date(s).toISOString() : undefined);
      const rows = await services.recordings.list({
        deviceId: device,
        from: norm(from),
        to: norm(to),
        limit,
        visibleTo: scopeOf(req),
      });
      return { recordings: rows.map(toView) };
    },
  );

  app.get(
    '/api/recordings/:id/file',
    {
      config: { access: CAN.readFootage, scope: (req) => [{ recordings: [(req.params as { id: string }).id] }] },
      schema: {
        summary: 'The MP4 file (supports HTTP range requests); audited as play, or download with ?download=1',
        tags: ['recordings'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ download: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await services.recordings.get(req.params.id);
      if (!row) throw new HttpError(404, `no recording ${req.params.id}`);
      // A range request past byte 0 continues a viewing already recorded.
      const range = req.headers.range;
      if (!range || /^bytes=0-/.test(range)) {
        await services.audit.append({
          actor: actorOf(req),
          action: req.query.download ? 'download' : 'play',
          subjectType: 'recording',
          subjectId: row.id,
          detail: { deviceId: row.device_id, sha256: row.sha256 },
        });
      }
      reply.header('X-Content-SHA256', row.sha256);
      if (req.query.download)
        reply.header('Content-Disposition', attachment(row.path.split(/[\\/]/).pop() ?? 'footage.mp4'));
      return reply.sendFile(row.path, services.footageRoot, { acceptRanges: true, cacheControl: false });
    },
  );
};
