/**
 * Renders documents in a worker thread, so the gateway's event loop never waits on a PDF: laying
 * out the text and subsetting the CJK font takes 60–100 ms per document on a quiet station and far
 * longer under load, and every other request would wait that long behind it.
 *
 * One worker, started on first use and started again after it dies; one job at a time, and at
 * most `maxWaiting` (8) waiting. Beyond that the caller is refused at once with TooMany (429,
 * try again shortly) rather than left to time out. A job that runs past `timeoutMs` (60 s) fails
 * with a StationFault and its worker is replaced. The worker is unref'd while idle, so it never
 * keeps the process alive; the gateway terminates it when it stops (stopRenderPool).
 *
 * The bytes are those of renderModel in the calling thread (the station hashes and signs them):
 * the worker runs the same code on the same model; only the font setting is read per job.
 *
 * From source (tests, dev) the worker is the .ts file, loaded through tsx (a devDependency);
 * Node 20 does not apply `execArgv: ['--import', 'tsx']` to a worker's entry module, so a
 * bootstrap registers tsx and then imports it. Built (dist), it is the plain .js beside this one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  Conflict,
  Forbidden,
  Invalid,
  NotFound,
  StationFault,
  TooLarge,
  TooMany,
  Unacceptable,
  Unauthorized,
  type DomainError,
  type DomainErrorKind,
  type DomainErrorOptions,
} from '../../errors.js';
import { CJK_FONT_ENV, CjkFontMissing } from './font.js';
import type { DocModel } from './model.js';
import type { RenderedDocument } from './render-model.js';
import type { RenderReply, RenderRequest } from './render-worker.js';

export const DEFAULT_MAX_WAITING = 8;
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface RenderPoolOptions {
  /** Jobs that may wait while one runs; one more is refused with TooMany. */
  maxWaiting?: number;
  /** A job running longer fails and its worker is replaced. */
  timeoutMs?: number;
}

export interface RenderPool {
  /** The model's PDF and DOCX, rendered in the worker. Rejects with TooMany when the backlog is full. */
  render(model: DocModel): Promise<RenderedDocument>;
  /** Terminates the worker and fails the jobs still waiting; a later render starts a new one. */
  close(): Promise<void>;
  /** Jobs running (0 or 1) and waiting, and how many workers were started so far. */
  stats(): { running: number; waiting: number; started: number };
}

interface Job {
  id: number;
  model: DocModel;
  resolve: (doc: RenderedDocument) => void;
  reject: (err: Error) => void;
}

const fromSource = import.meta.url.endsWith('.ts');

/**
 * tsx's ESM API as a file URL. Resolved here, since a bare specifier in the worker's bootstrap
 * would resolve from the working directory; require.resolve names its CommonJS build, whose
 * register() fails when imported, so the ESM build is read from tsx's package exports.
 */
function tsxEsmApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}

function startWorker(): Worker {
  if (!fromSource) return new Worker(new URL('./render-worker.js', import.meta.url));
  const entry = new URL('./render-worker.ts', import.meta.url).href;
  const tsx = tsxEsmApi();
  const boot =
    `import(${JSON.stringify(tsx)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((err) => { setImmediate(() => { throw err; }); });`;
  return new Worker(boot, { eval: true });
}

const DOMAIN_ERRORS: Record<DomainErrorKind, new (message: string, opts?: DomainErrorOptions) => DomainError> = {
  'not-found': NotFound,
  conflict: Conflict,
  forbidden: Forbidden,
  unauthorized: Unauthorized,
  invalid: Invalid,
  unacceptable: Unacceptable,
  'too-many': TooMany,
  'too-large': TooLarge,
  'station-fault': StationFault,
};

/** The worker's error as the class the caller would have seen rendering in-process. */
function errorOf(e: Extract<RenderReply, { ok: false }>['error']): Error {
  if (e.name === 'CjkFontMissing') return new CjkFontMissing(e.message);
  const Domain = e.kind ? DOMAIN_ERRORS[e.kind as DomainErrorKind] : undefined;
  if (Domain)
    return new Domain(e.message, {
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.details !== undefined ? { details: e.details } : {}),
    });
  const err = new Error(`rendering the document failed: ${e.message}`);
  err.name = e.name;
  return err;
}

const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export function createRenderPool(opts: RenderPoolOptions = {}): RenderPool {
  const maxWaiting = opts.maxWaiting ?? DEFAULT_MAX_WAITING;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const waiting: Job[] = [];
  let worker: Worker | null = null;
  let current: { job: Job; timer: NodeJS.Timeout } | null = null;
  let nextId = 1;
  let started = 0;

  function finish(outcome: { doc: RenderedDocument } | { err: Error }): void {
    if (!current) return;
    const { job, timer } = current;
    clearTimeout(timer);
    current = null;
    if ('doc' in outcome) job.resolve(outcome.doc);
    else job.reject(outcome.err);
    next();
  }

  /** Ends the worker (after a timeout, or at close): the next job starts another. */
  async function drop(w: Worker): Promise<void> {
    if (worker === w) worker = null;
    w.removeAllListeners();
    w.on('error', () => {}); // a late error of a worker being terminated is no one's concern
    await w.terminate();
  }

  function spawn(): Worker {
    const w = startWorker();
    started++;
    w.on('message', (reply: RenderReply) => {
      if (worker !== w || !current || reply.id !== current.job.id) return;
      finish(reply.ok ? { doc: { pdf: bytes(reply.pdf), docx: bytes(reply.docx) } } : { err: errorOf(reply.error) });
    });
    let failure: Error | null = null;
    w.on('error', (err) => {
      failure = err;
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = null;
      const why = failure ? failure.message : `it exited with code ${code}`;
      finish({
        err: new StationFault(
          `the document renderer stopped (${why}): try again; if it keeps failing, check the gateway log`,
          { code: 'render-worker-failed' },
        ),
      });
    });
    return w;
  }

  function next(): void {
    if (current) return;
    const job = waiting.shift();
    if (!job) {
      worker?.unref();
      return;
    }
    worker ??= spawn();
    const w = worker;
    // Held while a job runs, so a caller awaiting it is not cut off by the process exiting.
    w.ref();
    const timer = setTimeout(() => {
      void drop(w);
      finish({
        err: new StationFault(
          `rendering the document took longer than ${Math.round(timeoutMs / 1000)} s and was stopped: the station is overloaded, try again shortly`,
          { code: 'render-timeout', details: { timeoutSeconds: timeoutMs / 1000 } },
        ),
      });
    }, timeoutMs);
    timer.unref();
    current = { job, timer };
    try {
      w.postMessage({ id: job.id, model: job.model, font: process.env[CJK_FONT_ENV] } satisfies RenderRequest);
    } catch (err) {
      finish({ err: err instanceof Error ? err : new Error(String(err)) });
    }
  }

  return {
    render(model) {
      // Checked and queued in one synchronous step: concurrent callers cannot all pass the check.
      if (waiting.length >= maxWaiting)
        return Promise.reject(
          new TooMany(
            `the station is already generating ${waiting.length + (current ? 1 : 0)} documents: try again shortly`,
            { code: 'render-queue-full', details: { retryAfterSeconds: 5 } },
          ),
        );
      return new Promise<RenderedDocument>((resolve, reject) => {
        waiting.push({ id: nextId++, model, resolve, reject });
        next();
      });
    },
    async close() {
      const stopping = () => new StationFault('the gateway is stopping: try again once it is back');
      for (const job of waiting.splice(0)) job.reject(stopping());
      if (current) {
        clearTimeout(current.timer);
        current.job.reject(stopping());
        current = null;
      }
      if (worker) await drop(worker);
    },
    stats: () => ({ running: current ? 1 : 0, waiting: waiting.length, started }),
  };
}

let shared: RenderPool | null = null;

/** The gateway's render pool (one worker per process), made on first use. */
export function renderInWorker(model: DocModel): Promise<RenderedDocument> {
  shared ??= createRenderPool();
  return shared.render(model);
}

/** Terminates the gateway's render worker (the gateway's stop); a later render starts another. */
export async function stopRenderPool(): Promise<void> {
  await shared?.close();
}
