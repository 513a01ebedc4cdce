/**
 * The working-day clock (工作日) for the deadlines of legal review of major enforcement decisions
 * (重大执法决定法制审核: e.g. 7 working days, +3 with approval) and of publicity (公示: 7 or 20 working
 * days), aware of Chinese public holidays (放假) and make-up working days (调休上班: a weekend day
 * that is a working day, e.g. Sunday 2025-01-26 and Saturday 2025-02-08 around 春节).
 *
 * - Days are Shanghai days (Asia/Shanghai, UTC+8, no daylight saving): an instant is converted to
 *   the calendar day it falls on in Shanghai, so 2025-01-25T23:30:00Z is 2025-01-26. Days are
 *   written 'YYYY-MM-DD'; functions take a Date (an instant) or such a day. See shanghai-day.ts.
 * - Counting: the day of the event does not count; day 1 is the first working day after it (an
 *   event on Friday, 1 working day: Monday). The due day's end, 23:59:59.999+08:00, is the deadline.
 * - Holidays: the national schedule from the `chinese-days` package (years 2004–2026 in 1.5.7),
 *   then the agency's own file (createWorkingCalendar({ overrides })), which wins over the library:
 *   a year the library lacks, or a local holiday. Override files are checked with
 *   parseCalendarOverrides (TypeBox schema CalendarOverrides).
 * - A year with no schedule is not guessed at: its weekends are rest days and nothing else,
 *   coverage(year) says 'weekends-only', and a deadline clock counting a day in it carries a
 *   calendarWarning ("2027 holiday schedule not loaded") for the dashboard to show.
 * - Warnings (deadlineClock): amber when 2 or fewer working days remain after today (configurable),
 *   red on the due day, breached after its end.
 *
 * Usage:
 *   const calendar = createWorkingCalendar({ overrides: parseCalendarOverrides(fileContent) });
 *   deadlineClock({ calendar, startedAt: acceptedAt, workingDays: 7, extendedBy: 3, now: new Date() });
 */
export { type DayInput, type ShanghaiDay, endOfShanghaiDay, isShanghaiDay, shanghaiDayOf } from './shanghai-day.js';
export { CalendarOverrides, parseCalendarOverrides } from './calendar-overrides.js';
export {
  type Coverage,
  type WorkingCalendar,
  type WorkingCalendarOptions,
  MAX_WORKING_DAYS,
  createWorkingCalendar,
} from './working-calendar.js';
export {
  type CalendarWarning,
  type DeadlineClock,
  type DeadlineClockInput,
  type DeadlineState,
  DEFAULT_AMBER_AT_REMAINING,
  deadlineClock,
} from './deadline-clock.js';
