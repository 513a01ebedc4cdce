import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogBudget } from './log-budget.js';

afterEach(() => vi.useRealTimers());

describe('log budget', () => {
  it('logs a few lines per key and window, then counts the rest into the next line logged', () => {
    vi.useFakeTimers({ now: 0 });
    const budget = createLogBudget({ linesPerWindow: 2, windowMs: 1000 });
    const taken = Array.from({ length: 10 }, () => budget.take('1.2.3.4 401'));
    expect(taken.filter((t) => t.log)).toHaveLength(2);
    // Another address has its own budget.
    expect(budget.take('5.6.7.8 401').log).toBe(true);
    vi.setSystemTime(1000);
    expect(budget.take('1.2.3.4 401')).toEqual({ log: true, suppressed: 8 });
    expect(budget.take('1.2.3.4 401')).toEqual({ log: true, suppressed: 0 });
  });

  it('holds a bounded number of keys', () => {
    const budget = createLogBudget({ linesPerWindow: 1, maxKeys: 3 });
    for (let i = 0; i < 100; i++) expect(budget.take(`addr-${i}`).log).toBe(true);
    // The oldest were forgotten: a key seen long ago starts afresh.
    expect(budget.take('addr-0').log).toBe(true);
  });
});
