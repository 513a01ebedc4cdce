/**
 * The embedded MQTT broker (aedes). Device payloads are validated against the
 * contract before aedes delivers or retains them; an invalid one is diverted
 * to `liuhen/rejected/devices/<id>/<kind>` (never retained, never stored) and the
 * reason logged, so a buggy recorder cannot poison retained state or knock
 * itself off the broker.
 */
import { createServer, type Server } from 'node:net';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import {
  STATION_ONLY_KINDS,
  TOPIC_ROOT,
  parseDeviceTopic,
  parsePayload,
  payloadSchemaByTopic,
} from '@liuhen/device-profiles';
import type { GatewayConfig } from './config.js';
import { closeServer, listen } from './listen.js';
import type { Logger } from './log.js';
import type { MqttAuth, MqttIdentity } from './mqtt-auth.js';

export interface Broker {
  aedes: Aedes;
  port: number;
  /** Messages diverted because they failed validation, since start. */
  rejectedCount(): number;
  close(): Promise<void>;
}

export const REJECTED_PREFIX = `${TOPIC_ROOT}/rejected`;

/** Returns the reason a device publish must be rejected, or null when it is valid. */
export function validateDevicePublish(topic: string, payload: Buffer): string | null {
  if (!topic.startsWith(`${TOPIC_ROOT}/devices/`)) return null;
  const parsed = parseDeviceTopic(topic);
  if (!parsed)
    return `topic ${topic} is not in the device contract (liuhen/devices/<id>/<availability|state|events|set>)`;
  const r = parsePayload(payloadSchemaByTopic[parsed.kind], payload);
  if (!r.ok) return r.error;
  const body = r.value as { deviceId?: string };
  if (body.deviceId !== undefined && body.deviceId !== parsed.deviceId) {
    return `payload deviceId ${body.deviceId} does not match the topic's ${parsed.deviceId}`;
  }
  return null;
}

export async function startBroker(config: GatewayConfig['mqtt'], log: Logger, auth?: MqttAuth): Promise<Broker> {
  const aedes = await Aedes.createBroker({ drainTimeout: config.drainTimeoutMs });
  let rejected = 0;
  const identities = new WeakMap<Client, MqttIdentity>();
  /** The station publishes through aedes directly (client null): it may do anything. */
  const whoIs = (client: Client | null): MqttIdentity =>
    client ? (identities.get(client) ?? { kind: 'anonymous' }) : { kind: 'station' };

  if (auth) {
    aedes.authenticate = (client, username, password, callback) => {
      auth
        .identify(username, password)
        .then((who) => {
          if (!who) {
            log.warn(
              { client: client.id, username: username ?? null },
              'mqtt login refused: unknown user or wrong password',
            );
            const err = Object.assign(new Error('bad user name or password'), { returnCode: 4 });
            return callback(err, false);
          }
          identities.set(client, who);
          callback(null, true);
        })
        .catch((err: Error) => callback(Object.assign(err, { returnCode: 3 }), false));
    };
    aedes.authorizeSubscribe = (client, sub, callback) => {
      if (client && auth.maySubscribe(whoIs(client), sub.topic)) return callback(null, sub);
      log.warn({ client: client?.id, topic: sub.topic }, 'mqtt subscription refused');
      // A null subscription is a SUBACK failure for that filter; the client stays connected.
      callback(null, null);
    };
  }

  aedes.authorizePublish = (client: Client | null, packet: PublishPacket, callback: (err?: Error | null) => void) => {
    if (packet.topic.startsWith('$SYS')) return callback(new Error('$SYS topics are reserved'));
    if (packet.topic.startsWith(REJECTED_PREFIX))
      return callback(new Error(`${REJECTED_PREFIX} is reserved for the station`));
    // Alerts come from the station alone (aedes.publish has no client); a client cannot fake one.
    if (client && packet.topic.startsWith(`${TOPIC_ROOT}/alerts/`))
      return callback(new Error(`${TOPIC_ROOT}/alerts/ is reserved for the station`));
    // Likewise a recorder's policy (retained): no client may set it, an anonymous one included.
    const kind = client ? parseDeviceTopic(packet.topic)?.kind : undefined;
    if (kind && STATION_ONLY_KINDS.includes(kind)) {
      log.warn({ client: client?.id, topic: packet.topic }, 'mqtt publish refused: station-only topic');
      return callback(new Error(`${packet.topic} is published by the station alone`));
    }
    const refusal = auth?.publishRefusal(whoIs(client), packet.topic);
    if (refusal) {
      log.warn({ client: client?.id, topic: packet.topic, reason: refusal }, 'mqtt publish refused');
      return callback(new Error(refusal));
    }
    const reason = validateDevicePublish(packet.topic, packet.payload as Buffer);
    if (reason) {
      rejected += 1;
      log.warn({ client: client?.id, topic: packet.topic, reason }, 'rejected invalid device message');
      packet.topic = `${REJECTED_PREFIX}/${packet.topic.slice(TOPIC_ROOT.length + 1)}`;
      packet.retain = false;
    }
    callback(null);
  };
  aedes.on('clientError', (client, err) => log.debug({ client: client?.id, err: err.message }, 'mqtt client error'));

  const server: Server = createServer(aedes.handle);
  const port = await listen(server, config.host, config.port, ['mqtt', 'port']);
  log.info({ port }, 'mqtt broker listening');

  return {
    aedes,
    port,
    rejectedCount: () => rejected,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closeServer(server);
    },
  };
}
