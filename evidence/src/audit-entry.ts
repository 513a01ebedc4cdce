/**
 * The station's audit trail (留痕) as a hash chain: each entry's hash covers
 * the previous entry's hash and the entry itself in canonical JSON, so
 * removing, reordering or editing any entry breaks every hash after it.
 * Shared by the gateway (which writes and verifies the trail) and the
 * offline verifier (which checks the excerpt inside a case export).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, ZERO_HASH } from './entry.js';

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
