/**
 * Document dates. A document carries a calendar date (YYYY-MM-DD), printed the Chinese way, and
 * the same date fixes every timestamp inside the files (PDF CreationDate/ID, DOCX core.xml and
 * zip entry times), so rendering the same data again gives the same bytes.
 */
import { Invalid } from '../../errors.js';

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Parses YYYY-MM-DD, refusing dates that do not exist (2026-02-30). */
export function parseDocDate(text: string, field = 'date'): CalendarDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(year, month - 1, day));
    if (t.getUTCFullYear() === year && t.getUTCMonth() === month - 1 && t.getUTCDate() === day)
      return { year, month, day };
  }
  throw new Invalid(`${field} must be a date written YYYY-MM-DD, got "${text}"`);
}

/** "2026-12-04" → "2026年12月4日" (no leading zeros, as documents print dates). */
export function zhDate(text: string, field?: string): string {
  const { year, month, day } = parseDocDate(text, field);
  return `${year}年${month}月${day}日`;
}

/**
 * The instant stamped into a file: midnight UTC of the date, which is the same calendar day in
 * Beijing (08:00), so no viewer shows the day before.
 */
export function docInstant(text: string): Date {
  const { year, month, day } = parseDocDate(text);
  return new Date(Date.UTC(year, month - 1, day));
}
