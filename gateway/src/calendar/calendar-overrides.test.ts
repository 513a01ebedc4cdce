import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.js';
import { parseCalendarOverrides } from './calendar-overrides.js';

function refusal(value: unknown): Invalid {
  try {
    parseCalendarOverrides(value);
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).code).toBe('calendar-overrides-invalid');
    return err as Invalid;
  }
  throw new Error('expected the overrides to be refused');
}

describe('calendar override file', () => {
  it('accepts a year schedule with its years declared, as parsed from JSON', () => {
    const file = JSON.parse('{"years":[2099],"holidays":["2099-01-01","2099-10-01"],"workdays":["2099-09-26"]}');
    expect(parseCalendarOverrides(file)).toEqual({
      years: [2099],
      holidays: ['2099-01-01', '2099-10-01'],
      workdays: ['2099-09-26'],
    });
  });

  it('accepts local days without years', () => {
    expect(parseCalendarOverrides({ holidays: ['2025-03-05'], workdays: [] }).years).toBeUndefined();
  });

  it('refuses a malformed or impossible date, naming it', () => {
    expect(refusal({ holidays: ['2025-3-5'], workdays: [] }).message).toMatch(/\/holidays\/0/);
    expect(refusal({ holidays: [], workdays: ['2025-04-31'] }).message).toMatch(
      /2025-04-31 is not a date in the calendar: correct the month or day/,
    );
  });

  it('refuses a day that is both a holiday and a working day', () => {
    expect(refusal({ holidays: ['2025-10-08'], workdays: ['2025-10-08'] }).message).toMatch(
      /2025-10-08 is listed both as a holiday and as a working day/,
    );
  });

  it('refuses a declared year with no rest day in it: claiming a schedule without its data', () => {
    expect(refusal({ years: [2027], holidays: ['2026-12-31'], workdays: [] }).message).toMatch(
      /years lists 2027 but holidays has no day in 2027/,
    );
  });

  it('refuses unknown keys, missing lists and duplicated days', () => {
    expect(refusal({ holidays: [], workdays: [], note: 'x' }).message).toMatch(/calendar overrides:/);
    expect(refusal({ holidays: [] }).message).toMatch(/workdays/);
    expect(refusal({ holidays: ['2025-03-05', '2025-03-05'], workdays: [] }).message).toMatch(/holidays/);
  });
});
