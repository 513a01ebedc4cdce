/**
 * The telemetry store: where the station keeps what recorders report every
 * few seconds (battery, storage, clock, position, ...). One interface, two
 * implementations: InfluxDB 1.x when the station has one, otherwise a bounded
 * window in the station's own SQLite. Both flatten a payload into the same
 * series and field names (below), so the API and dashboard do not care which
 * one is behind them.
 */
import { isDeviceId, type TelemetryPayload } from '@liuhen/device-profiles';

export interface TelemetryRecord extends TelemetryPayload {
  /** The officer's unit when the gateway knows it. */
  unitId: string | null;
  /** Station clock when the payload arrived, ms since the epoch. */
  receivedAt: number;
}

export const TELEMETRY_SERIES = [
  'battery',
  'storage',
  'temperature',
  'signal',
  'clock',
  'position',
  'recording',
  'offload',
] as const;
export type TelemetrySeries = (typeof TELEMETRY_SERIES)[number];

/** Field names per series; identical in both stores (Influx field = SQLite column suffix). */
export const SERIES_FIELDS = {
  battery: ['percent', 'voltage_mv', 'charging'],
  storage: ['free_bytes', 'recordable_seconds'],
  temperature: ['celsius'],
  signal: ['rssi_dbm'],
  clock: ['offset_ms'],
  position: ['lat', 'lon', 'accuracy_m'],
  recording: ['recording'],
  offload: ['pending_segments', 'pending_bytes'],
} as const satisfies Record<TelemetrySeries, readonly string[]>;
export type SeriesField<S extends TelemetrySeries> = (typeof SERIES_FIELDS)[S][number];

export interface TelemetryQuery {
  deviceId: string;
  from: Date;
  to: Date;
  series: TelemetrySeries[];
  /** bucket for downsampling; default picks ≤ 500 points */
  bucketSeconds?: number;
}

export interface SeriesPoint {
  /** Bucket start, ISO 8601 UTC; buckets are aligned to the epoch. */
  t: string;
  /** Mean over the bucket; null when the bucket has no value for that field. */
  values: Record<string, number | null>;
}

export interface LastPosition {
  deviceId: string;
  officerId: string | null;
  lat: number;
  lon: number;
  /** Time of the telemetry report that carried the fix (the payload `ts`). */
  at: string;
}

export interface TelemetryStats {
  /** Records persisted. A record is one payload: up to one point per series. */
  written: number;
  /** Records given up: the buffer overflowed, the backend rejected them, or they were pending at close. */
  dropped: number;
  /** Records buffered, including a batch in flight. */
  pending: number;
  /** Why the last write failed; null once a write succeeds again. */
  lastError: string | null;
}

export interface TelemetryStore {
  readonly kind: 'influx' | 'embedded';
  /** Non-blocking: buffered, flushed in batches (≤ 1 s or N records). Never throws. */
  write(r: TelemetryRecord): void;
  /** Writes what is buffered now; rejects when the backend cannot take it (it stays buffered). */
  flush(): Promise<void>;
  /** Only the requested series, each with only the buckets that hold data. */
  query(q: TelemetryQuery): Promise<Record<TelemetrySeries, SeriesPoint[]>>;
  /** Each device's latest position fix reported at or after `since`. */
  lastPositions(since: Date): Promise<LastPosition[]>;
  stats(): TelemetryStats;
  /** Stops the timers and makes a last attempt to write what is buffered. */
  close(): Promise<void>;
}

/** The `telemetry` section of the gateway config. */
export interface TelemetryConfig {
  /** http://host:8086/dbname; empty: keep telemetry in the embedded store. */
  influxUrl: string;
  retentionDays: number;
  longRetentionDays: number;
  /** InfluxQL duration of the downsampled points in the long retention policy, e.g. '1m'. */
  downsampleEvery: string;
  embeddedWindowHours: number;
  embeddedMaxRowsPerDevice: number;
}

/**
 * What the stores log through. A pino logger fits; kept this narrow so tests
 * can pass a recorder.
 */
export interface TelemetryLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type SeriesValues = { [S in TelemetrySeries]?: Partial<Record<SeriesField<S>, number>> };

function finite(x: number | null | undefined): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Drops undefined fields; null when nothing is left, so the series is not written at all. */
function present<F extends string>(fields: Record<F, number | undefined>): Partial<Record<F, number>> | null {
  const out: Partial<Record<F, number>> = {};
  let any = false;
  for (const key of Object.keys(fields) as F[]) {
    const value = fields[key];
    if (value !== undefined) {
      out[key] = value;
      any = true;
    }
  }
  return any ? out : null;
}

/**
 * A payload flattened into series. Optional values the device did not send
 * are left out, never written as 0: a missing voltage must read as "unknown",
 * not as a dead battery.
 */
export function seriesValues(r: TelemetryRecord): SeriesValues {
  const out: SeriesValues = {};
  const set = <S extends TelemetrySeries>(s: S, v: Partial<Record<SeriesField<S>, number>> | null) => {
    if (v) out[s] = v;
  };
  set(
    'battery',
    present({
      percent: finite(r.battery.percent),
      voltage_mv: finite(r.battery.voltageMv),
      charging: r.battery.charging ? 1 : 0,
    }),
  );
  set(
    'storage',
    present({
      free_bytes: finite(r.storage.freeBytes),
      recordable_seconds: finite(r.storage.recordableSeconds),
    }),
  );
  set('temperature', present({ celsius: finite(r.temperatureC) }));
  set('signal', present({ rssi_dbm: finite(r.signal?.rssiDbm) }));
  set('clock', present({ offset_ms: finite(r.clockOffsetMs) }));
  if (r.gps) {
    const lat = finite(r.gps.lat);
    const lon = finite(r.gps.lon);
    // A position without both coordinates is no position.
    if (lat !== undefined && lon !== undefined) {
      set('position', present({ lat, lon, accuracy_m: finite(r.gps.accuracyM) }));
    }
  }
  set('recording', present({ recording: r.state === 'recording' ? 1 : 0 }));
  set(
    'offload',
    present({
      pending_segments: finite(r.offload.pendingSegments),
      pending_bytes: finite(r.offload.pendingBytes),
    }),
  );
  return out;
}

/** The record's time: the payload `ts` (device clock, ms); the arrival time if `ts` does not parse. */
export function recordTime(r: TelemetryRecord): number {
  const t = Date.parse(r.ts);
  return Number.isFinite(t) ? t : r.receivedAt;
}

export const DEFAULT_MAX_POINTS = 500;
/** An explicit bucket may ask for more points than the default, but not without bound. */
export const MAX_POINTS = 10_000;

export interface CheckedQuery {
  deviceId: string;
  fromMs: number;
  toMs: number;
  series: TelemetrySeries[];
  bucketMs: number;
}

/**
 * Validates a query before any store builds SQL or InfluxQL from it, and
 * settles the bucket. Buckets are aligned to the epoch (InfluxDB's GROUP BY
 * time does that, and SQLite's `(ts / b) * b` does the same), so a span may
 * touch one partial bucket more than span / bucket: the default divides by
 * 499 to stay within 500.
 */
export function checkQuery(q: TelemetryQuery): CheckedQuery {
  if (!isDeviceId(q.deviceId)) throw new RangeError(`not a device id: ${JSON.stringify(q.deviceId)}`);
  const fromMs = q.from.getTime();
  const toMs = q.to.getTime();
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs) || toMs <= fromMs) {
    throw new RangeError('telemetry query needs valid dates with from < to');
  }
  const series = [...new Set(q.series)];
  for (const s of series) {
    if (!(TELEMETRY_SERIES as readonly string[]).includes(s)) throw new RangeError(`unknown series: ${String(s)}`);
  }
  const span = toMs - fromMs;
  let bucketMs: number;
  if (q.bucketSeconds === undefined) {
    bucketMs = Math.max(1, Math.ceil(span / (DEFAULT_MAX_POINTS - 1) / 1000)) * 1000;
  } else {
    if (!Number.isSafeInteger(q.bucketSeconds) || q.bucketSeconds < 1) {
      throw new RangeError('bucketSeconds must be a whole number of seconds ≥ 1');
    }
    bucketMs = q.bucketSeconds * 1000;
    if (span / bucketMs > MAX_POINTS) {
      throw new RangeError(`bucketSeconds ${q.bucketSeconds} gives more than ${MAX_POINTS} points over this span`);
    }
  }
  return { deviceId: q.deviceId, fromMs, toMs, series, bucketMs };
}

export function emptyResult(series: TelemetrySeries[]): Record<TelemetrySeries, SeriesPoint[]> {
  // Only the requested keys exist at runtime; the type promises the full map
  // so callers can index it by the series they asked for.
  return Object.fromEntries(series.map((s) => [s, []])) as unknown as Record<TelemetrySeries, SeriesPoint[]>;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---------------------------------------------------------------------------
// Batching, shared by both stores.

export interface BatcherOptions<T> {
  batchSize: number;
  flushMs: number;
  /** Most items kept while the backend fails; beyond it the oldest are dropped. */
  maxBuffer: number;
  retryMinMs: number;
  retryMaxMs: number;
  /** Persists one batch; a rejection keeps the batch for a retry unless `isPermanent`. */
  sink(batch: T[]): Promise<void>;
  /** Failures that a retry cannot fix (the backend rejects the data): the batch is dropped. */
  isPermanent(err: unknown): boolean;
  /** First failure of an outage; later failures of the same outage are not reported again. */
  onOutage(err: unknown, stats: TelemetryStats): void;
  onRecovered(droppedDuringOutage: number, stats: TelemetryStats): void;
  onRejected(err: unknown, count: number): void;
}

export interface Batcher<T> {
  push(item: T): void;
  /** Counts items the caller could not even turn into something to buffer. */
  discard(count: number): void;
  flush(): Promise<void>;
  stats(): TelemetryStats;
  /** Stops the timer, flushes once, counts what could not be written as dropped. */
  close(): Promise<{ lost: number }>;
}

/**
 * A bounded FIFO that writes in batches from a timer (or as soon as a full
 * batch is waiting), one batch in flight at a time, with exponential backoff
 * while the backend fails. push() never blocks and never throws: telemetry is
 * worth less than keeping the gateway responsive, so under a long outage the
 * oldest records go first.
 */
export function createBatcher<T>(o: BatcherOptions<T>): Batcher<T> {
  let queue: T[] = [];
  let head = 0; // queue[head..] is pending; a moving head makes dropping the oldest O(1)
  let inflight: Promise<unknown> | null = null;
  let inflightCount = 0;
  // In-flight records the cap has already given up on: if their batch fails
  // they are dropped rather than requeued, so the oldest go first even while
  // a request is out; if it succeeds they were written after all.
  let inflightDoomed = 0;
  let written = 0;
  let dropped = 0;
  let lastError: string | null = null;
  let failing = false;
  let droppedAtOutage = 0;
  let retryAt = 0;
  let delay = o.retryMinMs;
  let closed = false;

  const queued = () => queue.length - head;
  const stats = (): TelemetryStats => ({
    written,
    dropped,
    pending: queued() + inflightCount - inflightDoomed,
    lastError,
  });

  function compact(): void {
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
  }

  function trim(): void {
    let over = queued() + inflightCount - inflightDoomed - o.maxBuffer;
    if (over <= 0) return;
    const doom = Math.min(over, inflightCount - inflightDoomed);
    inflightDoomed += doom;
    over -= doom;
    if (over > 0) {
      head += over;
      dropped += over;
      compact();
    }
  }

  /** Writes one batch; resolves with the error, or null. Never rejects. */
  function runBatch(): Promise<unknown> {
    const batch = queue.slice(head, head + o.batchSize);
    head += batch.length;
    compact();
    inflightCount = batch.length;
    const p = (async (): Promise<unknown> => {
      try {
        await o.sink(batch);
        written += batch.length;
        lastError = null;
        delay = o.retryMinMs;
        if (failing) {
          failing = false;
          o.onRecovered(dropped - droppedAtOutage, stats());
        }
        return null;
      } catch (err) {
        lastError = errorMessage(err);
        if (o.isPermanent(err)) {
          dropped += batch.length;
          o.onRejected(err, batch.length);
          return null;
        }
        // Back to the front, in order, less what the cap gave up on meanwhile.
        dropped += inflightDoomed;
        queue = batch.slice(inflightDoomed).concat(queue.slice(head));
        head = 0;
        retryAt = Date.now() + delay;
        delay = Math.min(delay * 2, o.retryMaxMs);
        if (!failing) {
          failing = true;
          droppedAtOutage = dropped;
          o.onOutage(err, stats());
        }
        return err;
      } finally {
        inflightCount = 0;
        inflightDoomed = 0;
        inflight = null;
      }
    })();
    inflight = p;
    void p.then((err) => {
      // Keep draining a backlog without waiting for the next tick.
      if (!err && queued() >= o.batchSize) pump();
    });
    return p;
  }

  function pump(): void {
    if (inflight || queued() === 0) return;
    if (failing && Date.now() < retryAt) return;
    void runBatch();
  }

  const timer = setInterval(pump, o.flushMs);
  timer.unref(); // telemetry must not keep a stopping process alive

  async function flush(): Promise<void> {
    // Bounded: records that keep arriving while we flush wait for the timer.
    let rounds = Math.ceil((queued() + inflightCount) / o.batchSize) + 1;
    while (rounds-- > 0) {
      if (inflight) {
        await inflight;
        continue;
      }
      if (queued() === 0) return;
      const err = await runBatch();
      if (err) throw err instanceof Error ? err : new Error(errorMessage(err));
    }
  }

  return {
    push(item) {
      if (closed) {
        dropped++;
        return;
      }
      queue.push(item);
      trim();
      if (queued() >= o.batchSize) pump();
    },
    discard(count) {
      dropped += count;
    },
    flush,
    stats,
    async close() {
      closed = true;
      clearInterval(timer);
      try {
        await flush();
      } catch {
        /* counted below */
      }
      if (inflight) await inflight;
      const lost = queued();
      dropped += lost;
      queue = [];
      head = 0;
      return { lost };
    },
  };
}
