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
import { actorOf } from '../actor.js';
import { ErrorBody, HttpError } from '../errors.js';
import type { Services } from '../services.js';

const DeviceParams = Type.Object({ id: Type.String({ pattern: DEVICE_ID_PATTERN }) });

/** The stable code of the refusal the dashboard answers with its reason dialog. */
export const STOP_REASON_REQUIRED = 'stop-reason-required';

export const devicesPlugin: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const { registry, broker, config, stopPolicy, audit } = services;

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
          400: ErrorBody,
          403: ErrorBody,
          404: ErrorBody,
          409: ErrorBody,
        },
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
      let action = req.body.action;
      const reason = req.body.reason?.trim() || undefined;
      const stopping = action === 'stop' || (action === 'press' && d.state === 'recording');
      const policy = stopping ? await stopPolicy.forDevice(d.id) : null;
      if (policy?.fullProcessOpen) {
        if (!reason || reason.length < 2) {
          const step = await stopPolicy.describeStep(policy.stepId);
          throw new HttpError(
            400,
            `officer ${policy.officerId} is on a full-process step${step ? ` (${step.kind}, case ${step.caseNumber})` : ''}` +
              `${policy.stepEndsAt ? ` until ${policy.stepEndsAt}` : ''}: stopping recorder ${d.id} needs a reason`,
            STOP_REASON_REQUIRED,
            {
              officerId: policy.officerId,
              stepId: policy.stepId,
              caseId: policy.caseId,
              stepKind: step?.kind ?? null,
              caseNumber: step?.caseNumber ?? null,
              stepEndsAt: policy.stepEndsAt,
            },
          );
        }
        // A press would only ask for the confirming second press on the recorder: the reason is the confirmation.
        action = 'stop';
      }
      const payload: CommandPayload = {
        v: PROTOCOL_VERSION,
        commandId: randomUUID(),
        action,
        ...(stopping && reason ? { reason } : {}),
        ts: new Date().toISOString(),
      };
      await audit.append({
        actor: actorOf(req),
        action: 'command',
        subjectType: 'device',
        subjectId: d.id,
        caseId: policy?.fullProcessOpen ? policy.caseId : null,
        detail: {
          commandId: payload.commandId,
          action,
          ...(action !== req.body.action ? { requested: req.body.action } : {}),
          reason: payload.reason ?? null,
          officerId: policy?.officerId ?? d.holder?.officerId ?? d.officerId,
          ...(policy?.fullProcessOpen ? { fullProcessStep: policy.stepId } : {}),
        },
      });
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
      return { commandId: payload.commandId, action };
    },
  );
};
