/** Error answers: the one shape every refusal has, and the refusals a client acts on with their own schema. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

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
export type ErrorBody = Static<typeof ErrorBody>;

/** The code of a stop refused for want of a reason (the recorder's officer is on a full-process step). */
export const STOP_REASON_REQUIRED = 'stop-reason-required';

/** A refusal the dashboard answers with its reason dialog: the step the officer is on. */
export const StopReasonRequiredError = Type.Object(
  {
    statusCode: Type.Literal(400),
    error: Type.String(),
    message: Type.String(),
    code: Type.Literal(STOP_REASON_REQUIRED),
    details: Type.Object(
      {
        officerId: Type.Union([Type.String(), Type.Null()]),
        stepId: Type.Union([Type.String(), Type.Null()]),
        caseId: Type.Union([Type.String(), Type.Null()]),
        caseNumber: Type.Union([Type.String(), Type.Null()]),
        stepKind: Type.Union([Type.String(), Type.Null()]),
        stepEndsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      },
      { description: 'The full-process step the recorder’s officer is on' },
    ),
  },
  { $id: 'StopReasonRequiredError' },
);
export type StopReasonRequiredError = Static<typeof StopReasonRequiredError>;
