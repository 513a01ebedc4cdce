/**
 * What a service says when it refuses: in the domain's words, not HTTP's.
 * Services throw these; the HTTP layer maps each kind to a status code in one
 * place (http/errors.ts `httpErrorOf`, used by the error handler in
 * http/app.ts), and nothing outside gateway/src/http knows about HTTP.
 *
 * Every error's `message` says what to do about it. `code`, where set, is a
 * stable machine-readable reason a client may branch on (the API returns it
 * as `code`: keep existing codes unchanged, tests and the dashboard depend on
 * them); `details` are the facts behind the refusal (e.g. retryAfterSeconds).
 */

/** The kinds of refusal; http/errors.ts gives each its status code. */
export type DomainErrorKind =
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unauthorized'
  | 'invalid'
  | 'unacceptable'
  | 'too-many'
  | 'too-large'
  | 'station-fault';

export interface DomainErrorOptions {
  /** Stable reason a client can branch on (the message is for people). */
  code?: string;
  /** Facts behind the refusal; `retryAfterSeconds` is also sent as Retry-After. */
  details?: Record<string, unknown>;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly code?: string;
  readonly details?: Record<string, unknown>;

  constructor(message: string, opts: DomainErrorOptions = {}) {
    super(message);
    this.name = new.target.name;
    if (opts.code !== undefined) this.code = opts.code;
    if (opts.details !== undefined) this.details = opts.details;
  }
}

/** The thing named does not exist (or is not where the caller says it is). */
export class NotFound extends DomainError {
  readonly kind = 'not-found';
}

/** The request clashes with the current state: taken, already done, not in the right state. */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** The caller is known but may not do this. */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
}

/** The caller's credentials do not identify anyone. */
export class Unauthorized extends DomainError {
  readonly kind = 'unauthorized';
}

/** The request contradicts itself or names something malformed. */
export class Invalid extends DomainError {
  readonly kind = 'invalid';
}

/** The request is well formed but fails a rule on its content (a weak password, a failed self-test). */
export class Unacceptable extends DomainError {
  readonly kind = 'unacceptable';
}

/** More than the station takes at once (a segment above storage.maxSegmentBytes). */
export class TooLarge extends DomainError {
  readonly kind = 'too-large';
}

/** Too many attempts: wait (`details.retryAfterSeconds` where known) and try again. */
export class TooMany extends DomainError {
  readonly kind = 'too-many';
}

/**
 * Not the caller's doing: the station's own data is not what its records say (a file it keeps is
 * missing, say). Answered as a server error with this message, which says what the operator
 * should do; the service logs it loudly where it finds it.
 */
export class StationFault extends DomainError {
  readonly kind = 'station-fault';
}
