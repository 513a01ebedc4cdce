/**
 * An agency's own holiday file: a year's national schedule the library does not carry yet, or a
 * local rest day (a holiday of the province, an ethnic autonomous area's festival). Its days win
 * over the library's, both ways: a day it lists as a holiday is a rest day even if the library
 * calls it a make-up working day, and a day it lists as a working day is one even in a holiday.
 *
 * `years` is a promise the file makes: "this file carries the whole national schedule for these
 * years". Only then does a year the library lacks count as covered ('override'); a file with a
 * single local holiday in 2027 does not make 2027's 春节 known, and the deadline clock keeps
 * warning that 2027's schedule is not loaded.
 *
 * Example (for a year the library lacks, copied from the State Council's notice):
 *   { "years": [2027], "holidays": ["2027-01-01", …], "workdays": ["2027-02-…", …] }
 */
import { Type, type Static } from '@sinclair/typebox';
import { check } from '@liuhen/device-profiles';
import { Invalid } from '../errors.js';
import { isShanghaiDay, yearOf } from './shanghai-day.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A Shanghai calendar day, YYYY-MM-DD' });

export const CalendarOverrides = Type.Object(
  {
    years: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1992, maximum: 9999 }), {
        uniqueItems: true,
        description:
          'Years whose complete national holiday schedule (国务院办公厅 部分节假日安排的通知) this file carries; a year the library lacks counts as covered only when listed here',
      }),
    ),
    holidays: Type.Array(Day, {
      uniqueItems: true,
      description: 'Rest days (放假): the national schedule of a year the library lacks, or a local holiday',
    }),
    workdays: Type.Array(Day, {
      uniqueItems: true,
      description: 'Working days that would otherwise be rest days: make-up working days (调休上班) on a weekend',
    }),
  },
  { $id: 'CalendarOverrides', additionalProperties: false },
);
export type CalendarOverrides = Static<typeof CalendarOverrides>;

const refuse = (problem: string) =>
  new Invalid(`calendar overrides: ${problem}`, { code: 'calendar-overrides-invalid' });

/**
 * Checks an override file's content (already parsed from JSON or YAML) and returns it typed.
 * Throws Invalid (code calendar-overrides-invalid) naming the first problem and how to fix it.
 */
export function parseCalendarOverrides(value: unknown): CalendarOverrides {
  const r = check(CalendarOverrides, value);
  if (!r.ok) throw refuse(`${r.error}: expected { years?: number[], holidays: ["YYYY-MM-DD", …], workdays: [...] }`);
  const o = r.value;
  for (const day of [...o.holidays, ...o.workdays])
    if (!isShanghaiDay(day)) throw refuse(`${day} is not a date in the calendar: correct the month or day`);
  const holidays = new Set(o.holidays);
  const both = o.workdays.find((d) => holidays.has(d));
  if (both !== undefined) throw refuse(`${both} is listed both as a holiday and as a working day: keep it in one list`);
  const holidayYears = new Set(o.holidays.map(yearOf));
  const empty = o.years?.find((y) => !holidayYears.has(y));
  if (empty !== undefined)
    throw refuse(
      `years lists ${empty} but holidays has no day in ${empty}: add that year's rest days from the State Council's notice, or take ${empty} out of years`,
    );
  return o;
}
