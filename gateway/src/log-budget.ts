/**
 * A budget for log lines a caller can cause. Refused requests and failed logins are logged, but an
 * unauthenticated flood must not write the station's disk at will (a probe wrote 24 MB a minute, one
 * line per refused request). Each kind of line, per address, gets a few lines a window; the rest
 * are counted, and the next line logged for that key says how many were left out.
 */
export interface LogBudget {
  /** Whether to log this line now; when it is logged, `suppressed` lines like it were left out before it. */
  take(key: string): { log: boolean; suppressed: number };
}

export function createLogBudget(
  opts: { linesPerWindow?: number; windowMs?: number; maxKeys?: number } = {},
): LogBudget {
  const lines = opts.linesPerWindow ?? 5;
  const windowMs = opts.windowMs ?? 60_000;
  const maxKeys = opts.maxKeys ?? 10_000;
  const keys = new Map<string, { since: number; used: number; suppressed: number }>();
  return {
    take(key) {
      const now = Date.now();
      let k = keys.get(key);
      if (!k || now - k.since >= windowMs) {
        const suppressed = k?.suppressed ?? 0;
        // Bounded: the oldest keys go first (a Map keeps insertion order).
        if (!k && keys.size >= maxKeys) keys.delete(keys.keys().next().value!);
        keys.delete(key);
        k = { since: now, used: 0, suppressed: 0 };
        keys.set(key, k);
        k.used = 1;
        return { log: true, suppressed };
      }
      if (k.used < lines) {
        k.used += 1;
        const suppressed = k.suppressed;
        k.suppressed = 0;
        return { log: true, suppressed };
      }
      k.suppressed += 1;
      return { log: false, suppressed: 0 };
    },
  };
}
