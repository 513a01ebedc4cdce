/**
 * Limits on an MQTT connection before aedes parses a byte of it, so nothing sent before (or
 * after) login can make the station hold memory: aedes' parser (mqtt-packet) keeps every
 * byte of a packet until the packet is whole, whatever length it announced, and waits 30 s
 * for a CONNECT.
 *
 * Each packet's fixed header is read as the bytes go to aedes; a packet announcing more than
 * its limit closes the connection before its body is read. Before login the first packet must
 * be a CONNECT, everything sent adds up to at most `preAuthMaxBytes`, and the login must
 * complete within `connectTimeoutMs` of the connection opening; at most `maxPending`
 * connections may be in that state. After login each packet may be up to `maxPacketBytes`.
 */
import type { Duplex } from 'node:stream';
import type { Logger } from './log.js';

export interface MqttLimits {
  connectTimeoutMs: number;
  preAuthMaxBytes: number;
  maxPacketBytes: number;
  maxPending: number;
}

/** CONNECT, in the fixed header's top four bits. */
const CONNECT = 1;

export function createConnectionLimits(limits: MqttLimits, log: Logger) {
  const pending = new Set<Duplex>();
  const loggedIn = new WeakSet<Duplex>();
  const deadlines = new WeakMap<Duplex, NodeJS.Timeout>();
  /** Refusals are counted and logged at most every 10 s, so a flood cannot flood the log. */
  let refusedSinceLog = 0;
  let lastLog = 0;
  const refuse = (conn: Duplex, reason: string) => {
    refusedSinceLog += 1;
    const now = Date.now();
    if (now - lastLog >= 10_000) {
      log.warn(
        { address: (conn as { remoteAddress?: string }).remoteAddress, refused: refusedSinceLog },
        `mqtt connection closed: ${reason}`,
      );
      lastLog = now;
      refusedSinceLog = 0;
    }
    conn.destroy();
  };

  return {
    /** Connections not logged in yet. */
    pendingCount: () => pending.size,

    /** Puts a new connection under the limits; false when it was closed at once (too many pending). */
    admit(conn: Duplex): boolean {
      if (pending.size >= limits.maxPending) {
        refuse(conn, `${pending.size} connections are already waiting to log in (mqtt.maxPendingConnections)`);
        return false;
      }
      pending.add(conn);
      const deadline = setTimeout(
        () => refuse(conn, `no login within ${limits.connectTimeoutMs / 1000} s (mqtt.connectTimeoutSeconds)`),
        limits.connectTimeoutMs,
      );
      deadline.unref();
      conn.once('close', () => {
        pending.delete(conn);
        clearTimeout(deadline);
      });
      deadlines.set(conn, deadline);

      // Where we are in the byte stream: a fixed header's first byte, its length bytes, or a body.
      let stage: 'type' | 'length' | 'body' = 'type';
      let type = 0;
      let length = 0;
      let lengthBytes = 0;
      let left = 0;
      let packets = 0;
      let preAuthBytes = 0;
      /** Null when the bytes are within the limits, else why the connection must close. */
      const inspect = (buf: Buffer): string | null => {
        const authed = loggedIn.has(conn);
        if (!authed) {
          preAuthBytes += buf.length;
          if (preAuthBytes > limits.preAuthMaxBytes)
            return `more than ${limits.preAuthMaxBytes} bytes before login (mqtt.preAuthMaxBytes)`;
        }
        for (let i = 0; i < buf.length;) {
          if (stage === 'body') {
            const n = Math.min(left, buf.length - i);
            left -= n;
            i += n;
            if (left === 0) stage = 'type';
            continue;
          }
          const b = buf[i++]!;
          if (stage === 'type') {
            type = b >> 4;
            length = 0;
            lengthBytes = 0;
            stage = 'length';
            continue;
          }
          length += (b & 0x7f) * 128 ** lengthBytes;
          lengthBytes += 1;
          if (b & 0x80) {
            if (lengthBytes === 4) return 'malformed packet length';
            continue;
          }
          if (!authed && packets === 0 && type !== CONNECT) return 'the first packet is not a CONNECT';
          const limit = authed ? limits.maxPacketBytes : limits.preAuthMaxBytes;
          if (length > limit)
            return `a packet of ${length} bytes ${authed ? 'over mqtt.maxPacketBytes' : 'before login, over mqtt.preAuthMaxBytes'} (${limit})`;
          packets += 1;
          left = length;
          stage = left > 0 ? 'body' : 'type';
        }
        return null;
      };

      // aedes reads the socket in paused mode (`read()` on 'readable'): every byte it parses comes through here.
      const read = conn.read.bind(conn);
      conn.read = (size?: number) => {
        const buf = read(size) as Buffer | string | null;
        if (buf === null || conn.destroyed) return buf;
        const reason = inspect(typeof buf === 'string' ? Buffer.from(buf) : buf);
        if (!reason) return buf;
        refuse(conn, reason);
        return null;
      };
      return true;
    },

    /** The login was accepted: the pre-login limits and deadline no longer apply. */
    loggedIn(conn: Duplex): void {
      loggedIn.add(conn);
      pending.delete(conn);
      clearTimeout(deadlines.get(conn));
    },
  };
}
export type ConnectionLimits = ReturnType<typeof createConnectionLimits>;
