/**
 * What the station holds of the recorders' evidence chains, for supervisors
 * and auditors:
 *   GET /api/quarantine              segments whose chain the station refused, kept for review
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import type { Quarantine } from '../../footage/quarantine.js';
import { scopeOf } from '../guard.js';

const QuarantineView = Type.Object({
  id: Type.String(),
  deviceId: Type.String(),
  segment: Type.String({ description: 'The segment file name the recorder gave it' }),
  copy: Type.Integer({ description: '1, or 2… for other bytes or another chain refused under the same name' }),
  bytes: Type.Integer(),
  sha256: Type.String(),
  chainSha256: Type.String({ description: 'SHA-256 of the offered chain text' }),
  reason: Type.String({ description: 'Why the station refused the chain' }),
  officerId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.Union([Type.String(), Type.Null()]),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  receivedAt: Type.String({ format: 'date-time' }),
  path: Type.String({ description: 'Where the bytes are kept, relative to the station data directory' }),
});

/** Who may see what the station holds of the chains: supervisors, auditors (admin always). */
export const EVIDENCE_READERS = ['supervisor', 'auditor'] as const;

export const evidencePlugin: FastifyPluginAsyncTypebox<{ quarantine: Quarantine }> = async (app, { quarantine }) => {
  app.get(
    '/api/quarantine',
    {
      config: { access: EVIDENCE_READERS },
      schema: {
        summary: 'Recorder segments whose evidence chain the station refused, kept as uploaded for review',
        tags: ['offload'],
        querystring: Type.Object(
          {
            device: Type.Optional(Type.String({ pattern: DEVICE_ID_PATTERN })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(QuarantineView) }) },
      },
    },
    async (req) => {
      // A supervisor with a unit sees that unit's recorders' refusals.
      const { unitId } = scopeOf(req);
      return { items: await quarantine.list({ deviceId: req.query.device, unitId, limit: req.query.limit }) };
    },
  );
};
