/**
 * Every payload that crosses MQTT, as one TypeBox schema each: the schema is
 * the runtime validator (see `validate.ts`) and, through `Static`, the type.
 */
import { Type, type Static } from '@sinclair/typebox';
import { DeviceId, OfficerId } from './ids.js';
import { PROTOCOL_VERSION } from './version.js';

const v = Type.Literal(PROTOCOL_VERSION, { description: 'Protocol version' });
const Timestamp = Type.String({
  format: 'date-time',
  description: 'ISO 8601 time with offset, from the sender clock',
});

export const RecordingState = Type.Union([Type.Literal('standby'), Type.Literal('recording')], {
  description: 'standby: not recording; recording: capturing and archiving footage',
});
export type RecordingState = Static<typeof RecordingState>;

export const AvailabilityPayload = Type.Object(
  {
    v,
    status: Type.Union([Type.Literal('online'), Type.Literal('offline')], {
      description: 'online on connect; offline on a clean stop or, as the last will, when the connection dies',
    }),
    ts: Type.Optional(Timestamp),
  },
  { additionalProperties: false, $id: 'AvailabilityPayload', title: 'availability (retained, last will)' },
);
export type AvailabilityPayload = Static<typeof AvailabilityPayload>;

export const StatePayload = Type.Object(
  {
    v,
    deviceId: DeviceId,
    profile: Type.String({ minLength: 1, maxLength: 64, description: 'Hardware profile id' }),
    state: RecordingState,
    recordingId: Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], {
      description: 'Id of the current recording, null in standby',
    }),
    recordingSince: Type.Union([Timestamp, Type.Null()], {
      description: 'When the current recording started (device clock), null in standby',
    }),
    officerId: Type.Union([OfficerId, Type.Null()], { description: 'Officer the device is assigned to' }),
    batteryPercent: Type.Number({ minimum: 0, maximum: 100, description: 'Battery charge, percent' }),
    storageFreeBytes: Type.Integer({ minimum: 0, description: 'Free space on the recorder storage, bytes' }),
    firmwareVersion: Type.String({ minLength: 1, maxLength: 32, description: 'Recorder agent version' }),
    clockOffsetMs: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], {
        description: 'Device clock minus station clock, from the last time sync; null before the first sync',
      }),
    ),
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'StatePayload', title: 'state (retained, QoS 1)' },
);
export type StatePayload = Static<typeof StatePayload>;

export const DEVICE_EVENT_TYPES = [
  'recording.started',
  'recording.stopped',
  'button.pressed',
  'mark.set',
  'storage.low',
  'storage.ok',
  'storage.full',
] as const;
export type DeviceEventType = (typeof DEVICE_EVENT_TYPES)[number];

export const EventPayload = Type.Object(
  {
    v,
    deviceId: DeviceId,
    seq: Type.Integer({
      minimum: 1,
      description: 'Per-device monotonic sequence number; survives restarts; the station de-duplicates on it',
    }),
    type: Type.Union(
      DEVICE_EVENT_TYPES.map((t) => Type.Literal(t)),
      { description: 'What happened' },
    ),
    recordingId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'The recording the event belongs to, when there is one',
      }),
    ),
    officerId: Type.Optional(Type.Union([OfficerId, Type.Null()])),
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'EventPayload', title: 'events (stream, QoS 1)' },
);
export type EventPayload = Static<typeof EventPayload>;

export const COMMAND_ACTIONS = ['press', 'start', 'stop', 'set-officer'] as const;
export type CommandAction = (typeof COMMAND_ACTIONS)[number];

export const CommandPayload = Type.Object(
  {
    v,
    commandId: Type.String({ minLength: 1, maxLength: 64, description: 'Unique id of this command, for tracing' }),
    action: Type.Union(
      COMMAND_ACTIONS.map((a) => Type.Literal(a)),
      {
        description:
          'press: a short press of the record button; start/stop: set the recording state; set-officer: the hand-out desk assigns the device (officerId) or takes it back (null)',
      },
    ),
    officerId: Type.Optional(
      Type.Union([OfficerId, Type.Null()], {
        description: 'set-officer only: who now holds the device (shown in the watermark); null: back at the station',
      }),
    ),
    reason: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 500,
        description:
          'stop only: why a supervisor stopped the recording from the station; required by the station while the officer has an open full-process step, and kept in its audit trail',
      }),
    ),
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'CommandPayload', title: 'set (command to the device, QoS 1)' },
);
export type CommandPayload = Static<typeof CommandPayload>;

const EpochMs = (description: string) => Type.Number({ minimum: 0, description });

export const TimeRequestPayload = Type.Object(
  {
    v,
    requestId: Type.String({ minLength: 1, maxLength: 64, description: 'Echoed in the reply' }),
    deviceSentAt: EpochMs('Device clock when the request left, ms since the epoch'),
  },
  { additionalProperties: false, $id: 'TimeRequestPayload', title: 'time (clock sync request, QoS 0)' },
);
export type TimeRequestPayload = Static<typeof TimeRequestPayload>;

export const TimeReplyPayload = Type.Object(
  {
    v,
    requestId: Type.String({ minLength: 1, maxLength: 64, description: 'From the request' }),
    deviceSentAt: EpochMs('From the request'),
    stationReceivedAt: EpochMs('Station clock when the request arrived'),
    stationSentAt: EpochMs('Station clock when the reply left'),
  },
  { additionalProperties: false, $id: 'TimeReplyPayload', title: 'time-reply (clock sync reply, QoS 0)' },
);
export type TimeReplyPayload = Static<typeof TimeReplyPayload>;

/** Which schema governs which topic kind. */
const Percent = (description: string) => Type.Number({ minimum: 0, maximum: 100, description });

export const TelemetryPayload = Type.Object(
  {
    v,
    deviceId: DeviceId,
    officerId: Type.Union([OfficerId, Type.Null()], { description: 'Officer the device is assigned to' }),
    state: RecordingState,
    battery: Type.Object(
      {
        percent: Percent('Charge, percent'),
        voltageMv: Type.Optional(Type.Integer({ minimum: 0, maximum: 30_000, description: 'Battery voltage, mV' })),
        charging: Type.Boolean({ description: 'On the charger or the dock' }),
      },
      { additionalProperties: false },
    ),
    storage: Type.Object(
      {
        freeBytes: Type.Integer({ minimum: 0, description: 'Free space for footage, bytes' }),
        totalBytes: Type.Optional(Type.Integer({ minimum: 0, description: 'Size of the footage storage, bytes' })),
        recordableSeconds: Type.Optional(
          Type.Integer({
            minimum: 0,
            description: 'Recording time the free space holds at the profile bitrate, seconds',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    temperatureC: Type.Optional(
      Type.Union([Type.Number({ minimum: -60, maximum: 150 }), Type.Null()], { description: 'SoC temperature, °C' }),
    ),
    signal: Type.Optional(
      Type.Object(
        {
          network: Type.Union(
            ['wifi', 'cellular', 'ethernet', 'none'].map((n) => Type.Literal(n)),
            {
              description: 'Link the device is using',
            },
          ),
          rssiDbm: Type.Optional(Type.Union([Type.Number({ minimum: -150, maximum: 0 }), Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
    clockOffsetMs: Type.Union([Type.Number(), Type.Null()], {
      description: 'Device clock minus station clock from the last sync; null before the first',
    }),
    gps: Type.Optional(
      Type.Union(
        [
          Type.Object(
            {
              lat: Type.Number({ minimum: -90, maximum: 90 }),
              lon: Type.Number({ minimum: -180, maximum: 180 }),
              accuracyM: Type.Optional(Type.Number({ minimum: 0 })),
              fixAt: Timestamp,
            },
            { additionalProperties: false },
          ),
          Type.Null(),
        ],
        { description: 'Last position fix; null without a fix' },
      ),
    ),
    selfTest: Type.Object(
      {
        camera: Type.Boolean({ description: 'Video frames arrived within the last few seconds' }),
        microphone: Type.Boolean({ description: 'The audio track is present and not silent' }),
      },
      { additionalProperties: false },
    ),
    offload: Type.Object(
      {
        pendingSegments: Type.Integer({
          minimum: 0,
          description: 'Closed segments not yet acknowledged by the station',
        }),
        pendingBytes: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'TelemetryPayload', title: 'telemetry (QoS 0, every few seconds)' },
);
export type TelemetryPayload = Static<typeof TelemetryPayload>;

export const ALERT_RULES = [
  'offline',
  'battery-low',
  'storage-low',
  'clock-drift',
  'not-recording',
  'offload-overdue',
  'unassigned-recording',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const AlertPayload = Type.Object(
  {
    v,
    alertId: Type.String({ minLength: 1, maxLength: 64 }),
    rule: Type.Union(
      ALERT_RULES.map((r) => Type.Literal(r)),
      { description: 'Which rule fired' },
    ),
    deviceId: DeviceId,
    officerId: Type.Union([OfficerId, Type.Null()]),
    severity: Type.Union([Type.Literal('warning'), Type.Literal('critical')]),
    status: Type.Union([Type.Literal('active'), Type.Literal('acknowledged'), Type.Literal('cleared')], {
      description: 'active until the condition clears or a user acknowledges it',
    }),
    message: Type.String({ description: 'What is wrong, in words' }),
    since: Timestamp,
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'AlertPayload', title: 'alert (station → other systems, retained)' },
);
export type AlertPayload = Static<typeof AlertPayload>;

const NullableId = (description: string) =>
  Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()], { description });

/**
 * What the station tells a recorder about its holder's duty now, retained per
 * device: while `fullProcessOpen`, a press of the record button does not stop
 * a recording without a confirming second press, and a stop from the
 * dashboard needs a reason.
 */
export const PolicyPayload = Type.Object(
  {
    v,
    deviceId: DeviceId,
    officerId: Type.Union([OfficerId, Type.Null()], {
      description:
        "Who the station counts as holding the recorder now: the desk's open assignment, else the officer the recorder reports; null: nobody",
    }),
    fullProcessOpen: Type.Boolean({
      description:
        'That officer is on a full-process step (全过程) of a case that is not closed, and the step window contains now',
    }),
    stepId: NullableId('The open full-process step; null when fullProcessOpen is false'),
    caseId: NullableId('The case of that step; null when fullProcessOpen is false'),
    stepEndsAt: Type.Union([Timestamp, Type.Null()], {
      description:
        "Planned end of that step's window (station clock); null while the step is open-ended or when none is open",
    }),
    ts: Timestamp,
  },
  { additionalProperties: false, $id: 'PolicyPayload', title: 'policy (station → device, retained per device)' },
);
export type PolicyPayload = Static<typeof PolicyPayload>;

export const payloadSchemaByTopic = {
  availability: AvailabilityPayload,
  state: StatePayload,
  events: EventPayload,
  set: CommandPayload,
  time: TimeRequestPayload,
  'time-reply': TimeReplyPayload,
  telemetry: TelemetryPayload,
  policy: PolicyPayload,
} as const;
