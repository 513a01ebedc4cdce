/**
 * Calendar days as 'YYYY-MM-DD' strings, for birth dates read from ID numbers and the decision
 * date. Plain proleptic Gregorian arithmetic on the digits: no time zone enters (a birth date
 * and a decision date are days, not instants).
 */

export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

export function isCalendarDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= last;
}

/** 'YYYY-MM-DD' that is a real day, e.g. not 2025-02-29. */
export function isIsoDay(s: string): boolean {
  return ISO_DAY.test(s) && isCalendarDay(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));
}

export const isoDay = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The `years`-th anniversary of `birth` ('YYYY-MM-DD'); 29 February falls on 1 March in a common year. */
export function anniversary(birth: string, years: number): string {
  const year = Number(birth.slice(0, 4)) + years;
  const month = Number(birth.slice(5, 7));
  const day = Number(birth.slice(8, 10));
  return isCalendarDay(year, month, day) ? isoDay(year, month, day) : isoDay(year, 3, 1);
}

/**
 * Whether someone born on `birth` is under `years` 周岁 on `on`. 周岁 are reached on the day after
 * the birthday (法释〔2006〕1号 art. 2: "从周岁生日的第二天起算"), so on the anniversary itself a
 * person is still under age: the reading that protects the person.
 */
export const underAgeOn = (birth: string, on: string, years: number): boolean => on <= anniversary(birth, years);
