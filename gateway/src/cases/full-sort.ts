/**
 * The full sort on the embedded SQLite store, set-based: read everything once,
 * match in memory (sort-core.ts), write the links in key order, then rebuild
 * every step's coverage and the unsorted and coverage-gap queues with a
 * handful of statements instead of one round trip per subject. Same rules
 * and same queue semantics as the incremental path in sorter.ts and
 * reviews.ts; a PostgreSQL store would do the same with COPY.
 */
import { randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type { DeviceRecordingsTable, ReviewKind, StepRequirement } from '../db/schema.js';
import { ms, type MatchOptions } from './match.js';
import { UNIT_OF_FOOTAGE_SQL } from './owner.js';
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

type SegRow = [number, string, string | null, string, string, number | null, number | null];
type StepRow = [
  string,
  string,
  string | null,
  number | null,
  number | null,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string,
];

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

/** The SQL of reviews.ensureOpen: insert, refresh an open item, reopen one the system closed; never touch a decided one. */
const ENSURE_OPEN = `
  INSERT INTO review_items (id, kind, subject_id, title, case_id, step_id, device_id, officer_id, unit_id,
    subject_start, subject_end, state, detail, due_at, created_at, updated_at)
  VALUES (@id, @kind, @subject, @title, @caseId, @stepId, @deviceId, @officerId, @unitId, @start, @end, 'open', @detail, @due, @now, @now)
  ON CONFLICT (kind, subject_id) DO UPDATE SET
    title = excluded.title, case_id = excluded.case_id, step_id = excluded.step_id, device_id = excluded.device_id,
    officer_id = excluded.officer_id, unit_id = excluded.unit_id, subject_start = excluded.subject_start,
    subject_end = excluded.subject_end, detail = excluded.detail, updated_at = excluded.updated_at,
    state = CASE WHEN review_items.state = 'done' THEN 'open' ELSE review_items.state END,
    resolution = CASE WHEN review_items.state = 'done' THEN NULL ELSE review_items.resolution END
  WHERE review_items.state != 'done' OR review_items.resolution LIKE 'auto:%'`;
/** The SQL of reviews.closeAuto. */
const CLOSE_AUTO = `
  UPDATE review_items SET state = 'done', resolution = @why, updated_at = @now
  WHERE kind = @kind AND subject_id = @subject AND state != 'done' AND (decision IS NULL OR decision = 'rejected')`;

export function fullSortSqlite(raw: SQLite.Database, o: FullSortOptions): SortStats {
  const t0 = performance.now();
  // Rows are streamed into compact arrays: .all() would first build a million row arrays.
  // The integer rowid stands in for the UUID until the insert joins it back in SQLite.
  const segRowids: number[] = [];
  const segments: CoreSegment[] = [];
  const segRows = raw
    .prepare(
      'SELECT rowid, device_id, officer_id, started_at, ended_at, lat, lon FROM recordings WHERE deleted_at IS NULL',
    )
    .raw()
    .iterate() as IterableIterator<SegRow>;
  for (const r of segRows) {
    segRowids.push(r[0]);
    segments.push({ deviceId: r[1], officerId: r[2], start: ms(r[3]), end: ms(r[4]), lat: r[5], lon: r[6] });
  }
  const stepRows = raw
    .prepare(
      `SELECT s.id, s.starts_at, s.ends_at, s.lat, s.lon, s.requirement, s.case_id, s.title, c.number, c.unit_id, s.kind
       FROM steps s JOIN cases c ON c.id = s.case_id ORDER BY s.id`,
    )
    .raw()
    .all() as StepRow[];
  const stepIdx = new Map<string, number>();
  const steps: (CoreStep & { officers: string[] })[] = stepRows.map((r, i) => {
    stepIdx.set(r[0], i);
    return { officers: [], start: ms(r[1]), end: ms(r[2]), lat: r[3], lon: r[4] };
  });
  for (const [stepId, officerId] of raw.prepare('SELECT step_id, officer_id FROM step_officers').raw().all() as [
    string,
    string,
  ][]) {
    const i = stepIdx.get(stepId);
    if (i !== undefined) steps[i]!.officers.push(officerId);
  }
  const assignments: CoreAssignment[] = (
    raw.prepare('SELECT device_id, officer_id, started_at, ended_at FROM assignments').raw().all() as [
      string,
      string,
      string,
      string | null,
    ][]
  ).map((a) => ({ deviceId: a[0], officerId: a[1], start: ms(a[2]), end: ms(a[3]) }));
  const t1 = performance.now();

  const result = sortAll(segments, steps, assignments, o.match);
  const t2 = performance.now();

  const now = new Date().toISOString();
  const order = orderByStep(result.step, result.count, steps.length);
  // One JSON array handed to SQLite's json_each: a single statement instead of a million
  // calls across the JS/C boundary. Already in primary-key order.
  const pairs: [string, number][] = new Array<[string, number]>(result.count);
  for (let j = 0; j < result.count; j++) {
    const k = order[j]!;
    pairs[j] = [stepRows[result.step[k]!]![0], segRowids[result.segment[k]!]!];
  }
  const json = JSON.stringify(pairs);
  raw.transaction(() => {
    // Reviewers' links and exclusions are kept aside; an unconditional DELETE lets SQLite drop the pages at once.
    const kept = raw.prepare("SELECT * FROM links WHERE origin != 'auto'").all() as Record<string, unknown>[];
    raw.prepare('DELETE FROM links').run();
    raw.prepare('DROP INDEX IF EXISTS links_recording').run();
    const put = raw.prepare(
      'INSERT INTO links (step_id, recording_id, origin, linked_by, reason, created_at) VALUES (@step_id, @recording_id, @origin, @linked_by, @reason, @created_at)',
    );
    for (const row of kept) put.run(row);
    raw
      .prepare(
        "INSERT OR IGNORE INTO links (step_id, recording_id, origin, linked_by, reason, created_at) SELECT j.value ->> 0, r.id, 'auto', NULL, NULL, ? FROM json_each(?) AS j JOIN recordings AS r ON r.rowid = j.value ->> 1",
      )
      .run(now, json);
    // The secondary index is rebuilt in one sorted pass instead of a million random inserts.
    raw.prepare('CREATE INDEX links_recording ON links (recording_id)').run();
    raw.prepare('DELETE FROM sort_pending').run();
  })();
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
  const linked = raw
    .prepare(
      `SELECT l.step_id, r.device_id, r.started_at, r.ended_at FROM links l JOIN recordings r ON r.id = l.recording_id
       WHERE l.origin != 'excluded' AND r.deleted_at IS NULL`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string, string, string]>;
  for (const [stepId, deviceId, a, b] of linked) {
    let list = spans.get(stepId);
    if (!list) spans.set(stepId, (list = []));
    list.push({ deviceId, start: ms(a), end: ms(b) });
  }
  // Every recording the events told of, per device: footage is recorded, buffer, or unclaimed by them.
  const recordings = new Map<string, RecordingSpan[]>();
  for (const r of raw.prepare('SELECT * FROM device_recordings').all() as DeviceRecordingsTable[]) {
    let list = recordings.get(r.device_id);
    if (!list) recordings.set(r.device_id, (list = []));
    list.push(recordingSpanOf(r));
  }
  const classified = new Set(recordings.keys());
  const firstOfficer = new Map<string, string>();
  for (const [s, off] of raw
    .prepare('SELECT step_id, min(officer_id) FROM step_officers GROUP BY step_id')
    .raw()
    .all() as [string, string][])
    firstOfficer.set(s, off);

  const upsertCoverage = raw.prepare(
    `INSERT INTO step_coverage (step_id, window_seconds, covered_seconds, ratio, passing, final, gaps, computed_at,
       recorded_seconds, buffer_seconds, interruptions)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (step_id) DO UPDATE SET window_seconds = excluded.window_seconds, covered_seconds = excluded.covered_seconds,
       ratio = excluded.ratio, passing = excluded.passing, final = excluded.final, gaps = excluded.gaps, computed_at = excluded.computed_at,
       recorded_seconds = excluded.recorded_seconds, buffer_seconds = excluded.buffer_seconds, interruptions = excluded.interruptions`,
  );
  const ensureOpen = raw.prepare(ENSURE_OPEN);
  const closeAuto = raw.prepare(CLOSE_AUTO);
  // Unsorted footage is filed under its unit (its officer's, or the recorder's holder's), as the sorter does.
  const unitOfFootage = raw.prepare(UNIT_OF_FOOTAGE_SQL).pluck();
  const due = (kind: ReviewKind) => new Date(nowMs + o.dueDays[kind] * 86_400_000).toISOString();

  raw.transaction(() => {
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
      upsertCoverage.run(
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
      );
      if (final && c.interruptions.length > 0) {
        ensureOpen.run({
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
        closeAuto.run({
          kind: 'interruption',
          subject: id,
          why: `auto:${c.interruptions.length === 0 ? 'no interruption' : 'window reopened'}`,
          now,
        });
      }
      if (final && !c.footageOk) {
        ensureOpen.run({
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
        closeAuto.run({
          kind: 'coverage-gap',
          subject: id,
          why: `auto:${c.footageOk ? 'covered' : 'window reopened'}`,
          now,
        });
      }
    }

    const sessions = raw
      .prepare(
        `SELECT r.device_id, r.session_id, min(r.started_at), max(r.ended_at), count(*), max(r.officer_id), max(r.source),
           sum(EXISTS (SELECT 1 FROM links l WHERE l.recording_id = r.id AND l.origin != 'excluded'))
         FROM recordings r WHERE r.deleted_at IS NULL GROUP BY r.device_id, r.session_id`,
      )
      .raw()
      .all() as [string, string, string, string, number, string | null, string, number][];
    for (const [deviceId, sessionId, start, end, segs, officer, source, links] of sessions) {
      const subject = `${deviceId}/${sessionId}`;
      if (links > 0) {
        closeAuto.run({ kind: 'unsorted', subject, why: 'auto:linked', now });
        continue;
      }
      ensureOpen.run({
        id: randomUUID(),
        kind: 'unsorted',
        subject,
        title: `${deviceId} ${start.slice(0, 16).replace('T', ' ')}–${end.slice(11, 16)}`,
        caseId: null,
        stepId: null,
        deviceId,
        officerId: officer,
        unitId: (unitOfFootage.get({ officer, device: deviceId, at: start }) as string | null | undefined) ?? null,
        start,
        end,
        detail: JSON.stringify({ sessionId, segments: segs, source }),
        due: due('unsorted'),
        now,
      });
    }
  })();
}
