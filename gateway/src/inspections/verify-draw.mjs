#!/usr/bin/env node
/**
 * Independent verifier of a published random-inspection draw (双随机、一公开), algorithm
 * "liuhen-draw/1".
 *
 *   node verify-draw.mjs draw.json
 *
 * draw.json is the file the agency publishes after the draw: { "record", "seed", "result" }.
 * Exit status 0 and a line starting "OK" when the draw checks out; 1 and "FAILED: <why>" when
 * it does not; 2 when the file cannot be read.
 *
 * This file is written from the algorithm's description alone (the doc comment of
 * random-draw.ts, restated below) and uses nothing but Node's own crypto and fs modules, so a
 * citizen, an auditor or a court can read it in one sitting, run it with any Node ≥ 18, or port
 * it to another language. It deliberately shares no code with the station.
 *
 * 1. Canonical JSON (CJ): JSON.stringify with object keys sorted by UTF-16 code units, no
 *    whitespace (RFC 8785 for strings, integers, booleans, arrays and objects).
 * 2. The lists are hashed in canonical order: parties and inspectors by id (unique), conflicts by
 *    inspectorId then partyId with repeated pairs dropped. digest = hex SHA-256 of the UTF-8 of
 *    CJ(list); the item's digest likewise.
 * 3. commitment = SHA-256(CJ({ algorithm, drawId, drawAt, partyCount, inspectorsPerParty, rules,
 *    digests, seed, beaconSource? })).
 * 4. key = seed bytes, or HMAC-SHA-256(seed bytes, "beacon" 0x00 beacon) when the record names a
 *    beaconSource.
 * 5. Stream of a label: HMAC-SHA-256(key, label 0x00 uint32BE(counter)), counter from 0, each
 *    32-byte block read as eight big-endian uint32 words.
 * 6. uniform(n): reject words ≥ 2^32 − (2^32 mod n), answer word mod n.
 * 7. Draw k of a list: for i from 0 to k−1 swap item i with item i + uniform(length − i).
 * 8. Parties: k = partyCount, label "parties". Inspectors of party P: the inspectors not excluded
 *    for P (declared conflict; same region if rules.excludeSameRegion; inspector.unit equal to
 *    P.supervisingUnit if rules.excludeSupervisingUnit), k = inspectorsPerParty,
 *    label "inspectors/" + P.id.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

const ALGORITHM = 'liuhen-draw/1';

class Failure extends Error {}

function cj(value) {
  if (Array.isArray(value)) return '[' + value.map(cj).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    const parts = [];
    for (const key of Object.keys(value).sort()) {
      if (value[key] === undefined) continue;
      parts.push(JSON.stringify(key) + ':' + cj(value[key]));
    }
    return '{' + parts.join(',') + '}';
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value))
    throw new Failure('a number in the record is not an integer');
  return JSON.stringify(value);
}

const sha256 = (text) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

function compareStrings(x, y) {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

function canonicalOrder(record) {
  const parties = record.parties.slice().sort((a, b) => compareStrings(a.id, b.id));
  const inspectors = record.inspectors.slice().sort((a, b) => compareStrings(a.id, b.id));
  const conflicts = record.conflicts
    .slice()
    .sort((a, b) => compareStrings(a.inspectorId, b.inspectorId) || compareStrings(a.partyId, b.partyId))
    .filter((c, i, all) => i === 0 || c.inspectorId !== all[i - 1].inspectorId || c.partyId !== all[i - 1].partyId);
  for (const [name, list] of [
    ['parties', parties],
    ['inspectors', inspectors],
  ]) {
    for (let i = 1; i < list.length; i++) {
      if (list[i].id === list[i - 1].id) throw new Failure(`the ${name} list repeats the id ${list[i].id}`);
    }
  }
  return { parties, inspectors, conflicts };
}

function makeStream(key, label) {
  let counter = 0;
  let words = [];
  return function next() {
    if (words.length === 0) {
      const counterBytes = Buffer.alloc(4);
      counterBytes.writeUInt32BE(counter);
      counter += 1;
      const block = createHmac('sha256', key)
        .update(Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0x00]), counterBytes]))
        .digest();
      for (let offset = 0; offset < 32; offset += 4) words.push(block.readUInt32BE(offset));
    }
    return words.shift();
  };
}

function uniform(next, n) {
  const limit = 4294967296 - (4294967296 % n);
  let word = next();
  while (word >= limit) word = next();
  return word % n;
}

function drawFrom(list, k, next) {
  const pool = list.slice();
  for (let i = 0; i < k; i++) {
    const j = i + uniform(next, pool.length - i);
    const held = pool[i];
    pool[i] = pool[j];
    pool[j] = held;
  }
  return pool.slice(0, k);
}

function verify(file) {
  const { record, seed, result } = file ?? {};
  if (!record || !result || typeof seed !== 'string') throw new Failure('the file needs "record", "seed" and "result"');
  if (record.algorithm !== ALGORITHM)
    throw new Failure(`the record's algorithm is ${record.algorithm}, not ${ALGORITHM}`);
  if (!/^[0-9a-f]{64}$/.test(seed)) throw new Failure('the seed is not 64 lower-case hex digits');

  const { parties, inspectors, conflicts } = canonicalOrder(record);
  const digests = {
    item: sha256(cj(record.item)),
    parties: sha256(cj(parties)),
    inspectors: sha256(cj(inspectors)),
    conflicts: sha256(cj(conflicts)),
  };
  for (const name of Object.keys(digests)) {
    if (digests[name] !== record.digests?.[name]) throw new Failure(`the published ${name} do not match their digest`);
  }

  const opened = sha256(
    cj({
      algorithm: record.algorithm,
      drawId: record.drawId,
      drawAt: record.drawAt,
      partyCount: record.partyCount,
      inspectorsPerParty: record.inspectorsPerParty,
      rules: record.rules,
      digests,
      seed,
      beaconSource: record.beaconSource,
    }),
  );
  if (opened !== record.commitment) throw new Failure('the seed does not open the commitment');
  if (result.commitment !== record.commitment) throw new Failure('the result carries a different commitment');

  let key = Buffer.from(seed, 'hex');
  if (record.beaconSource !== undefined) {
    if (typeof result.beacon !== 'string') throw new Failure(`the result lacks the beacon (${record.beaconSource})`);
    key = createHmac('sha256', key)
      .update(Buffer.concat([Buffer.from('beacon', 'utf8'), Buffer.from([0x00]), Buffer.from(result.beacon, 'utf8')]))
      .digest();
  } else if (result.beacon !== undefined) {
    throw new Failure('the result has a beacon the record never announced');
  }

  const conflicted = new Set(conflicts.map((c) => JSON.stringify([c.inspectorId, c.partyId])));
  const rules = record.rules ?? {};
  const chosen = drawFrom(parties, record.partyCount, makeStream(key, 'parties'));
  const expected = chosen.map((party) => {
    const eligible = inspectors.filter(
      (inspector) =>
        !conflicted.has(JSON.stringify([inspector.id, party.id])) &&
        !(rules.excludeSameRegion === true && inspector.region === party.region) &&
        !(rules.excludeSupervisingUnit === true && inspector.unit === party.supervisingUnit),
    );
    if (eligible.length < record.inspectorsPerParty)
      throw new Failure(`party ${party.id} has too few eligible inspectors`);
    return {
      partyId: party.id,
      inspectorIds: drawFrom(eligible, record.inspectorsPerParty, makeStream(key, 'inspectors/' + party.id)).map(
        (x) => x.id,
      ),
    };
  });

  const published = Array.isArray(result.assignments) ? result.assignments : [];
  if (published.length !== expected.length) {
    throw new Failure(`the result lists ${published.length} parties, the draw gives ${expected.length}`);
  }
  expected.forEach((want, n) => {
    const got = published[n];
    if (got.partyId !== want.partyId)
      throw new Failure(`party #${n + 1} should be ${want.partyId}, the result says ${got.partyId}`);
    if (cj(got.inspectorIds) !== cj(want.inspectorIds)) {
      throw new Failure(
        `inspectors for ${want.partyId} should be ${want.inspectorIds.join(', ')}, the result says ${got.inspectorIds}`,
      );
    }
  });
  return `OK draw ${record.drawId}: commitment ${record.commitment} opened; ${expected.length} parties and their inspectors reproduced`;
}

const path = process.argv[2];
if (!path) {
  console.error('usage: node verify-draw.mjs <published-draw.json>');
  process.exit(2);
}
let file;
try {
  file = JSON.parse(readFileSync(path, 'utf8'));
} catch (err) {
  console.error(`cannot read ${path}: ${err.message}`);
  process.exit(2);
}
try {
  console.log(verify(file));
} catch (err) {
  if (!(err instanceof Failure)) throw err;
  console.log(`FAILED: ${err.message}`);
  process.exit(1);
}
