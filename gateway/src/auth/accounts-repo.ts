/**
 * Queries on accounts: users, their browser sessions and API tokens. The rules (passwords,
 * lockout, who may change what) are in accounts.ts; pass the act's transaction as `db` where
 * an audit entry must commit with the change.
 */
import type { Db } from '../db/database.js';
import type { ApiTokensTable, SessionsTable, UsersTable } from '../db/schema.js';

// Users

/** Stores a new account. */
export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** The account by id. */
export async function findUser(db: Db, id: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account signing in under `username`. */
export async function findUserByName(db: Db, username: string): Promise<UsersTable | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** The id of the account named `username`, if the name is taken. */
export async function userIdByName(db: Db, username: string): Promise<string | undefined> {
  const r = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return r?.id;
}

/** Every account, by user name. */
export async function allUsers(db: Db): Promise<UsersTable[]> {
  return db.selectFrom('users').selectAll().orderBy('username').execute();
}

/** How many accounts exist. */
export async function countUsers(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Enabled admins: the last one may not be demoted or disabled. */
export async function enabledAdminCount(db: Db): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', 0)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** User names of enabled accounts that still hold the demo password. */
export async function enabledDemoUsernames(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('username')
    .where('demo', '=', 1)
    .where('disabled', '=', 0)
    .execute();
  return rows.map((r) => r.username);
}

/** A wrong password: the count that leads to a lockout. */
export async function recordFailedLogin(db: Db, id: string, failures: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: failures }).where('id', '=', id).execute();
}

/** Locks the account until `until`, starting the failure count afresh. */
export async function lockUser(db: Db, id: string, until: string): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: until }).where('id', '=', id).execute();
}

/** A successful sign-in at `at`: failures and any lockout are cleared. */
export async function recordSignIn(db: Db, id: string, at: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: at })
    .where('id', '=', id)
    .execute();
}

/** The user's own new password (no longer a demo one). */
export async function setOwnPassword(db: Db, id: string, passwordHash: string, changedAt: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: changedAt, demo: 0 })
    .where('id', '=', id)
    .execute();
}

/** Applies an administrator's changes to an account. */
export async function applyUserChanges(db: Db, id: string, set: Partial<UsersTable>): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute();
}

/** Demo mode: the account gets the demo password and role again, enabled and unlocked. */
export async function resetDemoUser(
  db: Db,
  id: string,
  a: { passwordHash: string; role: string; officerId: string | null; unitId: string | null },
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      password_hash: a.passwordHash,
      role: a.role,
      officer_id: a.officerId,
      unit_id: a.unitId,
      disabled: 0,
      demo: 1,
      locked_until: null,
      failed_logins: 0,
    })
    .where('id', '=', id)
    .execute();
}

/** Disables every demo account and ends its sessions; returns how many were disabled. */
export async function disableDemoUsers(db: Db): Promise<number> {
  const r = await db.updateTable('users').set({ disabled: 1 }).where('demo', '=', 1).executeTakeFirst();
  await db
    .deleteFrom('sessions')
    .where('user_id', 'in', db.selectFrom('users').select('id').where('demo', '=', 1))
    .execute();
  return Number(r.numUpdatedRows);
}

// Sessions

/** Stores a new browser session. */
export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with this token hash and its account, with the session's CSRF token and times. */
export async function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.csrf_token', 'sessions.expires_at', 'sessions.last_seen_at'])
    .where('sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Notes that the session was used at `at` (the idle timeout counts from it). */
export async function touchSession(db: Db, tokenHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Ends one session (sign-out, or found expired). */
export async function endSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of the user. */
export async function endUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Ends the user's sessions except the one holding `keepCsrfToken`. */
export async function endOtherSessions(db: Db, userId: string, keepCsrfToken: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('csrf_token', '!=', keepCsrfToken).execute();
}

/** Removes sessions expired by `now` or idle since before `idleSince`; returns how many. */
export async function deleteStaleSessions(db: Db, now: string, idleSince: string): Promise<number> {
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<', idleSince)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// API tokens

/** Stores a new API token (its hash only). */
export async function insertApiToken(db: Db, row: ApiTokensTable): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** The token whose secret hashes to `tokenHash`. */
export async function findApiTokenByHash(db: Db, tokenHash: string): Promise<ApiTokensTable | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** The token by id. */
export async function findApiToken(db: Db, id: string): Promise<ApiTokensTable | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every token, newest first. */
export async function allApiTokens(db: Db): Promise<ApiTokensTable[]> {
  return db.selectFrom('api_tokens').selectAll().orderBy('created_at', 'desc').execute();
}

/** Notes that the token was used at `at`. */
export async function touchApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

/** Revokes the token as of `at`. */
export async function revokeApiToken(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).execute();
}
