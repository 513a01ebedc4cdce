// The live channel: one EventSource on /api/events, mirrored into Svelte stores.
//
//   snapshot  { devices: Device[] }  full state, sent on every (re)connect
//   device    Device                 one device changed (replace by id, or add)
//   recording Recording              a new station recording was indexed
//   alert     Alert                  an alert was raised, acknowledged or cleared
//   coverage  { stepIds }            coverage changed, review queues moved: refetch what shows them
//
// The map is the contract's (@liuhen/contract LiveEvents, in the OpenAPI document and so in the
// generated types); every event is checked on arrival against its schema (TypeBox's Value.Check,
// which needs no eval: the station's CSP allows none) and one that does not fit is dropped with a
// warning, never applied half.
//
// The snapshot carries no alerts: the open ones are fetched (GET /api/alerts?status=open)
// after every snapshot, and `alert` events that arrive meanwhile are applied on top.

import { LIVE_EVENT_SCHEMAS, LiveEvents as LIVE_EVENTS, registerFormats } from '@liuhen/contract';
import { Value } from '@sinclair/typebox/value';
import { derived, get, writable } from 'svelte/store';
import { listAlerts } from './devices-api';
import type { Alert, LiveEvents, Recording } from './api/types';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** State of the SSE connection, for the header indicator. */
export const connection = writable<ConnectionState>('connecting');

/** True once the first snapshot has arrived. */
export const ready = writable(false);

type Device = LiveEvents['device'];
const deviceMap = writable<ReadonlyMap<string, Device>>(new Map());

/** All known devices, in stable id order. */
export const devices = derived(deviceMap, ($map) =>
  [...$map.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
);

/** Open alerts (active or acknowledged) by id; cleared ones are dropped. */
const alertMap = writable<ReadonlyMap<string, Alert>>(new Map());

const SEVERITY_ORDER: Record<string, number> = { critical: 0, warning: 1 };

/** Open alerts: critical first, then unacknowledged first, then newest first. */
export const openAlerts = derived(alertMap, ($map) =>
  [...$map.values()].sort(
    (a, b) =>
      (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2) ||
      Number(a.status !== 'active') - Number(b.status !== 'active') ||
      b.since.localeCompare(a.since),
  ),
);

/** True once the open alerts have been fetched after the first snapshot. */
export const alertsReady = writable(false);

type Listener<T> = (value: T) => void;
const recordingListeners = new Set<Listener<Recording>>();
const resyncListeners = new Set<Listener<void>>();
const coverageListeners = new Set<Listener<string[]>>();
/** `previous` is the open alert it replaces, undefined when it is newly raised (or was not known). */
type AlertListener = (alert: Alert, previous: Alert | undefined) => void;
const alertListeners = new Set<AlertListener>();

/** Called for each `alert` event (raised, acknowledged, cleared). Returns the unsubscribe function. */
export function onAlert(listener: AlertListener): () => void {
  alertListeners.add(listener);
  return () => alertListeners.delete(listener);
}

/** Puts an alert as the gateway answered it into the store (e.g. after acknowledging it). */
export function applyAlert(alert: Alert): void {
  alertMap.update((map) => {
    const current = map.get(alert.id);
    // Events and answers can cross: never go back to an older version.
    if (current && current.updatedAt > alert.updatedAt) return map;
    const next = new Map(map);
    if (alert.status === 'cleared') next.delete(alert.id);
    else next.set(alert.id, alert);
    return next;
  });
}

/** Called for each newly indexed recording. Returns the unsubscribe function. */
export function onRecording(listener: Listener<Recording>): () => void {
  recordingListeners.add(listener);
  return () => recordingListeners.delete(listener);
}

/** Called with the steps whose coverage changed (review queues may have moved too). */
export function onCoverage(listener: Listener<string[]>): () => void {
  coverageListeners.add(listener);
  return () => coverageListeners.delete(listener);
}

/** Called when a snapshot arrives after a lost connection (events may have been missed). */
export function onResync(listener: Listener<void>): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

// Value.Check fails a string format it has not been taught (date-time).
registerFormats();

/** The event's data, checked against the map; undefined (and a warning) when it does not fit. */
function parse<K extends keyof LiveEvents>(name: K, event: MessageEvent): LiveEvents[K] | undefined {
  let data: unknown;
  try {
    data = JSON.parse(event.data as string);
  } catch (err) {
    console.warn(`live: bad ${name} event`, err);
    return undefined;
  }
  if (Value.Check(LIVE_EVENTS.properties[name], LIVE_EVENT_SCHEMAS, data)) return data as LiveEvents[K];
  console.warn(`live: ${name} event does not fit the contract, dropped`, data);
  return undefined;
}

/** How long to wait before reopening when the browser gave up on the EventSource. */
const RETRY_MS = 3000;

/**
 * Opens the live channel. EventSource reconnects by itself after network errors;
 * when it gives up for good (HTTP error, wrong content type) we open a new one.
 * Returns a function that closes everything.
 */
export function connectLive(url = '/api/events'): () => void {
  let source: EventSource | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let snapshots = 0;
  let stopped = false;
  /** Alert events received while the open alerts are being fetched: applied over the answer. */
  let alertBuffer: Alert[] | undefined;
  let alertFetch: AbortController | undefined;

  const loadAlerts = () => {
    alertFetch?.abort();
    const controller = new AbortController();
    alertFetch = controller;
    alertBuffer = [];
    listAlerts({ status: 'open', limit: 5000 }, controller.signal)
      .then((alerts) => {
        if (controller.signal.aborted) return;
        alertMap.set(new Map(alerts.filter((a) => a.status !== 'cleared').map((a) => [a.id, a])));
        for (const a of alertBuffer ?? []) applyAlert(a);
        alertsReady.set(true);
      })
      .catch((err: unknown) => {
        if (controller.signal.aborted) return;
        // Keep what the events told us; the next snapshot (reconnect) tries again.
        console.warn('live: cannot load open alerts', err);
      })
      .finally(() => {
        if (alertFetch === controller) {
          alertBuffer = undefined;
          alertFetch = undefined;
        }
      });
  };

  const open = () => {
    connection.set('connecting');
    const es = new EventSource(url);
    source = es;

    es.addEventListener('open', () => connection.set('open'));

    es.addEventListener('error', () => {
      if (es.readyState === EventSource.CLOSED) {
        connection.set('closed');
        es.close();
        if (!stopped) retryTimer = setTimeout(open, RETRY_MS);
      } else {
        connection.set('connecting');
      }
    });

    es.addEventListener('snapshot', (event) => {
      const data = parse('snapshot', event);
      if (!data) return;
      deviceMap.set(new Map(data.devices.map((d) => [d.id, d])));
      connection.set('open');
      ready.set(true);
      loadAlerts();
      if (snapshots++ > 0) resyncListeners.forEach((fn) => fn());
    });

    es.addEventListener('device', (event) => {
      const device = parse('device', event);
      if (!device) return;
      deviceMap.update((map) => new Map(map).set(device.id, device));
    });

    es.addEventListener('recording', (event) => {
      const recording = parse('recording', event);
      if (recording) recordingListeners.forEach((fn) => fn(recording));
    });

    es.addEventListener('coverage', (event) => {
      const coverage = parse('coverage', event);
      if (coverage) coverageListeners.forEach((fn) => fn(coverage.stepIds));
    });

    es.addEventListener('alert', (event) => {
      const alert = parse('alert', event);
      if (!alert) return;
      alertBuffer?.push(alert);
      const previous = get(alertMap).get(alert.id);
      applyAlert(alert);
      alertListeners.forEach((fn) => fn(alert, previous));
    });
  };

  open();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    alertFetch?.abort();
    source?.close();
    connection.set('closed');
  };
}
