/**
 * NMEA parsing with real sentences: the NMEA 0183 reference examples (Munich
 * 1994, Vancouver 1994) and u-blox M8 style GN sentences (NMEA 4.1) near Hangzhou.
 */
import { describe, expect, it } from 'vitest';
import { nmeaChecksum, nmeaToDegrees, parseNmea } from '../../src/hardware/nmea.js';

const RMC_MUNICH = '$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A';
const GGA_MUNICH = '$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47';
const RMC_VANCOUVER = '$GPRMC,225446,A,4916.45,N,12311.12,W,000.5,054.7,191194,020.3,E*68';
const RMC_HANGZHOU = '$GNRMC,083559.00,A,3016.44604,N,12009.30782,E,0.012,,150624,,,A,V*13';
const GGA_HANGZHOU = '$GNGGA,083559.00,3016.44604,N,12009.30782,E,1,12,0.78,12.3,M,7.2,M,,*4B';

describe('ddmm.mmmm → decimal degrees', () => {
  it('converts latitude (2 degree digits) and longitude (3), signed by hemisphere', () => {
    expect(nmeaToDegrees('4807.038', 'N')).toBeCloseTo(48.1173, 6);
    expect(nmeaToDegrees('01131.000', 'E')).toBeCloseTo(11.516667, 6);
    expect(nmeaToDegrees('12311.12', 'W')).toBeCloseTo(-123.185333, 6);
    expect(nmeaToDegrees('3350.0000', 'S')).toBeCloseTo(-33.833333, 6);
    expect(nmeaToDegrees('3016.44604', 'N')).toBeCloseTo(30.2741007, 7);
  });

  it('rejects empty, malformed and out-of-range values', () => {
    expect(nmeaToDegrees('', 'N')).toBeNull();
    expect(nmeaToDegrees('4807.038', '')).toBeNull();
    expect(nmeaToDegrees('4807.038', 'E')).toBeNull(); // latitude digits with a longitude hemisphere
    expect(nmeaToDegrees('4875.000', 'N')).toBeNull(); // 75 minutes
    expect(nmeaToDegrees('9500.000', 'N')).toBeNull();
    expect(nmeaToDegrees('48O7.038', 'N')).toBeNull();
  });
});

describe('parseNmea', () => {
  it('computes checksums like the reference examples', () => {
    expect(nmeaChecksum('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W')).toBe('6A');
  });

  it('parses RMC: position, speed, course, date', () => {
    const r = parseNmea(RMC_MUNICH);
    expect(r.ok).toBe(true);
    if (!r.ok || r.sentence.kind !== 'RMC') throw new Error('not RMC');
    expect(r.sentence).toMatchObject({
      talker: 'GP',
      valid: true,
      speedKnots: 22.4,
      courseDeg: 84.4,
      date: { y: 1994, m: 3, d: 23 },
      timeMs: (12 * 3600 + 35 * 60 + 19) * 1000,
    });
    expect(r.sentence.lat).toBeCloseTo(48.1173, 6);
    expect(r.sentence.lon).toBeCloseTo(11.516667, 6);
    const w = parseNmea(RMC_VANCOUVER);
    expect(w.ok && w.sentence.lon).toBeCloseTo(-123.185333, 6);
  });

  it('parses GGA: quality, satellites, HDOP, altitude', () => {
    const r = parseNmea(GGA_MUNICH);
    expect(r).toMatchObject({
      ok: true,
      sentence: { kind: 'GGA', quality: 1, satellites: 8, hdop: 0.9, altitudeM: 545.4 },
    });
  });

  it('parses GN talker sentences with NMEA 4.1 extra fields and fractional seconds', () => {
    const rmc = parseNmea(RMC_HANGZHOU);
    expect(rmc).toMatchObject({
      ok: true,
      sentence: { kind: 'RMC', talker: 'GN', valid: true, courseDeg: null, date: { y: 2024, m: 6, d: 15 } },
    });
    expect(rmc.ok && rmc.sentence.timeMs).toBe((8 * 3600 + 35 * 60 + 59) * 1000);
    const gga = parseNmea(GGA_HANGZHOU);
    expect(gga).toMatchObject({ ok: true, sentence: { kind: 'GGA', talker: 'GN', satellites: 12, hdop: 0.78 } });
  });

  it('marks a void RMC and a no-fix GGA', () => {
    expect(parseNmea('$GPRMC,083601.00,V,,,,,,,150624,,,N*75')).toMatchObject({
      ok: true,
      sentence: { kind: 'RMC', valid: false, lat: null, lon: null },
    });
    expect(parseNmea('$GPGGA,083601.00,,,,,0,00,99.99,,,,,,*6A')).toMatchObject({
      ok: true,
      sentence: { kind: 'GGA', quality: 0, lat: null },
    });
  });

  it('rejects bad checksums', () => {
    expect(parseNmea(RMC_MUNICH.replace('*6A', '*6B'))).toMatchObject({ ok: false, error: 'checksum' });
    // One digit of the latitude changed in transit, checksum as sent.
    expect(parseNmea(RMC_MUNICH.replace('4807.038', '4807.039'))).toMatchObject({ ok: false, error: 'checksum' });
    expect(parseNmea(GGA_HANGZHOU.replace(',12,', ',13,'))).toMatchObject({ ok: false, error: 'checksum' });
  });

  it('accepts a lowercase checksum and a trailing CR', () => {
    expect(parseNmea(`${RMC_MUNICH.replace('*6A', '*6a')}\r`).ok).toBe(true);
  });

  it('rejects sentences without a checksum, truncated ones and other types', () => {
    expect(parseNmea(RMC_MUNICH.slice(0, -3))).toMatchObject({ ok: false, error: 'format' });
    expect(parseNmea('$GPRMC,123519,A*')).toMatchObject({ ok: false, error: 'format' });
    expect(parseNmea('GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A')).toMatchObject({
      ok: false,
      error: 'format',
    });
    expect(parseNmea('$GPGSV,1,1,00*79')).toMatchObject({ ok: false, error: 'unsupported' });
    const short = 'GPRMC,123519,A,4807.038,N';
    expect(parseNmea(`$${short}*${nmeaChecksum(short)}`)).toMatchObject({ ok: false, error: 'format' });
    const badTime = 'GPGGA,256199,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,';
    expect(parseNmea(`$${badTime}*${nmeaChecksum(badTime)}`)).toMatchObject({ ok: false, error: 'format' });
  });
});
