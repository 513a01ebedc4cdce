/**
 * Recorder logins (HTTP Basic and MQTT, the credentials enrollment issues) and the MQTT
 * read-only accounts: checked without stalling the station, without telling which ids
 * exist, and revoked everywhere at once.
 *
 * - scrypt runs on libuv's thread pool, at most MAX_CONCURRENT checks at a time (each keeps a
 *   core busy for ~50 ms; the event loop and file I/O on the pool need the rest); at most
 *   MAX_QUEUED wait, more are refused as busy.
 * - A budget: each client address, and each user name, may fail `failuresPerMinute` times a
 *   minute (a token bucket; a check in flight holds a token, a success gives it back). Past
 *   it a login is refused without checking the password (HTTP 429 + Retry-After, MQTT
 *   CONNACK "server unavailable").
 * - An unknown or retired user name is checked against a decoy hash: the same scrypt, the
 *   same answer, the same time.
 * - Credentials that verified are remembered (by a hash of name and password, with the
 *   stored hash they matched), so a recorder that docks is not slowed, nor locked out while
 *   someone guesses at its account. Every remembered use is re-read from the database (the
 *   stored hash must still be the one that matched, the recorder not retired), and
 *   re-enrollment or retirement forgets them, tells the listeners (the broker drops the
 *   recorder's MQTT connections, the RTMP check takes the new secret) and refuses checks
 *   that were in flight when it happened.
 */
import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Db } from '../db/database.js';
import { credentialsOfLogin, replaceSecrets } from '../devices/credentials-repo.js';
import { hashSecretAsync, verifySecret } from '../devices/enrollment.js';
import type { Logger } from '../log.js';
import { createLogBudget } from '../log-budget.js';

/** Half the cores: each check keeps a core busy, and the event loop needs one (1 on a 2-core machine). */
const MAX_CONCURRENT = Math.max(1, Math.floor(availableParallelism() / 2));
const MAX_QUEUED = 64;
/** Stored instead of a password hash once a recorder is retired: matches no password. */
const REVOKED = 'revoked';

export type LoginCheck =
  | { ok: true; deviceId: string; stamp: number }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'limited'; retryAfterSeconds: number };

export interface Revocation {
  deviceId: string;
  /** The RTMP secret valid from now on (a random one nobody holds, when retired). */
  rtmpSecret: string;
  why: 're-enrolled' | 'retired';
}

/** Token buckets by key: `perMinute` tokens, refilled evenly over a minute. */
function buckets(perMinute: number) {
  const rate = perMinute / 60_000;
  const all = new Map<string, { tokens: number; at: number }>();
  const level = (key: string, now: number) => {
    const b = all.get(key);
    return b ? Math.min(perMinute, b.tokens + (now - b.at) * rate) : perMinute;
  };
  return {
    /** 0 when `key` may try now, else the seconds until it may. */
    waitSeconds(key: string, now: number): number {
      const t = level(key, now);
      return t >= 1 ? 0 : Math.max(1, Math.ceil((1 - t) / rate / 1000));
    },
    take(key: string, now: number): void {
      all.set(key, { tokens: level(key, now) - 1, at: now });
      if (all.size > 50_000) for (const [k] of all) if (level(k, now) >= perMinute) all.delete(k);
    },
    give(key: string, now: number): void {
      all.set(key, { tokens: Math.min(perMinute, level(key, now) + 1), at: now });
    },
  };
}

/** At most `max` at a time, `queued` waiting; beyond that, null at once. */
function gate(max: number, queued: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(fn: () => Promise<T>): Promise<T | null> {
    if (running >= max) {
      if (waiting.length >= queued) return null;
      // The finishing check hands its slot over directly.
      await new Promise<void>((resolve) => waiting.push(resolve));
    } else running += 1;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

export function createRecorderLogins(opts: { db: Db; log: Logger; failuresPerMinute: number }) {
  const { db, log } = opts;
  /** Failed logins are logged within a budget per address: a flood cannot fill the disk. */
  const refusedLines = createLogBudget();
  const byAddress = buckets(opts.failuresPerMinute);
  const byAccount = buckets(opts.failuresPerMinute);
  const run = gate(MAX_CONCURRENT, MAX_QUEUED);
  /** sha256(name, password) → what it verified against. */
  const verified = new Map<string, { deviceId: string | null; hash: string }>();
  /** Revocations so far, by device id (enrollment makes a recorder's user name its id, so a login looks it up by name). */
  const stamps = new Map<string, number>();
  const listeners: ((r: Revocation) => void)[] = [];
  /** Last time an address or account was told it is over budget, for the log (once a minute each). */
  const warned = new Map<string, number>();
  // Made now, so that the first unknown name costs what every later one does.
  const decoy = decoyHash();
  decoy.catch(() => undefined); // a failure shows where it is awaited, not as an unhandled rejection

  const keyOf = (name: string, password: string) =>
    createHash('sha256').update(name).update('\0').update(password).digest('hex');
  const stampOf = (deviceId: string) => stamps.get(deviceId) ?? 0;

  async function lookup(username: string): Promise<{ deviceId: string; hash: string } | null> {
    const c = await credentialsOfLogin(db, username);
    if (!c || c.status === 'retired' || c.mqtt_password_hash === REVOKED) return null;
    return { deviceId: c.device_id, hash: c.mqtt_password_hash };
  }

  function limited(address: string, account: string, now: number): number {
    const wait = Math.max(byAddress.waitSeconds(address, now), byAccount.waitSeconds(account, now));
    if (wait > 0) {
      const k = byAddress.waitSeconds(address, now) > 0 ? `address ${address}` : `account ${account}`;
      if (now - (warned.get(k) ?? 0) > 60_000) {
        warned.set(k, now);
        if (warned.size > 10_000) warned.clear();
        log.warn({ address, username: account }, `recorder logins refused for a while: too many failures from ${k}`);
      }
    }
    return wait;
  }

  /**
   * Checks `password` against `stored` (null: no such account, the decoy is used) within the
   * budget of `address` and `account`. True/false, or the seconds to wait.
   */
  async function check(address: string, account: string, stored: string | null, password: string) {
    const now = Date.now();
    const wait = limited(address, account, now);
    if (wait > 0) return { retryAfterSeconds: wait };
    byAddress.take(address, now);
    byAccount.take(account, now);
    const ok = await run(async () => verifySecret(password, stored ?? (await decoy)));
    if (ok === null) {
      // Busy: not a failure of this client's; try again in a second.
      byAddress.give(address, Date.now());
      byAccount.give(account, Date.now());
      return { retryAfterSeconds: 1 };
    }
    if (ok && stored) {
      byAddress.give(address, Date.now());
      byAccount.give(account, Date.now());
      return true;
    }
    return false;
  }

  function remember(key: string, v: { deviceId: string | null; hash: string }) {
    if (verified.size >= 10_000) verified.clear();
    verified.set(key, v);
  }

  return {
    /** A recorder's HTTP Basic or MQTT login, from `address`. */
    async device(username: string, password: string, address: string): Promise<LoginCheck> {
      // Taken before the database is read: a revocation from here on refuses this login.
      const before = stampOf(username);
      const key = keyOf(username, password);
      const hit = verified.get(key);
      if (hit?.deviceId) {
        const now = await lookup(username);
        if (now && now.hash === hit.hash && stampOf(username) === before)
          return { ok: true, deviceId: now.deviceId, stamp: stampOf(now.deviceId) };
        verified.delete(key);
      }
      const row = await lookup(username);
      const r = await check(address, username, row?.hash ?? null, password);
      if (typeof r === 'object') return { ok: false, reason: 'limited', retryAfterSeconds: r.retryAfterSeconds };
      // Re-enrolled or retired while this check ran: the password it matched is no longer valid.
      if (!r || !row || stampOf(username) !== before) {
        const { log: now, suppressed } = refusedLines.take(`${address} recorder`);
        if (now)
          log.warn(
            { username, address, ...(suppressed ? { suppressedSinceLastLine: suppressed } : {}) },
            'recorder login refused: unknown user or wrong password',
          );
        return { ok: false, reason: 'wrong' };
      }
      remember(key, { deviceId: row.deviceId, hash: row.hash });
      return { ok: true, deviceId: row.deviceId, stamp: stampOf(row.deviceId) };
    },

    /** A read-only MQTT account's login (its salt$hash from the configuration), within the same budget. */
    async reader(username: string, passwordHash: string, password: string, address: string) {
      const key = keyOf(`reader\0${username}`, password);
      if (verified.get(key)?.hash === passwordHash) return true;
      const r = await check(address, username, passwordHash, password);
      if (r === true) remember(key, { deviceId: null, hash: passwordHash });
      else if (r === false && refusedLines.take(`${address} reader`).log)
        log.warn({ username, address }, 'mqtt reader login refused: wrong password');
      return r;
    },

    /** Whether a login made at `stamp` still stands (no re-enrollment or retirement since). */
    current: (deviceId: string, stamp: number) => stampOf(deviceId) === stamp,

    /** Re-enrollment stored new credentials: the old ones stop now; the new ones are known good. */
    replaced(
      deviceId: string,
      issued: { username: string; password: string; passwordHash: string; rtmpSecret: string },
    ): void {
      revoke({ deviceId, rtmpSecret: issued.rtmpSecret, why: 're-enrolled' });
      remember(keyOf(issued.username, issued.password), { deviceId, hash: issued.passwordHash });
    },

    /** Retirement: the stored credentials are replaced by ones that match nothing (to use it again, enroll it). */
    async retire(deviceId: string): Promise<void> {
      const rtmpSecret = randomBytes(32).toString('base64url');
      await replaceSecrets(db, deviceId, { mqttPasswordHash: REVOKED, rtmpSecret });
      revoke({ deviceId, rtmpSecret, why: 'retired' });
    },

    onRevoked(fn: (r: Revocation) => void): void {
      listeners.push(fn);
    },
  };

  function revoke(r: Revocation): void {
    stamps.set(r.deviceId, stampOf(r.deviceId) + 1);
    for (const [k, v] of verified) if (v.deviceId === r.deviceId) verified.delete(k);
    log.info({ deviceId: r.deviceId, why: r.why }, 'recorder credentials revoked: old logins and connections end');
    for (const fn of listeners) {
      try {
        fn(r);
      } catch (err) {
        log.error({ deviceId: r.deviceId, err: (err as Error).message }, 'a revocation listener failed');
      }
    }
  }
}
export type RecorderLogins = ReturnType<typeof createRecorderLogins>;

/** The hash an unknown account is checked against: same parameters, a password nobody has. */
function decoyHash(): Promise<string> {
  return hashSecretAsync(randomBytes(16).toString('hex'));
}
