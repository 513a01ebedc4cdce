/** A case export job (案卷) and its progress, as the API answers it. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

export const ExportJobView = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    caseNumber: Type.String(),
    format: Type.Union([Type.Literal('zip'), Type.Literal('folder')]),
    state: Type.Union(['queued', 'running', 'done', 'failed', 'cancelled'].map((s) => Type.Literal(s))),
    bytesDone: Type.Number(),
    bytesTotal: Type.Number(),
    files: Type.Integer(),
    startedAt: Type.String(),
    finishedAt: Type.Optional(Type.String()),
    error: Type.Optional(Type.String()),
    fileName: Type.String(),
    path: Type.Optional(Type.String({ description: 'Where a folder export is on the station' })),
    downloadUrl: Type.Optional(Type.String()),
  },
  { $id: 'ExportJob' },
);
export type ExportJobView = Static<typeof ExportJobView>;
