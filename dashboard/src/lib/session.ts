// Who is signed in. The session itself is an httpOnly cookie the page cannot
// read; the gateway tells us the user and the CSRF token (GET /api/session),
// which every change must echo in X-CSRF-Token.

import { derived, writable } from 'svelte/store';
import { api, ok } from './api';
import type { Role, Session } from './api/types';

/** undefined while the page asks the gateway, null when nobody is signed in. */
export const session = writable<Session | null | undefined>(undefined);

let csrf: string | null = null;
session.subscribe((s) => (csrf = s?.csrfToken ?? null));

/** The token to send with a state-changing request. */
export function csrfToken(): string | null {
  return csrf;
}

/** The gateway said 401: the session ended (expired, signed out elsewhere, password changed). */
export function sessionEnded(): void {
  session.set(null);
}

export async function loadSession(): Promise<void> {
  try {
    const { user, csrfToken } = await ok(api.GET('/api/session'));
    session.set({ user, csrfToken });
  } catch {
    session.set(null);
  }
}

export async function signIn(username: string, password: string): Promise<void> {
  const { user, csrfToken } = await ok(api.POST('/api/session', { body: { username, password } }));
  session.set({ user, csrfToken });
}

export async function signOut(): Promise<void> {
  try {
    await ok(api.DELETE('/api/session'));
  } finally {
    session.set(null);
  }
}

/** The dashboard sections each role works in (the gateway enforces the same on every route). */
export type Section =
  'live' | 'devices' | 'desk' | 'cases' | 'reviews' | 'legal' | 'publicity' | 'coverage' | 'audit' | 'alerts' | 'users';

// Publicity (执法公示): supervisors and legal reviewers prepare and sign off what is published,
// auditors read it (gateway/src/http/plugins/publicity.ts: EDITORS and READERS, admin as always).
const SECTIONS: Record<Role, readonly Section[]> = {
  officer: ['cases', 'reviews'],
  'equipment-manager': ['live', 'devices', 'desk', 'alerts'],
  supervisor: ['live', 'devices', 'alerts', 'cases', 'reviews', 'legal', 'publicity', 'coverage'],
  // The legal reviewer starts in the inbox (法制审核).
  'legal-reviewer': ['legal', 'cases', 'publicity'],
  auditor: ['audit', 'legal', 'publicity'],
  admin: ['live', 'devices', 'desk', 'alerts', 'cases', 'reviews', 'legal', 'publicity', 'coverage', 'audit', 'users'],
};

/** The roles that edit, publish and withdraw publications; the others with the section only read. */
const PUBLICITY_EDITORS: readonly Role[] = ['supervisor', 'legal-reviewer', 'admin'];

export function editsPublicity(role: Role | undefined): boolean {
  return role !== undefined && PUBLICITY_EDITORS.includes(role);
}

export function sectionsOf(role: Role): readonly Section[] {
  return SECTIONS[role];
}

/** The sections of whoever is signed in (none when nobody is). */
export const sections = derived(session, (s) => (s ? SECTIONS[s.user.role] : []));
