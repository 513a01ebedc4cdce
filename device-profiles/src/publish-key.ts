/**
 * Signing and checking RTMP publish keys (see stream.ts for the key's shape). Node only
 * (node:crypto): the recorder signs, the station checks; the browser never does either.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PublishKey } from './stream.js';

export function signPublishKey(deviceId: string, secret: string, exp: number): PublishKey {
  return { exp, sig: createHmac('sha256', secret).update(`${deviceId}:${exp}`).digest('hex') };
}

/** Null when the key is valid now, else why not. */
export function publishKeyRefusal(
  deviceId: string,
  secret: string,
  query: { exp?: unknown; sig?: unknown },
  nowSeconds = Math.floor(Date.now() / 1000),
  maxLifetimeSeconds = 24 * 3600,
): string | null {
  const exp = Number(query.exp);
  if (typeof query.sig !== 'string' || !Number.isSafeInteger(exp)) return 'no signed publish key (exp, sig)';
  if (exp <= nowSeconds) return `the publish key expired at ${new Date(exp * 1000).toISOString()}`;
  if (exp > nowSeconds + maxLifetimeSeconds) return 'the publish key lives longer than the station allows';
  const want = Buffer.from(signPublishKey(deviceId, secret, exp).sig, 'hex');
  const got = Buffer.from(query.sig, 'hex');
  return got.length === want.length && timingSafeEqual(got, want) ? null : 'the publish key signature is wrong';
}
