/**
 * Accounts, sessions and API tokens: who may sign in, how a request proves
 * who it is, and the limits on guessing (per-address rate limit, per-account
 * lockout). Secrets are never stored or logged: passwords as scrypt hashes,
 * session and API tokens as SHA-256 (they are long random values).
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { TokenView, UserView } from '@liuhen/contract';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { ApiTokensTable, UsersTable } from '../db/schema.js';
import { hasCredentials } from '../devices/credentials-repo.js';
import { Conflict, Forbidden, NotFound, TooMany, Unacceptable, Unauthorized } from '../errors.js';
import type { Logger } from '../log.js';
import * as repo from './accounts-repo.js';
import { decoyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { createRecorderLogins } from './recorder-logins.js';
import { ROLES, type Principal, type Role, type UserPrincipal } from './roles.js';

/** API tokens start with this, so a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = 'lh_';
/** The password of every demo account (auth.demo); printed by `npm start`. */
export const DEMO_PASSWORD = 'liuhen-demo';

/** One demo account per role, tied to the demo people `npm start` creates. */
export const DEMO_ACCOUNTS: readonly {
  username: string;
  displayName: string;
  role: Role;
  officerId?: string;
  unitId?: string;
}[] = [
  { username: 'officer', displayName: '张明（执法队员）', role: 'officer', officerId: '33010012', unitId: 'demo-unit' },
  { username: 'equipment', displayName: '王芳（装备管理员）', role: 'equipment-manager' },
  { username: 'supervisor', displayName: '赵刚（中队长）', role: 'supervisor', unitId: 'demo-unit' },
  { username: 'legal', displayName: '陈静（法制审核员）', role: 'legal-reviewer' },
  { username: 'auditor', displayName: '刘洋（审计员）', role: 'auditor' },
  { username: 'admin', displayName: '系统管理员', role: 'admin' },
];

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const randomToken = () => randomBytes(32).toString('base64url');

export function toUserView(u: UsersTable): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role as Role,
    officerId: u.officer_id,
    unitId: u.unit_id,
    disabled: u.disabled === 1,
    lockedUntil: u.locked_until && u.locked_until > new Date().toISOString() ? u.locked_until : null,
    demo: u.demo === 1,
    createdAt: u.created_at,
    passwordChangedAt: u.password_changed_at,
    lastLoginAt: u.last_login_at,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  officerId?: string | null;
  unitId?: string | null;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  officerId?: string | null;
  unitId?: string | null;
  disabled?: boolean;
  /** Clear a lockout. */
  unlock?: boolean;
  /** Set a new password (an admin resetting it); the user's sessions end. */
  password?: string;
}

export interface AuthOptions {
  db: Db;
  audit: AuditLog;
  config: GatewayConfig['auth'];
  log: Logger;
}

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(opts: AuthOptions) {
  const { db, audit, config, log } = opts;
  /** Sign-in attempts per client address in the current minute. */
  const attempts = new Map<string, { windowStart: number; count: number }>();
  /** Failures for names that are not accounts, so an unknown name is answered like a known one. */
  const phantomFailures = new Map<string, { count: number; lockedUntil: number }>();
  /** Recorder credentials (HTTP Basic here, MQTT in the broker): budget, decoy, cache and revocation. */
  const recorderLogins = createRecorderLogins({ db, log, failuresPerMinute: config.deviceLoginFailuresPerMinute });
  const lastSeenWritten = new Map<string, number>();

  function rateLimit(ip: string): void {
    const now = Date.now();
    const a = attempts.get(ip);
    if (!a || now - a.windowStart >= 60_000) {
      attempts.set(ip, { windowStart: now, count: 1 });
      if (attempts.size > 10_000) for (const [k, v] of attempts) if (now - v.windowStart >= 60_000) attempts.delete(k);
      return;
    }
    a.count += 1;
    if (a.count > config.loginAttemptsPerMinute) {
      const retryAfter = Math.ceil((a.windowStart + 60_000 - now) / 1000);
      throw new TooMany(`too many sign-in attempts from this address: wait ${retryAfter} s and try again`, {
        code: 'login-rate-limited',
        details: { retryAfterSeconds: retryAfter },
      });
    }
  }

  function lockedError(until: string): TooMany {
    return new TooMany(
      `this account is locked after ${config.lockoutFailures} failed sign-ins until ${until}: wait, or ask an administrator to unlock it`,
      { code: 'account-locked', details: { lockedUntil: until } },
    );
  }

  const badLogin = () => new Unauthorized('wrong user name or password', { code: 'bad-credentials' });

  async function newSession(user: UsersTable, ip: string, userAgent: string | undefined) {
    const token = randomToken();
    const csrfToken = randomToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + config.sessionHours * 3_600_000).toISOString();
    await repo.insertSession(db, {
      token_hash: sha256(token),
      user_id: user.id,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      last_seen_at: now.toISOString(),
      ip,
      user_agent: userAgent?.slice(0, 256) ?? null,
    });
    return { token, csrfToken, expiresAt };
  }

  async function addUser(u: NewUser, actor: string, demo = false): Promise<UserView> {
    const problem = passwordProblem(u.password, u.username, config.minPasswordLength);
    if (problem) throw new Unacceptable(problem, { code: 'weak-password' });
    const now = new Date().toISOString();
    const row: UsersTable = {
      id: randomUUID(),
      username: u.username,
      display_name: u.displayName,
      role: u.role,
      officer_id: u.officerId ?? null,
      unit_id: u.unitId ?? null,
      password_hash: await hashPassword(u.password),
      failed_logins: 0,
      locked_until: null,
      disabled: 0,
      demo: demo ? 1 : 0,
      created_at: now,
      password_changed_at: now,
      last_login_at: null,
    };
    await db.transaction().execute(async (trx) => {
      if (await repo.userIdByName(trx, u.username))
        throw new Conflict(`user name ${u.username} is taken: choose another`, { code: 'username-taken' });
      await repo.insertUser(trx, row);
      await audit.append(
        {
          actor,
          action: 'create',
          subjectType: 'user',
          subjectId: row.id,
          detail: { username: u.username, role: u.role, officerId: row.officer_id, unitId: row.unit_id, demo },
        },
        trx,
      );
    });
    return toUserView(row);
  }

  async function userById(id: string): Promise<UsersTable> {
    const u = await repo.findUser(db, id);
    if (!u) throw new NotFound(`no user ${id}`);
    return u;
  }

  function principalOfUser(u: UsersTable, csrfToken?: string): UserPrincipal {
    return {
      kind: 'user',
      id: u.id,
      name: u.username,
      role: u.role as Role,
      officerId: u.officer_id,
      unitId: u.unit_id,
      ...(csrfToken ? { csrfToken } : {}),
    };
  }

  return {
    async login(username: string, password: string, ip: string, userAgent?: string) {
      rateLimit(ip);
      const now = new Date();
      const user = await repo.findUserByName(db, username);
      if (!user) {
        const ph = phantomFailures.get(username);
        if (ph && ph.lockedUntil > now.getTime()) throw lockedError(new Date(ph.lockedUntil).toISOString());
        await verifyPassword(password, await decoyHash());
        const count = (ph?.count ?? 0) + 1;
        const lockedUntil =
          count >= config.lockoutFailures ? now.getTime() + config.lockoutMinutes * 60_000 : (ph?.lockedUntil ?? 0);
        if (phantomFailures.size > 10_000) phantomFailures.clear();
        phantomFailures.set(username, { count: count >= config.lockoutFailures ? 0 : count, lockedUntil });
        log.warn({ username, ip }, 'sign-in refused: no such user');
        throw badLogin();
      }
      if (user.locked_until && user.locked_until > now.toISOString()) throw lockedError(user.locked_until);
      const ok = await verifyPassword(password, user.password_hash);
      if (!ok) {
        const failures = user.failed_logins + 1;
        if (failures >= config.lockoutFailures) {
          const until = new Date(now.getTime() + config.lockoutMinutes * 60_000).toISOString();
          await db.transaction().execute(async (trx) => {
            await repo.lockUser(trx, user.id, until);
            await audit.append(
              {
                actor: `station@${ip}`,
                action: 'lock',
                subjectType: 'user',
                subjectId: user.id,
                detail: { username, failures, lockedUntil: until },
              },
              trx,
            );
          });
          log.warn({ username, ip, lockedUntil: until }, 'account locked after failed sign-ins');
        } else {
          await repo.recordFailedLogin(db, user.id, failures);
          log.warn({ username, ip, failures }, 'sign-in refused: wrong password');
        }
        throw badLogin();
      }
      if (user.disabled) {
        log.warn({ username, ip }, 'sign-in refused: account disabled');
        throw new Forbidden('this account is disabled: ask an administrator', { code: 'account-disabled' });
      }
      const session = await newSession(user, ip, userAgent);
      await db.transaction().execute(async (trx) => {
        await repo.recordSignIn(trx, user.id, now.toISOString());
        await audit.append(
          { actor: `${username}@${ip}`, action: 'sign-in', subjectType: 'user', subjectId: user.id },
          trx,
        );
      });
      return { ...session, user: toUserView(user) };
    },

    async logout(p: Principal, sessionToken: string | undefined, ip: string): Promise<void> {
      if (!sessionToken || p.kind !== 'user') return;
      await db.transaction().execute(async (trx) => {
        await repo.endSession(trx, sha256(sessionToken));
        await audit.append({ actor: `${p.name}@${ip}`, action: 'sign-out', subjectType: 'user', subjectId: p.id }, trx);
      });
    },

    recorderLogins,

    /**
     * Who a request is, from its session cookie, bearer token or device credentials; anonymous when none.
     * Throws TooMany (device-login-rate-limited) when `address` or the recorder named has failed too
     * often to have its password checked.
     */
    async authenticate(
      h: {
        sessionToken?: string | undefined;
        bearer?: string | undefined;
        basic?: { username: string; password: string } | undefined;
      },
      address = 'unknown',
    ): Promise<Principal> {
      const nowIso = new Date().toISOString();
      if (h.bearer) {
        if (!h.bearer.startsWith(TOKEN_PREFIX)) return { kind: 'anonymous' };
        const t = await repo.findApiTokenByHash(db, sha256(h.bearer));
        if (!t || t.revoked_at || (t.expires_at && t.expires_at <= nowIso)) return { kind: 'anonymous' };
        const last = lastSeenWritten.get(t.id) ?? 0;
        if (Date.now() - last > 60_000) {
          lastSeenWritten.set(t.id, Date.now());
          await repo.touchApiToken(db, t.id, nowIso);
        }
        return {
          kind: 'token',
          id: t.id,
          name: `token:${t.name}`,
          role: t.role as Role,
          officerId: t.officer_id,
          unitId: t.unit_id,
        };
      }
      if (h.sessionToken) {
        const hash = sha256(h.sessionToken);
        const row = await repo.findSession(db, hash);
        if (!row) return { kind: 'anonymous' };
        const idleSince = new Date(Date.now() - config.idleMinutes * 60_000).toISOString();
        if (row.expires_at <= nowIso || row.last_seen_at < idleSince || row.disabled) {
          await repo.endSession(db, hash);
          return { kind: 'anonymous' };
        }
        const last = lastSeenWritten.get(hash) ?? 0;
        if (Date.now() - last > 30_000) {
          lastSeenWritten.set(hash, Date.now());
          if (lastSeenWritten.size > 50_000) lastSeenWritten.clear();
          await repo.touchSession(db, hash, nowIso);
        }
        return principalOfUser(row, row.csrf_token);
      }
      if (h.basic) {
        const r = await recorderLogins.device(h.basic.username, h.basic.password, address);
        if (r.ok) return { kind: 'device', deviceId: r.deviceId, enrolled: true };
        if (r.reason === 'limited')
          throw new TooMany(
            `too many failed recorder sign-ins from this address or for this user name: wait ${r.retryAfterSeconds} s and try again`,
            { code: 'device-login-rate-limited', details: { retryAfterSeconds: r.retryAfterSeconds } },
          );
      }
      return { kind: 'anonymous' };
    },

    /**
     * Why a request without device credentials may not act for this device: it is enrolled
     * (so it must sign in), or unenrolled uploads are off; null when it may.
     */
    async deviceSignInNeeded(deviceId: string): Promise<'enrolled' | 'unenrolled-off' | null> {
      if (await hasCredentials(db, deviceId)) return 'enrolled';
      return config.allowUnenrolledUploads ? null : 'unenrolled-off';
    },

    /** A state-changing request made with a session cookie must echo the session's CSRF token. */
    csrfOk(p: Principal, header: string | undefined): boolean {
      if (p.kind !== 'user' || !p.csrfToken) return true;
      if (!header) return false;
      const a = Buffer.from(header);
      const b = Buffer.from(p.csrfToken);
      return a.length === b.length && timingSafeEqual(a, b);
    },

    async me(p: UserPrincipal) {
      if (p.kind === 'user')
        return { kind: p.kind, user: toUserView(await userById(p.id)), csrfToken: p.csrfToken ?? null };
      return {
        kind: p.kind,
        user: {
          id: p.id,
          username: p.name,
          displayName: p.name,
          role: p.role,
          officerId: p.officerId,
          unitId: p.unitId,
          disabled: false,
          lockedUntil: null,
          demo: false,
          createdAt: '',
          passwordChangedAt: '',
          lastLoginAt: null,
        } satisfies UserView,
        csrfToken: null,
      };
    },

    async changePassword(p: UserPrincipal, oldPassword: string, newPassword: string, actor: string) {
      if (p.kind !== 'user') throw new Forbidden('API tokens have no password');
      const u = await userById(p.id);
      if (!(await verifyPassword(oldPassword, u.password_hash)))
        throw new Forbidden('the current password is wrong', { code: 'bad-credentials' });
      const problem = passwordProblem(newPassword, u.username, config.minPasswordLength);
      if (problem) throw new Unacceptable(problem, { code: 'weak-password' });
      const hash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await repo.setOwnPassword(trx, u.id, hash, new Date().toISOString());
        // Other browsers signed in as this user are signed out; this one stays.
        await repo.endOtherSessions(trx, u.id, p.csrfToken ?? '');
        await audit.append(
          { actor, action: 'update', subjectType: 'user', subjectId: u.id, detail: { password: 'changed' } },
          trx,
        );
      });
    },

    listUsers: async () => (await repo.allUsers(db)).map(toUserView),

    createUser: (u: NewUser, actor: string) => addUser(u, actor),

    async updateUser(id: string, patch: UserPatch, actor: string): Promise<UserView> {
      const u = await userById(id);
      const set: Partial<UsersTable> = {};
      if (patch.displayName !== undefined) set.display_name = patch.displayName;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.officerId !== undefined) set.officer_id = patch.officerId;
      if (patch.unitId !== undefined) set.unit_id = patch.unitId;
      if (patch.disabled !== undefined) set.disabled = patch.disabled ? 1 : 0;
      if (patch.unlock) Object.assign(set, { locked_until: null, failed_logins: 0 });
      if (patch.password !== undefined) {
        const problem = passwordProblem(patch.password, u.username, config.minPasswordLength);
        if (problem) throw new Unacceptable(problem, { code: 'weak-password' });
        set.password_hash = await hashPassword(patch.password);
        set.password_changed_at = new Date().toISOString();
        set.demo = 0;
      }
      if (Object.keys(set).length === 0) return toUserView(u);
      await db.transaction().execute(async (trx) => {
        if (u.role === 'admin' && ((set.role && set.role !== 'admin') || set.disabled === 1)) {
          if ((await repo.enabledAdminCount(trx)) <= 1)
            throw new Conflict('this is the last enabled admin: make another admin first', { code: 'last-admin' });
        }
        await repo.applyUserChanges(trx, id, set);
        // A changed role, disabled account or new password ends every session of the user.
        if (set.role !== undefined || set.disabled === 1 || set.password_hash !== undefined)
          await repo.endUserSessions(trx, id);
        const { password: _pw, ...shown } = patch;
        await audit.append(
          {
            actor,
            action: 'update',
            subjectType: 'user',
            subjectId: id,
            detail: { ...shown, ...(patch.password !== undefined ? { password: 'reset' } : {}) },
          },
          trx,
        );
      });
      return toUserView(await userById(id));
    },

    async createToken(
      t: { name: string; role: Role; officerId?: string | null; unitId?: string | null; expiresAt?: string | null },
      actor: string,
    ): Promise<{ token: string; view: TokenView }> {
      const token = `${TOKEN_PREFIX}${randomToken()}`;
      const row = {
        id: randomUUID(),
        token_hash: sha256(token),
        name: t.name,
        role: t.role,
        officer_id: t.officerId ?? null,
        unit_id: t.unitId ?? null,
        created_by: actor,
        created_at: new Date().toISOString(),
        expires_at: t.expiresAt ?? null,
        revoked_at: null,
        last_used_at: null,
      };
      await db.transaction().execute(async (trx) => {
        await repo.insertApiToken(trx, row);
        await audit.append(
          {
            actor,
            action: 'create',
            subjectType: 'api-token',
            subjectId: row.id,
            detail: { name: t.name, role: t.role, expiresAt: row.expires_at },
          },
          trx,
        );
      });
      return { token, view: toTokenView(row) };
    },

    listTokens: async () => (await repo.allApiTokens(db)).map(toTokenView),

    async revokeToken(id: string, actor: string): Promise<TokenView> {
      const t = await repo.findApiToken(db, id);
      if (!t) throw new NotFound(`no API token ${id}`);
      if (!t.revoked_at) {
        const at = new Date().toISOString();
        await db.transaction().execute(async (trx) => {
          await repo.revokeApiToken(trx, id, at);
          await audit.append({ actor, action: 'revoke', subjectType: 'api-token', subjectId: id }, trx);
        });
        t.revoked_at = at;
      }
      return toTokenView(t);
    },

    /**
     * Demo mode: one account per role with DEMO_PASSWORD, created or reset on every start
     * (a reset also unlocks it). Returns what to print.
     */
    async seedDemo(): Promise<{ username: string; role: Role; password: string }[]> {
      const out = [];
      for (const a of DEMO_ACCOUNTS) {
        const existing = await repo.userIdByName(db, a.username);
        if (existing) {
          await repo.resetDemoUser(db, existing, {
            passwordHash: await hashPassword(DEMO_PASSWORD),
            role: a.role,
            officerId: a.officerId ?? null,
            unitId: a.unitId ?? null,
          });
        } else {
          await addUser(
            {
              username: a.username,
              displayName: a.displayName,
              role: a.role,
              password: DEMO_PASSWORD,
              officerId: a.officerId ?? null,
              unitId: a.unitId ?? null,
            },
            'station',
            true,
          );
        }
        out.push({ username: a.username, role: a.role, password: DEMO_PASSWORD });
      }
      return out;
    },

    /** Enabled accounts still holding the demo password: a real station must not start with them. */
    async enabledDemoAccounts(): Promise<string[]> {
      return repo.enabledDemoUsernames(db);
    },

    userCount: (): Promise<number> => repo.countUsers(db),

    /** Expired sessions are removed now and then (they are refused anyway). */
    async sweepSessions(): Promise<number> {
      const nowIso = new Date().toISOString();
      const idleSince = new Date(Date.now() - config.idleMinutes * 60_000).toISOString();
      return repo.deleteStaleSessions(db, nowIso, idleSince);
    },

    roles: ROLES,
  };
}

function toTokenView(t: Omit<ApiTokensTable, 'token_hash'>): TokenView {
  return {
    id: t.id,
    name: t.name,
    role: t.role as Role,
    officerId: t.officer_id,
    unitId: t.unit_id,
    createdBy: t.created_by,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    lastUsedAt: t.last_used_at,
  };
}
