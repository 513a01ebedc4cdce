/**
 * Case exports as background jobs: a multi-GB export takes minutes, longer than an HTTP request
 * should. Jobs run at most `maxConcurrent` at a time (default 1: exports are disk-bound and two
 * at once are each slower than one after the other), the rest wait in order. Progress is emitted
 * as 'progress' events carrying a snapshot of the job, at most 4 per second per job plus every
 * state change, for an SSE route to stream.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportPlan } from './export-plan.js';
import { writeCaseExport, type ExportProgress, type StationSigning } from './export.js';

export type ExportFormat = 'folder' | 'zip';
export type ExportJobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJob {
  id: string;
  caseId: string;
  caseNumber: string;
  format: ExportFormat;
  state: ExportJobState;
  bytesDone: number;
  bytesTotal: number;
  /** Footage files in the export. */
  files: number;
  /** When the export was requested (ISO). */
  startedAt: string;
  finishedAt?: string;
  /** Why it failed, for the operator. */
  error?: string;
  /** The finished package. */
  path?: string;
  /** Name of the package in the export folder, e.g. 杭市监罚2025-12_20251126100003.zip. */
  fileName: string;
  /** Who asked for it (for the audit trail). */
  actor: string;
}

/** pino's Logger fits. */
export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ExportJobsOptions {
  /** Where packages are written. */
  dir: string;
  /** The station key and audit checkpoints every package is signed with. */
  station: StationSigning;
  log?: JobLog;
  maxConcurrent?: number;
}

export interface ExportJobs {
  /** Queues an export; it starts as soon as a slot is free. */
  start(plan: ExportPlan, format: ExportFormat, actor: string): ExportJob;
  get(id: string): ExportJob | undefined;
  /** Newest first. */
  list(): ExportJob[];
  /** Stops a queued or running job (its partial output is removed); false when it had already ended. */
  cancel(id: string): boolean;
  /** Forgets a job and deletes its package, cancelling it first if it is still going. */
  remove(id: string): Promise<void>;
  on(event: 'progress', listener: (job: ExportJob) => void): void;
  off(event: 'progress', listener: (job: ExportJob) => void): void;
}

const EMIT_INTERVAL_MS = 250;

interface Entry {
  job: ExportJob;
  plan: ExportPlan | null;
  controller: AbortController;
  /** Settles when the job has ended (its partial output is gone). */
  ended: Promise<void>;
  end: () => void;
  lastEmit: number;
  timer: NodeJS.Timeout | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local station time as yyyymmddHHMMss. */
function stamp(d: Date): string {
  return (
    `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`
  );
}

/** A case number as a file name on any system the package may be copied to (Windows included). */
export function sanitiseFileName(s: string): string {
  const cleaned = [...s]
    .map((c) => (c.charCodeAt(0) < 0x20 || '<>:"/\\|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/\s+/g, '_')
    .replace(/^[._]+|[. ]+$/g, '')
    .slice(0, 100);
  return cleaned || 'case';
}

export function createExportJobs(opts: ExportJobsOptions): ExportJobs {
  const maxConcurrent = Math.max(1, opts.maxConcurrent ?? 1);
  // Jobs live in memory: what a crash or a stop left half-written is of no use to anyone.
  mkdirSync(opts.dir, { recursive: true });
  for (const f of readdirSync(opts.dir)) {
    if (f.endsWith('.partial')) rmSync(join(opts.dir, f), { recursive: true, force: true });
  }
  const events = new EventEmitter();
  const entries = new Map<string, Entry>();
  const queue: Entry[] = [];
  let running = 0;

  const snapshot = (job: ExportJob): ExportJob => ({ ...job });

  function emitNow(e: Entry): void {
    if (e.timer) clearTimeout(e.timer);
    e.timer = null;
    e.lastEmit = Date.now();
    events.emit('progress', snapshot(e.job));
  }

  /** Byte progress is throttled; the latest figure is still sent once the interval has passed. */
  function emitThrottled(e: Entry): void {
    const wait = e.lastEmit + EMIT_INTERVAL_MS - Date.now();
    if (wait <= 0) emitNow(e);
    else e.timer ??= setTimeout(() => emitNow(e), wait);
  }

  function uniqueName(base: string, ext: string): string {
    const taken = (n: string) =>
      [...entries.values()].some((e) => e.job.fileName === n) || existsSync(join(opts.dir, n));
    for (let i = 1; ; i++) {
      const name = `${base}${i === 1 ? '' : `_${i}`}${ext}`;
      if (!taken(name) && !taken(`${name}.partial`)) return name;
    }
  }

  function finish(e: Entry, state: ExportJobState, patch: Partial<ExportJob> = {}): void {
    Object.assign(e.job, patch, { state, finishedAt: new Date().toISOString() });
    e.plan = null; // the plan can be large (audit excerpt): not kept once done
    emitNow(e);
    e.end();
  }

  async function run(e: Entry): Promise<void> {
    const { job } = e;
    job.state = 'running';
    emitNow(e);
    opts.log?.info(
      { jobId: job.id, caseNumber: job.caseNumber, format: job.format, actor: job.actor },
      'case export started',
    );
    const onProgress = (p: ExportProgress) => {
      job.bytesDone = p.bytesDone;
      job.bytesTotal = p.bytesTotal;
      emitThrottled(e);
    };
    try {
      const dest = join(opts.dir, job.fileName);
      const r = await writeCaseExport(e.plan!, {
        dest,
        format: job.format,
        onProgress,
        signal: e.controller.signal,
        station: opts.station,
      });
      finish(e, 'done', { path: r.path });
      opts.log?.info({ jobId: job.id, caseNumber: job.caseNumber, path: r.path, bytes: r.bytes }, 'case export done');
    } catch (err) {
      if (e.controller.signal.aborted) {
        finish(e, 'cancelled');
        opts.log?.info({ jobId: job.id, caseNumber: job.caseNumber }, 'case export cancelled');
      } else {
        finish(e, 'failed', { error: (err as Error).message });
        opts.log?.error({ jobId: job.id, caseNumber: job.caseNumber, err }, 'case export failed');
      }
    }
  }

  function pump(): void {
    while (running < maxConcurrent && queue.length > 0) {
      const e = queue.shift()!;
      running++;
      void run(e).finally(() => {
        running--;
        pump();
      });
    }
  }

  function cancel(id: string): boolean {
    const e = entries.get(id);
    if (!e || (e.job.state !== 'queued' && e.job.state !== 'running')) return false;
    e.controller.abort();
    const queued = queue.indexOf(e);
    if (queued >= 0) {
      queue.splice(queued, 1);
      finish(e, 'cancelled');
    }
    return true;
  }

  return {
    start(plan, format, actor) {
      const ext = format === 'zip' ? '.zip' : '';
      const job: ExportJob = {
        id: randomUUID(),
        caseId: plan.case.id,
        caseNumber: plan.case.number,
        format,
        state: 'queued',
        bytesDone: 0,
        // Until the writer reports the exact figure (chains included).
        bytesTotal: plan.files.reduce((n, f) => n + f.bytes, 0) + plan.documents.reduce((n, d) => n + d.bytes, 0),
        files: plan.files.length,
        startedAt: new Date().toISOString(),
        fileName: uniqueName(`${sanitiseFileName(plan.case.number)}_${stamp(new Date())}`, ext),
        actor,
      };
      let end = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      const e: Entry = { job, plan, controller: new AbortController(), ended, end, lastEmit: 0, timer: null };
      entries.set(job.id, e);
      queue.push(e);
      emitNow(e);
      pump();
      return snapshot(job);
    },
    get(id) {
      const e = entries.get(id);
      return e && snapshot(e.job);
    },
    list() {
      return [...entries.values()].map((e) => snapshot(e.job)).reverse();
    },
    cancel,
    async remove(id) {
      const e = entries.get(id);
      if (!e) return;
      cancel(id);
      await e.ended;
      if (e.job.path) await rm(e.job.path, { recursive: true, force: true });
      if (e.timer) clearTimeout(e.timer);
      entries.delete(id);
    },
    on(event, listener) {
      events.on(event, listener);
    },
    off(event, listener) {
      events.off(event, listener);
    },
  };
}
