/**
 * Who may connect to the station's broker, and what each may publish and
 * subscribe to. Recorders log in with the credentials enrollment gave them
 * and are confined to their own topic subtree; dashboards and integrations
 * get read-only accounts. Anonymous clients are allowed only while
 * `mqtt.allowAnonymous` is on (recorders not yet enrolled, the demo).
 */
import { createHash } from 'node:crypto';
import { TOPIC_ROOT, parseDeviceTopic, topics, type DeviceTopicKind } from '@liuhen/device-profiles';
import { verifySecret } from './devices/enrollment.js';

export type MqttIdentity =
  { kind: 'device'; deviceId: string } | { kind: 'reader'; name: string } | { kind: 'anonymous' } | { kind: 'station' };

/** What a recorder sends; `set`, `time-reply` and `policy` come from the station only. */
const DEVICE_PUBLISHES: ReadonlySet<DeviceTopicKind> = new Set([
  'availability',
  'state',
  'events',
  'time',
  'telemetry',
]);
const DEVICE_SUBSCRIBES: ReadonlySet<DeviceTopicKind> = new Set(['set', 'time-reply', 'policy']);
/** What a read-only account may watch. */
const READER_KINDS: ReadonlySet<string> = new Set(['availability', 'state', 'events', 'telemetry']);

export interface MqttAuthOptions {
  allowAnonymous: boolean;
  /** Read-only accounts: name and scrypt hash (salt$hash) of the password. */
  readers: { username: string; passwordHash: string }[];
  /** The enrolled credentials of a recorder, by MQTT user name. */
  deviceCredentials(username: string): Promise<{ deviceId: string; passwordHash: string } | null>;
}

export function createMqttAuth(opts: MqttAuthOptions) {
  /** scrypt is deliberately slow: remember what verified, keyed by a hash of user and password. */
  const verified = new Map<string, MqttIdentity>();
  const cacheKey = (u: string, p: Buffer) => createHash('sha256').update(u).update('\0').update(p).digest('hex');

  return {
    allowAnonymous: opts.allowAnonymous,

    /** The identity for these credentials, or null to refuse the connection. */
    async identify(username: string | undefined, password: Buffer | undefined): Promise<MqttIdentity | null> {
      if (!username) return opts.allowAnonymous ? { kind: 'anonymous' } : null;
      const pw = password ?? Buffer.alloc(0);
      const key = cacheKey(username, pw);
      const hit = verified.get(key);
      if (hit) return hit;
      const reader = opts.readers.find((r) => r.username === username);
      let id: MqttIdentity | null = null;
      if (reader) {
        if (verifySecret(pw.toString('utf8'), reader.passwordHash)) id = { kind: 'reader', name: username };
      } else {
        const dev = await opts.deviceCredentials(username);
        if (dev && verifySecret(pw.toString('utf8'), dev.passwordHash)) id = { kind: 'device', deviceId: dev.deviceId };
      }
      if (id) verified.set(key, id);
      return id;
    },

    /** Null when allowed, else the reason. */
    publishRefusal(who: MqttIdentity, topic: string): string | null {
      if (who.kind === 'station' || who.kind === 'anonymous') return null;
      if (who.kind === 'reader') return `account ${who.name} is read-only`;
      const t = parseDeviceTopic(topic);
      if (!t || t.deviceId !== who.deviceId)
        return `recorder ${who.deviceId} may publish only under ${TOPIC_ROOT}/devices/${who.deviceId}/`;
      if (!DEVICE_PUBLISHES.has(t.kind))
        return `recorder ${who.deviceId} may not publish to ${t.kind}: the station sends it`;
      return null;
    },

    mayPublish(who: MqttIdentity, topic: string): boolean {
      return this.publishRefusal(who, topic) === null;
    },

    maySubscribe(who: MqttIdentity, filter: string): boolean {
      if (who.kind === 'station' || who.kind === 'anonymous') return true;
      if (filter === topics.gatewayAvailability()) return true;
      const parts = filter.split('/');
      if (who.kind === 'device') {
        return (
          parts.length === 4 &&
          parts[0] === TOPIC_ROOT &&
          parts[1] === 'devices' &&
          parts[2] === who.deviceId &&
          DEVICE_SUBSCRIBES.has(parts[3] as DeviceTopicKind)
        );
      }
      // Readers: any device's state, availability, events and telemetry (not its commands), and the alerts.
      if (parts[0] !== TOPIC_ROOT) return false;
      if (parts[1] === 'alerts') return true;
      return parts.length === 4 && parts[1] === 'devices' && READER_KINDS.has(parts[3]!);
    },
  };
}
export type MqttAuth = ReturnType<typeof createMqttAuth>;
