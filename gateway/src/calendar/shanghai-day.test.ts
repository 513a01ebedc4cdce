import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.js';
import {
  addCalendarDays,
  endOfShanghaiDay,
  isShanghaiDay,
  shanghaiDayOf,
  toShanghaiDay,
  weekdayOf,
} from './shanghai-day.js';

describe('Shanghai days', () => {
  it('puts 23:30 UTC on the next Shanghai day, and 15:59:59.999 UTC on the same one', () => {
    expect(shanghaiDayOf(new Date('2025-01-25T23:30:00Z'))).toBe('2025-01-26');
    expect(shanghaiDayOf(new Date('2025-01-25T15:59:59.999Z'))).toBe('2025-01-25');
    expect(shanghaiDayOf(new Date('2025-01-25T16:00:00Z'))).toBe('2025-01-26');
    expect(shanghaiDayOf(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('reads an instant written with its +08:00 offset as that day', () => {
    expect(shanghaiDayOf(new Date('2025-10-01T00:00:00+08:00'))).toBe('2025-10-01');
    expect(shanghaiDayOf(new Date('2025-09-30T23:59:59.999+08:00'))).toBe('2025-09-30');
  });

  it('ends a day at 23:59:59.999 Shanghai time', () => {
    expect(endOfShanghaiDay('2025-02-10').toISOString()).toBe('2025-02-10T15:59:59.999Z');
    expect(shanghaiDayOf(endOfShanghaiDay('2025-02-10'))).toBe('2025-02-10');
    expect(shanghaiDayOf(new Date(endOfShanghaiDay('2025-02-10').getTime() + 1))).toBe('2025-02-11');
  });

  it('accepts only real calendar dates as day strings', () => {
    expect(isShanghaiDay('2024-02-29')).toBe(true);
    expect(isShanghaiDay('2025-02-29')).toBe(false);
    expect(isShanghaiDay('2025-13-01')).toBe(false);
    expect(isShanghaiDay('2025-1-5')).toBe(false);
    expect(isShanghaiDay('2025-01-05T00:00:00Z')).toBe(false);
    expect(() => toShanghaiDay('2025-02-30')).toThrow(/not a calendar day: write it as YYYY-MM-DD/);
    expect(() => toShanghaiDay(new Date('not a time'))).toThrow(Invalid);
  });

  it('steps across month, year and leap-day ends', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('names weekdays from the date alone', () => {
    expect(weekdayOf('2025-01-26')).toBe(0); // Sunday
    expect(weekdayOf('2025-02-08')).toBe(6); // Saturday
    expect(weekdayOf('2025-10-01')).toBe(3); // Wednesday
  });
});
