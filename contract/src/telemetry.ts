/** Telemetry history and the supervision map's positions, as the API answers them. */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

/** A recorder's telemetry averaged into buckets: per series, one point per bucket. */
export const TelemetryHistoryView = Type.Object({
  deviceId: Type.String(),
  store: Type.Union([Type.Literal('influx'), Type.Literal('embedded')]),
  from: Type.String(),
  to: Type.String(),
  series: Type.Record(
    Type.String(),
    Type.Array(
      Type.Object({
        t: Type.String(),
        values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])),
      }),
    ),
  ),
});
export type TelemetryHistoryView = Static<typeof TelemetryHistoryView>;

/** A recorder's last known position (from live telemetry). */
export const PositionView = Type.Object({
  deviceId: Type.String(),
  officerId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  state: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  accuracyM: Type.Union([Type.Number(), Type.Null()]),
  fixAt: Type.String(),
  activeAlerts: Type.Integer(),
});
export type PositionView = Static<typeof PositionView>;
