/** Units, officers and the desk's device assignments as stored (the people side of the case model). */
import type { Db } from '../db/database.js';
import type { AssignmentsTable, OfficersTable, UnitsTable } from '../db/schema.js';

/** Far enough ahead that an open assignment (no end) overlaps every later span. */
const OPEN_END = '9999';

// ---- units ------------------------------------------------------------------------------

/** Every unit, by id. */
export async function allUnits(db: Db): Promise<UnitsTable[]> {
  return db.selectFrom('units').selectAll().orderBy('id').execute();
}

/** Creates the unit or renames/moves it (the creation time of an existing unit stays). */
export async function saveUnit(
  db: Db,
  id: string,
  row: Pick<UnitsTable, 'name' | 'parent_id'>,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('units')
    .values({ id, ...row, created_at: createdAt })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** Whether a unit with this id exists (an officer may only join an existing one). */
export async function unitExists(db: Db, id: string): Promise<boolean> {
  return !!(await db.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst());
}

/** A unit's name, as an export prints it; undefined when there is no such unit. */
export async function unitName(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('units').select('name').where('id', '=', id).executeTakeFirst())?.name;
}

// ---- officers ---------------------------------------------------------------------------

/** The officers, by badge number; only those of `unitId` when given. */
export async function officersOf(db: Db, unitId?: string): Promise<OfficersTable[]> {
  let q = db.selectFrom('officers').selectAll();
  if (unitId) q = q.where('unit_id', '=', unitId);
  return q.orderBy('id').execute();
}

/** The officer other than `exceptId` who holds this licence number, if any (licences are personal). */
export async function licenceHolderOtherThan(db: Db, licenceNo: string, exceptId: string): Promise<string | undefined> {
  const other = await db
    .selectFrom('officers')
    .select('id')
    .where('licence_no', '=', licenceNo)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return other?.id;
}

/** Creates the officer or updates their record (the creation time of an existing officer stays). */
export async function saveOfficer(
  db: Db,
  id: string,
  row: Pick<OfficersTable, 'name' | 'licence_no' | 'unit_id' | 'role' | 'active'> & { licence_expires?: string | null },
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('officers')
    .values({ id, licence_expires: null, ...row, created_at: createdAt })
    .onConflict((oc) => oc.column('id').doUpdateSet(row))
    .execute();
}

/** The officer's record; throws when there is none (callers have just saved it). */
export async function officerRecord(db: Db, id: string): Promise<OfficersTable> {
  const o = await findOfficer(db, id);
  if (!o) throw new Error(`officer ${id} vanished inside its own transaction`);
  return o;
}

/** An officer's record, or undefined when there is no such badge number. */
export function findOfficer(db: Db, officerId: string): Promise<OfficersTable | undefined> {
  return db.selectFrom('officers').selectAll().where('id', '=', officerId).executeTakeFirst();
}

/** Every officer's name by badge number (an export names the officers on each step). */
export async function officerNames(db: Db): Promise<Map<string, string>> {
  return new Map(
    (await db.selectFrom('officers').select(['id', 'name']).execute()).map((o) => [o.id, o.name] as const),
  );
}

// ---- assignments ------------------------------------------------------------------------

export interface AssignmentFilter {
  deviceId?: string;
  officerId?: string;
  /** Only assignments still out (no end). */
  open?: boolean;
  limit: number;
}

/** Assignments matching the filter, latest start first. */
export async function findAssignments(db: Db, f: AssignmentFilter): Promise<AssignmentsTable[]> {
  let query = db.selectFrom('assignments').selectAll();
  if (f.deviceId) query = query.where('device_id', '=', f.deviceId);
  if (f.officerId) query = query.where('officer_id', '=', f.officerId);
  if (f.open) query = query.where('ended_at', 'is', null);
  return query.orderBy('started_at', 'desc').limit(f.limit).execute();
}

/** An assignment of the device overlapping [startedAt, endedAt) (endedAt null: open-ended), if any. */
export async function overlappingAssignment(
  db: Db,
  deviceId: string,
  startedAt: string,
  endedAt: string | null,
): Promise<AssignmentsTable | undefined> {
  return db
    .selectFrom('assignments')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('started_at', '<', endedAt ?? OPEN_END)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', startedAt)]))
    .executeTakeFirst();
}

/** Records a device handed to an officer. */
export async function insertAssignment(db: Db, row: AssignmentsTable): Promise<void> {
  await db.insertInto('assignments').values(row).execute();
}

/** The assignment with this id, if any. */
export async function findAssignment(db: Db, id: string): Promise<AssignmentsTable | undefined> {
  return db.selectFrom('assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sets when the device left the officer's hands. */
export async function endAssignmentAt(db: Db, id: string, endedAt: string): Promise<void> {
  await db.updateTable('assignments').set({ ended_at: endedAt }).where('id', '=', id).execute();
}

/** Assignments that have not ended by `at` (ongoing or still to begin), every device. */
export function assignmentsNotEndedBy(
  db: Db,
  at: string,
): Promise<Pick<AssignmentsTable, 'device_id' | 'officer_id' | 'started_at' | 'ended_at'>[]> {
  return db
    .selectFrom('assignments')
    .select(['device_id', 'officer_id', 'started_at', 'ended_at'])
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', at)]))
    .execute();
}
