import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PROTOCOL_VERSION } from '@liuhen/device-profiles';
import type { Services } from '../services.js';

export const healthPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/health',
    {
      schema: {
        summary: 'Station health',
        tags: ['station'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            version: Type.String(),
            protocolVersion: Type.Integer(),
            uptimeSeconds: Type.Number(),
            mqtt: Type.Object({ port: Type.Integer(), clients: Type.Integer(), rejectedMessages: Type.Integer() }),
            rtmp: Type.Object({ port: Type.Integer(), liveStreams: Type.Integer() }),
            devices: Type.Object({ known: Type.Integer(), online: Type.Integer() }),
          }),
        },
      },
    },
    async () => {
      const devices = services.registry.list();
      return {
        status: 'ok' as const,
        version: services.version,
        protocolVersion: PROTOCOL_VERSION,
        uptimeSeconds: Math.round((Date.now() - services.startedAt.getTime()) / 1000),
        mqtt: {
          port: services.broker.port,
          clients: services.broker.aedes.connectedClients,
          rejectedMessages: services.broker.rejectedCount(),
        },
        rtmp: { port: services.ingest.port, liveStreams: services.ingest.liveDevices().length },
        devices: { known: devices.length, online: devices.filter((d) => d.online).length },
      };
    },
  );
};
