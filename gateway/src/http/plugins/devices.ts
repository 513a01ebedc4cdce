import { CAN } from '../../auth/roles.js';
import { randomUUID } from 'node:crypto';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  COMMAND_ACTIONS,
  DEVICE_ID_PATTERN,
  PROTOCOL_VERSION,
  topics,
  type CommandPayload,
} from '@liuhen/device-profiles';
import { DeviceView } from '../../devices/view.js';
import { ErrorBody, HttpError } from '../errors.js';
import type { Services } from '../services.js';

const DeviceParams = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });

export const devicesPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { registry, broker, config } = services;

  app.get(
    '/api/devices',
    {
      config: { access: [...CAN.watchLive] },
      schema: {
        summary: 'All recorders known to the station',
        tags: ['devices'],
        response: { 200: Type.Object({ devices: Type.Array(DeviceView) }) },
      },
    },
    async () => ({ devices: registry.list() }),
  );

  app.get(
    '/api/devices/:id',
    {
      config: { access: [...CAN.watchLive] },
      schema: {
        summary: 'One recorder',
        tags: ['devices'],
        params: DeviceParams,
        response: { 200: DeviceView, 404: ErrorBody },
      },
    },
    async (req) => {
      const d = registry.get(req.params.id);
      if (!d) throw new HttpError(404, `no device ${req.params.id}: it registers when it first publishes its state`);
      return d;
    },
  );

  app.post(
    '/api/devices/:id/commands',
    {
      config: { access: [...CAN.watchLive] },
      schema: {
        summary: 'Press the record button of a simulated recorder',
        description: 'Sent to the device on its MQTT set topic; the device answers with a new state.',
        tags: ['devices'],
        params: DeviceParams,
        body: Type.Object(
          { action: Type.Union(COMMAND_ACTIONS.map((a) => Type.Literal(a))) },
          { additionalProperties: false },
        ),
        response: { 202: Type.Object({ commandId: Type.String() }), 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const d = registry.get(req.params.id);
      if (!d) throw new HttpError(404, `no device ${req.params.id}`);
      if (d.profile !== 'sim') {
        throw new HttpError(
          403,
          `device ${d.id} is a real recorder (profile ${d.profile}): only the officer can press its button`,
        );
      }
      if (!config.devices.allowSimCommands) {
        throw new HttpError(403, 'commands to simulated recorders are disabled (devices.allowSimCommands)');
      }
      if (!d.online) throw new HttpError(409, `device ${d.id} is offline: the command could not be delivered`);
      const payload: CommandPayload = {
        v: PROTOCOL_VERSION,
        commandId: randomUUID(),
        action: req.body.action,
        ts: new Date().toISOString(),
      };
      await new Promise<void>((resolve, reject) =>
        broker.aedes.publish(
          {
            cmd: 'publish',
            topic: topics.set(d.id),
            payload: Buffer.from(JSON.stringify(payload)),
            qos: 1,
            retain: false,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
      reply.code(202);
      return { commandId: payload.commandId };
    },
  );
};
