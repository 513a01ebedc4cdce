/**
 * Enrollment codes (stored only as hashes). Callers pass their transaction, so
 * the code, the credentials it issues (credentials-repo.ts) and the audit row
 * commit together.
 */
import type { Db } from '../db/database.js';
import type { EnrollmentsTable } from '../db/schema.js';

/** Stores a newly issued code (its hash). */
export async function insertEnrollment(db: Db, row: EnrollmentsTable): Promise<void> {
  await db.insertInto('enrollments').values(row).execute();
}

/** The enrollment a code hash belongs to, used or not. */
export function findEnrollment(db: Db, codeHash: string): Promise<EnrollmentsTable | undefined> {
  return db.selectFrom('enrollments').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/**
 * Marks a code used at `at`, only if it still is unused; returns whether this call did
 * (single use even when two redemptions race).
 */
export async function useEnrollment(db: Db, codeHash: string, at: string): Promise<boolean> {
  const used = await db
    .updateTable('enrollments')
    .set({ used_at: at })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(used.numUpdatedRows) === 1;
}
