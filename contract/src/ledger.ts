/** The hand-out desk's answers: the ledger (台账) and the pre-use self-test. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

export const SelfTestCheck = Type.Object({
  name: Type.Union(['online', 'battery', 'storage', 'clock', 'camera', 'microphone'].map((n) => Type.Literal(n))),
  ok: Type.Boolean(),
  value: Type.Union([Type.Number(), Type.Boolean(), Type.Null()]),
  need: Type.String({ description: 'What passes, in words' }),
});
export type SelfTestCheck = Static<typeof SelfTestCheck>;

export const LedgerView = Type.Object(
  {
    id: Type.String(),
    ts: Type.String({ format: 'date-time' }),
    kind: Type.String(),
    deviceId: Type.String(),
    officerId: Type.Union([Type.String(), Type.Null()]),
    assignmentId: Type.Union([Type.String(), Type.Null()]),
    actor: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Unknown(),
  },
  { $id: 'LedgerEntry' },
);
export type LedgerView = Static<typeof LedgerView>;
