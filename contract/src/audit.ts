/** An entry of the audit trail (留痕), as the API answers it. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

export const AuditEntryView = Type.Object(
  {
    seq: Type.Integer(),
    ts: Type.String({ format: 'date-time' }),
    actor: Type.String(),
    action: Type.String(),
    subjectType: Type.String(),
    subjectId: Type.String(),
    caseId: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Record(Type.String(), Type.Unknown()),
    prevHash: Type.String(),
    hash: Type.String({ description: 'SHA-256(prevHash + "\\n" + canonical JSON of the entry)' }),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntryView = Static<typeof AuditEntryView>;
