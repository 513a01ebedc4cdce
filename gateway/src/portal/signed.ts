/**
 * The station-signature check of the public records that are not results: the versions of the
 * pages published before enforcement (事前公开) and the records of random draws (双随机). As for
 * results (items.ts), a record is served only when the station's signature over its exact bytes
 * verifies with the station key the portal was given; a record edited in the database without
 * being signed again, or signed by another key, is not served.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import {
  parseManifestSignature,
  publicKeyFingerprint,
  verifyManifestSignature,
  type ManifestSignature,
} from '@liuhen/evidence';

export type Checked = { ok: true; signature: ManifestSignature } | { ok: false; problem: string };

export interface SignedChecker {
  /** Checks `json` against the stored signature text; `signed`, when given, is the name the signature must carry. */
  check(json: string | null, signatureText: string | null, signed?: (name: string) => boolean): Checked;
}

/** Signatures already verified are remembered (by their text); a full memory starts again. */
const REMEMBERED = 5000;

export function createSignedChecker(stationPublicKeyPem: string): SignedChecker {
  const key: KeyObject = createPublicKey(stationPublicKeyPem);
  const fingerprint = publicKeyFingerprint(key);
  // An Ed25519 check costs about 0.1 ms plus hashing; a signature that verified once verifies
  // the same bytes again, and the bytes are the same when their SHA-256 is (checked every time).
  const verified = new Set<string>();

  return {
    check(json, signatureText, signed) {
      if (json === null || signatureText === null) return { ok: false, problem: 'not signed' };
      const parsed = parseManifestSignature(signatureText);
      if (!parsed.ok) return { ok: false, problem: `signature: ${parsed.reason}` };
      const sig = parsed.sig;
      if (sig.keyId !== fingerprint) return { ok: false, problem: `signed by key ${sig.keyId}, not the station key` };
      if (signed && !signed(sig.signed)) return { ok: false, problem: `the signature is for ${sig.signed}` };
      const bytes = Buffer.from(json, 'utf8');
      if (sig.sha256 !== createHash('sha256').update(bytes).digest('hex'))
        return { ok: false, problem: 'signature names other bytes' };
      if (!verified.has(signatureText)) {
        if (!verifyManifestSignature(bytes, sig, key)) return { ok: false, problem: 'signature does not verify' };
        if (verified.size >= REMEMBERED) verified.clear();
        verified.add(signatureText);
      }
      return { ok: true, signature: sig };
    },
  };
}

/** JSON.parse that answers undefined instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
