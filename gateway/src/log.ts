import { createHash } from 'node:crypto';
import { destination as pinoDestination, pino, symbols, type DestinationStream, type LogFn, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

/** `pretty`: one readable line per entry (for people); `json`: one JSON object a line (for machines). */
export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerOptions {
  level: string;
  /** `auto` (default): pretty when the log goes to a terminal, JSON otherwise (pipe, file, journald, CI). */
  format?: LogFormat;
  /**
   * Identical lines at warn and above logged more often than this in a minute are folded: the first
   * ones are logged as they come, the rest counted into one line with `repeated: <count>` at the end
   * of the minute (or at the next such line after it). 0 logs every line. Default 10.
   */
  repeatsPerMinute?: number;
  /** Whether stdout is a terminal; tests set it, otherwise `process.stdout.isTTY`. */
  isTTY?: boolean;
}

const FOLD_WINDOW_MS = 60_000;
const FOLD_MAX_KEYS = 1_000;
const WARN = 40;

/** The format `auto` stands for: pretty only for a person at a terminal, and never for a given destination. */
export function resolveLogFormat(
  format: LogFormat | undefined,
  opts: { isTTY: boolean; destination: boolean },
): 'pretty' | 'json' {
  if (format === 'pretty' || format === 'json') return format;
  return opts.isTTY && !opts.destination ? 'pretty' : 'json';
}

/**
 * The station's logger. `createLogger('info')` or `createLogger(config.log)`; `destination` (default
 * stdout) lets tests read what was logged, and gets JSON unless the format `pretty` is asked for.
 */
export function createLogger(levelOrOptions: string | LoggerOptions, destination?: DestinationStream): Logger {
  const opts = typeof levelOrOptions === 'string' ? { level: levelOrOptions } : levelOrOptions;
  const isTTY = opts.isTTY ?? process.stdout.isTTY === true;
  const format = resolveLogFormat(opts.format, { isTTY, destination: destination !== undefined });
  let stream: DestinationStream | undefined = destination;
  if (format === 'pretty') {
    // In-process and synchronous (no worker thread): the lines before an exit are not lost.
    const pretty = prettyFactory({
      colorize: destination === undefined && isTTY && process.env.NO_COLOR === undefined,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'svc',
      singleLine: true,
    });
    const out = destination ?? pinoDestination({ dest: 1, sync: true });
    stream = { write: (line: string) => out.write(pretty(line)) };
  }
  const repeats = opts.repeatsPerMinute ?? 10;
  return pino(
    {
      level: opts.level,
      base: { svc: 'gateway' },
      // Secrets never reach the log, even when a request or config object is logged whole.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          'headers.cookie',
          'password',
          '*.password',
          'passwordHash',
          '*.passwordHash',
          'token',
          '*.token',
          'secret',
          '*.secret',
          'csrfToken',
          '*.csrfToken',
        ],
        censor: '[redacted]',
      },
      ...(repeats > 0 ? { hooks: { logMethod: createFolder(repeats, FOLD_WINDOW_MS, FOLD_MAX_KEYS) } } : {}),
    },
    stream,
  );
}

interface Folded {
  since: number;
  used: number;
  suppressed: number;
  /** The last line left out, logged with `repeated` when the window ends. */
  last?: { logger: Logger; method: LogFn; args: unknown[] };
  timer?: NodeJS.Timeout;
}

/**
 * A pino `logMethod` hook folding identical lines at warn and above: per key (level, message, the
 * logger's bindings and the logged object but the request id, or `foldKey` when the caller gives
 * one), `perWindow`
 * lines a window are logged; the rest are counted and logged as one line with `repeated: <count>`
 * when the window ends. The state is shared by the logger and its children, and bounded.
 */
function createFolder(perWindow: number, windowMs: number, maxKeys: number) {
  const keys = new Map<string, Folded>();

  const flush = (key: string, k: Folded) => {
    keys.delete(key);
    if (k.timer) clearTimeout(k.timer);
    if (k.suppressed > 0 && k.last) k.last.method.apply(k.last.logger, withRepeated(k.last.args, k.suppressed));
  };

  return function logMethod(this: Logger, args: unknown[], method: LogFn, level: number): void {
    if (level < WARN) return method.apply(this, args as Parameters<LogFn>);
    const key = foldKey(this, args, level);
    const now = Date.now();
    let k = keys.get(key);
    if (k && now - k.since >= windowMs) {
      flush(key, k);
      k = undefined;
    }
    if (!k) {
      // Bounded: the oldest keys go first (a Map keeps insertion order), their count logged.
      if (keys.size >= maxKeys) {
        const [oldKey, old] = keys.entries().next().value!;
        flush(oldKey, old);
      }
      k = { since: now, used: 0, suppressed: 0 };
      keys.set(key, k);
    }
    if (k.used < perWindow) {
      k.used += 1;
      return method.apply(this, args as Parameters<LogFn>);
    }
    k.suppressed += 1;
    k.last = { logger: this, method, args };
    if (!k.timer) {
      const entry = k;
      entry.timer = setTimeout(
        () => {
          if (keys.get(key) === entry) flush(key, entry);
        },
        entry.since + windowMs - now,
      );
      entry.timer.unref();
    }
  };
}

function foldKey(logger: Logger, args: unknown[], level: number): string {
  const [first, ...rest] = args;
  const obj = typeof first === 'object' && first !== null ? first : undefined;
  const msgArgs = obj ? rest : args;
  const chosen = obj && !(obj instanceof Error) ? (obj as { foldKey?: unknown }).foldKey : undefined;
  // A request's id (Fastify's reqId) makes every line unique; lines that differ only by it are the same line.
  const bindings = String((logger as unknown as Record<symbol, unknown>)[symbols.chindingsSym] ?? '').replace(
    REQ_ID_BINDING,
    '',
  );
  const what = chosen !== undefined ? { foldKey: chosen } : obj;
  const text = `${level}\0${safeJson(msgArgs)}\0${bindings}\0${safeJson(what, 'reqId')}`;
  return createHash('sha1').update(text).digest('base64');
}

const REQ_ID_BINDING = /,"reqId":(?:"(?:[^"\\]|\\.)*"|[^,}]*)/g;

function safeJson(v: unknown, skip?: string): string {
  try {
    return (
      JSON.stringify(v, (k, x: unknown) =>
        k === skip
          ? undefined
          : x instanceof Error
            ? { name: x.name, message: x.message }
            : typeof x === 'bigint'
              ? String(x)
              : x,
      ) ?? ''
    );
  } catch {
    return String(v); // a cycle: fold by what it prints as
  }
}

function withRepeated(args: unknown[], repeated: number): Parameters<LogFn> {
  const [first, ...rest] = args;
  if (first instanceof Error)
    return [{ err: first, repeated }, rest[0] ?? first.message, ...rest.slice(1)] as unknown as Parameters<LogFn>;
  if (typeof first === 'object' && first !== null)
    return [{ ...(first as object), repeated }, ...rest] as Parameters<LogFn>;
  return [{ repeated }, ...args] as Parameters<LogFn>;
}
