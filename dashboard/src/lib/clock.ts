import { readable } from 'svelte/store';

/** Wall-clock milliseconds, ticking once a second while anything is subscribed. */
export const now = readable(Date.now(), (set) => {
  const timer = setInterval(() => set(Date.now()), 1000);
  return () => clearInterval(timer);
});
