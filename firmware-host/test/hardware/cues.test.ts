/** Cue mapping, pulse patterns, the cue scheduler and the confirm-to-stop policy. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStopPolicy } from '../../src/hardware/confirm-stop.js';
import {
  batteryAlert,
  createCueScheduler,
  createPulsePlayer,
  ledsForCues,
  normalizeCues,
  PULSE_PATTERNS,
} from '../../src/hardware/cues.js';
import { SimHardware } from '../../src/hardware/sim.js';

describe('cue → LEDs', () => {
  it('red while recording, green in standby, amber for an alert', () => {
    expect(ledsForCues('standby')).toEqual({ red: false, green: true, amber: false });
    expect(ledsForCues('recording')).toEqual({ red: true, green: false, amber: false });
    expect(ledsForCues('alert')).toEqual({ red: false, green: true, amber: true });
    expect(ledsForCues(['recording', 'alert'])).toEqual({ red: true, green: false, amber: true });
    expect(ledsForCues([])).toEqual({ red: false, green: true, amber: false });
  });

  it('rejects standby and recording together', () => {
    expect(() => normalizeCues(['standby', 'recording'])).toThrow(RangeError);
    expect(normalizeCues(['alert', 'recording'])).toEqual(['recording', 'alert']);
  });
});

describe('confirm-to-stop policy', () => {
  it('starts and stops on one press when no full-process step is open', () => {
    const p = createStopPolicy({ now: () => 0 });
    expect(p.decide({ recording: false, fullProcessOpen: true })).toBe('start');
    expect(p.decide({ recording: true, fullProcessOpen: false })).toBe('stop');
  });

  it('asks for a second press within the window while a full-process step is open', () => {
    let t = 1000;
    const p = createStopPolicy({ confirmWindowMs: 5000, now: () => t });
    const ctx = { recording: true, fullProcessOpen: true };
    expect(p.decide(ctx)).toBe('confirmNeeded');
    expect(p.pendingUntil).toBe(6000);
    t = 6000;
    expect(p.decide(ctx)).toBe('stop');
    expect(p.pendingUntil).toBeNull();
  });

  it('a late second press asks again instead of stopping', () => {
    let t = 0;
    const p = createStopPolicy({ confirmWindowMs: 5000, now: () => t });
    const ctx = { recording: true, fullProcessOpen: true };
    expect(p.decide(ctx)).toBe('confirmNeeded');
    t = 5001;
    expect(p.decide(ctx)).toBe('confirmNeeded');
    t = 6000;
    expect(p.decide(ctx)).toBe('stop');
  });

  it('reset forgets a pending confirmation', () => {
    const p = createStopPolicy({ now: () => 0 });
    const ctx = { recording: true, fullProcessOpen: true };
    expect(p.decide(ctx)).toBe('confirmNeeded');
    p.reset();
    expect(p.decide(ctx)).toBe('confirmNeeded');
  });
});

describe('low-battery rule', () => {
  it('alerts at or below 15 % unless on external power', () => {
    expect(batteryAlert({ percent: 15, volts: 3.6, charging: false })).toBe(true);
    expect(batteryAlert({ percent: 16, volts: 3.6, charging: false })).toBe(false);
    expect(batteryAlert({ percent: 5, volts: 3.5, charging: true })).toBe(false);
  });
});

describe('with fake timers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('pulse player plays on/off trains and a new train cuts the old one off', () => {
    const writes: [number, boolean][] = [];
    const p = createPulsePlayer((on) => writes.push([Date.now(), on]));
    const t0 = Date.now();
    p.play(PULSE_PATTERNS.stop); // 150 on, 100 off, 150 on
    vi.advanceTimersByTime(1000);
    expect(writes.map(([t, on]) => [t - t0, on])).toEqual([
      [0, true],
      [150, false],
      [250, true],
      [400, false],
    ]);
    expect(p.playing).toBe(false);
    writes.length = 0;
    p.play(PULSE_PATTERNS.alarm);
    vi.advanceTimersByTime(100);
    p.play(PULSE_PATTERNS.reminder);
    vi.advanceTimersByTime(1000);
    expect(writes.map(([, on]) => on)).toEqual([true, false, true, false]);
  });

  it('scheduler: vibrates on start and stop, reminds every 2 minutes while recording', async () => {
    const hw = new SimHardware();
    const cues = createCueScheduler(hw);
    expect(hw.leds).toEqual({ red: false, green: true, amber: false });
    cues.setRecording(true);
    cues.setRecording(true); // no change, no second pulse
    expect(hw.vibrations).toEqual(['start']);
    expect(hw.leds).toEqual({ red: true, green: false, amber: false });
    vi.advanceTimersByTime(119_999);
    expect(hw.vibrations).toEqual(['start']);
    vi.advanceTimersByTime(1);
    expect(hw.vibrations).toEqual(['start', 'reminder']);
    vi.advanceTimersByTime(240_000);
    expect(hw.vibrations).toEqual(['start', 'reminder', 'reminder', 'reminder']);
    cues.setRecording(false);
    expect(hw.vibrations.at(-1)).toBe('stop');
    expect(hw.leds).toEqual({ red: false, green: true, amber: false });
    vi.advanceTimersByTime(600_000);
    expect(hw.vibrations).toHaveLength(5);
    cues.stop();
    await hw.close();
  });

  it('scheduler: the reminder interval is configurable and 0 turns it off', async () => {
    const hw = new SimHardware();
    const cues = createCueScheduler(hw, { reminderMs: 30_000 });
    cues.setRecording(true);
    vi.advanceTimersByTime(90_000);
    expect(hw.vibrations).toEqual(['start', 'reminder', 'reminder', 'reminder']);
    cues.stop();
    const hw2 = new SimHardware();
    const quiet = createCueScheduler(hw2, { reminderMs: 0 });
    quiet.setRecording(true);
    vi.advanceTimersByTime(600_000);
    expect(hw2.vibrations).toEqual(['start']);
    quiet.stop();
    await hw.close();
    await hw2.close();
  });

  it('scheduler: amber blinks while any alert is raised, over the mode light', async () => {
    const hw = new SimHardware();
    const cues = createCueScheduler(hw, { blinkMs: 500 });
    cues.setRecording(true);
    cues.setAlert('battery', true);
    expect(hw.leds).toEqual({ red: true, green: false, amber: true });
    const amber: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(500);
      amber.push(hw.leds.amber);
      expect(hw.leds.red).toBe(true);
    }
    expect(amber).toEqual([false, true, false, true]);
    cues.setAlert('storage', true);
    cues.setAlert('battery', false);
    expect(cues.alerts).toEqual(['storage']);
    vi.advanceTimersByTime(500);
    expect(hw.leds.amber).toBe(false);
    vi.advanceTimersByTime(500);
    expect(hw.leds.amber).toBe(true);
    cues.setAlert('storage', false);
    expect(hw.leds).toEqual({ red: true, green: false, amber: false });
    vi.advanceTimersByTime(5000);
    expect(hw.leds.amber).toBe(false);
    cues.stop();
    await hw.close();
  });

  it('scheduler: stop() clears its timers', async () => {
    const hw = new SimHardware();
    const cues = createCueScheduler(hw);
    cues.setRecording(true);
    cues.setAlert('battery', true);
    cues.stop();
    const before = hw.cueHistory.length;
    vi.advanceTimersByTime(600_000);
    expect(hw.cueHistory.length).toBe(before);
    expect(hw.vibrations).toEqual(['start']);
    expect(vi.getTimerCount()).toBe(0);
    await hw.close();
  });
});
