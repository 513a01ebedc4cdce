/**
 * Telemetry: the recorder's health every few seconds (QoS 0, not retained:
 * a lost sample is replaced by the next, and a stale one must not be served
 * to a late subscriber as if it were current). Building the payload is pure;
 * the agent gathers the readings.
 */
import {
  PROTOCOL_VERSION,
  type HardwareProfile,
  type RecordingState,
  type TelemetryPayload,
} from '@liuhen/device-profiles';
import type { BatteryReading, GpsFix } from './hardware/index.js';
import type { SelfTestResult } from './self-test.js';
import type { SensorReading } from './sensors.js';

export const DEFAULT_TELEMETRY_INTERVAL_MS = 5000;

/**
 * Horizontal error of a consumer receiver is roughly HDOP times a user range
 * error of about 5 m; good enough to draw the circle on the map.
 */
const UERE_M = 5;

/** Seconds of footage the free space holds at the profile's video + audio bitrate. */
export function recordableSeconds(freeBytes: number, profile: HardwareProfile): number {
  const bytesPerSecond = ((profile.video.bitrateKbps + profile.audio.bitrateKbps) * 1000) / 8;
  return Math.max(0, Math.floor(freeBytes / bytesPerSecond));
}

export function gpsTelemetry(fix: GpsFix | null): TelemetryPayload['gps'] {
  if (!fix) return null;
  return {
    lat: fix.lat,
    lon: fix.lon,
    ...(fix.hdop !== undefined ? { accuracyM: Math.round(fix.hdop * UERE_M * 10) / 10 } : {}),
    fixAt: fix.fixAt.toISOString(),
  };
}

export interface TelemetryInput {
  deviceId: string;
  officerId: string | null;
  state: RecordingState;
  profile: HardwareProfile;
  battery: BatteryReading;
  storage: { freeBytes: number; totalBytes: number | null };
  sensors: SensorReading;
  clockOffsetMs: number | null;
  /** undefined: the recorder has no GPS receiver (field left out); null: no fix yet. */
  gps: GpsFix | null | undefined;
  selfTest: SelfTestResult;
  offload: { pendingSegments: number; pendingBytes: number };
  now: Date;
}

export function buildTelemetry(i: TelemetryInput): TelemetryPayload {
  const free = Math.max(0, Math.floor(i.storage.freeBytes));
  const voltageMv = Math.round(i.battery.volts * 1000);
  return {
    v: PROTOCOL_VERSION,
    deviceId: i.deviceId,
    officerId: i.officerId,
    state: i.state,
    battery: {
      percent: Math.min(100, Math.max(0, i.battery.percent)),
      // A gauge without a voltage reports 0 V: leave the field out rather than claim a flat cell.
      ...(voltageMv > 0 && voltageMv <= 30_000 ? { voltageMv } : {}),
      charging: i.battery.charging,
    },
    storage: {
      freeBytes: free,
      ...(i.storage.totalBytes !== null ? { totalBytes: Math.max(0, Math.floor(i.storage.totalBytes)) } : {}),
      recordableSeconds: recordableSeconds(free, i.profile),
    },
    temperatureC: i.sensors.temperatureC,
    ...(i.sensors.signal ? { signal: i.sensors.signal } : {}),
    clockOffsetMs: i.clockOffsetMs,
    ...(i.gps !== undefined ? { gps: gpsTelemetry(i.gps) } : {}),
    selfTest: { ...i.selfTest },
    offload: { ...i.offload },
    ts: i.now.toISOString(),
  };
}

export interface TelemetryTimerOptions {
  intervalMs: number;
  collect: () => Promise<TelemetryPayload>;
  /** Sends one payload; only called while `connected()`. */
  publish: (payload: TelemetryPayload) => void;
  connected: () => boolean;
  log: (msg: string) => void;
}

/** Publishes on a fixed beat while connected; a slow reading skips a beat rather than pile up. */
export function startTelemetry(opts: TelemetryTimerOptions): { stop(): void } {
  let busy = false;
  let failures = 0;
  const tick = async () => {
    if (busy || !opts.connected()) return;
    busy = true;
    try {
      const payload = await opts.collect();
      if (opts.connected()) opts.publish(payload);
      failures = 0;
    } catch (err) {
      // Once per streak: a broken reading must not flood the log every second.
      if (failures++ === 0) opts.log(`telemetry: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.intervalMs);
  return { stop: () => clearInterval(timer) };
}
