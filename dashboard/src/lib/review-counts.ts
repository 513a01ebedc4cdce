// Review-queue counts for the nav badge and the queue tabs: fetched while
// anything shows them, every POLL_MS, right after an act that moves an item and when the live
// channel says coverage changed.

import { readable } from 'svelte/store';
import { getReviewCounts } from './cases-api';
import { onCoverage } from './live';
import type { ReviewCounts } from './api/types';

const POLL_MS = 30_000;

let refresh: () => void = () => undefined;

/** Null until the first answer (or while the gateway cannot say). */
export const reviewCounts = readable<ReviewCounts | null>(null, (set) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;

  const load = () => {
    clearTimeout(timer);
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    getReviewCounts(mine.signal)
      .then(set)
      .catch(() => {
        // The badge is a hint: keep the last figures and try again on the next tick.
      })
      .finally(() => {
        if (!mine.signal.aborted) timer = setTimeout(load, POLL_MS);
      });
  };

  refresh = load;
  load();
  // Footage sorted or coverage recomputed: queues may have moved.
  const offCoverage = onCoverage(() => load());
  return () => {
    offCoverage();
    refresh = () => undefined;
    clearTimeout(timer);
    controller?.abort();
  };
});

/** Fetch the counts now (after assigning, explaining, deciding or linking). */
export function refreshReviewCounts(): void {
  refresh();
}
