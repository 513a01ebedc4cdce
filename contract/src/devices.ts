/** The device as the API and dashboard see it: one schema for validation, OpenAPI and types. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { Nullable } from './builders.js';

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
    serial: Nullable(Type.String()),
    status: Type.Union([Type.Literal('in_service'), Type.Literal('in_repair'), Type.Literal('retired')]),
    notes: Nullable(Type.String()),
    holder: Type.Union([
      Type.Object({
        officerId: Type.String(),
        unitId: Nullable(Type.String()),
        since: Type.String({ format: 'date-time' }),
        assignmentId: Type.String(),
      }),
      Type.Null(),
    ]),
    telemetry: Type.Union(
      [
        Type.Object({
          at: Type.String({ format: 'date-time', description: 'When the station received it' }),
          charging: Type.Boolean(),
          recordableSeconds: Type.Union([Type.Number(), Type.Null()]),
          temperatureC: Type.Union([Type.Number(), Type.Null()]),
          network: Nullable(Type.String()),
          rssiDbm: Type.Union([Type.Number(), Type.Null()]),
          position: Type.Union([
            Type.Object({
              lat: Type.Number(),
              lon: Type.Number(),
              accuracyM: Type.Union([Type.Number(), Type.Null()]),
              fixAt: Type.String(),
            }),
            Type.Null(),
          ]),
          selfTest: Type.Object({ camera: Type.Boolean(), microphone: Type.Boolean() }),
          offloadPendingSegments: Type.Integer(),
          offloadPendingBytes: Type.Integer(),
        }),
        Type.Null(),
      ],
      { description: 'The latest telemetry, null before the first' },
    ),
    activeAlerts: Type.Integer({ description: 'Alerts active or acknowledged but not cleared' }),
    enrolled: Type.Boolean({
      description: 'Enrolled with a one-time code: its key and credentials were issued by the station',
    }),
  },
  { $id: 'Device' },
);
export type DeviceView = Static<typeof DeviceView>;
