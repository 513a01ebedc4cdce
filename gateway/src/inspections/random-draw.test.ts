import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid, Unacceptable } from '../errors.js';
import { canonicalJson } from '@liuhen/evidence';
import { type DrawInputs, type DrawResult, commitDraw, runDraw, sha256Hex, verifyDraw } from './random-draw.js';

const SEED = 'a'.repeat(64);
const OTHER_SEED = 'b'.repeat(64);

/** A food-safety draw: 12 shops in 3 districts, 6 inspectors from 3 units. */
function inputs(overrides: Partial<DrawInputs> = {}): DrawInputs {
  const districts = ['城关', '东区', '西区'];
  return {
    drawId: '2025-Q1-食品-01',
    drawAt: '2025-03-03T09:30:00+08:00',
    item: { id: 'SJ-001', name: '食品经营者监督检查', basis: '《食品安全法》第一百一十条', method: '现场检查' },
    parties: Array.from({ length: 12 }, (_, i) => ({
      id: `91310000MA1K${String(i).padStart(5, '0')}`,
      name: `第${i + 1}号餐饮店`,
      region: districts[i % 3]!,
      supervisingUnit: `${districts[i % 3]}所`,
    })),
    inspectors: Array.from({ length: 6 }, (_, i) => ({
      id: `ZF-${100 + i}`,
      name: `检查员${i + 1}`,
      region: districts[i % 3]!,
      unit: `${districts[i % 3]}所`,
    })),
    partyCount: 4,
    inspectorsPerParty: 2,
    ...overrides,
  };
}

/** The assignments' inspectors as pairs, to compare against the exclusions. */
const pairsOf = (r: DrawResult) => r.assignments.flatMap((a) => a.inspectorIds.map((i) => [i, a.partyId] as const));

describe('commitDraw', () => {
  it('publishes the inputs in canonical order with their digests and a commitment that hides the seed', () => {
    const given = inputs();
    const { commitment, publicRecord, seed } = commitDraw({ ...given, parties: [...given.parties].reverse() }, SEED);
    expect(seed).toBe(SEED);
    expect(publicRecord.commitment).toBe(commitment);
    expect(publicRecord.parties.map((p) => p.id)).toEqual(given.parties.map((p) => p.id).sort());
    expect(publicRecord.digests.parties).toBe(sha256Hex(canonicalJson(publicRecord.parties)));
    expect(publicRecord.drawAt).toBe('2025-03-03T01:30:00.000Z');
    expect(publicRecord.rules).toEqual({ excludeSameRegion: false, excludeSupervisingUnit: false });
    expect(JSON.stringify(publicRecord)).not.toContain(SEED);
    expect(commitDraw(given, OTHER_SEED).commitment).not.toBe(commitment);
  });

  it('makes a fresh 32-byte seed when none is given', () => {
    const a = commitDraw(inputs());
    const b = commitDraw(inputs());
    expect(a.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(a.seed).not.toBe(b.seed);
    expect(a.commitment).not.toBe(b.commitment);
  });

  it('binds every input: a different count, time or roster gives another commitment', () => {
    const base = commitDraw(inputs(), SEED).commitment;
    expect(commitDraw(inputs({ partyCount: 5 }), SEED).commitment).not.toBe(base);
    expect(commitDraw(inputs({ drawAt: '2025-03-03T09:31:00+08:00' }), SEED).commitment).not.toBe(base);
    expect(commitDraw(inputs({ inspectors: inputs().inspectors.slice(1) }), SEED).commitment).not.toBe(base);
  });

  it('names every party left without enough inspectors after 回避, even one that may not be drawn', () => {
    const conflicts = ['ZF-100', 'ZF-101', 'ZF-102', 'ZF-103', 'ZF-104'].map((inspectorId) => ({
      inspectorId,
      partyId: '91310000MA1K00007',
    }));
    const err = (() => {
      try {
        commitDraw(inputs({ conflicts }), SEED);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(Unacceptable);
    expect((err as Unacceptable).code).toBe('draw-not-enough-inspectors');
    expect((err as Error).message).toContain(
      '91310000MA1K00007 (第8号餐饮店): 1 eligible (excluded: declared conflicts 5)',
    );
    expect((err as Error).message).toMatch(/Add inspectors .* or take these parties off the list/);
  });

  it('counts rule exclusions and conflicts once each when they overlap', () => {
    // Same-region and supervising-unit rules each exclude the 2 inspectors of the party's district
    // (the same 2); a conflict with one of them takes nobody else away: 4 remain.
    const conflicts = [{ inspectorId: 'ZF-100', partyId: '91310000MA1K00000' }];
    const rules = { excludeSameRegion: true, excludeSupervisingUnit: true };
    expect(() => commitDraw(inputs({ conflicts, rules, inspectorsPerParty: 4 }), SEED)).not.toThrow();
    expect(() => commitDraw(inputs({ conflicts, rules, inspectorsPerParty: 5 }), SEED)).toThrow(
      /91310000MA1K00000 \(第1号餐饮店\): 4 eligible \(excluded: same region 2, supervising unit 2\)/,
    );
  });

  it('refuses inputs that would silently weaken the draw', () => {
    expect(() =>
      commitDraw(inputs({ conflicts: [{ inspectorId: 'ZF-999', partyId: '91310000MA1K00000' }] }), SEED),
    ).toThrow(/ZF-999 ↔ 91310000MA1K00000/);
    const noRegion = inputs();
    delete noRegion.parties[3]!.region;
    expect(() => commitDraw({ ...noRegion, rules: { excludeSameRegion: true } }, SEED)).toThrow(
      /excludeSameRegion is on but these parties have no region: 91310000MA1K00003/,
    );
    const twice = inputs();
    twice.inspectors.push({ id: 'ZF-100' });
    expect(() => commitDraw(twice, SEED)).toThrow(/inspector ids must be unique; repeated: ZF-100/);
    expect(() => commitDraw(inputs({ partyCount: 13 }), SEED)).toThrow(/more than the 12 parties/);
    expect(() => commitDraw(inputs({ drawAt: '2025-03-03 09:30' }), SEED)).toThrow(Invalid);
    expect(() => commitDraw(inputs({ drawAt: '2025-02-30T09:30:00+08:00' }), SEED)).toThrow(/not a real time/);
    expect(() => commitDraw(inputs(), 'A'.repeat(64))).toThrow(/64 lower-case hex/);
  });
});

describe('runDraw', () => {
  it('draws partyCount distinct parties, each with distinct inspectors, the same every time', () => {
    const r = runDraw(inputs(), SEED);
    expect(r.commitment).toBe(commitDraw(inputs(), SEED).commitment);
    expect(r.assignments).toHaveLength(4);
    expect(new Set(r.assignments.map((a) => a.partyId)).size).toBe(4);
    for (const a of r.assignments) expect(new Set(a.inspectorIds).size).toBe(2);
    expect(runDraw(inputs(), SEED)).toEqual(r);
  });

  it('does not depend on the order the lists come in', () => {
    const given = inputs();
    const shuffled = { ...given, parties: [...given.parties].reverse(), inspectors: [...given.inspectors].reverse() };
    expect(runDraw(shuffled, SEED)).toEqual(runDraw(given, SEED));
  });

  it('accepts the published record as its inputs', () => {
    const { publicRecord } = commitDraw(inputs(), SEED);
    expect(runDraw(publicRecord, SEED)).toEqual(runDraw(inputs(), SEED));
  });

  it('never assigns an inspector excluded by a conflict or a rule, whatever the seed', () => {
    const given = inputs();
    const pair = fc.record({
      inspectorId: fc.constantFrom(...given.inspectors.map((i) => i.id)),
      partyId: fc.constantFrom(...given.parties.map((p) => p.id)),
    });
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.array(pair, { maxLength: 3 }),
        fc.boolean(),
        (bytes, conflicts, sameRegion) => {
          const rules = { excludeSameRegion: sameRegion };
          const r = runDraw({ ...given, conflicts, rules, inspectorsPerParty: 1 }, Buffer.from(bytes).toString('hex'));
          const banned = new Set(conflicts.map((c) => `${c.inspectorId}|${c.partyId}`));
          const region = new Map([...given.parties, ...given.inspectors].map((x) => [x.id, x.region]));
          for (const [inspector, party] of pairsOf(r)) {
            expect(banned.has(`${inspector}|${party}`)).toBe(false);
            if (sameRegion) expect(region.get(inspector)).not.toBe(region.get(party));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('needs the beacon a record announced, and its value changes the draw', () => {
    const withBeacon = inputs({ beaconSource: '中国福利彩票 3D 2025-03-02 开奖号码', partyCount: 8 });
    expect(() => runDraw(withBeacon, SEED)).toThrow(/pass its value as announced/);
    expect(() => runDraw(inputs(), SEED, '123')).toThrow(/named no beaconSource/);
    const a = runDraw(withBeacon, SEED, '482');
    expect(a.beacon).toBe('482');
    expect(runDraw(withBeacon, SEED, '483').assignments).not.toEqual(a.assignments);
  });
});

describe('verifyDraw', () => {
  const { publicRecord } = commitDraw(inputs(), SEED);
  const result = runDraw(inputs(), SEED);
  const clone = <T>(x: T): T => structuredClone(x);

  it('accepts the draw as made', () => {
    expect(verifyDraw(publicRecord, SEED, result)).toEqual({
      ok: true,
      reason: `draw 2025-Q1-食品-01 matches its commitment: 4 parties, 2 inspectors each`,
    });
  });

  it('rejects another seed', () => {
    expect(verifyDraw(publicRecord, OTHER_SEED, result).reason).toMatch(/seed does not open the commitment/);
  });

  it('rejects a result with an inspector or a party swapped', () => {
    const swapped = clone(result);
    const first = swapped.assignments[0]!;
    const unused = inputs().inspectors.find((i) => !first.inspectorIds.includes(i.id))!.id;
    first.inspectorIds[1] = unused;
    expect(verifyDraw(publicRecord, SEED, swapped)).toMatchObject({
      ok: false,
      reason: expect.stringContaining(unused),
    });

    const reordered = clone(result);
    reordered.assignments.reverse();
    expect(verifyDraw(publicRecord, SEED, reordered).reason).toMatch(/^party #1 drawn is/);
    const dropped = clone(result);
    dropped.assignments.pop();
    expect(verifyDraw(publicRecord, SEED, dropped).reason).toBe('the result lists 3 parties; the draw gives 4');
  });

  it('rejects a record changed after publication, with or without its digests updated', () => {
    const edited = clone(publicRecord);
    edited.parties[0]!.name = '另一家店';
    expect(verifyDraw(edited, SEED, result).reason).toBe('the published parties do not match their digest');
    edited.digests.parties = sha256Hex(canonicalJson(edited.parties));
    expect(verifyDraw(edited, SEED, result).reason).toMatch(/seed does not open the commitment/);
  });

  it('rejects a result for another draw and a beacon the record never announced', () => {
    expect(verifyDraw(publicRecord, SEED, { ...result, drawId: 'other' }).reason).toMatch(/result is for draw other/);
    expect(verifyDraw(publicRecord, SEED, { ...result, beacon: '1' }).reason).toMatch(/named no beaconSource/);
  });

  it('says what is malformed instead of throwing', () => {
    expect(verifyDraw({}, SEED, result)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a liuhen-draw\/1 record/),
    });
    expect(verifyDraw(publicRecord, SEED, null).reason).toMatch(/not a liuhen-draw\/1 result/);
    expect(verifyDraw(publicRecord, 'xyz', result).reason).toMatch(/64 lower-case hex/);
  });
});
