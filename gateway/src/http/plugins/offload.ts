/**
 * Offload: recorders upload their evidence segments here, resumably.
 *   GET   /api/devices/:id/uploads/:name            where to resume
 *   PATCH /api/devices/:id/uploads/:name            append bytes at Upload-Offset
 *   POST  /api/devices/:id/uploads/:name/complete   verify, store, index, acknowledge
 *                                                   (a refused chain: quarantined, 422 code chain-refused)
 *   PUT   /api/devices/:id/discards/:name           the chain of a segment discarded by policy
 */
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { publicKeyFingerprint } from '@liuhen/evidence';
import { checkSegmentChain } from '../../footage/chain-check.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { OfficerId } from '@liuhen/device-profiles';
import { DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import { ChainRefusedError, SEGMENT_NAME_PATTERN, UploadError, type UploadStore } from '../../footage/uploads.js';
import type { Quarantine } from '../../footage/quarantine.js';
import { sha256Text } from '../../footage/sha256.js';
import { toView } from '../../footage/recordings.js';
import type { QuarantineTable, RecordingsTable } from '../../db/schema.js';
import { ErrorBody } from '@liuhen/contract';
import { HttpError, toHttpError } from '../errors.js';
import type { Services } from '../services.js';

export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

const Params = Type.Object({
  id: Type.String({ pattern: DEVICE_ID_PATTERN }),
  name: Type.String({ pattern: SEGMENT_NAME_PATTERN }),
});

export const CompleteBody = Type.Object(
  {
    bytes: Type.Integer({ minimum: 1 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.String({ format: 'date-time' }),
    officerId: Type.Union([OfficerId, Type.Null()]),
    recordingIds: Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]*$' }), {
      maxItems: 16,
    }),
    marked: Type.Boolean({ description: 'Holds an important mark (重要标记)' }),
    chain: Type.Optional(
      Type.String({ maxLength: 4 * 1024 * 1024, description: 'The segment evidence chain (JSON lines)' }),
    ),
  },
  { additionalProperties: false },
);

/** What a refused chain answers (422): the error shape plus what became of the segment. */
export const ChainRefusedBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    code: Type.Optional(
      Type.String({ description: '`chain-refused`: kept in quarantine, do not retry; others: see the message' }),
    ),
    quarantined: Type.Optional(Type.Boolean({ description: 'The station kept the bytes and the chain in quarantine' })),
    reason: Type.Optional(Type.String({ description: 'Why the chain was refused (first bad fragment)' })),
    quarantineId: Type.Optional(Type.String()),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { description: 'Refused. With code chain-refused the answer is final for these bytes and this chain' },
);

const refusedBody = (name: string, q: QuarantineTable) => ({
  statusCode: 422,
  error: 'Unprocessable Entity',
  message: `segment ${name}: the evidence chain does not verify (${q.reason}); the station keeps it in quarantine for review: keep your copy and do not send it again`,
  code: 'chain-refused',
  quarantined: true,
  reason: q.reason,
  quarantineId: q.id,
  details: { quarantined: true, reason: q.reason, quarantineId: q.id, copy: q.copy, sha256: q.sha256 },
});

export interface OffloadOptions {
  services: Services;
  uploads: UploadStore;
  quarantine: Quarantine;
  onStored: (row: RecordingsTable) => void;
}

export const offloadPlugin: FastifyPluginAsyncTypebox<OffloadOptions> = async (
  app,
  { services, uploads, quarantine, onStored },
) => {
  app.addContentTypeParser(OFFSET_CONTENT_TYPE, (_req, payload, done) => done(null, payload));

  const known = (id: string) => {
    if (!services.registry.has(id)) throw new HttpError(404, `device ${id} is not known to this station`);
  };
  const asHttp = (err: unknown): never => {
    if (err instanceof UploadError) {
      // Where the station's copy stands goes back as Upload-Offset (the error handler sends it).
      const e = toHttpError(err) as HttpError & { offset?: number };
      e.offset = err.offset;
      throw e;
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
      // The recorder keeps its copy and retries; the station operator must free space.
      app.log.error(
        { dataDir: services.footageRoot },
        'station storage is full: uploads are refused until space is freed',
      );
      throw new HttpError(507, 'the station storage is full: keep the segment and retry later', 'station-storage-full');
    }
    throw err;
  };

  app.put(
    '/api/devices/:id/key',
    {
      config: { access: 'device' },
      schema: {
        summary: "Register the device's evidence key (Ed25519 public key, SPKI PEM); the first registration stands",
        tags: ['offload'],
        params: Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) }),
        body: Type.Object({ publicKeyPem: Type.String({ maxLength: 4096 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ fingerprint: Type.String(), status: Type.String() }),
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req) => {
      known(req.params.id);
      let key;
      try {
        key = createPublicKey(req.body.publicKeyPem);
      } catch {
        throw new HttpError(400, 'publicKeyPem is not a PEM public key');
      }
      if (key.asymmetricKeyType !== 'ed25519')
        throw new HttpError(400, `the evidence key must be Ed25519, not ${key.asymmetricKeyType}`);
      const pem = key.export({ type: 'spki', format: 'pem' }).toString();
      const fingerprint = publicKeyFingerprint(key);
      // Keys come from enrollment. Trust on first use only in a lab that takes unenrolled uploads.
      if (!(await services.registry.publicKey(req.params.id)) && !services.config.auth.allowUnenrolledUploads) {
        throw new HttpError(
          409,
          `device ${req.params.id} has no evidence key: keys are registered at enrollment only (enroll it at the desk)`,
          'enroll-first',
        );
      }
      const status = await services.registry.registerKey(req.params.id, pem, fingerprint);
      if (status === 'different') {
        throw new HttpError(409, `device ${req.params.id} is enrolled with another key: re-enroll it to change keys`);
      }
      return { fingerprint, status };
    },
  );

  app.get(
    '/api/devices/:id/uploads/:name',
    {
      config: { access: 'device' },
      schema: {
        summary: 'How much of a segment the station holds (where an upload resumes)',
        tags: ['offload'],
        params: Params,
        response: { 200: Type.Object({ offset: Type.Integer(), complete: Type.Boolean() }), 404: ErrorBody },
      },
    },
    async (req) => {
      known(req.params.id);
      return uploads.offset(req.params.id, req.params.name).catch(asHttp);
    },
  );

  app.patch(
    '/api/devices/:id/uploads/:name',
    {
      config: { access: 'device' },
      schema: {
        summary: `Append bytes at the offset in the Upload-Offset header (body: ${OFFSET_CONTENT_TYPE})`,
        tags: ['offload'],
        params: Params,
        headers: Type.Object({ 'upload-offset': Type.Integer({ minimum: 0 }) }),
        response: { 200: Type.Object({ offset: Type.Integer() }), 409: ErrorBody, 413: ErrorBody },
      },
    },
    async (req, reply) => {
      known(req.params.id);
      if (req.headers['content-type'] !== OFFSET_CONTENT_TYPE)
        throw new HttpError(415, `send the bytes as ${OFFSET_CONTENT_TYPE}`);
      try {
        const offset = await uploads.append(
          req.params.id,
          req.params.name,
          req.headers['upload-offset'],
          req.body as Readable,
        );
        void reply.header('Upload-Offset', String(offset));
        return { offset };
      } catch (err) {
        if (err instanceof UploadError && err.offset !== undefined)
          void reply.header('Upload-Offset', String(err.offset));
        return asHttp(err);
      }
    },
  );

  app.post(
    '/api/devices/:id/uploads/:name/complete',
    {
      config: { access: 'device' },
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        summary: 'Verify an uploaded segment, store and index it, and acknowledge it',
        tags: ['offload'],
        params: Params,
        body: CompleteBody,
        response: {
          200: Type.Object({
            acknowledged: Type.Literal(true),
            recordingId: Type.String(),
            sha256: Type.String(),
            bytes: Type.Integer(),
          }),
          404: ErrorBody,
          409: ErrorBody,
          422: ChainRefusedBody,
        },
      },
    },
    async (req, reply) => {
      const { id, name } = req.params;
      known(id);
      const b = req.body;
      // Checked before the file moves into the footage store: a refusal must leave nothing half-done.
      if (Date.parse(b.endedAt) < Date.parse(b.startedAt))
        throw new HttpError(400, `endedAt (${b.endedAt}) is before startedAt (${b.startedAt})`);
      const key = await services.registry.publicKey(id);
      if (b.chain !== undefined && !key)
        throw new HttpError(409, `device ${id} has no registered key: PUT /api/devices/${id}/key first`);
      // An enrolled recorder always signs its footage: a segment without its chain is not its own.
      if (b.chain === undefined && services.registry.get(id)?.enrolled)
        throw new HttpError(
          422,
          `recorder ${id} is enrolled: send the segment's evidence chain with it (chain), signed with the enrolled key`,
          'chain-required',
        );
      const chain = b.chain;
      const offset = await uploads.offset(id, name).catch(asHttp);
      // A name the recorder discarded is never filled in afterwards.
      if (!offset.complete && (await services.chainRecords.isDiscarded(id, name)))
        throw new HttpError(
          409,
          `segment ${name} was discarded by policy (its chain is held here): a segment cannot reuse its name`,
          'segment-discarded',
        );
      if (chain !== undefined && !offset.complete) {
        // The repeat of a refused upload gets the same answer, and opens nothing new.
        const kept = await quarantine.find(id, name, b.sha256, sha256Text(chain));
        if (kept) {
          await uploads.dropIfExactly(id, name, b.bytes, b.sha256);
          return reply.code(422).send(refusedBody(name, kept));
        }
      }
      let stored: Awaited<ReturnType<UploadStore['complete']>>;
      try {
        stored = await uploads.complete(
          id,
          name,
          { bytes: b.bytes, sha256: b.sha256 },
          chain !== undefined && key
            ? (file) => checkSegmentChain(file, name, chain, key.pem, uploads.partialRoot)
            : undefined,
        );
      } catch (err) {
        if (!(err instanceof ChainRefusedError) || chain === undefined) return asHttp(err);
        // Never retried forever in silence: kept, reviewed, and answered for good.
        const { row } = await quarantine
          .keep({
            deviceId: id,
            name,
            file: err.file,
            bytes: b.bytes,
            sha256: b.sha256,
            chain,
            reason: err.reason,
            officerId: b.officerId,
            startedAt: b.startedAt,
            endedAt: b.endedAt,
            recordingIds: b.recordingIds,
            actor: `device:${id}`,
          })
          .catch(asHttp);
        return reply.code(422).send(refusedBody(name, row));
      }
      if (chain !== undefined) {
        // A repeated completion never rewrites stored evidence: the chain already held stands
        // (the same text is fine, another is refused); one missing (a crash before it was
        // written) is checked against the stored file before it is kept.
        const held = uploads.readSidecar(id, name, '.chain.jsonl');
        if (held === null && stored.already && key) {
          const refusal = await checkSegmentChain(
            join(uploads.footageRoot, stored.path),
            name,
            chain,
            key.pem,
            uploads.partialRoot,
          );
          if (refusal)
            throw new HttpError(
              422,
              `segment ${name}: the evidence chain does not verify: ${refusal}`,
              'chain-refused',
            );
        }
        if (held !== chain) {
          await uploads.saveSidecar(id, name, '.chain.jsonl', chain).catch(asHttp);
          await services.chainRecords.recordSegment(id, name, chain);
        }
      }
      let row = await services.recordings.byPath(stored.path);
      if (row?.recovered === 1 && row.source === 'device') {
        // The station crashed between storing this upload and indexing it: recovery guessed its facts.
        row =
          (await services.recordings.completeRecovered(row.id, {
            sessionId: b.recordingIds[0] ?? `device-${name}`,
            startedAt: new Date(b.startedAt),
            endedAt: new Date(b.endedAt),
            officerId: b.officerId,
          })) ?? row;
        req.log.info({ deviceId: id, name }, 'recovered device segment completed with the recorder’s own metadata');
      }
      if (!row) {
        const startedAt = new Date(b.startedAt);
        const endedAt = new Date(b.endedAt);
        row = await services.recordings.add(
          {
            deviceId: id,
            sessionId: b.recordingIds[0] ?? `device-${name}`,
            path: stored.path,
            startedAt,
            endedAt,
            durationSeconds: (endedAt.getTime() - startedAt.getTime()) / 1000,
            bytes: stored.bytes,
            sha256: stored.sha256,
          },
          b.officerId,
          { source: 'device' },
        );
        req.log.info({ deviceId: id, name, bytes: stored.bytes, marked: b.marked }, 'device segment stored');
        onStored(row);
      }
      return { acknowledged: true as const, recordingId: toView(row).id, sha256: stored.sha256, bytes: stored.bytes };
    },
  );

  app.put(
    '/api/devices/:id/discards/:name',
    {
      config: { access: 'device' },
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        summary: 'The evidence chain of a segment the recorder discarded by policy (its footage is gone)',
        description:
          'Checked against the enrolled key (every signature, this device and segment, seq order and links, ending in a ' +
          'whole-file discard with a reason) and kept where the segment would have been. The same text again: 200, ' +
          'stored false. Another text for a name the station holds: 409, never replaced.',
        tags: ['offload'],
        params: Params,
        body: Type.Object(
          {
            chain: Type.String({
              minLength: 1,
              maxLength: 4 * 1024 * 1024,
              description: 'The chain file (JSON lines)',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            stored: Type.Boolean({ description: 'false: the station already held this very chain' }),
            segment: Type.String(),
            reason: Type.String(),
            start: Type.String({ description: 'Discarded span, device clock' }),
            end: Type.String(),
            firstSeq: Type.Integer(),
            lastSeq: Type.Integer(),
            overlapsRecording: Type.Union([Type.String(), Type.Null()], {
              description: 'A recording the discarded span overlaps: opened a review item',
            }),
          }),
          400: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
          422: ErrorBody,
        },
      },
    },
    async (req) => {
      const { id, name } = req.params;
      known(id);
      if (!name.startsWith(`${id}_`)) throw new HttpError(400, `segment ${name} does not belong to device ${id}`);
      try {
        const { stored, discard } = await services.chainRecords.storeDiscard(id, name, req.body.chain, `device:${id}`);
        if (stored) req.log.info({ deviceId: id, segment: name, reason: discard.reason }, 'discard chain stored');
        return {
          stored,
          segment: name,
          reason: discard.reason,
          start: discard.start,
          end: discard.end,
          firstSeq: discard.firstSeq,
          lastSeq: discard.lastSeq,
          overlapsRecording: discard.overlapsRecording,
        };
      } catch (err) {
        return asHttp(err);
      }
    },
  );
};
