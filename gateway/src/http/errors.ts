import { DomainError, type DomainErrorKind } from '../errors.js';

/** An error answer; its shape is the contract's ErrorBody (component Error). */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** A stable reason a client can branch on (the message is for people). */
    readonly code?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/**
 * The one map from the domain's refusals (../errors.ts) to HTTP status codes. Services
 * throw domain errors and know nothing of HTTP; the error handler (app.ts) answers with these.
 */
export const STATUS_OF: Readonly<Record<DomainErrorKind, number>> = {
  'not-found': 404,
  conflict: 409,
  forbidden: 403,
  unauthorized: 401,
  invalid: 400,
  unacceptable: 422,
  'too-many': 429,
  'too-large': 413,
  'station-fault': 500,
};

/** A domain error as the HTTP error it answers with (same message, code and details); anything else as it is. */
export function toHttpError<E>(err: E): E | HttpError {
  if (!(err instanceof DomainError)) return err;
  return new HttpError(STATUS_OF[err.kind], err.message, err.code, err.details);
}

/** The status an error answers with, where it says (a domain or HTTP error); undefined otherwise. */
export function statusOf(err: unknown): number | undefined {
  const e = toHttpError(err);
  return e instanceof HttpError ? e.statusCode : undefined;
}
