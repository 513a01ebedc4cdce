import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  TooMany,
  Unacceptable,
  Unauthorized,
  type DomainError,
} from '../errors.js';
import { SelfTestFailed } from '../devices/desk.js';
import { installErrorHandler } from './app.js';
import { HttpError, STATUS_OF, statusOf, toHttpError } from './errors.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** What a client sees when a route throws `err`. */
async function answer(err: Error) {
  app = Fastify();
  installErrorHandler(app);
  app.get('/x', async () => {
    throw err;
  });
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  app = undefined;
  return { status: res.statusCode, headers: res.headers, body: res.json() as Record<string, unknown> };
}

describe('domain errors to HTTP', () => {
  const cases: [DomainError, number, string][] = [
    [new NotFound('case c1 does not exist'), 404, 'Not Found'],
    [new Conflict('user name ann is taken: choose another', { code: 'username-taken' }), 409, 'Conflict'],
    [new Forbidden('this account is disabled: ask an administrator', { code: 'account-disabled' }), 403, 'Forbidden'],
    [new Unauthorized('wrong user name or password', { code: 'bad-credentials' }), 401, 'Unauthorized'],
    [new Invalid('endsAt must be after startsAt'), 400, 'Bad Request'],
    [new Unacceptable('the password is too short', { code: 'weak-password' }), 422, 'Unprocessable Entity'],
    [
      new TooMany('too many sign-in attempts from this address: wait 7 s and try again', {
        code: 'login-rate-limited',
        details: { retryAfterSeconds: 7 },
      }),
      429,
      'Too Many Requests',
    ],
  ];

  it.each(cases)('%s answers %i with the body HttpError gave', async (err, status, error) => {
    const got = await answer(err);
    expect(got.status).toBe(status);
    expect(got.body).toEqual({
      statusCode: status,
      error,
      message: err.message,
      ...(err.code !== undefined ? { code: err.code } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
    });
    // Exactly what the same refusal thrown as an HttpError answered before services spoke the domain.
    const before = await answer(new HttpError(status, err.message, err.code, err.details));
    expect(got).toEqual(before);
  });

  it('has no code in the body where the service gave none', async () => {
    const got = await answer(new NotFound('no user u1'));
    expect(got.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'no user u1' });
    expect('code' in got.body).toBe(false);
  });

  it('sends retryAfterSeconds as Retry-After', async () => {
    const got = await answer(new TooMany('wait', { code: 'account-locked', details: { retryAfterSeconds: 42 } }));
    expect(got.headers['retry-after']).toBe('42');
    const locked = await answer(new TooMany('locked', { code: 'account-locked', details: { lockedUntil: 'later' } }));
    expect(locked.headers['retry-after']).toBeUndefined();
  });

  it('maps every kind, and a subclass by its kind', () => {
    expect(STATUS_OF).toEqual({
      'not-found': 404,
      conflict: 409,
      forbidden: 403,
      unauthorized: 401,
      invalid: 400,
      unacceptable: 422,
      'too-many': 429,
      'too-large': 413,
      'station-fault': 500,
    });
    expect(statusOf(new SelfTestFailed('self-test failed: battery', []))).toBe(422);
    expect(statusOf(new HttpError(507, 'full'))).toBe(507);
    expect(statusOf(new Error('boom'))).toBeUndefined();
    const plain = new Error('boom');
    expect(toHttpError(plain)).toBe(plain);
  });

  it('keeps names and instanceof for callers in the domain', () => {
    const err = new Conflict('x', { code: 'last-admin' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('Conflict');
    expect(err.kind).toBe('conflict');
    expect(new SelfTestFailed('m', [])).toBeInstanceOf(Unacceptable);
  });

  it('leaves other errors as before: a bug is a 500 without its message', async () => {
    const got = await answer(new Error('secret internals'));
    expect(got.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'internal error; see the gateway log',
    });
  });
});
