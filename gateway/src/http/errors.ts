import { Type } from '@sinclair/typebox';

/** Every error answer has this shape; `message` says what to do. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    code: Type.Optional(Type.String({ description: 'Stable machine-readable reason, where a client may act on it' })),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Facts behind the refusal' })),
  },
  { $id: 'Error' },
);

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
