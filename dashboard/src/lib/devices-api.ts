// The equipment manager's and supervisor's API: inventory and enrollment, the
// hand-out desk, the ledger (台账), telemetry history and alerts. Every call
// goes through request(), which names the acting user for the audit trail.

import { request } from './api';
import type {
  Alert,
  AlertStatus,
  CheckInResult,
  Device,
  DeviceStatus,
  EnrollmentCode,
  HandOutResult,
  LedgerEntry,
  LedgerKind,
  SelfTest,
  TelemetryHistory,
} from './types';

const id = encodeURIComponent;

function post(body: unknown, signal?: AbortSignal): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  };
}

const get = (signal?: AbortSignal): RequestInit => ({ signal: signal ?? null });

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

export interface NewDevice {
  id: string;
  profile: string;
  serial?: string | undefined;
  notes?: string | undefined;
}

export function addDevice(input: NewDevice): Promise<Device> {
  return request('/api/devices', post(input));
}

export function setDeviceStatus(deviceId: string, status: DeviceStatus, reason: string): Promise<Device> {
  return request(`/api/devices/${id(deviceId)}/status`, post({ status, reason }));
}

/** A one-time enrollment code: the gateway shows it once. */
export function issueEnrollment(deviceId: string): Promise<EnrollmentCode> {
  return request(`/api/devices/${id(deviceId)}/enrollment`, { method: 'POST' });
}

export function getSelfTest(deviceId: string, signal?: AbortSignal): Promise<SelfTest> {
  return request(`/api/devices/${id(deviceId)}/self-test`, get(signal));
}

// ---- the desk ----

export interface HandOutInput {
  deviceId: string;
  officerId: string;
  overrideReason?: string | undefined;
}

/**
 * Refusals: 422 `{ message, checks }` when the self-test fails (ApiError.body
 * carries the checks), 409 when the recorder still holds footage or the
 * officer already holds a recorder, 404 for an unknown device or officer.
 */
export function handOut(input: HandOutInput): Promise<HandOutResult> {
  return request('/api/desk/hand-out', post(input));
}

export function checkIn(deviceId: string): Promise<CheckInResult> {
  return request('/api/desk/check-in', post({ deviceId }));
}

// ---- the ledger ----

export interface LedgerFilter {
  device?: string | undefined;
  officer?: string | undefined;
  kind?: LedgerKind | undefined;
  /** ISO 8601 */
  from?: string | undefined;
  /** ISO 8601 */
  to?: string | undefined;
  q?: string | undefined;
  limit?: number | undefined;
}

function ledgerParams(f: LedgerFilter): Params {
  return { device: f.device, officer: f.officer, kind: f.kind, from: f.from, to: f.to, q: f.q, limit: f.limit };
}

export async function listLedger(filter: LedgerFilter, signal?: AbortSignal): Promise<LedgerEntry[]> {
  const body = await request<{ entries: LedgerEntry[] }>(
    `/api/ledger${queryString(ledgerParams(filter))}`,
    get(signal),
  );
  return body.entries;
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
  const q = queryString({
    from: new Date(now - RANGE_MS[range]).toISOString(),
    to: new Date(now).toISOString(),
    series: 'battery,storage,temperature',
  });
  return request(`/api/devices/${id(deviceId)}/telemetry${q}`, get(signal));
}

// ---- alerts ----

export type AlertStatusFilter = 'open' | AlertStatus;

export async function listAlerts(
  filter: { status?: AlertStatusFilter | undefined; device?: string | undefined; limit?: number | undefined },
  signal?: AbortSignal,
): Promise<Alert[]> {
  const q = queryString({ status: filter.status, device: filter.device, limit: filter.limit });
  return (await request<{ alerts: Alert[] }>(`/api/alerts${q}`, get(signal))).alerts;
}

export function acknowledgeAlert(alertId: string, note?: string): Promise<Alert> {
  return request(`/api/alerts/${id(alertId)}/ack`, post(note ? { note } : {}));
}
