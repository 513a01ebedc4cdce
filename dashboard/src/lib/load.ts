// One fetch behind a page's loading spinner and error line: started by an
// $effect, aborted when the effect reruns or the page goes away, and an
// aborted request never reports an error.
import { get } from 'svelte/store';
import { _ } from 'svelte-i18n';
import { errorText } from './api';

export interface LoadState {
  loading: boolean;
  error: string | null;
}

/**
 * Runs `fetch`, hands its result to `done`, and reports loading/error through
 * `state`. Returns the cleanup for the $effect that started it.
 */
export function load<T>(
  fetch: (signal: AbortSignal) => Promise<T>,
  done: (value: T) => void,
  state: (s: LoadState) => void,
): () => void {
  const controller = new AbortController();
  state({ loading: true, error: null });
  fetch(controller.signal)
    .then((value) => {
      done(value);
      state({ loading: false, error: null });
    })
    .catch((err: unknown) => {
      if (controller.signal.aborted) return;
      const t = get(_);
      state({ loading: false, error: t('errors.load', { values: { message: errorText(err, t('errors.network')) } }) });
    });
  return () => controller.abort();
}
