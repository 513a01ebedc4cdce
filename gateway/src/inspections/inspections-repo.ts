/** Random inspections as stored: the list of items, the draws (plans) and the assignments they made. */
import type { Db } from '../db/database.js';
import type {
  InspectionAssignmentsTable,
  InspectionItemsTable,
  InspectionPlansTable,
  OfficersTable,
} from '../db/schema.js';

// ---- items (随机抽查事项清单) ---------------------------------------------------------------

/** The items, in list order; the withdrawn ones too unless `activeOnly`. */
export function allItems(db: Db, activeOnly = false): Promise<InspectionItemsTable[]> {
  let q = db.selectFrom('inspection_items').selectAll();
  if (activeOnly) q = q.where('active', '=', 1);
  return q.orderBy('active', 'desc').orderBy('position').orderBy('id').execute();
}

export function findItem(db: Db, id: string): Promise<InspectionItemsTable | undefined> {
  return db.selectFrom('inspection_items').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates or updates an item (its creation time stays). */
export async function saveItem(db: Db, row: InspectionItemsTable): Promise<void> {
  const { id: _id, created_at: _created, ...changes } = row;
  await db
    .insertInto('inspection_items')
    .values(row)
    .onConflict((oc) => oc.column('id').doUpdateSet(changes))
    .execute();
}

/** Takes every item not named off the list (kept: draws name them). */
export async function deactivateItemsExcept(db: Db, keep: readonly string[], by: string, at: string): Promise<void> {
  let q = db.updateTable('inspection_items').set({ active: 0, updated_by: by, updated_at: at }).where('active', '=', 1);
  if (keep.length) q = q.where('id', 'not in', keep);
  await q.execute();
}

// ---- plans (draws) --------------------------------------------------------------------------

export async function insertPlan(db: Db, row: InspectionPlansTable): Promise<void> {
  await db.insertInto('inspection_plans').values(row).execute();
}

export function findPlan(db: Db, id: string): Promise<InspectionPlansTable | undefined> {
  return db.selectFrom('inspection_plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function planOfDrawId(db: Db, drawId: string): Promise<InspectionPlansTable | undefined> {
  return db.selectFrom('inspection_plans').selectAll().where('draw_id', '=', drawId).executeTakeFirst();
}

export function listPlans(db: Db, q: { state?: string; limit: number }): Promise<InspectionPlansTable[]> {
  let s = db.selectFrom('inspection_plans').selectAll();
  if (q.state) s = s.where('state', '=', q.state);
  return s.orderBy('draw_at', 'desc').limit(q.limit).execute();
}

/** Updates a plan only while it is in `state`; false when it was not (changed meanwhile). */
export async function updatePlanIn(
  db: Db,
  id: string,
  state: string,
  set: Partial<InspectionPlansTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('inspection_plans')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', state)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- assignments ----------------------------------------------------------------------------

export async function insertAssignments(db: Db, rows: InspectionAssignmentsTable[]): Promise<void> {
  if (rows.length) await db.insertInto('inspection_assignments').values(rows).execute();
}

export function assignmentsOfPlan(db: Db, planId: string): Promise<InspectionAssignmentsTable[]> {
  return db
    .selectFrom('inspection_assignments')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('position')
    .execute();
}

export function findAssignment(db: Db, id: string): Promise<InspectionAssignmentsTable | undefined> {
  return db.selectFrom('inspection_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Updates an assignment only while it is in `state`; false when it was not. */
export async function updateAssignmentIn(
  db: Db,
  id: string,
  state: string,
  set: Partial<InspectionAssignmentsTable>,
): Promise<boolean> {
  const r = await db
    .updateTable('inspection_assignments')
    .set(set)
    .where('id', '=', id)
    .where('state', '=', state)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- the officer registry, for the roster ---------------------------------------------------

/** The named officers with their unit's name. */
export function officersWithUnits(
  db: Db,
  ids: readonly string[],
): Promise<
  (Pick<OfficersTable, 'id' | 'name' | 'licence_no' | 'licence_expires' | 'active'> & { unit_name: string | null })[]
> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('officers')
    .leftJoin('units', 'units.id', 'officers.unit_id')
    .select([
      'officers.id',
      'officers.name',
      'officers.licence_no',
      'officers.licence_expires',
      'officers.active',
      'units.name as unit_name',
    ])
    .where('officers.id', 'in', ids)
    .execute();
}
