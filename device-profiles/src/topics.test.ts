import { describe, expect, it } from 'vitest';
import {
  DEVICE_TOPIC_KINDS,
  STATION_ONLY_KINDS,
  deviceIdFromStreamPath,
  flvPlaybackPath,
  parseDeviceTopic,
  rtmpPublishUrl,
  streamPath,
  topics,
} from './index.js';

describe('topic tree', () => {
  it('round-trips every device topic', () => {
    for (const kind of DEVICE_TOPIC_KINDS) {
      expect(parseDeviceTopic(topics[kind]('sim-001'))).toEqual({ deviceId: 'sim-001', kind });
    }
  });

  it('has the policy topic per device, published by the station alone', () => {
    expect(topics.policy('sim-001')).toBe('liuhen/devices/sim-001/policy');
    expect(STATION_ONLY_KINDS).toEqual(['policy']);
  });

  it.each([
    'liuhen/devices/sim-001',
    'liuhen/devices/sim-001/state/x',
    'other/devices/sim-001/state',
    'liuhen/devices/sim-001/diagnostics',
    'liuhen/alerts/sim-001/offline',
    'liuhen/devices/-bad/state',
  ])('does not parse %s', (t) => expect(parseDeviceTopic(t)).toBeNull());
});

describe('RTMP naming', () => {
  it('publishes to /live/<id> and plays at /live/<id>.flv', () => {
    expect(rtmpPublishUrl('rtmp://10.0.0.2:1935/', 'sim-001')).toBe('rtmp://10.0.0.2:1935/live/sim-001');
    expect(streamPath('sim-001')).toBe('/live/sim-001');
    expect(flvPlaybackPath('sim-001')).toBe('/live/sim-001.flv');
  });

  it('maps stream paths back to device ids, refusing anything else', () => {
    expect(deviceIdFromStreamPath('/live/sim-001')).toBe('sim-001');
    expect(deviceIdFromStreamPath('/other/sim-001')).toBeNull();
    expect(deviceIdFromStreamPath('/live/a')).toBeNull();
  });
});
