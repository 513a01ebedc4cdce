/**
 * The seed of a committed draw is the one secret of the draw until it happens: whoever reads it
 * knows which parties will be drawn. It is stored sealed (AES-256-GCM) under a key derived from
 * the station's private signing key (HKDF-SHA-256), so the database file alone — a backup, the
 * portal's read-only connection to it — does not reveal it. The plan's id and commitment are
 * bound as associated data: a sealed seed copied onto another draw does not open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { SigningKey } from '@liuhen/evidence';

const VERSION = 'v1';
const SALT = 'liuhen/draw-seed/1';

function keyOf(station: SigningKey): Buffer {
  const ikm = station.privateKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', ikm, SALT, 'seal random-draw seeds', 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, base64url each. */
export function sealSeed(seed: string, station: SigningKey, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(station), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(seed, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ct]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The seed; throws when the sealed text is not this station's seal for this context. */
export function openSeed(sealed: string, station: SigningKey, context: string): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new Error('the sealed seed is not in format v1');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(station), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
