/** A footage file held at the station, as the API answers it. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

export const RecordingView = Type.Object(
  {
    id: Type.String(),
    deviceId: Type.String(),
    officerId: Type.Union([Type.String(), Type.Null()]),
    sessionId: Type.String({ description: 'One live publish; its segments share it' }),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.String({ format: 'date-time' }),
    durationSeconds: Type.Number(),
    bytes: Type.Number(),
    sha256: Type.String({ description: 'SHA-256 of the file bytes, taken when the segment was closed' }),
    source: Type.Union([Type.Literal('live'), Type.Literal('device')]),
    recovered: Type.Boolean({ description: 'Indexed after a station crash rather than when it was closed' }),
    fileUrl: Type.String(),
  },
  { $id: 'Recording' },
);
export type RecordingView = Static<typeof RecordingView>;
