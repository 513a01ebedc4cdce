/**
 * Enrollment (入网): the equipment manager registers a recorder and gets a
 * one-time code; on first boot the recorder sends the code with its public
 * key and receives its credentials (MQTT user and password, the secret for
 * its signed RTMP publish keys). The code is stored only as a hash and works
 * once; the enrolled key replaces any key the recorder registered at first use.
 */
import {
  createHash,
  createPublicKey,
  randomBytes,
  randomInt,
  scrypt as scryptCb,
  scryptSync,
  timingSafeEqual,
} from 'node:crypto';
import { publicKeyFingerprint } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import type { RecorderLogins } from '../auth/recorder-logins.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { Forbidden, Invalid, NotFound } from '../errors.js';
import { recordDeviceEnrollment } from './devices-repo.js';
import { saveCredentials } from './credentials-repo.js';
import { findEnrollment, insertEnrollment, useEnrollment } from './enrollment-repo.js';
import type { DeviceRegistry } from './registry.js';

/** Unambiguous characters (no 0/O, 1/I/L): the code is read off a screen and typed. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newEnrollmentCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

const normalise = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashCode = (code: string) => createHash('sha256').update(normalise(code)).digest('hex');

const scrypt = (secret: string, salt: Buffer) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(secret, salt, 32, (err, key) => (err ? reject(err) : resolve(key))),
  );

/**
 * scrypt (memory-hard, Node's defaults N=2^14, r=8: 16 MiB) as salt$hash, both hex. Synchronous, for
 * the command line (`--hash-password`) and test setup; the station uses hashSecretAsync.
 */
export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}$${scryptSync(secret, salt, 32).toString('hex')}`;
}

/** hashSecret on libuv's thread pool, so the event loop keeps serving. */
export async function hashSecretAsync(secret: string): Promise<string> {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}$${(await scrypt(secret, salt)).toString('hex')}`;
}

/**
 * Whether `secret` matches a salt$hash, checked on the thread pool. A malformed `stored` still
 * costs one scrypt, so no answer comes back sooner than a real check.
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [salt, hash] = stored.split('$');
  const ok = !!salt && !!hash && /^[0-9a-f]{32}$/.test(salt) && /^[0-9a-f]{64}$/.test(hash);
  const got = await scrypt(secret, ok ? Buffer.from(salt, 'hex') : Buffer.alloc(16));
  const want = ok ? Buffer.from(hash, 'hex') : Buffer.alloc(32);
  return ok && timingSafeEqual(got, want);
}

export interface EnrollmentAnswer {
  deviceId: string;
  mqtt: { username: string; password: string };
  rtmp: { secret: string };
  stationTime: string;
}

export function createEnrollment(d: {
  db: Db;
  registry: DeviceRegistry;
  audit: AuditLog;
  config: GatewayConfig['desk'];
  onEnrolled(deviceId: string, detail: Record<string, unknown>): Promise<void>;
  onIssued(deviceId: string, actor: string, expiresAt: string): Promise<void>;
  /** Told the moment new credentials replace a recorder's old ones (every use of the old ones ends). */
  credentials?: Pick<RecorderLogins, 'replaced'>;
}) {
  return {
    /** A one-time code for a recorder in the inventory (shown once to the equipment manager). */
    async issue(deviceId: string, actor: string): Promise<{ deviceId: string; code: string; expiresAt: string }> {
      if (!d.registry.has(deviceId))
        throw new NotFound(`recorder ${deviceId} is not in the inventory: add it first (POST /api/devices)`);
      const code = newEnrollmentCode();
      const now = new Date();
      const expiresAt = new Date(now.getTime() + d.config.enrollmentCodeHours * 3600_000).toISOString();
      await d.db.transaction().execute(async (trx) => {
        await insertEnrollment(trx, {
          code_hash: hashCode(code),
          device_id: deviceId,
          created_by: actor,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
        });
        await d.audit.append(
          {
            actor,
            action: 'enroll',
            subjectType: 'device',
            subjectId: deviceId,
            detail: { step: 'code issued', expiresAt },
          },
          trx,
        );
      });
      await d.onIssued(deviceId, actor, expiresAt);
      return { deviceId, code, expiresAt };
    },

    /** The recorder redeems its code. */
    async redeem(
      req: { code: string; publicKeyPem: string; profile: string; firmwareVersion: string },
      from: string,
    ): Promise<EnrollmentAnswer> {
      const row = await findEnrollment(d.db, hashCode(req.code));
      if (!row) throw new Forbidden('unknown enrollment code: ask the equipment manager for a new one');
      if (row.used_at)
        throw new Forbidden(`this enrollment code was already used at ${row.used_at}: ask for a new one`);
      if (row.expires_at < new Date().toISOString())
        throw new Forbidden(`this enrollment code expired at ${row.expires_at}: ask for a new one`);
      let fingerprint: string;
      try {
        const key = createPublicKey(req.publicKeyPem);
        if (key.asymmetricKeyType !== 'ed25519') throw new Error(`a ${key.asymmetricKeyType} key`);
        fingerprint = publicKeyFingerprint(key);
      } catch (err) {
        throw new Invalid(`publicKeyPem is not an Ed25519 public key in PEM (${(err as Error).message})`);
      }
      const deviceId = row.device_id;
      const password = randomBytes(24).toString('base64url');
      const secret = randomBytes(32).toString('base64url');
      const passwordHash = await hashSecretAsync(password);
      const now = new Date().toISOString();
      await d.db.transaction().execute(async (trx) => {
        // Single use even under a race: only the first update changes the row.
        if (!(await useEnrollment(trx, row.code_hash, now)))
          throw new Forbidden('this enrollment code was just used: ask for a new one');
        await saveCredentials(trx, {
          device_id: deviceId,
          mqtt_username: deviceId,
          mqtt_password_hash: passwordHash,
          rtmp_secret: secret,
          issued_at: now,
        });
        await recordDeviceEnrollment(trx, deviceId, {
          publicKeyPem: req.publicKeyPem,
          fingerprint,
          enrolledAt: now,
          profile: req.profile,
          firmwareVersion: req.firmwareVersion,
        });
        await d.audit.append(
          {
            actor: `device:${deviceId}@${from}`,
            action: 'enroll',
            subjectType: 'device',
            subjectId: deviceId,
            detail: { step: 'enrolled', fingerprint, profile: req.profile },
          },
          trx,
        );
      });
      // Re-enrollment: the old password and RTMP secret stop working now, and their connections end.
      d.credentials?.replaced(deviceId, { username: deviceId, password, passwordHash, rtmpSecret: secret });
      await d.registry.upsertInventory(deviceId, { profile: req.profile, enrolledAt: now });
      await d.onEnrolled(deviceId, { fingerprint, profile: req.profile, firmwareVersion: req.firmwareVersion });
      return { deviceId, mqtt: { username: deviceId, password }, rtmp: { secret }, stationTime: now };
    },
  };
}
export type Enrollment = ReturnType<typeof createEnrollment>;
