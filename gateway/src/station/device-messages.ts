/**
 * The message router: device messages, already validated by the broker
 * (broker.ts), parsed once against the contract and handed to the part of the
 * station that owns them. One place maps each topic kind to its handler.
 */
import {
  AvailabilityPayload,
  EventPayload,
  PROTOCOL_VERSION,
  StatePayload,
  TelemetryPayload,
  TimeRequestPayload,
  type TimeReplyPayload,
  parseDeviceTopic,
  parsePayload,
  topics,
} from '@liuhen/device-profiles';
import type { PublishPacket } from 'aedes';
import type { Broker } from '../broker.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { Logger } from '../log.js';
import type { TelemetryStore } from '../telemetry/index.js';
import type { Extension } from './lifecycle.js';

export interface DeviceMessageDeps {
  broker: Broker;
  registry: DeviceRegistry;
  telemetry: Pick<TelemetryStore, 'write'>;
  log: Logger;
  /** A recorder's state report (the station's recording follows it). */
  onState(s: StatePayload): Promise<void>;
}

/** Publishes a QoS 0, not retained message from the station (time replies). */
function publish(broker: Broker, topic: string, body: unknown): void {
  broker.aedes.publish(
    { cmd: 'publish', topic, payload: Buffer.from(JSON.stringify(body)), qos: 0, retain: false, dup: false },
    () => undefined,
  );
}

export function createDeviceMessages(deps: DeviceMessageDeps): Extension {
  const { broker, registry, telemetry, log } = deps;

  /** Clock sync (NTP-like): the station's receive and send times for the recorder's offset estimate. */
  function answerTime(deviceId: string, req: TimeRequestPayload, receivedAt: number): void {
    const reply: TimeReplyPayload = {
      v: PROTOCOL_VERSION,
      requestId: req.requestId,
      deviceSentAt: req.deviceSentAt,
      stationReceivedAt: receivedAt,
      stationSentAt: Date.now(),
    };
    publish(broker, topics['time-reply'](deviceId), reply);
  }

  async function route(topic: string, payload: Buffer): Promise<void> {
    const receivedAt = Date.now();
    const t = parseDeviceTopic(topic);
    if (!t) return;
    try {
      if (t.kind === 'state') {
        const r = parsePayload(StatePayload, payload);
        if (r.ok) await deps.onState(r.value);
      } else if (t.kind === 'availability') {
        const r = parsePayload(AvailabilityPayload, payload);
        if (r.ok) await registry.applyAvailability(t.deviceId, r.value);
      } else if (t.kind === 'events') {
        const r = parsePayload(EventPayload, payload);
        if (r.ok) await registry.applyEvent(r.value);
      } else if (t.kind === 'telemetry') {
        const r = parsePayload(TelemetryPayload, payload);
        if (r.ok && registry.applyTelemetry(r.value, receivedAt)) {
          telemetry.write({ ...r.value, unitId: registry.holder(t.deviceId)?.unitId ?? null, receivedAt });
        }
      } else if (t.kind === 'time') {
        const r = parsePayload(TimeRequestPayload, payload);
        if (r.ok) answerTime(t.deviceId, r.value, receivedAt);
      }
    } catch (err) {
      log.error({ topic, err: (err as Error).message }, 'could not store a device message');
    }
  }

  const listener = (packet: PublishPacket, cb: () => void) => {
    void route(packet.topic, packet.payload as Buffer).finally(cb);
  };
  return {
    name: 'device message router',
    start: () => new Promise<void>((done) => broker.aedes.subscribe(topics.allDevices(), listener, done)),
    stop: () => new Promise<void>((done) => broker.aedes.unsubscribe(topics.allDevices(), listener, done)),
  };
}
