import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { formatFen, yuanText } from './money.js';

describe('formatFen', () => {
  it('formats integer fen as yuan with thousands separators and two decimals', () => {
    expect(formatFen(5_000_000)).toBe('50,000.00');
    expect(formatFen(1)).toBe('0.01');
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(99)).toBe('0.99');
    expect(formatFen(100)).toBe('1.00');
    expect(formatFen(100_000)).toBe('1,000.00');
    expect(formatFen(99_999)).toBe('999.99');
    expect(formatFen(123_456_789)).toBe('1,234,567.89');
  });

  it('is exact where a float division would not be', () => {
    // 90071992547409.91 is not representable as a double: dividing by 100 would round it.
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91');
    expect(formatFen(Number.MAX_SAFE_INTEGER - 92)).toBe('90,071,992,547,408.99');
  });

  it('keeps every digit of any amount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        const text = formatFen(fen);
        expect(text).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
        expect(BigInt(text.replace(/[,.]/g, ''))).toBe(BigInt(fen));
      }),
    );
  });

  it('refuses fractions of a fen, negatives and non-numbers, naming the field', () => {
    for (const bad of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
      expect(() => formatFen(bad, 'fineFen')).toThrow(Invalid);
    expect(() => formatFen(0.1, 'fineFen')).toThrow(/fineFen/);
  });

  it('prints the form a decision uses', () => {
    expect(yuanText(5_000_000)).toBe('人民币 50,000.00 元');
    expect(yuanText(1)).toBe('人民币 0.01 元');
  });
});
