/**
 * Queries on the audit trail (audit_log) and its signed checkpoints (audit_checkpoints).
 * The chain and the signatures are made in audit-log.ts and checkpoints.ts; here are only
 * the rows. Functions that take part in an act's transaction take it as `db`.
 */
import type { Insertable } from 'kysely';
import type { Db } from '../db/database.js';
import type { AuditCheckpointsTable, AuditLogTable } from '../db/schema.js';

export interface AuditQuery {
  caseId?: string;
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: string;
  to?: string;
  /** Entries with seq below this (paging backwards). */
  beforeSeq?: number;
  limit?: number;
}

/** The newest entry's seq and hash, which the next entry chains to; undefined for an empty trail. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  const h = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return h ? { seq: Number(h.seq), hash: h.hash } : undefined;
}

/** Appends one chained entry (pass the act's transaction, so the trace commits with it). */
export async function insertAuditEntry(db: Db, row: AuditLogTable): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

/** Entries matching `q`, newest first, at most `q.limit` (200 by default). */
export async function findAuditEntries(db: Db, q: AuditQuery): Promise<AuditLogTable[]> {
  let query = db.selectFrom('audit_log').selectAll();
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  // Actors are stored as name@address: a bare name matches every address.
  if (q.actor) {
    const actor = q.actor;
    query = actor.includes('@')
      ? query.where('actor', '=', actor)
      : query.where((eb) => eb.or([eb('actor', '=', actor), eb('actor', 'like', `${actor.replace(/[%_]/g, '')}@%`)]));
  }
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.subjectId) query = query.where('subject_id', '=', q.subjectId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from) query = query.where('ts', '>=', q.from);
  if (q.to) query = query.where('ts', '<', q.to);
  if (q.beforeSeq) query = query.where('seq', '<', q.beforeSeq);
  return query
    .orderBy('seq', 'desc')
    .limit(q.limit ?? 200)
    .execute();
}

/** Every entry of a case, oldest first (an export's excerpt). */
export async function caseAuditEntries(db: Db, caseId: string): Promise<AuditLogTable[]> {
  return db.selectFrom('audit_log').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

/** Up to `limit` entries after `afterSeq`, oldest first: the trail read in pages to re-hash it. */
export async function auditEntriesAfter(db: Db, afterSeq: number, limit: number): Promise<AuditLogTable[]> {
  return db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/** The hash stored for entry `seq`, undefined when there is no such entry (a checkpoint's head is checked by it). */
export async function auditHashAt(db: Db, seq: number): Promise<string | undefined> {
  const row = await db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
  return row?.hash;
}

/** Seq and hash of a case's entries up to `throughSeq`, oldest first: what an export checkpoint states. */
export async function caseAuditHashes(
  db: Db,
  caseId: string,
  throughSeq: number,
): Promise<{ seq: number; hash: string }[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .where('case_id', '=', caseId)
    .where('seq', '<=', throughSeq)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
}

/** Up to `limit` stored checkpoints after id `afterId`, in the order they were made. */
export async function checkpointsAfter(db: Db, afterId: number, limit: number) {
  return db.selectFrom('audit_checkpoints').selectAll().where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

/** The highest entry any checkpoint signed (0 when none): a checkpoint is made only when the head moved past it. */
export async function lastCheckpointedSeq(db: Db): Promise<number> {
  const r = await db
    .selectFrom('audit_checkpoints')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst();
  return Number(r?.seq ?? 0);
}

/** Stores a signed checkpoint. */
export async function insertCheckpoint(db: Db, row: Insertable<AuditCheckpointsTable>): Promise<void> {
  await db.insertInto('audit_checkpoints').values(row).execute();
}

/** The statement (signed JSON) of the newest checkpoint, undefined when none was made. */
export async function latestCheckpointStatement(db: Db): Promise<string | undefined> {
  const r = await db
    .selectFrom('audit_checkpoints')
    .select('statement')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.statement;
}

/** How many checkpoints are stored; 0 in a database from before checkpoints existed (no table yet). */
export async function checkpointCount(db: Db): Promise<number> {
  const tables = await db.introspection.getTables();
  if (!tables.some((t) => t.name === 'audit_checkpoints')) return 0;
  const r = await db
    .selectFrom('audit_checkpoints')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
