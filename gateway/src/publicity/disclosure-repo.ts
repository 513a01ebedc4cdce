/** The versions of the pages published before enforcement, and the registry rows the officers page reads. */
import type { Db } from '../db/database.js';
import type { DisclosurePagesTable } from '../db/schema.js';

/** The highest version of a page, scheduled or not. */
export function latestPageVersion(db: Db, slug: string): Promise<DisclosurePagesTable | undefined> {
  return db
    .selectFrom('disclosure_pages')
    .selectAll()
    .where('slug', '=', slug)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertPageVersion(db: Db, row: DisclosurePagesTable): Promise<void> {
  await db.insertInto('disclosure_pages').values(row).execute();
}

/** Every version of a page, newest first. */
export function pageVersions(db: Db, slug: string): Promise<DisclosurePagesTable[]> {
  return db.selectFrom('disclosure_pages').selectAll().where('slug', '=', slug).orderBy('version', 'desc').execute();
}

export function pageVersion(db: Db, slug: string, version: number): Promise<DisclosurePagesTable | undefined> {
  return db
    .selectFrom('disclosure_pages')
    .selectAll()
    .where('slug', '=', slug)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** For each page, the highest version in effect on `day` (YYYY-MM-DD), by slug. */
export function pagesInEffect(db: Db, day: string): Promise<DisclosurePagesTable[]> {
  return db
    .selectFrom('disclosure_pages as p')
    .selectAll('p')
    .where('p.effective_from', '<=', day)
    .where(({ selectFrom, not, exists }) =>
      not(
        exists(
          selectFrom('disclosure_pages as q')
            .select('q.id')
            .whereRef('q.slug', '=', 'p.slug')
            .whereRef('q.version', '>', 'p.version')
            .where('q.effective_from', '<=', day),
        ),
      ),
    )
    .orderBy('p.slug')
    .execute();
}

/** Active officers with their unit's name, for the officers page (nothing else is read). */
export function activeOfficersWithUnits(
  db: Db,
): Promise<{ name: string; licence_no: string | null; licence_expires: string | null; unit_name: string | null }[]> {
  return db
    .selectFrom('officers')
    .leftJoin('units', 'units.id', 'officers.unit_id')
    .select(['officers.name', 'officers.licence_no', 'officers.licence_expires', 'units.name as unit_name'])
    .where('officers.active', '=', 1)
    .execute();
}
