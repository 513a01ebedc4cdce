/**
 * The live channel's events (GET /api/events, text/event-stream) as one typed map: each key is an
 * event name, its value the event's data. The gateway sends by it (http/plugins/live.ts), the
 * OpenAPI document carries it (component LiveEvents), and the dashboard checks each event against
 * it on arrival (Value.Check with LIVE_EVENT_SCHEMAS as the references, after registerFormats()).
 */
import type { Static } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';
import { AlertView } from './alerts.js';
import { DeviceView } from './devices.js';
import { RecordingView } from './recordings.js';

export const LiveEvents = Type.Object(
  {
    snapshot: Type.Object(
      { devices: Type.Array(Type.Ref(DeviceView)) },
      { description: 'Every device, on every (re)connect' },
    ),
    device: Type.Ref(DeviceView, { description: 'One device changed' }),
    recording: Type.Ref(RecordingView, { description: 'A station recording was indexed' }),
    coverage: Type.Object(
      { stepIds: Type.Array(Type.String()) },
      { description: 'Steps whose coverage changed and review queues that moved: refetch what shows them' },
    ),
    alert: Type.Ref(AlertView, { description: 'An alert was raised, acknowledged or cleared' }),
  },
  { $id: 'LiveEvents', description: 'GET /api/events: each key is an event name, its value that event’s data' },
);
export type LiveEvents = Static<typeof LiveEvents>;

/** The schemas the map refers to, to add beside it where it is used. */
export const LIVE_EVENT_SCHEMAS = [DeviceView, RecordingView, AlertView, LiveEvents];
