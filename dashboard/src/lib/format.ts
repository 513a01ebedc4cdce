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
