/** User accounts, the signed-in session and API tokens, as the API answers them. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { lit } from './builders.js';

/** The roles a user or an API token has (what each may do: the gateway's auth/roles.ts). */
export const ROLES = ['officer', 'equipment-manager', 'supervisor', 'legal-reviewer', 'auditor', 'admin'] as const;
export const Role = lit(ROLES);
export type Role = Static<typeof Role>;

/** A user account (never its password). */
export const UserView = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  officerId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  demo: Type.Boolean(),
  createdAt: Type.String(),
  passwordChangedAt: Type.String(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
export type UserView = Static<typeof UserView>;

/** Who is signed in, and the CSRF token their session needs. */
export const SessionView = Type.Object({
  kind: Type.Union([Type.Literal('user'), Type.Literal('token')]),
  user: UserView,
  csrfToken: Type.Union([Type.String(), Type.Null()], {
    description: 'Send as X-CSRF-Token with every POST/PUT/PATCH/DELETE made with the session cookie',
  }),
});
export type SessionView = Static<typeof SessionView>;

/** An API token for another system (never the secret). */
export const TokenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  officerId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
export type TokenView = Static<typeof TokenView>;
