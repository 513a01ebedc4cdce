/**
 * Confirm-to-stop: while the station says the officer is inside a step that
 * needs full-process video (全过程音像记录), one press must not end the
 * recording by accident. The first press asks for confirmation; a second press
 * within the window stops. The agent consults this on every `press`.
 */

/** What a press of the record button should do. */
export type PressDecision = 'start' | 'stop' | 'confirmNeeded';

export interface PressContext {
  recording: boolean;
  /** The station reports an open step that requires full-process video. */
  fullProcessOpen: boolean;
}

export interface StopPolicy {
  decide(ctx: PressContext): PressDecision;
  /** Forget a pending confirmation (e.g. when recording stopped some other way). */
  reset(): void;
  /** Monotonic time until which a second press confirms the stop, or null. */
  readonly pendingUntil: number | null;
}

export interface StopPolicyOptions {
  /** How long the confirming second press may take (default 5 s). */
  confirmWindowMs?: number;
  /** Monotonic milliseconds; defaults to `performance.now()`. */
  now?: () => number;
}

export const DEFAULT_CONFIRM_WINDOW_MS = 5000;

export function createStopPolicy(opts: StopPolicyOptions = {}): StopPolicy {
  const windowMs = opts.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS;
  const now = opts.now ?? (() => performance.now());
  let pendingUntil: number | null = null;

  return {
    decide(ctx) {
      if (!ctx.recording) {
        pendingUntil = null;
        return 'start';
      }
      if (!ctx.fullProcessOpen) {
        pendingUntil = null;
        return 'stop';
      }
      const t = now();
      if (pendingUntil !== null && t <= pendingUntil) {
        pendingUntil = null;
        return 'stop';
      }
      pendingUntil = t + windowMs;
      return 'confirmNeeded';
    },
    reset() {
      pendingUntil = null;
    },
    get pendingUntil() {
      return pendingUntil;
    },
  };
}
