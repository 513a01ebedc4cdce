// The equipment manager's and supervisor's API: inventory and enrollment, the
// hand-out desk, the ledger (台账), telemetry history and alerts. Every call
// goes through the typed client (api, ok), whose session cookie names the
// acting user for the audit trail.

import { api, ok } from './api';
import type {
  Alert,
  AlertQuery,
  CheckInResult,
  Device,
  DeviceStatus,
  EnrollmentCode,
  HandOutInput,
  HandOutResult,
  LedgerEntry,
  LedgerQuery,
  NewDevice,
  SelfTest,
  TelemetryHistory,
} from './api/types';

const path = (id: string) => ({ path: { id } });

type Params = Record<string, string | number | undefined | null>;

/** A query string of the set parameters ("" when none is set). */
export function queryString(params: Params): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// ---- inventory and enrollment ----

/**
 * Hardware profiles the gateway knows (device-profiles/src/profiles). The
 * gateway has no route that lists them; it refuses an unknown one.
 */
export const KNOWN_PROFILES = ['sim', 'raspi-4', 'raspi-5', 'raspi-zero-2w', 'firmata-devkit'] as const;

/**
 * The gateway's device id pattern (device-profiles DEVICE_ID_PATTERN) as an
 * `<input pattern>`: anchored by the browser, and with the hyphen escaped as
 * the `v` flag browsers use there requires.
 */
export const DEVICE_ID_INPUT_PATTERN = '[A-Za-z0-9][A-Za-z0-9_\\-]{1,63}';

export function addDevice(input: NewDevice): Promise<Device> {
  return ok(api.POST('/api/devices', { body: input }));
}

export function setDeviceStatus(deviceId: string, status: DeviceStatus, reason: string): Promise<Device> {
  return ok(api.POST('/api/devices/{id}/status', { params: path(deviceId), body: { status, reason } }));
}

/** A one-time enrollment code: the gateway shows it once. */
export function issueEnrollment(deviceId: string): Promise<EnrollmentCode> {
  return ok(api.POST('/api/devices/{id}/enrollment', { params: path(deviceId) }));
}

export function getSelfTest(deviceId: string, signal?: AbortSignal): Promise<SelfTest> {
  return ok(api.GET('/api/devices/{id}/self-test', { params: path(deviceId), signal }));
}

// ---- the desk ----

/**
 * Refusals: 422 `{ message, checks }` when the self-test fails (ApiError.body
 * carries the checks), 409 when the recorder still holds footage or the
 * officer already holds a recorder, 404 for an unknown device or officer.
 */
export function handOut(input: HandOutInput): Promise<HandOutResult> {
  return ok(api.POST('/api/desk/hand-out', { body: input }));
}

export function checkIn(deviceId: string): Promise<CheckInResult> {
  return ok(api.POST('/api/desk/check-in', { body: { deviceId } }));
}

// ---- the ledger ----

/** Unset filters (undefined, null or "") are left out of the query. */
export type LedgerFilter = { [K in keyof LedgerQuery]?: LedgerQuery[K] | undefined };

function ledgerParams(f: LedgerFilter): LedgerFilter {
  return { device: f.device, officer: f.officer, kind: f.kind, from: f.from, to: f.to, q: f.q, limit: f.limit };
}

export async function listLedger(filter: LedgerFilter, signal?: AbortSignal): Promise<LedgerEntry[]> {
  return (await ok(api.GET('/api/ledger', { params: { query: ledgerParams(filter) }, signal }))).entries;
}

/** The same filter as a CSV or Excel download (all matching entries, not one page). */
export function ledgerExportUrl(format: 'csv' | 'xlsx', filter: LedgerFilter): string {
  return `/api/ledger.${format}${queryString(ledgerParams({ ...filter, limit: undefined }))}`;
}

// ---- telemetry ----

export type TelemetryRange = '24h' | '7d';
export const TELEMETRY_RANGES: readonly TelemetryRange[] = ['24h', '7d'];
const RANGE_MS: Record<TelemetryRange, number> = { '24h': 86_400_000, '7d': 7 * 86_400_000 };

export function getTelemetry(
  deviceId: string,
  range: TelemetryRange,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<TelemetryHistory> {
  const query = {
    from: new Date(now - RANGE_MS[range]).toISOString(),
    to: new Date(now).toISOString(),
    series: 'battery,storage,temperature',
  };
  return ok(api.GET('/api/devices/{id}/telemetry', { params: { ...path(deviceId), query }, signal }));
}

// ---- alerts ----

export type AlertStatusFilter = NonNullable<AlertQuery['status']>;

export async function listAlerts(
  filter: { status?: AlertStatusFilter | undefined; device?: string | undefined; limit?: number | undefined },
  signal?: AbortSignal,
): Promise<Alert[]> {
  const query = { status: filter.status, device: filter.device, limit: filter.limit };
  return (await ok(api.GET('/api/alerts', { params: { query }, signal }))).alerts;
}

export function acknowledgeAlert(alertId: string, note?: string): Promise<Alert> {
  return ok(api.POST('/api/alerts/{id}/ack', { params: path(alertId), body: note ? { note } : {} }));
}
