// The live channel: one EventSource on /api/events, mirrored into Svelte stores.
//
//   snapshot  { devices: Device[] }  full state, sent on every (re)connect
//   device    Device                 one device changed (replace by id, or add)
//   recording Recording              a new station recording was indexed

import { derived, writable } from 'svelte/store';
import type { Device, Recording } from './types';

export type ConnectionState = 'connecting' | 'open' | 'closed';

/** State of the SSE connection, for the header indicator. */
export const connection = writable<ConnectionState>('connecting');

/** True once the first snapshot has arrived. */
export const ready = writable(false);

const deviceMap = writable<ReadonlyMap<string, Device>>(new Map());

/** All known devices, in stable id order. */
export const devices = derived(deviceMap, ($map) =>
  [...$map.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
);

type Listener<T> = (value: T) => void;
const recordingListeners = new Set<Listener<Recording>>();
const resyncListeners = new Set<Listener<void>>();

/** Called for each newly indexed recording. Returns the unsubscribe function. */
export function onRecording(listener: Listener<Recording>): () => void {
  recordingListeners.add(listener);
  return () => recordingListeners.delete(listener);
}

/** Called when a snapshot arrives after a lost connection (events may have been missed). */
export function onResync(listener: Listener<void>): () => void {
  resyncListeners.add(listener);
  return () => resyncListeners.delete(listener);
}

function parse<T>(event: MessageEvent): T | undefined {
  try {
    return JSON.parse(event.data as string) as T;
  } catch (err) {
    console.warn(`live: bad ${event.type} event`, err);
    return undefined;
  }
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
      const data = parse<{ devices: Device[] }>(event);
      if (!data) return;
      deviceMap.set(new Map(data.devices.map((d) => [d.id, d])));
      connection.set('open');
      ready.set(true);
      if (snapshots++ > 0) resyncListeners.forEach((fn) => fn());
    });

    es.addEventListener('device', (event) => {
      const device = parse<Device>(event);
      if (!device) return;
      deviceMap.update((map) => new Map(map).set(device.id, device));
    });

    es.addEventListener('recording', (event) => {
      const recording = parse<Recording>(event);
      if (recording) recordingListeners.forEach((fn) => fn(recording));
    });
  };

  open();

  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
    connection.set('closed');
  };
}
