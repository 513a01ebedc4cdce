/**
 * The audit trail (留痕): every view, play, download, export, link, unlink,
 * explanation, decision and deletion, appended as a hash chain in the
 * metadata store. Appends run inside the caller's transaction when given one,
 * so an act and its trace commit together or not at all.
 */
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  checkAuditEntries,
  type AuditCheck,
  type ChainedAuditEntry,
} from '@liuhen/evidence';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditLogTable, Database } from '../db/schema.js';
import {
  auditEntriesAfter,
  auditHead,
  caseAuditEntries,
  findAuditEntries,
  insertAuditEntry,
  type AuditQuery,
} from './audit-repo.js';

export type { AuditQuery };

export type AuditAction =
  | 'view'
  | 'play'
  | 'download'
  | 'export'
  | 'link'
  | 'unlink'
  | 'explain'
  | 'decide'
  | 'assign'
  | 'delete'
  | 'create'
  | 'update'
  | 'import'
  | 'hold'
  | 'close'
  | 'verify'
  | 'quarantine'
  | 'discard'
  | 'flag'
  | 'acknowledge'
  | 'hand-out'
  | 'check-in'
  | 'override'
  | 'enroll'
  | 'sign-in'
  | 'sign-out'
  | 'lock'
  | 'revoke'
  | 'command'
  | 'upload'
  | 'submit'
  | 'accept'
  | 'opinion'
  | 'void'
  | 'discuss'
  | 'withdraw'
  | 'configure'
  | 'publish';

export interface AuditInput {
  actor: string;
  action: AuditAction;
  subjectType: string;
  subjectId: string;
  caseId?: string | null;
  detail?: Record<string, unknown>;
}

export function toEntry(r: AuditLogTable): ChainedAuditEntry {
  return {
    seq: Number(r.seq),
    ts: r.ts,
    actor: r.actor,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    caseId: r.case_id,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Canonical JSON allows safe integers only: fractional figures are kept as strings. */
function normalise(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, normalise(x)]),
    );
  return v;
}

export function createAuditLog(db: Db) {
  const appended: ((entry: ChainedAuditEntry) => void)[] = [];

  async function appendIn(ex: Db, input: AuditInput): Promise<ChainedAuditEntry> {
    const head = await auditHead(ex);
    const entry = {
      seq: head ? head.seq + 1 : 1,
      ts: new Date().toISOString(),
      actor: input.actor,
      action: input.action,
      subjectType: input.subjectType,
      subjectId: input.subjectId,
      caseId: input.caseId ?? null,
      detail: normalise(input.detail ?? {}) as Record<string, unknown>,
    };
    const prevHash = head?.hash ?? AUDIT_GENESIS_HASH;
    const hash = auditEntryHash(prevHash, entry);
    await insertAuditEntry(ex, {
      seq: entry.seq,
      ts: entry.ts,
      actor: entry.actor,
      action: entry.action,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      case_id: entry.caseId,
      detail: JSON.stringify(entry.detail),
      prev_hash: prevHash,
      hash,
    });
    return { ...entry, prevHash, hash };
  }

  return {
    /** Appends one entry; pass the transaction of the act it records. */
    async append(input: AuditInput, trx?: Transaction<Database>): Promise<ChainedAuditEntry> {
      const entry = trx ? await appendIn(trx, input) : await db.transaction().execute((t) => appendIn(t, input));
      for (const fn of appended) fn(entry);
      return entry;
    },

    /**
     * Called after each append (inside the caller's transaction when it gave one, so the entry
     * may not be committed yet): for the signed checkpoints every N entries.
     */
    onAppended(fn: (entry: ChainedAuditEntry) => void): void {
      appended.push(fn);
    },

    async list(q: AuditQuery): Promise<ChainedAuditEntry[]> {
      return (await findAuditEntries(db, q)).map(toEntry);
    },

    /** Every entry of a case, oldest first (for exports). */
    async forCase(caseId: string): Promise<ChainedAuditEntry[]> {
      return (await caseAuditEntries(db, caseId)).map(toEntry);
    },

    /** Re-hashes the whole trail in pages; reports the first entry that fails. */
    async verify(): Promise<AuditCheck & { headHash: string; headSeq: number }> {
      let after = 0;
      let checked = 0;
      let last: ChainedAuditEntry | null = null;
      const PAGE = 5000;
      for (;;) {
        const rows = await auditEntriesAfter(db, after, PAGE);
        if (rows.length === 0) break;
        const page = rows.map(toEntry);
        if (!last && (page[0]!.seq !== 1 || page[0]!.prevHash !== AUDIT_GENESIS_HASH)) {
          return {
            ok: false,
            checked: 0,
            firstBad: { seq: page[0]!.seq, reason: 'the trail does not start at entry 1' },
            headHash: AUDIT_GENESIS_HASH,
            headSeq: 0,
          };
        }
        // Continue the chain across pages: the last entry of the previous page leads.
        const r = checkAuditEntries(last ? [last, ...page] : page, { contiguous: true });
        if (!r.ok)
          return {
            ...r,
            checked: checked + Math.max(0, r.checked - (last ? 1 : 0)),
            headHash: last?.hash ?? AUDIT_GENESIS_HASH,
            headSeq: last?.seq ?? 0,
          };
        checked += page.length;
        last = page[page.length - 1]!;
        after = last.seq;
      }
      return { ok: true, checked, headHash: last?.hash ?? AUDIT_GENESIS_HASH, headSeq: last?.seq ?? 0 };
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
