/**
 * Fuzz of the HTTP API (security issue: fuzz every boundary).
 *
 * The routes come from the gateway's own OpenAPI document, so a new route is
 * fuzzed without edits here. For each of three targets (request bodies, query
 * strings, path parameters), a fresh gateway with a few real records gets
 * 10,000 requests over every route and method, generated from the route's
 * schemas: values the schema accepts (biased towards ids that exist, so the
 * requests reach the handlers), and their mutations (missing and extra
 * fields, wrong types, out-of-range values, injection strings, unicode,
 * invalid JSON, wrong content types, bodies over the limit). Every answer
 * must be < 500, and a refusal must carry {statusCode, error, message}; a 5xx
 * or a dropped connection fails the test with the request that caused it.
 * Afterwards the database must hold no case without a number, no step that
 * ends before it starts, no link to a missing recording, and the audit trail
 * must still verify.
 *
 * The live streams (/api/events, /live/*) are left out: they never end.
 *
 * Replay a failure with LIUHEN_FUZZ_SEED=<seed> (printed on failure);
 * LIUHEN_FUZZ_CASES changes the number of requests per target (default 10,000).
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFmp4, removeTempDirs, tempDir } from '../../evidence/test/helpers.js';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

const SEED = process.env.LIUHEN_FUZZ_SEED ? Number(process.env.LIUHEN_FUZZ_SEED) : (Math.random() * 2 ** 31) >>> 0;
const CASES = Number(process.env.LIUHEN_FUZZ_CASES ?? 10_000);
const REPLAY = `seed ${SEED}: replay with LIUHEN_FUZZ_SEED=${SEED} npx vitest run gateway/test/fuzz-http.test.ts`;
const CONCURRENCY = 16;
/**
 * Time for sending cases: on a loaded machine fewer than CASES go out (the report says how many),
 * rather than the test failing for slowness. Every route is always sent first.
 */
const BUDGET_MS = Number(process.env.LIUHEN_FUZZ_BUDGET_SECONDS ?? 90) * 1000;
/** The API's bodyLimit (gateway/src/http/app.ts): a body over it must be refused with 413. */
const BODY_LIMIT = 64 * 1024;
/** Routes whose answer never ends. */
const STREAMS = ['/api/events', '/live/{file}'];
/** Routes that do real work per call (a ZIP, a workbook, a full re-sort, ffmpeg): fewer cases. */
const HEAVY = [
  'POST /api/cases/{id}/exports',
  'GET /api/ledger.xlsx',
  'GET /api/ledger.csv',
  'POST /api/sorting/full',
  'POST /api/retention/sweep',
  'GET /api/playback/media.mp4',
  'POST /api/cases/import',
  'POST /api/cases',
];

/** One line per target for bench/fuzz-report.mjs, when it asked for them. */
function recordFuzz(r: {
  target: string;
  /** How many routes the target covered. */
  routes: number;
  cases: number;
  crashes: number;
  invalidRowsStored: number;
  durationMs: number;
}) {
  const file = process.env.LIUHEN_FUZZ_REPORT;
  if (file) appendFileSync(file, JSON.stringify({ ...r, seed: SEED }) + '\n');
}

// ---------------------------------------------------------------------------
// The OpenAPI document, as far as requests go.

interface Schema {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  default?: unknown;
}
interface Param {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  method: string;
  /** OpenAPI form: /api/cases/{id} */
  path: string;
  params: Param[];
  body?: { type: string; schema: Schema };
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { parameters?: Param[]; requestBody?: { content: Record<string, { schema: Schema }> } }>
  >;
  components?: { schemas?: Record<string, Schema> };
}

const key = (op: Operation) => `${op.method} ${op.path}`;

// ---------------------------------------------------------------------------
// Values. Every random choice is fast-check's, so a seed replays a run.

/** Ids that exist in the gateway under test, by what they name; filled after seeding. */
interface Pools {
  devices: string[];
  officers: string[];
  units: string[];
  cases: string[];
  steps: string[];
  recordings: string[];
  reviews: string[];
  assignments: string[];
  exports: string[];
  alerts: string[];
  segments: string[];
}

const NOW = Date.now();
const INJECTION = [
  "' OR 1=1 --",
  "'; DROP TABLE cases; --",
  '" OR ""="',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '%00',
  '\u0000',
  '\u202e\u0645',
  '😀👮',
  '执法记录 案件',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  ' ',
  '',
];
/** date-time strings at the edges of what the format check lets through. */
const EDGE_DATES = [
  '2026-12-31T23:59:60Z',
  '2026-06-30T23:59:60+00:00',
  '2026-11-26t08:00:00z',
  '2026-11-26 08:00:00Z',
  '2026-11-26T08:00:00.123456789Z',
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59-23:59',
  '1970-01-01T00:00:00Z',
  '2026-02-29T00:00:00Z',
  '2026-11-26T08:00:00+14:00',
];
const dateTime: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.integer({ min: NOW - 30 * 86_400_000, max: NOW + 86_400_000 }).map((t) => new Date(t).toISOString()),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((t) => new Date(t).toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom(...EDGE_DATES) },
);
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(0, -1, 1.5, -0, 2 ** 31, 2 ** 53 + 1, 1e308, -1e308),
  fc.integer(),
  fc.constantFrom(...INJECTION),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('x'.repeat(201), 'x'.repeat(2001), 'y'.repeat(20_000)),
  fc.constantFrom([], {}, [1, 2], { a: 1 }, [[[]]], ['a']),
  fc.jsonValue({ maxDepth: 2 }),
);

/** Which pool a field or parameter draws real ids from, by its name (and the route, for `id`). */
function poolFor(name: string, route: string, pools: Pools): string[] | undefined {
  const byName: Record<string, keyof Pools> = {
    deviceId: 'devices',
    device: 'devices',
    officerId: 'officers',
    officer: 'officers',
    officers: 'officers',
    unitId: 'units',
    unit: 'units',
    parentId: 'units',
    stepId: 'steps',
    recordingId: 'recordings',
    recordingIds: 'recordings',
    case: 'cases',
    caseId: 'cases',
    name: 'segments',
  };
  if (name === 'id') {
    const seg = route.split('/')[2] ?? '';
    const byRoute: Record<string, keyof Pools> = {
      devices: 'devices',
      cases: 'cases',
      steps: 'steps',
      reviews: 'reviews',
      assignments: 'assignments',
      exports: 'exports',
      recordings: 'recordings',
      alerts: 'alerts',
      units: 'units',
      officers: 'officers',
    };
    return byRoute[seg] ? pools[byRoute[seg]] : undefined;
  }
  return byName[name] ? pools[byName[name]] : undefined;
}

class Gen {
  private memo = new Map<Schema, fc.Arbitrary<unknown>>();
  constructor(
    private doc: OpenApi,
    private pools: Pools,
  ) {}

  resolve(s: Schema): Schema {
    if (!s.$ref) return s;
    const name = s.$ref.split('/').pop()!;
    return this.doc.components?.schemas?.[name] ?? {};
  }

  /** A value the schema accepts, biased to existing ids where the name says what it is. */
  valid(s0: Schema, name = '', route = ''): fc.Arbitrary<unknown> {
    const pool = name ? poolFor(name, route, this.pools) : undefined;
    const base = this.validBare(s0);
    if (!pool || pool.length === 0) return base;
    const s = this.resolve(s0);
    const ids = fc.constantFrom(...pool);
    // An array of ids (recordingIds, officers): real ones, unique.
    if (s.type === 'array')
      return fc.oneof(
        {
          weight: 3,
          arbitrary: fc.uniqueArray(ids, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) }),
        },
        { weight: 1, arbitrary: base },
      );
    return fc.oneof({ weight: 3, arbitrary: ids }, { weight: 1, arbitrary: base });
  }

  private validBare(s0: Schema): fc.Arbitrary<unknown> {
    const hit = this.memo.get(s0);
    if (hit) return hit;
    const a = this.build(s0);
    this.memo.set(s0, a);
    return a;
  }

  private build(s0: Schema): fc.Arbitrary<unknown> {
    const s = this.resolve(s0);
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    const nullable = s.nullable === true || types.includes('null');
    const core = this.core(s, types.filter((t) => t !== 'null')[0]);
    return nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: core }) : core;
  }

  private core(s: Schema, type: string | undefined): fc.Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (s.enum) return fc.constantFrom(...s.enum);
    if (s.anyOf || s.oneOf) return fc.oneof(...(s.anyOf ?? s.oneOf)!.map((m) => this.validBare(m)));
    if (s.allOf) {
      const merged: Schema = { type: 'object', properties: {}, required: [] };
      for (const m of s.allOf.map((x) => this.resolve(x))) {
        Object.assign(merged.properties!, m.properties ?? {});
        merged.required!.push(...(m.required ?? []));
      }
      return this.validBare(merged);
    }
    switch (type ?? (s.properties ? 'object' : undefined)) {
      case 'string': {
        if (s.format === 'date-time') return dateTime;
        if (s.format === 'uuid') return fc.uuid();
        const maxLength = Math.min(s.maxLength ?? 40, 60);
        if (s.pattern)
          return fc
            .stringMatching(new RegExp(s.pattern), { size: 'small' })
            .filter((x) => x.length >= (s.minLength ?? 0) && x.length <= (s.maxLength ?? Infinity));
        return fc.oneof(
          { weight: 3, arbitrary: fc.string({ minLength: s.minLength ?? 0, maxLength }) },
          { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength }) },
        );
      }
      case 'integer':
        return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
      case 'boolean':
        return fc.boolean();
      case 'array': {
        const item = s.items ? this.validBare(s.items) : fc.constant(null);
        const c = { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) };
        return s.uniqueItems ? fc.uniqueArray(item, { ...c, selector: (v) => JSON.stringify(v) }) : fc.array(item, c);
      }
      case 'object': {
        const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, this.validBare(v)]));
        return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
      }
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  /** An object body the schema accepts, with real ids where a field names one. */
  body(s0: Schema, route: string): fc.Arbitrary<unknown> {
    const s = this.resolve(s0);
    if (!s.properties) return this.validBare(s);
    const props = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, this.valid(v, k, route)]));
    return fc.record(props, { requiredKeys: (s.required ?? []).filter((k) => k in props) });
  }
}

/** One edit that (most likely) makes an object body invalid. */
type BodyEdit =
  | { op: 'drop'; field: number }
  | { op: 'wrong'; field: number; value: unknown }
  | { op: 'extra'; key: string; value: unknown }
  | { op: 'long'; field: number };

const bodyEdit: fc.Arbitrary<BodyEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), field: fc.nat() }),
  { weight: 3, arbitrary: fc.record({ op: fc.constant('wrong' as const), field: fc.nat(), value: wrongValue }) },
  fc.record({
    op: fc.constant('extra' as const),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'created_at', ''),
      fc.string({ maxLength: 8 }),
    ),
    value: wrongValue,
  }),
  fc.record({ op: fc.constant('long' as const), field: fc.nat() }),
);

function editBody(body: unknown, schema: Schema, e: BodyEdit): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const o = { ...(body as Record<string, unknown>) };
  const fields = Object.keys(schema.properties ?? {});
  const f = fields.length ? fields[('field' in e ? e.field : 0) % fields.length]! : 'x';
  if (e.op === 'drop') delete o[f];
  else if (e.op === 'wrong') o[f] = e.value;
  else if (e.op === 'long') o[f] = 'x'.repeat((schema.properties?.[f]?.maxLength ?? 500) + 1);
  // defineProperty: a `__proto__` key must be sent as a key, not become the prototype.
  else Object.defineProperty(o, e.key, { value: e.value, enumerable: true, writable: true, configurable: true });
  return o;
}

/** Bodies that are not what any route expects. */
const JUNK_BODIES: [string, string][] = [
  ['', 'application/json'],
  ['{', 'application/json'],
  ['{"a":1,}', 'application/json'],
  ["{'a':1}", 'application/json'],
  ['[1,2', 'application/json'],
  ['NaN', 'application/json'],
  ['null', 'application/json'],
  ['[]', 'application/json'],
  ['42', 'application/json'],
  ['"text"', 'application/json'],
  ['\ufeff{}', 'application/json'],
  ['{"__proto__":{"isAdmin":true}}', 'application/json'],
  ['{"constructor":{"prototype":{"isAdmin":true}}}', 'application/json'],
  ['{"a":1} trailing', 'application/json'],
  ['{}', 'text/plain'],
  ['{}', 'application/x-www-form-urlencoded'],
  ['a=1&b=2', 'application/x-www-form-urlencoded'],
  ['{}', 'multipart/form-data; boundary=x'],
  ['{}', 'application/xml'],
  ['<a/>', 'text/xml'],
  ['{}', 'application/json; charset=latin1'],
  ['{}', 'APPLICATION/JSON'],
  ['{}', 'application/json; charset=utf-8'],
  ['{}', ''],
  ['a,b\n1,2\n', 'text/csv'],
  [`${'['.repeat(30_000)}${']'.repeat(30_000)}`, 'application/json'],
  [`{"a":"${'x'.repeat(BODY_LIMIT + 10)}"}`, 'application/json'],
  [`${'x'.repeat(BODY_LIMIT + 10)}`, 'text/plain'],
];

/** CSV for the import: the real columns (English or Chinese), values fuzzed. */
const CSV_HEADERS = [
  'case_number,case_kind,case_title,party,unit_id,major,step_kind,step_title,starts_at,ends_at,location,lat,lon,requirement,officers',
  '案件编号,案件类型,案由,当事人,执法单位,重大,执法环节,环节说明,开始时间,结束时间,地点,纬度,经度,记录要求,执法人员',
  'case_number,case_kind,case_title,step_kind,starts_at,officers',
];
const csvCell = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'FZ-1',
      'penalty',
      '行政处罚',
      'on-site-inspection',
      '现场检查',
      'required',
      '33010012',
      'u-fz',
      '1',
      '0',
      '30.2',
      '120.1',
    ),
  },
  { weight: 2, arbitrary: dateTime },
  {
    weight: 2,
    arbitrary: fc.constantFrom(...INJECTION, '"quoted, with comma"', '"unterminated', '=cmd|calc', 'a\nb', '"a""b"'),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);
const csvBody: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...CSV_HEADERS),
    fc.array(fc.array(csvCell, { minLength: 1, maxLength: 16 }), { maxLength: 4 }),
  )
  .map(([h, rows]) => [h, ...rows.map((r) => r.join(','))].join('\n') + '\n');

// ---------------------------------------------------------------------------
// Requests.

interface Req {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The route it was made for, for the report. */
  route: string;
}

/** Path parameter values that a router, a pattern or a file system might mishandle. */
const PATH_JUNK = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '..%5c..%5cwindows',
  '%00',
  'a%00b',
  '%zz',
  '%',
  '%E0%A4%A',
  '%20',
  '%3B',
  '%3F',
  '%23',
  '%2F',
  'x'.repeat(101),
  'y'.repeat(2000),
  '%F0%9F%98%80',
  '%E6%89%A7%E6%B3%95',
  'NaN',
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
];

/** A raw query string: encoded pairs, plus the odd shapes query parsers meet. */
const QUERY_JUNK = [
  '__proto__[x]=1',
  '__proto__=1',
  'constructor[prototype][x]=1',
  'a[]=1&a[]=2',
  'a[b]=c',
  '%zz=1',
  'limit=%',
  '&&&',
  '=',
  '==1',
  'a=1;b=2',
  `q=${'x'.repeat(20_000)}`,
];

/** Credentials other than the admin token: each must be answered 401, never a crash. */
const JUNK_AUTH = [
  'Bearer lh_not-a-real-token',
  'Bearer ',
  "Bearer ' OR 1=1 --",
  'Basic Og==',
  'Basic !!!not-base64',
  `Basic ${Buffer.from('张警官:密码').toString('base64')}`,
  'Digest x',
  'a'.repeat(300),
];
/** The fuzzed station's admin token (set when it starts). */
let bearer = '';

function encodeQuery(pairs: [string, string][]): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
const asQueryValue = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : (JSON.stringify(v) ?? '');

type Target = 'bodies' | 'query' | 'path';

function requestArb(op: Operation, target: Target, gen: Gen): fc.Arbitrary<Req> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const route = key(op);

  // Path parameters: valid (real ids mostly) unless the path is the target.
  const validPath = fc
    .tuple(...pathParams.map((p) => gen.valid(p.schema, p.name, op.path)))
    .map((vs) => vs.map((v) => encodeURIComponent(String(v))));
  const fuzzedPath = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { weight: 3, arbitrary: gen.valid(p.schema, p.name, op.path).map((v) => encodeURIComponent(String(v))) },
        { weight: 3, arbitrary: fc.constantFrom(...PATH_JUNK) },
        { weight: 2, arbitrary: fc.constantFrom(...INJECTION).map(encodeURIComponent) },
        { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent) },
        { weight: 1, arbitrary: wrongValue.map((v) => encodeURIComponent(asQueryValue(v))) },
      ),
    ),
  );
  const pathArb = target === 'path' ? fuzzedPath : validPath;

  // Query: valid pairs, or mutated, or junk, when the query is the target; otherwise valid or none.
  const validPairs = fc
    .tuple(
      ...queryParams.map((p) =>
        fc.option(
          gen.valid(p.schema, p.name, op.path).map((v) => [p.name, asQueryValue(v)] as [string, string]),
          { freq: 2 },
        ),
      ),
    )
    .map((ps) => ps.filter((p): p is [string, string] => p !== null));
  const validQuery = validPairs.map(encodeQuery);
  const fuzzedQuery = fc.oneof(
    { weight: 4, arbitrary: validQuery },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          validPairs,
          fc.oneof(
            ...(queryParams.length ? [fc.constantFrom(...queryParams.map((p) => p.name))] : []),
            fc.string({ maxLength: 8 }),
          ),
          wrongValue,
          fc.boolean(),
        )
        .map(([pairs, name, v, repeat]) => {
          const value = asQueryValue(v);
          return encodeQuery(
            repeat ? [...pairs, [name, value], [name, value]] : [...pairs.filter(([k]) => k !== name), [name, value]],
          );
        }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...QUERY_JUNK) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(validQuery, fc.constantFrom(...INJECTION, ...EDGE_DATES))
        .map(([q, s]) =>
          [q, ...queryParams.map((p) => `${p.name}=${encodeURIComponent(s)}`)].filter(Boolean).join('&'),
        ),
    },
  );
  const queryArb =
    target === 'query' ? fuzzedQuery : queryParams.length ? fc.oneof(fc.constant(''), validQuery) : fc.constant('');

  // Body: valid, mutated or junk when bodies are the target; otherwise valid.
  let bodyArb: fc.Arbitrary<{ body?: string; type?: string }>;
  if (op.body?.type === 'text/csv') {
    const csv = csvBody.map((b) => ({ body: b, type: 'text/csv' }));
    bodyArb =
      target === 'bodies'
        ? fc.oneof(
            { weight: 5, arbitrary: csv },
            { weight: 1, arbitrary: fc.constantFrom(...JUNK_BODIES).map(([b, t]) => ({ body: b, type: t })) },
          )
        : csv;
  } else if (op.body) {
    const schema = gen.resolve(op.body.schema);
    const valid = gen.body(schema, op.path);
    const asJson = (v: unknown) => ({ body: JSON.stringify(v), type: 'application/json' });
    bodyArb =
      target === 'bodies'
        ? fc.oneof(
            { weight: 4, arbitrary: valid.map(asJson) },
            {
              weight: 5,
              arbitrary: fc
                .tuple(valid, fc.array(bodyEdit, { minLength: 1, maxLength: 2 }))
                .map(([v, edits]) => asJson(edits.reduce((b, e) => editBody(b, schema, e), v))),
            },
            { weight: 2, arbitrary: fc.constantFrom(...JUNK_BODIES).map(([b, t]) => ({ body: b, type: t })) },
            { weight: 1, arbitrary: wrongValue.map(asJson) },
          )
        : valid.map(asJson);
  } else if (op.method === 'PATCH' && headerParams.some((h) => h.name === 'upload-offset')) {
    // The offload chunk route: raw bytes (the upload fuzz covers it in depth).
    bodyArb = fc.string({ maxLength: 64 }).map((b) => ({ body: b, type: 'application/offset+octet-stream' }));
  } else {
    // A route without a body: bodies anyway when they are the target.
    bodyArb =
      target === 'bodies' && op.method !== 'GET'
        ? fc.oneof(
            { weight: 2, arbitrary: fc.constant({}) },
            { weight: 1, arbitrary: fc.constantFrom(...JUNK_BODIES).map(([b, t]) => ({ body: b, type: t })) },
          )
        : fc.constant({});
  }

  const headersArb = fc.record({
    offset: fc.oneof(fc.nat({ max: 100 }).map(String), fc.constantFrom('-1', 'x', '')),
    // One request in six carries bad credentials; the rest reach the routes as the admin.
    junkAuth: fc.oneof(
      { weight: 5, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...JUNK_AUTH) },
    ),
  });

  return fc.tuple(pathArb, queryArb, bodyArb, headersArb).map(([ps, q, b, h]): Req => {
    let i = 0;
    const path = op.path.replace(/\{[^}]+\}/g, () => ps[i++] ?? '');
    const headers: Record<string, string> = {};
    if (b.type) headers['content-type'] = b.type;
    if (headerParams.some((p) => p.name === 'upload-offset')) headers['upload-offset'] = h.offset;
    headers.authorization = h.junkAuth ?? `Bearer ${bearer}`;
    return { method: op.method, path: q ? `${path}?${q}` : path, headers, body: b.body, route };
  });
}

// ---------------------------------------------------------------------------
// Sending, and judging one answer.

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One request. A keep-alive socket the server closed after its previous answer (it does so
 * after refusing a body it did not read) fails the next request on it before the server sees
 * it: that request is sent again, once, on a new connection. A drop there is the server's.
 */
function send(base: string, r: Pick<Req, 'method' | 'path' | 'headers' | 'body'>, fresh = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    // Node sends the body of a GET or DELETE without a length unless told: always tell it.
    const headers =
      r.body === undefined ? r.headers : { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) };
    const req = request(`${base}${r.path}`, { method: r.method, headers, agent: fresh ? false : agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        answered = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', (err) => reject(new Error(`connection dropped while reading the answer: ${err.message}`)));
    });
    req.on('error', (err) => {
      // A server that answers 413 before reading a big body may close while it is still being sent.
      if (answered) return;
      if (req.reusedSocket && !fresh) send(base, r, true).then(resolve, reject);
      else reject(new Error(`connection dropped: ${err.message}`));
    });
    req.setTimeout(20_000, () => req.destroy(new Error('no answer within 20 s')));
    req.end(r.body);
  });
}

/** What is wrong with an answer, or null. */
function judge(a: Answer): string | null {
  if (a.status >= 500) return `${a.status}: ${a.body.toString('utf8').slice(0, 300)}`;
  if (a.status < 400) return null;
  let body: unknown;
  try {
    body = JSON.parse(a.body.toString('utf8'));
  } catch {
    return `${a.status} with a body that is not JSON: ${JSON.stringify(a.body.toString('utf8').slice(0, 200))}`;
  }
  const b = body as Record<string, unknown>;
  const ok =
    typeof b === 'object' &&
    b !== null &&
    b.statusCode === a.status &&
    typeof b.error === 'string' &&
    b.error.length > 0 &&
    typeof b.message === 'string' &&
    b.message.trim().length > 0;
  return ok ? null : `${a.status} without {statusCode, error, message}: ${JSON.stringify(b).slice(0, 300)}`;
}

const describeReq = (r: Req) =>
  `${r.method} ${r.path.slice(0, 300)}${r.path.length > 300 ? '…' : ''} ${JSON.stringify(r.headers)}` +
  (r.body === undefined
    ? ''
    : ` body ${JSON.stringify(String(r.body).slice(0, 400))}${r.body.length > 400 ? `… (${r.body.length} chars)` : ''}`);

// ---------------------------------------------------------------------------
// A fresh gateway with a few real records, for each target.

let mp4: Buffer;
beforeAll(() => {
  mp4 = readFileSync(makeFmp4(join(tempDir('fuzz-http'), 'clip.mp4'), 2));
}, 60_000);
afterAll(() => {
  agent.destroy();
  removeTempDirs();
});

async function api(gw: TestGateway, method: string, path: string, body?: unknown, type = 'application/json') {
  const a = await send(gw.url, {
    method,
    path,
    headers: { authorization: `Bearer ${gw.token}`, ...(body === undefined ? {} : { 'content-type': type }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = a.body.toString('utf8');
  if (a.status >= 300) throw new Error(`seeding: ${method} ${path} answered ${a.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as Record<string, unknown>;
}

async function seed(gw: TestGateway): Promise<Pools> {
  const iso = (t: number) => new Date(t).toISOString();
  await registerDevice(gw, 'fz-dev-1');
  await api(gw, 'POST', '/api/devices', { id: 'fz-inv-1', profile: 'sim', serial: 'SN-FZ-1' });
  await api(gw, 'POST', '/api/units', { id: 'u-fz', name: 'Fuzz unit' });
  await api(gw, 'POST', '/api/officers', { id: '33010012', name: 'Officer Fuzz', unitId: 'u-fz' });
  const a = await api(gw, 'POST', '/api/assignments', {
    deviceId: 'fz-dev-1',
    officerId: '33010012',
    startedAt: iso(NOW - 3 * 3600_000),
  });
  // One real recording, offloaded as a recorder does.
  const name = 'fz-dev-1_000001.mp4';
  const up = `/api/devices/fz-dev-1/uploads/${name}`;
  const patched = await send(gw.url, {
    method: 'PATCH',
    path: up,
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: mp4,
  });
  expect(patched.status).toBe(200);
  const ack = await api(gw, 'POST', `${up}/complete`, {
    bytes: mp4.length,
    sha256: createHash('sha256').update(mp4).digest('hex'),
    startedAt: iso(NOW - 3600_000),
    endedAt: iso(NOW - 3600_000 + 2000),
    officerId: '33010012',
    recordingIds: ['rec-fz-1'],
    marked: true,
  });
  const c = await api(gw, 'POST', '/api/cases', {
    number: 'FZ-0001',
    kind: 'penalty',
    title: 'Fuzz case',
    unitId: 'u-fz',
    steps: [
      {
        kind: 'on-site-inspection',
        startsAt: iso(NOW - 2 * 3600_000),
        endsAt: iso(NOW - 1800_000),
        officers: ['33010012'],
      },
      { kind: 'hearing', startsAt: iso(NOW - 600_000), officers: ['33010012'] },
    ],
  });
  const job = await api(gw, 'POST', `/api/cases/${c.id as string}/exports`, { format: 'folder' });
  const reviews = (await api(gw, 'GET', '/api/reviews')).items as { id: string }[];
  const alerts = (await api(gw, 'GET', '/api/alerts')).alerts as { id: string }[];
  await api(gw, 'PUT', '/api/devices/fz-dev-1/key', {
    publicKeyPem: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  });
  return {
    devices: ['fz-dev-1', 'fz-inv-1'],
    officers: ['33010012'],
    units: ['u-fz'],
    cases: [c.id as string],
    steps: (c.steps as { id: string }[]).map((s) => s.id),
    recordings: [ack.recordingId as string],
    reviews: reviews.map((r) => r.id),
    assignments: [a.id as string],
    exports: [job.id as string],
    alerts: alerts.map((x) => x.id),
    segments: [name, 'fz-dev-1_000002.mp4'],
  };
}

// ---------------------------------------------------------------------------
// What must hold afterwards.

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Rows that break the invariants: a few of each kind as text, and how many in all. */
function dbProblems(gw: TestGateway): { lines: string[]; rows: number } {
  const db = new Database(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true, fileMustExist: true });
  const problems: string[] = [];
  let count = 0;
  const rows = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
  const add = (what: string, list: Record<string, unknown>[]) => {
    count += list.length;
    for (const r of list.slice(0, 5)) problems.push(`${what}: ${JSON.stringify(r).slice(0, 300)}`);
    if (list.length > 5) problems.push(`${what}: … and ${list.length - 5} more`);
  };
  try {
    add(
      'a case without a number',
      rows('SELECT id, number FROM cases').filter((c) => typeof c.number !== 'string' || c.number.trim() === ''),
    );
    add(
      'a step that ends before it starts, or with a malformed time',
      rows('SELECT id, starts_at, ends_at FROM steps').filter(
        (s) =>
          !ISO_UTC.test(String(s.starts_at)) ||
          (s.ends_at !== null &&
            (!ISO_UTC.test(String(s.ends_at)) || Date.parse(String(s.ends_at)) <= Date.parse(String(s.starts_at)))),
      ),
    );
    add(
      'an assignment that ends before it starts, or with a malformed time',
      rows('SELECT id, started_at, ended_at FROM assignments').filter(
        (s) =>
          !ISO_UTC.test(String(s.started_at)) ||
          (s.ended_at !== null && (!ISO_UTC.test(String(s.ended_at)) || String(s.ended_at) <= String(s.started_at))),
      ),
    );
    add(
      'a link to a missing recording or step',
      rows(
        `SELECT l.step_id, l.recording_id FROM links l
         LEFT JOIN recordings r ON r.id = l.recording_id LEFT JOIN steps s ON s.id = l.step_id
         WHERE r.id IS NULL OR s.id IS NULL`,
      ),
    );
    add(
      'officers of a missing step',
      rows('SELECT so.step_id FROM step_officers so LEFT JOIN steps s ON s.id = so.step_id WHERE s.id IS NULL'),
    );
    add(
      'an officer of a missing unit',
      rows(
        'SELECT o.id, o.unit_id FROM officers o LEFT JOIN units u ON u.id = o.unit_id WHERE o.unit_id IS NOT NULL AND u.id IS NULL',
      ),
    );
  } finally {
    db.close();
  }
  return { lines: problems, rows: count };
}

// ---------------------------------------------------------------------------

async function fuzzTarget(target: Target): Promise<void> {
  const t0 = performance.now();
  const gw = await startTestGateway();
  bearer = gw.token;
  let crashes = 0;
  let invalid = 0;
  let sent = 0;
  let routes = 0;
  try {
    const pools = await seed(gw);
    const doc = (await api(gw, 'GET', '/api/openapi.json')) as unknown as OpenApi;
    const ops: Operation[] = [];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (STREAMS.includes(path)) continue;
      for (const [m, o] of Object.entries(methods)) {
        const content = Object.entries(o.requestBody?.content ?? {})[0];
        ops.push({
          method: m.toUpperCase(),
          path,
          params: o.parameters ?? [],
          body: content ? { type: content[0], schema: content[1].schema } : undefined,
        });
      }
    }
    expect(ops.length, 'routes in the OpenAPI document').toBeGreaterThan(40);
    // Every route gets its share of the target; routes the target does not apply to are left out.
    const applies = (op: Operation) =>
      target === 'path'
        ? op.params.some((p) => p.in === 'path')
        : target === 'bodies'
          ? op.body !== undefined || op.method !== 'GET'
          : true;
    const chosen = ops.filter(applies);
    routes = chosen.length;
    const gen = new Gen(doc, pools);
    const arb = fc.oneof(
      ...chosen.map((op) => ({
        weight: HEAVY.includes(key(op)) ? 1 : 8,
        arbitrary: requestArb(op, target, gen),
      })),
    );
    const reqs = fc.sample(arb, { seed: SEED + ['bodies', 'query', 'path'].indexOf(target), numRuns: CASES });
    // Each route at least once, whatever the draw, and first, so a time-bounded run covers them all.
    const seen = new Set(reqs.map((r) => r.route));
    for (const op of chosen)
      if (!seen.has(key(op))) reqs.unshift(fc.sample(requestArb(op, target, gen), { seed: SEED, numRuns: 1 })[0]!);
    const firstOfEach = new Map<string, number>();
    reqs.forEach((r, i) => {
      if (!firstOfEach.has(r.route)) firstOfEach.set(r.route, i);
    });
    const order = [...new Set(firstOfEach.values())];
    const ordered = [...order.map((i) => reqs[i]!), ...reqs.filter((_, i) => !order.includes(i))];
    reqs.splice(0, reqs.length, ...ordered);
    const stopAt = performance.now() + BUDGET_MS;

    const failures = new Map<string, string>();
    let next = 0;
    const worker = async () => {
      while (next < reqs.length && (next < order.length || performance.now() < stopAt)) {
        const r = reqs[next++]!;
        sent += 1;
        let problem: string | null;
        try {
          problem = judge(await send(gw.url, r));
        } catch (err) {
          problem = (err as Error).message;
        }
        if (problem) {
          if (/^5\d\d|connection|no answer/.test(problem)) crashes += 1;
          // One example per route and kind of problem.
          const k = `${r.route} ${problem.slice(0, 40)}`;
          if (!failures.has(k)) failures.set(k, `${describeReq(r)}\n    → ${problem}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    // The station still answers, its data still hold together, and the audit trail verifies.
    const health = await send(gw.url, { method: 'GET', path: '/api/health', headers: {} });
    expect(health.status).toBe(200);
    const problems = dbProblems(gw);
    invalid = problems.rows;
    const verify = (await api(gw, 'GET', '/api/audit/verify')) as { ok: boolean; firstBad?: unknown };
    expect
      .soft(
        [...failures.values()].slice(0, 30).join('\n'),
        `${REPLAY}: ${failures.size} routes × problems (target ${target}; ${crashes} 5xx or dropped)`,
      )
      .toBe('');
    expect
      .soft(problems.lines.join('\n'), `${REPLAY}: stored rows that do not hold together (target ${target})`)
      .toBe('');
    expect.soft(verify, `${REPLAY}: the audit trail (target ${target})`).toMatchObject({ ok: true });
  } finally {
    recordFuzz({
      target: `http-${target}`,
      routes,
      cases: sent,
      crashes,
      invalidRowsStored: invalid,
      durationMs: Math.round(performance.now() - t0),
    });
    await gw.cleanup();
  }
}

describe('fuzz: HTTP API, every route from the OpenAPI document', () => {
  it(`request bodies: ${CASES} requests`, () => fuzzTarget('bodies'), 300_000);
  it(`query strings: ${CASES} requests`, () => fuzzTarget('query'), 300_000);
  it(`path parameters: ${CASES} requests`, () => fuzzTarget('path'), 300_000);
});
