/**
 * The deterministic randomness of a draw (see random-draw.ts for the whole algorithm): a stream
 * of 32-bit words from HMAC-SHA-256 under the draw key, unbiased integers by rejection sampling,
 * and a partial Fisher–Yates shuffle. Everything here is a pure function of its inputs, so an
 * independent implementation (verify-draw.mjs) reproduces it from the description alone.
 */
import { createHmac } from 'node:crypto';

const WORD_RANGE = 2 ** 32;
const WORDS_PER_BLOCK = 8; // a 32-byte HMAC-SHA-256 output holds eight 32-bit words

/**
 * The label's word stream: block c is HMAC-SHA-256(key, UTF-8(label) ‖ 0x00 ‖ uint32BE(c)) for
 * c = 0, 1, 2, …; each block is read as eight big-endian unsigned 32-bit words, in order.
 * The 0x00 keeps "label ‖ counter" unambiguous (labels carry no NUL: ids refuse control
 * characters).
 */
export function wordStream(key: Buffer, label: string): () => number {
  const prefix = Buffer.concat([Buffer.from(label, 'utf8'), Buffer.from([0])]);
  let counter = 0;
  let block = Buffer.alloc(0);
  let index = WORDS_PER_BLOCK;
  return () => {
    if (index === WORDS_PER_BLOCK) {
      if (counter >= WORD_RANGE) throw new Error(`the "${label}" stream is exhausted after 2^32 blocks`);
      const c = Buffer.alloc(4);
      c.writeUInt32BE(counter++);
      block = createHmac('sha256', key).update(prefix).update(c).digest();
      index = 0;
    }
    return block.readUInt32BE(4 * index++);
  };
}

/**
 * A uniform integer in [0, n) for 1 ≤ n ≤ 2^32, without modulo bias: words at or above
 * limit = 2^32 − (2^32 mod n) are rejected and the next word is taken; an accepted word w gives
 * w mod n. At least one word is consumed even when n = 1.
 */
export function uniformBelow(nextWord: () => number, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > WORD_RANGE)
    throw new RangeError(`uniformBelow needs 1 ≤ n ≤ 2^32, got ${n}`);
  const limit = WORD_RANGE - (WORD_RANGE % n);
  for (;;) {
    const w = nextWord();
    if (w < limit) return w % n;
  }
}

/**
 * The first k items of a Fisher–Yates shuffle run from the front: for i = 0 … k−1, draw
 * j = i + uniformBelow(length − i) and swap items i and j; the result is items 0 … k−1 in the
 * order drawn. Each ordered k-subset is equally likely; the input array is not changed.
 */
export function partialShuffle<T>(items: readonly T[], k: number, nextWord: () => number): T[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length)
    throw new RangeError(`cannot draw ${k} of ${items.length} items`);
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + uniformBelow(nextWord, a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}
