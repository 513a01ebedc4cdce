/**
 * Quarantine of recorder segments whose evidence chain the station refuses.
 * The uploaded bytes and the offered chain are kept as they came, outside the
 * footage store (nothing indexes, plays or exports them), under
 * `<dataDir>/quarantine/<device>/`:
 *
 *   <name>                      the segment as uploaded
 *   <name>.chain.jsonl          the chain the recorder offered
 *   <name>.quarantine.json      why, when, and what the recorder said of it
 *
 * A second refused upload of the same name with other bytes (or another
 * chain) is kept beside it as `<name>.2`, `<name>.3`, …; nothing is ever
 * overwritten or deleted automatically. Each copy is a row of `quarantine`;
 * the segment opens one review item (kind `quarantine`) and every copy writes
 * an audit entry, in the same transaction as its row.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHAIN_SUFFIX, syncPath } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/database.js';
import type { QuarantineTable } from '../db/schema.js';
import { unitOfOfficer } from '../cases/owner-repo.js';
import type { Reviews } from '../cases/reviews.js';
import type { Logger } from '../log.js';
import { sha256Text } from './sha256.js';
import {
  countQuarantineCopies,
  findQuarantineCopy,
  insertQuarantineCopy,
  listQuarantine,
  quarantineOfDevice,
  type QuarantineQuery,
} from './quarantine-repo.js';

export const QUARANTINE_SUFFIX = '.quarantine.json';

export interface QuarantineInput {
  deviceId: string;
  name: string;
  /** The uploaded file (moved into quarantine). */
  file: string;
  bytes: number;
  sha256: string;
  /** The chain the recorder offered with it. */
  chain: string;
  reason: string;
  officerId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  recordingIds: string[];
  actor: string;
}

export interface QuarantineView {
  id: string;
  deviceId: string;
  segment: string;
  copy: number;
  bytes: number;
  sha256: string;
  chainSha256: string;
  reason: string;
  officerId: string | null;
  unitId: string | null;
  startedAt: string | null;
  endedAt: string | null;
  receivedAt: string;
  /** Relative to the station's data directory. */
  path: string;
}

export function quarantineView(r: QuarantineTable): QuarantineView {
  return {
    id: r.id,
    deviceId: r.device_id,
    segment: r.segment,
    copy: r.copy,
    bytes: Number(r.bytes),
    sha256: r.sha256,
    chainSha256: r.chain_sha256,
    reason: r.reason,
    officerId: r.officer_id,
    unitId: r.unit_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    receivedAt: r.created_at,
    path: r.path,
  };
}

export interface QuarantineDeps {
  dataDir: string;
  db: Db;
  reviews: Reviews;
  audit: AuditLog;
  log: Logger;
  /** Told of each new copy (the chain records listen: quarantined entries are held by the station too). */
  onKept?: (row: QuarantineTable, chain: string) => Promise<void> | void;
}

export function createQuarantine(deps: QuarantineDeps) {
  const { db, reviews, audit, log } = deps;
  const root = join(deps.dataDir, 'quarantine');

  /** The copy already kept of these bytes with this chain under this name, if any. */
  const find = (deviceId: string, name: string, sha256: string, chainSha256: string) =>
    findQuarantineCopy(db, deviceId, name, sha256, chainSha256);

  /** One refused upload of a name at a time: two would pick the same copy number. */
  const busy = new Map<string, Promise<unknown>>();
  function serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (busy.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    busy.set(key, run);
    void run
      .catch(() => undefined)
      .then(() => {
        if (busy.get(key) === run) busy.delete(key);
      });
    return run;
  }

  async function keep(q: QuarantineInput): Promise<{ row: QuarantineTable; created: boolean }> {
    const chainSha256 = sha256Text(q.chain);
    const known = await find(q.deviceId, q.name, q.sha256, chainSha256);
    if (known) {
      rmSync(q.file, { force: true });
      return { row: known, created: false };
    }
    const dir = join(root, q.deviceId);
    mkdirSync(dir, { recursive: true });
    let copy = 1;
    const base = (k: number) => join(dir, k === 1 ? q.name : `${q.name}.${k}`);
    // Never over anything already kept (a copy the database does not know of either).
    while ([base(copy), `${base(copy)}${CHAIN_SUFFIX}`, `${base(copy)}${QUARANTINE_SUFFIX}`].some((f) => existsSync(f)))
      copy++;
    const target = base(copy);
    const now = new Date().toISOString();
    const unitId = q.officerId ? await unitOfOfficer(db, q.officerId) : null;
    const row: QuarantineTable = {
      id: randomUUID(),
      device_id: q.deviceId,
      segment: q.name,
      copy,
      path: relative(deps.dataDir, target),
      bytes: q.bytes,
      sha256: q.sha256,
      chain_sha256: chainSha256,
      reason: q.reason,
      officer_id: q.officerId,
      unit_id: unitId,
      started_at: q.startedAt,
      ended_at: q.endedAt,
      recording_ids: JSON.stringify(q.recordingIds),
      created_at: now,
    };
    // The files first, durably: a row must never point at bytes that are not there.
    writeFileSync(`${target}${CHAIN_SUFFIX}`, q.chain, { flag: 'wx' });
    await syncPath(`${target}${CHAIN_SUFFIX}`);
    writeFileSync(
      `${target}${QUARANTINE_SUFFIX}`,
      JSON.stringify(
        {
          deviceId: q.deviceId,
          segment: q.name,
          copy,
          reason: q.reason,
          quarantinedAt: now,
          bytes: q.bytes,
          sha256: q.sha256,
          chainSha256,
          officerId: q.officerId,
          startedAt: q.startedAt,
          endedAt: q.endedAt,
          recordingIds: q.recordingIds,
          note: 'Refused by the station: its evidence chain does not verify. Kept as uploaded; never deleted automatically.',
        },
        null,
        2,
      ) + '\n',
      { flag: 'wx' },
    );
    await syncPath(`${target}${QUARANTINE_SUFFIX}`);
    renameSync(q.file, target);
    await syncPath(dir);
    const subject = `${q.deviceId}/${q.name}`;
    await db.transaction().execute(async (trx) => {
      await insertQuarantineCopy(trx, row);
      const copies = await countQuarantineCopies(trx, q.deviceId, q.name);
      await reviews.ensureOpen(trx, {
        kind: 'quarantine',
        subjectId: subject,
        title: `${q.name}: ${q.reason}`.slice(0, 300),
        deviceId: q.deviceId,
        officerId: q.officerId,
        unitId: row.unit_id,
        subjectStart: q.startedAt,
        subjectEnd: q.endedAt,
        detail: {
          segment: q.name,
          reason: q.reason,
          copies,
          sha256: q.sha256,
          path: row.path,
          quarantineId: row.id,
        },
      });
      await audit.append(
        {
          actor: q.actor,
          action: 'quarantine',
          subjectType: 'segment',
          subjectId: subject,
          detail: { reason: q.reason, copy, sha256: q.sha256, bytes: q.bytes, path: row.path },
        },
        trx,
      );
    });
    log.warn({ deviceId: q.deviceId, segment: q.name, copy, reason: q.reason }, 'segment quarantined: chain refused');
    await deps.onKept?.(row, q.chain);
    return { row, created: true };
  }

  return {
    root,
    find,

    /**
     * Keeps a refused upload. The same bytes with the same chain are kept once: a repeat only
     * answers what the first one did (the repeated file is dropped, a copy of it is kept).
     */
    keep: (q: QuarantineInput) => serial(`${q.deviceId}/${q.name}`, () => keep(q)),

    async list(q: QuarantineQuery): Promise<QuarantineView[]> {
      return (await listQuarantine(db, q)).map(quarantineView);
    },

    /** Copies held for a device (the chain continuity check counts them). */
    async ofDevice(deviceId: string): Promise<QuarantineTable[]> {
      return quarantineOfDevice(db, deviceId);
    },
  };
}
export type Quarantine = ReturnType<typeof createQuarantine>;
