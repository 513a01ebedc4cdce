import { describe, expect, it } from 'vitest';
import { fenToYuanInput, formatYuan, yuanToFen } from './money';

describe('yuan typed as text → fen', () => {
  it('converts without floats', () => {
    expect(yuanToFen('20000')).toBe(2_000_000);
    expect(yuanToFen('20000.5')).toBe(2_000_050);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floats
    expect(yuanToFen('1.1')).toBe(110);
    expect(yuanToFen('4.35')).toBe(435); // 4.35 * 100 = 434.99999999999994
    expect(yuanToFen('20,000.00')).toBe(2_000_000);
    expect(yuanToFen(' 15 000 ')).toBe(1_500_000);
    expect(yuanToFen('１５０００．５')).toBe(1_500_050);
    expect(yuanToFen('12.')).toBe(1200);
    expect(yuanToFen('')).toBe(0);
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses what is not an amount in yuan and fen', () => {
    for (const bad of ['-1', '1.234', 'abc', '1e3', '.5', '1.2.3', '90071992547409.92', '¥100'])
      expect(yuanToFen(bad), bad).toBeNull();
  });

  it('shows fen as yuan, for the input and for reading', () => {
    expect(fenToYuanInput(1_500_000)).toBe('15000.00');
    expect(fenToYuanInput(29)).toBe('0.29');
    expect(fenToYuanInput(0)).toBe('0.00');
    expect(formatYuan(2_000_000)).toBe('20,000.00');
    expect(formatYuan(123_456_789)).toBe('1,234,567.89');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(Number.MAX_SAFE_INTEGER)).toBe('90,071,992,547,409.91');
    for (const fen of [0, 1, 99, 100, 12_345, Number.MAX_SAFE_INTEGER]) expect(yuanToFen(formatYuan(fen))).toBe(fen);
  });
});
