// Who is using the dashboard, until login lands: a name typed in the top bar,
// kept in localStorage and sent with every API call as X-Liuhen-Actor so the
// gateway's audit trail (留痕) says who viewed, linked or decided what.

import { writable } from 'svelte/store';

const STORAGE_KEY = 'liuhen.actor';
export const DEFAULT_ACTOR = '值班员';

/** What the gateway accepts (gateway/src/http/actor.ts); anything else is audited as "anonymous". */
const ACTOR_PATTERN = /^[\p{L}\p{N}_.@:-][\p{L}\p{N} _.@:-]{0,63}$/u;

export function isValidActor(name: string): boolean {
  return ACTOR_PATTERN.test(name.trim());
}

function storedActor(): string | undefined {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined; // storage disabled
  }
}

/** The name as typed (may be empty while the user edits it). */
export const actor = writable(storedActor() ?? DEFAULT_ACTOR);

let current = DEFAULT_ACTOR;
actor.subscribe((value) => {
  current = value;
  // Video sources and download links are fetched by the browser itself, without our header:
  // the same name goes in a cookie so the gateway audits those under it too.
  document.cookie = `liuhen_actor=${encodeURIComponent(value.trim() || DEFAULT_ACTOR)}; path=/; SameSite=Strict`;
  try {
    localStorage.setItem(STORAGE_KEY, value);
  } catch {
    // storage disabled: the name lasts for this page only
  }
});

/** The name to act under now: what is typed, or the default while the field is empty. */
export function currentActor(): string {
  return current.trim() || DEFAULT_ACTOR;
}

/**
 * The header value. HTTP headers carry Latin-1 only and the name is usually
 * Chinese, so it is percent-encoded; the gateway decodes it.
 */
export function actorHeader(): string {
  return encodeURIComponent(currentActor());
}
