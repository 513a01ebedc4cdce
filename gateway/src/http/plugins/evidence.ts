/**
 * What the station holds of the recorders' evidence chains, for supervisors,
 * auditors and the equipment manager:
 *   GET /api/quarantine              segments whose chain the station refused, kept for review
 *   GET /api/devices/:id/discards    segments a recorder discarded by policy, with their reasons
 *   GET /api/devices/:id/chain       which seq of the device's chain the station holds, and the gaps
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import type { DeviceRegistry } from '../../devices/registry.js';
import type { ChainRecords } from '../../footage/chain-records.js';
import type { Quarantine } from '../../footage/quarantine.js';
import { ErrorBody } from '@liuhen/contract';
import { HttpError } from '../errors.js';
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

const DiscardView = Type.Object({
  deviceId: Type.String(),
  segment: Type.String(),
  reason: Type.String({ description: 'The signed reason of the discard' }),
  start: Type.String({ description: 'Discarded span, device clock' }),
  end: Type.String(),
  stationStart: Type.String({ description: 'The same on the station clock (device time − clockOffsetMs)' }),
  stationEnd: Type.String(),
  clockOffsetMs: Type.Union([Type.Number(), Type.Null()]),
  officerId: Type.Union([Type.String(), Type.Null()]),
  firstSeq: Type.Integer(),
  lastSeq: Type.Integer(),
  entries: Type.Integer(),
  receivedAt: Type.String({ format: 'date-time' }),
  overlapsRecording: Type.Union([Type.String(), Type.Null()], {
    description: 'A recording of the device the discarded span overlaps (a discard-overlap review item)',
  }),
});

const SeqRange = { from: Type.Integer(), to: Type.Integer() };
const Continuity = Type.Object({
  deviceId: Type.String(),
  firstSeq: Type.Union([Type.Integer(), Type.Null()]),
  lastSeq: Type.Union([Type.Integer(), Type.Null()]),
  entries: Type.Integer({ description: 'Distinct seq the station holds' }),
  complete: Type.Boolean({ description: 'No gap from seq 0 to the last seq held, and every link holds' }),
  gaps: Type.Array(
    Type.Object({
      ...SeqRange,
      count: Type.Integer(),
      after: Type.Union([Type.String(), Type.Null()], { description: 'The chain file before the gap' }),
      before: Type.Union([Type.String(), Type.Null()], { description: 'The chain file after the gap' }),
    }),
  ),
  brokenLinks: Type.Array(Type.Object({ seq: Type.Integer(), file: Type.String() })),
  overlaps: Type.Array(Type.Object({ ...SeqRange, files: Type.Array(Type.String()) })),
  head: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
  files: Type.Object({ segments: Type.Integer(), discards: Type.Integer(), quarantined: Type.Integer() }),
});

/** Who may see what the station holds of the chains: supervisors, auditors (admin always). */
export const EVIDENCE_READERS = ['supervisor', 'auditor'] as const;
/** Per device, the equipment manager too. */
const DEVICE_CHAIN_READERS = ['supervisor', 'auditor', 'equipment-manager'] as const;
const DeviceParams = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });

export const evidencePlugin: FastifyPluginAsyncTypebox<{
  quarantine: Quarantine;
  chainRecords: ChainRecords;
  registry: DeviceRegistry;
}> = async (app, { quarantine, chainRecords, registry }) => {
  const known = (id: string) => {
    if (!registry.has(id)) throw new HttpError(404, `device ${id} is not known to this station`);
  };
  app.get(
    '/api/quarantine',
    {
      config: { access: EVIDENCE_READERS, scope: 'filtered' },
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

  app.get(
    '/api/devices/:id/discards',
    {
      config: { access: DEVICE_CHAIN_READERS, scope: 'none' },
      schema: {
        summary: 'Segments the recorder discarded by policy (pre-record buffer), with their signed reasons',
        tags: ['offload'],
        params: DeviceParams,
        querystring: Type.Object(
          {
            from: Type.Optional(Type.String({ format: 'date-time', description: 'Device clock' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DiscardView) }), 404: ErrorBody },
      },
    },
    async (req) => {
      known(req.params.id);
      const { from, to, limit } = req.query;
      return {
        items: await chainRecords.discards(req.params.id, {
          from: from ? new Date(from).toISOString() : undefined,
          to: to ? new Date(to).toISOString() : undefined,
          limit,
        }),
      };
    },
  );

  app.get(
    '/api/devices/:id/chain',
    {
      config: { access: DEVICE_CHAIN_READERS, scope: 'none' },
      schema: {
        summary: "Which entries of the device's evidence chain the station holds, and the gaps",
        description:
          'From the chain files of its stored segments, its discards and its quarantined copies: first and last seq, ' +
          'gaps as seq ranges (from 0), entries that do not link to the one before, seq held twice.',
        tags: ['offload'],
        params: DeviceParams,
        response: { 200: Continuity, 404: ErrorBody },
      },
    },
    async (req) => {
      known(req.params.id);
      return chainRecords.continuity(req.params.id);
    },
  );
};
