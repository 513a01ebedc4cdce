/**
 * Button semantics, independent of any driver: debounce, short press and
 * long press. `stepButton` is a pure reducer over raw level changes and clock
 * ticks; `createButtonDecoder` runs it on a timer so a long press is reported
 * the moment the threshold is crossed, not on release.
 */

export interface DecoderTiming {
  /** A raw level must hold this long before it counts (default 30 ms). */
  debounceMs: number;
  /** Held this long: `long` (default 1500 ms). Omit for inputs with no long press (switches). */
  longPressMs?: number;
}

/**
 * `down`/`up`: the debounced level changed. `short`: released before the
 * long-press threshold. `long`: the threshold was crossed while held (at most
 * once per press; no `short` follows it).
 */
export type ButtonEvent = 'down' | 'up' | 'short' | 'long';

export interface ButtonState {
  /** Last raw level seen and when it changed. */
  raw: boolean;
  rawSince: number;
  /** Debounced level. */
  stable: boolean;
  /** When the current press began (the raw edge that turned into a stable press). */
  downAt: number | null;
  /** The long press of the current press has been reported. */
  longFired: boolean;
}

export type ButtonInput = { kind: 'level'; down: boolean; t: number } | { kind: 'tick'; t: number };

export interface ButtonStep {
  state: ButtonState;
  events: ButtonEvent[];
  /** When the reducer next needs a `tick`, or null when nothing is pending. */
  wakeAt: number | null;
}

export function initialButtonState(t = 0, down = false): ButtonState {
  return { raw: down, rawSince: t, stable: down, downAt: null, longFired: down };
}

export function stepButton(prev: ButtonState, input: ButtonInput, timing: DecoderTiming): ButtonStep {
  const t = input.t;
  let s: ButtonState = prev;
  const events: ButtonEvent[] = [];

  if (input.kind === 'level' && input.down !== s.raw) {
    s = { ...s, raw: input.down, rawSince: t };
  }

  // Debounce: a raw level that has held for debounceMs becomes the stable level.
  if (s.raw !== s.stable && t - s.rawSince >= timing.debounceMs) {
    if (s.raw) {
      s = { ...s, stable: true, downAt: s.rawSince, longFired: false };
      events.push('down');
    } else {
      const wasShort = s.downAt !== null && !s.longFired;
      s = { ...s, stable: false, downAt: null };
      events.push('up');
      if (wasShort) events.push('short');
    }
  }

  // Long press: only while the raw level still agrees (a pending release blocks it).
  const long = timing.longPressMs;
  if (long !== undefined && s.stable && s.raw && !s.longFired && s.downAt !== null && t - s.downAt >= long) {
    s = { ...s, longFired: true };
    events.push('long');
  }

  let wakeAt: number | null = null;
  if (s.raw !== s.stable) wakeAt = s.rawSince + timing.debounceMs;
  else if (long !== undefined && s.stable && !s.longFired && s.downAt !== null) wakeAt = s.downAt + long;

  return { state: s, events, wakeAt };
}

export interface ButtonDecoder {
  /** Feed a raw level (true = pressed / closed). Repeats of the same level are harmless. */
  input(down: boolean): void;
  /** The debounced level. */
  readonly isDown: boolean;
  /** Cancel the pending timer; further input is ignored. */
  dispose(): void;
}

export interface DecoderOptions {
  /** Monotonic milliseconds; defaults to `performance.now()` (not the wall clock, which NTP may jump). */
  now?: () => number;
  /** Level before the first input (default: released). */
  initialDown?: boolean;
}

export function createButtonDecoder(
  timing: DecoderTiming,
  onEvent: (e: ButtonEvent) => void,
  opts: DecoderOptions = {},
): ButtonDecoder {
  const now = opts.now ?? (() => performance.now());
  let state = initialButtonState(now(), opts.initialDown ?? false);
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const run = (input: ButtonInput) => {
    if (disposed) return;
    const r = stepButton(state, input, timing);
    state = r.state;
    if (timer) clearTimeout(timer);
    timer = null;
    if (r.wakeAt !== null) {
      timer = setTimeout(() => run({ kind: 'tick', t: Math.max(now(), r.wakeAt ?? 0) }), Math.max(0, r.wakeAt - now()));
    }
    for (const e of r.events) onEvent(e);
  };

  return {
    input: (down) => run({ kind: 'level', down, t: now() }),
    get isDown() {
      return state.stable;
    },
    dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
