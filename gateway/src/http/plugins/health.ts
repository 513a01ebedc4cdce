import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PROTOCOL_VERSION } from '@liuhen/device-profiles';
import { statfs } from 'node:fs/promises';
import type { Services } from '../services.js';

async function diskOf(dir: string): Promise<{ freeBytes: number; totalBytes: number; full: boolean }> {
  const s = await statfs(dir);
  const freeBytes = s.bavail * s.bsize;
  const totalBytes = s.blocks * s.bsize;
  return { freeBytes, totalBytes, full: freeBytes < Math.min(2 ** 30, totalBytes * 0.01) };
}

export const healthPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/api/health',
    {
      config: { access: 'public' },
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
            storage: Type.Object(
              { freeBytes: Type.Number(), totalBytes: Type.Number(), full: Type.Boolean() },
              { description: 'The disk holding the footage; full below 1 % or 1 GiB free' },
            ),
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
        storage: await diskOf(services.footageRoot),
      };
    },
  );
};
