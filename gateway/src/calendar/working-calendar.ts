/**
 * Which Shanghai days are working days (工作日), and counting them. A day is a working day when, in
 * this order: the agency's overrides list it (as a working or a rest day); else the national schedule
 * lists it (调休上班 or 放假); else it is Monday to Friday. In a year neither source covers only
 * weekends are rest days, and coverage(year) says so, so no caller mistakes a guess for the law.
 *
 * The counting rule: the day of the event does not count, day 1 is the first working day after
 * the start day, whatever the hour of the event and whether or not the start day is itself a
 * working day. Materials complete on Friday: 1 working day later is Monday. This is the general
 * rule for periods in Chinese procedure (民事诉讼法: 期间开始的时和日，不计算在期间内), and the local
 * legal-review and publicity rules we have give no other, so it is not configurable.
 */
import { Invalid } from '../errors.js';
import { parseCalendarOverrides, type CalendarOverrides } from './calendar-overrides.js';
import { officialSchedule } from './official-schedule.js';
import { addCalendarDays, toShanghaiDay, weekdayOf, yearOf, type DayInput, type ShanghaiDay } from './shanghai-day.js';

/** Where a year's holidays come from: the library, the agency's override file, or nowhere (weekends only). */
export type Coverage = 'official' | 'override' | 'weekends-only';

/** Longest count accepted: about eight years of working days. A larger n is a unit mistake (calendar days, ms). */
export const MAX_WORKING_DAYS = 2000;

export interface WorkingCalendar {
  /** Whether the day (an instant: its Shanghai day) is a working day. */
  isWorkingDay(day: DayInput): boolean;
  /**
   * The day n working days after `start`, by the counting rule above: n = 1 is the first working
   * day after the start day; n = 0 is the start day itself. n is a whole number 0…MAX_WORKING_DAYS.
   */
  addWorkingDays(start: DayInput, n: number): ShanghaiDay;
  /**
   * Working days after `a` up to and including `b` (a's day does not count, b's does), so
   * workingDaysBetween(a, addWorkingDays(a, n)) === n. Negative when b is before a.
   */
  workingDaysBetween(a: DayInput, b: DayInput): number;
  /** Where the year's holidays come from. */
  coverage(year: number): Coverage;
  /** The years from `from`'s day to `to`'s day (inclusive, either order) that are 'weekends-only'. */
  yearsWithoutSchedule(from: DayInput, to: DayInput): number[];
}

export interface WorkingCalendarOptions {
  /** The agency's holiday file; checked here (parseCalendarOverrides), its days win over the library's. */
  overrides?: CalendarOverrides;
}

export function createWorkingCalendar(options: WorkingCalendarOptions = {}): WorkingCalendar {
  const official = officialSchedule();
  const overrides = parseCalendarOverrides(options.overrides ?? { holidays: [], workdays: [] });
  const localWorkdays = new Set(overrides.workdays);
  const localHolidays = new Set(overrides.holidays);
  const overrideYears = new Set(overrides.years ?? []);

  const working = (day: ShanghaiDay): boolean => {
    if (localWorkdays.has(day)) return true;
    if (localHolidays.has(day)) return false;
    if (official.workdays.has(day)) return true;
    if (official.holidays.has(day)) return false;
    const weekday = weekdayOf(day);
    return weekday !== 0 && weekday !== 6;
  };

  const coverage = (year: number): Coverage => {
    if (!Number.isInteger(year)) throw new Invalid(`year ${year} is not a whole number: pass e.g. 2027`);
    if (official.years.has(year)) return 'official';
    return overrideYears.has(year) ? 'override' : 'weekends-only';
  };

  /** Working days in (from, to], from ≤ to. */
  const countAfter = (from: ShanghaiDay, to: ShanghaiDay): number => {
    let n = 0;
    for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) if (working(d)) n++;
    return n;
  };

  return {
    isWorkingDay: (day) => working(toShanghaiDay(day)),

    addWorkingDays(start, n) {
      if (!Number.isInteger(n) || n < 0 || n > MAX_WORKING_DAYS)
        throw new Invalid(
          `cannot add ${n} working days: give a whole number from 0 to ${MAX_WORKING_DAYS} (working days, not calendar days or milliseconds)`,
        );
      let day = toShanghaiDay(start);
      for (let left = n; left > 0;) {
        day = addCalendarDays(day, 1);
        if (working(day)) left--;
      }
      return day;
    },

    workingDaysBetween(a, b) {
      const from = toShanghaiDay(a);
      const to = toShanghaiDay(b);
      return from <= to ? countAfter(from, to) : -countAfter(to, from);
    },

    coverage,

    yearsWithoutSchedule(from, to) {
      const a = yearOf(toShanghaiDay(from));
      const b = yearOf(toShanghaiDay(to));
      const out: number[] = [];
      for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (coverage(y) === 'weekends-only') out.push(y);
      return out;
    },
  };
}
