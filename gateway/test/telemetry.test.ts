/**
 * The telemetry store, both implementations against real servers: the same
 * behavioural suite runs on the embedded store (real SQLite, migrated) and on
 * the Influx store (a real influxd 1.6 on ephemeral loopback ports), followed
 * by what only one of them has: the window and row cap in SQLite; the
 * database layout, downsampling and surviving an outage in InfluxDB.
 */
import { PROTOCOL_VERSION } from '@liuhen/device-profiles';
import { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openSqlite, type Db } from '../src/db/database.js';
import {
  createEmbeddedStore,
  createInfluxStore,
  createTelemetryStore,
  type SeriesPoint,
  type TelemetryLog,
  type TelemetryRecord,
  type TelemetryStore,
} from '../src/telemetry/index.js';
import { startInfluxd, type Influxd } from './influxd.js';

// --- the influxd for this file, started on first use ------------------------

let influxd: Promise<Influxd> | null = null;
const getInfluxd = () => (influxd ??= startInfluxd());

afterAll(async () => {
  if (influxd) await (await influxd).stop();
});

function client(base: string, database: string): InfluxDB {
  const u = new URL(base);
  return new InfluxDB({ host: u.hostname, port: Number(u.port), database });
}

/** SHOW CONTINUOUS QUERIES for one database (the package's helper returns every database's). */
async function cqsOf(influx: InfluxDB, database: string): Promise<{ name: string; query: string }[]> {
  const raw = (await influx.queryRaw('SHOW CONTINUOUS QUERIES')) as {
    results: { series?: { name: string; values: [string, string][] }[] }[];
  };
  const series = raw.results[0]?.series?.find((s) => s.name === database);
  return (series?.values ?? []).map(([name, query]) => ({ name, query }));
}

async function waitFor<T>(fn: () => T, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** As records arrive from MQTT: a tick at a time, so the store's bounded buffer drains in between. */
async function writeAll(store: TelemetryStore, records: Iterable<TelemetryRecord>): Promise<void> {
  let n = 0;
  for (const r of records) {
    store.write(r);
    if (++n % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await store.flush();
}

// --- test data --------------------------------------------------------------

interface LogEntry {
  level: string;
  msg: string;
  obj: object;
}
function recordingLog(): TelemetryLog & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const at = (level: string) => (obj: object, msg: string) => void entries.push({ level, msg, obj });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const SPAN_S = 2 * 3600;
const TEN_MIN = 600_000;
/** Two hours of 1 Hz telemetry, starting three hours ago on a 10-minute edge. */
const BASE = Math.floor((Date.now() - 3 * 3600_000) / TEN_MIN) * TEN_MIN;

const DEVICES = [
  { id: 'rec-a1', unit: 'unit-east' },
  { id: 'rec-b2', unit: 'unit-west' },
  { id: 'rec-c3', unit: null },
] as const;

function officerOf(deviceId: string, i: number): string | null {
  if (deviceId === 'rec-a1') return '33010001';
  if (deviceId === 'rec-b2') return i < SPAN_S / 2 ? '33010002' : '33010003'; // handed over halfway
  return null;
}

/** Deterministic telemetry; each device leaves out different optional values. */
function record(deviceId: string, unitId: string | null, i: number, baseMs = BASE): TelemetryRecord {
  const ts = baseMs + i * 1000;
  const a = deviceId === 'rec-a1';
  const hasFix = a ? i % 10 === 0 : deviceId === 'rec-b2' ? true : i < SPAN_S / 2;
  return {
    v: PROTOCOL_VERSION,
    deviceId,
    officerId: officerOf(deviceId, i),
    state: i % 600 < 300 ? 'recording' : 'standby',
    battery: {
      percent: 100 - i / 100,
      // a1 reports its voltage only in the second hour
      ...(a && i >= SPAN_S / 2 ? { voltageMv: 3700 + (i % 60) } : {}),
      charging: i % 7 === 0,
    },
    storage: { freeBytes: 1e9 - i * 1000 },
    // a1's sensor is null for the first half hour; the others never report it
    temperatureC: a ? (i < 1800 ? null : 30 + (i % 10) / 2) : undefined,
    ...(a ? { signal: { network: 'wifi', rssiDbm: -40 - (i % 20) } } : {}),
    clockOffsetMs: i === 0 ? null : 5,
    gps: hasFix ? { lat: 30 + i * 1e-5, lon: 120 + i * 1e-5, accuracyM: 5, fixAt: new Date(ts).toISOString() } : null,
    selfTest: { camera: true, microphone: true },
    offload: { pendingSegments: i % 5, pendingBytes: (i % 5) * 1_000_000 },
    ts: new Date(ts).toISOString(),
    unitId,
    receivedAt: ts + 20,
  };
}

const RECORDS = DEVICES.flatMap((d) => Array.from({ length: SPAN_S }, (_, i) => record(d.id, d.unit, i)));

type Extract = (r: TelemetryRecord) => Record<string, number | null | undefined>;

/** The reference: epoch-aligned buckets, plain means, buckets without any value left out. */
function expectedBuckets(deviceId: string, fromMs: number, toMs: number, bucketMs: number, extract: Extract) {
  const sums = new Map<number, Map<string, { sum: number; n: number }>>();
  const fields = new Set<string>();
  for (const r of RECORDS) {
    const t = Date.parse(r.ts);
    if (r.deviceId !== deviceId || t < fromMs || t >= toMs) continue;
    const bucket = Math.floor(t / bucketMs) * bucketMs;
    const acc = sums.get(bucket) ?? new Map<string, { sum: number; n: number }>();
    sums.set(bucket, acc);
    for (const [f, v] of Object.entries(extract(r))) {
      fields.add(f);
      if (v === null || v === undefined) continue;
      const s = acc.get(f) ?? { sum: 0, n: 0 };
      s.sum += v;
      s.n += 1;
      acc.set(f, s);
    }
  }
  const out: SeriesPoint[] = [];
  for (const [bucket, acc] of [...sums].sort((x, y) => x[0] - y[0])) {
    if (acc.size === 0) continue;
    const values: Record<string, number | null> = {};
    for (const f of fields) {
      const s = acc.get(f);
      values[f] = s ? s.sum / s.n : null;
    }
    out.push({ t: new Date(bucket).toISOString(), values });
  }
  return out;
}

function expectSameSeries(actual: SeriesPoint[], expected: SeriesPoint[]): void {
  expect(actual.map((p) => p.t)).toEqual(expected.map((p) => p.t));
  expected.forEach((e, i) => {
    for (const [f, v] of Object.entries(e.values)) {
      const got = actual[i]?.values[f];
      if (v === null) expect(got, `${e.t} ${f}`).toBeNull();
      else
        expect(Math.abs((got ?? NaN) - v), `${e.t} ${f}: ${got} vs ${v}`).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(v)),
        );
    }
  });
}

// --- the shared suite -------------------------------------------------------

interface Harness {
  store: TelemetryStore;
  /** Officer and unit values stored with a device's points, read from the backend itself. */
  tags(deviceId: string): Promise<{ officers: string[]; units: string[] }>;
  close(): Promise<void>;
}

async function embeddedHarness(): Promise<Harness & { db: Db }> {
  const db = openSqlite(':memory:');
  await migrate(db);
  const store = createEmbeddedStore({ db, windowHours: 72, maxRowsPerDevice: 300_000, log: recordingLog() });
  return {
    db,
    store,
    async tags(deviceId) {
      const rows = await db
        .selectFrom('telemetry')
        .select(['officer_id', 'unit_id'])
        .distinct()
        .where('device_id', '=', deviceId)
        .execute();
      const officers = [...new Set(rows.flatMap((r) => (r.officer_id ? [r.officer_id] : [])))].sort();
      const units = [...new Set(rows.flatMap((r) => (r.unit_id ? [r.unit_id] : [])))].sort();
      return { officers, units };
    },
    async close() {
      await store.close();
      await db.destroy();
    },
  };
}

async function influxHarness(database: string): Promise<Harness & { influx: InfluxDB; base: string }> {
  const { url } = await getInfluxd();
  const store = createInfluxStore({
    url: `${url}/${database}`,
    retentionDays: 30,
    longRetentionDays: 730,
    downsampleEvery: '1m',
    log: recordingLog(),
  });
  const influx = client(url, database);
  return {
    influx,
    base: url,
    store,
    async tags(deviceId) {
      const values = async (key: string) =>
        (
          await influx.query<{ key: string; value: string }>(
            `SHOW TAG VALUES FROM "battery" WITH KEY = "${key}" WHERE "device" = $device`,
            { placeholders: { device: deviceId } },
          )
        )
          .map((r) => r.value)
          .sort();
      return { officers: await values('officer'), units: await values('unit') };
    },
    close: () => store.close(),
  };
}

const factories: [string, () => Promise<Harness>][] = [
  ['embedded', embeddedHarness],
  ['influx', () => influxHarness('liuhen_suite')],
];

describe.each(factories)('%s telemetry store', (_kind, make) => {
  let h: Harness;

  beforeAll(async () => {
    h = await make();
    await writeAll(h.store, RECORDS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('writes every record it was given', () => {
    expect(h.store.stats()).toEqual({ written: RECORDS.length, dropped: 0, pending: 0, lastError: null });
  });

  it('returns bucketed means that match the reference, with missing optional fields as null', async () => {
    const from = new Date(BASE);
    const to = new Date(BASE + SPAN_S * 1000);
    const res = await h.store.query({
      deviceId: 'rec-a1',
      from,
      to,
      series: ['battery', 'storage', 'temperature'],
      bucketSeconds: 600,
    });
    expect(Object.keys(res).sort()).toEqual(['battery', 'storage', 'temperature']);
    const args = ['rec-a1', BASE, BASE + SPAN_S * 1000, TEN_MIN] as const;
    const battery = expectedBuckets(...args, (r) => ({
      percent: r.battery.percent,
      voltage_mv: r.battery.voltageMv,
      charging: r.battery.charging ? 1 : 0,
    }));
    expect(battery).toHaveLength(12);
    expectSameSeries(res.battery, battery);
    // The first hour had no voltage: null, not 0.
    expect(res.battery.slice(0, 6).every((p) => p.values.voltage_mv === null)).toBe(true);
    expect(res.battery.slice(6).every((p) => typeof p.values.voltage_mv === 'number')).toBe(true);

    const storage = expectedBuckets(...args, (r) => ({
      free_bytes: r.storage.freeBytes,
      recordable_seconds: r.storage.recordableSeconds,
    }));
    expectSameSeries(res.storage, storage);
    expect(res.storage.every((p) => p.values.recordable_seconds === null)).toBe(true);

    // Temperature was null for the first half hour: those buckets are absent, not zero.
    const temperature = expectedBuckets(...args, (r) => ({ celsius: r.temperatureC }));
    expect(temperature).toHaveLength(9);
    expectSameSeries(res.temperature, temperature);
  });

  it('picks a bucket that keeps the default query within 500 points', async () => {
    const res = await h.store.query({
      deviceId: 'rec-b2',
      from: new Date(BASE),
      to: new Date(BASE + SPAN_S * 1000),
      series: ['battery', 'recording'],
    });
    // 7200 s / 499 → 15 s buckets: 480 of them, all with data.
    expect(res.battery).toHaveLength(480);
    expect(res.recording).toHaveLength(480);
    expectSameSeries(
      res.recording,
      expectedBuckets('rec-b2', BASE, BASE + SPAN_S * 1000, 15_000, (r) => ({
        recording: r.state === 'recording' ? 1 : 0,
      })),
    );
  });

  it('leaves out series a device never reported', async () => {
    const res = await h.store.query({
      deviceId: 'rec-c3',
      from: new Date(BASE),
      to: new Date(BASE + SPAN_S * 1000),
      series: ['temperature', 'signal', 'clock', 'offload'],
      bucketSeconds: 3600,
    });
    expect(res.temperature).toEqual([]);
    expect(res.signal).toEqual([]);
    // Hour buckets: two or three, depending on where the span falls on the clock.
    const ref = (extract: Extract) => expectedBuckets('rec-c3', BASE, BASE + SPAN_S * 1000, 3600_000, extract);
    expectSameSeries(
      res.clock,
      ref((r) => ({ offset_ms: r.clockOffsetMs })),
    );
    expectSameSeries(
      res.offload,
      ref((r) => ({ pending_segments: r.offload.pendingSegments, pending_bytes: r.offload.pendingBytes })),
    );
  });

  it("gives each device's latest fix, with the officer who had it", async () => {
    const positions = await h.store.lastPositions(new Date(BASE - 60_000));
    const byDevice = Object.fromEntries(positions.map((p) => [p.deviceId, p]));
    expect(Object.keys(byDevice).sort()).toEqual(['rec-a1', 'rec-b2', 'rec-c3']);
    const expectFix = (deviceId: string, i: number, officerId: string | null) => {
      const p = byDevice[deviceId];
      expect(p?.officerId).toBe(officerId);
      expect(p?.at).toBe(new Date(BASE + i * 1000).toISOString());
      expect(p?.lat).toBeCloseTo(30 + i * 1e-5, 9);
      expect(p?.lon).toBeCloseTo(120 + i * 1e-5, 9);
    };
    expectFix('rec-a1', SPAN_S - 10, '33010001'); // a fix every 10 s
    expectFix('rec-b2', SPAN_S - 1, '33010003'); // after the hand-over
    expectFix('rec-c3', SPAN_S / 2 - 1, null); // lost its fix halfway
    // Nothing since the last fix: nobody.
    expect(await h.store.lastPositions(new Date(BASE + SPAN_S * 1000))).toEqual([]);
  });

  it('keeps officer and unit with the points, and leaves them out when unknown', async () => {
    expect(await h.tags('rec-a1')).toEqual({ officers: ['33010001'], units: ['unit-east'] });
    expect(await h.tags('rec-b2')).toEqual({ officers: ['33010002', '33010003'], units: ['unit-west'] });
    expect(await h.tags('rec-c3')).toEqual({ officers: [], units: [] });
  });

  it('refuses queries it cannot answer safely', async () => {
    const q = { from: new Date(BASE), to: new Date(BASE + 1000), series: ['battery' as const] };
    await expect(h.store.query({ ...q, deviceId: `x" OR 1=1; DROP DATABASE "liuhen` })).rejects.toThrow(RangeError);
    await expect(h.store.query({ ...q, deviceId: 'rec-a1', to: new Date(BASE) })).rejects.toThrow(RangeError);
    await expect(h.store.query({ ...q, deviceId: 'rec-a1', bucketSeconds: 0.5 })).rejects.toThrow(RangeError);
  });

  it('never throws on a record it cannot store: counts it as dropped', async () => {
    const before = h.store.stats();
    expect(() => h.store.write({ deviceId: 'rec-a1' } as unknown as TelemetryRecord)).not.toThrow();
    await h.store.flush();
    expect(h.store.stats()).toEqual({ ...before, dropped: before.dropped + 1 });
  });
});

// --- embedded only ----------------------------------------------------------

describe('embedded telemetry store', () => {
  it('prunes by the time window and by rows per device', async () => {
    const db = openSqlite(':memory:');
    await migrate(db);
    const store = createEmbeddedStore({ db, windowHours: 1, maxRowsPerDevice: 1000, log: recordingLog() });
    const now = Date.now();
    // old: 500 rows two hours ago, then 100 recent ones; busy: 3000 recent rows, over the cap.
    for (let i = 0; i < 500; i++) store.write(record('rec-old', null, i, now - 2 * 3600_000));
    for (let i = 0; i < 100; i++) store.write(record('rec-old', null, i, now - 100_000));
    for (let i = 0; i < 3000; i++) store.write(record('rec-busy', null, i, now - 3000_000));
    await store.flush();
    const deleted = await store.prune();
    expect(deleted).toBe(500 + 2000);
    const counts = await db
      .selectFrom('telemetry')
      .select((eb) => ['device_id', eb.fn.countAll<number>().as('n'), eb.fn.min('ts').as('first')])
      .groupBy('device_id')
      .orderBy('device_id')
      .execute();
    expect(counts).toEqual([
      { device_id: 'rec-busy', n: 1000, first: now - 3000_000 + 2000 * 1000 }, // the newest 1000 stay
      { device_id: 'rec-old', n: 100, first: now - 100_000 },
    ]);
    expect(await store.prune()).toBe(0);
    await store.close();
    await db.destroy();
  });

  it('answers a day of 1 Hz data in at most 500 points, fast', async () => {
    const db = openSqlite(':memory:');
    await migrate(db);
    const store = createEmbeddedStore({ db, windowHours: 72, maxRowsPerDevice: 300_000, log: recordingLog() });
    const day = 86_400;
    const start = Date.now() - day * 1000 - 60_000;
    await writeAll(
      store,
      Array.from({ length: day }, (_, i) => record('rec-day', 'u1', i, start)),
    );
    const t0 = performance.now();
    const res = await store.query({
      deviceId: 'rec-day',
      from: new Date(start),
      to: new Date(start + day * 1000),
      series: ['battery', 'storage', 'temperature', 'signal', 'clock', 'position', 'recording', 'offload'],
    });
    const ms = performance.now() - t0;
    expect(res.battery.length).toBeGreaterThan(400);
    expect(res.battery.length).toBeLessThanOrEqual(500);
    expect(ms).toBeLessThan(1000);
    console.log(`embedded: a day of 1 Hz (86400 rows), 8 series → ${res.battery.length} points in ${ms.toFixed(0)} ms`);
    await store.close();
    await db.destroy();
  });

  it('is what the factory picks without an Influx URL, and Influx with one', async () => {
    const db = openSqlite(':memory:');
    await migrate(db);
    const config = {
      influxUrl: '',
      retentionDays: 30,
      longRetentionDays: 730,
      downsampleEvery: '1m',
      embeddedWindowHours: 72,
      embeddedMaxRowsPerDevice: 300_000,
    };
    const log = recordingLog();
    const embedded = createTelemetryStore(config, { db, log });
    const influx = createTelemetryStore({ ...config, influxUrl: 'http://127.0.0.1:9/liuhen' }, { db, log });
    expect([embedded.kind, influx.kind]).toEqual(['embedded', 'influx']);
    await embedded.close();
    await influx.close();
    expect(() => createTelemetryStore({ ...config, influxUrl: 'http://127.0.0.1:9/' }, { db, log })).toThrow(
      /database/,
    );
    await db.destroy();
  });
});

// --- influx only ------------------------------------------------------------

describe('influx telemetry store', () => {
  let h: Awaited<ReturnType<typeof influxHarness>>;
  beforeAll(async () => {
    h = await influxHarness('liuhen_layout');
    await writeAll(h.store, RECORDS);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates the database, both retention policies and a continuous query per measurement', async () => {
    expect(await h.influx.getDatabaseNames()).toContain('liuhen_layout');
    const rps = await h.influx.showRetentionPolicies('liuhen_layout');
    const rp = (name: string) => rps.find((p) => p.name === name);
    expect(rp('liuhen_raw')).toMatchObject({ duration: '720h0m0s', default: true });
    expect(rp('liuhen_long')).toMatchObject({ duration: '17520h0m0s', default: false });

    const cqs = await cqsOf(h.influx, 'liuhen_layout');
    const series = ['battery', 'storage', 'temperature', 'signal', 'clock', 'position', 'recording', 'offload'];
    expect(cqs).toHaveLength(series.length);
    for (const s of series) {
      const cq = cqs.find((q) => q.name.startsWith(`liuhen_${s}_`));
      expect(cq?.query, s).toContain(`INTO liuhen_layout.liuhen_long.${s} FROM liuhen_layout.liuhen_raw.${s}`);
      expect(cq?.query, s).toMatch(/mean\(/);
      expect(cq?.query, s).toContain('GROUP BY time(1m), device, officer, unit');
    }
  });

  it('writes a measurement per series with device, officer and unit tags', async () => {
    const measurements = await h.influx.getMeasurements('liuhen_layout');
    expect(measurements.sort()).toEqual(
      ['battery', 'clock', 'offload', 'position', 'recording', 'signal', 'storage', 'temperature'].sort(),
    );
    const keys = await h.influx.query<{ tagKey: string }>('SHOW TAG KEYS FROM "battery"');
    expect(keys.map((k) => k.tagKey).sort()).toEqual(['device', 'officer', 'unit']);
    // rec-c3 has neither officer nor unit: its series carry only the device tag.
    const series = await h.influx.getSeries({ measurement: 'battery', database: 'liuhen_layout' });
    expect(series.filter((s) => s.includes('device=rec-c3'))).toEqual(['battery,device=rec-c3']);
  });

  it('is reconfigured on restart without piling up continuous queries', async () => {
    const store = createInfluxStore({
      url: `${h.base}/liuhen_layout`,
      retentionDays: 7,
      longRetentionDays: 365,
      downsampleEvery: '5m',
      log: recordingLog(),
    });
    await store.query({ deviceId: 'rec-a1', from: new Date(BASE), to: new Date(BASE + 1000), series: ['battery'] });
    await store.close();
    const rps = await h.influx.showRetentionPolicies('liuhen_layout');
    expect(rps.find((p) => p.name === 'liuhen_raw')?.duration).toBe('168h0m0s');
    const cqs = await cqsOf(h.influx, 'liuhen_layout');
    expect(cqs).toHaveLength(8);
    expect(cqs.every((q) => q.query.includes('time(5m)'))).toBe(true);
    // and back, for the tests after this one
    const again = createInfluxStore({
      url: `${h.base}/liuhen_layout`,
      retentionDays: 30,
      longRetentionDays: 730,
      downsampleEvery: '1m',
      log: recordingLog(),
    });
    await again.lastPositions(new Date());
    await again.close();
  });

  it('downsamples into liuhen_long with per-minute means by tag, and reads it for old spans', async () => {
    // The continuous queries only ever see the last interval; run each one's
    // body over the test span instead, as a backfill would.
    const cqs = await cqsOf(h.influx, 'liuhen_layout');
    const range = `WHERE time >= ${BASE}ms AND time < ${BASE + SPAN_S * 1000}ms GROUP BY`;
    for (const cq of cqs) {
      const body = /BEGIN (.*) END$/.exec(cq.query)?.[1];
      expect(body).toBeDefined();
      await h.influx.query((body ?? '').replace('GROUP BY', range), { database: 'liuhen_layout', method: 'POST' });
    }
    const counts = await h.influx.query<{ count: number; device: string }>(
      'SELECT count("percent") FROM "liuhen_layout"."liuhen_long"."battery" GROUP BY "device"',
    );
    expect(counts.map((c) => [c.device, c.count]).sort()).toEqual([
      ['rec-a1', 120],
      ['rec-b2', 120], // two series (one per officer), 60 minutes each
      ['rec-c3', 120],
    ]);
    const long = await h.influx.query<{ percent: number }>(
      `SELECT "percent" FROM "liuhen_layout"."liuhen_long"."battery" WHERE "device" = 'rec-a1' LIMIT 1`,
    );
    expect(long[0]?.percent).toBeCloseTo(100 - 29.5 / 100, 9); // mean of i = 0..59

    // A span older than the raw retention is read from liuhen_long.
    const minute = Math.floor((Date.now() - 40 * 86_400_000) / 3600_000) * 3600_000; // an hour edge
    await h.influx.writePoints(
      [0, 1, 2].map((k) => ({
        measurement: 'battery',
        tags: { device: 'rec-a1', officer: '33010001' },
        fields: { percent: 50 + k, charging: 0 },
        timestamp: minute + k * 60_000,
      })),
      { database: 'liuhen_layout', retentionPolicy: 'liuhen_long', precision: 'ms' },
    );
    const res = await h.store.query({
      deviceId: 'rec-a1',
      from: new Date(minute),
      to: new Date(minute + 3 * 60_000),
      series: ['battery'],
      bucketSeconds: 60,
    });
    expect(res.battery.map((p) => [p.t, p.values.percent, p.values.voltage_mv])).toEqual([
      [new Date(minute).toISOString(), 50, null],
      [new Date(minute + 60_000).toISOString(), 51, null],
      [new Date(minute + 120_000).toISOString(), 52, null],
    ]);
    // A span across the boundary joins both: the old minutes, then the raw data.
    const both = await h.store.query({
      deviceId: 'rec-a1',
      from: new Date(minute),
      to: new Date(BASE + SPAN_S * 1000),
      series: ['battery'],
      bucketSeconds: 3600,
    });
    expect(both.battery[0]?.values.percent).toBe(51);
    expect(both.battery.at(-1)?.t).toBe(
      new Date(Math.floor((BASE + SPAN_S * 1000 - 1) / 3600_000) * 3600_000).toISOString(),
    );
  });

  it('buffers through an outage, drops the oldest beyond maxBuffer, and delivers the rest after a restart', async () => {
    const server = await getInfluxd();
    const log = recordingLog();
    const store = createInfluxStore({
      url: `${server.url}/liuhen_outage`,
      retentionDays: 30,
      longRetentionDays: 730,
      downsampleEvery: '1m',
      batchSize: 100,
      flushMs: 50,
      maxBuffer: 500,
      retryMaxMs: 400,
      requestTimeoutMs: 2000,
      log,
    });
    const influx = client(server.url, 'liuhen_outage');
    const start = BASE;
    for (let i = 0; i < 50; i++) store.write(record('rec-out', 'u1', i, start));
    await store.flush();

    await server.kill();
    for (let i = 50; i < 850; i++) expect(() => store.write(record('rec-out', 'u1', i, start))).not.toThrow();
    await waitFor(() => store.stats().lastError, 5000, 'a failed write');
    await new Promise((r) => setTimeout(r, 600)); // a few retries, all failing
    expect(store.stats()).toMatchObject({ written: 50, dropped: 300, pending: 500 });
    await expect(store.flush()).rejects.toThrow();
    const warnings = log.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1); // once per outage, not per retry
    expect(warnings[0]?.msg).toMatch(/check that influxd is running/i);

    await server.restart();
    await waitFor(() => store.stats().pending === 0, 10_000, 'the buffer to drain');
    expect(store.stats()).toEqual({ written: 550, dropped: 300, pending: 0, lastError: null });
    expect(log.entries.filter((e) => e.level === 'info' && /resumed/.test(e.msg))).toHaveLength(1);
    const count = await influx.query<{ count: number }>('SELECT count("percent") FROM "battery"');
    expect(count[0]?.count).toBe(550);
    // The oldest were dropped: after the first 50, the survivors start at i = 350.
    const times = await influx.query<{ time: Date }>(
      `SELECT "percent" FROM "battery" WHERE time >= ${start + 50_000}ms LIMIT 1`,
      { precision: 'ms' },
    );
    expect(times[0]?.time.getTime()).toBe(start + 350_000);
    await store.close();
  });
});
