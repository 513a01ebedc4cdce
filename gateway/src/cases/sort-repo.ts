/**
 * The incremental sorter's reads and writes (sorter.ts): its queue, the automatic links,
 * the footage, steps and desk assignments it matches, and each step's stored coverage.
 * Times are ISO strings.
 */
import type { ExpressionBuilder } from 'kysely';
import type { Db } from '../db/database.js';
import type {
  Database,
  DeviceRecordingsTable,
  RecordingsTable,
  SortPendingTable,
  StepCoverageTable,
} from '../db/schema.js';

/** A step paired with a segment. */
export interface LinkPair {
  stepId: string;
  recordingId: string;
}

/**
 * Segments that overlap (from, to). `earliestStart` bounds the start from below (from minus the
 * longest segment), so the started_at index narrows the scan (as footage/recordings-repo.ts does).
 */
export interface SegmentSpan {
  earliestStart: string;
  from: string;
  to: string;
}

/** On `recordings`: the segment overlaps the span. */
function overlapping(eb: ExpressionBuilder<Database, 'recordings'>, span: SegmentSpan) {
  return eb.and([
    eb('started_at', '>', span.earliestStart),
    eb('started_at', '<', span.to),
    eb('ended_at', '>', span.from),
  ]);
}

/** On `assignments`: the recorder was held at some time in (from, to). */
function heldDuring(eb: ExpressionBuilder<Database, 'assignments'>, from: string, to: string) {
  return eb.and([eb('started_at', '<', to), eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', from)])]);
}

/** On `steps`: the step's window reaches into (from, to) (an open step runs on). */
function stepDuring(eb: ExpressionBuilder<Database, 'steps'>, from: string, to: string) {
  return eb.and([
    eb('steps.starts_at', '<', to),
    eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', from)]),
  ]);
}

// ---- the queue ---------------------------------------------------------------------------------

/** Queues a subject for re-sorting (once: a subject already queued stays as it is). */
export async function queueSort(db: Db, kind: SortPendingTable['kind'], id: string, now: string): Promise<void> {
  await db
    .insertInto('sort_pending')
    .values({ kind, id, queued_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The oldest queued subjects. */
export async function pendingSorts(db: Db, limit: number): Promise<SortPendingTable[]> {
  return db.selectFrom('sort_pending').selectAll().orderBy('queued_at').limit(limit).execute();
}

/** Takes a subject off the queue once it is sorted. */
export async function unqueueSort(db: Db, kind: SortPendingTable['kind'], id: string): Promise<void> {
  await db.deleteFrom('sort_pending').where('kind', '=', kind).where('id', '=', id).execute();
}

// ---- links -------------------------------------------------------------------------------------

/** Removes these automatic links and adds those; a manual link or a reviewer's exclusion of a pair wins. */
export async function setAutoLinks(db: Db, add: readonly LinkPair[], remove: readonly LinkPair[], now: string) {
  for (const p of remove) {
    await db
      .deleteFrom('links')
      .where('step_id', '=', p.stepId)
      .where('recording_id', '=', p.recordingId)
      .where('origin', '=', 'auto')
      .execute();
  }
  if (add.length > 0) {
    await db
      .insertInto('links')
      .values(
        add.map((p) => ({
          step_id: p.stepId,
          recording_id: p.recordingId,
          origin: 'auto' as const,
          linked_by: null,
          reason: null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['step_id', 'recording_id']).doNothing())
      .execute();
  }
}

/** The steps a segment is linked to, and how. */
export async function linksOfRecording(db: Db, recordingId: string) {
  return db.selectFrom('links').select(['step_id', 'origin']).where('recording_id', '=', recordingId).execute();
}

/** The segments linked to a step, how, and the recording session each belongs to. */
export async function linksOfStep(db: Db, stepId: string) {
  return db
    .selectFrom('links')
    .innerJoin('recordings', 'recordings.id', 'links.recording_id')
    .select(['links.recording_id', 'links.origin', 'recordings.device_id', 'recordings.session_id'])
    .where('links.step_id', '=', stepId)
    .execute();
}

/** Drops every link of a step (the step is gone). */
export async function deleteLinksOfStep(db: Db, stepId: string): Promise<void> {
  await db.deleteFrom('links').where('step_id', '=', stepId).execute();
}

// ---- footage -----------------------------------------------------------------------------------

/** Segments (not deleted) in the range whose recorder named one of these officers. */
export async function footageNaming(db: Db, officerIds: string[], span: SegmentSpan): Promise<RecordingsTable[]> {
  return db
    .selectFrom('recordings')
    .selectAll()
    .where('officer_id', 'in', officerIds)
    .where((eb) => overlapping(eb, span))
    .where('deleted_at', 'is', null)
    .execute();
}

/** Ids of a recorder's segments in the range, deleted ones included (their links must go). */
export async function deviceSegmentIds(db: Db, deviceId: string, span: SegmentSpan): Promise<string[]> {
  const rows = await db
    .selectFrom('recordings')
    .select('id')
    .where('device_id', '=', deviceId)
    .where((eb) => overlapping(eb, span))
    .execute();
  return rows.map((x) => x.id);
}

/** A recording session's live segments: how many, how many links (not exclusions), its span, officer and source. */
export async function sessionSummary(db: Db, deviceId: string, sessionId: string) {
  return db
    .selectFrom('recordings')
    .leftJoin('links', (j) => j.onRef('links.recording_id', '=', 'recordings.id').on('links.origin', '!=', 'excluded'))
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
}

/** Recorders among these whose recordings the MQTT events told of (their footage can be classified). */
export async function devicesWithRecordings(db: Db, deviceIds: string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('device_recordings')
    .select('device_id')
    .distinct()
    .where('device_id', 'in', deviceIds)
    .execute();
  return rows.map((r) => r.device_id);
}

/** These recorders' event-told recordings that started before `to` and had not ended by `from`. */
export async function deviceRecordingsBetween(
  db: Db,
  deviceIds: string[],
  from: string,
  to: string,
): Promise<DeviceRecordingsTable[]> {
  return db
    .selectFrom('device_recordings')
    .selectAll()
    .where('device_id', 'in', deviceIds)
    .where('started_at', '<', to)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', from)]))
    .execute();
}

// ---- desk assignments --------------------------------------------------------------------------

/** Who held a recorder at some time in (from, to). */
export async function holdersOfDevice(db: Db, deviceId: string, from: string, to: string) {
  return db
    .selectFrom('assignments')
    .select(['officer_id', 'started_at', 'ended_at'])
    .where('device_id', '=', deviceId)
    .where((eb) => heldDuring(eb, from, to))
    .execute();
}

/** The recorders these officers held at some time in (from, to), one row per assignment. */
export async function assignmentsOfOfficers(db: Db, officerIds: string[], from: string, to: string) {
  return db
    .selectFrom('assignments')
    .select(['device_id', 'officer_id', 'started_at', 'ended_at'])
    .where('officer_id', 'in', officerIds)
    .where((eb) => heldDuring(eb, from, to))
    .execute();
}

/** The recorders these officers held at some time in (from, to), each once. */
export async function devicesHeldBy(db: Db, officerIds: string[], from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('assignments')
    .select('device_id')
    .distinct()
    .where('officer_id', 'in', officerIds)
    .where((eb) => heldDuring(eb, from, to))
    .execute();
  return rows.map((a) => a.device_id);
}

// ---- steps -------------------------------------------------------------------------------------

/** The first of a step's officers by id: the one its review items are filed for. */
export async function firstOfficerOfStep(db: Db, stepId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('step_officers')
    .select('officer_id')
    .where('step_id', '=', stepId)
    .orderBy('officer_id')
    .limit(1)
    .executeTakeFirst();
  return row?.officer_id;
}

/** Steps of these officers that started before `to` and had not ended by `from` (each once, with its place). */
export async function stepsOfOfficersBetween(db: Db, officerIds: string[], from: string, to: string) {
  return db
    .selectFrom('steps')
    .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
    .select(['steps.id', 'steps.starts_at', 'steps.ends_at', 'steps.lat', 'steps.lon'])
    .distinct()
    .where('step_officers.officer_id', 'in', officerIds)
    .where((eb) => stepDuring(eb, from, to))
    .execute();
}

/**
 * Steps over (from, to) that hold footage of a recorder (not excluded) or whose officers ever held it:
 * the steps whose coverage a change to that recorder's recordings may move.
 */
export async function stepsTouchingDevice(db: Db, deviceId: string, from: string, to: string): Promise<string[]> {
  const rows = await db
    .selectFrom('steps')
    .select('steps.id')
    .where((eb) => stepDuring(eb, from, to))
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
  return rows.map((r) => r.id);
}

/** Steps whose window ended by `now` but whose stored coverage is missing or not yet final. */
export async function stepsAwaitingFinalCoverage(db: Db, now: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('steps')
    .leftJoin('step_coverage', 'step_coverage.step_id', 'steps.id')
    .select('steps.id')
    .where('steps.ends_at', '<=', now)
    .where((eb) => eb.or([eb('step_coverage.final', 'is', null), eb('step_coverage.final', '=', 0)]))
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ---- stored coverage ---------------------------------------------------------------------------

/** Stores a step's coverage, replacing the previous figure. */
export async function saveStepCoverage(db: Db, stepId: string, row: Omit<StepCoverageTable, 'step_id'>): Promise<void> {
  await db
    .insertInto('step_coverage')
    .values({ step_id: stepId, ...row })
    .onConflict((oc) => oc.column('step_id').doUpdateSet(row))
    .execute();
}

/** Drops a step's stored coverage (the step is gone). */
export async function deleteStepCoverage(db: Db, stepId: string): Promise<void> {
  await db.deleteFrom('step_coverage').where('step_id', '=', stepId).execute();
}
