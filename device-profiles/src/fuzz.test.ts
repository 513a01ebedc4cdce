/**
 * Fuzz of the device payload validation (security issue: fuzz every boundary).
 *
 * For every topic kind, 10,000 arbitrary payloads (random bytes, random JSON,
 * and mutations of the documented protocol examples) go through `parsePayload`.
 * It must never throw; a refusal must say why and name the field (or the whole
 * payload: too big, not JSON); an acceptance must agree with TypeBox's
 * interpreter (`Value.Check`, a second code path next to the compiled checker
 * `parsePayload` uses) and with `check`; and nothing may reach Object.prototype.
 *
 * Replay a failure with LIUHEN_FUZZ_SEED=<seed> (printed on failure);
 * LIUHEN_FUZZ_CASES changes the number of cases per kind (default 10,000).
 */
import { appendFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import {
  DEVICE_TOPIC_KINDS,
  MAX_PAYLOAD_BYTES,
  check,
  parsePayload,
  payloadSchemaByTopic,
  type DeviceTopicKind,
  type ParseResult,
} from './index.js';
import { protocolExamples } from './protocol-doc.js';

const SEED = process.env.LIUHEN_FUZZ_SEED ? Number(process.env.LIUHEN_FUZZ_SEED) : (Math.random() * 2 ** 31) >>> 0;
const CASES = Number(process.env.LIUHEN_FUZZ_CASES ?? 10_000);
const REPLAY = `seed ${SEED}: replay with LIUHEN_FUZZ_SEED=${SEED} npx vitest run device-profiles/src/fuzz.test.ts`;

/** One line per target for bench/fuzz-report.mjs, when it asked for them. */
function recordFuzz(r: { target: string; cases: number; crashes: number; durationMs: number }): void {
  const file = process.env.LIUHEN_FUZZ_REPORT;
  if (file) appendFileSync(file, JSON.stringify({ ...r, invalidRowsStored: 0, seed: SEED }) + '\n');
}

// ---------------------------------------------------------------------------
// Generators. Every random choice comes from fast-check, so a seed replays a
// run exactly and a failing case shrinks.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * JSON has no NaN or Infinity, but a device can still send the text `NaN` or
 * `1e999` (which JSON.parse reads as Infinity). Such tokens travel through the
 * tree as marked strings and are put in the text raw after JSON.stringify.
 */
const RAW_MARK = '\u{10FFFF}raw:';
const raw = (token: string): string => `${RAW_MARK}${token}\u{10FFFF}`;
const RAW_RE = /"\u{10FFFF}raw:([^"]*)\u{10FFFF}"/gu;
const RAW_TOKENS = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1e999',
  '-0',
  '1e-999',
  '0x10',
  '01',
  '.5',
  '+1',
  'undefined',
  '9007199254740993',
  '1.0',
  '1e2',
  '"\\ud800"',
  '"\\u0000"',
  'true false',
];

const SPECIAL_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '',
  'a/b',
  '~0',
];
const INJECTION = [
  "' OR 1=1 --",
  '"; DROP TABLE devices; --',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  '\u0000',
  '\u202e',
  '😀',
  '執法記錄儀',
];
const DATE_STRINGS = [
  '2026-03-02T09:15:00+08:00',
  '2026-03-02T09:15:00.123456789Z',
  '2026-12-31T23:59:60Z',
  '2026-02-30T00:00:00Z',
  '2026-03-02t09:15:00z',
  '2026-03-02 09:15:00Z',
  '2026-03-02T09:15:00',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59-23:59',
  '2026-13-01T00:00:00Z',
  '',
];

/**
 * An array nested `depth` deep, as raw text: a tree that deep would overflow
 * the stack of JSON.stringify here before the payload ever reached the parser.
 */
const nested = (depth: number): string => raw('['.repeat(depth) + ']'.repeat(depth));

/** Values that are wrong for most fields, or right for a few: the oracle decides which. */
const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.integer({ min: -2, max: 130 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 100, 100.0001, 2 ** 53, 2 ** 53 + 2, 1e308, 0.5),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,70}$/),
  fc.constantFrom(...INJECTION, ...DATE_STRINGS),
  fc.constantFrom('x'.repeat(65), 'x'.repeat(20_000)),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.integer({ min: 1, max: 9000 }).map(nested),
  fc.constantFrom(...RAW_TOKENS).map(raw),
);

/** One edit of a JSON tree; `at` picks the place (modulo the number of places). */
type Mutation =
  | { op: 'drop'; at: number }
  | { op: 'add'; at: number; key: string; value: Json }
  | { op: 'replace'; at: number; value: Json }
  | { op: 'wrap'; asArray: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('drop' as const), at: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('add' as const),
      at: fc.nat(),
      key: fc.oneof(fc.constantFrom(...SPECIAL_KEYS), fc.string({ maxLength: 12 })),
      value: anyValue,
    }),
  },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: anyValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), asArray: fc.boolean() }) },
);

/** Edits of the serialized text: what a torn or corrupted message looks like. */
type TextEdit =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'bom' }
  | { op: 'pad'; bytes: number }
  | { op: 'dupKey'; text: string };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ unit: 'binary', maxLength: 4 }) }),
  fc.record({ op: fc.constant('bom' as const) }),
  // Valid JSON made too big by whitespace alone: refused for its size, not its content.
  fc.record({ op: fc.constant('pad' as const), bytes: fc.integer({ min: 1, max: MAX_PAYLOAD_BYTES + 64 }) }),
  fc.record({ op: fc.constant('dupKey' as const), text: fc.constantFrom('"v":2,', '"v":1,', '"deviceId":"a/b",') }),
);

function isObject(v: Json): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every container and key/index in the tree, as [parent, key] pairs (the root is [null, '']). */
function places(root: Json): [Json[] | { [key: string]: Json } | null, string | number][] {
  const out: [Json[] | { [key: string]: Json } | null, string | number][] = [[null, '']];
  const walk = (v: Json, depth: number) => {
    if (depth > 6) return;
    if (Array.isArray(v)) v.forEach((x, i) => (out.push([v, i]), walk(x, depth + 1)));
    else if (isObject(v))
      for (const k of Object.keys(v)) {
        out.push([v, k]);
        walk(v[k]!, depth + 1);
      }
  };
  walk(root, 0);
  return out;
}

/** Sets a key as an own property, even `__proto__` (plain assignment would change the prototype). */
function setOwn(obj: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyMutation(root: Json, m: Mutation): Json {
  if (m.op === 'wrap') return m.asArray ? [root] : { payload: root };
  const all = places(root);
  const [parent, key] = all[m.at % all.length]!;
  if (m.op === 'add') {
    const objects = all
      .map(([p, k]) => (p === null ? root : (p as Record<string | number, Json>)[k]!))
      .filter(isObject);
    if (objects.length === 0) return root;
    setOwn(objects[m.at % objects.length]!, m.key, m.value);
    return root;
  }
  if (parent === null) return m.op === 'replace' ? m.value : root;
  if (m.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key as string];
  } else if (Array.isArray(parent)) parent[key as number] = m.value;
  else setOwn(parent, key as string, m.value);
  return root;
}

function applyTextEdit(text: string, e: TextEdit): string {
  switch (e.op) {
    case 'truncate':
      return text.slice(0, e.at % (text.length + 1));
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'bom':
      return `\ufeff${text}`;
    case 'pad':
      return text + ' '.repeat(e.bytes);
    case 'dupKey':
      return text.startsWith('{') ? `{${e.text}${text.slice(1)}` : text;
  }
}

const examplesOf = (kind: DeviceTopicKind): Json[] =>
  protocolExamples.filter((e) => e.kind === kind).map((e) => e.value as Json);

const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;

/** A payload as the broker receives it: a Buffer, or (as the API also allows) a string. */
interface Payload {
  raw: Buffer | string;
  origin: string;
}

function payloadFor(kind: DeviceTopicKind): fc.Arbitrary<Payload> {
  const examples = examplesOf(kind);
  const mutated = fc
    .record({
      base: fc.nat({ max: examples.length - 1 }),
      edits: fc.array(mutation, { minLength: 0, maxLength: 4 }),
      // Mostly none: a text edit nearly always breaks the JSON, and the tree edits are the interesting part.
      text: fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: textEdit }),
      asString: fc.boolean(),
    })
    .map(({ base, edits, text, asString }): Payload => {
      let tree = clone(examples[base]!);
      for (const m of edits) tree = applyMutation(tree, m);
      let s = JSON.stringify(tree).replace(RAW_RE, '$1');
      if (text) s = applyTextEdit(s, text);
      return { raw: asString ? s : Buffer.from(s), origin: 'mutated example' };
    });
  return fc.oneof(
    { weight: 14, arbitrary: mutated },
    {
      weight: 2,
      arbitrary: fc
        .uint8Array({ maxLength: 300 })
        .map((b): Payload => ({ raw: Buffer.from(b), origin: 'random bytes' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue({ maxDepth: 4 })
        .map((v): Payload => ({ raw: JSON.stringify(v) ?? 'null', origin: 'random JSON' })),
    },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s): Payload => ({ raw: s, origin: 'random text' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: MAX_PAYLOAD_BYTES - 8, max: MAX_PAYLOAD_BYTES * 4 })
        .map((n): Payload => ({ raw: Buffer.alloc(n, 0x20), origin: 'oversized' })),
    },
  );
}

// ---------------------------------------------------------------------------
// The oracle.

/** JSON pointer escaping, as TypeBox writes error paths. */
const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What is wrong with the answer to one payload, or null when it is right.
 * Plain comparisons rather than `expect`: this runs 70,000 times.
 */
function problemWith(kind: DeviceTopicKind, p: Payload, r: ParseResult<unknown>): string | null {
  const schema = payloadSchemaByTopic[kind];
  if (typeof r.ok !== 'boolean') return 'the result has no boolean ok';
  if (!r.ok && (typeof r.error !== 'string' || r.error.trim() === '')) return 'a refusal without a reason';
  const size = typeof p.raw === 'string' ? Buffer.byteLength(p.raw) : p.raw.length;
  if (size > MAX_PAYLOAD_BYTES) {
    if (r.ok) return `${size} bytes accepted over the ${MAX_PAYLOAD_BYTES}-byte limit`;
    const want = `payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}`;
    return r.error === want ? null : `size refusal says "${r.error}", not "${want}"`;
  }
  let value: unknown;
  try {
    value = JSON.parse(typeof p.raw === 'string' ? p.raw : p.raw.toString('utf8'));
  } catch {
    if (r.ok) return 'a payload that is not JSON was accepted';
    return /^payload is not JSON: \S/.test(r.error) ? null : `non-JSON refused with "${r.error}"`;
  }
  const valid = Value.Check(schema, value);
  if (r.ok !== valid) return `parsePayload says ok=${r.ok}, TypeBox's Value.Check says ${valid}`;
  if (r.ok) {
    if (!check(schema, value).ok) return 'accepted, but check() refuses the same value';
    return isDeepStrictEqual(r.value, value) ? null : 'the accepted value differs from the JSON sent';
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    // The error must name a field: one the schema knows, or one the payload carries.
    const fields = new Set([...Object.keys(schema.properties), ...Object.keys(value)]);
    for (const f of fields)
      if (r.error.startsWith(`/${pointer(f)}/`) || r.error.startsWith(`/${pointer(f)}: `)) return null;
    return `the error does not name a field: "${r.error}"`;
  }
  return /^\(root\): \S/.test(r.error) ? null : `a payload that is not an object refused with "${r.error}"`;
}

describe('fuzz: device payload validation', () => {
  const protoNames = Object.getOwnPropertyNames(Object.prototype).sort().join();

  it.each(DEVICE_TOPIC_KINDS.map((k, i) => [k, i] as const))(
    '%s: arbitrary payloads are refused with a reason naming the field, never thrown',
    (kind, index) => {
      const t0 = performance.now();
      let accepted = 0;
      let cases = 0;
      let crashes = 0;
      try {
        fc.assert(
          fc.property(payloadFor(kind), (p) => {
            cases += 1;
            let r: ParseResult<unknown>;
            try {
              r = parsePayload(payloadSchemaByTopic[kind], p.raw);
            } catch (err) {
              crashes += 1;
              throw err;
            }
            if (r.ok) accepted += 1;
            const problem = problemWith(kind, p, r);
            if (problem) throw new Error(`${p.origin}: ${problem}`);
            // A payload must never reach the prototype every object shares.
            if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== protoNames)
              throw new Error(`Object.prototype changed: ${Object.getOwnPropertyNames(Object.prototype).join()}`);
          }),
          { seed: SEED + index, numRuns: CASES },
        );
      } catch (err) {
        (err as Error).message = `${REPLAY} (kind ${kind}: seed ${SEED + index})\n${(err as Error).message}`;
        throw err;
      } finally {
        recordFuzz({ target: `mqtt-payload:${kind}`, cases, crashes, durationMs: Math.round(performance.now() - t0) });
      }
      // Not vacuous: the mutations keep some payloads valid and break most.
      expect(accepted, `${REPLAY}: no payload of ${CASES} was valid`).toBeGreaterThan(0);
      expect(accepted, `${REPLAY}: every payload was valid`).toBeLessThan(CASES);
    },
    // About a second per kind here; room for a loaded CI machine (the unit default is 10 s).
    60_000,
  );
});
