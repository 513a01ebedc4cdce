/**
 * Renders the device protocol as Markdown (docs/protocol.md) from the real
 * exports of this package: topics, payload schemas, RTMP naming, limits and
 * hardware profiles. `scripts/gen-docs.mjs` writes the file; a test fails when
 * the file on disk and this renderer disagree.
 *
 * What the schemas cannot say (directions, retain flags, QoS, the last will)
 * is written here as data keyed by topic kind, so a new kind that is not
 * documented is a type error.
 */
import { type TSchema } from '@sinclair/typebox';
import { DEVICE_ID_PATTERN } from './ids.js';
import {
  ALERT_RULES,
  AlertPayload,
  COMMAND_ACTIONS,
  DEVICE_EVENT_TYPES,
  payloadSchemaByTopic,
  type DeviceEventType,
} from './payloads.js';
import type { HardwareProfile } from './profile.js';
import { profiles } from './profiles/index.js';
import { RTMP_APP, flvPlaybackPath, rtmpPublishUrl, streamPath } from './stream.js';
import { DEVICE_TOPIC_KINDS, STATION_ONLY_KINDS, TOPIC_ROOT, topics, type DeviceTopicKind } from './topics.js';
import { MAX_PAYLOAD_BYTES } from './validate.js';
import { PROTOCOL_VERSION } from './version.js';

/** The subset of JSON Schema that TypeBox emits for our payloads. */
interface JsonSchema {
  $id?: string;
  title?: string;
  description?: string;
  type?: string;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  default?: unknown;
}

/** Plain JSON view of a TypeBox schema (drops TypeBox's symbol keys; `required` says what is optional). */
function json(schema: TSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

// ---------------------------------------------------------------------------
// What the schemas cannot say, as data.

export interface TopicDoc {
  direction: 'device → station' | 'station → device' | 'station → devices';
  retained: boolean;
  qos: 0 | 1 | 2;
  /** Last will set by the device at connect, or null. */
  lastWill: string | null;
  notes: string;
}

/** The last will a recorder registers at connect (see firmware-host/src/agent.ts). */
export const LAST_WILL_PAYLOAD = { v: PROTOCOL_VERSION, status: 'offline' } as const;

const code = (s: string) => `\`${s}\``;
const literal = (v: unknown) => code(JSON.stringify(v));

export const topicDocs: Record<DeviceTopicKind, TopicDoc> = {
  availability: {
    direction: 'device → station',
    retained: true,
    qos: 1,
    lastWill: `yes: ${literal(LAST_WILL_PAYLOAD)}, retained, QoS 1`,
    notes: '`online` right after every connect; `offline` on a clean stop, or by the broker as the last will',
  },
  state: {
    direction: 'device → station',
    retained: true,
    qos: 1,
    lastWill: null,
    notes: 'the full state, after every connect, on every change, and as a heartbeat (every 10 s by default)',
  },
  events: {
    direction: 'device → station',
    retained: false,
    qos: 1,
    lastWill: null,
    notes: 'what happened, in order, each with the next `seq`',
  },
  set: {
    direction: 'station → device',
    retained: false,
    qos: 1,
    lastWill: null,
    notes: 'a command; the device answers with its state',
  },
  time: {
    direction: 'device → station',
    retained: false,
    qos: 0,
    lastWill: null,
    notes: 'clock sync request, after every connect and every minute; a lost one is simply sent again',
  },
  'time-reply': {
    direction: 'station → device',
    retained: false,
    qos: 0,
    lastWill: null,
    notes:
      'the device computes offset = ((stationReceivedAt − deviceSentAt) + (stationSentAt − deviceReceivedAt)) / 2 and keeps the sample with the shortest round trip; it reports `clockOffsetMs` (device − station) in its state; the station flags more than 2 s',
  },
  telemetry: {
    direction: 'device → station',
    retained: false,
    qos: 0,
    lastWill: null,
    notes:
      'health every few seconds (5 s by default): the station stores it (InfluxDB or its embedded window), checks the alert rules and the hand-out self-test against it; a lost one is replaced by the next',
  },
  policy: {
    direction: 'station → device',
    retained: true,
    qos: 1,
    lastWill: null,
    notes:
      "confirm-to-stop: whether the recorder's holder is on an open full-process step; at every station start, and whenever that changes (a step added, edited, closed or removed, a hand-out or check-in, the reported officer, a step window starting or ending); only the station may publish here",
  },
};

export const gatewayTopicDoc: TopicDoc = {
  direction: 'station → devices',
  retained: true,
  qos: 1,
  lastWill: null,
  notes:
    '`online` when the station is ready, `offline` on a clean stop (the broker is the station: when it dies, the connection drops)',
};

export const eventTypeDocs: Record<DeviceEventType, string> = {
  'recording.started': 'recording began (button, or a `start`/`press` command); carries the new `recordingId`',
  'recording.stopped': 'recording ended (button, or a `stop`/`press` command)',
  'mark.set':
    'an important mark (重要标记, a long press) at `ts`; the segments around it are offloaded first and go to the review queue',
  'storage.low':
    'free storage fell under the low-water mark with footage not yet acknowledged: alarm on the device, pre-record buffer given up',
  'storage.ok': 'free storage is back above the low-water mark (pre-record resumes)',
  'storage.full':
    'free storage fell under the critical mark: recording stopped and the encoder halted rather than overwrite anything',
  'button.pressed':
    'a short press of the record button (also sent for a `press` command); precedes the recording event it caused',
};

/** One valid example per payload kind, checked against its schema by the tests. */
export interface ProtocolExample {
  kind: DeviceTopicKind;
  caption: string;
  value: unknown;
}

export const protocolExamples: ProtocolExample[] = [
  {
    kind: 'availability',
    caption: 'Published by the device right after it connects:',
    value: { v: PROTOCOL_VERSION, status: 'online', ts: '2026-03-02T08:59:58+08:00' },
  },
  {
    kind: 'availability',
    caption: 'The last will the device registers at connect (the broker publishes it if the device vanishes):',
    value: LAST_WILL_PAYLOAD,
  },
  {
    kind: 'state',
    caption: 'A recorder in the middle of a recording:',
    value: {
      v: PROTOCOL_VERSION,
      deviceId: 'rec-0042',
      profile: 'raspi-zero-2w',
      state: 'recording',
      recordingId: '6f1c2d7e-3b7a-4c55-9d0e-2a8f4e1b9c31',
      recordingSince: '2026-03-02T09:14:03+08:00',
      officerId: '33010012',
      batteryPercent: 76.5,
      storageFreeBytes: 27_918_336_000,
      firmwareVersion: '0.1.0',
      ts: '2026-03-02T09:15:00+08:00',
    },
  },
  {
    kind: 'events',
    caption: 'The event that opened that recording:',
    value: {
      v: PROTOCOL_VERSION,
      deviceId: 'rec-0042',
      seq: 1207,
      type: 'recording.started',
      recordingId: '6f1c2d7e-3b7a-4c55-9d0e-2a8f4e1b9c31',
      officerId: '33010012',
      ts: '2026-03-02T09:14:03+08:00',
    },
  },
  {
    kind: 'time',
    caption: 'A clock sync request:',
    value: { v: PROTOCOL_VERSION, requestId: 'ts-17', deviceSentAt: 1772413200120 },
  },
  {
    kind: 'time-reply',
    caption: 'The station reply to it:',
    value: {
      v: PROTOCOL_VERSION,
      requestId: 'ts-17',
      deviceSentAt: 1772413200120,
      stationReceivedAt: 1772413199481,
      stationSentAt: 1772413199482,
    },
  },
  {
    kind: 'set',
    caption: 'A command from the station (today only to simulated recorders, from `POST /api/devices/:id/commands`):',
    value: {
      v: PROTOCOL_VERSION,
      commandId: 'c0a8e3f2-5d1b-4f7e-8a6c-0b9d2e4f6a18',
      action: 'press',
      ts: '2026-03-02T09:20:11+08:00',
    },
  },
  {
    kind: 'set',
    caption: 'The hand-out desk gives the recorder to an officer (the id appears in the watermark within 5 s):',
    value: {
      v: PROTOCOL_VERSION,
      commandId: 'd41f0c77-2b9e-4c1a-9f3e-7a6b5c4d3e2f',
      action: 'set-officer',
      officerId: '33010012',
      ts: '2026-03-02T08:02:40+08:00',
    },
  },
  {
    kind: 'set',
    caption:
      'A supervisor stops a recording from the dashboard while the officer is on a full-process step (the reason is required then, and kept in the audit trail):',
    value: {
      v: PROTOCOL_VERSION,
      commandId: '5b2e9c41-7d3a-4f08-b6e1-93c4d2a7f0e5',
      action: 'stop',
      reason: '当事人已离开现场，现场处置结束',
      ts: '2026-03-02T09:41:27+08:00',
    },
  },
  {
    kind: 'policy',
    caption:
      'The station tells rec-0042 that its officer is on a full-process step until 10:30 (a press then needs a confirming second press):',
    value: {
      v: PROTOCOL_VERSION,
      deviceId: 'rec-0042',
      officerId: '33010012',
      fullProcessOpen: true,
      stepId: '0b7d4e2a-51c3-4f6e-8a9d-2c1e7f3b5a60',
      caseId: 'e3a1c9f0-6b24-4d8e-9f17-5a0c2b8d4e36',
      stepEndsAt: '2026-03-02T02:30:00.000Z',
      ts: '2026-03-02T01:12:00.004Z',
    },
  },
  {
    kind: 'policy',
    caption: 'And once that step is closed (or the recorder is checked in, then with `officerId` null):',
    value: {
      v: PROTOCOL_VERSION,
      deviceId: 'rec-0042',
      officerId: '33010012',
      fullProcessOpen: false,
      stepId: null,
      caseId: null,
      stepEndsAt: null,
      ts: '2026-03-02T02:30:00.012Z',
    },
  },
  {
    kind: 'telemetry',
    caption: 'Telemetry of that recorder during the recording:',
    value: {
      v: PROTOCOL_VERSION,
      deviceId: 'sim-001',
      officerId: '33010012',
      state: 'recording',
      battery: { percent: 81.5, voltageMv: 3912, charging: false },
      storage: { freeBytes: 21474836480, totalBytes: 31914983424, recordableSeconds: 71582 },
      temperatureC: 48.2,
      signal: { network: 'wifi', rssiDbm: -58 },
      clockOffsetMs: 12.4,
      gps: { lat: 30.27415, lon: 120.15515, accuracyM: 6, fixAt: '2026-03-02T09:20:14+08:00' },
      selfTest: { camera: true, microphone: true },
      offload: { pendingSegments: 2, pendingBytes: 96468992 },
      ts: '2026-03-02T09:20:15+08:00',
    },
  },
];

// ---------------------------------------------------------------------------
// Schema walking.

function members(s: JsonSchema): JsonSchema[] {
  return s.anyOf ? s.anyOf.flatMap(members) : [s];
}

/** The type column: `string`, `integer`, `"a"` \| `"b"`, `string` \| `null`, ... */
export function typeText(s: JsonSchema): string {
  if ('const' in s) return literal(s.const);
  if (s.enum) return s.enum.map(literal).join(' | ');
  if (s.anyOf) return members(s).map(typeText).join(' | ');
  if (s.type === 'array') return `array of ${s.items ? typeText(s.items) : code('any')}`;
  return code(s.type ?? 'any');
}

function range(min: number | undefined, max: number | undefined, what: string): string | null {
  if (min !== undefined && max !== undefined) return `${what} ${min}–${max}`;
  if (min !== undefined) return `${what} ≥ ${min}`;
  if (max !== undefined) return `${what} ≤ ${max}`;
  return null;
}

/** The constraints column, gathered from the schema and every member of a union. */
export function constraintsText(s: JsonSchema): string {
  const out: string[] = [];
  for (const m of members(s)) {
    const c = [
      range(m.minimum, m.maximum, 'value'),
      m.exclusiveMinimum !== undefined ? `value > ${m.exclusiveMinimum}` : null,
      m.exclusiveMaximum !== undefined ? `value < ${m.exclusiveMaximum}` : null,
      range(m.minLength, m.maxLength, 'length'),
      m.pattern !== undefined ? `pattern ${code(m.pattern)}` : null,
      m.format !== undefined ? `format ${code(m.format)}` : null,
      m.default !== undefined ? `default ${literal(m.default)}` : null,
    ];
    for (const x of c) if (x && !out.includes(x)) out.push(x);
  }
  return out.join('; ');
}

/** The description column: the field's own description, then any its union members carry. */
export function descriptionText(s: JsonSchema): string {
  const out: string[] = [];
  if (s.description) out.push(s.description);
  for (const m of s.anyOf ? members(s) : []) if (m.description && !out.includes(m.description)) out.push(m.description);
  return out.join('; ');
}

export interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  constraints: string;
  description: string;
}

export function fieldRows(schema: TSchema): FieldRow[] {
  const s = json(schema);
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, prop]) => ({
    name,
    type: typeText(prop),
    required: required.has(name),
    constraints: constraintsText(prop),
    description: descriptionText(prop),
  }));
}

// ---------------------------------------------------------------------------
// Markdown.

/** A GFM table; `|` inside a cell is escaped. */
function table(headers: string[], rows: string[][]): string {
  const cell = (s: string) => (s === '' ? '—' : s.replace(/\|/g, '\\|'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((r) => line(r.map(cell)))].join('\n');
}

function jsonBlock(value: unknown): string {
  return ['```json', JSON.stringify(value, null, 2), '```'].join('\n');
}

const ID = '<id>';

function topicRows(): string[][] {
  const row = (topic: string, d: TopicDoc, payload: string) => [
    code(topic),
    d.direction,
    d.retained ? 'yes' : 'no',
    String(d.qos),
    payload,
    d.lastWill ?? '',
    d.notes,
  ];
  return [
    ...DEVICE_TOPIC_KINDS.map((kind) =>
      row(topics[kind](ID), topicDocs[kind], `[${payloadSchemaByTopic[kind].$id}](#${anchor(kind)})`),
    ),
    row(topics.gatewayAvailability(), gatewayTopicDoc, `[AvailabilityPayload](#${anchor('availability')})`),
    row(topics.alert(ID, '<rule>'), alertTopicDoc, '[AlertPayload](#alerts--alertpayload)'),
  ];
}

export const alertTopicDoc: TopicDoc = {
  direction: 'station → devices',
  retained: true,
  qos: 1,
  lastWill: null,
  notes:
    'for other systems (a command centre, an SMS gateway): the station publishes each alert when it fires, is acknowledged or clears; only the station may publish here',
};

function alertSection(): string {
  const rows = fieldRows(AlertPayload).map((f) => [
    code(f.name),
    f.type,
    f.required ? 'yes' : 'no',
    f.constraints,
    f.description,
  ]);
  return [
    '### alerts — AlertPayload',
    '',
    `Topic ${code(topics.alert(ID, '<rule>'))}, schema ${code('AlertPayload')}, published by the station, retained per device and rule. No fields other than these are allowed.`,
    '',
    table(['Field', 'Type', 'Required', 'Constraints', 'Description'], rows),
    '',
    `Rules: ${ALERT_RULES.map(code).join(', ')}. Subscribe to ${code(topics.allAlerts())}.`,
    '',
  ].join('\n');
}

function anchor(kind: DeviceTopicKind): string {
  // GitHub's heading slug of the payload section headings below.
  return `${kind}--${payloadSchemaByTopic[kind].$id!.toLowerCase()}`;
}

function payloadSection(kind: DeviceTopicKind, extra: string[] = []): string {
  const schema = payloadSchemaByTopic[kind];
  const rows = fieldRows(schema).map((f) => [
    code(f.name),
    f.type,
    f.required ? 'yes' : 'no',
    f.constraints,
    f.description,
  ]);
  const examples = protocolExamples.filter((e) => e.kind === kind);
  const closed = json(schema).additionalProperties === false ? ' No fields other than these are allowed.' : '';
  return [
    `### ${kind} — ${schema.$id}`,
    '',
    `Topic ${code(topics[kind](ID))}, schema ${code(schema.$id!)}.${closed}`,
    '',
    table(['Field', 'Type', 'Required', 'Constraints', 'Description'], rows),
    '',
    ...extra,
    ...examples.flatMap((e) => [e.caption, '', jsonBlock(e.value), '']),
  ].join('\n');
}

function io(p: HardwareProfile): string {
  const d = p.io;
  if (d.kind === 'firmata' || d.kind === 'serial-mcu') return `${code(d.kind)} ${code(d.port)} @ ${d.baudRate}`;
  return code(d.kind);
}

function camera(p: HardwareProfile): string {
  const c = p.camera;
  if (c.kind === 'lavfi') return `${code('lavfi')} ${c.pattern}`;
  if (c.kind === 'v4l2') return `${code('v4l2')} ${code(c.device)}`;
  return `${code('libcamera')} via ${code(c.command)}`;
}

function profileRows(): string[][] {
  return [...profiles.values()].map((p) => [
    code(p.id),
    io(p),
    camera(p),
    code(p.video.encoder),
    `${p.video.width}×${p.video.height}`,
    String(p.video.fps),
    `${p.video.bitrateKbps} kbit/s`,
    `${p.video.gopSeconds} s`,
    `${p.recording.segmentSeconds} s / ${p.recording.fragmentSeconds} s`,
    `${p.recording.preRecordSeconds} s`,
  ]);
}

export function renderProtocolDoc(): string {
  const exampleId = 'rec-0042';
  const parts: string[] = [
    '<!-- Generated from device-profiles/src/protocol-doc.ts by `node scripts/gen-docs.mjs`. Do not edit by hand. -->',
    '',
    '# Device protocol',
    '',
    `A recorder and the station talk MQTT under ${code(`${TOPIC_ROOT}/`)}: one JSON object per message, each carrying the protocol version ${code('v')}. ` +
      `A device keeps two retained topics current, so whoever subscribes learns the present at once: ${code('state')}, its complete picture (recording or not, since when, for which officer, battery, storage), ` +
      `and ${code('availability')}, which it sets to ${code('online')} after each connect. At connect it also registers a last will, so that when it vanishes without a goodbye the broker itself publishes ${code('offline')} for it.`,
    '',
    `Things that happen go to ${code('events')}, not retained. Each event carries a per-device ${code('seq')} that only goes up, across restarts too; ` +
      `QoS 1 may deliver an event twice, and the station stores each (device, ${code('seq')}) once. ` +
      `The station asks a device to act on ${code('set')}. There is no separate reply: the device answers with a new ${code('state')}, which shows the outcome. ` +
      `Video does not travel over MQTT: while it records, the device pushes a live RTMP stream and the station keeps its own copy.`,
    '',
    '## Topics',
    '',
    table(['Topic', 'Direction', 'Retained', 'QoS', 'Payload', 'Last will', 'When'], topicRows()),
    '',
    `${code(ID)} is a device id: ${code(DEVICE_ID_PATTERN)} (letters, digits, ${code('_')} and ${code('-')}, 2–64 characters), the same id in topics, stream names, file names and URLs. ` +
      `The station subscribes to ${code(topics.allDevices())}. A device subscribes to its own ${code(topics.set(ID))}, ${code(topics['time-reply'](ID))} and ${code(topics.policy(ID))}.`,
    '',
    `Until a device has published its first ${code('state')}, the station does not know it: its availability and events are not stored and its RTMP publish is refused. ` +
      `The station also marks a device offline when it has heard nothing from it for a while (the gateway setting ${code('devices.offlineAfterSeconds')}), as a back-up to the last will.`,
    '',
    '## Payloads',
    '',
    payloadSection('availability'),
    payloadSection('state', [
      `${code('recordingId')} and ${code('recordingSince')} are set while ${code('state')} is ${code('"recording"')} and ${code('null')} in standby. Times are the device clock.`,
      '',
    ]),
    payloadSection('events', [
      'Event types:',
      '',
      ...DEVICE_EVENT_TYPES.map((t) => `- ${code(t)}: ${eventTypeDocs[t]}`),
      '',
      `${code('seq')} starts at 1 and never goes backwards on a device: the recorder reserves numbers on its own storage before it uses them, so after a power cut it skips ahead rather than repeating. ` +
        `A redelivered (${code('deviceId')}, ${code('seq')}) is ignored by the station.`,
      '',
    ]),
    payloadSection('set', [
      `Actions: ${COMMAND_ACTIONS.map(code).join(', ')}. A command that changes the recording state is answered at once by a new ${code('state')}; ` +
        `one that changes nothing (${code('start')} while recording) is answered only by the next heartbeat ${code('state')}. ` +
        `${code('commandId')} identifies the command in the station log; the state does not echo it. ` +
        `A ${code('stop')} from the dashboard carries the supervisor's ${code('reason')}; the station refuses to send one without a reason while the recorder's officer is on an open full-process step (see ${code('policy')}), and sends a remote ${code('press')} that would stop such a recording as a ${code('stop')} with the reason, since a press would wait for the confirming second press on the recorder.`,
      '',
    ]),
    payloadSection('telemetry', [
      `Published every few seconds while connected (5 s by default; the fleet benchmark uses 1 s). ${code('selfTest')} is what the hand-out desk checks before an assignment starts; ` +
        `${code('offload.pendingSegments')} is what check-in waits for: a recorder is not reissued while it holds footage the station has not acknowledged.`,
      '',
    ]),
    payloadSection('policy', [
      `Published by the station alone, QoS 1, retained per device, so a recorder learns the present as soon as it subscribes. ` +
        `While ${code('fullProcessOpen')} is true (全过程音像记录), a single press of the record button does not end the recording: the recorder asks for a confirming second press within a few seconds, ` +
        `and a stop from the dashboard needs a reason. ${code('stepId')}, ${code('caseId')} and ${code('stepEndsAt')} are set only while ${code('fullProcessOpen')} is true. ` +
        `The officer is the one the hand-out desk gave the recorder to (an open assignment), or, without one, the officer the recorder reports. ` +
        `The station publishes at every start for every known recorder, and again whenever the answer changes: a step added, edited, closed or removed, a case closed, a hand-out or check-in, a change of the reported officer, a step window that starts or ends by the clock. ` +
        `Any MQTT client publishing here is refused and disconnected, an anonymous one too.`,
      '',
    ]),
    alertSection(),
    payloadSection('time', [
      `Sent after every connect and then every minute. The station answers at once on ${code('time-reply')}.`,
      '',
    ]),
    payloadSection('time-reply', [
      `With its own receive time ${code('deviceReceivedAt')}, the device takes offset = ((stationReceivedAt − deviceSentAt) + (stationSentAt − deviceReceivedAt)) / 2 ` +
        `(station minus device) and round trip = (deviceReceivedAt − deviceSentAt) − (stationSentAt − stationReceivedAt), keeps the estimate from the shortest recent round trip, ` +
        `and reports ${code('clockOffsetMs')} = device − station in its ${code('state')}. The station flags an offset over 2 s (GA/T 947 allows 3 s of drift a day).`,
      '',
    ]),
    '## Live video (RTMP)',
    '',
    `While it records, a device publishes H.264/AAC over RTMP to the station's application ${code(RTMP_APP)}, with the device id as the stream name:`,
    '',
    '```text',
    `publish   ${rtmpPublishUrl('rtmp://<station>:1935', ID)}`,
    `playback  http://<station>:8080${flvPlaybackPath(ID)}`,
    '```',
    '',
    `The names come from ${code('rtmpPublishUrl(base, id)')} and ${code('flvPlaybackPath(id)')} (HTTP-FLV, what the dashboard's live tiles play). For example ${code(rtmpPublishUrl('rtmp://192.168.1.10:1935', exampleId))}. ` +
      `A publish whose path is not ${code(streamPath(ID))} for a device the station knows is refused. ` +
      `An enrolled recorder signs each publish: ${code('?exp=<unix seconds>&sig=<hex HMAC-SHA256(secret, "<id>:<exp>")>')} after the stream name, with the secret enrollment gave it (${code('signPublishKey')}); the station refuses a missing, expired (or longer than 24 h) or wrong key, and refuses unsigned streams from unenrolled recorders once ${code('rtmp.allowUnsigned')} is off. ` +
      `1935 and 8080 are the gateway defaults (${code('rtmp.port')}, ${code('http.port')}). ` +
      `A dropped push that reconnects within the gateway's ${code('rtmp.reconnectGraceSeconds')} continues the same station recording.`,
    '',
    '## Version',
    '',
    `Protocol version: **${PROTOCOL_VERSION}**. Every payload carries ${code(`"v": ${PROTOCOL_VERSION}`)}; the schemas accept only this value, so a payload of another version is rejected like any invalid one. ` +
      'The version changes only for a breaking change.',
    '',
    '## Validation',
    '',
    `The station's broker checks every message published under ${code(`${TOPIC_ROOT}/devices/`)} (a last will included) before it delivers or retains it:`,
    '',
    `- the topic is ${code(`${TOPIC_ROOT}/devices/<id>/<kind>`)} with a valid id and one of the kinds ${DEVICE_TOPIC_KINDS.map(code).join(', ')};`,
    `- the payload is at most ${MAX_PAYLOAD_BYTES} bytes (${code('MAX_PAYLOAD_BYTES')}) of UTF-8 JSON;`,
    '- it matches the schema of its kind exactly: required fields present, constraints met, no other fields;',
    `- a ${code('deviceId')} in the payload equals the id in the topic.`,
    '',
    `A message that fails is not refused at the MQTT level (the publisher still gets its PUBACK and stays connected): ` +
      `the station diverts it to ${code(`${TOPIC_ROOT}/rejected/devices/<id>/<kind>`)}, clears its retain flag, never stores it, logs the reason and counts it (${code('mqtt.rejectedMessages')} in ${code('GET /api/health')}). ` +
      `A faulty recorder therefore cannot overwrite good retained state, and it can watch ${code(`${TOPIC_ROOT}/rejected/devices/<id>/#`)} to see what it got wrong. ` +
      `Publishing to ${code(`${TOPIC_ROOT}/rejected/…`)}, ${code('$SYS/…')}, ${code(`${TOPIC_ROOT}/alerts/…`)} or a station-only kind (${STATION_ONLY_KINDS.map(code).join(', ')}) is refused, and the broker drops the client.`,
    '',
    '## Hardware profiles',
    '',
    'Everything board-specific about a recorder is a profile: data validated against the `HardwareProfile` schema, read by the recorder agent, never a test on the model name. The device reports its profile id in `state.profile`.',
    '',
    table(
      [
        'Profile',
        'IO driver',
        'Camera',
        'Encoder',
        'Resolution',
        'fps',
        'Bitrate',
        'GOP',
        'Segment / fragment',
        'Pre-record',
      ],
      profileRows(),
    ),
    '',
    ...[...profiles.values()].map((p) => `- ${code(p.id)}: ${p.description}`),
    '',
    "The segment, fragment and pre-record values are for the recorder's own on-device recording (planned). " +
      "The station's copy of the live stream is cut by the gateway settings `recording.segmentSeconds` and `recording.fragmentSeconds`.",
    '',
  ];
  return parts.join('\n');
}
