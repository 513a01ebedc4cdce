import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import { RecordingView, toView } from '../../footage/recordings.js';
import { ErrorBody, HttpError } from '../errors.js';
import type { Services } from '../services.js';

export const recordingsPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/recordings',
    {
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
      const rows = await services.recordings.list({ deviceId: device, from: norm(from), to: norm(to), limit });
      return { recordings: rows.map(toView) };
    },
  );

  app.get(
    '/api/recordings/:id/file',
    {
      schema: {
        summary: 'The MP4 file (supports HTTP range requests)',
        tags: ['recordings'],
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const row = await services.recordings.get(req.params.id);
      if (!row) throw new HttpError(404, `no recording ${req.params.id}`);
      reply.header('X-Content-SHA256', row.sha256);
      return reply.sendFile(row.path, services.footageRoot, { acceptRanges: true, cacheControl: false });
    },
  );
};
