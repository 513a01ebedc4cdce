import { describe, expect, it } from 'vitest';
import { createClockEstimator, sampleFromReply } from './time-sync.js';

const reply = (t0: number, t1: number, t2: number) => ({
  v: 1 as const,
  requestId: 'r',
  deviceSentAt: t0,
  stationReceivedAt: t1,
  stationSentAt: t2,
});

describe('clock sync', () => {
  it('recovers a known offset from a symmetric exchange', () => {
    // Device runs 5 s fast; 10 ms each way; station takes 1 ms.
    const s = sampleFromReply(reply(105_000, 100_010, 100_011), 105_021);
    expect(s.offsetMs).toBe(-5000);
    expect(s.rttMs).toBe(20);
  });

  it('prefers the sample with the shortest round trip', () => {
    const est = createClockEstimator();
    expect(est.deviceMinusStationMs()).toBeNull();
    // A delayed reply (asymmetric queueing) skews its offset; a quick one does not.
    est.add(sampleFromReply(reply(105_000, 100_300, 100_301), 105_311));
    est.add(sampleFromReply(reply(106_000, 101_002, 101_003), 106_005));
    expect(est.deviceMinusStationMs()).toBe(5000);
    expect(est.bestRttMs()).toBe(4);
  });
});
