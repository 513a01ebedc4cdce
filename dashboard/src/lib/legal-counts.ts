// The legal reviewers' inbox in figures, for the nav badge: rounds waiting
// (submitted, under review, or disagreed awaiting discussion) and of those, the ones whose
// review deadline is red or breached. Fetched while the nav shows it, every
// POLL_MS, and right after an act that moves a round.

import { readable } from 'svelte/store';
import type { LegalReview } from './api/types';
import { listLegalReviews } from './legal-api';

const POLL_MS = 30_000;

export interface LegalCounts {
  waiting: number;
  /** Deadline red (last working day) or breached. */
  urgent: number;
}

let refresh: () => void = () => undefined;

/**
 * Whether a round in the inbox still waits for someone: the station keeps a disagreed round there
 * after its collective discussion was recorded, but nobody has anything left to do on it.
 */
export function waiting(r: LegalReview): boolean {
  return !(r.state === 'disagreed' && r.discussion !== null);
}

/** Null until the first answer (or while the gateway cannot say). */
export const legalCounts = readable<LegalCounts | null>(null, (set) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const load = () => {
    clearTimeout(timer);
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    listLegalReviews(mine.signal)
      .then((reviews) => {
        const open = reviews.filter(waiting);
        set({
          waiting: open.length,
          urgent: open.filter((r) => r.deadline?.state === 'red' || r.deadline?.state === 'breached').length,
        });
      })
      .catch(() => {
        // The badge is a hint: keep the last figures and try again on the next tick.
      })
      .finally(() => {
        if (!mine.signal.aborted) timer = setTimeout(load, POLL_MS);
      });
  };

  refresh = load;
  load();
  return () => {
    refresh = () => undefined;
    clearTimeout(timer);
    controller?.abort();
  };
});

/** Fetch the figures now (after a submission, acceptance, opinion or discussion). */
export function refreshLegalCounts(): void {
  refresh();
}
