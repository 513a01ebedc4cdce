/**
 * Who may do what. Each route names the roles that may call it (`config.access`
 * on the route); `admin` may call every user route. Object-level limits
 * (an officer's own footage, a supervisor's unit, cases in legal review) are
 * applied by the routes themselves with `scopeOf`.
 */
import { ROLES, type Role } from '@liuhen/contract';

/** The roles (the API contract's list: accounts and tokens carry one). */
export { ROLES, type Role };

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s);
}

/**
 * A route's access rule:
 * - `public`: no sign-in (health, sign-in itself, enrollment by one-time code, the dashboard's files);
 * - `device`: a recorder, with its enrolled credentials (or unenrolled while auth.allowUnenrolledUploads);
 * - `user`: anyone signed in;
 * - a list of roles (admin is always allowed).
 */
export type Access = 'public' | 'device' | 'user' | readonly Role[];

/** Who is calling, once the credentials were checked. */
export type Principal =
  | {
      kind: 'user' | 'token';
      /** users.id or api_tokens.id */
      id: string;
      /** Sign-in name, or the token's name: what the audit trail records. */
      name: string;
      role: Role;
      officerId: string | null;
      unitId: string | null;
      /** Sessions only: the token the dashboard must echo in X-CSRF-Token on state-changing requests. */
      csrfToken?: string;
    }
  | { kind: 'device'; deviceId: string; enrolled: boolean }
  | { kind: 'anonymous' };

export type UserPrincipal = Extract<Principal, { kind: 'user' | 'token' }>;

export function allows(access: Access, p: Principal): boolean {
  if (access === 'public') return true;
  if (access === 'device') return p.kind === 'device';
  if (p.kind !== 'user' && p.kind !== 'token') return false;
  if (access === 'user') return true;
  return p.role === 'admin' || access.includes(p.role);
}

/** Common role sets, so route files read as policy. */
export const CAN = {
  /** Watch live recorders and the board. */
  watchLive: ['supervisor', 'equipment-manager'],
  /** Look after devices: inventory, desk, ledger, alerts. */
  manageDevices: ['equipment-manager'],
  /** Read footage and cases (each limited to what the role may see). */
  readFootage: ['officer', 'supervisor', 'legal-reviewer'],
  /** Create and edit cases, steps and links; decide reviews. */
  superviseCases: ['supervisor'],
  /** Export evidence packages. */
  exportCases: ['supervisor', 'legal-reviewer'],
  /** Read the audit trail. */
  audit: ['auditor'],
  /** Station administration only. */
  admin: [],
} as const satisfies Record<string, readonly Role[]>;
