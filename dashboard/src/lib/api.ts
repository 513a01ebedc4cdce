import { csrfToken, sessionEnded } from './session';
import type { CommandAction, Recording } from './types';

/** An error answered by the gateway (`{ statusCode, error, message }`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The parsed JSON error body, for refusals that carry more than a message (e.g. failed checks). */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * The gateway's message for a refused request, or `network` when the gateway
 * could not be reached (status 0): what an error line on a page shows.
 */
export function errorText(err: unknown, network: string): string {
  if (err instanceof ApiError) return err.status === 0 ? network : err.message;
  return err instanceof Error ? err.message : String(err);
}

/** A JSON API call; answers without a body (204) resolve to undefined. */
export async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    const method = (init?.method ?? 'GET').toUpperCase();
    const token = csrfToken();
    res = await fetch(path, {
      ...init,
      headers: {
        accept: 'application/json',
        // Changes made with the session cookie must carry the session's CSRF token.
        ...(method !== 'GET' && method !== 'HEAD' && token ? { 'x-csrf-token': token } : {}),
        ...init?.headers,
      },
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  if (!res.ok) {
    let message = res.statusText || `HTTP ${res.status}`;
    let body: unknown;
    try {
      body = await res.json();
      if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
        message = body.message;
      }
    } catch {
      // not JSON: keep the status text
    }
    // The session ended (except for a failed sign-in, which is answered 401 too).
    if (res.status === 401 && !(path === '/api/session' && init?.method === 'POST')) sessionEnded();
    throw new ApiError(res.status, message, body);
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

/**
 * The gateway's refusal of a stop without a reason while the recorder's officer is on a full-process
 * step (code `stop-reason-required`); its details name the step.
 */
export interface StopReasonRequired {
  officerId: string | null;
  stepId: string | null;
  caseId: string | null;
  caseNumber: string | null;
  stepKind: string | null;
  stepEndsAt: string | null;
}

/** The step behind a `stop-reason-required` refusal, or null for any other error. */
export function stopReasonRequired(err: unknown): StopReasonRequired | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const body = err.body as { code?: unknown; details?: StopReasonRequired } | undefined;
  return body?.code === 'stop-reason-required' && body.details ? body.details : null;
}

export function sendCommand(
  deviceId: string,
  action: CommandAction,
  reason?: string,
): Promise<{ commandId: string; action: CommandAction }> {
  return request(`/api/devices/${encodeURIComponent(deviceId)}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reason ? { action, reason } : { action }),
  });
}

export interface RecordingFilter {
  /** ISO 8601 */
  from?: string | undefined;
  /** ISO 8601 */
  to?: string | undefined;
}

export async function listRecordings(
  deviceId: string,
  filter: RecordingFilter,
  signal?: AbortSignal,
): Promise<Recording[]> {
  const query = new URLSearchParams({ device: deviceId });
  if (filter.from) query.set('from', filter.from);
  if (filter.to) query.set('to', filter.to);
  const body = await request<{ recordings: Recording[] }>(`/api/recordings?${query}`, { signal: signal ?? null });
  return body.recordings;
}

/**
 * Live video of a recorder: FLV over a WebSocket on the station. WebSockets do
 * not count against the browser's six HTTP/1.1 connections per host, so a
 * board full of live tiles does not starve the API calls.
 */
export function liveUrl(deviceId: string, loc: Location = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/live/${encodeURIComponent(deviceId)}.flv`;
}
