import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  entryHash,
  publicKeyFingerprint,
  signEntry,
  verifyEntrySignature,
  ZERO_HASH,
  type ChainEntry,
  type EntryKind,
} from '@liuhen/evidence';
import { checkDiscardChain, continuity, runsOf, type HeldFile } from './chain-runs.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = publicKeyFingerprint(publicKey);
const DEVICE = 'cr-001';

/** A device's chain: segments of `fragments` fragments each, chained in seq order, some discarded after a gap. */
function chain(plan: { segment: string; fragments: number; discard?: boolean }[]): Map<string, ChainEntry[]> {
  const files = new Map<string, ChainEntry[]>();
  let seq = 0;
  let prev = ZERO_HASH;
  const add = (segment: string, kind: EntryKind, fragmentIndex: number, byteStart: number, byteEnd: number) => {
    const e = signEntry(
      {
        v: 1,
        kind,
        deviceId: DEVICE,
        officerId: null,
        keyId,
        seq: seq++,
        segment,
        fragmentIndex,
        byteStart,
        byteEnd,
        start: '2026-11-26T08:00:00.000Z',
        end: '2026-11-26T08:00:01.000Z',
        clockOffsetMs: 0,
        sha256: 'a'.repeat(64),
        prev,
        ...(kind === 'discard' ? { reason: 'pre-record buffer not claimed by a recording' } : {}),
      },
      privateKey,
    );
    prev = entryHash(e);
    const list = files.get(segment) ?? [];
    list.push(e);
    files.set(segment, list);
  };
  const discards: string[] = [];
  for (const p of plan) {
    add(p.segment, 'init', -1, 0, 100);
    for (let i = 0; i < p.fragments; i++) add(p.segment, 'fragment', i, 100 + i * 100, 200 + i * 100);
    add(p.segment, 'seal', p.fragments, 0, 100 + p.fragments * 100);
    // The recorder writes a discard once the next segment is sealed: after its entries.
    for (const d of discards.splice(0)) add(d, 'discard', 0, 0, files.get(d)!.at(-1)!.byteEnd);
    if (p.discard) discards.push(p.segment);
  }
  for (const d of discards) add(d, 'discard', 0, 0, files.get(d)!.at(-1)!.byteEnd);
  // The discard restates its seal's hash.
  return files;
}

const held = (files: Map<string, ChainEntry[]>, skip: string[] = []): HeldFile[] =>
  [...files.entries()]
    .filter(([name]) => !skip.includes(name))
    .map(([name, entries]) => ({ file: name, source: 'segment' as const, runs: runsOf(entries) }));

describe('chain runs and continuity', () => {
  it('segments and a discard written after the next segment leave no gap', () => {
    const files = chain([
      { segment: 'a.mp4', fragments: 3 },
      { segment: 'b.mp4', fragments: 2, discard: true },
      { segment: 'c.mp4', fragments: 2 },
    ]);
    // b's discard came after c's entries: two runs in b's file.
    expect(runsOf(files.get('b.mp4')!)).toHaveLength(2);
    const c = continuity(held(files));
    expect(c).toMatchObject({ firstSeq: 0, gaps: [], brokenLinks: [], overlaps: [], complete: true });
    expect(c.entries).toBe(c.lastSeq! + 1);
  });

  it('a missing segment is a gap naming its neighbours; a replaced entry is a broken link', () => {
    const files = chain([
      { segment: 'a.mp4', fragments: 2 },
      { segment: 'b.mp4', fragments: 2 },
      { segment: 'c.mp4', fragments: 2 },
    ]);
    const gap = continuity(held(files, ['b.mp4']));
    expect(gap.complete).toBe(false);
    expect(gap.gaps).toEqual([{ from: 4, to: 7, count: 4, after: 'a.mp4', before: 'c.mp4' }]);

    const forged = new Map(files);
    const c = [...files.get('c.mp4')!];
    c[0] = signEntry({ ...c[0]!, prev: 'f'.repeat(64), sig: undefined } as unknown as ChainEntry, privateKey);
    forged.set('c.mp4', c);
    const broken = continuity(held(forged));
    // Neither does seq 8 link to 7, nor seq 9 to the edited 8.
    expect(broken.brokenLinks).toEqual([
      { seq: 8, file: 'c.mp4' },
      { seq: 9, file: 'c.mp4' },
    ]);
    expect(broken.complete).toBe(false);
  });

  it('a chain that starts after seq 0 has a gap from 0; a file held twice is an overlap, not a gap', () => {
    const files = chain([
      { segment: 'a.mp4', fragments: 2 },
      { segment: 'b.mp4', fragments: 2 },
    ]);
    const late = continuity(held(files, ['a.mp4']));
    expect(late.gaps).toEqual([{ from: 0, to: 3, count: 4, after: null, before: 'b.mp4' }]);
    const twice = continuity([
      ...held(files),
      { file: 'b copy', source: 'quarantine', runs: runsOf(files.get('b.mp4')!) },
    ]);
    expect(twice.complete).toBe(true);
    expect(twice.overlaps).toEqual([{ from: 4, to: 7, files: expect.arrayContaining(['b.mp4', 'b copy']) }]);
  });

  it('checks a discarded segment’s chain', () => {
    const files = chain([
      { segment: 'a.mp4', fragments: 2, discard: true },
      { segment: 'b.mp4', fragments: 2 },
    ]);
    const entries = files.get('a.mp4')!;
    const expect_ = { deviceId: DEVICE, segment: 'a.mp4', keyId };
    const verify = (e: ChainEntry) => verifyEntrySignature(e, publicKey);
    const ok = checkDiscardChain(entries, expect_, verify);
    expect(ok.ok).toBe(true);

    const problem = (list: ChainEntry[], o = expect_) => {
      const r = checkDiscardChain(list, o, verify);
      return r.ok ? null : r.problem;
    };
    expect(problem(entries, { ...expect_, segment: 'x.mp4' })).toMatch(/signed for segment a\.mp4/);
    expect(problem(entries, { ...expect_, deviceId: 'other-1' })).toMatch(/belongs to device/);
    expect(problem(entries.slice(0, -1))).toMatch(/whole-file discard/);
    expect(problem([...entries.slice(0, 1), ...entries.slice(2)])).toMatch(/missing|link/);
    const edited = entries.map((e, i) => (i === 1 ? { ...e, byteEnd: e.byteEnd + 1 } : e));
    expect(problem(edited)).toMatch(/signature/);
    const other = generateKeyPairSync('ed25519');
    const foreign = entries.map((e) => signEntry({ ...e, sig: undefined } as unknown as ChainEntry, other.privateKey));
    expect(problem(foreign)).toMatch(/signature/);
  });
});
