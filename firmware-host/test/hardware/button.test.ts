/** Button semantics: debounce, short vs long press, mark at the threshold, no press after a long press. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createButtonDecoder,
  initialButtonState,
  stepButton,
  type ButtonEvent,
  type ButtonInput,
  type ButtonState,
} from '../../src/hardware/button.js';

const timing = { debounceMs: 30, longPressMs: 1500 };

/** Runs the pure reducer over a script, ticking at every wake-up it asks for. */
function run(script: ButtonInput[], until: number): { t: number; e: ButtonEvent }[] {
  let state: ButtonState = initialButtonState(0);
  let wake: number | null = null;
  const out: { t: number; e: ButtonEvent }[] = [];
  const inputs = [...script];
  for (;;) {
    const next = inputs[0];
    const tickFirst = wake !== null && (!next || wake <= next.t);
    let input: ButtonInput;
    if (tickFirst) input = { kind: 'tick', t: wake! };
    else if (next) input = inputs.shift()!;
    else break;
    if (input.t > until) break;
    const r = stepButton(state, input, timing);
    state = r.state;
    wake = r.wakeAt;
    for (const e of r.events) out.push({ t: input.t, e });
  }
  return out;
}

const level = (t: number, down: boolean): ButtonInput => ({ kind: 'level', down, t });

describe('stepButton (pure)', () => {
  it('reports a short press on release, after the debounce', () => {
    const events = run([level(100, true), level(400, false)], 10_000);
    expect(events).toEqual([
      { t: 130, e: 'down' },
      { t: 430, e: 'up' },
      { t: 430, e: 'short' },
    ]);
  });

  it('ignores contact bounce shorter than the debounce time', () => {
    // Bounces on press (100–115) and on release (500–512); one clean press comes out.
    const events = run(
      [
        level(100, true),
        level(104, false),
        level(109, true),
        level(115, false),
        level(118, true),
        level(500, false),
        level(503, true),
        level(512, false),
      ],
      10_000,
    );
    expect(events.map((x) => x.e)).toEqual(['down', 'up', 'short']);
    expect(events[0]).toEqual({ t: 148, e: 'down' });
    expect(events[1]).toEqual({ t: 542, e: 'up' });
  });

  it('drops a glitch that never holds for the debounce time', () => {
    expect(run([level(100, true), level(120, false)], 10_000)).toEqual([]);
  });

  it('reports a long press at the threshold, measured from the press edge, not on release', () => {
    const events = run([level(1000, true), level(5000, false)], 10_000);
    expect(events).toEqual([
      { t: 1030, e: 'down' },
      { t: 2500, e: 'long' },
      { t: 5030, e: 'up' },
    ]);
  });

  it('gives no short press after a long press, and only one long per press', () => {
    const events = run([level(0, true), level(9000, false)], 20_000);
    expect(events.filter((x) => x.e === 'long')).toHaveLength(1);
    expect(events.some((x) => x.e === 'short')).toBe(false);
  });

  it('treats a release just before the threshold as short even if it is confirmed after it', () => {
    // Released at 1490 (threshold 1500): the release is confirmed at 1520.
    const events = run([level(0, true), level(1490, false)], 10_000);
    expect(events.map((x) => x.e)).toEqual(['down', 'up', 'short']);
  });

  it('with debounceMs 0 takes edges at once', () => {
    let s = initialButtonState(0);
    const r1 = stepButton(s, level(10, true), { debounceMs: 0 });
    s = r1.state;
    expect(r1.events).toEqual(['down']);
    expect(r1.wakeAt).toBeNull();
    expect(stepButton(s, level(20, false), { debounceMs: 0 }).events).toEqual(['up', 'short']);
  });

  it('a button held at start-up reports neither long nor short', () => {
    let s = initialButtonState(0, true);
    let r = stepButton(s, { kind: 'tick', t: 5000 }, timing);
    expect(r.events).toEqual([]);
    s = r.state;
    r = stepButton(s, level(6000, false), timing);
    r = stepButton(r.state, { kind: 'tick', t: 6030 }, timing);
    expect(r.events).toEqual(['up']);
  });
});

describe('createButtonDecoder (timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('emits long exactly when the threshold is crossed while still held', () => {
    const events: ButtonEvent[] = [];
    const d = createButtonDecoder(timing, (e) => events.push(e));
    d.input(true);
    vi.advanceTimersByTime(29);
    expect(events).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['down']);
    expect(d.isDown).toBe(true);
    vi.advanceTimersByTime(1469);
    expect(events).toEqual(['down']);
    vi.advanceTimersByTime(1);
    expect(events).toEqual(['down', 'long']);
    vi.advanceTimersByTime(5000);
    d.input(false);
    vi.advanceTimersByTime(30);
    expect(events).toEqual(['down', 'long', 'up']);
    d.dispose();
  });

  it('short press: down, then up and short after the release debounce', () => {
    const events: ButtonEvent[] = [];
    const d = createButtonDecoder(timing, (e) => events.push(e));
    d.input(true);
    vi.advanceTimersByTime(200);
    d.input(false);
    d.input(false); // repeats are harmless
    vi.advanceTimersByTime(30);
    expect(events).toEqual(['down', 'up', 'short']);
    d.dispose();
  });

  it('dispose cancels a pending long press', () => {
    const events: ButtonEvent[] = [];
    const d = createButtonDecoder(timing, (e) => events.push(e));
    d.input(true);
    vi.advanceTimersByTime(100);
    d.dispose();
    vi.advanceTimersByTime(5000);
    d.input(false);
    expect(events).toEqual(['down']);
  });
});
