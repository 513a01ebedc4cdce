/**
 * Sign-in, sign-out and who-am-I for the dashboard; user accounts and API
 * tokens for the admin.
 *   POST   /api/session            sign in: session cookie (httpOnly, SameSite=Strict) + CSRF token
 *   GET    /api/session            the signed-in user and the CSRF token
 *   DELETE /api/session            sign out
 *   POST   /api/session/password   change one's own password
 *   GET|POST /api/users, PATCH /api/users/:id      accounts (admin)
 *   GET|POST /api/tokens, DELETE /api/tokens/:id   API tokens for integrations (admin)
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, Role, SessionView, TokenView, UserView } from '@liuhen/contract';
import { OfficerId } from '@liuhen/device-profiles';
import type { Auth } from '../../auth/accounts.js';
import { SESSION_COOKIE } from '../session-names.js';
import { CAN } from '../../auth/roles.js';
import { actorOf } from '../actor.js';
import { cookieValue, userOf } from '../guard.js';

const Username = Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' });
const Password = Type.String({ minLength: 1, maxLength: 256 });
const UnitId = Type.String({ minLength: 1, maxLength: 64 });

const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export const sessionPlugin: FastifyPluginAsyncTypebox<{
  auth: Auth;
  secureCookies: boolean;
  sessionHours: number;
}> = async (app, { auth, secureCookies, sessionHours }) => {
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secureCookies ? '; Secure' : ''}`;

  app.post(
    '/api/session',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in',
        tags: ['session'],
        body: Type.Object(
          { username: Type.String({ minLength: 1, maxLength: 64 }), password: Password },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: UserView, csrfToken: Type.String(), expiresAt: Type.String() }),
          429: ErrorBody,
          ...Errors,
        },
      },
    },
    async (req, reply) => {
      const s = await auth.login(req.body.username, req.body.password, req.ip, req.headers['user-agent']);
      void reply.header('set-cookie', cookie(s.token, Math.round(sessionHours * 3600)));
      return { user: s.user, csrfToken: s.csrfToken, expiresAt: s.expiresAt };
    },
  );

  app.get(
    '/api/session',
    {
      config: { access: 'user' },
      schema: { summary: 'Who is signed in', tags: ['session'], response: { 200: SessionView, 401: ErrorBody } },
    },
    async (req) => auth.me(userOf(req)),
  );

  app.delete(
    '/api/session',
    {
      config: { access: 'user' },
      schema: { summary: 'Sign out', tags: ['session'], response: { 204: Type.Null(), ...Errors } },
    },
    async (req, reply) => {
      await auth.logout(req.principal, cookieValue(req.headers.cookie, SESSION_COOKIE), req.ip);
      void reply.header('set-cookie', cookie('', 0));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/session/password',
    {
      config: { access: 'user' },
      schema: {
        summary: 'Change your own password (other browsers signed in as you are signed out)',
        tags: ['session'],
        body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (req, reply) => {
      await auth.changePassword(userOf(req), req.body.currentPassword, req.body.newPassword, actorOf(req));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users',
    {
      config: { access: CAN.admin },
      schema: { summary: 'User accounts', tags: ['admin'], response: { 200: Type.Array(UserView), ...Errors } },
    },
    async () => auth.listUsers(),
  );

  app.post(
    '/api/users',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Create a user account',
        tags: ['admin'],
        body: Type.Object(
          {
            username: Username,
            displayName: Type.String({ minLength: 1, maxLength: 64 }),
            role: Role,
            password: Password,
            officerId: Type.Optional(Type.Union([OfficerId, Type.Null()])),
            unitId: Type.Optional(Type.Union([UnitId, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserView, ...Errors },
      },
    },
    async (req, reply) => reply.code(201).send(await auth.createUser(req.body, actorOf(req))),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Change, disable, unlock a user or reset their password',
        tags: ['admin'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            role: Type.Optional(Role),
            officerId: Type.Optional(Type.Union([OfficerId, Type.Null()])),
            unitId: Type.Optional(Type.Union([UnitId, Type.Null()])),
            disabled: Type.Optional(Type.Boolean()),
            unlock: Type.Optional(Type.Boolean()),
            password: Type.Optional(Password),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserView, ...Errors },
      },
    },
    async (req) => auth.updateUser(req.params.id, req.body, actorOf(req)),
  );

  app.get(
    '/api/tokens',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'API tokens (never the secret)',
        tags: ['admin'],
        response: { 200: Type.Array(TokenView), ...Errors },
      },
    },
    async () => auth.listTokens(),
  );

  app.post(
    '/api/tokens',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Create an API token for another system; the token is shown once',
        tags: ['admin'],
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 64 }),
            role: Role,
            officerId: Type.Optional(Type.Union([OfficerId, Type.Null()])),
            unitId: Type.Optional(Type.Union([UnitId, Type.Null()])),
            expiresAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ token: Type.String({ description: 'Authorization: Bearer <token>' }), info: TokenView }),
          ...Errors,
        },
      },
    },
    async (req, reply) => {
      const { token, view } = await auth.createToken(req.body, actorOf(req));
      return reply.code(201).send({ token, info: view });
    },
  );

  app.delete(
    '/api/tokens/:id',
    {
      config: { access: CAN.admin },
      schema: {
        summary: 'Revoke an API token',
        tags: ['admin'],
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: TokenView, ...Errors },
      },
    },
    async (req) => auth.revokeToken(req.params.id, actorOf(req)),
  );
};
