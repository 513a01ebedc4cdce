import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { docInstant, zhDate } from './dates.js';

describe('document dates', () => {
  it('prints dates the Chinese way, without leading zeros', () => {
    expect(zhDate('2026-12-04')).toBe('2026年12月4日');
    expect(zhDate('2027-01-31')).toBe('2027年1月31日');
  });

  it('refuses malformed and impossible dates', () => {
    for (const bad of ['2026-02-30', '2026-2-3', '2026-12-04T00:00:00Z', '', '04/12/2026'])
      expect(() => zhDate(bad)).toThrow(Invalid);
  });

  it('stamps files at midnight UTC of the date, the same day in Beijing', () => {
    expect(docInstant('2026-12-04').toISOString()).toBe('2026-12-04T00:00:00.000Z');
  });
});
