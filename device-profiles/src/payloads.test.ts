import { describe, expect, it } from 'vitest';
import {
  AvailabilityPayload,
  CommandPayload,
  EventPayload,
  MAX_PAYLOAD_BYTES,
  PROTOCOL_VERSION,
  StatePayload,
  parsePayload,
  type StatePayload as State,
} from './index.js';

const state: State = {
  v: PROTOCOL_VERSION,
  deviceId: 'sim-001',
  profile: 'sim',
  state: 'recording',
  recordingId: 'r-1',
  recordingSince: '2026-11-26T08:00:00.000Z',
  officerId: '33010012',
  batteryPercent: 87.5,
  storageFreeBytes: 12_000_000_000,
  firmwareVersion: '0.1.0',
  ts: '2026-11-26T08:00:05+08:00',
};

describe('StatePayload', () => {
  it('accepts a full state message', () => {
    const r = parsePayload(StatePayload, JSON.stringify(state));
    expect(r).toEqual({ ok: true, value: state });
  });

  it.each([
    ['a missing protocol version', { ...state, v: undefined }, '/v'],
    ['an unknown protocol version', { ...state, v: 2 }, '/v'],
    ['an unknown state', { ...state, state: 'paused' }, '/state'],
    ['battery above 100 %', { ...state, batteryPercent: 101 }, '/batteryPercent'],
    ['negative storage', { ...state, storageFreeBytes: -1 }, '/storageFreeBytes'],
    ['a device id with a slash', { ...state, deviceId: 'a/b' }, '/deviceId'],
    ['a time without zone', { ...state, ts: '2026-11-26 08:00:00' }, '/ts'],
    ['an extra field', { ...state, extra: 1 }, '/extra'],
  ])('rejects %s, naming the field', (_label, payload, field) => {
    const r = parsePayload(StatePayload, JSON.stringify(payload));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(field)).toBe(true);
  });

  it('rejects non-JSON and oversized payloads with a reason', () => {
    const bad = parsePayload(StatePayload, Buffer.from('{not json'));
    expect(bad).toMatchObject({ ok: false });
    if (!bad.ok) expect(bad.error).toMatch(/not JSON/);
    const big = parsePayload(StatePayload, 'x'.repeat(MAX_PAYLOAD_BYTES + 1));
    expect(big.ok).toBe(false);
    if (!big.ok) expect(big.error).toMatch(/limit/);
  });
});

describe('other payloads', () => {
  it('availability: online/offline, ts optional (the last will carries none)', () => {
    expect(parsePayload(AvailabilityPayload, '{"v":1,"status":"offline"}').ok).toBe(true);
    expect(parsePayload(AvailabilityPayload, '{"v":1,"status":"gone"}').ok).toBe(false);
  });

  it('events need a positive integer seq', () => {
    const e = { v: 1, deviceId: 'sim-001', seq: 1, type: 'recording.started', ts: '2026-11-26T08:00:00Z' };
    expect(parsePayload(EventPayload, JSON.stringify(e)).ok).toBe(true);
    expect(parsePayload(EventPayload, JSON.stringify({ ...e, seq: 0 })).ok).toBe(false);
    expect(parsePayload(EventPayload, JSON.stringify({ ...e, seq: 1.5 })).ok).toBe(false);
    expect(parsePayload(EventPayload, JSON.stringify({ ...e, type: 'deleted' })).ok).toBe(false);
  });

  it('commands: press, start and stop only', () => {
    const c = { v: 1, commandId: 'c1', action: 'press', ts: '2026-11-26T08:00:00Z' };
    expect(parsePayload(CommandPayload, JSON.stringify(c)).ok).toBe(true);
    expect(parsePayload(CommandPayload, JSON.stringify({ ...c, action: 'delete' })).ok).toBe(false);
  });
});
