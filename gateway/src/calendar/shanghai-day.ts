/**
 * Calendar days in China Standard Time (Asia/Shanghai, UTC+8), the days legal deadlines count.
 *
 * An instant belongs to the Shanghai day it falls on: 2025-01-25T23:30:00Z is 07:30 on
 * 2025-01-26 in Shanghai, so it is 2025-01-26. China has kept UTC+8 without daylight saving
 * since 1992 (it observed DST 1986–1991), so a fixed offset is exact for every day a case meets,
 * and nothing here depends on the process's TZ: the host may run in UTC.
 *
 * A day is written 'YYYY-MM-DD' (a ShanghaiDay). Arithmetic on days runs on UTC midnight of that
 * date, where no offset or DST rule can move it; such strings also sort in calendar order.
 */
import { Invalid } from '../errors.js';

/** A calendar day in Shanghai, 'YYYY-MM-DD' (four-digit year). */
export type ShanghaiDay = string;

/** A day as callers have it: an instant (converted to its Shanghai day) or a ShanghaiDay. */
export type DayInput = Date | ShanghaiDay;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight UTC of the date the day names, in ms; the day is assumed well-formed. */
function utcMidnight(day: ShanghaiDay): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

/** The UTC date of a time in ms, as a day; refuses what is not a four-digit year. */
function utcDateOf(ms: number): ShanghaiDay {
  const day = new Date(ms).toISOString().slice(0, 10);
  if (!DAY_PATTERN.test(day))
    throw new Invalid(`day arithmetic left the years 0000–9999 (${day}): check the count passed in`);
  return day;
}

/** True for a real calendar date written 'YYYY-MM-DD' (2025-02-29 is not one). */
export function isShanghaiDay(s: string): boolean {
  return DAY_PATTERN.test(s) && new Date(utcMidnight(s)).toISOString().slice(0, 10) === s;
}

/** The Shanghai calendar day an instant falls on. */
export function shanghaiDayOf(instant: Date): ShanghaiDay {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new Invalid('the time given is not a valid date: pass a Date built from an ISO time');
  return utcDateOf(t + SHANGHAI_OFFSET_MS);
}

/** A DayInput as a ShanghaiDay; a string must already be a real 'YYYY-MM-DD' date. */
export function toShanghaiDay(input: DayInput): ShanghaiDay {
  if (input instanceof Date) return shanghaiDayOf(input);
  if (!isShanghaiDay(input))
    throw new Invalid(
      `"${input}" is not a calendar day: write it as YYYY-MM-DD (e.g. 2025-10-09), or pass a Date for an instant`,
    );
  return input;
}

/** The day `n` calendar days after `day` (before it when n is negative). */
export function addCalendarDays(day: ShanghaiDay, n: number): ShanghaiDay {
  return utcDateOf(utcMidnight(day) + n * DAY_MS);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: ShanghaiDay): number {
  return new Date(utcMidnight(day)).getUTCDay();
}

export function yearOf(day: ShanghaiDay): number {
  return Number(day.slice(0, 4));
}

/** The last millisecond of the day in Shanghai (23:59:59.999+08:00): a deadline on this day is met up to and including it. */
export function endOfShanghaiDay(day: ShanghaiDay): Date {
  return new Date(utcMidnight(day) + DAY_MS - 1 - SHANGHAI_OFFSET_MS);
}
