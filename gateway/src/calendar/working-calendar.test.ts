import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addCalendarDays } from './shanghai-day.js';
import { createWorkingCalendar } from './working-calendar.js';

const calendar = createWorkingCalendar();

/** Days of a range, inclusive. */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('working days in 2025 (national schedule from chinese-days)', () => {
  it('春节 2025: 1-28…2-04 are rest days; Sunday 1-26 and Saturday 2-08 are make-up working days', () => {
    for (const d of days('2025-01-28', '2025-02-04')) expect(calendar.isWorkingDay(d), d).toBe(false);
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-08')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-25')).toBe(false); // an ordinary Saturday
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
  });

  it('国庆 2025: 10-01…10-08 are rest days; Sunday 9-28 and Saturday 10-11 are make-up working days', () => {
    for (const d of days('2025-10-01', '2025-10-08')) expect(calendar.isWorkingDay(d), d).toBe(false);
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('takes an instant as its Shanghai day: Saturday 23:30 UTC is Sunday 2025-01-26 in Shanghai, a working day', () => {
    expect(calendar.isWorkingDay(new Date('2025-01-25T23:30:00Z'))).toBe(true);
    expect(calendar.isWorkingDay(new Date('2025-01-25T15:59:59Z'))).toBe(false);
  });

  it('answers the same whatever the host time zone (the library functions would not, west of UTC)', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      expect(new Date(2025, 0, 27).getTimezoneOffset()).toBe(300); // the switch took: UTC-5
      expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
      expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
      expect(calendar.isWorkingDay(new Date('2025-01-25T23:30:00Z'))).toBe(true);
      expect(createWorkingCalendar().addWorkingDays('2025-01-24', 7)).toBe('2025-02-10');
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe('counting working days', () => {
  it('the start day does not count: 1 working day after a Monday is Tuesday; 0 is the day itself', () => {
    expect(calendar.addWorkingDays('2025-03-03', 1)).toBe('2025-03-04');
    expect(calendar.addWorkingDays('2025-03-03', 0)).toBe('2025-03-03');
    expect(calendar.addWorkingDays(new Date('2025-03-03T23:59:00+08:00'), 1)).toBe('2025-03-04');
  });

  it('an event on a rest day counts from the next working day: Saturday + 1 is Monday', () => {
    expect(calendar.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10');
    expect(calendar.addWorkingDays('2025-03-09', 5)).toBe('2025-03-14');
  });

  it('across 春节 2025: 7 working days from Friday 1-24 end on Monday 2-10; +3 on Thursday 2-13', () => {
    // 1-26 (Sun, make-up), 1-27, [1-28…2-04 rest], 2-05, 2-06, 2-07, 2-08 (Sat, make-up), 2-10
    expect(calendar.addWorkingDays('2025-01-24', 7)).toBe('2025-02-10');
    expect(calendar.addWorkingDays('2025-01-24', 10)).toBe('2025-02-13');
  });

  it('across 国庆 2025: 7 working days from Friday 9-26 end on 10-13, 20 on 10-30', () => {
    // 9-28 (Sun, make-up), 9-29, 9-30, [10-01…10-08 rest], 10-09, 10-10, 10-11 (Sat, make-up), 10-13
    expect(calendar.addWorkingDays('2025-09-26', 7)).toBe('2025-10-13');
    expect(calendar.addWorkingDays('2025-09-26', 20)).toBe('2025-10-30');
  });

  it('counts between two days with the same rule, negative backwards', () => {
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-10')).toBe(7);
    expect(calendar.workingDaysBetween('2025-02-10', '2025-01-24')).toBe(-7);
    expect(calendar.workingDaysBetween('2025-10-01', '2025-10-08')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-13', '2025-10-13')).toBe(0);
  });

  it('workingDaysBetween(a, addWorkingDays(a, n)) is n, and the day reached is a working day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 365 }), fc.integer({ min: 0, max: 60 }), (offset, n) => {
        const a = addCalendarDays('2024-01-01', offset);
        const due = calendar.addWorkingDays(a, n);
        expect(calendar.workingDaysBetween(a, due)).toBe(n);
        if (n > 0) expect(calendar.isWorkingDay(due)).toBe(true);
      }),
    );
  });

  it('refuses counts that are not whole working days', () => {
    expect(() => calendar.addWorkingDays('2025-03-03', -1)).toThrow(/whole number from 0/);
    expect(() => calendar.addWorkingDays('2025-03-03', 1.5)).toThrow(/whole number from 0/);
    expect(() => calendar.addWorkingDays('2025-03-03', 7 * 86_400_000)).toThrow(/not calendar days or milliseconds/);
  });
});

describe('coverage and overrides', () => {
  it('the library covers 2004–2026; other years are weekends-only', () => {
    expect(calendar.coverage(2004)).toBe('official');
    expect(calendar.coverage(2025)).toBe('official');
    expect(calendar.coverage(2026)).toBe('official');
    expect(calendar.coverage(2003)).toBe('weekends-only');
    expect(calendar.coverage(2099)).toBe('weekends-only');
  });

  it('a weekends-only year treats only weekends as rest days', () => {
    expect(calendar.isWorkingDay('2099-01-01')).toBe(true); // a Thursday; 元旦 unknown without a schedule
    expect(calendar.isWorkingDay('2099-01-03')).toBe(false); // Saturday
    const gap = calendar.yearsWithoutSchedule('2026-12-01', '2099-01-01');
    expect(gap).toContain(2099);
    expect(gap).not.toContain(2026);
    expect(calendar.yearsWithoutSchedule('2100-06-01', '2099-06-01')).toEqual([2099, 2100]);
    expect(calendar.yearsWithoutSchedule('2025-01-01', '2026-12-31')).toEqual([]);
  });

  it('a local holiday in a covered year is a rest day, and the count steps over it', () => {
    const local = createWorkingCalendar({ overrides: { holidays: ['2025-03-05'], workdays: [] } });
    expect(local.isWorkingDay('2025-03-05')).toBe(false);
    expect(local.addWorkingDays('2025-03-03', 3)).toBe('2025-03-07');
    expect(calendar.addWorkingDays('2025-03-03', 3)).toBe('2025-03-06');
    expect(local.coverage(2025)).toBe('official');
  });

  it('overrides win over the library both ways', () => {
    const local = createWorkingCalendar({ overrides: { holidays: ['2025-10-11'], workdays: ['2025-10-08'] } });
    expect(local.isWorkingDay('2025-10-08')).toBe(true); // a library rest day made a working day
    expect(local.isWorkingDay('2025-10-11')).toBe(false); // a library make-up working day made a rest day
  });

  it('a year the file declares in `years` is covered by the override; a stray local day does not cover its year', () => {
    // An invented schedule for a far year, so no chinese-days release can overlap it.
    const schedule = createWorkingCalendar({
      overrides: { years: [2099], holidays: ['2099-01-01', '2099-01-02'], workdays: ['2099-01-03'] },
    });
    expect(schedule.coverage(2099)).toBe('override');
    expect(schedule.isWorkingDay('2099-01-01')).toBe(false);
    expect(schedule.isWorkingDay('2099-01-03')).toBe(true); // Saturday made a working day
    expect(schedule.yearsWithoutSchedule('2099-01-01', '2100-01-01')).toEqual([2100]);

    const stray = createWorkingCalendar({ overrides: { holidays: ['2099-03-03'], workdays: [] } });
    expect(stray.isWorkingDay('2099-03-03')).toBe(false);
    expect(stray.coverage(2099)).toBe('weekends-only');
  });

  it('checks the overrides it is given', () => {
    expect(() => createWorkingCalendar({ overrides: { holidays: ['2025-02-30'], workdays: [] } })).toThrow(
      /2025-02-30 is not a date in the calendar/,
    );
  });
});
