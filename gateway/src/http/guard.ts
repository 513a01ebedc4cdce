/**
 * The gate in front of every route: who is calling (session cookie, API
 * token, or a recorder's credentials), whether the route's access rule lets
 * them in, CSRF on state-changing requests made with a session cookie, and
 * the security headers on every answer. Fails closed: a route without an
 * access rule stops the gateway at startup.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDeviceId } from '@liuhen/device-profiles';
import type { Auth } from '../auth/accounts.js';
import { CSRF_HEADER, SESSION_COOKIE } from './session-names.js';
import { scopeOfPrincipal, type Scope } from '../access/scope.js';
import { allows, type Access, type Principal, type UserPrincipal } from '../auth/roles.js';
import { HttpError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The credentials a request carries, unchecked. */
export function credentialsOf(headers: IncomingHttpHeaders): Parameters<Auth['authenticate']>[0] {
  const authz = headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(authz)?.[1];
  let basic: { username: string; password: string } | undefined;
  const b64 = /^Basic\s+(\S+)$/i.exec(authz)?.[1];
  if (b64) {
    const text = Buffer.from(b64, 'base64').toString('utf8');
    const colon = text.indexOf(':');
    if (colon > 0) basic = { username: text.slice(0, colon), password: text.slice(colon + 1) };
  }
  return { sessionToken: cookieValue(headers.cookie, SESSION_COOKIE), bearer, basic };
}

/** CSP for the dashboard: everything from the station itself; blob: for the live player's media source. */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' ws: wss:",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    ...(https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

function describe(access: Access): string {
  if (access === 'user') return 'any signed-in user';
  if (access === 'device') return 'a recorder';
  if (access === 'public') return 'anyone';
  return [...access, 'admin'].join(', ');
}

export function installGuard(app: FastifyInstance, auth: Auth, opts: { https: boolean }): void {
  // Set by the onRequest hook below before any handler runs.
  app.decorateRequest('principal', null as never);
  const headers = securityHeaders(opts.https);

  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: Access } | undefined)?.access;
    if (route.url.startsWith('/api') || route.url.startsWith('/live')) {
      if (!access)
        throw new Error(`route ${String(route.method)} ${route.url} has no access rule: add config.access to it`);
    }
    // The dashboard's own files (registered by @fastify/static) are public, and not part of the API document.
    if (!access) {
      route.config = { ...(route.config as object), access: 'public' } as typeof route.config;
      route.schema = { ...route.schema, hide: true } as typeof route.schema;
    }
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    void reply.headers(headers);
    const credentials = credentialsOf(req.headers);
    req.principal = await auth.authenticate(credentials, req.ip);
    const access = req.routeOptions.config.access;
    if (!access) return; // no route: the not-found handler answers
    if (access === 'device') {
      const deviceId = (req.params as { id?: string }).id;
      const p = req.principal;
      if (p.kind === 'device') {
        if (p.deviceId !== deviceId)
          throw new HttpError(403, `these credentials are device ${p.deviceId}'s, not ${deviceId}'s`, 'wrong-device');
        return;
      }
      // Recorder credentials that did not verify: one answer whether or not the id is enrolled.
      if (credentials.basic && p.kind === 'anonymous')
        throw new HttpError(401, 'wrong recorder user name or password', 'bad-credentials');
      // Not a device id at all: the route's schema answers 400.
      if (!deviceId || !isDeviceId(deviceId)) return;
      // Without device credentials (a user's don't count here) only an unenrolled recorder, while allowed.
      const needed = await auth.deviceSignInNeeded(deviceId);
      if (!needed) {
        req.principal = { kind: 'device', deviceId, enrolled: false };
        return;
      }
      // One answer whether or not the id is enrolled: the reply must not tell a caller which ids exist.
      throw new HttpError(
        401,
        `device ${deviceId}: send the recorder's station credentials (HTTP Basic, the MQTT user and password from enrollment); a recorder that has none is enrolled at the desk first`,
        'device-credentials-required',
      );
    }
    if (!allows(access, req.principal)) {
      if (req.principal.kind === 'anonymous')
        throw new HttpError(401, 'sign in first (or send an API token)', 'sign-in-required');
      const who = req.principal.kind === 'device' ? 'a recorder' : `role ${req.principal.role}`;
      throw new HttpError(403, `${who} may not do this: it is for ${describe(access)}`, 'forbidden');
    }
    if (!SAFE_METHODS.has(req.method) && !auth.csrfOk(req.principal, req.headers[CSRF_HEADER] as string | undefined)) {
      throw new HttpError(
        403,
        'missing or wrong CSRF token: send the X-CSRF-Token header from GET /api/session with every change',
        'csrf',
      );
    }
  });
}

/** The signed-in user or token of a request on a user route. */
export function userOf(req: FastifyRequest): UserPrincipal {
  const p = req.principal;
  if (p.kind !== 'user' && p.kind !== 'token') throw new HttpError(401, 'sign in first', 'sign-in-required');
  return p;
}

export type { Scope } from '../access/scope.js';

/** The scope of a request's caller (access/scope.ts). */
export function scopeOf(req: FastifyRequest): Scope {
  return scopeOfPrincipal(req.principal);
}

export const outOfScope = (what: string) =>
  new HttpError(403, `${what} is outside what your account may see`, 'out-of-scope');
