/**
 * What part of the footage and cases a caller may see, as the domain states it:
 * an officer their own footage, the cases they are on and their review items;
 * a supervisor with a unit that unit's; a legal reviewer the cases in legal
 * review and their footage. Admins, auditors, equipment managers and
 * supervisors without a unit are unrestricted.
 *
 * The services narrow what they read with these rules as where-clauses
 * (`visibleTo`; written in SQL in scope-repo.ts); the HTTP layer checks single
 * objects with the same rules (http/scope.ts).
 */
import type { Principal } from '../auth/roles.js';

/** A caller's limits; none set: unrestricted. */
export interface Scope {
  officerId?: string;
  unitId?: string;
  inReviewOnly?: boolean;
}

/** The scope of a caller (the HTTP side: guard.ts `scopeOf`, and WebSocket upgrades). */
export function scopeOfPrincipal(p: Principal): Scope {
  if (p.kind !== 'user' && p.kind !== 'token') return {};
  if (p.role === 'officer') return { officerId: p.officerId ?? '\u0000no-officer' };
  if (p.role === 'supervisor' && p.unitId) return { unitId: p.unitId };
  if (p.role === 'legal-reviewer') return { inReviewOnly: true };
  return {};
}

export const unrestricted = (s: Scope) => !s.officerId && !s.unitId && !s.inReviewOnly;
