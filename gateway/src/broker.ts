/**
 * The embedded MQTT broker (aedes). Device payloads are validated against the
 * contract before aedes delivers or retains them; an invalid one is diverted
 * to `liuhen/rejected/devices/<id>/<kind>` (never retained, never stored) and the
 * reason logged, so a buggy recorder cannot poison retained state or knock
 * itself off the broker.
 */
import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
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
import { createConnectionLimits } from './mqtt-limits.js';

export interface Broker {
  aedes: Aedes;
  port: number;
  /** Takes a new connection (TCP or TLS) under the broker's limits and hands it to aedes. */
  handle(conn: Duplex): void;
  /** Connections that have not logged in yet. */
  pendingCount(): number;
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
  const connectTimeoutMs = config.connectTimeoutSeconds * 1000;
  const aedes = await Aedes.createBroker({ drainTimeout: config.drainTimeoutMs, connectTimeout: connectTimeoutMs });
  const limits = createConnectionLimits(
    {
      connectTimeoutMs,
      preAuthMaxBytes: config.preAuthMaxBytes,
      maxPacketBytes: config.maxPacketBytes,
      maxPending: config.maxPendingConnections,
    },
    log,
  );
  const handle = (conn: Duplex) => {
    if (limits.admit(conn)) aedes.handle(conn);
  };
  let rejected = 0;
  const identities = new WeakMap<Client, MqttIdentity>();
  /** The station publishes through aedes directly (client null): it may do anything. */
  const whoIs = (client: Client | null): MqttIdentity =>
    client ? (identities.get(client) ?? { kind: 'anonymous' }) : { kind: 'station' };
  /** Each recorder's logged-in connections, so revoking its credentials can drop them. */
  const deviceClients = new Map<string, Set<Client>>();

  if (auth) {
    aedes.authenticate = (client, username, password, callback) => {
      const address = (client.conn as { remoteAddress?: string }).remoteAddress ?? 'unknown';
      const refuse = (returnCode: number, message: string) =>
        callback(Object.assign(new Error(message), { returnCode }), false);
      auth
        .identify(username, password, address)
        .then((r) => {
          if (!r.ok) {
            // 3 "server unavailable": try later; 4 "bad user name or password".
            if (r.reason === 'limited') return refuse(3, `too many failed logins: wait ${r.retryAfterSeconds} s`);
            // Wrong passwords are logged by the check itself (within its budget).
            if (!username) log.warn({ client: client.id, address }, 'mqtt login refused: no user name');
            return refuse(4, 'bad user name or password');
          }
          // Revoked while the check ran: its credentials are no longer valid.
          if (!auth.stillValid(r.who)) return refuse(4, 'bad user name or password');
          identities.set(client, r.who);
          if (r.who.kind === 'device') {
            const deviceId = r.who.deviceId;
            const set = deviceClients.get(deviceId) ?? new Set<Client>();
            set.add(client);
            deviceClients.set(deviceId, set);
            client.conn.once('close', () => {
              set.delete(client);
              if (set.size === 0 && deviceClients.get(deviceId) === set) deviceClients.delete(deviceId);
            });
          }
          limits.loggedIn(client.conn);
          callback(null, true);
        })
        .catch((err: Error) => refuse(3, err.message));
    };
    auth.onRevoked(({ deviceId, why }) => {
      const clients = deviceClients.get(deviceId);
      deviceClients.delete(deviceId);
      for (const c of clients ?? []) {
        log.warn({ client: c.id, deviceId, why }, 'mqtt client dropped: its credentials were revoked');
        c.close();
      }
    });
    aedes.authorizeSubscribe = (client, sub, callback) => {
      if (client && auth.maySubscribe(whoIs(client), sub.topic)) return callback(null, sub);
      log.warn({ client: client?.id, topic: sub.topic }, 'mqtt subscription refused');
      // A null subscription is a SUBACK failure for that filter; the client stays connected.
      callback(null, null);
    };
  } else {
    aedes.authenticate = (client, _username, _password, callback) => {
      limits.loggedIn(client.conn);
      callback(null, true);
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

  const server: Server = createServer(handle);
  const port = await listen(server, config.host, config.port, ['mqtt', 'port']);
  log.info({ port }, 'mqtt broker listening');

  return {
    aedes,
    port,
    handle,
    pendingCount: () => limits.pendingCount(),
    rejectedCount: () => rejected,
    async close() {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await closeServer(server);
    },
  };
}
