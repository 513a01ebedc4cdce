/** An alert about a recorder (raised, acknowledged, cleared), as the API and the live channel carry it. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

export const AlertView = Type.Object(
  {
    id: Type.String(),
    rule: Type.String(),
    deviceId: Type.String(),
    officerId: Type.Union([Type.String(), Type.Null()]),
    severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
    status: Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('cleared')]),
    message: Type.String(),
    detail: Type.Unknown(),
    since: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    acknowledgedBy: Type.Union([Type.String(), Type.Null()]),
    acknowledgedAt: Type.Union([Type.String(), Type.Null()]),
    ackNote: Type.Union([Type.String(), Type.Null()]),
    clearedAt: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'Alert' },
);
export type AlertView = Static<typeof AlertView>;
