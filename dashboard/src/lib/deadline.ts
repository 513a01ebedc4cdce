// A legal deadline in the dashboard's language. The station sends a machine code and the numbers
// (code, days, unit, from) beside a Chinese label for API clients; the dashboard words them itself.
import type { _ } from 'svelte-i18n';
import type { Readable } from 'svelte/store';
import type { Deadline } from './api/types';

type Format = typeof _ extends Readable<infer F> ? F : never;

/** The deadline's period in words, e.g. 公示期限（决定之日起 7 个工作日） / Publication deadline: 7 working days from the decision. */
export function deadlinePeriod(t: Format, d: Pick<Deadline, 'code' | 'days'>): string {
  return t(`deadline.period.${d.code}`, { values: { days: d.days } });
}
