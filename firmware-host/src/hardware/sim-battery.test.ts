import { describe, expect, it } from 'vitest';
import { lipoPercent, lipoVolts } from './battery.js';
import { createSimBattery } from './sim-battery.js';
import { DEFAULT_SIM_POSITION, createSimGps, offsetMetres, walkStep } from './sim-gps.js';

describe('LiPo curve inverse', () => {
  it('round-trips with lipoPercent and is clamped', () => {
    for (const p of [0, 5, 10, 35, 50, 72, 90, 100])
      expect(Math.abs(lipoPercent(lipoVolts(p)) - p)).toBeLessThanOrEqual(1);
    expect(lipoVolts(150)).toBe(4.2);
    expect(lipoVolts(-3)).toBe(3.3);
  });
});

describe('sim battery', () => {
  it('drains faster recording than in standby, charges on the dock, never runs flat', () => {
    let now = 0;
    let recording = false;
    const b = createSimBattery({ startPercent: 90, recording: () => recording, now: () => now });
    now += 3_600_000;
    const standby = b.read();
    expect(standby.percent).toBeCloseTo(86, 5);
    expect(standby.charging).toBe(false);
    recording = true;
    now += 3_600_000;
    expect(b.read().percent).toBeCloseTo(74, 5);
    b.setCharging(true);
    now += 1_800_000;
    const docked = b.read();
    expect(docked.percent).toBeCloseTo(94, 5);
    expect(docked.charging).toBe(true);
    expect(docked.volts).toBeGreaterThan(lipoVolts(94));
    b.setCharging(false);
    now += 100 * 3_600_000;
    expect(b.read().percent).toBe(5);
  });
});

describe('sim GPS', () => {
  it('walks at walking pace and stays near the centre', () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const gps = createSimGps({ random, now: () => 0 });
    let prev = gps.next();
    for (let i = 0; i < 2000; i++) {
      const fix = gps.next();
      const step = offsetMetres(prev, fix);
      expect(Math.hypot(step.east, step.north)).toBeLessThan(2);
      const off = offsetMetres(DEFAULT_SIM_POSITION, fix);
      expect(Math.hypot(off.east, off.north)).toBeLessThan(320);
      prev = fix;
    }
  });

  it('turns back towards the centre once past the radius', () => {
    const centre = { lat: 30, lon: 120 };
    const far = { pos: { lat: 30.01, lon: 120 }, heading: 0 }; // ~1.1 km north, heading north
    const next = walkStep(far, centre, () => 0.5);
    expect(next.pos.lat).toBeLessThan(far.pos.lat);
  });
});
