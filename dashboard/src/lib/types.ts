// Hand-written mirror of the gateway's HTTP/SSE payloads.
// The gateway validates with its own schemas; keep these in step with them.

export type DeviceState = 'standby' | 'recording' | 'offline';

/** Inventory status: 在用 / 维修 / 报废. */
export const DEVICE_STATUSES = ['in_service', 'in_repair', 'retired'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** Who holds the recorder now (an open assignment from the desk). */
export interface Holder {
  officerId: string;
  unitId: string | null;
  /** ISO 8601 */
  since: string;
  assignmentId: string;
}

export interface Position {
  lat: number;
  lon: number;
  accuracyM: number | null;
  /** ISO 8601 */
  fixAt: string;
}

/** The recorder's latest telemetry as the station keeps it. */
export interface Telemetry {
  /** ISO 8601, when the station received it. */
  at: string;
  charging: boolean;
  recordableSeconds: number | null;
  temperatureC: number | null;
  network: string | null;
  rssiDbm: number | null;
  position: Position | null;
  selfTest: { camera: boolean; microphone: boolean };
  /** Footage segments on the recorder the station has not acknowledged yet. */
  offloadPendingSegments: number;
  offloadPendingBytes: number;
}

export interface Device {
  id: string;
  profile: string;
  online: boolean;
  state: DeviceState;
  officerId: string | null;
  batteryPercent: number | null;
  storageFreeBytes: number | null;
  firmwareVersion: string | null;
  /** ISO 8601 */
  lastSeen: string | null;
  live: boolean;
  /** ISO 8601 */
  recordingSince: string | null;
  /** Device minus station clock, ms; null before the first sync. */
  clockOffsetMs: number | null;
  /** Off by more than 2 s. */
  clockDrift: boolean;
  serial: string | null;
  status: DeviceStatus;
  notes: string | null;
  holder: Holder | null;
  /** null before the first telemetry. */
  telemetry: Telemetry | null;
  /** Alerts active or acknowledged but not cleared. */
  activeAlerts: number;
}

export interface Recording {
  id: string;
  deviceId: string;
  officerId: string | null;
  sessionId: string;
  /** ISO 8601 */
  startedAt: string;
  /** ISO 8601 */
  endedAt: string;
  durationSeconds: number;
  bytes: number;
  sha256: string;
  source: 'live' | 'device';
  fileUrl: string;
}

export type CommandAction = 'press' | 'start' | 'stop';

/** The state a tile shows: an offline device is offline whatever it last reported. */
export function displayState(device: Device): DeviceState {
  return device.online ? device.state : 'offline';
}

/** What the supervisor's board counts and filters by; "out" and "alerting" overlap the states. */
export const BOARD_FILTERS = ['out', 'recording', 'standby', 'offline', 'alerting'] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export function matchesBoardFilter(device: Device, filter: BoardFilter): boolean {
  switch (filter) {
    case 'out':
      return device.holder !== null;
    case 'alerting':
      return device.activeAlerts > 0;
    default:
      return displayState(device) === filter;
  }
}

/** The badge number the device is with: its holder from the desk, else what the recorder reports. */
export function officerOf(device: Device): string | null {
  return device.holder?.officerId ?? device.officerId;
}

// ---- alerts ----

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
export type AlertSeverity = 'warning' | 'critical';
export type AlertStatus = 'active' | 'acknowledged' | 'cleared';

export interface Alert {
  id: string;
  /** One of ALERT_RULES; newer gateways may add rules. */
  rule: string;
  deviceId: string;
  officerId: string | null;
  severity: AlertSeverity;
  status: AlertStatus;
  message: string;
  detail: unknown;
  /** ISO 8601 */
  since: string;
  /** ISO 8601 */
  updatedAt: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  ackNote: string | null;
  clearedAt: string | null;
}

// ---- the desk and the ledger ----

export const SELF_TEST_CHECKS = ['online', 'battery', 'storage', 'clock', 'camera', 'microphone'] as const;
export type SelfTestName = (typeof SELF_TEST_CHECKS)[number];

export interface SelfTestCheck {
  name: SelfTestName;
  ok: boolean;
  /** online: seconds since the last report; battery: %; storage: hours; clock: ms; camera/microphone: boolean. */
  value: number | boolean | null;
  /** What passes, in words (English, from the gateway). */
  need: string;
}

export interface SelfTest {
  ok: boolean;
  checks: SelfTestCheck[];
}

export interface Assignment {
  id: string;
  deviceId: string;
  officerId: string;
  /** ISO 8601 */
  startedAt: string;
  endedAt: string | null;
  createdBy: string;
}

export interface HandOutResult {
  assignment: Assignment;
  checks: SelfTestCheck[];
  commandId: string;
  /** Handed out with footage still on the recorder, under an override reason. */
  override: boolean;
}

export interface CheckInResult {
  assignment: Assignment;
  /** What the recorder still held at check-in; null without telemetry. */
  offload: { pendingSegments: number | null; pendingBytes: number | null };
}

export interface EnrollmentCode {
  deviceId: string;
  code: string;
  /** ISO 8601 */
  expiresAt: string;
}

export const LEDGER_KINDS = ['enroll', 'hand-out', 'check-in', 'override', 'repair', 'repair-done', 'retire'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export interface LedgerEntry {
  id: string;
  /** ISO 8601 */
  ts: string;
  kind: LedgerKind;
  deviceId: string;
  officerId: string | null;
  assignmentId: string | null;
  actor: string;
  reason: string | null;
  detail: unknown;
}

// ---- telemetry history ----

export interface SeriesPoint {
  /** ISO 8601, bucket start. */
  t: string;
  values: Record<string, number | null>;
}

export interface TelemetryHistory {
  deviceId: string;
  store: 'influx' | 'embedded';
  from: string;
  to: string;
  series: Record<string, SeriesPoint[] | undefined>;
}
