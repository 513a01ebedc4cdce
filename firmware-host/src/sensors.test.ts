import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHostSensors, createSimSensors, parseProcNetWireless, parseThermal } from './sensors.js';

const WIRELESS = `Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE
 face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22
 wlan0: 0000   54.  -56.  -256        0      0      0      0      0        0
`;

describe('SoC temperature', () => {
  it('reads millidegrees and rejects nonsense', () => {
    expect(parseThermal('48312\n')).toBe(48.3);
    expect(parseThermal('-5000')).toBe(-5);
    expect(parseThermal('')).toBeNull();
    expect(parseThermal('hot')).toBeNull();
    expect(parseThermal('999999')).toBeNull();
  });
});

describe('/proc/net/wireless', () => {
  it('takes the level of the first interface in dBm', () => {
    expect(parseProcNetWireless(WIRELESS)).toEqual({ network: 'wifi', rssiDbm: -56 });
  });
  it('undoes the +256 offset some drivers report', () => {
    expect(parseProcNetWireless(WIRELESS.replace('-56.', '200.'))).toEqual({ network: 'wifi', rssiDbm: -56 });
  });
  it('gives null with no interface (wired, or Wi-Fi down)', () => {
    expect(parseProcNetWireless(WIRELESS.split('\n').slice(0, 2).join('\n'))).toBeNull();
    expect(parseProcNetWireless('')).toBeNull();
  });
});

describe('sensor readers', () => {
  it('host: reads the files, and answers null for missing ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'liuhen-sensors-'));
    writeFileSync(join(dir, 'temp'), '51234\n');
    writeFileSync(join(dir, 'wireless'), WIRELESS);
    expect(
      await createHostSensors({ thermal: join(dir, 'temp'), wireless: join(dir, 'wireless') }).read({
        recording: false,
      }),
    ).toEqual({
      temperatureC: 51.2,
      signal: { network: 'wifi', rssiDbm: -56 },
    });
    expect(
      await createHostSensors({ thermal: join(dir, 'no'), wireless: join(dir, 'no') }).read({ recording: false }),
    ).toEqual({
      temperatureC: null,
      signal: null,
    });
  });

  it('sim: warms while recording, stays plausible', async () => {
    let now = 0;
    const s = createSimSensors({ now: () => now, random: () => 0.5 });
    const first = await s.read({ recording: false });
    now += 10 * 60_000;
    const warm = await s.read({ recording: true });
    expect(first.temperatureC).toBeGreaterThan(35);
    expect(warm.temperatureC!).toBeGreaterThan(first.temperatureC! + 5);
    expect(warm.temperatureC!).toBeLessThanOrEqual(52.5);
    expect(warm.signal?.network).toBe('wifi');
    expect(warm.signal?.rssiDbm).toBeGreaterThanOrEqual(-75);
    expect(warm.signal?.rssiDbm).toBeLessThanOrEqual(-45);
  });
});
