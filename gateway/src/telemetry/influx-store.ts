/**
 * Telemetry in InfluxDB 1.x through the `influx` package (line protocol;
 * the v2 client cannot talk to 1.6). Layout:
 *
 *   database      from the URL path, created when missing
 *   liuhen_raw    default retention policy, retentionDays: every point
 *   liuhen_long   longRetentionDays: mean() per downsampleEvery, by continuous queries
 *   measurements  one per series (battery, storage, ...), fields as in store.ts
 *   tags          device, officer, unit (left out when unknown)
 *
 * InfluxQL is built only from constants, validated values (device ids,
 * integers, durations) and bound parameters; identifiers are quoted.
 */
import { createHash } from 'node:crypto';
import { InfluxDB, type IPoint } from 'influx';
import {
  checkQuery,
  createBatcher,
  emptyResult,
  errorMessage,
  recordTime,
  seriesValues,
  SERIES_FIELDS,
  TELEMETRY_SERIES,
  type CheckedQuery,
  type LastPosition,
  type SeriesPoint,
  type TelemetryLog,
  type TelemetryQuery,
  type TelemetryRecord,
  type TelemetrySeries,
  type TelemetryStore,
} from './store.js';

export interface InfluxStoreOptions {
  /** http://host:8086/dbname, optionally with user:password@ */
  url: string;
  retentionDays: number;
  /** InfluxQL duration, e.g. '1m'. */
  downsampleEvery: string;
  longRetentionDays: number;
  /** Records per write request (each is up to 8 points). */
  batchSize?: number;
  flushMs?: number;
  /** Records kept in memory while InfluxDB is unreachable; the oldest go first. */
  maxBuffer?: number;
  /** Longest wait between retries while InfluxDB is down. */
  retryMaxMs?: number;
  /** Per HTTP request. */
  requestTimeoutMs?: number;
  log: TelemetryLog;
}

export const RAW_RP = 'liuhen_raw';
export const LONG_RP = 'liuhen_long';
const TAGS = ['device', 'officer', 'unit'] as const;

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
const DURATION_RE = /^[1-9][0-9]*(s|m|h|d|w)$/;

/** Double-quoted identifier; only names we checked or own reach here. */
function ident(name: string): string {
  if (!NAME_RE.test(name)) throw new RangeError(`unsafe InfluxQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * Line-protocol tag values: the package escapes commas, spaces and '=', but
 * not newlines or backslashes, which would end or corrupt the line. Unit ids
 * come from the station's database, not from a pattern, so they are cleaned.
 */
function tagValue(v: string): string {
  return v.replace(/[\\\p{Cc}]/gu, '_');
}

interface ParsedUrl {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  database: string;
  username?: string;
  password?: string;
  /** For logs: no password. */
  safe: string;
}

export function parseInfluxUrl(raw: string): ParsedUrl {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`telemetry.influxUrl is not a URL: ${JSON.stringify(raw)}`);
  }
  const protocol = u.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') throw new Error('telemetry.influxUrl must be http:// or https://');
  const database = decodeURIComponent(u.pathname.replace(/^\/+|\/+$/g, ''));
  if (!NAME_RE.test(database)) {
    throw new Error(
      'telemetry.influxUrl needs the database as its path (letters, digits, _ and -), e.g. http://influx:8086/liuhen',
    );
  }
  const port = u.port ? Number(u.port) : protocol === 'https' ? 443 : 8086;
  return {
    host: u.hostname,
    port,
    protocol,
    database,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    safe: `${protocol}://${u.hostname}:${port}/${database}`,
  };
}

function checkDays(name: string, days: number): number {
  if (!Number.isSafeInteger(days) || days < 1)
    throw new RangeError(`telemetry.${name} must be a whole number of days ≥ 1`);
  return days;
}

/** HTTP status of an error from the influx package, when it came with a response. */
function httpStatus(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('res' in err)) return undefined;
  const res = (err as { res?: { statusCode?: unknown } }).res;
  return typeof res?.statusCode === 'number' ? res.statusCode : undefined;
}

/**
 * 400: the data itself (field type conflict, bad line); 413: batch too big;
 * a TypeError or RangeError is ours, not the network's. Retrying cannot help.
 */
const isPermanent = (err: unknown) => {
  const status = httpStatus(err);
  return status === 400 || status === 413 || err instanceof TypeError || err instanceof RangeError;
};

interface RawSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values: (string | number | null)[][];
}
interface RawResult {
  statement_id?: number;
  series?: RawSeries[];
  error?: string;
}

function resultsOf(raw: unknown, statements: number): RawResult[] {
  const results = (raw as { results?: RawResult[] } | null)?.results;
  if (!Array.isArray(results) || results.length !== statements) throw new Error('unexpected reply from InfluxDB');
  for (const r of results) if (r.error) throw new Error(`InfluxDB: ${r.error}`);
  return results;
}

// The pool's own backoff takes a host out of service for up to 10 s after a
// failure, which would outlast a restart; the store retries on its own clock.
const noPoolBackoff = { getDelay: () => 0, next: () => noPoolBackoff, reset: () => noPoolBackoff };

export function createInfluxStore(opts: InfluxStoreOptions): TelemetryStore {
  const { log } = opts;
  const target = parseInfluxUrl(opts.url);
  const db = target.database;
  const retentionDays = checkDays('retentionDays', opts.retentionDays);
  const longRetentionDays = checkDays('longRetentionDays', opts.longRetentionDays);
  if (!DURATION_RE.test(opts.downsampleEvery)) {
    throw new RangeError(
      `telemetry.downsampleEvery must be an InfluxQL duration like 1m or 5m, not ${opts.downsampleEvery}`,
    );
  }
  const downsampleEvery = opts.downsampleEvery;

  const influx = new InfluxDB({
    host: target.host,
    port: target.port,
    protocol: target.protocol,
    database: db,
    username: target.username,
    password: target.password,
    pool: { maxRetries: 0, requestTimeout: opts.requestTimeoutMs ?? 10_000, backoff: noPoolBackoff },
  });

  const from = (rp: string, s: TelemetrySeries) => `${ident(db)}.${ident(rp)}.${ident(s)}`;

  /** The CQ body for a series; its hash names the CQ, so a changed definition replaces the old one. */
  function continuousQuery(s: TelemetrySeries): { name: string; body: string } {
    const means = SERIES_FIELDS[s].map((f) => `mean(${ident(f)}) AS ${ident(f)}`).join(', ');
    const body =
      `SELECT ${means} INTO ${from(LONG_RP, s)} FROM ${from(RAW_RP, s)} ` +
      `GROUP BY time(${downsampleEvery}), ${TAGS.map(ident).join(', ')}`;
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 8);
    return { name: `liuhen_${s}_${hash}`, body };
  }

  async function ensureRetentionPolicies(): Promise<void> {
    const existing = new Set((await influx.showRetentionPolicies(db)).map((p) => p.name));
    const wanted = [
      { name: RAW_RP, duration: `${retentionDays}d`, isDefault: true },
      { name: LONG_RP, duration: `${longRetentionDays}d`, isDefault: false },
    ];
    for (const rp of wanted) {
      const options = { database: db, duration: rp.duration, replication: 1, isDefault: rp.isDefault };
      // ALTER on every start: the configured durations win over what an earlier version set.
      if (existing.has(rp.name)) await influx.alterRetentionPolicy(rp.name, options);
      else await influx.createRetentionPolicy(rp.name, options);
    }
  }

  /** Our database's CQs; the package's showContinousQueries() mixes in every database's. */
  async function continuousQueryNames(): Promise<string[]> {
    const raw: unknown = await influx.queryRaw('SHOW CONTINUOUS QUERIES', { database: db });
    const forDb = resultsOf(raw, 1)[0]?.series?.find((s) => s.name === db);
    const at = forDb?.columns.indexOf('name') ?? -1;
    return (forDb?.values ?? []).map((row) => String(row[at]));
  }

  async function ensureContinuousQueries(): Promise<void> {
    const existing = new Set(await continuousQueryNames());
    const wanted = TELEMETRY_SERIES.map(continuousQuery);
    for (const cq of wanted) {
      if (!existing.has(cq.name)) await influx.createContinuousQuery(cq.name, cq.body, db);
    }
    const ours = new RegExp(`^liuhen_(${TELEMETRY_SERIES.join('|')})_[0-9a-f]{8}$`);
    const current = new Set(wanted.map((cq) => cq.name));
    for (const name of existing) {
      if (ours.test(name) && !current.has(name)) await influx.dropContinuousQuery(name, db);
    }
  }

  // Set up lazily and again after any failure: influxd may come back empty.
  let ready: Promise<void> | null = null;
  function ensureReady(): Promise<void> {
    ready ??= (async () => {
      await influx.createDatabase(db); // CREATE DATABASE is a no-op when it exists
      await ensureRetentionPolicies();
      await ensureContinuousQueries();
    })().catch((err: unknown) => {
      ready = null;
      throw err;
    });
    return ready;
  }

  function toPoints(r: TelemetryRecord): IPoint[] {
    const tags: Record<string, string> = { device: r.deviceId };
    if (r.officerId) tags.officer = tagValue(r.officerId);
    if (r.unitId) tags.unit = tagValue(r.unitId);
    const timestamp = recordTime(r);
    const values = seriesValues(r);
    return (Object.keys(values) as TelemetrySeries[]).map((s) => ({
      measurement: s,
      tags,
      fields: values[s],
      timestamp,
    }));
  }

  // Records become points on write(), so the work is spread over arrivals and
  // a record that cannot be converted is refused alone, not with its batch.
  const batcher = createBatcher<IPoint[]>({
    batchSize: opts.batchSize ?? 1000,
    flushMs: opts.flushMs ?? 1000,
    maxBuffer: opts.maxBuffer ?? 50_000,
    retryMinMs: 500,
    retryMaxMs: opts.retryMaxMs ?? 30_000,
    async sink(batch) {
      try {
        await ensureReady();
        await influx.writePoints(batch.flat(), { database: db, retentionPolicy: RAW_RP, precision: 'ms' });
      } catch (err) {
        if (!isPermanent(err)) ready = null;
        throw err;
      }
    },
    isPermanent,
    onOutage(err, stats) {
      log.warn(
        { err: errorMessage(err), influx: target.safe, pending: stats.pending, maxBuffer: opts.maxBuffer ?? 50_000 },
        'telemetry: cannot write to InfluxDB; buffering in memory (oldest dropped beyond maxBuffer) and retrying with backoff. Check that influxd is running and reachable at this address, that telemetry.influxUrl names the right host, port and database, that the user may write (and create the database), and that its disk is not full',
      );
    },
    onRecovered(droppedDuringOutage, stats) {
      log.info(
        { influx: target.safe, droppedDuringOutage, pending: stats.pending },
        'telemetry: InfluxDB writes resumed',
      );
    },
    onRejected(err, count) {
      log.error({ err: errorMessage(err), records: count }, 'telemetry: InfluxDB rejected a batch; it was dropped');
    },
  });

  /** One SELECT per series over [fromMs, toMs) in a retention policy. */
  function bucketStatement(rp: string, s: TelemetrySeries, c: CheckedQuery, fromMs: number, toMs: number): string {
    const means = SERIES_FIELDS[s].map((f) => `mean(${ident(f)}) AS ${ident(f)}`).join(', ');
    return (
      `SELECT ${means} FROM ${from(rp, s)} WHERE "device" = $device ` +
      `AND time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY time(${c.bucketMs}ms) fill(none)`
    );
  }

  async function query(q: TelemetryQuery): Promise<Record<TelemetrySeries, SeriesPoint[]>> {
    const c = checkQuery(q);
    const result = emptyResult(c.series);
    if (c.series.length === 0) return result;
    await ensureReady();
    // Older than the raw retention: read the downsampled policy. The split is
    // rounded up to a bucket edge so no bucket is read from both.
    const rawStart = Date.now() - retentionDays * 86_400_000;
    const split = Math.min(c.toMs, Math.max(c.fromMs, Math.ceil(rawStart / c.bucketMs) * c.bucketMs));
    const parts: { rp: string; from: number; to: number }[] = [];
    if (split > c.fromMs) parts.push({ rp: LONG_RP, from: c.fromMs, to: split });
    if (c.toMs > split) parts.push({ rp: RAW_RP, from: split, to: c.toMs });
    const plan = parts.flatMap((p) => c.series.map((s) => ({ s, sql: bucketStatement(p.rp, s, c, p.from, p.to) })));
    const raw: unknown = await influx.queryRaw(
      plan.map((p) => p.sql),
      { database: db, precision: 'ms', placeholders: { device: c.deviceId } },
    );
    const results = resultsOf(raw, plan.length);
    plan.forEach(({ s }, i) => {
      for (const series of results[i]?.series ?? []) {
        const timeAt = series.columns.indexOf('time');
        for (const row of series.values) {
          const values: Record<string, number | null> = {};
          for (const f of SERIES_FIELDS[s]) {
            const v = row[series.columns.indexOf(f)];
            values[f] = typeof v === 'number' ? v : null;
          }
          result[s].push({ t: new Date(Number(row[timeAt])).toISOString(), values });
        }
      }
    });
    return result;
  }

  async function lastPositions(since: Date): Promise<LastPosition[]> {
    const sinceMs = since.getTime();
    if (!Number.isFinite(sinceMs)) throw new RangeError('lastPositions needs a valid date');
    await ensureReady();
    // Per device (GROUP BY), the newest raw point; the officer tag comes along as a column.
    const statement =
      `SELECT "lat", "lon", "officer" FROM ${from(RAW_RP, 'position')} ` +
      `WHERE time >= ${Math.trunc(sinceMs)}ms GROUP BY "device" ORDER BY time DESC LIMIT 1`;
    const raw: unknown = await influx.queryRaw(statement, { database: db, precision: 'ms' });
    const out: LastPosition[] = [];
    for (const series of resultsOf(raw, 1)[0]?.series ?? []) {
      const row = series.values[0];
      const deviceId = series.tags?.device;
      if (!row || !deviceId) continue;
      const col = (name: string) => row[series.columns.indexOf(name)];
      const lat = col('lat');
      const lon = col('lon');
      if (typeof lat !== 'number' || typeof lon !== 'number') continue;
      const officer = col('officer');
      out.push({
        deviceId,
        officerId: typeof officer === 'string' && officer !== '' ? officer : null,
        lat,
        lon,
        at: new Date(Number(col('time'))).toISOString(),
      });
    }
    return out;
  }

  return {
    kind: 'influx',
    write(r) {
      let points: IPoint[];
      try {
        points = toPoints(r);
      } catch (err) {
        batcher.discard(1);
        log.debug({ err: errorMessage(err), deviceId: r.deviceId }, 'telemetry: record not stored');
        return;
      }
      batcher.push(points);
    },
    flush: () => batcher.flush(),
    query,
    lastPositions,
    stats: () => batcher.stats(),
    async close() {
      const { lost } = await batcher.close();
      if (lost > 0)
        log.warn({ lost, influx: target.safe }, 'telemetry: records still buffered at close were not written');
    },
  };
}
