/**
 * The full sort on the embedded SQLite store, set-based: read everything once,
 * match in memory (sort-core.ts), write the links in key order, then rebuild
 * every step's coverage and the unsorted and coverage-gap queues with a
 * handful of statements instead of one round trip per subject. Same rules
 * and same queue semantics as the incremental path in sorter.ts and
 * reviews.ts; a PostgreSQL store would do the same with COPY. The statements:
 * full-sort-repo.ts.
 */
import { randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { ReviewKind, StepRequirement } from '../db/schema.js';
import {
  allDeviceRecordings,
  assignmentRows,
  firstOfficerRows,
  linkedFootageRows,
  liveSegmentRows,
  rebuildInTransaction,
  replaceAutoLinks,
  sessionRows,
  stepOfficerRows,
  stepRowsWithCase,
  type StepRow,
} from './full-sort-repo.js';
import { ms, type MatchOptions } from './match.js';
import {
  interruptionReviewDetail,
  recordingSpanOf,
  stepCoverage,
  type FootageSpan,
  type RecordingSpan,
} from './step-coverage.js';
import { sortAll, type CoreAssignment, type CoreSegment, type CoreStep } from './sort-core.js';
import type { SortStats } from './sorter.js';

export interface FullSortOptions {
  match: MatchOptions;
  toleranceMs: number;
  requiredShare: number;
  dueDays: Record<ReviewKind, number>;
}

const iso = (t: number) => new Date(t).toISOString();

/** Pair indexes ordered by step (counting sort): the links' primary key then grows in order. */
function orderByStep(step: Int32Array, count: number, steps: number): Int32Array {
  const starts = new Int32Array(steps + 1);
  for (let k = 0; k < count; k++) starts[step[k]! + 1]!++;
  for (let i = 0; i < steps; i++) starts[i + 1]! += starts[i]!;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[starts[step[k]!]!++] = k;
  return order;
}

export function fullSortSqlite(raw: SQLite.Database, o: FullSortOptions): SortStats {
  const t0 = performance.now();
  // Rows are streamed into compact arrays: .all() would first build a million row arrays.
  // The integer rowid stands in for the UUID until the insert joins it back in SQLite.
  const segRowids: number[] = [];
  const segments: CoreSegment[] = [];
  for (const r of liveSegmentRows(raw)) {
    segRowids.push(r[0]);
    segments.push({ deviceId: r[1], officerId: r[2], start: ms(r[3]), end: ms(r[4]), lat: r[5], lon: r[6] });
  }
  const stepRows = stepRowsWithCase(raw);
  const stepIdx = new Map<string, number>();
  const steps: (CoreStep & { officers: string[] })[] = stepRows.map((r, i) => {
    stepIdx.set(r[0], i);
    return { officers: [], start: ms(r[1]), end: ms(r[2]), lat: r[3], lon: r[4] };
  });
  for (const [stepId, officerId] of stepOfficerRows(raw)) {
    const i = stepIdx.get(stepId);
    if (i !== undefined) steps[i]!.officers.push(officerId);
  }
  const assignments: CoreAssignment[] = assignmentRows(raw).map((a) => ({
    deviceId: a[0],
    officerId: a[1],
    start: ms(a[2]),
    end: ms(a[3]),
  }));
  const t1 = performance.now();

  const result = sortAll(segments, steps, assignments, o.match);
  const t2 = performance.now();

  const now = new Date().toISOString();
  const order = orderByStep(result.step, result.count, steps.length);
  // One JSON array for a single statement (full-sort-repo.ts), already in primary-key order.
  const pairs: [string, number][] = new Array<[string, number]>(result.count);
  for (let j = 0; j < result.count; j++) {
    const k = order[j]!;
    pairs[j] = [stepRows[result.step[k]!]![0], segRowids[result.segment[k]!]!];
  }
  const json = JSON.stringify(pairs);
  replaceAutoLinks(raw, json, now);
  const t3 = performance.now();

  rebuildDerived(raw, stepRows, steps, assignments, o, now);
  const t4 = performance.now();
  return {
    segments: segments.length,
    steps: steps.length,
    assignments: assignments.length,
    links: result.count,
    loadMs: t1 - t0,
    matchMs: t2 - t1,
    writeMs: t3 - t2,
    derivedMs: t4 - t3,
  };
}

/** Every step's coverage and both automatic queues, from the links as they now stand. */
function rebuildDerived(
  raw: SQLite.Database,
  stepRows: StepRow[],
  steps: readonly { officers: readonly string[] }[],
  assignments: readonly CoreAssignment[],
  o: FullSortOptions,
  now: string,
): void {
  const nowMs = Date.parse(now);
  const assignmentsOf = new Map<string, CoreAssignment[]>();
  for (const a of assignments) {
    let list = assignmentsOf.get(a.officerId);
    if (!list) assignmentsOf.set(a.officerId, (list = []));
    list.push(a);
  }
  /** Recorders the step's officers held during its window (as the incremental sorter finds them). */
  const heldBy = (officers: readonly string[], start: number, end: number): string[] => {
    const out = new Set<string>();
    for (const off of officers)
      for (const a of assignmentsOf.get(off) ?? []) if (a.start < end && a.end > start) out.add(a.deviceId);
    return [...out];
  };
  const spans = new Map<string, FootageSpan[]>();
  for (const [stepId, deviceId, a, b] of linkedFootageRows(raw)) {
    let list = spans.get(stepId);
    if (!list) spans.set(stepId, (list = []));
    list.push({ deviceId, start: ms(a), end: ms(b) });
  }
  // Every recording the events told of, per device: footage is recorded, buffer, or unclaimed by them.
  const recordings = new Map<string, RecordingSpan[]>();
  for (const r of allDeviceRecordings(raw)) {
    let list = recordings.get(r.device_id);
    if (!list) recordings.set(r.device_id, (list = []));
    list.push(recordingSpanOf(r));
  }
  const classified = new Set(recordings.keys());
  const firstOfficer = new Map<string, string>();
  for (const [s, off] of firstOfficerRows(raw)) firstOfficer.set(s, off);
  const due = (kind: ReviewKind) => new Date(nowMs + o.dueDays[kind] * 86_400_000).toISOString();

  rebuildInTransaction(raw, (w) => {
    for (const [i, r] of stepRows.entries()) {
      const [id, startsAt, endsAt, , , requirement, caseId, title, number, unitId, kind] = r;
      const start = ms(startsAt);
      const end = Math.max(start, Math.min(endsAt ? ms(endsAt) : nowMs, nowMs));
      const need = requirement === 'full-process' ? 1 : requirement === 'required' ? o.requiredShare : 0;
      const c = stepCoverage({
        window: { start, end },
        requirement: requirement as StepRequirement,
        requiredRatio: need,
        toleranceMs: o.toleranceMs,
        footage: spans.get(id) ?? [],
        held: heldBy(steps[i]!.officers, start, end),
        classified,
        recordings,
      });
      const final = endsAt !== null && ms(endsAt) <= nowMs;
      w.saveCoverage([
        id,
        c.windowSeconds,
        c.coveredSeconds,
        c.ratio,
        c.passing ? 1 : 0,
        final ? 1 : 0,
        JSON.stringify(c.gaps),
        now,
        c.recordedSeconds,
        c.bufferSeconds,
        JSON.stringify(c.interruptions),
      ]);
      if (final && c.interruptions.length > 0) {
        w.ensureOpen({
          id: randomUUID(),
          kind: 'interruption',
          subject: id,
          title: `${number} ${title ?? ''}`.trim(),
          caseId,
          stepId: id,
          deviceId: null,
          officerId: firstOfficer.get(id) ?? null,
          unitId,
          start: iso(start),
          end: iso(end),
          detail: JSON.stringify(interruptionReviewDetail(kind, requirement, c.interruptions)),
          due: due('interruption'),
          now,
        });
      } else {
        w.closeAuto({
          kind: 'interruption',
          subject: id,
          why: `auto:${c.interruptions.length === 0 ? 'no interruption' : 'window reopened'}`,
          now,
        });
      }
      if (final && !c.footageOk) {
        w.ensureOpen({
          id: randomUUID(),
          kind: 'coverage-gap',
          subject: id,
          title: `${number} ${title ?? ''}`.trim(),
          caseId,
          stepId: id,
          deviceId: null,
          officerId: firstOfficer.get(id) ?? null,
          unitId,
          start: iso(start),
          end: iso(end),
          detail: JSON.stringify({
            stepKind: kind,
            ratio: c.ratio,
            requiredRatio: need,
            requirement,
            gaps: c.gaps.map((g) => ({ start: iso(g.start), end: iso(g.end), seconds: g.seconds })),
          }),
          due: due('coverage-gap'),
          now,
        });
      } else {
        w.closeAuto({
          kind: 'coverage-gap',
          subject: id,
          why: `auto:${c.footageOk ? 'covered' : 'window reopened'}`,
          now,
        });
      }
    }

    for (const [deviceId, sessionId, start, end, segs, officer, source, links] of sessionRows(raw)) {
      const subject = `${deviceId}/${sessionId}`;
      if (links > 0) {
        w.closeAuto({ kind: 'unsorted', subject, why: 'auto:linked', now });
        continue;
      }
      w.ensureOpen({
        id: randomUUID(),
        kind: 'unsorted',
        subject,
        title: `${deviceId} ${start.slice(0, 16).replace('T', ' ')}–${end.slice(11, 16)}`,
        caseId: null,
        stepId: null,
        deviceId,
        officerId: officer,
        // Filed under the footage's unit (its officer's, or the recorder's holder's), as the sorter does.
        unitId: w.unitOfFootage({ officer, device: deviceId, at: start }),
        start,
        end,
        detail: JSON.stringify({ sessionId, segments: segs, source }),
        due: due('unsorted'),
        now,
      });
    }
  });
}
