/**
 * Random inspections (双随机、一公开): draw the parties to inspect and the inspectors for each at
 * random, and publish the draw so that anyone can check afterwards that it was neither chosen nor
 * re-run. 国办发〔2018〕118号 and the 双随机 rules ask for both draws to be random and for the
 * results to be published; commit-reveal makes "random" checkable.
 *
 * Flow
 * 1. Before the draw: `commitDraw(inputs)` makes a secret seed (32 random bytes) and returns the
 *    public record (the inputs in canonical form, their digests and the commitment). Publish the
 *    record on the portal at once; keep the seed secret (store it where the public cannot read it).
 * 2. At the announced time: `runDraw(inputs, seed, beacon?)` gives the result.
 * 3. After the draw: publish the seed and the result beside the record, as one JSON file
 *    `{ "record": …, "seed": "…", "result": … }` (DrawPublication). Anyone checks it with
 *    `verifyDraw` or, without this project, with `node verify-draw.mjs <file>` (no dependencies).
 *
 * What the commitment proves, and what it does not: the seed was fixed, together with every
 * input, before the record was published, so the draw cannot be re-run until it "comes out
 * right" after publication. It does not stop whoever makes the seed from trying many seeds
 * before publishing and keeping one they like. Against that, name a public random value that
 * will only be known after the record is published (`beaconSource`, e.g. a lottery draw on a
 * named date, or digits a witness rolls at the draw); its value (`beacon`) is then mixed into
 * the key, and no seed can be chosen in advance to steer the result.
 *
 * The algorithm, "liuhen-draw/1" (enough to write an independent implementation)
 * - Canonical JSON (CJ): RFC 8785 (JCS); the values here are strings, safe integers, booleans,
 *   arrays and objects, for which JCS is JSON.stringify with object keys sorted by UTF-16 code
 *   units and no whitespace (the evidence chain's canonicalJson, reused). SHA-256 is taken over
 *   its UTF-8 bytes and written as lower-case hex.
 * - Canonical inputs: parties and inspectors sorted by `id` (UTF-16 code-unit order, ids unique);
 *   conflicts sorted by `inspectorId`, then `partyId`, duplicates removed; `rules` with both
 *   booleans present; `drawAt` as an ISO 8601 UTC time with milliseconds (Date#toISOString).
 * - digests = { item: SHA-256(CJ(item)), parties: SHA-256(CJ(parties)),
 *   inspectors: SHA-256(CJ(inspectors)), conflicts: SHA-256(CJ(conflicts)) }.
 * - commitment = SHA-256(CJ({ algorithm, drawId, drawAt, partyCount, inspectorsPerParty, rules,
 *   digests, seed, beaconSource })), where seed is the 64-character lower-case hex string and
 *   beaconSource is left out when the record has none.
 * - key = the 32 seed bytes; with a beaconSource,
 *   key = HMAC-SHA-256(seed bytes, UTF-8("beacon") ‖ 0x00 ‖ UTF-8(beacon)).
 * - Word stream of a label: block c = HMAC-SHA-256(key, UTF-8(label) ‖ 0x00 ‖ uint32BE(c)) for
 *   c = 0, 1, …; each block gives eight big-endian unsigned 32-bit words, used in order.
 * - uniform(n), 1 ≤ n ≤ 2^32: limit = 2^32 − (2^32 mod n); take words until one is below limit
 *   (at least one word is always taken); return it mod n.
 * - Partial Fisher–Yates of k from a list: for i = 0 … k−1, j = i + uniform(length − i), swap
 *   items i and j; the drawn items are 0 … k−1, in that order.
 * - Parties: k = partyCount from the sorted parties, label "parties".
 * - Inspectors for each drawn party P: the sorted inspectors minus those excluded for P (回避:
 *   a declared conflict inspectorId ↔ P.id; with rules.excludeSameRegion, inspector.region =
 *   P.region; with rules.excludeSupervisingUnit, inspector.unit = P.supervisingUnit), then
 *   k = inspectorsPerParty, label "inspectors/" + P.id. Each party has its own stream, so one
 *   party's inspectors do not depend on the others'.
 * - result.assignments = the drawn parties in the order drawn, each with its inspector ids in
 *   the order drawn.
 *
 * Every party must keep enough eligible inspectors after 回避, whether or not it is drawn: this
 * is checked before the commitment, because a draw that fails after the seed is revealed would
 * have to be redone, and a redo is exactly what the commitment is there to rule out.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import { check } from '@liuhen/device-profiles';
import { canonicalJson } from '@liuhen/evidence';
import { isShanghaiDay } from '../calendar/index.js';
import { Invalid, Unacceptable } from '../errors.js';
import { partialShuffle, wordStream } from './draw-stream.js';

export const DRAW_ALGORITHM = 'liuhen-draw/1';

/** Lower-case hex SHA-256 of the UTF-8 bytes of `text`: every digest and the commitment. */
export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

// ---------------------------------------------------------------- schemas

// Ids end up in stream labels after a NUL-free prefix; control characters are refused so that a
// label never holds a NUL and the published JSON stays readable.
const Id = (description: string) =>
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description });
const Text = (description: string) => Type.String({ minLength: 1, maxLength: 500, description });
const DateTime = Type.String({
  format: 'date-time',
  description: 'An RFC 3339 time with its zone, e.g. 2025-03-03T09:30:00+08:00',
});
const Hex64 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 or seed, 64 lower-case hex digits' });

/** One row of the random-inspection list (随机抽查事项清单). */
export const InspectionItem = Type.Object(
  {
    id: Id('The item id in the agency’s list'),
    name: Text('检查项目'),
    subItem: Type.Optional(Text('检查子项')),
    basis: Type.Optional(Text('检查依据')),
    method: Type.Optional(Text('检查方式')),
  },
  { additionalProperties: false },
);

/** An entry of the database of inspectable parties (检查对象名录库). */
export const InspectableParty = Type.Object(
  {
    id: Id('Stable id, e.g. the unified social credit code (统一社会信用代码)'),
    name: Type.Optional(Text('The party’s name as published')),
    region: Type.Optional(Text('Region or grid (区域/网格) the party is in; read by rules.excludeSameRegion')),
    supervisingUnit: Type.Optional(
      Text('Unit in charge of its routine supervision (日常监管单位); read by rules.excludeSupervisingUnit'),
    ),
  },
  { additionalProperties: false },
);

/** An entry of the roster of inspectors (执法检查人员名录库). */
export const Inspector = Type.Object(
  {
    id: Id('Stable id, e.g. the enforcement certificate number (执法证号)'),
    name: Type.Optional(Text('Name as published in the roster')),
    unit: Type.Optional(Text('The inspector’s unit; read by rules.excludeSupervisingUnit')),
    region: Type.Optional(Text('Region or grid the inspector covers; read by rules.excludeSameRegion')),
  },
  { additionalProperties: false },
);

/** A declared conflict of interest (回避): the inspector must not inspect the party. */
export const DeclaredConflict = Type.Object(
  { inspectorId: Id('An inspector of the roster'), partyId: Id('A party of the list') },
  { additionalProperties: false },
);

export const ExclusionRules = Type.Object(
  {
    excludeSameRegion: Type.Boolean({ description: 'No inspector inspects a party in the region they cover' }),
    excludeSupervisingUnit: Type.Boolean({
      description: 'No inspector inspects a party their own unit supervises day to day (cross-inspection)',
    }),
  },
  { additionalProperties: false },
);

const BeaconSource = Text(
  'Where the public random value mixed into the key comes from, known only after the record is published (e.g. 中国福利彩票 3D 2025-03-03 开奖号码)',
);
const Beacon = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[^\\u0000-\\u001f\\u007f]+$',
  description: 'The value of the beacon, exactly as announced',
});

export const DrawInputs = Type.Object(
  {
    drawId: Id('The draw’s own id, e.g. 2025-Q1-食品-01'),
    drawAt: DateTime,
    item: InspectionItem,
    parties: Type.Array(InspectableParty, { minItems: 1, maxItems: 200_000 }),
    inspectors: Type.Array(Inspector, { minItems: 1, maxItems: 20_000 }),
    conflicts: Type.Optional(Type.Array(DeclaredConflict, { maxItems: 200_000 })),
    rules: Type.Optional(Type.Partial(ExclusionRules)),
    partyCount: Type.Integer({ minimum: 1, description: 'How many parties to draw' }),
    inspectorsPerParty: Type.Integer({ minimum: 1, maximum: 20, description: 'Inspectors drawn for each party' }),
    beaconSource: Type.Optional(BeaconSource),
  },
  { additionalProperties: false },
);
export type DrawInputs = Static<typeof DrawInputs>;

const Digests = Type.Object(
  { item: Hex64, parties: Hex64, inspectors: Hex64, conflicts: Hex64 },
  { additionalProperties: false },
);

/** What is published before the draw. */
export const PublicDrawRecord = Type.Object(
  {
    algorithm: Type.Literal(DRAW_ALGORITHM),
    drawId: Id('The draw’s own id'),
    drawAt: DateTime,
    item: InspectionItem,
    parties: Type.Array(InspectableParty, { minItems: 1 }),
    inspectors: Type.Array(Inspector, { minItems: 1 }),
    conflicts: Type.Array(DeclaredConflict),
    rules: ExclusionRules,
    partyCount: Type.Integer({ minimum: 1 }),
    inspectorsPerParty: Type.Integer({ minimum: 1, maximum: 20 }),
    beaconSource: Type.Optional(BeaconSource),
    digests: Digests,
    commitment: Hex64,
  },
  { additionalProperties: false },
);
export type PublicDrawRecord = Static<typeof PublicDrawRecord>;

export const Assignment = Type.Object(
  { partyId: Id('A drawn party'), inspectorIds: Type.Array(Id('An inspector drawn for it')) },
  { additionalProperties: false },
);
export type Assignment = Static<typeof Assignment>;

/** What is published after the draw, with the seed. */
export const DrawResult = Type.Object(
  {
    algorithm: Type.Literal(DRAW_ALGORITHM),
    drawId: Id('The draw’s own id'),
    commitment: Hex64,
    beacon: Type.Optional(Beacon),
    assignments: Type.Array(Assignment),
  },
  { additionalProperties: false },
);
export type DrawResult = Static<typeof DrawResult>;

/** The file published after the draw; verify-draw.mjs reads this shape. */
export const DrawPublication = Type.Object(
  { record: PublicDrawRecord, seed: Hex64, result: DrawResult },
  { additionalProperties: false },
);
export type DrawPublication = Static<typeof DrawPublication>;

export interface Commitment {
  commitment: string;
  publicRecord: PublicDrawRecord;
  /** Keep secret until the draw, then publish it with the result. */
  seed: string;
}

export interface VerifyOutcome {
  ok: boolean;
  /** Why the draw fails, or what was confirmed. */
  reason: string;
}

// ---------------------------------------------------------------- canonical inputs

type Party = Static<typeof InspectableParty>;
type Person = Static<typeof Inspector>;
type Conflict = Static<typeof DeclaredConflict>;

interface Prepared {
  body: Omit<PublicDrawRecord, 'commitment'>;
  /** The rule-and-conflict filter for one party. */
  excluded: (inspector: Person, party: Party) => boolean;
}

const invalid = (problem: string) => new Invalid(`draw inputs: ${problem}`, { code: 'draw-invalid' });
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const conflictKey = (c: Conflict) => `${c.inspectorId}\u0000${c.partyId}`;
const listed = (names: string[]) =>
  names.slice(0, 10).join(', ') + (names.length > 10 ? ` and ${names.length - 10} more` : '');
const partyLabel = (p: Party) => (p.name ? `${p.id} (${p.name})` : p.id);

function sortedUnique<T extends { id: string }>(list: readonly T[], what: string): T[] {
  const sorted = [...list].sort(byId);
  const repeated = sorted.filter((x, i) => i > 0 && sorted[i - 1]!.id === x.id).map((x) => x.id);
  if (repeated.length) throw invalid(`${what} ids must be unique; repeated: ${listed([...new Set(repeated)])}`);
  return sorted;
}

function requireAttribute<T extends { id: string }>(list: T[], key: keyof T, what: string, rule: string): void {
  const lacking = list.filter((x) => x[key] === undefined).map((x) => x.id);
  if (lacking.length)
    throw invalid(
      `rules.${rule} is on but these ${what} have no ${String(key)}: ${listed(lacking)}; fill it in or turn the rule off`,
    );
}

/** Counts of inspectors per attribute value, to size each party's eligible pool without a P × I loop. */
function countBy(list: Person[], key: (p: Person) => string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of list) {
    const k = key(p);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** Refuses the draw if any party, drawn or not, would be left with too few inspectors. */
function checkEnoughInspectors(
  parties: Party[],
  inspectors: Person[],
  conflicts: Conflict[],
  rules: Static<typeof ExclusionRules>,
  perParty: number,
  excludedByRules: (inspector: Person, party: Party) => boolean,
): void {
  const { excludeSameRegion: region, excludeSupervisingUnit: unit } = rules;
  const byRegion = countBy(inspectors, (i) => i.region);
  const byUnit = countBy(inspectors, (i) => i.unit);
  const byBoth = countBy(inspectors, (i) => `${i.region}\u0000${i.unit}`);
  const inspectorById = new Map(inspectors.map((i) => [i.id, i]));
  const conflictsOf = new Map<string, number>();
  const partyById = new Map(parties.map((p) => [p.id, p]));
  for (const c of conflicts) {
    const party = partyById.get(c.partyId)!;
    // A conflict with an inspector the rules already exclude takes nobody else away.
    if (!excludedByRules(inspectorById.get(c.inspectorId)!, party))
      conflictsOf.set(c.partyId, (conflictsOf.get(c.partyId) ?? 0) + 1);
  }
  const short: string[] = [];
  for (const p of parties) {
    const sameRegion = region ? (byRegion.get(p.region!) ?? 0) : 0;
    const sameUnit = unit ? (byUnit.get(p.supervisingUnit!) ?? 0) : 0;
    const both = region && unit ? (byBoth.get(`${p.region}\u0000${p.supervisingUnit}`) ?? 0) : 0;
    const declared = conflictsOf.get(p.id) ?? 0;
    const eligible = inspectors.length - (sameRegion + sameUnit - both) - declared;
    if (eligible < perParty) {
      const why = [
        declared ? `declared conflicts ${declared}` : '',
        sameRegion ? `same region ${sameRegion}` : '',
        sameUnit ? `supervising unit ${sameUnit}` : '',
      ].filter(Boolean);
      short.push(`${partyLabel(p)}: ${eligible} eligible${why.length ? ` (excluded: ${why.join(', ')})` : ''}`);
    }
  }
  if (short.length)
    throw new Unacceptable(
      `not enough inspectors after 回避 for ${short.length} part${short.length > 1 ? 'ies' : 'y'}, ${perParty} needed each — ${listed(short)}. Add inspectors from other regions or units to the roster, or take these parties off the list, before committing the draw`,
      { code: 'draw-not-enough-inspectors', details: { parties: short } },
    );
}

/** Validates the inputs and puts them in the canonical form the digests and the draw use. */
function prepare(inputs: unknown): Prepared {
  const r = check(DrawInputs, inputs);
  if (!r.ok) throw invalid(`${r.error}; see the DrawInputs schema`);
  const i = r.value;
  // Date.parse rolls 02-30 over into March and takes hour 24: check the day and hour first.
  const real = isShanghaiDay(i.drawAt.slice(0, 10)) && i.drawAt.slice(11, 13) !== '24';
  const drawAtMs = real ? Date.parse(i.drawAt) : NaN;
  if (Number.isNaN(drawAtMs)) throw invalid(`drawAt "${i.drawAt}" is not a real time: correct the date or hour`);

  const parties = sortedUnique(i.parties, 'party');
  const inspectors = sortedUnique(i.inspectors, 'inspector');
  const rules = {
    excludeSameRegion: i.rules?.excludeSameRegion ?? false,
    excludeSupervisingUnit: i.rules?.excludeSupervisingUnit ?? false,
  };
  if (rules.excludeSameRegion) {
    requireAttribute(parties, 'region', 'parties', 'excludeSameRegion');
    requireAttribute(inspectors, 'region', 'inspectors', 'excludeSameRegion');
  }
  if (rules.excludeSupervisingUnit) {
    requireAttribute(parties, 'supervisingUnit', 'parties', 'excludeSupervisingUnit');
    requireAttribute(inspectors, 'unit', 'inspectors', 'excludeSupervisingUnit');
  }

  const partyIds = new Set(parties.map((p) => p.id));
  const inspectorIds = new Set(inspectors.map((p) => p.id));
  const unknown = (i.conflicts ?? [])
    .filter((c) => !partyIds.has(c.partyId) || !inspectorIds.has(c.inspectorId))
    .map((c) => `${c.inspectorId} ↔ ${c.partyId}`);
  // A typo here would silently drop a 回避; refuse instead.
  if (unknown.length)
    throw invalid(`conflicts name an inspector or party not in the lists: ${listed(unknown)}; correct the ids`);
  const conflictSet = new Set((i.conflicts ?? []).map(conflictKey));
  const conflicts = [...conflictSet].sort().map((k) => {
    const [inspectorId, partyId] = k.split('\u0000') as [string, string];
    return { inspectorId, partyId };
  });

  if (i.partyCount > parties.length)
    throw invalid(
      `partyCount ${i.partyCount} is more than the ${parties.length} parties listed; lower it or add parties`,
    );

  const excludedByRules = (inspector: Person, party: Party) =>
    (rules.excludeSameRegion && inspector.region === party.region) ||
    (rules.excludeSupervisingUnit && inspector.unit === party.supervisingUnit);
  checkEnoughInspectors(parties, inspectors, conflicts, rules, i.inspectorsPerParty, excludedByRules);

  const body: Prepared['body'] = {
    algorithm: DRAW_ALGORITHM,
    drawId: i.drawId,
    drawAt: new Date(drawAtMs).toISOString(),
    item: i.item,
    parties,
    inspectors,
    conflicts,
    rules,
    partyCount: i.partyCount,
    inspectorsPerParty: i.inspectorsPerParty,
    ...(i.beaconSource !== undefined ? { beaconSource: i.beaconSource } : {}),
    digests: {
      item: sha256Hex(canonicalJson(i.item)),
      parties: sha256Hex(canonicalJson(parties)),
      inspectors: sha256Hex(canonicalJson(inspectors)),
      conflicts: sha256Hex(canonicalJson(conflicts)),
    },
  };
  const excluded = (inspector: Person, party: Party) =>
    conflictSet.has(conflictKey({ inspectorId: inspector.id, partyId: party.id })) || excludedByRules(inspector, party);
  return { body, excluded };
}

// ---------------------------------------------------------------- commitment and draw

const SEED = /^[0-9a-f]{64}$/;

function requireSeed(seed: string): void {
  if (!SEED.test(seed))
    throw invalid('the seed must be 64 lower-case hex digits (32 bytes); use the one commitDraw returned');
}

function commitmentOf(body: Prepared['body'], seed: string): string {
  const { algorithm, drawId, drawAt, partyCount, inspectorsPerParty, rules, digests, beaconSource } = body;
  return sha256Hex(
    canonicalJson({ algorithm, drawId, drawAt, partyCount, inspectorsPerParty, rules, digests, seed, beaconSource }),
  );
}

function drawKey(seed: string, beacon: string | undefined): Buffer {
  const seedBytes = Buffer.from(seed, 'hex');
  if (beacon === undefined) return seedBytes;
  return createHmac('sha256', seedBytes).update('beacon\u0000', 'utf8').update(beacon, 'utf8').digest();
}

function assign(prepared: Prepared, seed: string, beacon: string | undefined): Assignment[] {
  const { body, excluded } = prepared;
  const key = drawKey(seed, beacon);
  const drawn = partialShuffle(body.parties, body.partyCount, wordStream(key, 'parties'));
  return drawn.map((party) => {
    const eligible = body.inspectors.filter((i) => !excluded(i, party));
    const picked = partialShuffle(eligible, body.inspectorsPerParty, wordStream(key, `inspectors/${party.id}`));
    return { partyId: party.id, inspectorIds: picked.map((i) => i.id) };
  });
}

function requireBeacon(body: Prepared['body'], beacon: string | undefined): void {
  if (body.beaconSource !== undefined && beacon === undefined)
    throw invalid(`this draw mixes in a public value (${body.beaconSource}); pass its value as announced`);
  if (body.beaconSource === undefined && beacon !== undefined)
    throw invalid('this draw named no beaconSource when it was committed, so no beacon can be mixed in now');
  if (beacon !== undefined && !check(Beacon, beacon).ok)
    throw invalid('the beacon must be 1–200 characters without control characters, exactly as announced');
}

/**
 * Fixes the draw before it happens: validates and canonicalises the inputs, refuses a draw some
 * party could not be staffed for, and returns the record to publish now with the seed to keep.
 * `seed` (64 lower-case hex digits) is for tests and re-creation; leave it out to get 32 fresh
 * random bytes.
 */
export function commitDraw(inputs: DrawInputs, seed: string = randomBytes(32).toString('hex')): Commitment {
  requireSeed(seed);
  const prepared = prepare(inputs);
  const commitment = commitmentOf(prepared.body, seed);
  return { commitment, publicRecord: { ...prepared.body, commitment }, seed };
}

/**
 * Runs the draw with the committed seed (and the beacon's value if the record named a source).
 * Pass the same inputs as to commitDraw (the published record also serves: it holds them all).
 */
export function runDraw(inputs: DrawInputs | PublicDrawRecord, seed: string, beacon?: string): DrawResult {
  requireSeed(seed);
  const prepared = prepare(pickInputs(inputs));
  requireBeacon(prepared.body, beacon);
  return {
    algorithm: DRAW_ALGORITHM,
    drawId: prepared.body.drawId,
    commitment: commitmentOf(prepared.body, seed),
    ...(beacon !== undefined ? { beacon } : {}),
    assignments: assign(prepared, seed, beacon),
  };
}

/** The input fields of a DrawInputs or of a published record (whose other fields are derived). */
function pickInputs(value: DrawInputs | PublicDrawRecord): DrawInputs {
  const { drawId, drawAt, item, parties, inspectors, conflicts, rules, partyCount, inspectorsPerParty, beaconSource } =
    value;
  return {
    drawId,
    drawAt,
    item,
    parties,
    inspectors,
    ...(conflicts !== undefined ? { conflicts } : {}),
    ...(rules !== undefined ? { rules } : {}),
    partyCount,
    inspectorsPerParty,
    ...(beaconSource !== undefined ? { beaconSource } : {}),
  };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks a published draw: the lists match their digests, the seed opens the commitment, and the
 * draw run again gives exactly the published result. Never throws; `reason` says what failed.
 */
export function verifyDraw(publicRecord: unknown, seed: string, result: unknown): VerifyOutcome {
  const fail = (reason: string): VerifyOutcome => ({ ok: false, reason });
  const rec = check(PublicDrawRecord, publicRecord);
  if (!rec.ok) return fail(`the record is not a ${DRAW_ALGORITHM} record: ${rec.error}`);
  const res = check(DrawResult, result);
  if (!res.ok) return fail(`the result is not a ${DRAW_ALGORITHM} result: ${res.error}`);
  if (!SEED.test(seed)) return fail('the seed is not 64 lower-case hex digits');
  const record = rec.value;
  const published = res.value;

  let prepared: Prepared;
  try {
    prepared = prepare(pickInputs(record));
  } catch (err) {
    return fail(`the record's inputs do not make a valid draw: ${(err as Error).message}`);
  }
  const { body } = prepared;
  for (const list of ['item', 'parties', 'inspectors', 'conflicts'] as const)
    if (body.digests[list] !== record.digests[list]) return fail(`the published ${list} do not match their digest`);
  if (body.drawAt !== record.drawAt) return fail(`drawAt ${record.drawAt} is not in the canonical form ${body.drawAt}`);
  if (commitmentOf(body, seed) !== record.commitment)
    return fail('the seed does not open the commitment: it is not the committed seed, or the record was changed');
  if (published.commitment !== record.commitment) return fail('the result names another commitment than the record');
  if (published.drawId !== record.drawId)
    return fail(`the result is for draw ${published.drawId}, the record for ${record.drawId}`);
  try {
    requireBeacon(body, published.beacon);
  } catch (err) {
    return fail((err as Error).message);
  }

  const expected = assign(prepared, seed, published.beacon);
  const got = published.assignments;
  for (let k = 0; k < Math.max(expected.length, got.length); k++) {
    const e = expected[k];
    const g = got[k];
    if (!e || !g) return fail(`the result lists ${got.length} parties; the draw gives ${expected.length}`);
    if (e.partyId !== g.partyId) return fail(`party #${k + 1} drawn is ${e.partyId}; the result says ${g.partyId}`);
    if (!sameList(e.inspectorIds, g.inspectorIds))
      return fail(
        `inspectors for ${e.partyId} are ${e.inspectorIds.join(', ')}; the result says ${g.inspectorIds.join(', ')}`,
      );
  }
  return {
    ok: true,
    reason: `draw ${record.drawId} matches its commitment: ${expected.length} parties, ${record.inspectorsPerParty} inspectors each`,
  };
}
