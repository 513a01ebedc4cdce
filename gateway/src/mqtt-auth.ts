/**
 * Who may connect to the station's broker, and what each may publish and
 * subscribe to. Recorders log in with the credentials enrollment gave them
 * and are confined to their own topic subtree; dashboards and integrations
 * get read-only accounts. Anonymous clients are allowed only while
 * `mqtt.allowAnonymous` is on (recorders not yet enrolled, the demo).
 */
import { TOPIC_ROOT, parseDeviceTopic, topics, type DeviceTopicKind } from '@liuhen/device-profiles';
import type { RecorderLogins, Revocation } from './auth/recorder-logins.js';

export type MqttIdentity =
  | { kind: 'device'; deviceId: string; /** Revocations of its credentials when it logged in. */ stamp: number }
  | { kind: 'reader'; name: string }
  | { kind: 'anonymous' }
  | { kind: 'station' };

export type MqttLogin =
  | { ok: true; who: MqttIdentity }
  | { ok: false; reason: 'credentials' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

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
  /** Recorder credentials (shared with HTTP Basic): the budget, the decoy, the cache and revocation. */
  logins: RecorderLogins;
}

export function createMqttAuth(opts: MqttAuthOptions) {
  const { logins } = opts;

  return {
    allowAnonymous: opts.allowAnonymous,

    /** Who these credentials are, from `address`; or why the connection is refused. */
    async identify(username: string | undefined, password: Buffer | undefined, address: string): Promise<MqttLogin> {
      if (!username)
        return opts.allowAnonymous ? { ok: true, who: { kind: 'anonymous' } } : { ok: false, reason: 'credentials' };
      const pw = (password ?? Buffer.alloc(0)).toString('utf8');
      const reader = opts.readers.find((r) => r.username === username);
      if (reader) {
        const r = await logins.reader(username, reader.passwordHash, pw, address);
        if (r === true) return { ok: true, who: { kind: 'reader', name: username } };
        return r === false ? { ok: false, reason: 'credentials' } : { ok: false, reason: 'limited', ...r };
      }
      const r = await logins.device(username, pw, address);
      if (r.ok) return { ok: true, who: { kind: 'device', deviceId: r.deviceId, stamp: r.stamp } };
      return r.reason === 'limited'
        ? { ok: false, reason: 'limited', retryAfterSeconds: r.retryAfterSeconds }
        : { ok: false, reason: 'credentials' };
    },

    /** False once a recorder's credentials were revoked after this identity logged in. */
    stillValid(who: MqttIdentity): boolean {
      return who.kind !== 'device' || logins.current(who.deviceId, who.stamp);
    },

    onRevoked(fn: (r: Revocation) => void): void {
      logins.onRevoked(fn);
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
