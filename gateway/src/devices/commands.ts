/**
 * Commands to a simulated recorder from the dashboard: press its button, start or stop it. Only a
 * simulated recorder takes them (on a real one only the officer presses the button), only while
 * config allows it, and only while it is online. Stopping a recorder whose officer is on an open
 * full-process step (全过程记录) needs a reason: the refusal carries the step, so the dashboard can
 * ask for one. Every command is audited with its reason before it is sent.
 */
import { randomUUID } from 'node:crypto';
import { STOP_REASON_REQUIRED, type StopReasonRequiredError } from '@liuhen/contract';
import { PROTOCOL_VERSION, topics, type CommandAction, type CommandPayload } from '@liuhen/device-profiles';
import type { AuditLog } from '../audit/audit-log.js';
import type { Broker } from '../broker.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import type { DeviceRegistry } from './registry.js';
import type { StopPolicyPublisher } from './stop-policy.js';

/** The facts behind a `stop-reason-required` refusal (the contract's StopReasonRequiredError). */
type StopReasonRequired = StopReasonRequiredError['details'];

export interface DeviceCommandDeps {
  registry: DeviceRegistry;
  broker: Broker;
  stopPolicy: StopPolicyPublisher;
  audit: AuditLog;
  /** devices.allowSimCommands */
  allowSimCommands: boolean;
}

export function createDeviceCommands(deps: DeviceCommandDeps) {
  const { registry, broker, stopPolicy, audit } = deps;

  /** Publishes on the recorder's set topic (QoS 1: the broker keeps it for a recorder reconnecting). */
  const publish = (deviceId: string, payload: CommandPayload) =>
    new Promise<void>((resolve, reject) =>
      broker.aedes.publish(
        {
          cmd: 'publish',
          topic: topics.set(deviceId),
          payload: Buffer.from(JSON.stringify(payload)),
          qos: 1,
          retain: false,
          dup: false,
        },
        (err) => (err ? reject(err) : resolve()),
      ),
    );

  return {
    /** Sends `requested` to the recorder; answers what was sent (a press that would stop becomes a stop). */
    async send(
      deviceId: string,
      requested: CommandAction,
      givenReason: string | undefined,
      actor: string,
    ): Promise<{ commandId: string; action: CommandAction }> {
      const d = registry.get(deviceId);
      if (!d) throw new NotFound(`no device ${deviceId}`);
      if (d.profile !== 'sim')
        throw new Forbidden(
          `device ${d.id} is a real recorder (profile ${d.profile}): only the officer can press its button`,
        );
      if (!deps.allowSimCommands)
        throw new Forbidden('commands to simulated recorders are disabled (devices.allowSimCommands)');
      if (!d.online) throw new Conflict(`device ${d.id} is offline: the command could not be delivered`);
      let action = requested;
      const reason = givenReason?.trim() || undefined;
      const stopping = action === 'stop' || (action === 'press' && d.state === 'recording');
      const policy = stopping ? await stopPolicy.forDevice(d.id) : null;
      if (policy?.fullProcessOpen) {
        if (!reason || reason.length < 2) {
          const step = await stopPolicy.describeStep(policy.stepId);
          const details: StopReasonRequired = {
            officerId: policy.officerId,
            stepId: policy.stepId,
            caseId: policy.caseId,
            stepKind: step?.kind ?? null,
            caseNumber: step?.caseNumber ?? null,
            stepEndsAt: policy.stepEndsAt,
          };
          throw new Invalid(
            `officer ${policy.officerId} is on a full-process step${step ? ` (${step.kind}, case ${step.caseNumber})` : ''}` +
              `${policy.stepEndsAt ? ` until ${policy.stepEndsAt}` : ''}: stopping recorder ${d.id} needs a reason`,
            { code: STOP_REASON_REQUIRED, details: { ...details } },
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
        actor,
        action: 'command',
        subjectType: 'device',
        subjectId: d.id,
        caseId: policy?.fullProcessOpen ? policy.caseId : null,
        detail: {
          commandId: payload.commandId,
          action,
          ...(action !== requested ? { requested } : {}),
          reason: payload.reason ?? null,
          officerId: policy?.officerId ?? d.holder?.officerId ?? d.officerId,
          ...(policy?.fullProcessOpen ? { fullProcessStep: policy.stepId } : {}),
        },
      });
      await publish(d.id, payload);
      return { commandId: payload.commandId, action };
    },
  };
}
export type DeviceCommands = ReturnType<typeof createDeviceCommands>;
