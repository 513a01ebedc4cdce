// Accounts and API tokens (admin only; the gateway refuses everyone else).
import { api, ok } from './api';
import type { NewUser, Role, UserPatch, UserRow } from './api/types';
import { everyOf } from './lists';

export const ROLES = everyOf<Role>()([
  'officer',
  'equipment-manager',
  'supervisor',
  'legal-reviewer',
  'auditor',
  'admin',
]);

export const listUsers = (signal?: AbortSignal): Promise<UserRow[]> => ok(api.GET('/api/users', { signal }));
export const createUser = (u: NewUser): Promise<UserRow> => ok(api.POST('/api/users', { body: u }));
export const updateUser = (id: string, patch: UserPatch): Promise<UserRow> =>
  ok(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: patch }));
