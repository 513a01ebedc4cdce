import { describe, expect, it } from 'vitest';
import { check, getProfile, TelemetryPayload } from '@liuhen/device-profiles';
import { buildTelemetry, gpsTelemetry, recordableSeconds, type TelemetryInput } from './telemetry.js';

const sim = getProfile('sim');

const input = (patch: Partial<TelemetryInput> = {}): TelemetryInput => ({
  deviceId: 'tel-001',
  officerId: '33010012',
  state: 'standby',
  profile: sim,
  battery: { percent: 87.4, volts: 3.99, charging: false },
  storage: { freeBytes: 8 * 1024 ** 3, totalBytes: 16 * 1024 ** 3 },
  sensors: { temperatureC: 44.2, signal: { network: 'wifi', rssiDbm: -58 } },
  clockOffsetMs: 12,
  gps: { lat: 30.2741, lon: 120.1551, fixAt: new Date('2025-01-01T00:00:00Z'), hdop: 0.9 },
  selfTest: { camera: true, microphone: true },
  offload: { pendingSegments: 2, pendingBytes: 9_000_000 },
  now: new Date('2025-01-01T00:00:01Z'),
  ...patch,
});

describe('recordable time', () => {
  it('is the free space over the profile video + audio bitrate, whole seconds', () => {
    // sim: 600 + 64 kbit/s = 83 000 bytes a second
    expect(recordableSeconds(83_000 * 3600, sim)).toBe(3600);
    expect(recordableSeconds(83_000 * 10 + 82_999, sim)).toBe(10);
    expect(recordableSeconds(0, sim)).toBe(0);
    expect(recordableSeconds(-5, sim)).toBe(0);
  });
});

describe('telemetry payload', () => {
  it('is valid against the contract with every reading present', () => {
    const t = buildTelemetry(input());
    expect(check(TelemetryPayload, t)).toEqual({ ok: true, value: t });
    expect(t.battery).toEqual({ percent: 87.4, voltageMv: 3990, charging: false });
    expect(t.storage).toEqual({
      freeBytes: 8 * 1024 ** 3,
      totalBytes: 16 * 1024 ** 3,
      recordableSeconds: Math.floor((8 * 1024 ** 3) / 83_000),
    });
    expect(t.gps).toEqual({ lat: 30.2741, lon: 120.1551, accuracyM: 4.5, fixAt: '2025-01-01T00:00:00.000Z' });
    expect(t.ts).toBe('2025-01-01T00:00:01.000Z');
  });

  it('leaves out what the recorder cannot know, and stays valid', () => {
    const t = buildTelemetry(
      input({
        battery: { percent: 100, volts: 0, charging: true },
        storage: { freeBytes: 1234.7, totalBytes: null },
        sensors: { temperatureC: null, signal: null },
        clockOffsetMs: null,
        gps: undefined,
        officerId: null,
        offload: { pendingSegments: 0, pendingBytes: 0 },
      }),
    );
    expect(check(TelemetryPayload, t).ok).toBe(true);
    expect(t.battery).toEqual({ percent: 100, charging: true });
    expect(t.storage).toEqual({ freeBytes: 1234, recordableSeconds: 0 });
    expect('signal' in t).toBe(false);
    expect('gps' in t).toBe(false);
    expect(t.temperatureC).toBeNull();
  });

  it('reports a receiver without a fix as gps null', () => {
    const t = buildTelemetry(input({ gps: null }));
    expect(t.gps).toBeNull();
    expect(check(TelemetryPayload, t).ok).toBe(true);
    expect(gpsTelemetry({ lat: 1, lon: 2, fixAt: new Date(0) })).toEqual({
      lat: 1,
      lon: 2,
      fixAt: '1970-01-01T00:00:00.000Z',
    });
  });
});
