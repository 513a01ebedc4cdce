/**
 * NTP-style clock sync with the station over MQTT. The recorder does not set
 * its own clock (that needs privileges and would make footage times jump);
 * it measures the offset and records it in its state and evidence chain.
 */
import type { TimeReplyPayload } from '@liuhen/device-profiles';

export interface TimeSample {
  /** Station minus device, ms. */
  offsetMs: number;
  rttMs: number;
  at: number;
}

/** One exchange: t0 device send, t1 station receive, t2 station send, t3 device receive. */
export function sampleFromReply(reply: TimeReplyPayload, deviceReceivedAt: number): TimeSample {
  const t0 = reply.deviceSentAt;
  const t1 = reply.stationReceivedAt;
  const t2 = reply.stationSentAt;
  const t3 = deviceReceivedAt;
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, rttMs: t3 - t0 - (t2 - t1), at: t3 };
}

/**
 * Keeps recent samples and answers with the one of shortest round trip: its
 * error is bounded by half that round trip, and queueing only ever adds delay.
 */
export function createClockEstimator(keep = 8) {
  const samples: TimeSample[] = [];
  return {
    add(s: TimeSample): void {
      if (s.rttMs < 0) return;
      samples.push(s);
      if (samples.length > keep) samples.shift();
    },
    /** Device minus station, ms (the sign the state and chain report), or null before any sample. */
    deviceMinusStationMs(): number | null {
      if (samples.length === 0) return null;
      const best = samples.reduce((a, b) => (b.rttMs < a.rttMs ? b : a));
      return Math.round(-best.offsetMs);
    },
    bestRttMs(): number | null {
      return samples.length ? Math.min(...samples.map((s) => s.rttMs)) : null;
    },
  };
}
