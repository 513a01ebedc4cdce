/**
 * The station signing key and the audit trail's signed checkpoints.
 *
 * The key (Ed25519, `data/keys/station.key.pem` mode 600 + `station.pub.pem`) is made at the first
 * start, with the recorder key rules of @liuhen/evidence (O_EXCL, never overwritten); its
 * fingerprint is logged at every start and served at GET /api/station/key.
 *
 * The hash chain of the audit trail shows an edited or removed entry, but whoever can write the
 * database can also re-hash everything after it. A **checkpoint** is the station key's signature
 * of the trail's head (seq, hash) at a time: made every `everyEntries` entries (the entry that
 * crosses the mark), every `everyMs` when the trail moved, at start and stop, and at every export,
 * where it also states the case's excerpt (count, seq range, digest of the entry hashes) and goes
 * into the package. A re-hashed trail no longer matches the checkpoints (`--verify-audit`).
 */
import { join } from 'node:path';
import {
  AUDIT_CHECKPOINT_FORMAT,
  AUDIT_CHECKPOINT_VERSION,
  AUDIT_GENESIS_HASH,
  auditCheckpointCase,
  auditCheckpointShapeError,
  loadOrCreateStationKeys,
  signAuditCheckpoint,
  verifyAuditCheckpoint,
  type AuditCheckpoint,
  type AuditCheckpointCase,
  type ChainedAuditEntry,
  type DeviceKeys,
} from '@liuhen/evidence';
import type { KeyObject } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Logger } from '../log.js';
import type { AuditLog } from './audit-log.js';
import {
  auditHashAt,
  auditHead,
  caseAuditHashes,
  checkpointsAfter,
  insertCheckpoint,
  lastCheckpointedSeq,
  latestCheckpointStatement,
} from './audit-repo.js';

/** Under the data directory. */
export const STATION_KEYS_DIR = 'keys';
export const CHECKPOINT_EVERY_ENTRIES = 1000;
export const CHECKPOINT_EVERY_MS = 10 * 60_000;

export type StationKeys = DeviceKeys;

/** Loads the station key, making it on the first start; logs its fingerprint either way. */
export async function openStationKey(dataDir: string, log: Pick<Logger, 'info' | 'warn'>): Promise<StationKeys> {
  const dir = join(dataDir, STATION_KEYS_DIR);
  let opened;
  try {
    opened = await loadOrCreateStationKeys(dir);
  } catch (err) {
    throw new Error(`station signing key: ${(err as Error).message}`, { cause: err });
  }
  const { keys, created } = opened;
  if (created)
    log.warn(
      { fingerprint: keys.fingerprint, privateKey: keys.privateKeyPath, publicKey: keys.publicKeyPath },
      'station signing key created: back up the private key, and publish the fingerprint to whoever verifies exports',
    );
  else log.info({ fingerprint: keys.fingerprint, publicKey: keys.publicKeyPath }, 'station signing key');
  return keys;
}

export interface CheckpointCheck {
  ok: boolean;
  /** Checkpoints that verified (before the first bad one). */
  checked: number;
  latest: { seq: number; ts: string } | null;
  firstBad?: { id: number; seq: number; reason: string };
}

const PAGE = 1000;

/**
 * Checks every stored checkpoint: its own signature with the station key, and that the trail still
 * holds the entry it signed (same hash) and, for an export checkpoint, exactly the case's entries it
 * stated. Needs only the public key (liuhen-gateway --verify-audit).
 */
export async function verifyAuditCheckpoints(
  db: Db,
  station: { key: KeyObject; fingerprint: string },
): Promise<CheckpointCheck> {
  let checked = 0;
  let latest: CheckpointCheck['latest'] = null;
  let after = 0;
  for (;;) {
    const rows = await checkpointsAfter(db, after, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      const bad = (reason: string): CheckpointCheck => ({
        ok: false,
        checked,
        latest,
        firstBad: { id: row.id, seq: Number(row.seq), reason },
      });
      let cp: AuditCheckpoint;
      try {
        cp = JSON.parse(row.statement) as AuditCheckpoint;
      } catch {
        return bad('the stored statement is not JSON');
      }
      const shape = auditCheckpointShapeError(cp);
      if (shape) return bad(`not a checkpoint: ${shape}`);
      if (cp.seq !== Number(row.seq) || cp.headHash !== row.head_hash || cp.keyId !== row.key_id)
        return bad('the row differs from its signed statement');
      if (cp.keyId !== station.fingerprint)
        return bad(`signed by key ${cp.keyId}, not the station key ${station.fingerprint}`);
      if (!verifyAuditCheckpoint(cp, station.key))
        return bad('the signature does not verify: the checkpoint was edited');
      if (cp.seq > 0) {
        const hash = await auditHashAt(db, cp.seq);
        if (hash === undefined)
          return bad(`entry #${cp.seq}, the head it signed, is gone: the trail was cut back or renumbered`);
        if (hash !== cp.headHash)
          return bad(`entry #${cp.seq} is not the one signed: the trail was rewritten up to it`);
      } else if (cp.headHash !== AUDIT_GENESIS_HASH) return bad('an empty trail signed with a head hash');
      if (cp.case) {
        const err = await caseMismatch(db, cp.case);
        if (err) return bad(err);
      }
      checked++;
      latest = { seq: cp.seq, ts: cp.ts };
    }
  }
  return { ok: true, checked, latest };
}

async function caseEntries(db: Db, caseId: string, throughSeq: number): Promise<ChainedAuditEntry[]> {
  // Only seq and hash enter the statement.
  return (await caseAuditHashes(db, caseId, throughSeq)) as ChainedAuditEntry[];
}

async function caseMismatch(db: Db, c: AuditCheckpointCase): Promise<string | null> {
  if (c.lastSeq === null) return null;
  const now = auditCheckpointCase(c.id, await caseEntries(db, c.id, c.lastSeq));
  if (now.entries !== c.entries || now.firstSeq !== c.firstSeq || now.digest !== c.digest)
    return (
      `case ${c.id}: its entries up to #${c.lastSeq} are not the ${c.entries} signed at an export ` +
      `(${now.entries} now): an entry was removed, added or edited`
    );
  return null;
}

export interface AuditCheckpointsOptions {
  db: Db;
  audit: AuditLog;
  keys: StationKeys;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** A checkpoint of the entry that completes every this many entries (default 1000). */
  everyEntries?: number;
  /** And of the head at this interval when the trail moved (default 10 minutes), once started. */
  everyMs?: number;
}

export function createAuditCheckpoints(opts: AuditCheckpointsOptions) {
  const { db, keys } = opts;
  const everyEntries = Math.max(1, opts.everyEntries ?? CHECKPOINT_EVERY_ENTRIES);
  const everyMs = opts.everyMs ?? CHECKPOINT_EVERY_MS;
  /** The highest seq checkpointed or scheduled. */
  let mark = 0;
  const ready = lastCheckpointedSeq(db)
    .then((seq) => {
      mark = Math.max(mark, seq);
    })
    .catch((err: Error) => opts.log?.error({ err: err.message }, 'could not read the last audit checkpoint'));
  /** One checkpoint at a time, in order. */
  let queue: Promise<unknown> = ready;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  async function head(): Promise<{ seq: number; hash: string }> {
    return (await auditHead(db)) ?? { seq: 0, hash: AUDIT_GENESIS_HASH };
  }

  async function store(at: { seq: number; hash: string }, reason: string, c?: AuditCheckpointCase) {
    const cp = signAuditCheckpoint(
      {
        format: AUDIT_CHECKPOINT_FORMAT,
        version: AUDIT_CHECKPOINT_VERSION,
        seq: at.seq,
        headHash: at.hash,
        ts: new Date().toISOString(),
        reason,
        keyId: keys.fingerprint,
        ...(c ? { case: c } : {}),
      },
      keys.privateKey,
    );
    await insertCheckpoint(db, {
      seq: cp.seq,
      head_hash: cp.headHash,
      ts: cp.ts,
      reason,
      case_id: c?.id ?? null,
      key_id: cp.keyId,
      statement: JSON.stringify(cp),
    });
    mark = Math.max(mark, cp.seq);
    return cp;
  }

  /** The head, when it moved since the last checkpoint. */
  function ofHead(reason: string): Promise<AuditCheckpoint | null> {
    return serial(async () => {
      const h = await head();
      const last = await lastCheckpointedSeq(db);
      if (h.seq === 0 || h.seq <= last) return null;
      return store(h, reason);
    });
  }

  /** The entry that crossed the mark, once its transaction has committed (a rolled-back one is skipped). */
  function ofEntry(entry: ChainedAuditEntry): void {
    setImmediate(() => {
      if (stopped) return; // the stop checkpoint covers it
      void serial(async () => {
        if ((await auditHashAt(db, entry.seq)) !== entry.hash) return null;
        return store({ seq: entry.seq, hash: entry.hash }, 'entries');
      }).catch((err: Error) => opts.log?.error({ err: err.message }, 'could not sign an audit checkpoint'));
    });
  }

  opts.audit.onAppended((entry) => {
    void ready.then(() => {
      if (stopped || entry.seq - mark < everyEntries) return;
      mark = entry.seq;
      ofEntry(entry);
    });
  });

  const signing = {
    keys,
    /**
     * At an export: a checkpoint of the head that also states the case's excerpt, after checking
     * that the excerpt is the case's entries in the trail as it stands.
     */
    checkpointFor(caseId: string, excerpt: readonly ChainedAuditEntry[]): Promise<AuditCheckpoint> {
      return serial(async () => {
        const stated = auditCheckpointCase(caseId, excerpt);
        if (stated.lastSeq !== null) {
          const now = auditCheckpointCase(caseId, await caseEntries(db, caseId, stated.lastSeq));
          if (now.digest !== stated.digest || now.entries !== stated.entries)
            throw new Error(
              `the audit excerpt of case ${caseId} (${stated.entries} entries up to #${stated.lastSeq}) is not what the ` +
                `trail holds (${now.entries}): run liuhen-gateway --verify-audit before exporting`,
            );
        }
        return store(await head(), 'export', stated);
      });
    },
  };

  return {
    signing,
    /** The export checkpoint of a case's excerpt (see `signing`). */
    forExport: signing.checkpointFor,
    /** A checkpoint of the head now, if it moved since the last one. */
    checkpoint: (reason = 'interval') => ofHead(reason),
    /** Checks the stored checkpoints against the trail with this station's key. */
    verify: () => verifyAuditCheckpoints(db, { key: keys.publicKey, fingerprint: keys.fingerprint }),
    async latest(): Promise<AuditCheckpoint | null> {
      const statement = await latestCheckpointStatement(db);
      return statement === undefined ? null : (JSON.parse(statement) as AuditCheckpoint);
    },
    /** A checkpoint of what was appended while the station was down, then one every `everyMs`. */
    async start(): Promise<void> {
      await ofHead('start');
      timer = setInterval(
        () =>
          void ofHead('interval').catch((err: Error) =>
            opts.log?.error({ err: err.message }, 'could not sign an audit checkpoint'),
          ),
        everyMs,
      );
      timer.unref();
    },
    /** Stops the timer and signs the head as the station leaves it. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await ofHead('stop').catch((err: Error) =>
        opts.log?.error({ err: err.message }, 'could not sign the last audit checkpoint'),
      );
      await queue;
    },
  };
}
export type AuditCheckpoints = ReturnType<typeof createAuditCheckpoints>;
