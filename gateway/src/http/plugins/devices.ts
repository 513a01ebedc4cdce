import { CAN } from '../../auth/roles.js';
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DeviceView, ErrorBody, STOP_REASON_REQUIRED, StopReasonRequiredError } from '@liuhen/contract';
import { COMMAND_ACTIONS, DEVICE_ID_PATTERN } from '@liuhen/device-profiles';
import { actorOf } from '../actor.js';
import { HttpError } from '../errors.js';
import type { Services } from '../services.js';

const DeviceParams = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });

export const devicesPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { registry, commands } = services;
  app.addSchema(StopReasonRequiredError);

  app.get(
    '/api/devices',
    {
      // The live board shows every recorder (with a unit filter); footage and live video are scoped.
      config: { access: [...CAN.watchLive], scope: 'none' },
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
      config: { access: [...CAN.watchLive], scope: 'none' },
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
      // Like its live video: a unit's supervisor commands only recorders their unit's officers hold.
      config: { access: [...CAN.watchLive], scope: (req) => [{ live: (req.params as { id: string }).id }] },
      schema: {
        summary: 'Press the record button of a simulated recorder, or start or stop its recording',
        description:
          'Sent to the device on its MQTT set topic; the device answers with a new state. ' +
          "A stop (or a press that would stop a recording) while the recorder's officer is on an open full-process step " +
          `needs a reason: without one the answer is 400 with code ${STOP_REASON_REQUIRED} and the step in details; ` +
          'with one the device gets a stop carrying the reason (a press would wait for the confirming second press on the recorder). ' +
          'Every command is kept in the audit trail, with its reason.',
        tags: ['devices'],
        params: DeviceParams,
        body: Type.Object(
          {
            action: Type.Union(COMMAND_ACTIONS.map((a) => Type.Literal(a))),
            reason: Type.Optional(
              Type.String({
                minLength: 2,
                maxLength: 500,
                description: 'Why the recording is stopped (kept in the audit trail and sent to the recorder)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ commandId: Type.String(), action: Type.String({ description: 'What was sent' }) }),
          400: Type.Union([Type.Ref(StopReasonRequiredError), ErrorBody]),
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const sent = await commands.send(req.params.id, req.body.action, req.body.reason, actorOf(req));
      reply.code(202);
      return sent;
    },
  );
};
