/** How times and dates read on the pages: China Standard Time, which is what the public expects. */

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function shanghai(iso: string): string | undefined {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
}

/** 2025-03-03 (China time); the input as it is when it is not a time. */
export function dayOf(iso: string): string {
  return shanghai(iso)?.slice(0, 10) ?? iso;
}

/** 2025-03-03 09:30 (China time). */
export function minuteOf(iso: string): string {
  const s = shanghai(iso);
  return s ? `${s.slice(0, 10)} ${s.slice(11, 16)}` : iso;
}
