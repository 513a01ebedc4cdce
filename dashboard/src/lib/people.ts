// Units and officers, for filters, datalists and names next to badge numbers:
// fetched once while anything shows them, and again on refreshPeople().

import { derived, readable } from 'svelte/store';
import type { Officer, Unit } from './api/types';
import { listOfficers, listUnits } from './cases-api';

export interface People {
  units: Unit[];
  officers: Officer[];
}

let refresh: () => void = () => undefined;

/** Null until the first answer; the last answer while the gateway cannot be reached. */
export const people = readable<People | null>(null, (set) => {
  let controller: AbortController | undefined;
  const load = () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    Promise.all([listUnits(mine.signal), listOfficers(undefined, mine.signal)])
      .then(([units, officers]) => set({ units, officers }))
      .catch(() => {
        // Names are a convenience: badge numbers and unit ids still show without them.
      });
  };
  refresh = load;
  load();
  return () => {
    refresh = () => undefined;
    controller?.abort();
  };
});

export function refreshPeople(): void {
  refresh();
}

/** Officer by badge number. */
export const officersById = derived(
  people,
  ($p) => new Map(($p?.officers ?? []).map((o) => [o.id, o])) as ReadonlyMap<string, Officer>,
);

/** Unit name by id. */
export const unitNames = derived(
  people,
  ($p) => new Map(($p?.units ?? []).map((u) => [u.id, u.name])) as ReadonlyMap<string, string>,
);

/** "张三 (33010012)" when the name is known, else the badge number. */
export function officerLabel(badge: string, officers: ReadonlyMap<string, Officer>): string {
  const name = officers.get(badge)?.name;
  return name ? `${name} (${badge})` : badge;
}
