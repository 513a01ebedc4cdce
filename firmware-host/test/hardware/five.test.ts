/**
 * The johnny-five driver against the real johnny-five with mock-firmata as
 * the IO plugin: pin changes on the button pins come out as press/mark/trigger,
 * cues and patterns go out as digital writes on the profile's pins.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import mockFirmata from 'mock-firmata';
import { getProfile } from '@liuhen/device-profiles';
import { openFiveHardware, type FiveHardware } from '../../src/hardware/five.js';

const firmataDevkit = getProfile('firmata-devkit');
const pins = firmataDevkit.pins!;
const LED_PINS = [pins.ledRed, pins.ledGreen, pins.ledAmber];

interface Rig {
  io: InstanceType<typeof mockFirmata.Firmata>;
  /** Pushes a raw value into the digitalRead callback of a pin, as the board would. */
  pinValue(pin: number | string, value: number): void;
  writes: [pin: number | string, value: number][];
  hw: FiveHardware;
}

async function rig(extra: { battery?: Parameters<typeof openFiveHardware>[0]['battery'] } = {}): Promise<Rig> {
  const io = new mockFirmata.Firmata();
  const reads = new Map<number | string, ((v: number) => void)[]>();
  const writes: [number | string, number][] = [];
  // mock-firmata's digitalRead/digitalWrite only log; record them instead.
  io.digitalRead = (pin: number | string, cb: (v: number) => void) => {
    reads.set(pin, [...(reads.get(pin) ?? []), cb]);
  };
  io.digitalWrite = (pin: number | string, value: number) => {
    writes.push([pin, value]);
  };
  io.emit('connect');
  io.emit('ready');
  const hw = await openFiveHardware({
    kind: 'firmata',
    io,
    pins,
    button: firmataDevkit.button,
    ...extra,
  });
  return {
    io,
    writes,
    hw,
    pinValue(pin, value) {
      const cbs = reads.get(pin);
      if (!cbs?.length) throw new Error(`nothing reads pin ${pin}`);
      for (const cb of cbs) cb(value);
    },
  };
}

describe('johnny-five driver on mock-firmata', () => {
  let r: Rig;
  beforeEach(async () => {
    vi.useFakeTimers();
    r = await rig();
  });
  afterEach(async () => {
    await r.hw.close();
    vi.useRealTimers();
  });

  it('sets up the outputs low and enables the button pull-ups', () => {
    for (const p of [...LED_PINS, pins.vibration, pins.buzzer!]) expect(r.writes).toContainEqual([p, 0]);
    expect(r.writes).toContainEqual([pins.recordButton, 1]);
    expect(r.writes).toContainEqual([pins.markButton, 1]);
    expect(r.hw.kind).toBe('firmata');
    expect(typeof r.hw.beep).toBe('function');
  });

  it('a short press of the record pin (active low) gives press on release, no mark', () => {
    const events: string[] = [];
    r.hw.on('press', () => events.push('press'));
    r.hw.on('mark', () => events.push('mark'));
    r.pinValue(pins.recordButton, 0);
    vi.advanceTimersByTime(300);
    expect(events).toEqual([]);
    r.pinValue(pins.recordButton, 1);
    vi.advanceTimersByTime(100);
    expect(events).toEqual(['press']);
  });

  it('a long press gives mark once the threshold is crossed, while still held, and no press', () => {
    const events: string[] = [];
    r.hw.on('press', () => events.push('press'));
    r.hw.on('mark', () => events.push('mark'));
    r.pinValue(pins.recordButton, 0);
    // johnny-five's own 7 ms debounce, then ours (30 ms), then 1500 ms from the press.
    vi.advanceTimersByTime(1400);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(events).toEqual(['mark']);
    vi.advanceTimersByTime(3000);
    r.pinValue(pins.recordButton, 1);
    vi.advanceTimersByTime(100);
    expect(events).toEqual(['mark']);
  });

  it('contact bounce on the record pin yields one press', () => {
    let presses = 0;
    r.hw.on('press', () => presses++);
    for (const v of [0, 1, 0, 1, 0]) {
      r.pinValue(pins.recordButton, v);
      vi.advanceTimersByTime(3);
    }
    vi.advanceTimersByTime(200);
    for (const v of [1, 0, 1]) {
      r.pinValue(pins.recordButton, v);
      vi.advanceTimersByTime(3);
    }
    vi.advanceTimersByTime(200);
    expect(presses).toBe(1);
  });

  it('the mark button gives mark on press', () => {
    let marks = 0;
    r.hw.on('mark', () => marks++);
    r.pinValue(pins.markButton, 0);
    vi.advanceTimersByTime(50);
    expect(marks).toBe(1);
    r.pinValue(pins.markButton, 1);
    vi.advanceTimersByTime(50);
    expect(marks).toBe(1);
  });

  it('drawing the recorder from the holster (switch opens) gives a trigger', () => {
    const triggers: string[] = [];
    r.hw.on('trigger', (t) => triggers.push(t.input));
    r.pinValue(pins.holsterSwitch!, 0); // closed: in the holster
    vi.advanceTimersByTime(100);
    expect(triggers).toEqual([]);
    r.pinValue(pins.holsterSwitch!, 1); // open: drawn
    vi.advanceTimersByTime(100);
    expect(triggers).toEqual(['holster']);
  });

  it('cues write the expected digital values to the LED pins, only on change', () => {
    const ledWrites = () => r.writes.filter(([p]) => LED_PINS.includes(p as number));
    r.writes.length = 0;
    r.hw.setCue('recording');
    expect(ledWrites()).toEqual([
      [pins.ledRed, 1],
      [pins.ledGreen, 0],
      [pins.ledAmber, 0],
    ]);
    r.writes.length = 0;
    r.hw.setCue(['recording', 'alert']);
    expect(ledWrites()).toEqual([[pins.ledAmber, 1]]);
    r.writes.length = 0;
    r.hw.setCue('standby');
    expect(ledWrites()).toEqual([
      [pins.ledRed, 0],
      [pins.ledGreen, 1],
      [pins.ledAmber, 0],
    ]);
    r.writes.length = 0;
    r.hw.setCue('standby');
    expect(ledWrites()).toEqual([]);
  });

  it('vibrate pulses the motor pin with the pattern timing', () => {
    r.writes.length = 0;
    r.hw.vibrate('stop'); // 150 on, 100 off, 150 on
    const motor = () => r.writes.filter(([p]) => p === pins.vibration).map(([, v]) => v);
    expect(motor()).toEqual([1]);
    vi.advanceTimersByTime(150);
    expect(motor()).toEqual([1, 0]);
    vi.advanceTimersByTime(100);
    expect(motor()).toEqual([1, 0, 1]);
    vi.advanceTimersByTime(150);
    expect(motor()).toEqual([1, 0, 1, 0]);
  });

  it('beep drives the buzzer pin', () => {
    r.writes.length = 0;
    r.hw.beep!('reminder');
    vi.advanceTimersByTime(100);
    expect(r.writes.filter(([p]) => p === pins.buzzer)).toEqual([
      [pins.buzzer, 1],
      [pins.buzzer, 0],
    ]);
  });

  it('close switches lit LEDs and a running motor off, and stops emitting', async () => {
    r.hw.setCue(['recording', 'alert']);
    r.hw.vibrate('alarm');
    r.writes.length = 0;
    let presses = 0;
    r.hw.on('press', () => presses++);
    await r.hw.close();
    expect(r.writes).toEqual(
      expect.arrayContaining([
        [pins.vibration, 0],
        [pins.ledRed, 0],
        [pins.ledAmber, 0],
      ]),
    );
    r.pinValue(pins.recordButton, 0);
    vi.advanceTimersByTime(100);
    r.pinValue(pins.recordButton, 1);
    vi.advanceTimersByTime(100);
    expect(presses).toBe(0);
  });
});

describe('johnny-five driver battery on an analog pin', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('turns the ADC median into volts and percent', async () => {
    vi.useFakeTimers();
    const io = new mockFirmata.Firmata();
    const analog = new Map<number, (v: number) => void>();
    io.analogRead = (pin: number, cb: (v: number) => void) => analog.set(pin, cb);
    io.emit('connect');
    io.emit('ready');
    const hw = await openFiveHardware({
      kind: 'firmata',
      io,
      pins,
      button: firmataDevkit.button,
      battery: { kind: 'analog', pin: 'A0', dividerRatio: 2, vRef: 5, intervalMs: 1000 },
    });
    const readings: { percent: number; volts: number }[] = [];
    hw.on('battery', (b) => readings.push(b));
    const cb = analog.get(0);
    expect(cb).toBeDefined();
    // 3.9 V at the cell is 1.95 V at the pin: 1.95 / 5 * 1023 ≈ 399
    for (let i = 0; i < 10; i++) cb!(399);
    vi.advanceTimersByTime(1000);
    expect(readings.length).toBeGreaterThan(0);
    expect(readings.at(-1)!.volts).toBeCloseTo(3.9, 1);
    expect(readings.at(-1)!.percent).toBeGreaterThanOrEqual(65);
    expect(readings.at(-1)!.percent).toBeLessThanOrEqual(72);
    await hw.close();
  });

  it('polls a reader gauge (e.g. sysfs) at once and then every interval', async () => {
    vi.useFakeTimers();
    const io = new mockFirmata.Firmata();
    io.emit('connect');
    io.emit('ready');
    let percent = 80;
    const hw = await openFiveHardware({
      kind: 'firmata',
      io,
      pins,
      button: firmataDevkit.button,
      battery: {
        kind: 'reader',
        read: async () => ({ percent: percent--, volts: 3.9, charging: false }),
        intervalMs: 1000,
      },
    });
    await vi.advanceTimersByTimeAsync(0);
    // The first reading may come before anyone listens: it is kept.
    expect(hw.lastBattery()).toEqual({ percent: 80, volts: 3.9, charging: false });
    const seen: number[] = [];
    hw.on('battery', (b) => seen.push(b.percent));
    await vi.advanceTimersByTimeAsync(2000);
    expect(seen).toEqual([79, 78]);
    await hw.close();
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual([79, 78]);
  });
});
