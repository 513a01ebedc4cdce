import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { StationKeys } from '../../audit/checkpoints.js';

/**
 * The station's public signing key, for whoever verifies its exports and audit checkpoints
 * (liuhen-verify --station-pubkey). Public: a public key is no secret, and a reviewer may have no
 * account; compare the fingerprint with the one printed at the station's first start.
 */
export const stationPlugin: FastifyPluginAsyncTypebox<{ stationKey: StationKeys }> = async (app, { stationKey }) => {
  app.get(
    '/api/station/key',
    {
      config: { access: 'public' },
      schema: {
        summary: "The station's public signing key (export manifests, audit checkpoints)",
        tags: ['station'],
        response: {
          200: Type.Object({
            algorithm: Type.Literal('Ed25519'),
            publicKeyPem: Type.String({
              description: 'SPKI PEM; save it and pass it to liuhen-verify --station-pubkey',
            }),
            fingerprint: Type.String({ description: 'SHA-256 of the DER SPKI public key, hex' }),
          }),
        },
      },
    },
    async () => ({
      algorithm: 'Ed25519' as const,
      publicKeyPem: stationKey.publicKeyPem,
      fingerprint: stationKey.fingerprint,
    }),
  );
};
