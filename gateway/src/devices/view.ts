/** The device as the API and dashboard see it: one schema for validation, OpenAPI and types. */
import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const DeviceView = Type.Object(
  {
    id: Type.String(),
    profile: Type.String(),
    online: Type.Boolean(),
    state: Type.Union([Type.Literal('standby'), Type.Literal('recording'), Type.Literal('offline')]),
    officerId: Nullable(Type.String()),
    batteryPercent: Type.Union([Type.Number(), Type.Null()]),
    storageFreeBytes: Type.Union([Type.Number(), Type.Null()]),
    firmwareVersion: Nullable(Type.String()),
    lastSeen: Nullable(Type.String({ format: 'date-time' })),
    live: Type.Boolean({ description: 'The station is receiving its live stream now' }),
    recordingSince: Nullable(Type.String({ format: 'date-time' })),
    clockOffsetMs: Type.Union([Type.Number(), Type.Null()], {
      description: 'Device minus station clock from its last sync, ms; null before the first sync',
    }),
    clockDrift: Type.Boolean({ description: 'The device clock is off by more than the allowed drift (2 s)' }),
  },
  { $id: 'Device' },
);
export type DeviceView = Static<typeof DeviceView>;
