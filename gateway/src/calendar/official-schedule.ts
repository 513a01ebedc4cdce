/**
 * The national holiday schedule (国务院办公厅 部分节假日安排的通知) as the `chinese-days` package
 * publishes it: rest days (放假) and make-up working days (调休上班, weekend days that are working
 * days), by date. chinese-days 1.5.7 carries 2004–2026; a later version adds a year once the State
 * Council publishes it (usually in November), and until then an agency supplies it as an override.
 *
 * We read the package's data file (dist/chinese-days.json, which its README offers for use outside
 * JavaScript) rather than call its isWorkday(): those functions read dates in the process's local
 * time zone, and on a host west of UTC they answer for the wrong day (with TZ=America/New_York,
 * isWorkday('2025-01-27') is false though that Monday was a working day). Our days are Shanghai
 * days, looked up by their 'YYYY-MM-DD' text, so the host's zone cannot shift them.
 */
import { createRequire } from 'node:module';
import { Type } from '@sinclair/typebox';
import { check } from '@liuhen/device-profiles';
import { yearOf, type ShanghaiDay } from './shanghai-day.js';

const DATA_FILE = 'chinese-days/dist/chinese-days.json';

const DatedNames = Type.Record(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.String());

/** The part of the package's data file we use (it also lists in-lieu days, 调休日, which we do not need). */
const ChineseDaysData = Type.Object({ holidays: DatedNames, workdays: DatedNames });

/** A holiday schedule by date; `years` are those it carries the whole national schedule for. */
export interface HolidaySchedule {
  readonly holidays: ReadonlySet<ShanghaiDay>;
  readonly workdays: ReadonlySet<ShanghaiDay>;
  readonly years: ReadonlySet<number>;
}

let loaded: HolidaySchedule | undefined;

/** The library's schedule, read and checked once. Throws if the installed package's data file is missing or has changed shape. */
export function officialSchedule(): HolidaySchedule {
  if (loaded) return loaded;
  let raw: unknown;
  try {
    raw = createRequire(import.meta.url)(DATA_FILE);
  } catch (err) {
    throw new Error(
      `cannot read the holiday schedule ${DATA_FILE} (${(err as Error).message}): run npm install in the gateway workspace`,
    );
  }
  const r = check(ChineseDaysData, raw);
  if (!r.ok)
    throw new Error(
      `the holiday schedule ${DATA_FILE} has an unexpected shape (${r.error}): the chinese-days package changed its data file; pin the version this module was written for (1.5.x) or adapt official-schedule.ts`,
    );
  const holidays = new Set(Object.keys(r.value.holidays));
  // Every year's schedule has rest days (元旦 at least), so the years with any are the years covered.
  loaded = {
    holidays,
    workdays: new Set(Object.keys(r.value.workdays)),
    years: new Set([...holidays].map(yearOf)),
  };
  return loaded;
}
