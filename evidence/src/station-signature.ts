/**
 * The station's detached signature of a case export's manifest: `manifest.sig` beside
 * `manifest.json`, JSON, holding an Ed25519 signature (pure, RFC 8032) over the **exact bytes**
 * of manifest.json, with the station's public key and its fingerprint. It can be checked with
 * openssl alone: `jq -r .signature manifest.sig | base64 -d > sig.bin; openssl pkeyutl -verify
 * -pubin -inkey station.pub.pem -rawin -in manifest.json -sigfile sig.bin`.
 *
 * The key inside the file only says which key signed; a reviewer compares its fingerprint with the
 * station's (`GET /api/station/key`, or the printed fingerprint) or passes `--station-pubkey`.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { publicKeyFingerprint } from './keys.js';

export const MANIFEST_SIGNATURE_FILE = 'manifest.sig';
export const MANIFEST_SIGNATURE_FORMAT = 'liuhen-manifest-signature';
export const MANIFEST_SIGNATURE_VERSION = 1;

export interface ManifestSignature {
  format: typeof MANIFEST_SIGNATURE_FORMAT;
  version: typeof MANIFEST_SIGNATURE_VERSION;
  algorithm: 'Ed25519';
  /** The signed file, inside the package. */
  signed: string;
  /** SHA-256 of the signed bytes (hex), to say quickly which manifest this is. */
  sha256: string;
  /** Fingerprint of the signing key: SHA-256 of its DER SPKI, hex. */
  keyId: string;
  publicKeyPem: string;
  /** Ed25519 over the exact bytes of the signed file, base64. */
  signature: string;
}

/** The station key as the signer needs it (a DeviceKeys from keys.ts fits). */
export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  fingerprint: string;
}

export function signManifest(manifestBytes: Buffer, key: SigningKey, signed = 'manifest.json'): ManifestSignature {
  return {
    format: MANIFEST_SIGNATURE_FORMAT,
    version: MANIFEST_SIGNATURE_VERSION,
    algorithm: 'Ed25519',
    signed,
    sha256: createHash('sha256').update(manifestBytes).digest('hex'),
    keyId: key.fingerprint,
    publicKeyPem: key.publicKeyPem,
    signature: sign(null, manifestBytes, key.privateKey).toString('base64'),
  };
}

export function verifyManifestSignature(manifestBytes: Buffer, sig: ManifestSignature, publicKey: KeyObject): boolean {
  try {
    return verify(null, manifestBytes, publicKey, Buffer.from(sig.signature, 'base64'));
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Parses manifest.sig's text: the signature and the key it names (checked to be an Ed25519 key
 * whose fingerprint is `keyId`), or the reason it cannot be used.
 */
export function parseManifestSignature(
  text: string,
): { ok: true; sig: ManifestSignature; key: KeyObject } | { ok: false; reason: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { ok: false, reason: 'not a JSON object' };
  const s = o as Record<string, unknown>;
  if (s.format !== MANIFEST_SIGNATURE_FORMAT)
    return { ok: false, reason: `format is ${JSON.stringify(s.format)}, not "${MANIFEST_SIGNATURE_FORMAT}"` };
  if (s.version !== MANIFEST_SIGNATURE_VERSION)
    return { ok: false, reason: `version ${JSON.stringify(s.version)} is not supported: update liuhen-verify` };
  if (s.algorithm !== 'Ed25519')
    return { ok: false, reason: `algorithm ${JSON.stringify(s.algorithm)} is not Ed25519` };
  for (const k of ['signed', 'publicKeyPem', 'signature'] as const)
    if (typeof s[k] !== 'string' || s[k] === '') return { ok: false, reason: `${k} must be a non-empty string` };
  for (const k of ['sha256', 'keyId'] as const)
    if (typeof s[k] !== 'string' || !HEX64.test(s[k]))
      return { ok: false, reason: `${k} must be 64 lowercase hex digits` };
  let key: KeyObject;
  try {
    key = createPublicKey(s.publicKeyPem as string);
  } catch (e) {
    return { ok: false, reason: `publicKeyPem is not a public key (${(e as Error).message})` };
  }
  if (key.asymmetricKeyType !== 'ed25519') return { ok: false, reason: 'publicKeyPem is not an Ed25519 key' };
  if (publicKeyFingerprint(key) !== s.keyId)
    return { ok: false, reason: `keyId ${s.keyId as string} is not the fingerprint of publicKeyPem` };
  return { ok: true, sig: s as unknown as ManifestSignature, key };
}
