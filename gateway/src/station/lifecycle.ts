/**
 * The station is a list of extensions started in order and stopped in reverse,
 * so whatever was started last (the HTTP server, which callers reach first)
 * stops first and the database, which everything writes to, stops last.
 * A failed start stops what had already started, then rethrows.
 */
import type { Logger } from '../log.js';

export interface Extension {
  /** Shown in shutdown logs: what failed to stop. */
  readonly name: string;
  start?(): Promise<void> | void;
  stop(): Promise<void> | void;
}

export interface Lifecycle {
  /** Starts `ext` and remembers it, so stopAll() stops it; returns it for chaining. */
  start<E extends Extension>(ext: E): Promise<E>;
  /** Registers something already running (opened before the list existed, e.g. the database). */
  adopt(name: string, stop: () => Promise<void> | void): void;
  /** Stops every started extension, newest first; one that fails is logged and the rest still stop. */
  stopAll(): Promise<void>;
  /** The names of the started extensions, in start order. */
  names(): string[];
}

export function createLifecycle(log: Logger): Lifecycle {
  const started: Extension[] = [];
  let stopping: Promise<void> | null = null;
  return {
    async start(ext) {
      if (stopping) throw new Error(`cannot start ${ext.name}: the station is stopping`);
      await ext.start?.();
      started.push(ext);
      return ext;
    },
    adopt(name, stop) {
      started.push({ name, stop });
    },
    stopAll() {
      stopping ??= (async () => {
        for (const ext of [...started].reverse()) {
          log.debug({ step: ext.name }, 'shutdown');
          try {
            await ext.stop();
          } catch (err) {
            log.error({ step: ext.name, err: (err as Error).message }, 'shutdown step failed');
          }
        }
      })();
      return stopping;
    },
    names: () => started.map((e) => e.name),
  };
}
