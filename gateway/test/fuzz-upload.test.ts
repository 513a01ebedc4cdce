/**
 * Fuzz of the offload endpoint (security issue: fuzz every boundary).
 *
 * A gateway with a small storage.maxSegmentBytes (1 MiB), one recorder with a
 * registered Ed25519 key and real chained segments (ffmpeg + the evidence
 * chain writer), one recorder without a key: 10,000 cases mixing truncated
 * uploads, wrong offsets, wrong SHA-256, edited or foreign evidence chains,
 * oversized segments, bad names and device ids, bad headers and completion
 * bodies, plain valid uploads, and a handful of slow clients (a body trickled,
 * then abandoned mid-chunk). Every answer must be < 500 with the JSON error
 * shape when refused; afterwards every file in footage/ is indexed with its
 * SHA-256 and size, every indexed row points to a matching file and holds
 * valid fields, and a valid chained segment still completes.
 *
 * Replay a failure with LIUHEN_FUZZ_SEED=<seed> (printed on failure);
 * LIUHEN_FUZZ_CASES changes the number of cases (default 10,000).
 */
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAIN_SUFFIX,
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  publicKeyFingerprint,
  signEntry,
  type ChainEntry,
} from '@liuhen/evidence';
import { META, makeSegments, removeTempDirs, tempDir } from '../../evidence/test/helpers.js';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

const SEED = process.env.LIUHEN_FUZZ_SEED ? Number(process.env.LIUHEN_FUZZ_SEED) : (Math.random() * 2 ** 31) >>> 0;
const CASES = Number(process.env.LIUHEN_FUZZ_CASES ?? 10_000);
const REPLAY = `seed ${SEED}: replay with LIUHEN_FUZZ_SEED=${SEED} npx vitest run gateway/test/fuzz-upload.test.ts`;
const CONCURRENCY = 16;
/** Time for sending cases: on a loaded machine fewer than CASES go out (recorded), rather than a timeout. */
const BUDGET_MS = Number(process.env.LIUHEN_FUZZ_BUDGET_SECONDS ?? 90) * 1000;
const MAX = 1024 * 1024;
const KEYED = 'fz-up';
const PLAIN = 'fz-nokey';
/** Segments for the chain cases, and one kept back for the final valid upload. */
const SEGMENTS = 5;

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
// HTTP, low level: exact headers and bodies, and a dropped connection is an error.

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
let base = '';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function send(method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Node sends the body of a GET or DELETE without a length unless told: always tell it.
    const all = body === undefined ? headers : { ...headers, 'content-length': String(body.length) };
    const req = request(`${base}${path}`, { method, headers: all, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (err) => reject(new Error(`connection dropped while reading the answer: ${err.message}`)));
    });
    req.on('error', (err) => reject(new Error(`connection dropped: ${err.message}`)));
    req.setTimeout(15_000, () => req.destroy(new Error('no answer within 15 s')));
    req.end(body);
  });
}

const uploadPath = (device: string, name: string) =>
  `/api/devices/${encodeURIComponent(device)}/uploads/${encodeURIComponent(name)}`;
const patch = (device: string, name: string, offset: number | string, bytes: Buffer, type = OCTETS) =>
  send('PATCH', uploadPath(device, name), { 'content-type': type, 'upload-offset': String(offset) }, bytes);
const OCTETS = 'application/offset+octet-stream';

interface CompleteBody {
  [key: string]: unknown;
}
const completeBody = (bytes: number, sha256: string, extra: CompleteBody = {}): CompleteBody => ({
  bytes,
  sha256,
  startedAt: '2026-11-26T08:00:00Z',
  endedAt: '2026-11-26T08:01:00Z',
  officerId: '33010012',
  recordingIds: ['rec-1'],
  marked: false,
  ...extra,
});
const complete = (device: string, name: string, body: CompleteBody | Buffer, type = 'application/json') =>
  send(
    'POST',
    `${uploadPath(device, name)}/complete`,
    { 'content-type': type },
    Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body)),
  );

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A failed expectation about one answer: collected, the fuzz goes on, the test fails at the end. */
class Violation extends Error {}

function json(a: Answer): Record<string, unknown> {
  try {
    return JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new Violation(`${a.status} with a body that is not JSON: ${a.body.toString('utf8').slice(0, 200)}`);
  }
}

/** Every answer: no 5xx; a refusal has {statusCode, error, message}. Returns the parsed body. */
function answer(a: Answer, what: string, allowed: number[]): Record<string, unknown> {
  if (a.status >= 500) throw new Violation(`${what}: ${a.status} ${a.body.toString('utf8').slice(0, 300)}`);
  const body = json(a);
  if (!allowed.includes(a.status))
    throw new Violation(`${what}: ${a.status}, expected ${allowed.join('/')}: ${JSON.stringify(body).slice(0, 300)}`);
  if (a.status >= 400) {
    const ok =
      body.statusCode === a.status &&
      typeof body.error === 'string' &&
      body.error.length > 0 &&
      typeof body.message === 'string' &&
      body.message.trim().length > 0;
    if (!ok) throw new Violation(`${what}: ${a.status} without the error shape: ${JSON.stringify(body).slice(0, 300)}`);
  }
  return body;
}

// ---------------------------------------------------------------------------
// Deterministic bytes for a case (a seeded xorshift): cheaper than asking fast-check for them.

function bytesFor(seed: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

// ---------------------------------------------------------------------------
// Cases.

type ChainEdit =
  | { edit: 'sig' | 'sha' | 'drop' | 'tear'; line: number }
  | { edit: 'field'; line: number; field: 'byteEnd' | 'seq' | 'fragmentIndex' | 'start' | 'officerId' | 'segment' }
  | { edit: 'otherKey' | 'otherSegment' | 'huge' | 'empty' }
  | { edit: 'junk'; text: string };

type BodyEdit =
  | { edit: 'drop'; field: string }
  | { edit: 'set'; field: string; value: unknown }
  | { edit: 'extra'; key: string }
  | { edit: 'raw'; text: string; type: string };

type Case =
  | { kind: 'truncated'; size: number; sent: number }
  | { kind: 'wrongOffset'; size: number; first: number; delta: number }
  | { kind: 'wrongSha'; size: number; how: 'flip' | 'upper' | 'short' | 'empty' }
  | { kind: 'valid'; size: number; chunks: number; again: boolean }
  | { kind: 'chain'; segment: number; change: ChainEdit }
  | { kind: 'nearFull'; slot: number; len: number }
  | { kind: 'oversized'; over: number }
  | { kind: 'badName'; name: string; method: 'GET' | 'PATCH' | 'POST' }
  | { kind: 'badDevice'; id: string; method: 'GET' | 'PATCH' | 'POST' }
  | { kind: 'badHeaders'; offset: string | null; type: string | null }
  | { kind: 'badBody'; size: number; change: BodyEdit }
  | { kind: 'sameOffsetTwice'; size: number }
  | { kind: 'hugeBody' };

const size = fc.integer({ min: 1, max: 3000 });
const INJECTION = ["' OR 1=1 --", '../../etc/passwd', '<script>x</script>', '\u0000', '😀', '%00', ''];
const DATES = [
  '2026-11-26T08:00:00Z',
  '2026-11-26T07:00:00Z',
  '2026-12-31T23:59:60Z',
  '2026-11-26t08:00:00z',
  '2026-11-26 08:00:00Z',
  '0000-01-01T00:00:00+01:00',
  '9999-12-31T23:59:59-23:59',
  '2026-02-30T00:00:00Z',
  'yesterday',
];
const anyValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(0, -1, 1.5, 2 ** 53, 1e308),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(...INJECTION, ...DATES, 'x'.repeat(100), 'F'.repeat(64), 'g'.repeat(64)),
  fc.array(fc.string({ maxLength: 70 }), { maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);
const BODY_FIELDS = ['bytes', 'sha256', 'startedAt', 'endedAt', 'officerId', 'recordingIds', 'marked', 'chain'];

// Weights: the single-request refusals are cheap, so they carry the count; cases that store,
// verify a chain or rehash a 1 MiB partial cost the station milliseconds each, so fewer.
const caseArb: fc.Arbitrary<Case> = fc.oneof(
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('truncated' as const), size, sent: fc.nat() }) },
  {
    weight: 40,
    arbitrary: fc.record({
      kind: fc.constant('wrongOffset' as const),
      size,
      first: fc.nat(),
      delta: fc.integer({ min: -4000, max: 4000 }).filter((d) => d !== 0),
    }),
  },
  {
    weight: 40,
    arbitrary: fc.record({
      kind: fc.constant('wrongSha' as const),
      size,
      how: fc.constantFrom('flip' as const, 'flip' as const, 'upper' as const, 'short' as const, 'empty' as const),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('valid' as const),
      size,
      chunks: fc.integer({ min: 1, max: 3 }),
      again: fc.boolean(),
    }),
  },
  {
    weight: 20,
    arbitrary: fc.record({
      kind: fc.constant('chain' as const),
      segment: fc.nat({ max: SEGMENTS - 1 }),
      change: fc.oneof(
        {
          weight: 12,
          arbitrary: fc.record({
            edit: fc.constantFrom('sig' as const, 'sha' as const, 'drop' as const, 'tear' as const),
            line: fc.nat(),
          }),
        },
        {
          weight: 12,
          arbitrary: fc.record({
            edit: fc.constant('field' as const),
            line: fc.nat(),
            field: fc.constantFrom(
              'byteEnd' as const,
              'seq' as const,
              'fragmentIndex' as const,
              'start' as const,
              'officerId' as const,
              'segment' as const,
            ),
          }),
        },
        {
          weight: 9,
          arbitrary: fc.record({
            edit: fc.constantFrom('otherKey' as const, 'otherSegment' as const, 'empty' as const),
          }),
        },
        {
          weight: 3,
          arbitrary: fc.record({
            edit: fc.constant('junk' as const),
            text: fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }),
          }),
        },
        // Over the 4 MiB the schema allows for a chain: 4 MiB of JSON each, so rare.
        { weight: 1, arbitrary: fc.record({ edit: fc.constant('huge' as const) }) },
      ),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('nearFull' as const),
      slot: fc.nat({ max: 3 }),
      len: fc.integer({ min: 1, max: 20_000 }),
    }),
  },
  // A whole segment over the limit at once: costly (1 MiB each), so rare (~20 a run).
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('oversized' as const), over: fc.integer({ min: 1, max: 65_536 }) }),
  },
  {
    weight: 80,
    arbitrary: fc.record({
      kind: fc.constant('badName' as const),
      name: fc.oneof(
        fc.constantFrom(
          '../x.mp4',
          '../../etc/passwd',
          `${KEYED}_1/../../x.mp4`,
          '..%2F..%2Fx.mp4',
          '%2e%2e%2fx.mp4',
          `${KEYED}_1.MP4`,
          `${KEYED}_1.mp4.part`,
          `${KEYED}_1.mp4\u0000.txt`,
          `${KEYED}_1.mp4 `,
          ` ${KEYED}_1.mp4`,
          `other-1_000001.mp4`,
          `${PLAIN}_1.mp4`,
          `${KEYED}_${'a'.repeat(130)}.mp4`,
          '.mp4',
          `_${KEYED}_1.mp4`,
          `${KEYED}_é.mp4`,
          `${KEYED}_1.mp4;rm -rf`,
          `${KEYED}_1.mp4?x=1`,
          `${KEYED}_1`,
          `${KEYED}`,
        ),
        // Graphemes, not lone surrogates: a name must survive encodeURIComponent to be sent at all.
        fc.string({ unit: 'grapheme', maxLength: 40 }),
      ),
      method: fc.constantFrom('GET' as const, 'PATCH' as const, 'POST' as const),
    }),
  },
  {
    weight: 40,
    arbitrary: fc.record({
      kind: fc.constant('badDevice' as const),
      id: fc.oneof(
        fc.constantFrom('fz-unknown', 'a', '', '..', 'x'.repeat(65), 'fz up', "' OR 1=1 --", 'FZ-UP', '-fz'),
        fc.string({ maxLength: 20 }),
      ),
      method: fc.constantFrom('GET' as const, 'PATCH' as const, 'POST' as const),
    }),
  },
  {
    weight: 50,
    arbitrary: fc.record({
      kind: fc.constant('badHeaders' as const),
      offset: fc.oneof(
        fc.constant(null),
        fc.constantFrom('-1', 'abc', '1.5', '', ' ', '0x0', '1e30', '99999999999999999999', '0,0', '+0'),
      ),
      type: fc.oneof(
        fc.constant(null),
        fc.constantFrom(
          OCTETS,
          'text/plain',
          'application/json',
          `${OCTETS}; charset=utf-8`,
          'APPLICATION/OFFSET+OCTET-STREAM',
          'multipart/form-data; boundary=x',
        ),
      ),
    }),
  },
  {
    weight: 60,
    arbitrary: fc.record({
      kind: fc.constant('badBody' as const),
      size,
      change: fc.oneof(
        fc.record({ edit: fc.constant('drop' as const), field: fc.constantFrom(...BODY_FIELDS) }),
        {
          weight: 3,
          arbitrary: fc.record({
            edit: fc.constant('set' as const),
            field: fc.constantFrom(...BODY_FIELDS),
            value: anyValue,
          }),
        },
        fc.record({
          edit: fc.constant('extra' as const),
          key: fc.constantFrom('__proto__', 'constructor', 'path', 'x'),
        }),
        fc.record({
          edit: fc.constant('raw' as const),
          text: fc.constantFrom(
            '',
            '{',
            'null',
            '[]',
            '{"bytes":1,}',
            '{"__proto__":{"bytes":1}}',
            '{"constructor":{"prototype":{}}}',
          ),
          type: fc.constantFrom('application/json', 'text/plain', OCTETS),
        }),
      ),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sameOffsetTwice' as const), size }) },
  // A completion body over the 5 MiB limit: 6 MiB each, so rare.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hugeBody' as const) }) },
);

// ---------------------------------------------------------------------------
// Fixtures.

interface Segment {
  name: string;
  bytes: Buffer;
  chain: string;
}
let gw: TestGateway;
const segments: Segment[] = [];
let otherKey: KeyObject;
let otherKeyId = '';

/** Serializes the cases that share a segment name, so each sees a state it can predict. */
const locks = new Map<string, Promise<unknown>>();
function locked<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const p = (locks.get(name) ?? Promise.resolve()).then(fn, fn);
  locks.set(
    name,
    p.catch(() => undefined),
  );
  return p;
}

beforeAll(async () => {
  gw = await startTestGateway({ storage: { maxSegmentBytes: MAX } });
  base = gw.url;
  await registerDevice(gw, KEYED);
  await registerDevice(gw, PLAIN);

  // Real fragmented MP4 segments, renamed as the recorder names them, chained with its key.
  const work = tempDir('fuzz-upload');
  const files = makeSegments(join(work, 'seg'), SEGMENTS + 1, 1, { size: '160x120', fps: 10 });
  const keys = await createDeviceKeys(join(work, 'keys'));
  const writer = await createChainWriter({
    deviceId: KEYED,
    keyPair: keys,
    headFile: join(work, 'head.json'),
    fsync: false,
  });
  let t = Date.parse('2026-11-26T08:00:00Z');
  for (const [i, f] of files.entries()) {
    const named = join(work, 'seg', `${KEYED}_${String(i).padStart(6, '0')}.mp4`);
    renameSync(f, named);
    await chainClosedSegment(writer, named, { ...META, segmentStartMs: t });
    t += 1000;
    segments.push({
      name: `${KEYED}_${String(i).padStart(6, '0')}.mp4`,
      bytes: readFileSync(named),
      chain: readFileSync(`${named}${CHAIN_SUFFIX}`, 'utf8'),
    });
  }
  await writer.close();
  // Five for the chain cases and one for the final valid upload.
  expect(segments.length).toBeGreaterThan(SEGMENTS);
  const put = await send(
    'PUT',
    `/api/devices/${KEYED}/key`,
    { 'content-type': 'application/json' },
    Buffer.from(JSON.stringify({ publicKeyPem: keys.publicKeyPem })),
  );
  expect(put.status).toBe(200);
  const other = generateKeyPairSync('ed25519');
  otherKey = other.privateKey;
  otherKeyId = publicKeyFingerprint(other.publicKey);

  // Partial segments just under the limit, for the cases that push them over.
  for (let slot = 0; slot < 4; slot++) {
    const r = await patch(PLAIN, `${PLAIN}_full${slot}.mp4`, 0, bytesFor(slot, MAX - 2048));
    expect(r.status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  agent.destroy();
  removeTempDirs();
  await gw?.cleanup();
});

/** The chain text with one edit that must make it fail verification. */
function editChain(seg: Segment, c: ChainEdit, other: Segment): string {
  const lines = seg.chain.split('\n').filter(Boolean);
  const entries = lines.map((l) => JSON.parse(l) as ChainEntry);
  // The seal covers no bytes of its own: dropping or tearing it leaves a verifiable (unsealed) chain.
  const nonSeal = entries.map((e, i) => [e, i] as const).filter(([e]) => e.kind !== 'seal');
  const at = (line: number) => nonSeal[line % nonSeal.length]![1];
  const out = (es: (ChainEntry | string)[]) =>
    es.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('\n') + '\n';
  switch (c.edit) {
    case 'sig': {
      const i = line(c.line, entries.length);
      const s = entries[i]!.sig;
      entries[i] = { ...entries[i]!, sig: s.slice(0, 10) + (s[10] === 'A' ? 'B' : 'A') + s.slice(11) };
      return out(entries);
    }
    case 'sha': {
      const i = line(c.line, entries.length);
      const h = entries[i]!.sha256;
      entries[i] = { ...entries[i]!, sha256: (h[0] === '0' ? '1' : '0') + h.slice(1) };
      return out(entries);
    }
    case 'field': {
      const i = line(c.line, entries.length);
      const e = { ...entries[i]! } as ChainEntry & Record<string, unknown>;
      if (c.field === 'start') e.start = new Date(Date.parse(e.start) + 1000).toISOString();
      else if (c.field === 'officerId') e.officerId = e.officerId === 'x' ? 'y' : 'x';
      else if (c.field === 'segment') e.segment = other.name;
      else e[c.field] = (e[c.field] as number) + 1;
      entries[i] = e;
      return out(entries);
    }
    case 'drop':
      return out(entries.filter((_e, i) => i !== at(c.line)));
    case 'tear': {
      const i = at(c.line);
      return out(lines.map((l, j) => (j === i ? l.slice(0, Math.max(1, l.length >> 1)) : l)));
    }
    case 'otherKey':
      // Well-formed and signed, but by a key the station does not hold for this device.
      return out(entries.map(({ sig: _sig, ...u }) => signEntry({ ...u, keyId: otherKeyId }, otherKey)));
    case 'otherSegment':
      return other.chain;
    case 'huge':
      return seg.chain + ' '.repeat(4 * 1024 * 1024);
    case 'empty':
      return '';
    case 'junk':
      return c.text;
  }
}
const line = (n: number, count: number) => n % count;

// ---------------------------------------------------------------------------
// Running one case.

let nameSeq = 0;
const fresh = (device: string) => `${device}_c${++nameSeq}.mp4`;

async function run(c: Case, index: number): Promise<void> {
  const id = `case ${index} ${JSON.stringify(c).slice(0, 300)}`;
  switch (c.kind) {
    case 'truncated': {
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      const sent = c.sent % (c.size + 1);
      if (sent > 0) answer(await patch(PLAIN, name, 0, file.subarray(0, sent)), `${id}: PATCH`, [200]);
      const r = await complete(PLAIN, name, completeBody(c.size, sha(file)));
      if (sent === c.size) return void answer(r, `${id}: complete`, [200]);
      const b = answer(r, `${id}: complete of a truncated upload`, sent === 0 ? [404] : [409]);
      if (sent > 0 && (r.headers['upload-offset'] !== String(sent) || !String(b.message).includes(`holds ${sent} of`)))
        throw new Violation(`${id}: a truncated upload must say where to resume (${sent}): ${JSON.stringify(b)}`);
      return;
    }
    case 'wrongOffset': {
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      const first = c.first % (c.size + 1);
      if (first > 0) answer(await patch(PLAIN, name, 0, file.subarray(0, first)), `${id}: PATCH`, [200]);
      const at = first + c.delta;
      const r = await patch(PLAIN, name, at, file.subarray(Math.max(0, Math.min(at, c.size))));
      const b = answer(r, `${id}: PATCH at a wrong offset`, at < 0 ? [400] : [409]);
      if (at >= 0 && r.headers['upload-offset'] !== String(first))
        throw new Violation(
          `${id}: a wrong offset must be answered with the right one (${first}): ${JSON.stringify(b)}`,
        );
      return;
    }
    case 'wrongSha': {
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      answer(await patch(PLAIN, name, 0, file), `${id}: PATCH`, [200]);
      const right = sha(file);
      const wrong =
        c.how === 'flip'
          ? (right[0] === 'a' ? 'b' : 'a') + right.slice(1)
          : c.how === 'upper'
            ? right.toUpperCase()
            : c.how === 'short'
              ? right.slice(0, 63)
              : '';
      if (wrong === right) return;
      answer(
        await complete(PLAIN, name, completeBody(c.size, wrong)),
        `${id}: complete`,
        c.how === 'flip' ? [422] : [400],
      );
      const o = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET`, [200]);
      const want = c.how === 'flip' ? 0 : c.size;
      if (o.offset !== want || o.complete !== false)
        throw new Violation(
          `${id}: after the SHA-256 refusal the station holds ${JSON.stringify(o)}, expected ${want}`,
        );
      return;
    }
    case 'valid': {
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      const step = Math.ceil(c.size / c.chunks);
      for (let at = 0; at < c.size; at += step) {
        const b = answer(await patch(PLAIN, name, at, file.subarray(at, at + step)), `${id}: PATCH`, [200]);
        if (b.offset !== Math.min(c.size, at + step)) throw new Violation(`${id}: PATCH answered ${JSON.stringify(b)}`);
      }
      const ack = answer(await complete(PLAIN, name, completeBody(c.size, sha(file))), `${id}: complete`, [200]);
      if (ack.acknowledged !== true || ack.sha256 !== sha(file) || ack.bytes !== c.size)
        throw new Violation(`${id}: acknowledgement ${JSON.stringify(ack)}`);
      if (c.again) {
        const again = answer(
          await complete(PLAIN, name, completeBody(c.size, sha(file))),
          `${id}: complete again`,
          [200],
        );
        if (again.recordingId !== ack.recordingId)
          throw new Violation(`${id}: a second completion made a new recording`);
        answer(await patch(PLAIN, name, c.size, file.subarray(0, 1)), `${id}: PATCH after completion`, [409]);
      }
      const o = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET`, [200]);
      if (o.offset !== c.size || o.complete !== true)
        throw new Violation(`${id}: after completion: ${JSON.stringify(o)}`);
      return;
    }
    case 'chain': {
      const seg = segments[c.segment]!;
      return locked(seg.name, async () => {
        const o = answer(await send('GET', uploadPath(KEYED, seg.name)), `${id}: GET`, [200]);
        if (o.complete === true)
          throw new Violation(`${id}: ${seg.name} was stored although every chain sent was edited`);
        const at = o.offset as number;
        if (at < seg.bytes.length)
          answer(await patch(KEYED, seg.name, at, seg.bytes.subarray(at)), `${id}: PATCH`, [200]);
        const chain = editChain(seg, c.change, segments[(c.segment + 1) % SEGMENTS]!);
        const r = await complete(KEYED, seg.name, completeBody(seg.bytes.length, sha(seg.bytes), { chain }));
        answer(r, `${id}: complete with an edited chain`, c.change.edit === 'huge' ? [400] : [422]);
      });
    }
    case 'nearFull': {
      const name = `${PLAIN}_full${c.slot}.mp4`;
      return locked(name, async () => {
        const o = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET`, [200]);
        const at = o.offset as number;
        const r = await patch(PLAIN, name, at, bytesFor(index, c.len));
        // What the partial holds afterwards (never over the limit) is checked at the end, with every file.
        answer(r, `${id}: PATCH near the limit`, at + c.len > MAX ? [413] : [200]);
      });
    }
    case 'oversized': {
      const name = fresh(PLAIN);
      answer(await patch(PLAIN, name, 0, bytesFor(index, MAX + c.over)), `${id}: PATCH over the limit`, [413]);
      const after = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET after`, [200]);
      if ((after.offset as number) > MAX || after.complete !== false)
        throw new Violation(`${id}: the station holds ${JSON.stringify(after)} of an oversized segment`);
      return;
    }
    case 'badName': {
      const path = uploadPath(KEYED, c.name);
      const valid =
        new RegExp('^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\\.mp4$').test(c.name) && c.name.startsWith(`${KEYED}_`);
      if (valid) return; // a fuzzed string that happens to be a good name: nothing to refuse
      const r =
        c.method === 'GET'
          ? await send('GET', path)
          : c.method === 'PATCH'
            ? await send('PATCH', path, { 'content-type': OCTETS, 'upload-offset': '0' }, Buffer.from('x'))
            : await send(
                'POST',
                `${path}/complete`,
                { 'content-type': 'application/json' },
                Buffer.from(JSON.stringify(completeBody(1, sha(Buffer.from('x'))))),
              );
      // 400: refused by name; 404: the name made another (unknown) route.
      answer(r, `${id}: ${c.method} ${path}`, [400, 404, 414]);
      return;
    }
    case 'badDevice': {
      const name = `${c.id}_000001.mp4`;
      const path = uploadPath(c.id, name);
      const r =
        c.method === 'GET'
          ? await send('GET', path)
          : c.method === 'PATCH'
            ? await send('PATCH', path, { 'content-type': OCTETS, 'upload-offset': '0' }, Buffer.from('x'))
            : await send(
                'POST',
                `${path}/complete`,
                { 'content-type': 'application/json' },
                Buffer.from(JSON.stringify(completeBody(1, sha(Buffer.from('x'))))),
              );
      answer(r, `${id}: ${c.method} ${path}`, [400, 404, 414]);
      return;
    }
    case 'badHeaders': {
      const name = fresh(PLAIN);
      const headers: Record<string, string> = {};
      if (c.offset !== null) headers['upload-offset'] = c.offset;
      if (c.type !== null) headers['content-type'] = c.type;
      const r = await send('PATCH', uploadPath(PLAIN, name), headers, Buffer.from('abc'));
      // With the right type, an offset that reads as 0 ("+0", "0x0") may be taken as 0.
      answer(r, `${id}: PATCH with odd headers`, c.type === OCTETS ? [200, 400, 409] : [400, 409, 415]);
      return;
    }
    case 'badBody': {
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      answer(await patch(PLAIN, name, 0, file), `${id}: PATCH`, [200]);
      const body = completeBody(c.size, sha(file));
      const ch = c.change;
      let r: Answer;
      if (ch.edit === 'raw') r = await complete(PLAIN, name, Buffer.from(ch.text), ch.type);
      else {
        if (ch.edit === 'drop') delete body[ch.field];
        else if (ch.edit === 'set') body[ch.field] = ch.value;
        else Object.defineProperty(body, ch.key, { value: { bytes: 1 }, enumerable: true });
        r = await complete(PLAIN, name, body);
      }
      // Whatever the body, the answer is < 500 with the error shape; what got stored is checked at the end.
      answer(r, `${id}: complete with an odd body`, [200, 400, 404, 409, 413, 415, 422]);
      return;
    }
    case 'hugeBody': {
      const name = fresh(PLAIN);
      answer(await patch(PLAIN, name, 0, Buffer.from('abc')), `${id}: PATCH`, [200]);
      const r = await complete(PLAIN, name, Buffer.from(`{"chain":"${'x'.repeat(6 * 1024 * 1024)}"}`));
      answer(r, `${id}: complete with a 6 MiB body`, [413]);
      return;
    }
    case 'sameOffsetTwice': {
      // A device that retries a chunk while the first try is still in flight.
      const name = fresh(PLAIN);
      const file = bytesFor(index, c.size);
      const [a, b] = await Promise.all([patch(PLAIN, name, 0, file), patch(PLAIN, name, 0, file)]);
      answer(a, `${id}: first PATCH`, [200, 409]);
      answer(b, `${id}: second PATCH`, [200, 409]);
      const o = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET`, [200]);
      if (o.offset !== c.size)
        throw new Violation(
          `${id}: two PATCHes of the same ${c.size} bytes at offset 0 (answers ${a.status} and ${b.status}) left the station holding ${o.offset as number} bytes`,
        );
      answer(await complete(PLAIN, name, completeBody(c.size, sha(file))), `${id}: complete`, [200]);
      return;
    }
  }
}

// ---------------------------------------------------------------------------
// Slow clients: a raw socket that trickles a chunk, then goes away mid-body.

function rawPatch(name: string, offset: number, total: number, pieces: Buffer[], gapMs: number, abandon: boolean) {
  return new Promise<string>((resolve, reject) => {
    const url = new URL(base);
    const s = connect(Number(url.port), url.hostname);
    let got = '';
    s.on('data', (d: Buffer) => (got += d.toString('latin1')));
    s.on('error', () => resolve(got));
    s.on('close', () => resolve(got));
    s.setTimeout(15_000, () => (s.destroy(), reject(new Error('slow client: no answer within 15 s'))));
    s.write(
      `PATCH ${uploadPath(PLAIN, name)} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: ${OCTETS}\r\n` +
        `Upload-Offset: ${offset}\r\nContent-Length: ${total}\r\nConnection: close\r\n\r\n`,
    );
    let i = 0;
    const next = () => {
      if (i < pieces.length) {
        s.write(pieces[i++]!);
        setTimeout(next, gapMs);
      } else if (abandon) s.destroy();
    };
    next();
  });
}

async function slowClient(index: number, abandon: boolean): Promise<void> {
  const id = `slow client ${index} (${abandon ? 'abandons mid-chunk' : 'trickles to the end'})`;
  const name = fresh(PLAIN);
  const file = bytesFor(1_000_000 + index, 50_000);
  const sentCount = abandon ? 3 : 5;
  const pieces = Array.from({ length: sentCount }, (_v, i) => file.subarray(i * 10_000, (i + 1) * 10_000));
  const reply = await rawPatch(name, 0, file.length, pieces, 60, abandon);
  if (!abandon && !reply.startsWith('HTTP/1.1 200')) throw new Violation(`${id}: answered ${reply.slice(0, 200)}`);
  // The station keeps serving, holds no more than was sent, and does not call it complete.
  const o = answer(await send('GET', uploadPath(PLAIN, name)), `${id}: GET`, [200]);
  const held = o.offset as number;
  if (o.complete !== false || held > sentCount * 10_000)
    throw new Violation(`${id}: after ${sentCount * 10_000} bytes the station holds ${JSON.stringify(o)}`);
  // The device resumes from what the station holds and completes.
  if (held < file.length) answer(await patch(PLAIN, name, held, file.subarray(held)), `${id}: resume`, [200]);
  answer(await complete(PLAIN, name, completeBody(file.length, sha(file))), `${id}: complete after resuming`, [200]);
}

// ---------------------------------------------------------------------------
// What must hold afterwards.

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Files and rows that do not match; returns the problems. */
function storedProblems(): string[] {
  const problems: string[] = [];
  const footage = join(gw.dataDir, 'footage');
  const db = new Database(join(gw.dataDir, 'liuhen.sqlite'), { readonly: true, fileMustExist: true });
  let rows: Record<string, unknown>[];
  try {
    rows = db.prepare('SELECT * FROM recordings WHERE deleted_at IS NULL').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
  const byPath = new Map(rows.map((r) => [r.path as string, r]));
  for (const file of walk(footage)) {
    const rel = relative(footage, file);
    if (rel.endsWith(CHAIN_SUFFIX)) {
      // A chain travels next to its segment, never alone.
      if (!byPath.has(rel.slice(0, -CHAIN_SUFFIX.length))) problems.push(`footage/${rel}: a chain without its segment`);
      continue;
    }
    const row = byPath.get(rel);
    if (!row) problems.push(`footage/${rel}: not indexed`);
    else if (row.sha256 !== sha(readFileSync(file))) problems.push(`footage/${rel}: SHA-256 differs from its row`);
  }
  for (const r of rows) {
    const file = join(footage, r.path as string);
    let size = -1;
    try {
      size = statSync(file).size;
    } catch {
      problems.push(`recording ${r.id as string}: its file ${r.path as string} is missing`);
      continue;
    }
    const bad = [
      size === r.bytes ? null : `bytes ${r.bytes as number} but the file has ${size}`,
      typeof r.started_at === 'string' && ISO_UTC.test(r.started_at) ? null : `started_at ${String(r.started_at)}`,
      typeof r.ended_at === 'string' && ISO_UTC.test(r.ended_at) ? null : `ended_at ${String(r.ended_at)}`,
      (r.ended_at as string) >= (r.started_at as string) ? null : 'ends before it starts',
      (r.duration_seconds as number) >= 0 ? null : `duration ${r.duration_seconds as number}`,
      r.officer_id === null || /^[A-Za-z0-9_-]{1,32}$/.test(r.officer_id as string)
        ? null
        : `officer_id ${JSON.stringify(r.officer_id)}`,
      typeof r.session_id === 'string' && r.session_id.length > 0 ? null : 'empty session_id',
    ].filter((p) => p !== null);
    if (bad.length) problems.push(`recording ${r.id as string} (${r.path as string}): ${bad.join(', ')}`);
  }
  // No partial over the limit, no verification scratch left behind.
  const uploads = join(gw.dataDir, 'uploads');
  for (const f of walk(uploads))
    if (statSync(f).size > MAX) problems.push(`${relative(gw.dataDir, f)}: over the limit`);
  for (const e of readdirSync(uploads)) if (e.startsWith('verify-')) problems.push(`uploads/${e}: scratch left behind`);
  return problems;
}

describe('fuzz: the offload endpoint', () => {
  it(`${CASES} fuzzed uploads and a few slow clients: refused cleanly, nothing unindexed or mismatched stored`, async () => {
    const t0 = performance.now();
    const cases = fc.sample(caseArb, { seed: SEED, numRuns: CASES });
    const violations = new Map<string, string>();
    let crashes = 0;
    const note = (err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      if (!(err instanceof Violation) || /: 5\d\d /.test(msg)) crashes += 1;
      // One example per kind of problem.
      const key = msg
        .replace(/case \d+ \{.*?\}(?=:)/, '')
        .replace(/\d+/g, 'N')
        .slice(0, 160);
      if (!violations.has(key)) violations.set(key, msg);
    };
    let next = 0;
    const stopAt = performance.now() + BUDGET_MS;
    const worker = async () => {
      while (next < cases.length && performance.now() < stopAt) {
        const i = next++;
        await run(cases[i]!, i).catch(note);
      }
    };
    const slow = [0, 1, 2, 3, 4].map((i) => slowClient(i, i !== 4).catch(note));
    await Promise.all([...Array.from({ length: CONCURRENCY }, worker), ...slow]);
    // The station still answers, and a valid chained segment still completes and is acknowledged.
    let problems: string[] = [];
    try {
      expect((await send('GET', '/api/health')).status).toBe(200);
      const last = segments[SEGMENTS]!;
      answer(await patch(KEYED, last.name, 0, last.bytes), 'final valid upload: PATCH', [200]);
      const ack = answer(
        await complete(KEYED, last.name, completeBody(last.bytes.length, sha(last.bytes), { chain: last.chain })),
        'final valid upload: complete',
        [200],
      );
      expect(ack).toMatchObject({ acknowledged: true, sha256: sha(last.bytes), bytes: last.bytes.length });
    } catch (err) {
      note(err);
    } finally {
      problems = storedProblems();
      recordFuzz({
        target: 'upload',
        cases: next + slow.length,
        crashes,
        invalidRowsStored: problems.length,
        durationMs: Math.round(performance.now() - t0),
      });
    }
    // Soft: a run that finds both wrong answers and bad files reports both.
    const report = [...violations.values()].slice(0, 25).join('\n');
    expect.soft(report, `${REPLAY}: ${violations.size} kinds of wrong answers`).toBe('');
    expect.soft(problems.slice(0, 25).join('\n'), `${REPLAY}: stored files and rows`).toBe('');
  }, 300_000);
});
