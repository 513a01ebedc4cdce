/** The live channel's events as a client checks them on arrival: Value.Check against the map. */
import { FormatRegistry, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import * as contract from './index.js';
import { FORMATS, LIVE_EVENT_SCHEMAS, LiveEvents, registerFormats, type DeviceView } from './index.js';

const fits = (name: keyof LiveEvents, data: unknown) =>
  Value.Check(LiveEvents.properties[name], LIVE_EVENT_SCHEMAS, data);

const device: DeviceView = {
  id: 'bwc-001',
  profile: 'sim',
  online: true,
  state: 'recording',
  officerId: '33010012',
  batteryPercent: 80,
  storageFreeBytes: 1e9,
  firmwareVersion: '1.0.0',
  lastSeen: '2025-03-01T08:00:00.123Z',
  live: true,
  recordingSince: '2025-03-01T07:59:00.000Z',
  clockOffsetMs: 12,
  clockDrift: false,
  serial: null,
  status: 'in_service',
  notes: null,
  holder: { officerId: '33010012', unitId: null, since: '2025-03-01T07:00:00+08:00', assignmentId: 'a1' },
  telemetry: null,
  activeAlerts: 0,
  enrolled: true,
};

/** Every `format` a schema names, walking its subschemas. */
function formatsOf(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) schema.forEach((s) => formatsOf(s, out));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'format' && typeof value === 'string') out.add(value);
      else formatsOf(value, out);
    }
  }
  return out;
}

describe('live events', () => {
  beforeAll(registerFormats);

  it('knows every format a contract schema names', () => {
    const schemas = Object.values(contract).filter((v): v is TSchema => typeof v === 'object' && v !== null);
    const used = formatsOf(schemas);
    expect(used.size).toBeGreaterThan(0);
    expect([...used].filter((f) => !(f in FORMATS) || !FormatRegistry.Has(f))).toEqual([]);
  });

  it('accepts events as the station sends them', () => {
    expect(fits('device', device)).toBe(true);
    expect(fits('snapshot', { devices: [device, { ...device, id: 'bwc-002', holder: null }] })).toBe(true);
    expect(fits('coverage', { stepIds: ['s1'] })).toBe(true);
    expect(
      fits('recording', {
        id: 'r1',
        deviceId: 'bwc-001',
        officerId: null,
        sessionId: 'x',
        startedAt: '2025-03-01T08:00:00.000Z',
        endedAt: '2025-03-01T08:01:00.000Z',
        durationSeconds: 60,
        bytes: 1000,
        sha256: 'ab',
        source: 'live',
        recovered: false,
        fileUrl: '/api/recordings/r1/file',
      }),
    ).toBe(true);
    expect(
      fits('alert', {
        id: 'a1',
        rule: 'offline',
        deviceId: 'bwc-001',
        officerId: null,
        severity: 'critical',
        status: 'active',
        message: 'offline',
        detail: { minutes: 3 },
        since: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        acknowledgedBy: null,
        acknowledgedAt: null,
        ackNote: null,
        clearedAt: null,
      }),
    ).toBe(true);
  });

  it('refuses an event that does not fit its entry of the map', () => {
    const { online: _, ...withoutOnline } = device;
    expect(fits('device', withoutOnline)).toBe(false);
    expect(fits('device', { ...device, state: 'dancing' })).toBe(false);
    expect(fits('device', { ...device, lastSeen: '2025-03-01 08:00:00' })).toBe(false);
    expect(fits('device', { ...device, activeAlerts: 1.5 })).toBe(false);
    expect(fits('snapshot', { devices: [device, { id: 'x' }] })).toBe(false);
    expect(fits('coverage', { stepIds: [1] })).toBe(false);
    expect(fits('recording', device)).toBe(false);
  });

  it('reads date-time as RFC 3339 with a T and an offset', () => {
    const dateTime = FORMATS['date-time']!;
    for (const ok of [new Date().toISOString(), '2025-03-01T08:00:00Z', '2025-12-31T23:59:59.5+08:00'])
      expect(dateTime(ok), ok).toBe(true);
    for (const bad of ['2025-03-01', '2025-03-01 08:00:00Z', '2025-13-01T08:00:00Z', '2025-03-01T24:00:00Z', 'now'])
      expect(dateTime(bad), bad).toBe(false);
  });
});
