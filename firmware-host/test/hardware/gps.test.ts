/** Fix assembly per receiver epoch, and the GPS driver over serialport's mock binding. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialPortMock } from 'serialport';
import { createFixAssembler, GpsReceiver } from '../../src/hardware/gps.js';
import { parseNmea, type NmeaSentence } from '../../src/hardware/nmea.js';
import type { GpsFix } from '../../src/hardware/types.js';

const EPOCH_1 = [
  '$GNRMC,083559.00,A,3016.44604,N,12009.30782,E,0.012,,150624,,,A,V*13',
  '$GNGGA,083559.00,3016.44604,N,12009.30782,E,1,12,0.78,12.3,M,7.2,M,,*4B',
];
const EPOCH_2 = [
  '$GNGGA,083600.00,3016.44610,N,12009.30790,E,1,11,0.91,12.5,M,7.2,M,,*40',
  '$GNRMC,083600.00,A,3016.44610,N,12009.30790,E,1.944,87.5,150624,,,A,V*05',
];
const NO_FIX = ['$GPRMC,083601.00,V,,,,,,,150624,,,N*75', '$GPGGA,083601.00,,,,,0,00,99.99,,,,,,*6A'];

const sentence = (line: string): NmeaSentence => {
  const r = parseNmea(line);
  if (!r.ok) throw new Error(`${line}: ${r.detail}`);
  return r.sentence;
};

describe('fix assembler', () => {
  it('gives one fix per epoch with RMC and GGA merged, in either order', () => {
    const fixes: GpsFix[] = [];
    const feed = createFixAssembler((f) => fixes.push(f));
    for (const l of [...EPOCH_1, ...EPOCH_2]) feed(sentence(l));
    expect(fixes).toHaveLength(2);
    expect(fixes[0]).toEqual({
      lat: 30.2741007,
      lon: 120.1551303,
      fixAt: new Date('2024-06-15T08:35:59.000Z'),
      hdop: 0.78,
      satellites: 12,
      altitudeM: 12.3,
      speedMps: 0.01,
    });
    expect(fixes[1]).toMatchObject({ fixAt: new Date('2024-06-15T08:36:00.000Z'), hdop: 0.91, speedMps: 1 });
  });

  it('gives nothing for an epoch without a fix', () => {
    const fixes: GpsFix[] = [];
    const feed = createFixAssembler((f) => fixes.push(f));
    for (const l of [...NO_FIX, ...NO_FIX]) feed(sentence(l));
    expect(fixes).toEqual([]);
  });

  it('an RMC-only receiver gets its fix when the next second starts', () => {
    const fixes: GpsFix[] = [];
    const feed = createFixAssembler((f) => fixes.push(f));
    feed(sentence(EPOCH_1[0]!));
    expect(fixes).toEqual([]);
    feed(sentence(EPOCH_2[1]!));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]!.hdop).toBeUndefined();
  });

  it('a GGA-only receiver takes the date from the clock, yesterday just after midnight', () => {
    const fixes: GpsFix[] = [];
    const gga = '$GPGGA,235959.00,3350.0000,S,15112.0000,E,2,08,1.2,30.0,M,20.0,M,,*';
    const body = gga.slice(1, -1);
    let x = 0;
    for (const c of body) x ^= c.charCodeAt(0);
    const line = `${gga}${x.toString(16).toUpperCase().padStart(2, '0')}`;
    const feed = createFixAssembler((f) => fixes.push(f), { now: () => Date.parse('2025-01-01T00:00:02Z') });
    feed(sentence(line));
    feed(sentence(EPOCH_2[0]!)); // next epoch flushes the first
    expect(fixes[0]).toMatchObject({ lat: -33.8333333, lon: 151.2, fixAt: new Date('2024-12-31T23:59:59.000Z') });
  });
});

describe('GPS receiver on a serial port', () => {
  const PATH = '/dev/GPS';
  beforeEach(() => {
    SerialPortMock.binding.createPort(PATH, { echo: false, record: true });
  });
  afterEach(() => {
    SerialPortMock.binding.reset();
  });

  it('reads NMEA split across chunks, skips noise and bad checksums, emits fixes', async () => {
    const port = new SerialPortMock({ path: PATH, baudRate: 9600 });
    await new Promise<void>((resolve) => port.once('open', () => resolve()));
    const gps = new GpsReceiver(port);
    const fixes: GpsFix[] = [];
    gps.on('fix', (f) => fixes.push(f));
    const stream = [
      '\u0000\u00ffnoise\r\n',
      '$GPGSV,1,1,00*79\r\n',
      EPOCH_1[0]!.replace('*13', '*14') + '\r\n', // bad checksum: dropped
      EPOCH_2.join('\r\n') + '\r\n',
      '$GNRMC,083601.00,A,3016.44620,N,12009.30800,E,0.5,,150624,,,A,V*00\r\n', // bad checksum
    ].join('');
    // Deliver in awkward 17-byte pieces, as a UART read would.
    for (let i = 0; i < stream.length; i += 17) port.port!.emitData(Buffer.from(stream.slice(i, i + 17), 'latin1'));
    const end = Date.now() + 2000;
    while (fixes.length < 1 && Date.now() < end) await new Promise((r) => setTimeout(r, 5));
    expect(fixes).toHaveLength(1);
    expect(fixes[0]).toMatchObject({ lat: 30.2741017, lon: 120.1551317, hdop: 0.91, satellites: 11 });
    expect(gps.stats.badChecksum).toBe(2);
    expect(gps.stats.sentences).toBe(2);
    await gps.close();
    expect(port.isOpen).toBe(false);
  });
});
