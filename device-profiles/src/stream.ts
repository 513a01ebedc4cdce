/**
 * RTMP stream naming. A recorder publishes its live stream to
 * `rtmp://<station>:<port>/live/<deviceId>`; the station plays it back as
 * HTTP-FLV at `/live/<deviceId>.flv`. Anything else is refused.
 */
import { isDeviceId } from './ids.js';

export const RTMP_APP = 'live';

export function rtmpPublishUrl(baseUrl: string, deviceId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${RTMP_APP}/${deviceId}`;
}

export function streamPath(deviceId: string): string {
  return `/${RTMP_APP}/${deviceId}`;
}

export function flvPlaybackPath(deviceId: string): string {
  return `/${RTMP_APP}/${deviceId}.flv`;
}

/** `/live/<deviceId>` → deviceId, or null for a path that is not a device stream. */
export function deviceIdFromStreamPath(path: string): string | null {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m || m[1] !== RTMP_APP || !isDeviceId(m[2]!)) return null;
  return m[2]!;
}
