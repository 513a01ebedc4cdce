/**
 * The station's audit trail (留痕) as a hash chain: each entry's hash covers
 * the previous entry's hash and the entry itself in canonical JSON, so
 * removing, reordering or editing any entry breaks every hash after it.
 * Shared by the gateway (which writes and verifies the trail) and the
 * offline verifier (which checks the excerpt inside a case export).
 *
 * A hash chain alone can be rebuilt by whoever can write the database (remove an
 * entry, re-hash the rest), so the station signs **checkpoints**: its key's
 * statement of the trail's head (seq and hash) at a time, and, at an export, of
 * the case's excerpt (count, seq range, digest of its entry hashes).
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, entryHashBytes, ZERO_HASH } from './entry.js';

export const AUDIT_GENESIS_HASH = ZERO_HASH;

export interface AuditEntry {
  seq: number;
  /** ISO 8601 UTC. */
  ts: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  caseId: string | null;
  /** Action-specific facts; safe integers only (canonical JSON). */
  detail: Record<string, unknown>;
}

export interface ChainedAuditEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** SHA-256 over `prevHash` + "\n" + canonical JSON of the entry. */
export function auditEntryHash(prevHash: string, entry: AuditEntry): string {
  const body = canonicalJson({
    seq: entry.seq,
    ts: entry.ts,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    caseId: entry.caseId,
    detail: entry.detail,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`, 'utf8').digest('hex');
}

export interface AuditCheck {
  ok: boolean;
  checked: number;
  /** The first entry that does not verify, and why. */
  firstBad?: { seq: number; reason: string };
}

/**
 * Checks entries in seq order. `contiguous` (a whole trail) also requires each
 * prevHash to be the previous entry's hash and seq to step by one (the first
 * entry given is the starting point; a whole trail starts at seq 1 with
 * AUDIT_GENESIS_HASH, which the caller checks); an excerpt
 * (a case's entries among others) is checked entry by entry.
 */
export function checkAuditEntries(entries: Iterable<ChainedAuditEntry>, opts: { contiguous: boolean }): AuditCheck {
  let checked = 0;
  let prev: ChainedAuditEntry | null = null;
  for (const e of entries) {
    if (auditEntryHash(e.prevHash, e) !== e.hash)
      return { ok: false, checked, firstBad: { seq: e.seq, reason: 'entry hash does not match its content' } };
    if (opts.contiguous) {
      if (prev && e.seq !== prev.seq + 1)
        return { ok: false, checked, firstBad: { seq: e.seq, reason: `entry ${prev.seq + 1} is missing` } };
      if (prev && e.prevHash !== prev.hash)
        return { ok: false, checked, firstBad: { seq: e.seq, reason: 'does not link to the previous entry' } };
    } else if (prev && e.seq <= prev.seq) {
      return { ok: false, checked, firstBad: { seq: e.seq, reason: 'entries out of order' } };
    }
    prev = e;
    checked++;
  }
  return { ok: true, checked };
}

// ---- signed checkpoints ----

export const AUDIT_CHECKPOINT_FORMAT = 'liuhen-audit-checkpoint';
export const AUDIT_CHECKPOINT_VERSION = 1;

/** What a checkpoint says about one case's excerpt of the trail (written at an export). */
export interface AuditCheckpointCase {
  id: string;
  /** The case's entries with seq ≤ lastSeq: how many, the first and last seq (null when none). */
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** SHA-256 (hex) of the entries' hashes in seq order, each followed by "\n". */
  digest: string;
}

export interface AuditCheckpoint {
  format: typeof AUDIT_CHECKPOINT_FORMAT;
  version: typeof AUDIT_CHECKPOINT_VERSION;
  /** The trail's last entry when signed (0 and the genesis hash for an empty trail). */
  seq: number;
  headHash: string;
  /** When it was signed (ISO 8601 UTC). */
  ts: string;
  /** Why: `entries` (every N entries), `interval`, `start`, `stop`, `export`. */
  reason: string;
  /** Fingerprint of the station key (SHA-256 of its DER SPKI, hex). */
  keyId: string;
  case?: AuditCheckpointCase;
  /** Ed25519 over the 32 raw bytes of SHA-256(canonical JSON of every other field), base64. */
  sig: string;
}

export type UnsignedAuditCheckpoint = Omit<AuditCheckpoint, 'sig'>;

/** The digest a checkpoint signs for a case's excerpt. */
export function caseAuditDigest(entries: Iterable<{ hash: string }>): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${e.hash}\n`, 'utf8');
  return h.digest('hex');
}

/** A checkpoint's case statement for an excerpt (the case's entries, oldest first). */
export function auditCheckpointCase(caseId: string, excerpt: readonly ChainedAuditEntry[]): AuditCheckpointCase {
  return {
    id: caseId,
    entries: excerpt.length,
    firstSeq: excerpt[0]?.seq ?? null,
    lastSeq: excerpt.at(-1)?.seq ?? null,
    digest: caseAuditDigest(excerpt),
  };
}

/** Signs a checkpoint as chain entries are signed: over the hash of its canonical JSON without `sig`. */
export function signAuditCheckpoint(unsigned: UnsignedAuditCheckpoint, privateKey: KeyObject): AuditCheckpoint {
  const { sig: _drop, ...rest } = unsigned as UnsignedAuditCheckpoint & { sig?: unknown };
  return { ...rest, sig: sign(null, entryHashBytes(rest), privateKey).toString('base64') };
}

export function verifyAuditCheckpoint(cp: AuditCheckpoint, publicKey: KeyObject): boolean {
  if (typeof cp.sig !== 'string') return false;
  try {
    return verify(
      null,
      entryHashBytes(cp as unknown as Record<string, unknown>),
      publicKey,
      Buffer.from(cp.sig, 'base64'),
    );
  } catch {
    return false;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const isUint = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
const isUintOrNull = (v: unknown) => v === null || isUint(v);

/** Checks the shape of a parsed checkpoint; returns the first problem, or null when well-formed. */
export function auditCheckpointShapeError(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  if (o.format !== AUDIT_CHECKPOINT_FORMAT)
    return `format is ${JSON.stringify(o.format)}, not "${AUDIT_CHECKPOINT_FORMAT}"`;
  if (o.version !== AUDIT_CHECKPOINT_VERSION) return `version ${JSON.stringify(o.version)} is not supported`;
  if (!isUint(o.seq)) return 'seq must be an integer ≥ 0';
  if (typeof o.headHash !== 'string' || !HEX64.test(o.headHash)) return 'headHash must be 64 lowercase hex digits';
  if (typeof o.ts !== 'string' || Number.isNaN(Date.parse(o.ts))) return 'ts must be a date';
  if (typeof o.reason !== 'string' || o.reason === '') return 'reason must be a non-empty string';
  if (typeof o.keyId !== 'string' || !HEX64.test(o.keyId)) return 'keyId must be 64 lowercase hex digits';
  if (typeof o.sig !== 'string' || o.sig === '') return 'sig must be a base64 string';
  if (o.case !== undefined) {
    const c = o.case as Record<string, unknown>;
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return 'case must be a JSON object';
    if (typeof c.id !== 'string' || c.id === '') return 'case.id must be a non-empty string';
    if (!isUint(c.entries)) return 'case.entries must be an integer ≥ 0';
    if (!isUintOrNull(c.firstSeq) || !isUintOrNull(c.lastSeq))
      return 'case.firstSeq/lastSeq must be integers ≥ 0 or null';
    if (typeof c.digest !== 'string' || !HEX64.test(c.digest)) return 'case.digest must be 64 lowercase hex digits';
  }
  return null;
}

/**
 * Why a case excerpt does not match what a checkpoint signed about it, or null when it does:
 * the same case, the same entries (count, seq range, digest of their hashes), all at or before
 * the checkpoint's head, and the head's hash where the excerpt holds the head entry.
 */
export function checkpointExcerptError(
  cp: AuditCheckpoint,
  caseId: string,
  excerpt: readonly ChainedAuditEntry[],
): string | null {
  if (!cp.case) return 'the checkpoint says nothing about a case excerpt';
  if (cp.case.id !== caseId) return `the checkpoint is about case ${cp.case.id}, not ${caseId}`;
  const got = auditCheckpointCase(caseId, excerpt);
  if (got.entries !== cp.case.entries || got.firstSeq !== cp.case.firstSeq || got.lastSeq !== cp.case.lastSeq)
    return (
      `the signed audit checkpoint covers ${cp.case.entries} entries (seq ${cp.case.firstSeq ?? '-'}–${cp.case.lastSeq ?? '-'}), ` +
      `${got.entries} here (seq ${got.firstSeq ?? '-'}–${got.lastSeq ?? '-'}): entries were removed or added`
    );
  if (got.digest !== cp.case.digest)
    return 'the entries are not the ones the signed audit checkpoint covers: an entry was edited or replaced';
  if (got.lastSeq !== null && got.lastSeq > cp.seq)
    return `entry ${got.lastSeq} is after the checkpoint's head (seq ${cp.seq})`;
  const head = excerpt.find((e) => e.seq === cp.seq);
  if (head && head.hash !== cp.headHash) return `entry ${cp.seq} is not the head the checkpoint signed`;
  return null;
}
