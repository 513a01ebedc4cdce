import createClient from 'openapi-fetch';
import type { paths } from './api/schema';
import type {
  ApiErrorBody,
  CommandAccepted,
  CommandAction,
  Recording,
  RecordingQuery,
  StopReasonRequired,
} from './api/types';
import { csrfToken, sessionEnded } from './session';

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

async function stationFetch(req: Request): Promise<Response> {
  const method = req.method.toUpperCase();
  const token = csrfToken();
  if (!req.headers.has('accept')) req.headers.set('accept', 'application/json');
  // Changes made with the session cookie must carry the session's CSRF token.
  if (method !== 'GET' && method !== 'HEAD' && token && !req.headers.has('x-csrf-token')) {
    req.headers.set('x-csrf-token', token);
  }
  let res: Response;
  try {
    res = await fetch(req);
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
    if (res.status === 401 && !(new URL(req.url).pathname === '/api/session' && method === 'POST')) sessionEnded();
    throw new ApiError(res.status, message, body);
  }
  return res;
}

/** The query string of the set parameters: undefined, null and "" are left out. */
function querySerializer(params: Record<string, unknown>): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  return q.toString();
}

/**
 * The station API, typed by path and method from its OpenAPI document
 * (./api/schema.d.ts): `api.GET('/api/cases/{id}', { params: { path: { id } } })`.
 * A refused request or a network failure throws an ApiError; pass the answer to ok().
 */
export const api = createClient<paths>({ fetch: stationFetch, querySerializer });

/**
 * The data of an answer the client resolved: refusals have thrown already, so
 * only a success (or an answer without a body, 204) arrives here.
 */
export async function ok<T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await answer;
  if (error !== undefined) throw new ApiError(response.status, response.statusText, error);
  return data as T;
}

const STOP_STEP_FIELDS = ['officerId', 'stepId', 'caseId', 'caseNumber', 'stepKind', 'stepEndsAt'] as const;

/** The details of a `stop-reason-required` refusal as the document declares them (checked, not assumed). */
function isStopReasonRequired(d: unknown): d is StopReasonRequired {
  if (typeof d !== 'object' || d === null) return false;
  const fields = d as Record<string, unknown>;
  return STOP_STEP_FIELDS.every((k) => fields[k] === null || typeof fields[k] === 'string');
}

/** The step behind a `stop-reason-required` refusal, or null for any other error. */
export function stopReasonRequired(err: unknown): StopReasonRequired | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const body = err.body as ApiErrorBody | undefined;
  if (body?.code !== 'stop-reason-required' || !isStopReasonRequired(body.details)) return null;
  return body.details;
}

export function sendCommand(deviceId: string, action: CommandAction, reason?: string): Promise<CommandAccepted> {
  return ok(
    api.POST('/api/devices/{id}/commands', {
      params: { path: { id: deviceId } },
      body: reason ? { action, reason } : { action },
    }),
  );
}

export type RecordingFilter = { [K in 'from' | 'to']?: RecordingQuery[K] | undefined };

export async function listRecordings(
  deviceId: string,
  filter: RecordingFilter,
  signal?: AbortSignal,
): Promise<Recording[]> {
  const query = { device: deviceId, from: filter.from, to: filter.to };
  return (await ok(api.GET('/api/recordings', { params: { query }, signal }))).recordings;
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
