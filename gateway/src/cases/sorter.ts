/**
 * Sorting footage into enforcement steps, and what follows from the links:
 * each step's coverage and gaps, the unsorted and coverage-gap queues.
 *
 * Every change that can move a link (a new segment, a step edited, an
 * assignment changed) is queued in `sort_pending` inside the transaction that
 * made it; one worker re-sorts just that subject and deletes the queue row in
 * the same transaction as the new links. A crash loses nothing and the
 * station never rescans everything on a change. The full sort (sort-core.ts)
 * is for repairs and imports.
 */
import type { GatewayConfig } from '../config.js';
import { sqliteHandle, type Db } from '../db/database.js';
import type { RecordingsTable, SortPendingTable, StepRequirement, StepsTable } from '../db/schema.js';
import { deviceFootageOver, findRecording } from '../footage/recordings-repo.js';
import type { Logger } from '../log.js';
import { findCase } from './cases-repo.js';
import { linkedFootage } from './links-repo.js';
import { ms, nearEnough, officersOf, windowOverlaps, type AssignmentSpan, type MatchOptions } from './match.js';
import type { Reviews } from './reviews.js';
import { fullSortSqlite } from './full-sort.js';
import {
  assignmentsOfOfficers,
  deleteLinksOfStep,
  deleteStepCoverage,
  deviceRecordingsBetween,
  deviceSegmentIds,
  devicesHeldBy,
  devicesWithRecordings,
  firstOfficerOfStep,
  footageNaming,
  holdersOfDevice,
  linksOfRecording,
  linksOfStep,
  pendingSorts,
  queueSort,
  saveStepCoverage,
  sessionSummary,
  setAutoLinks,
  stepsAwaitingFinalCoverage,
  stepsOfOfficersBetween,
  stepsTouchingDevice,
  unqueueSort,
} from './sort-repo.js';
import { findStep, officersOfSteps } from './steps-repo.js';
import {
  interruptionReviewDetail,
  MAX_BUFFER_MS,
  recordingSpanOf,
  stepCoverage,
  type FootageSpan,
  type RecordingSpan,
  type StepCoverageResult,
} from './step-coverage.js';

/** Longest segment the station expects; bounds the index range of overlap queries. */
export const MAX_SEGMENT_MS = 6 * 3600_000;

export interface StepCoverage extends StepCoverageResult {
  stepId: string;
  requirement: StepRequirement;
  requiredRatio: number;
  passing: boolean;
  /** The window has ended: the figure will not grow by itself. */
  final: boolean;
  windowStart: string;
  windowEnd: string;
}

export interface SortStats {
  segments: number;
  steps: number;
  assignments: number;
  links: number;
  loadMs: number;
  matchMs: number;
  writeMs: number;
  derivedMs: number;
}

const iso = (t: number) => new Date(t).toISOString();

export function requiredRatio(req: StepRequirement, cfg: GatewayConfig['cases']): number {
  return req === 'full-process' ? 1 : req === 'required' ? cfg.requiredShare : 0;
}

/** The officers on one step. */
async function officersOfStep(db: Db, stepId: string): Promise<string[]> {
  return (await officersOfSteps(db, [stepId])).get(stepId) ?? [];
}

export function createSorter(db: Db, reviews: Reviews, cfg: GatewayConfig['cases'], log: Logger) {
  const opts: MatchOptions = { marginMs: cfg.sortMarginMinutes * 60_000, maxDistanceM: cfg.sortMaxDistanceMeters };
  const toleranceMs = cfg.gapToleranceSeconds * 1000;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let draining = false;
  let finalTimer: NodeJS.Timeout | null = null;
  const listeners: ((stepIds: string[]) => void)[] = [];

  async function assignmentsOfDevice(ex: Db, deviceId: string, from: number, to: number): Promise<AssignmentSpan[]> {
    const rows = await holdersOfDevice(ex, deviceId, iso(from), iso(to));
    return rows.map((a) => ({ officerId: a.officer_id, start: ms(a.started_at), end: ms(a.ended_at) }));
  }

  /** Re-sorts one segment against the steps of whoever held its device. */
  async function sortRecording(ex: Db, id: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const rec = await findRecording(ex, id);
    const existing = await linksOfRecording(ex, id);
    const autoNow = new Set(existing.filter((l) => l.origin === 'auto').map((l) => l.step_id));
    const want = new Set<string>();
    if (rec && !rec.deleted_at) {
      const seg = { start: ms(rec.started_at), end: ms(rec.ended_at), officerId: rec.officer_id };
      const officers = officersOf(seg, await assignmentsOfDevice(ex, rec.device_id, seg.start, seg.end));
      if (officers.length > 0) {
        const steps = await stepsOfOfficersBetween(
          ex,
          officers,
          iso(seg.start - opts.marginMs),
          iso(seg.end + opts.marginMs),
        );
        for (const st of steps) {
          if (
            windowOverlaps(seg, { start: ms(st.starts_at), end: ms(st.ends_at) }, opts.marginMs) &&
            nearEnough(rec, st, opts.maxDistanceM)
          )
            want.add(st.id);
        }
      }
    }
    const add = [...want].filter((s) => !autoNow.has(s)).map((stepId) => ({ stepId, recordingId: id }));
    const remove = [...autoNow].filter((s) => !want.has(s)).map((stepId) => ({ stepId, recordingId: id }));
    await setAutoLinks(ex, add, remove, new Date().toISOString());
    for (const p of [...add, ...remove]) touched.add(p.stepId);
    // Manual links count for coverage too: a deleted segment must leave their figures.
    if (!rec || rec.deleted_at) for (const l of existing) touched.add(l.step_id);
    if (rec) sessions.add(`${rec.device_id}/${rec.session_id}`);
  }

  /** The footage a step's officers recorded around its window. */
  async function candidatesForStep(ex: Db, step: StepsTable, officers: string[]): Promise<RecordingsTable[]> {
    const from = ms(step.starts_at) - opts.marginMs;
    const to = step.ends_at ? ms(step.ends_at) + opts.marginMs : Number.POSITIVE_INFINITY;
    const toIso = Number.isFinite(to) ? iso(to) : '9999-12-31T23:59:59.999Z';
    const out = new Map<string, RecordingsTable>();
    if (officers.length === 0) return [];
    // Through assignments: devices the officers held during the window.
    const assigns = await assignmentsOfOfficers(ex, officers, iso(from), toIso);
    for (const a of assigns) {
      const lo = Math.max(from, ms(a.started_at));
      const hi = Math.min(to, ms(a.ended_at));
      const rows = await deviceFootageOver(ex, a.device_id, {
        earliestStart: iso(lo - MAX_SEGMENT_MS),
        from: iso(lo),
        to: Number.isFinite(hi) ? iso(hi) : toIso,
      });
      for (const r of rows) out.set(r.id, r);
    }
    // Through the recorder-reported officer, where no assignment covers the segment.
    const reported = await footageNaming(ex, officers, {
      earliestStart: iso(from - MAX_SEGMENT_MS),
      from: iso(from),
      to: toIso,
    });
    const byDevice = new Map<string, AssignmentSpan[]>();
    for (const r of reported) {
      if (out.has(r.id)) continue;
      let spans = byDevice.get(r.device_id);
      if (!spans)
        byDevice.set(r.device_id, (spans = await assignmentsOfDevice(ex, r.device_id, from - MAX_SEGMENT_MS, to)));
      const seg = { start: ms(r.started_at), end: ms(r.ended_at), officerId: r.officer_id };
      if (officersOf(seg, spans).some((o) => officers.includes(o))) out.set(r.id, r);
    }
    return [...out.values()];
  }

  /** Re-sorts one step against its officers' footage. */
  async function sortStep(ex: Db, id: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const step = await findStep(ex, id);
    const existing = await linksOfStep(ex, id);
    touched.add(id);
    if (!step) {
      await deleteLinksOfStep(ex, id);
      for (const l of existing) sessions.add(`${l.device_id}/${l.session_id}`);
      return;
    }
    const officers = await officersOfStep(ex, id);
    const window = { start: ms(step.starts_at), end: ms(step.ends_at) };
    const want = new Map<string, RecordingsTable>();
    for (const r of await candidatesForStep(ex, step, officers)) {
      if (
        windowOverlaps({ start: ms(r.started_at), end: ms(r.ended_at) }, window, opts.marginMs) &&
        nearEnough(r, step, opts.maxDistanceM)
      )
        want.set(r.id, r);
    }
    const autoNow = new Set(existing.filter((l) => l.origin === 'auto').map((l) => l.recording_id));
    const add = [...want.keys()].filter((r) => !autoNow.has(r)).map((recordingId) => ({ stepId: id, recordingId }));
    const remove = [...autoNow].filter((r) => !want.has(r)).map((recordingId) => ({ stepId: id, recordingId }));
    await setAutoLinks(ex, add, remove, new Date().toISOString());
    for (const r of want.values()) sessions.add(`${r.device_id}/${r.session_id}`);
    for (const l of existing) if (!want.has(l.recording_id)) sessions.add(`${l.device_id}/${l.session_id}`);
  }

  /** After an assignment changed: every segment of that device in the span. */
  async function sortDeviceSpan(ex: Db, key: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const [deviceId, fromIso, toIso] = key.split('|');
    if (!deviceId || !fromIso || !toIso) return;
    const ids = await deviceSegmentIds(ex, deviceId, {
      earliestStart: iso(ms(fromIso) - MAX_SEGMENT_MS),
      from: fromIso,
      to: toIso,
    });
    for (const id of ids) await sortRecording(ex, id, touched, sessions);
    // Who held the device changed: so did the steps its recordings speak for.
    await touchDeviceRecording(ex, key, touched);
  }

  /** Coverage of one step from its linked footage and the recordings of its devices. */
  async function computeCoverage(ex: Db, step: StepsTable, now = Date.now()): Promise<StepCoverage> {
    const footage: FootageSpan[] = (await linkedFootage(ex, [step.id], false)).map((r) => ({
      deviceId: r.device_id,
      start: ms(r.started_at),
      end: ms(r.ended_at),
    }));
    const start = ms(step.starts_at);
    // Until the act is over, the window runs to now: the future is not a gap yet.
    const end = Math.max(start, Math.min(step.ends_at ? ms(step.ends_at) : now, now));
    const officers = await officersOfStep(ex, step.id);
    const held = officers.length === 0 ? [] : await devicesHeldBy(ex, officers, iso(start), iso(end));
    const devices = [...new Set([...footage.map((f) => f.deviceId), ...held])];
    const classified = new Set<string>();
    const recordings = new Map<string, RecordingSpan[]>();
    if (devices.length > 0) {
      for (const d of await devicesWithRecordings(ex, devices)) classified.add(d);
      // Only recordings whose press-to-stop or buffer reaches into the window matter.
      const rows =
        classified.size === 0
          ? []
          : await deviceRecordingsBetween(ex, [...classified], iso(start - MAX_BUFFER_MS), iso(end + MAX_BUFFER_MS));
      for (const r of rows) {
        let list = recordings.get(r.device_id);
        if (!list) recordings.set(r.device_id, (list = []));
        list.push(recordingSpanOf(r));
      }
    }
    const need = requiredRatio(step.requirement, cfg);
    const c = stepCoverage({
      window: { start, end },
      requirement: step.requirement,
      requiredRatio: need,
      toleranceMs,
      footage,
      held,
      classified,
      recordings,
    });
    return {
      ...c,
      stepId: step.id,
      requirement: step.requirement,
      requiredRatio: need,
      final: step.ends_at !== null && ms(step.ends_at) <= now,
      windowStart: iso(start),
      windowEnd: iso(end),
    };
  }

  /**
   * After a recording's events changed: every step over the span that holds footage of that device
   * or whose officers held it.
   */
  async function touchDeviceRecording(ex: Db, key: string, touched: Set<string>): Promise<void> {
    const [deviceId, fromIso, toIso] = key.split('|');
    if (!deviceId || !fromIso || !toIso) return;
    for (const id of await stepsTouchingDevice(ex, deviceId, fromIso, toIso)) touched.add(id);
  }

  async function refreshStep(ex: Db, stepId: string): Promise<void> {
    const step = await findStep(ex, stepId);
    if (!step) {
      await deleteStepCoverage(ex, stepId);
      await reviews.closeAuto(ex, 'coverage-gap', stepId, 'step deleted');
      return;
    }
    const c = await computeCoverage(ex, step);
    const row = {
      window_seconds: c.windowSeconds,
      covered_seconds: c.coveredSeconds,
      ratio: c.ratio,
      passing: c.passing ? 1 : 0,
      final: c.final ? 1 : 0,
      gaps: JSON.stringify(c.gaps),
      computed_at: new Date().toISOString(),
      recorded_seconds: c.recordedSeconds,
      buffer_seconds: c.bufferSeconds,
      interruptions: JSON.stringify(c.interruptions),
    };
    await saveStepCoverage(ex, stepId, row);
    // Only a finished act can be judged; an open one may still be recorded.
    const gapItem = c.final && !c.footageOk;
    const stopItem = c.final && c.interruptions.length > 0;
    const kase = gapItem || stopItem ? await findCase(ex, step.case_id) : undefined;
    const officerId = gapItem || stopItem ? await firstOfficerOfStep(ex, stepId) : undefined;
    if (gapItem) {
      await reviews.ensureOpen(ex, {
        kind: 'coverage-gap',
        subjectId: stepId,
        title: `${kase?.number ?? ''} ${step.title ?? ''}`.trim(),
        caseId: step.case_id,
        stepId,
        officerId: officerId ?? null,
        unitId: kase?.unit_id ?? null,
        subjectStart: c.windowStart,
        subjectEnd: c.windowEnd,
        detail: {
          stepKind: step.kind,
          ratio: c.ratio,
          requiredRatio: c.requiredRatio,
          requirement: c.requirement,
          gaps: c.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end), seconds: g.seconds })),
        },
      });
    } else {
      await reviews.closeAuto(ex, 'coverage-gap', stepId, c.footageOk ? 'covered' : 'window reopened');
    }
    // A stop inside a full-process or required step is reviewed even when buffer footage covers it.
    if (stopItem) {
      await reviews.ensureOpen(ex, {
        kind: 'interruption',
        subjectId: stepId,
        title: `${kase?.number ?? ''} ${step.title ?? ''}`.trim(),
        caseId: step.case_id,
        stepId,
        officerId: officerId ?? null,
        unitId: kase?.unit_id ?? null,
        subjectStart: c.windowStart,
        subjectEnd: c.windowEnd,
        detail: interruptionReviewDetail(step.kind, step.requirement, c.interruptions),
      });
    } else {
      await reviews.closeAuto(
        ex,
        'interruption',
        stepId,
        c.interruptions.length === 0 ? 'no interruption' : 'window reopened',
      );
    }
  }

  /** A recording session with no linked segment at all is unsorted footage. */
  async function refreshSession(ex: Db, key: string): Promise<void> {
    const slash = key.indexOf('/');
    const deviceId = key.slice(0, slash);
    const sessionId = key.slice(slash + 1);
    const agg = await sessionSummary(ex, deviceId, sessionId);
    if (!agg || Number(agg.segments) === 0) {
      await reviews.closeAuto(ex, 'unsorted', key, 'footage deleted');
    } else if (Number(agg.links) > 0) {
      await reviews.closeAuto(ex, 'unsorted', key, 'linked');
    } else {
      const start = agg.start as string;
      const end = agg.end as string;
      await reviews.ensureOpen(ex, {
        kind: 'unsorted',
        subjectId: key,
        title: `${deviceId} ${start.slice(0, 16).replace('T', ' ')}–${end.slice(11, 16)}`,
        deviceId,
        officerId: (agg.officer as string | null) ?? null,
        subjectStart: start,
        subjectEnd: end,
        detail: { sessionId, segments: Number(agg.segments), source: agg.source },
      });
    }
  }

  async function processBatch(): Promise<number> {
    const pending = await pendingSorts(db, 50);
    for (const p of pending) {
      const touched = new Set<string>();
      await db.transaction().execute(async (trx) => {
        const sessions = new Set<string>();
        if (p.kind === 'recording') await sortRecording(trx, p.id, touched, sessions);
        else if (p.kind === 'step') await sortStep(trx, p.id, touched, sessions);
        else if (p.kind === 'device-recording') await touchDeviceRecording(trx, p.id, touched);
        else await sortDeviceSpan(trx, p.id, touched, sessions);
        for (const s of touched) await refreshStep(trx, s);
        for (const s of sessions) await refreshSession(trx, s);
        await unqueueSort(trx, p.kind, p.id);
      });
      if (touched.size > 0) for (const fn of listeners) fn([...touched]);
    }
    return pending.length;
  }

  function kick(): Promise<void> {
    if (draining) {
      again = true;
      return running;
    }
    draining = true;
    running = (async () => {
      try {
        do {
          again = false;
          while ((await processBatch()) > 0) {
            /* until the queue is empty */
          }
        } while (again);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'sorting failed; the change stays queued and is retried');
      } finally {
        draining = false;
      }
    })();
    return running;
  }

  return {
    options: opts,
    /** Queue a subject for re-sorting inside the caller's transaction. */
    async queue(ex: Db, kind: SortPendingTable['kind'], id: string): Promise<void> {
      await queueSort(ex, kind, id, new Date().toISOString());
    },
    /** Work through the queue; resolves when it is empty. */
    flush: kick,
    kick(): void {
      void kick();
    },
    /** Steps whose coverage changed (for the live channel). */
    onCoverage(fn: (stepIds: string[]) => void): void {
      listeners.push(fn);
    },
    computeCoverage,
    refreshStep,
    refreshSession,

    /** Checks steps whose window ended since they were last computed; then keeps doing so. */
    startFinalCheck(everyMs: number): void {
      const tick = async () => {
        const now = new Date().toISOString();
        const due = await stepsAwaitingFinalCoverage(db, now, 1000);
        for (const id of due) await db.transaction().execute((trx) => refreshStep(trx, id));
        if (due.length > 0) for (const fn of listeners) fn(due);
      };
      void kick().then(tick);
      finalTimer = setInterval(
        () => void tick().catch((err: Error) => log.error({ err: err.message }, 'coverage check failed')),
        everyMs,
      );
      finalTimer.unref();
    },
    async stop(): Promise<void> {
      if (finalTimer) clearInterval(finalTimer);
      await running;
    },

    /**
     * Every link from scratch (after an import or to repair). Manual links and
     * exclusions survive; auto links are replaced. Returns timings.
     */
    async fullSort(): Promise<SortStats> {
      await running;
      const raw = sqliteHandle(db);
      if (!raw) throw new Error('the full sort needs the SQLite store; on PostgreSQL re-queue every step instead');
      const stats = fullSortSqlite(raw, {
        match: opts,
        toleranceMs,
        requiredShare: cfg.requiredShare,
        dueDays: reviews.dueDays,
      });
      log.info(stats, 'full sort done');
      for (const fn of listeners) fn([]);
      return stats;
    },
  };
}
export type Sorter = ReturnType<typeof createSorter>;
