/**
 * The station's account of each recorder's evidence chain:
 *
 * - **Discards.** A recorder deletes pre-record buffer no recording claimed,
 *   leaving the segment's chain ending in a signed whole-file `discard`. It
 *   sends that chain here; the station checks it (every signature against
 *   the enrolled key, this device and segment, seq order and links, the
 *   discard restating the seal) and keeps it where the segment would have
 *   been (`footage/<device>/device/<segment>.chain.jsonl`), so
 *   `liuhen-verify` reports DISCARDED BY POLICY there instead of MISSING.
 *   Same text again: nothing changes; another text for a name already held:
 *   refused, never overwritten.
 * - **Cross-check.** A discard is signed by the recorder that decided it, so
 *   the station checks it against the recordings it knows from the events: a
 *   discarded span that overlaps a recording's [press, stop] (by more than a
 *   fragment) opens a `discard-overlap` review item, audited.
 * - **Continuity.** Every chain file the station holds (stored segments,
 *   discards, quarantined copies) is recorded as seq runs (`chain_files`), so
 *   the station can show, per device, which seq it holds and where the gaps
 *   are.
 */
import { createPublicKey } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHAIN_SUFFIX, parseChainText, syncPath, verifyEntrySignature, type ChainEntry } from '@liuhen/evidence';
import type { AuditLog } from '../audit/audit-log.js';
import { unitOfOfficer } from '../cases/owner-repo.js';
import type { Reviews } from '../cases/reviews.js';
import type { Db } from '../db/database.js';
import { deviceRecordingsOverlapping, findDeviceRecording } from '../devices/device-recordings-repo.js';
import type { ChainFilesTable, DiscardsTable, QuarantineTable } from '../db/schema.js';
import { Conflict, Unacceptable } from '../errors.js';
import type { Logger } from '../log.js';
import {
  chainFileNames,
  chainFilesOf,
  discardsOverlapping,
  findDiscard,
  insertDiscard,
  listDiscards,
  saveChainFile,
  setDiscardOverlap,
} from './chain-repo.js';
import { checkDiscardChain, continuity, runsOf, type ChainContinuity, type Run } from './chain-runs.js';
import { sha256Text } from './sha256.js';

/** A discard may touch a recording by up to one fragment (times are fragment-precise), no more. */
export const DISCARD_OVERLAP_TOLERANCE_MS = 1000;
const LATEST = '9999-12-31T23:59:59.999Z';

export interface DiscardView {
  deviceId: string;
  segment: string;
  reason: string;
  /** The discarded span on the device clock. */
  start: string;
  end: string;
  /** The same on the station clock (device time − clockOffsetMs). */
  stationStart: string;
  stationEnd: string;
  clockOffsetMs: number | null;
  officerId: string | null;
  firstSeq: number;
  lastSeq: number;
  entries: number;
  receivedAt: string;
  /** A recording of this device the discarded span overlaps: the station does not believe it. */
  overlapsRecording: string | null;
}

const shift = (iso: string, offsetMs: number | null) => new Date(Date.parse(iso) - (offsetMs ?? 0)).toISOString();

export function discardView(d: DiscardsTable): DiscardView {
  return {
    deviceId: d.device_id,
    segment: d.segment,
    reason: d.reason,
    start: d.started_at,
    end: d.ended_at,
    stationStart: shift(d.started_at, d.clock_offset_ms),
    stationEnd: shift(d.ended_at, d.clock_offset_ms),
    clockOffsetMs: d.clock_offset_ms,
    officerId: d.officer_id,
    firstSeq: Number(d.seq_first),
    lastSeq: Number(d.seq_last),
    entries: d.entries,
    receivedAt: d.received_at,
    overlapsRecording: d.overlap_recording_id,
  };
}

export interface ChainRecordsDeps {
  db: Db;
  dataDir: string;
  footageRoot: string;
  reviews: Reviews;
  audit: AuditLog;
  log: Logger;
  publicKey(deviceId: string): Promise<{ pem: string; fingerprint: string } | null>;
}

export function createChainRecords(deps: ChainRecordsDeps) {
  const { db, reviews, audit, log } = deps;
  const deviceDir = (deviceId: string) => join(deps.footageRoot, deviceId, 'device');

  /** One write per (device, segment) at a time. */
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

  async function putFile(
    ex: Db,
    deviceId: string,
    abs: string,
    source: ChainFilesTable['source'],
    segment: string,
    entries: readonly ChainEntry[],
  ): Promise<void> {
    const own = entries.filter((e) => e.deviceId === deviceId);
    const row: ChainFilesTable = {
      device_id: deviceId,
      file: relative(deps.dataDir, abs),
      source,
      segment,
      runs: JSON.stringify(runsOf(own)),
      entries: own.length,
      recorded_at: new Date().toISOString(),
    };
    await saveChainFile(ex, row);
  }

  /** Re-checks the device's discards over [from, to] (device clock) against its recordings. */
  async function checkOverlaps(deviceId: string, from = '0000-01-01T00:00:00.000Z', to = LATEST): Promise<void> {
    const discards = await discardsOverlapping(db, deviceId, from, to);
    for (const d of discards) {
      const s = Date.parse(d.started_at);
      const e = Date.parse(d.ended_at);
      const recs = await deviceRecordingsOverlapping(db, deviceId, d.started_at, d.ended_at);
      let worst: { id: string; ms: number; start: string; end: string | null } | null = null;
      for (const r of recs) {
        const ms =
          Math.min(e, r.ended_at ? Date.parse(r.ended_at) : Number.POSITIVE_INFINITY) -
          Math.max(s, Date.parse(r.started_at));
        if (ms > DISCARD_OVERLAP_TOLERANCE_MS && (!worst || ms > worst.ms))
          worst = { id: r.recording_id, ms, start: r.started_at, end: r.ended_at };
      }
      const subject = `${deviceId}/${d.segment}`;
      if (worst && d.overlap_recording_id !== worst.id) {
        await db.transaction().execute(async (trx) => {
          await setDiscardOverlap(trx, deviceId, d.segment, worst.id);
          const unitId = d.officer_id ? await unitOfOfficer(trx, d.officer_id) : null;
          const detail = {
            segment: d.segment,
            reason: d.reason,
            discardStart: d.started_at,
            discardEnd: d.ended_at,
            recordingId: worst.id,
            recordingStart: worst.start,
            recordingEnd: worst.end,
            overlapSeconds: worst.ms === Number.POSITIVE_INFINITY ? null : worst.ms / 1000,
            clockOffsetMs: d.clock_offset_ms,
          };
          await reviews.ensureOpen(trx, {
            kind: 'discard-overlap',
            subjectId: subject,
            title: `${d.segment}: discarded inside recording ${worst.id}`,
            deviceId,
            officerId: d.officer_id,
            unitId,
            subjectStart: shift(d.started_at, d.clock_offset_ms),
            subjectEnd: shift(d.ended_at, d.clock_offset_ms),
            detail,
          });
          await audit.append(
            {
              actor: 'station',
              action: 'flag',
              subjectType: 'segment',
              subjectId: subject,
              detail: { finding: 'a discard overlaps a recording', ...detail },
            },
            trx,
          );
        });
        log.warn({ deviceId, segment: d.segment, recordingId: worst.id }, 'a discarded segment overlaps a recording');
      } else if (!worst && d.overlap_recording_id !== null) {
        await db.transaction().execute(async (trx) => {
          await setDiscardOverlap(trx, deviceId, d.segment, null);
          await reviews.closeAuto(trx, 'discard-overlap', subject, 'no overlap');
        });
      }
    }
  }

  /** Chain files in the device folder the station has no record of (stored before records were kept). */
  async function backfill(deviceId: string): Promise<void> {
    const dir = deviceDir(deviceId);
    if (!existsSync(dir)) return;
    const known = await chainFileNames(db, deviceId);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith(CHAIN_SUFFIX)) continue;
      const abs = join(dir, name);
      if (known.has(relative(deps.dataDir, abs))) continue;
      const segment = name.slice(0, -CHAIN_SUFFIX.length);
      const parsed = parseChainText(readFileSync(abs, 'utf8'));
      const source = existsSync(join(dir, segment)) ? 'segment' : 'discard';
      await putFile(db, deviceId, abs, source, segment, parsed.entries);
    }
  }

  return {
    checkOverlaps,

    /** A recording's events changed: the discards from its press on are checked against it again. */
    async checkRecording(deviceId: string, recordingId: string): Promise<void> {
      const r = await findDeviceRecording(db, deviceId, recordingId);
      if (r) await checkOverlaps(deviceId, r.started_at, LATEST);
    },

    /** A stored segment's chain (verified at offload). */
    async recordSegment(deviceId: string, segment: string, chain: string): Promise<void> {
      await putFile(
        db,
        deviceId,
        join(deviceDir(deviceId), `${segment}${CHAIN_SUFFIX}`),
        'segment',
        segment,
        parseChainText(chain).entries,
      );
    },

    /** A quarantined copy's chain: only the entries signed with the device's key count as held. */
    async recordQuarantine(row: QuarantineTable, chain: string): Promise<void> {
      const key = await deps.publicKey(row.device_id);
      if (!key) return;
      const k = createPublicKey(key.pem);
      const entries = parseChainText(chain).entries.filter(
        (e) => e.keyId === key.fingerprint && verifyEntrySignature(e, k),
      );
      await putFile(
        db,
        row.device_id,
        join(deps.dataDir, `${row.path}${CHAIN_SUFFIX}`),
        'quarantine',
        row.segment,
        entries,
      );
    },

    /** Checks and keeps a discarded segment's chain. */
    async storeDiscard(
      deviceId: string,
      segment: string,
      chain: string,
      actor: string,
    ): Promise<{ stored: boolean; discard: DiscardView }> {
      const key = await deps.publicKey(deviceId);
      if (!key)
        throw new Conflict(`device ${deviceId} has no registered key: PUT /api/devices/${deviceId}/key first`, {
          code: 'key-required',
        });
      const parsed = parseChainText(chain);
      if (parsed.bad.length > 0) {
        const b = parsed.bad[0]!;
        throw new Unacceptable(`line ${b.line} of the chain: ${b.reason}`, { code: 'discard-chain-refused' });
      }
      const k = createPublicKey(key.pem);
      const check = checkDiscardChain(parsed.entries, { deviceId, segment, keyId: key.fingerprint }, (e) =>
        verifyEntrySignature(e, k),
      );
      if (!check.ok)
        throw new Unacceptable(`the discard chain of ${segment} does not verify: ${check.problem}`, {
          code: 'discard-chain-refused',
        });
      const d = check.discard;
      return serial(`${deviceId}/${segment}`, async () => {
        const dir = deviceDir(deviceId);
        const target = join(dir, `${segment}${CHAIN_SUFFIX}`);
        if (existsSync(join(dir, segment)))
          throw new Conflict(`segment ${segment} is stored at the station: it was not discarded`, {
            code: 'segment-stored',
          });
        let stored = false;
        if (existsSync(target)) {
          if (readFileSync(target, 'utf8') !== chain)
            throw new Conflict(`the station already holds another chain for ${segment}; it is never replaced`, {
              code: 'discard-conflict',
            });
        } else {
          // Never over anything: the temporary file is linked in only if nothing is there.
          mkdirSync(dir, { recursive: true });
          const tmp = `${target}.${process.pid}.tmp`;
          writeFileSync(tmp, chain);
          await syncPath(tmp);
          try {
            linkSync(tmp, target);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
            throw new Conflict(`a chain for ${segment} arrived meanwhile`, { code: 'discard-conflict' });
          } finally {
            rmSync(tmp, { force: true });
          }
          await syncPath(dir);
          stored = true;
        }
        const existing = await findDiscard(db, deviceId, segment);
        if (existing) return { stored: false, discard: discardView(existing) };
        // Also when the file was there without its row (a crash between the two): the same text, now recorded.
        const row: DiscardsTable = {
          device_id: deviceId,
          segment,
          reason: d.reason ?? '',
          started_at: new Date(d.start).toISOString(),
          ended_at: new Date(d.end).toISOString(),
          clock_offset_ms: d.clockOffsetMs,
          officer_id: d.officerId,
          seq_first: parsed.entries[0]!.seq,
          seq_last: d.seq,
          entries: parsed.entries.length,
          chain_sha256: sha256Text(chain),
          path: relative(deps.footageRoot, target),
          overlap_recording_id: null,
          received_at: new Date().toISOString(),
        };
        await db.transaction().execute(async (trx) => {
          await insertDiscard(trx, row);
          await putFile(trx, deviceId, target, 'discard', segment, parsed.entries);
          await audit.append(
            {
              actor,
              action: 'discard',
              subjectType: 'segment',
              subjectId: `${deviceId}/${segment}`,
              detail: {
                reason: row.reason,
                start: row.started_at,
                end: row.ended_at,
                seqFirst: row.seq_first,
                seqLast: row.seq_last,
                chainSha256: row.chain_sha256,
              },
            },
            trx,
          );
        });
        await checkOverlaps(deviceId, row.started_at, row.ended_at);
        const now = await findDiscard(db, deviceId, segment);
        if (!now) throw new Error(`the discard of ${segment} was recorded but cannot be read back`);
        return { stored, discard: discardView(now) };
      });
    },

    /** Whether the station holds a discard of this segment name. */
    async isDiscarded(deviceId: string, segment: string): Promise<boolean> {
      return (await findDiscard(db, deviceId, segment)) !== undefined;
    },

    async discards(deviceId: string, q: { from?: string; to?: string; limit?: number } = {}): Promise<DiscardView[]> {
      return (await listDiscards(db, deviceId, q)).map(discardView);
    },

    /** Which seq of the device's chain the station holds, and the gaps. */
    async continuity(
      deviceId: string,
    ): Promise<
      ChainContinuity & { deviceId: string; files: { segments: number; discards: number; quarantined: number } }
    > {
      await backfill(deviceId);
      const rows = await chainFilesOf(db, deviceId);
      const c = continuity(rows.map((r) => ({ file: r.file, source: r.source, runs: JSON.parse(r.runs) as Run[] })));
      const count = (s: ChainFilesTable['source']) => rows.filter((r) => r.source === s).length;
      return {
        deviceId,
        ...c,
        files: { segments: count('segment'), discards: count('discard'), quarantined: count('quarantine') },
      };
    },
  };
}
export type ChainRecords = ReturnType<typeof createChainRecords>;
