/**
 * The clock on a working-day deadline: legal review of a major decision (法制审核, e.g. 7 working
 * days, +3 with approval), publicity (公示, 7 or 20 working days). Given when the period started
 * and the time now, it says the due day and how close it is, for the yellow and red warnings the
 * dashboard shows (黄色预警 / 红色预警) and for the breach (超期).
 *
 * Counting follows the calendar's rule (working-calendar.ts): the start day does not count, the
 * due day is the total-th working day after it, and the deadline is met up to the end of that day
 * in Shanghai (23:59:59.999+08:00). Then, with r = working days left after today up to the due day:
 *   ok        r > amberAtRemaining
 *   amber     1 ≤ r ≤ amberAtRemaining (default 2: the last two working days before the due day)
 *   red       today is the due day (r = 0) and its end has not passed
 *   breached  now is after the end of the due day; r is then ≤ 0 (minus the working days overdue)
 * A weekend before a Monday due day has r = 1: amber, not ok, since no working day is left between.
 *
 * When a day counted falls in a year with no holiday schedule (coverage 'weekends-only'), that
 * year's public holidays were counted as working days and the due day may be too early; the result
 * then carries calendarWarning so the dashboard can say "2027 holiday schedule not loaded".
 */
import { Invalid } from '../errors.js';
import {
  addCalendarDays,
  endOfShanghaiDay,
  shanghaiDayOf,
  toShanghaiDay,
  type DayInput,
  type ShanghaiDay,
} from './shanghai-day.js';
import type { WorkingCalendar } from './working-calendar.js';

export type DeadlineState = 'ok' | 'amber' | 'red' | 'breached';

/** Amber when this many working days or fewer remain after today, before the due day itself. */
export const DEFAULT_AMBER_AT_REMAINING = 2;

export interface DeadlineClockInput {
  /** The agency's calendar (createWorkingCalendar with its overrides). */
  calendar: WorkingCalendar;
  /** When the period started (e.g. the day the review materials were complete); only its Shanghai day matters. */
  startedAt: DayInput;
  /** The period, in working days (≥ 1). */
  workingDays: number;
  /** Working days added by an approved extension (延长), e.g. 3; default 0. */
  extendedBy?: number;
  now: Date;
  /** Amber from this many remaining working days (default DEFAULT_AMBER_AT_REMAINING; 0: no amber, straight to red). */
  amberAtRemaining?: number;
}

export interface CalendarWarning {
  code: 'holiday-schedule-not-loaded';
  /** Years counted without their holiday schedule (coverage 'weekends-only'). */
  years: number[];
  message: string;
}

export interface DeadlineClock {
  /** The day the period started; it does not count. */
  startDay: ShanghaiDay;
  /** workingDays + extendedBy. */
  totalWorkingDays: number;
  /** The last day of the period, a working day. */
  dueDay: ShanghaiDay;
  /** The end of the due day in Shanghai (23:59:59.999+08:00): met at or before it, breached after. */
  dueAt: Date;
  /** Working days after today up to and including the due day: 0 on the due day, negative once overdue. */
  remainingWorkingDays: number;
  state: DeadlineState;
  /** Present when some day counted lies in a year whose holiday schedule is not loaded. */
  calendarWarning?: CalendarWarning;
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new Invalid(`${name} is ${value}: give a whole number of working days, at least ${min}`);
  return value;
}

export function deadlineClock(input: DeadlineClockInput): DeadlineClock {
  const { calendar, now } = input;
  const total = wholeNumber('workingDays', input.workingDays, 1) + wholeNumber('extendedBy', input.extendedBy ?? 0, 0);
  const amberAt = wholeNumber('amberAtRemaining', input.amberAtRemaining ?? DEFAULT_AMBER_AT_REMAINING, 0);
  const startDay = toShanghaiDay(input.startedAt);
  const dueDay = calendar.addWorkingDays(startDay, total);
  const dueAt = endOfShanghaiDay(dueDay);
  const today = shanghaiDayOf(now);
  const remaining = calendar.workingDaysBetween(today, dueDay);

  const state: DeadlineState =
    now.getTime() > dueAt.getTime() ? 'breached' : remaining === 0 ? 'red' : remaining <= amberAt ? 'amber' : 'ok';

  // Days counted: those after the start day up to the due day, and past it up to today once overdue.
  const lastCounted = today > dueDay ? today : dueDay;
  const years = calendar.yearsWithoutSchedule(addCalendarDays(startDay, 1), lastCounted);
  const clock: DeadlineClock = {
    startDay,
    totalWorkingDays: total,
    dueDay,
    dueAt,
    remainingWorkingDays: remaining,
    state,
  };
  if (years.length) clock.calendarWarning = scheduleWarning(years);
  return clock;
}

function scheduleWarning(years: number[]): CalendarWarning {
  const named = years.join(', ');
  const schedules = years.length === 1 ? 'schedule' : 'schedules';
  return {
    code: 'holiday-schedule-not-loaded',
    years,
    message: `${named} holiday ${schedules} not loaded (节假日安排未载入): public holidays in ${named} were counted as working days, so the due day may be too early; load the State Council's schedule as a calendar override (years: [${named}]) or update the chinese-days package`,
  };
}
