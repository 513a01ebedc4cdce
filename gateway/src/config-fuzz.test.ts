/**
 * Fuzz of the config loader (security issue: fuzz every boundary).
 *
 * 10,000 random combinations of a YAML file (structured documents built from
 * the schema, with wrong types, out-of-range values, unknown and special keys,
 * raw YAML oddities, and plain junk), an environment map and `overrides` go
 * through `loadConfig`. Each must end in a config that validates again (and
 * loads to itself), or in a plain Error whose message names the setting and
 * where its value came from: never another exception type, never a hang.
 *
 * Replay a failure with LIUHEN_FUZZ_SEED=<seed> (printed on failure);
 * LIUHEN_FUZZ_CASES changes the number of cases (default 10,000).
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '@liuhen/device-profiles';
import { CONFIG_FILE_ENV, GatewayConfig, envName, loadConfig, type LoadConfigOptions } from './config.js';

const SEED = process.env.LIUHEN_FUZZ_SEED ? Number(process.env.LIUHEN_FUZZ_SEED) : (Math.random() * 2 ** 31) >>> 0;
const CASES = Number(process.env.LIUHEN_FUZZ_CASES ?? 10_000);
const REPLAY = `seed ${SEED}: replay with LIUHEN_FUZZ_SEED=${SEED} npx vitest run gateway/src/config-fuzz.test.ts`;
/** A single load taking this long counts as a hang (a normal one takes well under a millisecond). */
const HANG_MS = 2000;

/** One line per target for bench/fuzz-report.mjs, when it asked for them. */
function recordFuzz(r: { target: string; cases: number; crashes: number; durationMs: number }): void {
  const file = process.env.LIUHEN_FUZZ_REPORT;
  if (file) appendFileSync(file, JSON.stringify({ ...r, invalidRowsStored: 0, seed: SEED }) + '\n');
}

// ---------------------------------------------------------------------------
// The schema, read at run time so new settings are fuzzed without edits here.

interface Schema {
  type?: string;
  const?: unknown;
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SECTIONS = Object.entries(GatewayConfig.properties as Record<string, Schema>).map(
  ([name, s]) => [name, Object.entries(s.properties ?? {})] as const,
);
const SECTION_NAMES = SECTIONS.map(([n]) => n);
const isKnownSection = (s: string) => Object.prototype.hasOwnProperty.call(GatewayConfig.properties, s);
const settingSchema = (section: string, key: string): Schema | undefined =>
  isKnownSection(section)
    ? Object.entries((GatewayConfig.properties as Record<string, Schema>)[section]!.properties ?? {}).find(
        ([k]) => k === key,
      )?.[1]
    : undefined;

/**
 * A value the schema accepts (bounded sizes: this is about the loader, not about big configs).
 * Memoized: `chain` below asks again for every case, and building a regex-driven
 * arbitrary each time would cost more than the loads themselves.
 */
const validMemo = new WeakMap<Schema, fc.Arbitrary<Json>>();
function validFor(s: Schema): fc.Arbitrary<Json> {
  let a = validMemo.get(s);
  if (!a) validMemo.set(s, (a = buildValid(s)));
  return a;
}
function buildValid(s: Schema): fc.Arbitrary<Json> {
  if (s.const !== undefined) return fc.constant(s.const as Json);
  if (s.anyOf) return fc.oneof(...s.anyOf.map(validFor));
  switch (s.type) {
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 2_000_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e9, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return s.pattern
        ? fc.stringMatching(new RegExp(s.pattern))
        : fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 40) });
    case 'array':
      return fc.array(s.items ? validFor(s.items) : fc.constant(null), { maxLength: 3 });
    case 'object': {
      const props = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, validFor(v)]));
      return fc.record(props, { requiredKeys: s.required ?? [] }) as fc.Arbitrary<Json>;
    }
    default:
      return fc.constant(null);
  }
}

/** Just outside the bounds the schema sets, where off-by-one mistakes live. */
function edgesOf(s: Schema): Json[] {
  const out: Json[] = [];
  for (const b of [s.minimum, s.maximum])
    if (b !== undefined) out.push(b, b - 1, b + 1, b - 0.5, b + 0.5, b + 1e-9 * Math.max(1, Math.abs(b)));
  if (s.maxLength !== undefined) out.push('x'.repeat(s.maxLength + 1));
  if (s.minLength) out.push('x'.repeat(s.minLength - 1));
  return out;
}

const INJECTION = ["' OR 1=1 --", '../../etc/passwd', '<script>x</script>', '${HOME}', '\u0000', '😀', '配置'];
const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 1, 2 ** 31, 2 ** 53, 1e308, -0, 0.5),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', ' ', '8080', 'true', 'null', '1e3', 'x'.repeat(5000), ...INJECTION),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/**
 * YAML scalars with meanings of their own (NaN, infinity, YAML 1.1 booleans,
 * octal, tags, aliases): carried as marked strings, written raw into the text.
 */
const RAW_MARK = '\u{10FFFF}raw:';
const RAW_RE = /"\u{10FFFF}raw:((?:[^"\\]|\\.)*)\u{10FFFF}"/gu;
const RAW_YAML = [
  '.nan',
  '.inf',
  '-.inf',
  '~',
  'null',
  'yes',
  'on',
  'No',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '+8080',
  '8080.0',
  '1e3',
  '2026-01-01',
  '!!str 8080',
  '!!int "8080"',
  '!!float 1',
  '!!binary aGVsbG8=',
  '!!js/function "function () {}"',
  '!!set {a, b}',
  '!!omap [a: 1]',
  '&anchor 5',
  '*missing',
  '[1, 2',
  '{a: 1',
  '"unterminated',
  "'it''s'",
  '|\n    block\n    text',
];
const rawYaml = fc.constantFrom(...RAW_YAML).map((t) => `${RAW_MARK}${t}\u{10FFFF}`);

const SPECIAL_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const odd = fc.oneof(
  fc.constantFrom(...SPECIAL_KEYS, '', ' ', 'a.b', 'a/b', 'a:b', '~', '<<', '-', '?', '#x', 'PORT'),
  fc.string({ maxLength: 12 }),
);

/** A value for one known setting: mostly right, often wrong. */
const settingMemo = new WeakMap<Schema, fc.Arbitrary<Json>>();
function settingValue(s: Schema): fc.Arbitrary<Json> {
  let a = settingMemo.get(s);
  if (!a)
    settingMemo.set(
      s,
      (a = fc.oneof(
        { weight: 8, arbitrary: validFor(s) },
        { weight: 2, arbitrary: edgesOf(s).length ? fc.constantFrom(...edgesOf(s)) : validFor(s) },
        { weight: 3, arbitrary: wrongValue },
        { weight: 1, arbitrary: rawYaml },
      )),
    );
  return a;
}

/** The mapping of one section: known keys, sometimes an unknown or special one. */
const bodyMemo = new Map<string, fc.Arbitrary<Json>>();
function sectionBody(section: string): fc.Arbitrary<Json> {
  let a = bodyMemo.get(section);
  if (!a) bodyMemo.set(section, (a = buildBody(SECTIONS.find(([n]) => n === section)?.[1] ?? SECTIONS[0]![1])));
  return a;
}
function buildBody(keys: readonly (readonly [string, Schema])[]): fc.Arbitrary<Json> {
  const known = fc
    .uniqueArray(fc.constantFrom(...keys), { maxLength: Math.min(keys.length, 4), selector: ([k]) => k })
    .chain((picked) => fc.tuple(...picked.map(([k, s]) => settingValue(s).map((v) => [k, v] as const))));
  const extra = fc.array(fc.tuple(odd, wrongValue), { maxLength: 1 });
  const mapping = fc.tuple(known, fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: extra }));
  return fc.oneof(
    {
      weight: 12,
      arbitrary: mapping.map(([k, x]) => {
        const o: { [key: string]: Json } = {};
        for (const [key, v] of [...k, ...x]) setOwn(o, key, v);
        return o;
      }),
    },
    // A section that is not a mapping at all.
    { weight: 1, arbitrary: fc.oneof(wrongValue, rawYaml, fc.constant([] as Json)) },
  );
}

/** A whole document: known sections, sometimes an unknown or special one. */
const structuredDoc: fc.Arbitrary<{ [key: string]: Json }> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...SECTIONS), { maxLength: 4, selector: ([n]) => n }),
    fc.oneof({ weight: 8, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(odd, { maxLength: 1 }) }),
  )
  .chain(([known, unknown]) =>
    fc.tuple(
      fc.tuple(...known.map(([n]) => sectionBody(n).map((b) => [n, b] as const))),
      fc.tuple(...unknown.map((n) => sectionBody(SECTION_NAMES[0]!).map((b) => [n, b] as const))),
    ),
  )
  .map(([a, b]) => {
    const doc: { [key: string]: Json } = {};
    for (const [k, v] of [...a, ...b]) setOwn(doc, k, v);
    return doc;
  });

function setOwn(obj: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Block YAML with JSON scalars (JSON is YAML), or the whole document as one JSON flow mapping. */
function toYaml(doc: { [key: string]: Json }, style: 'block' | 'flow' | 'crlf'): string {
  const key = (k: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && k !== '__proto__' ? k : JSON.stringify(k));
  const scalar = (v: Json) => JSON.stringify(v);
  let text: string;
  if (style === 'flow') text = JSON.stringify(doc);
  else {
    const lines: string[] = [];
    for (const [s, body] of Object.entries(doc)) {
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        lines.push(`${key(s)}:`);
        for (const [k, v] of Object.entries(body)) lines.push(`  ${key(k)}: ${scalar(v)}`);
        if (Object.keys(body).length === 0) lines[lines.length - 1] += ' {}';
      } else lines.push(`${key(s)}: ${scalar(body)}`);
    }
    text = lines.join(style === 'crlf' ? '\r\n' : '\n') + '\n';
  }
  return text.replace(RAW_RE, (_m, t: string) => JSON.parse(`"${t}"`) as string);
}

/** YAML that stresses the parser rather than the schema. */
const HOSTILE_YAML = [
  'http: {}\n---\nmqtt: {}\n',
  'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
  'http:\n\tport: 1\n',
  'http:\n  port: 1\n  port: 2\n',
  'http: &h {port: 1}\nmqtt: *h\n',
  'http:\n  <<: {port: 5}\n',
  '? [a, b]\n: 1\n',
  '? !!binary aGVsbG8=\n: 1\n',
  '\ufeffhttp:\n  port: 1\n',
  'http:\n  port: "\u0000"\n',
  '%YAML 1.1\n---\nhttp:\n  port: 0x50\n',
  '%TAG ! tag:evil,2026:\n---\nhttp: !x {port: 1}\n',
  'http: !!map\n  port: 1\n',
  '- http\n- mqtt\n',
  '"just a string"\n',
  '42\n',
  '',
  '# only a comment\n',
  '~\n',
  'http: [port, 1]\n',
  `http:\n  host: "${'x'.repeat(100_000)}"\n`,
];

type FileCase =
  | { kind: 'none' }
  | { kind: 'missing' }
  | { kind: 'directory' }
  | { kind: 'text'; text: string; doc?: { [key: string]: Json } };

/** Nesting deep enough to overflow the parser's stack; rare, as each costs ~100 ms. */
const DEEP_YAML = `http:\n  port: ${'['.repeat(2000)}${']'.repeat(2000)}\n`;

const fileCase: fc.Arbitrary<FileCase> = fc.oneof(
  { weight: 100, arbitrary: fc.constant({ kind: 'none' as const }) },
  // About ten per run: each costs tens of milliseconds.
  { weight: 1, arbitrary: fc.constant({ kind: 'text' as const, text: DEEP_YAML }) },
  {
    weight: 700,
    arbitrary: fc
      .tuple(structuredDoc, fc.constantFrom('block' as const, 'block' as const, 'flow' as const, 'crlf' as const))
      .map(([doc, style]): FileCase => ({ kind: 'text', text: toYaml(doc, style), doc })),
  },
  {
    weight: 100,
    arbitrary: fc.constantFrom(...HOSTILE_YAML).map((text): FileCase => ({ kind: 'text', text })),
  },
  {
    weight: 50,
    arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text): FileCase => ({ kind: 'text', text })),
  },
  { weight: 50, arbitrary: fc.constantFrom({ kind: 'missing' as const }, { kind: 'directory' as const }) },
);

const ENV_VALUES = [
  '',
  ' ',
  '0',
  '1',
  '-1',
  '65535',
  '65536',
  '8080',
  ' 8080 ',
  '80.5',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e3',
  '0x10',
  '0b101',
  'true',
  'false',
  'TRUE',
  'yes',
  'null',
  'undefined',
  'silent',
  'verbose',
  '1m',
  '0m',
  '[]',
  '[{"username":"a","passwordHash":"00"}]',
  '{}',
  'x'.repeat(10_000),
  ...INJECTION,
];
/** Every setting's variable, with the (prebuilt) arbitrary of its value. */
const ENV_NAMES = SECTIONS.flatMap(([s, keys]) =>
  keys.map(
    ([k, schema]) =>
      [
        envName(s, k),
        fc.oneof(
          validFor(schema).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))),
          fc.constantFrom(...ENV_VALUES),
          fc.string({ unit: 'binary', maxLength: 12 }),
        ),
      ] as const,
  ),
);

/** An environment: some LIUHEN_ settings (valid or not), strangers, sometimes LIUHEN_CONFIG. */
const envMap: fc.Arbitrary<Record<string, string>> = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...ENV_NAMES), { maxLength: 4, selector: ([n]) => n }),
    fc.array(fc.tuple(fc.oneof(fc.constant('LIUHEN_HTTP_PROT'), fc.string({ maxLength: 10 })), fc.string()), {
      maxLength: 1,
    }),
  )
  .chain(([known, strangers]) =>
    fc
      .tuple(...known.map(([name, value]) => value.map((v) => [name, v] as const)))
      .map((pairs) => Object.fromEntries([...pairs, ...strangers])),
  );

/** Overrides as code passes them: usually absent, otherwise structured like a document. */
const overridesCase: fc.Arbitrary<{ [key: string]: Json } | undefined> = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: structuredDoc },
);

// ---------------------------------------------------------------------------
// The oracle.

/** The document as the loader sees it (undefined when it does not parse); the fixed hostile texts are parsed once. */
const parsedOnce = new Map<string, unknown>();
function parsedText(text: string): unknown {
  if (parsedOnce.has(text)) return parsedOnce.get(text);
  let doc: unknown;
  try {
    doc = (parseYaml(text, { logLevel: 'silent' }) as unknown) ?? {};
  } catch {
    doc = undefined;
  }
  if (text === DEEP_YAML || HOSTILE_YAML.includes(text)) parsedOnce.set(text, doc);
  return doc;
}

interface Case {
  file: FileCase;
  env: Record<string, string>;
  overrides: { [key: string]: Json } | undefined;
}

const own = (o: unknown, k: string): boolean =>
  typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, k);
/** The keys `{...value}` yields, which is how the loader copies a section: a string spreads to its indices. */
const spreadKeys = (v: unknown): string[] =>
  typeof v === 'string' ? Object.keys(v) : typeof v === 'object' && v !== null ? Object.keys(v) : [];
/** A plain mapping: YAML's !!set and !!omap parse to Set and Map, which are not one. */
const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/** Whether `value` has own keys along `path`, dotted as the loader names a setting (a key may hold a dot). */
function holdsPath(value: unknown, path: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.keys(value).some(
    (k) =>
      k === path ||
      (path.startsWith(`${k}.`) && holdsPath((value as Record<string, unknown>)[k], path.slice(k.length + 1))),
  );
}

/** Where the value at `section.key` (or the section itself) last came from, as the message should say. */
function sourceOf(c: Case, fileName: string, section: string, key: string | undefined): string {
  if (own(c.overrides, section) && (key === undefined || spreadKeys(c.overrides![section]).includes(key)))
    return 'overrides';
  const schema = key === undefined ? undefined : settingSchema(section, key);
  if (schema && key !== undefined && c.env[envName(section, key)] !== undefined)
    return `environment variable ${envName(section, key)}`;
  return `config file ${fileName}`;
}

function problemWith(c: Case, fileName: string, parsedDoc: unknown, outcome: unknown, threw: boolean): string | null {
  if (!threw) {
    const config = outcome as Record<string, Record<string, unknown>>;
    if (isMapping(parsedDoc))
      for (const s of Object.keys(parsedDoc))
        if (!isKnownSection(s)) return `the unknown section "${s}" in the file was accepted without a word`;
    if (Object.getPrototypeOf(config) !== Object.prototype) return 'the config returned has a foreign prototype';
    if (!check(GatewayConfig, config).ok) return 'the config returned does not validate';
    const again = loadConfig({ file: '', env: {}, overrides: config as LoadConfigOptions['overrides'] });
    if (!isDeepStrictEqual(again, config)) return 'the config returned does not load to itself';
    // The last source of each known setting wins.
    for (const [section, keys] of SECTIONS)
      for (const [key] of keys) {
        const src = sourceOf(c, fileName, section, key);
        const want =
          src === 'overrides'
            ? (c.overrides![section] as Record<string, unknown>)[key]
            : src.startsWith('config file') && isMapping(parsedDoc) && own(parsedDoc[section], key)
              ? (parsedDoc[section] as Record<string, unknown>)[key]
              : undefined;
        // structuredClone: the generator makes some objects without a prototype; the loader
        // rightly returns plain ones, and only the values are compared here.
        if (want !== undefined && !isDeepStrictEqual(structuredClone(config[section]![key]), structuredClone(want)))
          return `${section}.${key} is ${JSON.stringify(config[section]![key])}, but its last source (${src}) says ${JSON.stringify(want)}`;
      }
    return null;
  }
  if (!(outcome instanceof Error) || outcome.constructor !== Error)
    return `threw ${(outcome as Error)?.constructor?.name ?? typeof outcome}, not a plain Error: ${String(outcome)}`;
  const m = outcome.message;
  if (m.startsWith(`cannot read config file ${fileName}: `)) return null;
  if (m === `config file ${fileName} must be a YAML mapping of sections (mqtt:, http:, ...)`)
    return isMapping(parsedDoc) ? 'a mapping was refused as not a mapping' : null;
  const unknown = /^config file (.*): unknown section "(.*)"; known: /s.exec(m);
  if (unknown) {
    if (unknown[1] !== fileName) return `names the file ${unknown[1]}, not ${fileName}`;
    return isKnownSection(unknown[2]!) ? `a known section "${unknown[2]}" called unknown` : null;
  }
  const notMapping = /^config file (.*): "(.*)" must be a mapping$/s.exec(m);
  if (notMapping) {
    if (notMapping[1] !== fileName) return `names the file ${notMapping[1]}, not ${fileName}`;
    return isMapping(parsedDoc) && !isMapping(parsedDoc[notMapping[2]!]) ? null : `wrongly says ${m}`;
  }
  // A name with characters that would blur the message (": ", "(") comes in JSON quotes.
  const invalid = /^invalid setting ("(?:[^"\\]|\\.)*"|.*?)(?: \(from (.*?)\))?: (\S.*)$/s.exec(m);
  if (!invalid) return `an error that names neither a setting nor a source: ${m}`;
  const [, named, from] = invalid as unknown as [string, string, string | undefined];
  const path = named.startsWith('"') ? (JSON.parse(named) as string) : named;
  // A forbidden key is an error in the source that holds it, whichever source comes last: the
  // loader checks the file before the overrides, so a key in both is named in the file.
  if (invalid[3] === 'this key is not allowed') {
    const holders = [
      ...(holdsPath(parsedDoc, path) ? [`config file ${fileName}`] : []),
      ...(holdsPath(c.overrides, path) ? ['overrides'] : []),
    ];
    return from !== undefined && holders.includes(from)
      ? null
      : `refuses ${path} "from ${from ?? 'no source'}", but it is in ${holders.join(' and ') || 'no source'}: ${m}`;
  }
  // The setting named must be one the input really has: `section` or `section.key`.
  const candidates: [string, string | undefined][] = [];
  const fileDoc = isMapping(parsedDoc) ? parsedDoc : {};
  for (const section of new Set([...SECTION_NAMES, ...Object.keys(fileDoc), ...Object.keys(c.overrides ?? {})])) {
    candidates.push([section, undefined]);
    const keys = new Set([
      ...(SECTIONS.find(([n]) => n === section)?.[1].map(([k]) => k) ?? []),
      ...spreadKeys(fileDoc[section]),
      ...spreadKeys(c.overrides?.[section]),
    ]);
    for (const k of keys) candidates.push([section, k]);
  }
  // A list setting names the element too (mqtt.readers.0.passwordHash): it is still that setting.
  const hit = candidates.find(([s, k]) =>
    k === undefined ? s === path : path === `${s}.${k}` || (!!settingSchema(s, k) && path.startsWith(`${s}.${k}.`)),
  );
  if (!hit) return `the setting named, "${path}", is not one the input has: ${m}`;
  const want = sourceOf(c, fileName, hit[0], hit[1]);
  if (want === 'overrides')
    return from === undefined || /overrides/.test(from)
      ? null
      : `says "from ${from}" for a value the overrides set: ${m}`;
  return from === want ? null : `says ${from === undefined ? 'no source' : `"from ${from}"`}, not "from ${want}": ${m}`;
}

describe('fuzz: config loader', () => {
  // tmpfs when there is one: 10,000 rewrites of the file cost seconds on a real disk.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'liuhen-cfg-fuzz-'));
  const asDir = join(dir, 'a-directory.yaml');
  mkdirSync(asDir);
  // The yaml package warns (process.emitWarning) about every odd tag or complex key it meets;
  // thousands of fuzzed documents would bury the test output in them.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/YAMLWarning|Keys with collection values|Unresolved tag/.test(`${String(rest[0] ?? '')} ${text}`)) return;
    (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  afterAll(() => {
    process.emitWarning = emitWarning;
    rmSync(dir, { recursive: true, force: true });
  });

  it('random YAML, environments and overrides load or fail with an Error naming the setting and its source', () => {
    const t0 = performance.now();
    let cases = 0;
    let crashes = 0;
    let loaded = 0;
    const file = join(dir, 'liuhen.yaml');
    try {
      fc.assert(
        fc.property(fc.record({ file: fileCase, env: envMap, overrides: overridesCase }), (c: Case) => {
          cases += 1;
          let fileName = '';
          let parsedDoc: unknown;
          if (c.file.kind === 'text') {
            writeFileSync(file, c.file.text);
            fileName = file;
            parsedDoc = parsedText(c.file.text);
          } else if (c.file.kind === 'missing') fileName = join(dir, 'missing.yaml');
          else if (c.file.kind === 'directory') fileName = asDir;
          // Half the files come by LIUHEN_CONFIG: the same loader path, named the same way.
          const byEnv = fileName !== '' && cases % 2 === 0;
          const env = byEnv ? { ...c.env, [CONFIG_FILE_ENV]: fileName } : c.env;
          const opts: LoadConfigOptions = {
            file: byEnv ? undefined : fileName,
            env,
            overrides: c.overrides as LoadConfigOptions['overrides'],
          };
          let outcome: unknown;
          let threw = false;
          const start = performance.now();
          try {
            outcome = loadConfig(opts);
            loaded += 1;
          } catch (err) {
            outcome = err;
            threw = true;
            if (!(err instanceof Error) || err.constructor !== Error) crashes += 1;
          }
          const took = performance.now() - start;
          if (took > HANG_MS) throw new Error(`loadConfig took ${Math.round(took)} ms`);
          const problem = problemWith({ ...c, env }, fileName, parsedDoc, outcome, threw);
          if (problem) throw new Error(problem);
        }),
        { seed: SEED, numRuns: CASES },
      );
    } catch (err) {
      (err as Error).message = `${REPLAY}\n${(err as Error).message}`;
      throw err;
    } finally {
      recordFuzz({ target: 'config', cases, crashes, durationMs: Math.round(performance.now() - t0) });
    }
    // Not vacuous: plenty load, plenty are refused.
    expect(loaded, REPLAY).toBeGreaterThan(CASES / 20);
    expect(loaded, REPLAY).toBeLessThan(CASES);
  }, 120_000);
});
