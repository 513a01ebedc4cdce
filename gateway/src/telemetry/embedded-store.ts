/**
 * Telemetry in the station's own database, for a station without InfluxDB:
 * a bounded window (by age and by rows per device), inserted in batches and
 * pruned on a timer, queried with bucketed averages in SQL.
 *
 * better-sqlite3 is synchronous, so every statement here runs on the event
 * loop the MQTT broker and HTTP API share: inserts go in one transaction per
 * batch, and pruning deletes in bounded chunks with a yield in between.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, TelemetryTable } from '../db/schema.js';
import {
  checkQuery,
  createBatcher,
  emptyResult,
  errorMessage,
  recordTime,
  seriesValues,
  type LastPosition,
  type SeriesField,
  type SeriesPoint,
  type TelemetryLog,
  type TelemetryQuery,
  type TelemetryRecord,
  type TelemetrySeries,
  type TelemetryStore,
} from './store.js';

export interface EmbeddedStoreOptions {
  db: Kysely<Database>;
  windowHours: number;
  maxRowsPerDevice: number;
  flushMs?: number;
  /** Records per insert transaction. */
  batchSize?: number;
  /** Records kept in memory while inserts fail (disk full, locked database). */
  maxBuffer?: number;
  /** How often the window is enforced. */
  pruneEveryMs?: number;
  log: TelemetryLog;
}

export interface EmbeddedTelemetryStore extends TelemetryStore {
  readonly kind: 'embedded';
  /** Enforces the window now (it also runs on a timer); resolves with the rows deleted. */
  prune(): Promise<number>;
}

type ValueColumn = Exclude<keyof TelemetryTable, 'device_id' | 'ts' | 'officer_id' | 'unit_id'>;

/** Where each series field lives; typed both ways so a new field cannot be forgotten. */
const COLUMNS: { [S in TelemetrySeries]: Record<SeriesField<S>, ValueColumn> } = {
  battery: { percent: 'battery_percent', voltage_mv: 'battery_voltage_mv', charging: 'battery_charging' },
  storage: { free_bytes: 'storage_free_bytes', recordable_seconds: 'storage_recordable_seconds' },
  temperature: { celsius: 'temperature_celsius' },
  signal: { rssi_dbm: 'signal_rssi_dbm' },
  clock: { offset_ms: 'clock_offset_ms' },
  position: { lat: 'position_lat', lon: 'position_lon', accuracy_m: 'position_accuracy_m' },
  recording: { recording: 'recording' },
  offload: { pending_segments: 'offload_pending_segments', pending_bytes: 'offload_pending_bytes' },
};

function fieldColumns(s: TelemetrySeries): [string, ValueColumn][] {
  return Object.entries(COLUMNS[s]) as [string, ValueColumn][];
}

const ALL_VALUE_COLUMNS = (Object.keys(COLUMNS) as TelemetrySeries[]).flatMap((s) => fieldColumns(s).map(([, c]) => c));

export function toRow(r: TelemetryRecord): TelemetryTable {
  const row = {
    device_id: r.deviceId,
    ts: recordTime(r),
    officer_id: r.officerId ?? null,
    unit_id: r.unitId ?? null,
  } as TelemetryTable;
  for (const c of ALL_VALUE_COLUMNS) row[c] = null;
  const values = seriesValues(r);
  for (const s of Object.keys(values) as TelemetrySeries[]) {
    const fields = values[s] as Record<string, number | undefined>;
    for (const [field, column] of fieldColumns(s)) row[column] = fields[field] ?? null;
  }
  return row;
}

// 18 bound values per row: 500 rows stay under SQLite's 32766 variables.
const ROWS_PER_INSERT = 500;
// Rows per DELETE while pruning: a few ms of event loop each.
const PRUNE_CHUNK = 5000;

function sqliteCode(err: unknown): string {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export function createEmbeddedStore(opts: EmbeddedStoreOptions): EmbeddedTelemetryStore {
  const { db, log } = opts;
  if (!(opts.windowHours > 0)) throw new RangeError('embedded telemetry windowHours must be > 0');
  if (!(opts.maxRowsPerDevice >= 1)) throw new RangeError('embedded telemetry maxRowsPerDevice must be ≥ 1');
  const maxRows = Math.floor(opts.maxRowsPerDevice);
  const windowMs = opts.windowHours * 3_600_000;

  // Records become rows on write(): a record that cannot be stored is refused
  // there, alone, instead of failing (and being retried with) a whole batch.
  const batcher = createBatcher<TelemetryTable>({
    batchSize: opts.batchSize ?? 2000,
    flushMs: opts.flushMs ?? 1000,
    maxBuffer: opts.maxBuffer ?? 20_000,
    retryMinMs: 500,
    retryMaxMs: 30_000,
    async sink(rows) {
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
          await trx
            .insertInto('telemetry')
            .values(rows.slice(i, i + ROWS_PER_INSERT))
            .execute();
        }
      });
    },
    // Full disk, lock, I/O: the database's trouble, worth a retry. A constraint
    // or type error is the data's: retrying the batch would fail forever.
    isPermanent: (err) => /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(sqliteCode(err)),
    onOutage(err, stats) {
      log.error(
        { err: errorMessage(err), pending: stats.pending },
        'telemetry: cannot insert into the station database; keeping records in memory (oldest dropped beyond the buffer) and retrying. Check free disk space in the data directory and that no other process locks the database file',
      );
    },
    onRecovered(droppedDuringOutage, stats) {
      log.info({ droppedDuringOutage, pending: stats.pending }, 'telemetry: station database inserts resumed');
    },
    onRejected(err, count) {
      log.error(
        { err: errorMessage(err), records: count },
        'telemetry: the station database refused a batch; it was dropped',
      );
    },
  });

  /** Devices with rows, by walking the (device_id, ts) index: O(devices · log rows), not a table scan. */
  async function devicesWithRows(): Promise<string[]> {
    const ids: string[] = [];
    for (;;) {
      const after = ids.at(-1);
      const row: { id: string | null } | undefined = await db
        .selectFrom('telemetry')
        .select((eb) => eb.fn.min('device_id').as('id'))
        .$if(after !== undefined, (qb) => qb.where('device_id', '>', after ?? ''))
        .executeTakeFirst();
      if (!row?.id) return ids;
      ids.push(row.id);
    }
  }

  /** Deletes a device's rows with ts ≤ maxTs, a chunk at a time (oldest first) so no statement runs long. */
  async function deleteThrough(deviceId: string, maxTs: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const boundary = await db
        .selectFrom('telemetry')
        .select('ts')
        .where('device_id', '=', deviceId)
        .where('ts', '<=', maxTs)
        .orderBy('ts')
        .limit(1)
        .offset(PRUNE_CHUNK - 1)
        .executeTakeFirst();
      const upTo = boundary ? Number(boundary.ts) : maxTs;
      const res = await db
        .deleteFrom('telemetry')
        .where('device_id', '=', deviceId)
        .where('ts', '<=', upTo)
        .executeTakeFirst();
      deleted += Number(res.numDeletedRows);
      await yieldToLoop();
      if (!boundary) return deleted;
    }
  }

  async function prune(): Promise<number> {
    const cutoff = Date.now() - windowMs;
    let deleted = 0;
    for (const deviceId of await devicesWithRows()) {
      deleted += await deleteThrough(deviceId, cutoff - 1);
      // The row cap also bounds a device whose clock runs ahead, which the age window never reaches.
      const capRow = await db
        .selectFrom('telemetry')
        .select('ts')
        .where('device_id', '=', deviceId)
        .orderBy('ts', 'desc')
        .limit(1)
        .offset(maxRows)
        .executeTakeFirst();
      if (capRow) deleted += await deleteThrough(deviceId, Number(capRow.ts));
    }
    return deleted;
  }

  let pruning: Promise<number> | null = null;
  function pruneOnce(): Promise<number> {
    pruning ??= prune().finally(() => {
      pruning = null;
    });
    return pruning;
  }
  const pruneTimer = setInterval(() => {
    pruneOnce().catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'telemetry: pruning the window failed'));
  }, opts.pruneEveryMs ?? 60_000);
  pruneTimer.unref();

  async function query(q: TelemetryQuery): Promise<Record<TelemetrySeries, SeriesPoint[]>> {
    const c = checkQuery(q);
    const result = emptyResult(c.series);
    if (c.series.length === 0) return result;
    const columns = [...new Set(c.series.flatMap((s) => fieldColumns(s).map(([, col]) => col)))];
    // bucketMs is a validated integer, inlined so SQLite divides integers (a bound JS number may bind as REAL).
    const b = sql.lit(c.bucketMs);
    const rows = await db
      .selectFrom('telemetry')
      .select((eb) => [
        sql<number>`(ts / ${b}) * ${b}`.as('bucket'),
        ...columns.map((col) => eb.fn.avg<number | null>(col).as(col)),
      ])
      .where('device_id', '=', c.deviceId)
      .where('ts', '>=', c.fromMs)
      .where('ts', '<', c.toMs)
      .groupBy('bucket')
      .orderBy('bucket')
      .execute();
    for (const row of rows) {
      const t = new Date(Number(row.bucket)).toISOString();
      const byColumn = row as unknown as Record<string, unknown>;
      for (const s of c.series) {
        const values: Record<string, number | null> = {};
        let any = false;
        for (const [field, col] of fieldColumns(s)) {
          const v = num(byColumn[col]);
          values[field] = v;
          if (v !== null) any = true;
        }
        // Same as InfluxDB's fill(none): a bucket where the series has no value at all is left out.
        if (any) result[s].push({ t, values });
      }
    }
    return result;
  }

  async function lastPositions(since: Date): Promise<LastPosition[]> {
    const sinceMs = since.getTime();
    if (!Number.isFinite(sinceMs)) throw new RangeError('lastPositions needs a valid date');
    const out: LastPosition[] = [];
    // Per device, newest first on the index: stops at the first row with a fix.
    for (const deviceId of await devicesWithRows()) {
      const row = await db
        .selectFrom('telemetry')
        .select(['officer_id', 'position_lat', 'position_lon', 'ts'])
        .where('device_id', '=', deviceId)
        .where('ts', '>=', sinceMs)
        .where('position_lat', 'is not', null)
        .where('position_lon', 'is not', null)
        .orderBy('ts', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) continue;
      out.push({
        deviceId,
        officerId: row.officer_id,
        lat: Number(row.position_lat),
        lon: Number(row.position_lon),
        at: new Date(Number(row.ts)).toISOString(),
      });
    }
    return out;
  }

  return {
    kind: 'embedded',
    write(r) {
      let row: TelemetryTable;
      try {
        row = toRow(r);
      } catch (err) {
        batcher.discard(1);
        log.debug({ err: errorMessage(err), deviceId: r.deviceId }, 'telemetry: record not stored');
        return;
      }
      batcher.push(row);
    },
    flush: () => batcher.flush(),
    query,
    lastPositions,
    stats: () => batcher.stats(),
    prune: pruneOnce,
    async close() {
      clearInterval(pruneTimer);
      const { lost } = await batcher.close();
      if (lost > 0) log.warn({ lost }, 'telemetry: records still buffered at close were not stored');
      await pruning?.catch(() => undefined);
    },
  };
}
