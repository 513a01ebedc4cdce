/**
 * From a database row to what the portal serves, trusting nothing in the row: the public JSON
 * must be a PublicItem for the row's own id, and the station's signature over its exact bytes
 * must verify with the station key the portal was given. A row failing either (edited in the
 * database without being signed again, signed by another key) is not served.
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { check } from '@liuhen/device-profiles';
import { PublicItem, type PublicWithdrawal } from '@liuhen/contract';
import {
  parseManifestSignature,
  publicKeyFingerprint,
  verifyManifestSignature,
  type ManifestSignature,
} from '@liuhen/evidence';
import type { PublicRow, TombstoneRow } from './portal-repo.js';

/** Labels of the kinds of results, as the public reads them. */
export const KIND_LABELS: Record<PublicItem['kind'], string> = {
  penalty: '行政处罚',
  compulsion: '行政强制',
  inspection: '行政检查',
  reward: '行政奖励',
  licensing: '行政许可',
  'random-inspection': '双随机抽查',
};

/** The published reason of an item past its publication period. */
export const EXPIRED_REASON = '公示期满';
/** Shown when a withdrawal was recorded without a public reason. */
export const WITHDRAWN_REASON = '该信息已撤下';

// ---------------------------------------------------------------- ids in paths

/**
 * The URL-safe form of an item id in paths: base64url (RFC 4648 §5, no padding) of the id's
 * UTF-8 bytes. Ids are tag: URIs whose specific part may hold '/', ':' or '?', and two ids may
 * differ only in their authority or date, so no shorter piece of the id is safe; this form is
 * reversible, unique and stable for as long as the id is (the id never changes).
 */
export function slugOf(itemId: string): string {
  return Buffer.from(itemId, 'utf8').toString('base64url');
}

/** The id a slug stands for; undefined unless the slug is the canonical form of an id. */
export function idOfSlug(slug: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,700}$/.test(slug)) return undefined;
  const id = Buffer.from(slug, 'base64url').toString('utf8');
  // One spelling per id: a slug with other trailing bits or replaced bytes is not it.
  return slugOf(id) === slug && /^(tag|https):/.test(id) ? id : undefined;
}

// ---------------------------------------------------------------- serving

export interface ServedItem {
  item: PublicItem;
  /** The exact signed text (verify these bytes). */
  publicJson: string;
  signature: ManifestSignature;
  slug: string;
}

export interface ItemReader {
  /** The item a row serves, or why it cannot be served. */
  read(row: PublicRow): { ok: true; served: ServedItem } | { ok: false; problem: string };
  /** The station key the items are checked with, as served at /station-key.pem. */
  stationKeyPem: string;
  fingerprint: string;
}

/**
 * At most this many checked items are remembered, least recently served out first: every item
 * version is checked once while it is served (the answers of a generation are kept as bytes too,
 * http.ts, so this is what a new generation is rebuilt from).
 */
const REMEMBERED = 20_000;

export function createItemReader(stationPublicKeyPem: string): ItemReader {
  const key: KeyObject = createPublicKey(stationPublicKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('portal: the station key is not an Ed25519 public key');
  const fingerprint = publicKeyFingerprint(key);
  // Checking an Ed25519 signature costs ~0.1 ms; a list of 100 items would pay it on every view.
  // Remember what verified, keyed by the exact texts, so an edited row is checked afresh.
  const verified = new Map<string, { json: string; sig: string; served: ServedItem }>();

  function check1(row: PublicRow): { ok: true; served: ServedItem } | { ok: false; problem: string } {
    const json = row.public_json;
    const sigText = row.signature;
    if (json === null || sigText === null) return { ok: false, problem: 'not signed' };
    const known = verified.get(row.item_id);
    if (known && known.json === json && known.sig === sigText) {
      // Most recently served last (a Map keeps insertion order).
      verified.delete(row.item_id);
      verified.set(row.item_id, known);
      return { ok: true, served: known.served };
    }

    const parsed = parseManifestSignature(sigText);
    if (!parsed.ok) return { ok: false, problem: `signature: ${parsed.reason}` };
    const sig = parsed.sig;
    const bytes = Buffer.from(json, 'utf8');
    if (sig.keyId !== fingerprint) return { ok: false, problem: `signed by key ${sig.keyId}, not the station key` };
    if (sig.sha256 !== createHash('sha256').update(bytes).digest('hex'))
      return { ok: false, problem: 'signature names other bytes' };
    if (!verifyManifestSignature(bytes, sig, key)) return { ok: false, problem: 'signature does not verify' };
    let value: unknown;
    try {
      value = JSON.parse(json);
    } catch {
      return { ok: false, problem: 'public_json is not JSON' };
    }
    const item = check(PublicItem, value);
    if (!item.ok) return { ok: false, problem: `public_json is not a PublicItem (${item.error})` };
    if (item.value.id !== row.item_id) return { ok: false, problem: 'public_json names another id' };

    const served: ServedItem = { item: item.value, publicJson: json, signature: sig, slug: slugOf(row.item_id) };
    verified.delete(row.item_id);
    if (verified.size >= REMEMBERED) verified.delete(verified.keys().next().value!);
    verified.set(row.item_id, { json, sig: sigText, served });
    return { ok: true, served };
  }

  return { read: check1, stationKeyPem: stationPublicKeyPem, fingerprint };
}

/** The public tombstone of an item no longer shown: when, and the published reason. */
export function withdrawalOf(row: TombstoneRow): PublicWithdrawal {
  if (row.state === 'withdrawn')
    return {
      id: row.item_id,
      withdrawnAt: row.withdrawn_at ?? row.updated_at,
      reason: row.withdraw_reason?.trim() || WITHDRAWN_REASON,
    };
  return { id: row.item_id, withdrawnAt: row.expires_at ?? row.updated_at, reason: EXPIRED_REASON };
}
