/**
 * The full sort's statements on the raw SQLite handle (full-sort.ts): bulk reads of every
 * segment, step and assignment as compact row arrays, the links replaced in one statement,
 * and the derived coverage and queue rows written in one transaction. Kysely's per-row
 * promises would cost more than the work here (bench/cases.mjs measures it).
 */
import type SQLite from 'better-sqlite3';
import type { DeviceRecordingsTable, ReviewKind } from '../db/schema.js';
import { UNIT_OF_FOOTAGE_SQL } from './owner-repo.js';

/** rowid, device_id, officer_id, started_at, ended_at, lat, lon. */
export type SegRow = [number, string, string | null, string, string, number | null, number | null];
/** id, starts_at, ends_at, lat, lon, requirement, case_id, title, case number, case unit_id, kind. */
export type StepRow = [
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
/** device_id, officer_id, started_at, ended_at. */
export type AssignmentRow = [string, string, string, string | null];
/** step_id, device_id, started_at, ended_at. */
export type LinkedFootageRow = [string, string, string, string];
/** device_id, session_id, first start, last end, segments, max(officer_id), max(source), segments linked. */
export type SessionRow = [string, string, string, string, number, string | null, string, number];

// ---- bulk reads --------------------------------------------------------------------------------

/** Every segment not deleted, streamed (.all() would first build a million row arrays). */
export function liveSegmentRows(raw: SQLite.Database): IterableIterator<SegRow> {
  return raw
    .prepare(
      'SELECT rowid, device_id, officer_id, started_at, ended_at, lat, lon FROM recordings WHERE deleted_at IS NULL',
    )
    .raw()
    .iterate() as IterableIterator<SegRow>;
}

/** Every step with its case's number and unit, by id. */
export function stepRowsWithCase(raw: SQLite.Database): StepRow[] {
  return raw
    .prepare(
      `SELECT s.id, s.starts_at, s.ends_at, s.lat, s.lon, s.requirement, s.case_id, s.title, c.number, c.unit_id, s.kind
       FROM steps s JOIN cases c ON c.id = s.case_id ORDER BY s.id`,
    )
    .raw()
    .all() as StepRow[];
}

/** Every (step_id, officer_id) pair. */
export function stepOfficerRows(raw: SQLite.Database): [string, string][] {
  return raw.prepare('SELECT step_id, officer_id FROM step_officers').raw().all() as [string, string][];
}

/** Every desk assignment. */
export function assignmentRows(raw: SQLite.Database): AssignmentRow[] {
  return raw
    .prepare('SELECT device_id, officer_id, started_at, ended_at FROM assignments')
    .raw()
    .all() as AssignmentRow[];
}

/** Each step's footage as linked now (not excluded, not deleted), streamed. */
export function linkedFootageRows(raw: SQLite.Database): IterableIterator<LinkedFootageRow> {
  return raw
    .prepare(
      `SELECT l.step_id, r.device_id, r.started_at, r.ended_at FROM links l JOIN recordings r ON r.id = l.recording_id
       WHERE l.origin != 'excluded' AND r.deleted_at IS NULL`,
    )
    .raw()
    .iterate() as IterableIterator<LinkedFootageRow>;
}

/** Every recording the MQTT events told of. */
export function allDeviceRecordings(raw: SQLite.Database): DeviceRecordingsTable[] {
  return raw.prepare('SELECT * FROM device_recordings').all() as DeviceRecordingsTable[];
}

/** Each step's first officer by id: (step_id, officer_id). */
export function firstOfficerRows(raw: SQLite.Database): [string, string][] {
  return raw.prepare('SELECT step_id, min(officer_id) FROM step_officers GROUP BY step_id').raw().all() as [
    string,
    string,
  ][];
}

/** Every recording session of live segments, with how many of its segments are linked (not excluded). */
export function sessionRows(raw: SQLite.Database): SessionRow[] {
  return raw
    .prepare(
      `SELECT r.device_id, r.session_id, min(r.started_at), max(r.ended_at), count(*), max(r.officer_id), max(r.source),
         sum(EXISTS (SELECT 1 FROM links l WHERE l.recording_id = r.id AND l.origin != 'excluded'))
       FROM recordings r WHERE r.deleted_at IS NULL GROUP BY r.device_id, r.session_id`,
    )
    .raw()
    .all() as SessionRow[];
}

// ---- the links ---------------------------------------------------------------------------------

/**
 * Replaces every automatic link with `pairs`, a JSON array of [step id, segment rowid] in
 * primary-key order, handed to SQLite's json_each: one statement instead of a million calls
 * across the JS/C boundary. Reviewers' links and exclusions are kept (and win over an auto
 * pair); the sort queue is emptied. One transaction.
 */
export function replaceAutoLinks(raw: SQLite.Database, pairs: string, now: string): void {
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
      .run(now, pairs);
    // The secondary index is rebuilt in one sorted pass instead of a million random inserts.
    raw.prepare('CREATE INDEX links_recording ON links (recording_id)').run();
    raw.prepare('DELETE FROM sort_pending').run();
  })();
}

// ---- derived rows: coverage and the automatic review queues ------------------------------------

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

/** A step's coverage as stored: step_id, window, covered, ratio, passing, final, gaps, computed_at, recorded, buffer, interruptions. */
export type CoverageRow = [
  string,
  number,
  number,
  number,
  number,
  number,
  string,
  string,
  number | undefined,
  number | undefined,
  string,
];

/** The facts of an item the system opens (reviews.ensureOpen's subject, `detail` as JSON). */
export interface OpenItem {
  id: string;
  kind: ReviewKind;
  subject: string;
  title: string;
  caseId: string | null;
  stepId: string | null;
  deviceId: string | null;
  officerId: string | null;
  unitId: string | null;
  start: string;
  end: string;
  detail: string;
  due: string;
  now: string;
}

/** The writes of the rebuild, prepared once. */
export interface DerivedWriters {
  saveCoverage(row: CoverageRow): void;
  /** reviews.ensureOpen for the item about a subject. */
  ensureOpen(item: OpenItem): void;
  /** reviews.closeAuto; `why` carries the `auto:` prefix. */
  closeAuto(p: { kind: ReviewKind; subject: string; why: string; now: string }): void;
  /** owner.ts's unit of footage. */
  unitOfFootage(p: { officer: string | null; device: string; at: string }): string | null;
}

/** Runs `write` in one transaction with the rebuild's statements prepared. */
export function rebuildInTransaction(raw: SQLite.Database, write: (w: DerivedWriters) => void): void {
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
  const unitOfFootage = raw.prepare(UNIT_OF_FOOTAGE_SQL).pluck();
  const w: DerivedWriters = {
    saveCoverage: (row) => void upsertCoverage.run(...row),
    ensureOpen: (item) => void ensureOpen.run(item),
    closeAuto: (p) => void closeAuto.run(p),
    unitOfFootage: (p) => (unitOfFootage.get(p) as string | null | undefined) ?? null,
  };
  raw.transaction(() => write(w))();
}
