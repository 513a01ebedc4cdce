const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

/** Bytes as GB / MB (binary multiples, the way storage is shown on recorders). */
export function formatBytes(bytes: number): string {
  if (bytes >= GB) return `${(bytes / GB).toFixed(1)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= KB) return `${(bytes / KB).toFixed(0)} KB`;
  return `${bytes} B`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Seconds as mm:ss, or h:mm:ss from one hour on. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return h > 0 ? `${h}:${pad2(m)}:${pad2(sec)}` : `${pad2(m)}:${pad2(sec)}`;
}

/** Seconds elapsed from an ISO timestamp to `now` (ms), never negative. */
export function secondsSince(iso: string, now: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : Math.max(0, (now - t) / 1000);
}

export type RelativeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** Largest whole unit for an elapsed time; the caller picks the message for the unit. */
export function relativeParts(seconds: number): { unit: RelativeUnit; count: number } {
  const s = Math.floor(seconds);
  if (s < 60) return { unit: 'seconds', count: s };
  if (s < 3600) return { unit: 'minutes', count: Math.floor(s / 60) };
  if (s < 86400) return { unit: 'hours', count: Math.floor(s / 3600) };
  return { unit: 'days', count: Math.floor(s / 86400) };
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Absolute local date and time, e.g. 2025/11/26 08:51:00 in zh-CN. */
export function formatDateTime(iso: string, locale: string): string {
  let fmt = dateTimeFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(locale, fmt);
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : fmt.format(d);
}

/** A `<input type="datetime-local">` value (local time) as ISO 8601, or undefined if empty/invalid. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export function shortHash(hash: string, length = 12): string {
  return hash.length > length ? `${hash.slice(0, length)}…` : hash;
}

/** An ISO timestamp as a `<input type="datetime-local">` value (local time, to the minute). */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

/** A `<input type="date">` value as the ISO instant of that local midnight (plus `days`), or undefined. */
export function localDateToIso(value: string, days = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days).toISOString();
}

/** Today (plus `days`) as a `<input type="date">` value, local time. */
export function localDateInput(days = 0, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** A 0…1 share as a percentage with one decimal, e.g. 0.75 → "75.0%". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Local time of day, HH:mm:ss (for timelines, where the date is shown once). */
export function formatTime(ms: number, locale: string): string {
  let fmt = timeFormats.get(locale);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    timeFormats.set(locale, fmt);
  }
  return fmt.format(new Date(ms));
}
