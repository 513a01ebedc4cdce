// Hand-written mirror of the gateway's HTTP/SSE payloads.
// The gateway validates with its own schemas; keep these in step with them.

export type DeviceState = 'standby' | 'recording' | 'offline';

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
