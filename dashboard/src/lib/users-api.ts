// Accounts and API tokens (admin only; the gateway refuses everyone else).
import { request } from './api';
import type { Role } from './session';

export const ROLES: readonly Role[] = [
  'officer',
  'equipment-manager',
  'supervisor',
  'legal-reviewer',
  'auditor',
  'admin',
];

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  officerId: string | null;
  unitId: string | null;
  disabled: boolean;
  lockedUntil: string | null;
  demo: boolean;
  lastLoginAt: string | null;
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  officerId: string | null;
  unitId: string | null;
}

const json = (method: string, body: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const listUsers = (signal?: AbortSignal) => request<UserRow[]>('/api/users', { signal });
export const createUser = (u: NewUser) => request<UserRow>('/api/users', json('POST', u));
export const updateUser = (id: string, patch: Partial<NewUser> & { disabled?: boolean; unlock?: boolean }) =>
  request<UserRow>(`/api/users/${encodeURIComponent(id)}`, json('PATCH', patch));
