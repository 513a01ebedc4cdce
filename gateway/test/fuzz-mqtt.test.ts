/**
 * Fuzz of the MQTT boundary (security issue: fuzz every boundary), end to end.
 *
 * One real broker (`startTestGateway`) and one real `mqtt` client publish
 * 10,000 fuzzed messages as fast as they go (QoS 0, pipelined, in batches
 * closed by a QoS 1 round trip): the device topics of every kind with fuzzed
 * payloads (mutated protocol examples, random bytes and JSON, oversized), and
 * some fuzzed topics. Afterwards the gateway still answers, the same
 * connection still works, the broker diverted exactly the invalid messages,
 * and the station database holds nothing a valid message did not say.
 *
 * Whether a message is valid is decided here independently of the broker:
 * topic parsing by hand and TypeBox's interpreter (`Value.Check`) rather than
 * the compiled checker the broker uses.
 *
 * Replay a failure with LIUHEN_FUZZ_SEED=<seed> (printed on failure);
 * LIUHEN_FUZZ_CASES changes the number of messages (default 10,000).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { MqttClient } from 'mqtt';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_EVENT_TYPES,
  DEVICE_ID_PATTERN,
  DEVICE_TOPIC_KINDS,
  MAX_PAYLOAD_BYTES,
  STATION_ONLY_KINDS,
  payloadSchemaByTopic,
  type DeviceTopicKind,
} from '@liuhen/device-profiles';
import { protocolExamples } from '../../device-profiles/src/protocol-doc.js';
import { connectClient, startTestGateway, statePayload, waitFor, type TestGateway } from './helpers.js';

const SEED = process.env.LIUHEN_FUZZ_SEED ? Number(process.env.LIUHEN_FUZZ_SEED) : (Math.random() * 2 ** 31) >>> 0;
const CASES = Number(process.env.LIUHEN_FUZZ_CASES ?? 10_000);
const REPLAY = `seed ${SEED}: replay with LIUHEN_FUZZ_SEED=${SEED} npx vitest run gateway/test/fuzz-mqtt.test.ts`;
/** Messages sent back to back before a QoS 1 round trip lets the broker catch up. */
const BATCH = 500;

/** One line per target for bench/fuzz-report.mjs, when it asked for them. */
function recordFuzz(r: {
  target: string;
  cases: number;
  crashes: number;
  invalidRowsStored: number;
  durationMs: number;
}) {
  const file = process.env.LIUHEN_FUZZ_REPORT;
  if (file) appendFileSync(file, JSON.stringify({ ...r, seed: SEED }) + '\n');
}

// ---------------------------------------------------------------------------
// Messages.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DEVICES = ['fz-a1', 'fz-b2', 'fz-c3', 'fz-d4', 'fz-e5'];
const RAW_MARK = '\u{10FFFF}raw:';
const raw = (token: string): string => `${RAW_MARK}${token}\u{10FFFF}`;
const RAW_RE = /"\u{10FFFF}raw:([^"]*)\u{10FFFF}"/gu;
const RAW_TOKENS = ['NaN', 'Infinity', '-Infinity', '1e999', '-0', '1e-999', '0x10', '01', '.5', '+1', '"\\ud800"'];
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', '', 'a/b'];
const STRINGS = [
  "' OR 1=1 --",
  '"; DROP TABLE devices; --',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000',
  '😀',
  '執法記錄儀',
  '2026-12-31T23:59:60Z',
  '2026-02-30T00:00:00Z',
  '2026-03-02t09:15:00z',
  '2026-03-02T09:15:00',
  'x'.repeat(65),
];

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -2, max: 130 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 100, 100.5, 2 ** 53, 1e308),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,70}$/),
  fc.constantFrom(...STRINGS, ...DEVICES),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom(...RAW_TOKENS).map(raw),
);

type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'replace'; at: number; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    at: fc.nat(),
    key: fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 8 })),
    value: anyValue,
  }),
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: anyValue }) },
);

const isObject = (v: Json): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

function setOwn(obj: { [key: string]: Json }, key: string, value: Json): void {
  // defineProperty, so that `__proto__` becomes a key of the payload rather than its prototype.
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Applies one edit at a place picked (modulo) among the object keys of the tree. */
function mutate(root: { [key: string]: Json }, m: Mutation): void {
  const places: [{ [key: string]: Json }, string][] = [];
  const walk = (o: { [key: string]: Json }) => {
    for (const k of Object.keys(o)) {
      places.push([o, k]);
      const v = o[k]!;
      if (isObject(v)) walk(v);
    }
  };
  walk(root);
  if (m.op === 'add') {
    const objects = [root, ...places.map(([o, k]) => o[k]!).filter(isObject)];
    setOwn(objects[m.at % objects.length]!, m.key, m.value);
    return;
  }
  if (places.length === 0) return;
  const [o, k] = places[m.at % places.length]!;
  if (m.op === 'drop') delete o[k];
  else setOwn(o, k, m.value);
}

const examples = new Map<DeviceTopicKind, Json[]>(
  DEVICE_TOPIC_KINDS.map((k) => [k, protocolExamples.filter((e) => e.kind === k).map((e) => e.value as Json)]),
);

/** A topic that is not a device topic of the contract, or not quite. */
const BAD_IDS = ['', 'a', 'x'.repeat(65), 'a b', 'ä-1', '-ab', 'a.b', '..', 'fz a1', '%2e%2e'];
const BAD_KINDS = ['State', 'status', '', 'telemetry2', 'set ', '..', 'rejected', 'availability/x'];
const fuzzedTopic: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...BAD_IDS), fc.constantFrom(...DEVICE_TOPIC_KINDS))
    .map(([i, k]) => `liuhen/devices/${i}/${k}`),
  fc.tuple(fc.constantFrom(...DEVICES), fc.constantFrom(...BAD_KINDS)).map(([i, k]) => `liuhen/devices/${i}/${k}`),
  fc.constantFrom(...DEVICES).map((i) => `liuhen/devices/${i}/state/extra`),
  fc.constantFrom(...DEVICES).map((i) => `liuhen/devices/${i}`),
  fc.constantFrom(
    'liuhen/devices/',
    'liuhen/devices',
    'liuhen/devicez/fz-a1/state',
    'other/fz-a1/state',
    'liuhen/fz-a1/state',
  ),
  // Anything else a client may publish to: not a device topic, so not validated and not stored.
  fc
    .string({ minLength: 1, maxLength: 30 })
    // Wildcards and NUL are protocol errors (the broker drops the connection), not payload validation.
    .filter((t) => !/[+#]/.test(t) && !t.includes(String.fromCharCode(0)) && !/^(\$|liuhen\/)/.test(t)),
);

interface Message {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/**
 * What a client may publish at all: a station-only kind (a recorder's policy) is refused outright and the
 * client dropped (mqtt-auth.test.ts), which is not payload validation.
 */
const CLIENT_KINDS = DEVICE_TOPIC_KINDS.filter((k) => !STATION_ONLY_KINDS.includes(k));

const message: fc.Arbitrary<Message> = fc
  .record({
    kind: fc.constantFrom(...CLIENT_KINDS),
    device: fc.constantFrom(...DEVICES),
    example: fc.nat(),
    // The payload's deviceId usually matches the topic; sometimes another device's.
    sameDevice: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    seq: fc.integer({ min: 1, max: 60 }),
    edits: fc.oneof(
      { weight: 4, arbitrary: fc.constant([] as Mutation[]) },
      { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
    ),
    shape: fc.oneof(
      { weight: 90, arbitrary: fc.constant('tree' as const) },
      { weight: 4, arbitrary: fc.constant('bytes' as const) },
      { weight: 3, arbitrary: fc.constant('json' as const) },
      { weight: 2, arbitrary: fc.constant('truncated' as const) },
      { weight: 1, arbitrary: fc.constant('oversized' as const) },
    ),
    bytes: fc.uint8Array({ maxLength: 200 }),
    json: fc.jsonValue({ maxDepth: 3 }),
    cut: fc.nat(),
    topic: fc.oneof({ weight: 23, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fuzzedTopic }),
    retain: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  })
  .map((m): Message => {
    const topic = m.topic ?? `liuhen/devices/${m.device}/${m.kind}`;
    const base = examples.get(m.kind)!;
    const tree = JSON.parse(JSON.stringify(base[m.example % base.length])) as { [key: string]: Json };
    if ('deviceId' in tree) tree.deviceId = m.sameDevice ? m.device : DEVICES[(DEVICES.indexOf(m.device) + 1) % 5]!;
    if ('seq' in tree) tree.seq = m.seq;
    for (const e of m.edits) mutate(tree, e);
    const text = JSON.stringify(tree).replace(RAW_RE, '$1');
    let payload: Buffer;
    if (m.shape === 'bytes') payload = Buffer.from(m.bytes);
    else if (m.shape === 'json') payload = Buffer.from(JSON.stringify(m.json) ?? 'null');
    else if (m.shape === 'truncated') payload = Buffer.from(text.slice(0, m.cut % (text.length + 1)));
    else if (m.shape === 'oversized') payload = Buffer.from(text + ' '.repeat(MAX_PAYLOAD_BYTES));
    else payload = Buffer.from(text);
    return { topic, payload, retain: m.retain };
  });

// ---------------------------------------------------------------------------
// The oracle: what the contract says of a message, without asking the broker.

const deviceIdRe = new RegExp(DEVICE_ID_PATTERN);

interface Verdict {
  /** The broker must divert it (a device topic with a message the contract refuses). */
  invalid: boolean;
  /** For a valid device message: its kind, device and value, for the database checks. */
  valid?: { kind: DeviceTopicKind; deviceId: string; value: Record<string, unknown> };
}

function verdict(topic: string, payload: Buffer): Verdict {
  if (!topic.startsWith('liuhen/devices/')) return { invalid: false };
  const parts = topic.split('/');
  const kind = parts[3] as DeviceTopicKind;
  if (parts.length !== 4 || !deviceIdRe.test(parts[2]!) || !DEVICE_TOPIC_KINDS.includes(kind)) return { invalid: true };
  if (payload.length > MAX_PAYLOAD_BYTES) return { invalid: true };
  let value: unknown;
  try {
    value = JSON.parse(payload.toString('utf8'));
  } catch {
    return { invalid: true };
  }
  if (!Value.Check(payloadSchemaByTopic[kind], value)) return { invalid: true };
  const v = value as Record<string, unknown>;
  if (v.deviceId !== undefined && v.deviceId !== parts[2]) return { invalid: true };
  return { invalid: false, valid: { kind, deviceId: parts[2]!, value: v } };
}

// ---------------------------------------------------------------------------

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw?.cleanup();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const isIso = (s: unknown) => typeof s === 'string' && ISO.test(s) && !Number.isNaN(Date.parse(s));
const isOfficer = (s: unknown) => s === null || (typeof s === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(s));
const inRange = (x: unknown, lo: number, hi: number) => typeof x === 'number' && x >= lo && x <= hi;

describe('fuzz: MQTT publishes through the real broker', () => {
  it(`${CASES} fuzzed publishes: invalid ones diverted and counted, nothing invalid stored, the connection kept`, async () => {
    const t0 = performance.now();
    const messages = fc.sample(message, { seed: SEED, numRuns: CASES });
    const verdicts = messages.map((m) => verdict(m.topic, m.payload));
    const expectedInvalid = verdicts.filter((v) => v.invalid).length;
    const validStates = new Set(verdicts.filter((v) => v.valid?.kind === 'state').map((v) => v.valid!.deviceId));
    const validEvents = new Set(
      verdicts.filter((v) => v.valid?.kind === 'events').map((v) => `${v.valid!.deviceId}|${v.valid!.value.seq}`),
    );

    const client: MqttClient = await connectClient(gw.mqttUrl, { clientId: 'fuzz-mqtt' });
    const drops: string[] = [];
    client.on('close', () => drops.push('close'));
    client.on('error', (err) => drops.push(`error: ${err.message}`));
    client.on('disconnect', () => drops.push('disconnect'));
    const base = gw.broker.rejectedCount();
    let crashes = 0;
    let invalidRows = 0;
    try {
      for (let i = 0; i < messages.length; i += BATCH) {
        for (const m of messages.slice(i, i + BATCH)) client.publish(m.topic, m.payload, { qos: 0, retain: m.retain });
        // A QoS 1 round trip on a topic outside the contract: back-pressure, and proof the link is up.
        await client.publishAsync('fuzz/flush', String(i), { qos: 1 });
      }
      await waitFor(
        () => gw.broker.rejectedCount() - base >= expectedInvalid,
        10_000,
        'every invalid message counted',
      ).catch(() => undefined);
      expect(drops, `${REPLAY}: the connection dropped`).toEqual([]);
      expect(gw.broker.rejectedCount() - base, `${REPLAY}: rejected messages`).toBe(expectedInvalid);

      // The gateway still answers, and counts the same.
      const health = await gw.fetch(`/api/health`);
      expect(health.status).toBe(200);
      const h = (await health.json()) as { mqtt: { rejectedMessages: number } };
      expect(h.mqtt.rejectedMessages).toBe(gw.broker.rejectedCount());

      // The same connection still carries a valid message all the way to the registry.
      expect(client.connected).toBe(true);
      await client.publishAsync('liuhen/devices/fz-after/state', JSON.stringify(statePayload('fz-after')), { qos: 1 });
      await waitFor(() => gw.registry.has('fz-after'), 5000, 'a valid state after the fuzz');

      // What the broker kept retained is valid: an invalid message must never be retained.
      const watcher = await connectClient(gw.mqttUrl, { clientId: 'fuzz-retained' });
      const retained: { topic: string; payload: Buffer }[] = [];
      watcher.on('message', (topic, payload, packet) => {
        if (packet.retain) retained.push({ topic, payload });
      });
      await watcher.subscribeAsync(['liuhen/devices/#', 'liuhen/rejected/#'], { qos: 0 });
      await new Promise((r) => setTimeout(r, 300));
      await watcher.endAsync();
      const badRetained = retained.filter(
        (m) => m.topic.startsWith('liuhen/rejected/') || verdict(m.topic, m.payload).invalid,
      );
      expect(
        badRetained.map((m) => `${m.topic}: ${m.payload.toString('utf8').slice(0, 100)}`),
        `${REPLAY}: invalid retained messages`,
      ).toEqual([]);
      expect(retained.length, 'retained valid states were kept').toBeGreaterThan(0);
      // Telemetry is written in batches (1 s); give the last one time to land.
      await new Promise((r) => setTimeout(r, 1300));
    } catch (err) {
      if (!(err instanceof Error && err.name === 'AssertionError')) crashes += 1;
      throw err;
    } finally {
      await client.endAsync().catch(() => undefined);
      const db = new Database(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true, fileMustExist: true });
      try {
        invalidRows = checkRows(db, validStates, validEvents);
      } finally {
        db.close();
        recordFuzz({
          target: 'mqtt',
          cases: messages.length,
          crashes,
          invalidRowsStored: invalidRows,
          durationMs: Math.round(performance.now() - t0),
        });
      }
    }
    expect(invalidRows, `${REPLAY}: invalid rows stored (see the log above)`).toBe(0);
    // Not vacuous: both kinds were sent in numbers.
    expect(expectedInvalid).toBeGreaterThan(CASES / 10);
    expect(CASES - expectedInvalid).toBeGreaterThan(CASES / 10);
  }, 120_000);
});

/** Counts rows no valid message could have produced; logs the first few. */
function checkRows(db: Database.Database, validStates: Set<string>, validEvents: Set<string>): number {
  const bad: string[] = [];
  const devices = db.prepare('SELECT * FROM devices').all() as Record<string, unknown>[];
  const known = new Set<string>();
  for (const d of devices) {
    const id = d.id as string;
    known.add(id);
    const problems = [
      deviceIdRe.test(id) ? null : 'id',
      validStates.has(id) || id === 'fz-after' ? null : 'no valid state was sent for it',
      typeof d.profile === 'string' && d.profile.length >= 1 && d.profile.length <= 64 ? null : 'profile',
      d.state === 'standby' || d.state === 'recording' ? null : 'state',
      isOfficer(d.officer_id) ? null : 'officer_id',
      d.battery_percent === null || inRange(d.battery_percent, 0, 100) ? null : 'battery_percent',
      d.storage_free_bytes === null || (Number.isInteger(d.storage_free_bytes) && (d.storage_free_bytes as number) >= 0)
        ? null
        : 'storage_free_bytes',
      d.firmware_version === null ||
      (typeof d.firmware_version === 'string' && d.firmware_version.length >= 1 && d.firmware_version.length <= 32)
        ? null
        : 'firmware_version',
      d.device_time === null || isIso(d.device_time) ? null : 'device_time',
      d.recording_id === null || (typeof d.recording_id === 'string' && d.recording_id.length <= 64)
        ? null
        : 'recording_id',
    ].filter((p) => p !== null);
    if (problems.length) bad.push(`devices ${JSON.stringify(d)}: ${problems.join(', ')}`);
  }
  const events = db.prepare('SELECT * FROM device_events').all() as Record<string, unknown>[];
  for (const e of events) {
    const problems = [
      known.has(e.device_id as string) ? null : 'device_id',
      Number.isInteger(e.seq) && (e.seq as number) >= 1 ? null : 'seq',
      (DEVICE_EVENT_TYPES as readonly unknown[]).includes(e.type) ? null : 'type',
      validEvents.has(`${e.device_id as string}|${e.seq as number}`) ? null : 'no valid event had this device and seq',
      isIso(e.ts) ? null : 'ts',
      isOfficer(e.officer_id) ? null : 'officer_id',
      e.recording_id === null || (typeof e.recording_id === 'string' && e.recording_id.length <= 64)
        ? null
        : 'recording_id',
    ].filter((p) => p !== null);
    if (problems.length) bad.push(`device_events ${JSON.stringify(e)}: ${problems.join(', ')}`);
  }
  const telemetry = db.prepare('SELECT * FROM telemetry').all() as Record<string, unknown>[];
  for (const t of telemetry) {
    const problems = [
      validStates.has(t.device_id as string) ? null : 'device_id',
      t.battery_percent === null || inRange(t.battery_percent, 0, 100) ? null : 'battery_percent',
      t.position_lat === null || inRange(t.position_lat, -90, 90) ? null : 'position_lat',
      t.position_lon === null || inRange(t.position_lon, -180, 180) ? null : 'position_lon',
      t.temperature_celsius === null || inRange(t.temperature_celsius, -60, 150) ? null : 'temperature_celsius',
      isOfficer(t.officer_id) ? null : 'officer_id',
    ].filter((p) => p !== null);
    if (problems.length) bad.push(`telemetry ${JSON.stringify(t)}: ${problems.join(', ')}`);
  }
  if (bad.length) console.error(`${REPLAY}: ${bad.length} invalid rows, e.g.\n${bad.slice(0, 10).join('\n')}`);
  return bad.length;
}
