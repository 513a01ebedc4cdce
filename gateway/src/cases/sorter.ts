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
import type { Kysely, Transaction } from 'kysely';
import type { GatewayConfig } from '../config.js';
import { sqliteHandle, type Db } from '../db/database.js';
import type {
  Database,
  LinkOrigin,
  RecordingsTable,
  SortPendingTable,
  StepRequirement,
  StepsTable,
} from '../db/schema.js';
import type { Logger } from '../log.js';
import { ms, nearEnough, officersOf, windowOverlaps, type AssignmentSpan, type MatchOptions } from './match.js';
import type { Reviews } from './reviews.js';
import { fullSortSqlite } from './full-sort.js';
import {
  interruptionReviewDetail,
  MAX_BUFFER_MS,
  recordingSpanOf,
  stepCoverage,
  type FootageSpan,
  type RecordingSpan,
  type StepCoverageResult,
} from './step-coverage.js';

type Ex = Kysely<Database> | Transaction<Database>;

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

export function createSorter(db: Db, reviews: Reviews, cfg: GatewayConfig['cases'], log: Logger) {
  const opts: MatchOptions = { marginMs: cfg.sortMarginMinutes * 60_000, maxDistanceM: cfg.sortMaxDistanceMeters };
  const toleranceMs = cfg.gapToleranceSeconds * 1000;
  let running: Promise<void> = Promise.resolve();
  let again = false;
  let draining = false;
  let finalTimer: NodeJS.Timeout | null = null;
  const listeners: ((stepIds: string[]) => void)[] = [];

  async function assignmentsOfDevice(ex: Ex, deviceId: string, from: number, to: number): Promise<AssignmentSpan[]> {
    const rows = await ex
      .selectFrom('assignments')
      .select(['officer_id', 'started_at', 'ended_at'])
      .where('device_id', '=', deviceId)
      .where('started_at', '<', iso(to))
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', iso(from))]))
      .execute();
    return rows.map((a) => ({ officerId: a.officer_id, start: ms(a.started_at), end: ms(a.ended_at) }));
  }

  async function setLinks(ex: Ex, pairs: { stepId: string; recordingId: string }[], remove: typeof pairs) {
    const now = new Date().toISOString();
    for (const p of remove) {
      await ex
        .deleteFrom('links')
        .where('step_id', '=', p.stepId)
        .where('recording_id', '=', p.recordingId)
        .where('origin', '=', 'auto')
        .execute();
    }
    if (pairs.length > 0) {
      await ex
        .insertInto('links')
        .values(
          pairs.map((p) => ({
            step_id: p.stepId,
            recording_id: p.recordingId,
            origin: 'auto' as LinkOrigin,
            linked_by: null,
            reason: null,
            created_at: now,
          })),
        )
        // A manual link or a reviewer's exclusion of the same pair wins.
        .onConflict((oc) => oc.columns(['step_id', 'recording_id']).doNothing())
        .execute();
    }
  }

  /** Re-sorts one segment against the steps of whoever held its device. */
  async function sortRecording(ex: Ex, id: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const rec = await ex.selectFrom('recordings').selectAll().where('id', '=', id).executeTakeFirst();
    const existing = await ex
      .selectFrom('links')
      .select(['step_id', 'origin'])
      .where('recording_id', '=', id)
      .execute();
    const autoNow = new Set(existing.filter((l) => l.origin === 'auto').map((l) => l.step_id));
    const want = new Set<string>();
    if (rec && !rec.deleted_at) {
      const seg = { start: ms(rec.started_at), end: ms(rec.ended_at), officerId: rec.officer_id };
      const officers = officersOf(seg, await assignmentsOfDevice(ex, rec.device_id, seg.start, seg.end));
      if (officers.length > 0) {
        const steps = await ex
          .selectFrom('steps')
          .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
          .select(['steps.id', 'steps.starts_at', 'steps.ends_at', 'steps.lat', 'steps.lon'])
          .distinct()
          .where('step_officers.officer_id', 'in', officers)
          .where('steps.starts_at', '<', iso(seg.end + opts.marginMs))
          .where((eb) =>
            eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', iso(seg.start - opts.marginMs))]),
          )
          .execute();
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
    await setLinks(ex, add, remove);
    for (const p of [...add, ...remove]) touched.add(p.stepId);
    // Manual links count for coverage too: a deleted segment must leave their figures.
    if (!rec || rec.deleted_at) for (const l of existing) touched.add(l.step_id);
    if (rec) sessions.add(`${rec.device_id}/${rec.session_id}`);
  }

  /** The footage a step's officers recorded around its window. */
  async function candidatesForStep(ex: Ex, step: StepsTable, officers: string[]): Promise<RecordingsTable[]> {
    const from = ms(step.starts_at) - opts.marginMs;
    const to = step.ends_at ? ms(step.ends_at) + opts.marginMs : Number.POSITIVE_INFINITY;
    const toIso = Number.isFinite(to) ? iso(to) : '9999-12-31T23:59:59.999Z';
    const out = new Map<string, RecordingsTable>();
    if (officers.length === 0) return [];
    // Through assignments: devices the officers held during the window.
    const assigns = await ex
      .selectFrom('assignments')
      .select(['device_id', 'officer_id', 'started_at', 'ended_at'])
      .where('officer_id', 'in', officers)
      .where('started_at', '<', toIso)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', iso(from))]))
      .execute();
    for (const a of assigns) {
      const lo = Math.max(from, ms(a.started_at));
      const hi = Math.min(to, ms(a.ended_at));
      const rows = await ex
        .selectFrom('recordings')
        .selectAll()
        .where('device_id', '=', a.device_id)
        .where('started_at', '>', iso(lo - MAX_SEGMENT_MS))
        .where('started_at', '<', Number.isFinite(hi) ? iso(hi) : toIso)
        .where('ended_at', '>', iso(lo))
        .where('deleted_at', 'is', null)
        .execute();
      for (const r of rows) out.set(r.id, r);
    }
    // Through the recorder-reported officer, where no assignment covers the segment.
    const reported = await ex
      .selectFrom('recordings')
      .selectAll()
      .where('officer_id', 'in', officers)
      .where('started_at', '>', iso(from - MAX_SEGMENT_MS))
      .where('started_at', '<', toIso)
      .where('ended_at', '>', iso(from))
      .where('deleted_at', 'is', null)
      .execute();
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
  async function sortStep(ex: Ex, id: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const step = await ex.selectFrom('steps').selectAll().where('id', '=', id).executeTakeFirst();
    const existing = await ex
      .selectFrom('links')
      .innerJoin('recordings', 'recordings.id', 'links.recording_id')
      .select(['links.recording_id', 'links.origin', 'recordings.device_id', 'recordings.session_id'])
      .where('links.step_id', '=', id)
      .execute();
    touched.add(id);
    if (!step) {
      await ex.deleteFrom('links').where('step_id', '=', id).execute();
      for (const l of existing) sessions.add(`${l.device_id}/${l.session_id}`);
      return;
    }
    const officers = (
      await ex.selectFrom('step_officers').select('officer_id').where('step_id', '=', id).execute()
    ).map((o) => o.officer_id);
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
    await setLinks(ex, add, remove);
    for (const r of want.values()) sessions.add(`${r.device_id}/${r.session_id}`);
    for (const l of existing) if (!want.has(l.recording_id)) sessions.add(`${l.device_id}/${l.session_id}`);
  }

  /** After an assignment changed: every segment of that device in the span. */
  async function sortDeviceSpan(ex: Ex, key: string, touched: Set<string>, sessions: Set<string>): Promise<void> {
    const [deviceId, fromIso, toIso] = key.split('|');
    if (!deviceId || !fromIso || !toIso) return;
    const rows = await ex
      .selectFrom('recordings')
      .select('id')
      .where('device_id', '=', deviceId)
      .where('started_at', '>', iso(ms(fromIso) - MAX_SEGMENT_MS))
      .where('started_at', '<', toIso)
      .where('ended_at', '>', fromIso)
      .execute();
    for (const r of rows) await sortRecording(ex, r.id, touched, sessions);
    // Who held the device changed: so did the steps its recordings speak for.
    await touchDeviceRecording(ex, key, touched);
  }

  /** Coverage of one step from its linked footage and the recordings of its devices. */
  async function computeCoverage(ex: Ex, step: StepsTable, now = Date.now()): Promise<StepCoverage> {
    const footage: FootageSpan[] = (
      await ex
        .selectFrom('links')
        .innerJoin('recordings', 'recordings.id', 'links.recording_id')
        .select(['recordings.device_id', 'recordings.started_at', 'recordings.ended_at'])
        .where('links.step_id', '=', step.id)
        .where('links.origin', '!=', 'excluded')
        .where('recordings.deleted_at', 'is', null)
        .execute()
    ).map((r) => ({ deviceId: r.device_id, start: ms(r.started_at), end: ms(r.ended_at) }));
    const start = ms(step.starts_at);
    // Until the act is over, the window runs to now: the future is not a gap yet.
    const end = Math.max(start, Math.min(step.ends_at ? ms(step.ends_at) : now, now));
    const officers = (
      await ex.selectFrom('step_officers').select('officer_id').where('step_id', '=', step.id).execute()
    ).map((o) => o.officer_id);
    const held =
      officers.length === 0
        ? []
        : (
            await ex
              .selectFrom('assignments')
              .select('device_id')
              .distinct()
              .where('officer_id', 'in', officers)
              .where('started_at', '<', iso(end))
              .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', iso(start))]))
              .execute()
          ).map((a) => a.device_id);
    const devices = [...new Set([...footage.map((f) => f.deviceId), ...held])];
    const classified = new Set<string>();
    const recordings = new Map<string, RecordingSpan[]>();
    if (devices.length > 0) {
      for (const r of await ex
        .selectFrom('device_recordings')
        .select('device_id')
        .distinct()
        .where('device_id', 'in', devices)
        .execute())
        classified.add(r.device_id);
      // Only recordings whose press-to-stop or buffer reaches into the window matter.
      const rows =
        classified.size === 0
          ? []
          : await ex
              .selectFrom('device_recordings')
              .selectAll()
              .where('device_id', 'in', [...classified])
              .where('started_at', '<', iso(end + MAX_BUFFER_MS))
              .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', iso(start - MAX_BUFFER_MS))]))
              .execute();
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
  async function touchDeviceRecording(ex: Ex, key: string, touched: Set<string>): Promise<void> {
    const [deviceId, fromIso, toIso] = key.split('|');
    if (!deviceId || !fromIso || !toIso) return;
    const rows = await ex
      .selectFrom('steps')
      .select('steps.id')
      .where('steps.starts_at', '<', toIso)
      .where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', fromIso)]))
      .where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('links')
              .innerJoin('recordings', 'recordings.id', 'links.recording_id')
              .select('links.recording_id')
              .whereRef('links.step_id', '=', 'steps.id')
              .where('recordings.device_id', '=', deviceId)
              .where('links.origin', '!=', 'excluded'),
          ),
          eb.exists(
            eb
              .selectFrom('step_officers')
              .innerJoin('assignments', 'assignments.officer_id', 'step_officers.officer_id')
              .select('assignments.id')
              .whereRef('step_officers.step_id', '=', 'steps.id')
              .where('assignments.device_id', '=', deviceId),
          ),
        ]),
      )
      .execute();
    for (const r of rows) touched.add(r.id);
  }

  async function refreshStep(ex: Ex, stepId: string): Promise<void> {
    const step = await ex.selectFrom('steps').selectAll().where('id', '=', stepId).executeTakeFirst();
    if (!step) {
      await ex.deleteFrom('step_coverage').where('step_id', '=', stepId).execute();
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
    await ex
      .insertInto('step_coverage')
      .values({ step_id: stepId, ...row })
      .onConflict((oc) => oc.column('step_id').doUpdateSet(row))
      .execute();
    // Only a finished act can be judged; an open one may still be recorded.
    const gapItem = c.final && !c.footageOk;
    const stopItem = c.final && c.interruptions.length > 0;
    const kase =
      gapItem || stopItem
        ? await ex
            .selectFrom('cases')
            .select(['id', 'number', 'unit_id'])
            .where('id', '=', step.case_id)
            .executeTakeFirst()
        : undefined;
    const officer =
      gapItem || stopItem
        ? await ex
            .selectFrom('step_officers')
            .select('officer_id')
            .where('step_id', '=', stepId)
            .orderBy('officer_id')
            .limit(1)
            .executeTakeFirst()
        : undefined;
    if (gapItem) {
      await reviews.ensureOpen(ex, {
        kind: 'coverage-gap',
        subjectId: stepId,
        title: `${kase?.number ?? ''} ${step.title ?? ''}`.trim(),
        caseId: step.case_id,
        stepId,
        officerId: officer?.officer_id ?? null,
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
        officerId: officer?.officer_id ?? null,
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
  async function refreshSession(ex: Ex, key: string): Promise<void> {
    const slash = key.indexOf('/');
    const deviceId = key.slice(0, slash);
    const sessionId = key.slice(slash + 1);
    const agg = await ex
      .selectFrom('recordings')
      .leftJoin('links', (j) =>
        j.onRef('links.recording_id', '=', 'recordings.id').on('links.origin', '!=', 'excluded'),
      )
      .select((eb) => [
        eb.fn.count<number>('recordings.id').distinct().as('segments'),
        eb.fn.count<number>('links.step_id').as('links'),
        eb.fn.min('recordings.started_at').as('start'),
        eb.fn.max('recordings.ended_at').as('end'),
        eb.fn.max('recordings.officer_id').as('officer'),
        eb.fn.max('recordings.source').as('source'),
      ])
      .where('recordings.device_id', '=', deviceId)
      .where('recordings.session_id', '=', sessionId)
      .where('recordings.deleted_at', 'is', null)
      .executeTakeFirst();
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
    const pending = await db.selectFrom('sort_pending').selectAll().orderBy('queued_at').limit(50).execute();
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
        await trx.deleteFrom('sort_pending').where('kind', '=', p.kind).where('id', '=', p.id).execute();
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
    async queue(ex: Ex, kind: SortPendingTable['kind'], id: string): Promise<void> {
      await ex
        .insertInto('sort_pending')
        .values({ kind, id, queued_at: new Date().toISOString() })
        .onConflict((oc) => oc.doNothing())
        .execute();
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
        const due = await db
          .selectFrom('steps')
          .leftJoin('step_coverage', 'step_coverage.step_id', 'steps.id')
          .select('steps.id')
          .where('steps.ends_at', '<=', now)
          .where((eb) => eb.or([eb('step_coverage.final', 'is', null), eb('step_coverage.final', '=', 0)]))
          .limit(1000)
          .execute();
        for (const s of due) await db.transaction().execute((trx) => refreshStep(trx, s.id));
        if (due.length > 0) for (const fn of listeners) fn(due.map((d) => d.id));
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
