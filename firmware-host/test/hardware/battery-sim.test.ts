/** Battery gauges, the serial port list guard, and the sim driver's own inputs. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { adcToVolts, findSysfsBattery, lipoPercent, sysfsBatteryReader } from '../../src/hardware/battery.js';
import { listSerialPorts } from '../../src/hardware/serial.js';
import { SimHardware } from '../../src/hardware/sim.js';

describe('LiPo curve and ADC', () => {
  it('maps resting voltage to charge, clamped and monotonic', () => {
    expect(lipoPercent(4.25)).toBe(100);
    expect(lipoPercent(4.2)).toBe(100);
    expect(lipoPercent(3.8)).toBe(50);
    expect(lipoPercent(3.3)).toBe(0);
    expect(lipoPercent(2.9)).toBe(0);
    expect(lipoPercent(Number.NaN)).toBe(0);
    let last = -1;
    for (let v = 3.2; v <= 4.3; v += 0.01) {
      const p = lipoPercent(v);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
  });

  it('scales an ADC count through the divider', () => {
    expect(adcToVolts(1023, { vRef: 5, dividerRatio: 2 })).toBe(10);
    expect(adcToVolts(512, { vRef: 3.3, dividerRatio: 2, adcMax: 1023 })).toBeCloseTo(3.303, 3);
  });
});

describe('Linux power_supply gauge', () => {
  const root = mkdtempSync(join(tmpdir(), 'liuhen-psu-'));
  mkdirSync(join(root, 'AC'));
  writeFileSync(join(root, 'AC', 'type'), 'Mains\n');
  mkdirSync(join(root, 'max17048'));
  writeFileSync(join(root, 'max17048', 'type'), 'Battery\n');
  writeFileSync(join(root, 'max17048', 'capacity'), '64\n');
  writeFileSync(join(root, 'max17048', 'voltage_now'), '3862000\n');
  writeFileSync(join(root, 'max17048', 'status'), 'Charging\n');
  mkdirSync(join(root, 'volts-only'));
  writeFileSync(join(root, 'volts-only', 'voltage_now'), '3800000\n');
  writeFileSync(join(root, 'volts-only', 'status'), 'Discharging\n');

  it('finds the first supply of type Battery', async () => {
    expect(await findSysfsBattery(root)).toBe(join(root, 'max17048'));
    expect(await findSysfsBattery(join(root, 'missing'))).toBeNull();
  });

  it('reads capacity, voltage (µV) and status', async () => {
    expect(await sysfsBatteryReader(join(root, 'max17048'))()).toEqual({ percent: 64, volts: 3.862, charging: true });
  });

  it('falls back to the LiPo curve without capacity, and gives null with nothing', async () => {
    expect(await sysfsBatteryReader(join(root, 'volts-only'))()).toEqual({
      percent: 50,
      volts: 3.8,
      charging: false,
    });
    expect(await sysfsBatteryReader(join(root, 'AC'))()).toBeNull();
  });
});

describe('serial port list guard', () => {
  let path: string | undefined;
  beforeEach(() => {
    path = process.env.PATH;
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it('gives an empty list and the reason instead of rejecting when udevadm is missing', async () => {
    process.env.PATH = '/nonexistent';
    const r = await listSerialPorts();
    expect(r.ports).toEqual([]);
    expect(r.error).toMatch(/udevadm|ENOENT|listing ports/);
  });
});

describe('sim driver', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('decoded inputs from code: press, mark, trigger, battery, gps', async () => {
    const hw = new SimHardware();
    const seen: string[] = [];
    hw.on('press', () => seen.push('press'));
    hw.on('mark', () => seen.push('mark'));
    hw.on('trigger', (t) => seen.push(`trigger:${t.input}`));
    hw.on('battery', (b) => seen.push(`battery:${b.percent}`));
    hw.on('gps', (g) => seen.push(`gps:${g.lat}`));
    hw.press();
    hw.longPress();
    hw.mark();
    hw.trigger();
    hw.setBattery({ percent: 42, volts: 3.78, charging: false });
    hw.setGps({ lat: 30.27, lon: 120.15, fixAt: new Date() });
    expect(seen).toEqual(['press', 'mark', 'mark', 'trigger:holster', 'battery:42', 'gps:30.27']);
    expect(hw.lastBattery()).toEqual({ percent: 42, volts: 3.78, charging: false });
    await hw.close();
  });

  it('raw levels go through the real debounce and long-press logic', async () => {
    const hw = new SimHardware({ button: { debounceMs: 30, longPressMs: 1500 } });
    const seen: string[] = [];
    hw.on('press', () => seen.push('press'));
    hw.on('mark', () => seen.push('mark'));
    hw.on('trigger', (t) => seen.push(`trigger:${t.input}`));
    hw.level('record', true);
    vi.advanceTimersByTime(1600);
    hw.level('record', false);
    vi.advanceTimersByTime(50);
    hw.level('record', true);
    vi.advanceTimersByTime(100);
    hw.level('record', false);
    vi.advanceTimersByTime(50);
    hw.level('holster', true);
    vi.advanceTimersByTime(50);
    hw.level('holster', false);
    vi.advanceTimersByTime(50);
    expect(seen).toEqual(['mark', 'press', 'trigger:holster']);
    await hw.close();
  });

  it('records cues, vibrations and beeps; close turns the LEDs off and silences it', async () => {
    const hw = new SimHardware();
    hw.setCue(['recording', 'alert']);
    hw.vibrate('start');
    hw.beep('alarm');
    expect(hw.cues()).toEqual(['recording', 'alert']);
    expect(hw.cueHistory.map((c) => c.cues)).toEqual([['recording', 'alert']]);
    expect(hw.vibrations).toEqual(['start']);
    expect(hw.beeps).toEqual(['alarm']);
    const presses = vi.fn();
    hw.on('press', presses);
    await hw.close();
    expect(hw.leds).toEqual({ red: false, green: false, amber: false });
    hw.press();
    hw.vibrate('stop');
    expect(presses).not.toHaveBeenCalled();
    expect(hw.vibrations).toEqual(['start']);
    await hw.close(); // idempotent
  });
});
