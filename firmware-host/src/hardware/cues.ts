/**
 * Cues: which LEDs a cue set lights, the timing of vibration patterns, and
 * the cue scheduler that turns the recording state and alerts into lights and
 * pulses (vibrate on start and stop, a reminder every 2 minutes while
 * recording, amber blink while an alert is raised).
 */
import type { BatteryReading, Cue, LedColor, LedState, RecorderHardware, VibrationPattern } from './types.js';

export const LED_COLORS: readonly LedColor[] = ['red', 'green', 'amber'];

/** A single cue or a set, checked: `standby` and `recording` exclude each other; no cue means standby. */
export function normalizeCues(cue: Cue | readonly Cue[]): readonly Cue[] {
  const list: readonly Cue[] = typeof cue === 'string' ? [cue] : cue;
  const recording = list.includes('recording');
  if (recording && list.includes('standby')) {
    throw new RangeError('a cue set cannot be both standby and recording');
  }
  const out: Cue[] = [recording ? 'recording' : 'standby'];
  if (list.includes('alert')) out.push('alert');
  return out;
}

/** Red while recording, green in standby, amber for an alert. */
export function ledsForCues(cue: Cue | readonly Cue[]): LedState {
  const cues = normalizeCues(cue);
  const recording = cues.includes('recording');
  return { red: recording, green: !recording, amber: cues.includes('alert') };
}

/**
 * On/off durations in ms, starting with "on": `[on, off, on, …]`. Short enough
 * to feel, distinct enough to tell apart without looking.
 */
export const PULSE_PATTERNS: Readonly<Record<VibrationPattern, readonly number[]>> = {
  /** One long pulse: recording started. */
  start: [400],
  /** Two short pulses: recording stopped. */
  stop: [150, 100, 150],
  /** One short tick: still recording. */
  reminder: [80],
  /** Three long pulses: look at the recorder (confirm to stop, low battery). */
  alarm: [500, 200, 500, 200, 500],
};

export interface PulsePlayer {
  /** Play `[on, off, on, …]`; cuts off whatever is playing. */
  play(pulses: readonly number[]): void;
  /** Stop and switch the output off. */
  stop(): void;
  readonly playing: boolean;
}

/** Plays pulse trains on an on/off output with timers (for drivers that toggle a pin themselves). */
export function createPulsePlayer(write: (on: boolean) => void): PulsePlayer {
  let timer: NodeJS.Timeout | null = null;
  let on = false;
  const set = (v: boolean) => {
    if (v !== on) {
      on = v;
      write(v);
    }
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    set(false);
  };
  return {
    play(pulses) {
      stop();
      const step = (i: number) => {
        if (i >= pulses.length) {
          timer = null;
          set(false);
          return;
        }
        set(i % 2 === 0);
        timer = setTimeout(() => step(i + 1), pulses[i]);
      };
      step(0);
    },
    stop,
    get playing() {
      return timer !== null;
    },
  };
}

export interface CueSchedulerOptions {
  /** Vibration reminder interval while recording; 0 disables it (default 120 000 ms). */
  reminderMs?: number;
  /** Half-period of the amber blink (default 500 ms: on 500, off 500). */
  blinkMs?: number;
  /** Also sound the buzzer (when there is one) for start and stop (default false: a body-worn recorder stays quiet). */
  beepOnStartStop?: boolean;
}

export interface CueScheduler {
  /** Tell the scheduler the recording state; a change vibrates `start` or `stop` once. */
  setRecording(recording: boolean): void;
  /** Raise or clear an alert by reason (`battery`, `storage`, …); amber blinks while any is raised. */
  setAlert(reason: string, active: boolean): void;
  readonly recording: boolean;
  readonly alerts: readonly string[];
  /** Stop timers and leave the lights in their non-blinking state. */
  stop(): void;
}

export const DEFAULT_REMINDER_MS = 120_000;
export const DEFAULT_BLINK_MS = 500;

export function createCueScheduler(
  hw: Pick<RecorderHardware, 'setCue' | 'vibrate' | 'beep'>,
  opts: CueSchedulerOptions = {},
): CueScheduler {
  const reminderMs = opts.reminderMs ?? DEFAULT_REMINDER_MS;
  const blinkMs = opts.blinkMs ?? DEFAULT_BLINK_MS;
  let recording = false;
  const alerts = new Set<string>();
  let blinkOn = false;
  let blinkTimer: NodeJS.Timeout | null = null;
  let reminderTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const show = () => {
    const mode: Cue = recording ? 'recording' : 'standby';
    hw.setCue(blinkOn ? [mode, 'alert'] : [mode]);
  };

  const updateBlink = () => {
    if (alerts.size > 0 && !blinkTimer && !stopped) {
      blinkOn = true;
      blinkTimer = setInterval(() => {
        blinkOn = !blinkOn;
        show();
      }, blinkMs);
    } else if ((alerts.size === 0 || stopped) && blinkTimer) {
      clearInterval(blinkTimer);
      blinkTimer = null;
      blinkOn = false;
    }
    show();
  };

  const updateReminder = () => {
    if (recording && reminderMs > 0 && !reminderTimer && !stopped) {
      reminderTimer = setInterval(() => hw.vibrate('reminder'), reminderMs);
    } else if ((!recording || stopped) && reminderTimer) {
      clearInterval(reminderTimer);
      reminderTimer = null;
    }
  };

  show();

  return {
    setRecording(next) {
      if (stopped || next === recording) return;
      recording = next;
      const pattern: VibrationPattern = next ? 'start' : 'stop';
      hw.vibrate(pattern);
      if (opts.beepOnStartStop) hw.beep?.(pattern);
      // Restart the reminder period from the start of this recording.
      if (reminderTimer) clearInterval(reminderTimer);
      reminderTimer = null;
      updateReminder();
      show();
    },
    setAlert(reason, active) {
      if (stopped) return;
      const had = alerts.has(reason);
      if (active === had) return;
      if (active) alerts.add(reason);
      else alerts.delete(reason);
      updateBlink();
    },
    get recording() {
      return recording;
    },
    get alerts() {
      return [...alerts];
    },
    stop() {
      stopped = true;
      updateBlink();
      updateReminder();
    },
  };
}

/** Default low-battery rule: at or below `thresholdPercent` and not on external power. */
export function batteryAlert(b: BatteryReading, thresholdPercent = 15): boolean {
  return !b.charging && b.percent <= thresholdPercent;
}
