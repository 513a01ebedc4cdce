import { describe, expect, it } from 'vitest';
import { parseEnrollmentAnswer } from './enrollment.js';

const good = {
  deviceId: 'rec-0042',
  mqtt: { username: 'rec-0042', password: 'pw' },
  rtmp: { secret: 's' },
  stationTime: '2025-01-01T00:00:00Z',
};

describe('enrollment answer', () => {
  it('accepts the contract, stationTime as ISO or epoch ms', () => {
    expect(parseEnrollmentAnswer(good)).toEqual(good);
    expect(parseEnrollmentAnswer({ ...good, stationTime: 1_735_689_600_000 }).stationTime).toBe(1_735_689_600_000);
    // Extra fields from a newer station are dropped, not refused.
    expect(parseEnrollmentAnswer({ ...good, extra: 1 })).toEqual(good);
  });

  it('names the first bad field', () => {
    expect(() => parseEnrollmentAnswer(null)).toThrow(/not a JSON object/);
    expect(() => parseEnrollmentAnswer({ ...good, deviceId: '../etc' })).toThrow(/deviceId/);
    expect(() => parseEnrollmentAnswer({ ...good, mqtt: { username: 'x' } })).toThrow(/mqtt/);
    expect(() => parseEnrollmentAnswer({ ...good, rtmp: {} })).toThrow(/rtmp.secret/);
    expect(() => parseEnrollmentAnswer({ ...good, stationTime: 'yesterday' })).toThrow(/stationTime/);
  });
});
