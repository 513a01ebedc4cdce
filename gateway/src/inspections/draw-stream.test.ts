import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { partialShuffle, uniformBelow, wordStream } from './draw-stream.js';

const KEY = Buffer.alloc(32, 7);

/** Block c of a label, computed straight from the definition. */
const block = (label: string, c: number) => {
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(c);
  return createHmac('sha256', KEY)
    .update(Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0]), counter]))
    .digest();
};

/** A word source that hands out the given words, counting how many were taken. */
function words(...ws: number[]) {
  const source = { taken: 0, next: () => ws[source.taken++]! };
  return source;
}

describe('wordStream', () => {
  it('reads HMAC-SHA-256(key, label ‖ 0x00 ‖ uint32BE(counter)) as big-endian words, eight a block', () => {
    const next = wordStream(KEY, 'inspectors/9131000012345678X');
    const got = Array.from({ length: 17 }, next);
    const expected = [0, 1, 2].flatMap((c) =>
      Array.from({ length: 8 }, (_, i) => block('inspectors/9131000012345678X', c).readUInt32BE(4 * i)),
    );
    expect(got).toEqual(expected.slice(0, 17));
  });

  it('gives each label its own stream', () => {
    expect(wordStream(KEY, 'parties')()).not.toBe(wordStream(KEY, 'inspectors/a')());
  });
});

describe('uniformBelow', () => {
  it('rejects words at or above 2^32 − (2^32 mod n) and reduces the next one', () => {
    // 2^32 mod 3 = 1, so the limit is 2^32 − 1 and only 0xFFFFFFFF is rejected.
    const src = words(0xffffffff, 0xffffffff, 5);
    expect(uniformBelow(src.next, 3)).toBe(2);
    expect(src.taken).toBe(3);
  });

  it('accepts the largest word below the limit', () => {
    const src = words(0xfffffffe);
    expect(uniformBelow(src.next, 3)).toBe(0xfffffffe % 3);
    expect(src.taken).toBe(1);
  });

  it('takes one word even when there is one choice, and none is rejected at n = 2^32', () => {
    const one = words(0xffffffff);
    expect(uniformBelow(one.next, 1)).toBe(0);
    expect(one.taken).toBe(1);
    expect(uniformBelow(words(0xffffffff).next, 2 ** 32)).toBe(0xffffffff);
  });

  it('refuses a range it cannot serve', () => {
    expect(() => uniformBelow(words(1).next, 0)).toThrow(RangeError);
    expect(() => uniformBelow(words(1).next, 2 ** 32 + 1)).toThrow(RangeError);
  });
});

describe('partialShuffle', () => {
  it('swaps item i with item i + uniform(length − i), front to back', () => {
    // length 4: j0 = 0 + 7 mod 4 = 3, then j1 = 1 + 4 mod 3 = 2.
    expect(partialShuffle(['a', 'b', 'c', 'd'], 2, words(7, 4).next)).toEqual(['d', 'c']);
  });

  it('leaves its input alone and draws distinct items', () => {
    const items = Array.from({ length: 50 }, (_, i) => `p${i}`);
    const copy = [...items];
    const drawn = partialShuffle(items, 20, wordStream(KEY, 'parties'));
    expect(items).toEqual(copy);
    expect(new Set(drawn).size).toBe(20);
    expect(drawn.every((x) => items.includes(x))).toBe(true);
  });

  it('draws none or refuses more than there are', () => {
    expect(partialShuffle(['a'], 0, words().next)).toEqual([]);
    expect(() => partialShuffle(['a'], 2, words(0, 0).next)).toThrow(/cannot draw 2 of 1/);
  });

  it('picks each item about equally often (chi-square over 6,000 streams)', () => {
    const counts = [0, 0, 0];
    for (let s = 0; s < 6000; s++) counts[partialShuffle([0, 1, 2], 1, wordStream(KEY, `t${s}`))[0]!]++;
    const chi = counts.reduce((sum, c) => sum + (c - 2000) ** 2 / 2000, 0);
    // 13.8 is the 0.1% critical value for 2 degrees of freedom; the streams are fixed, so this never flakes.
    expect(chi).toBeLessThan(13.8);
  });
});
