/** Cases as stored: one row per case; its steps are in steps-repo.ts. */
import { caseVisible } from '../access/scope-repo.js';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import type { CasesTable } from '../db/schema.js';

/** What a list of cases may be narrowed by. */
export interface CaseQuery {
  status?: CasesTable['status'];
  kind?: CasesTable['kind'];
  unitId?: string;
  officerId?: string;
  q?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** Only what this caller may see (access/scope.ts). */
  visibleTo?: Scope;
}

/** The case with this id, if any. */
export async function findCase(db: Db, id: string): Promise<CasesTable | undefined> {
  return db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The id of the case holding this number, if any (numbers are unique). */
export async function caseIdWithNumber(db: Db, number: string): Promise<string | undefined> {
  return (await db.selectFrom('cases').select('id').where('number', '=', number).executeTakeFirst())?.id;
}

/** Stores a new case. */
export async function insertCase(db: Db, row: CasesTable): Promise<void> {
  await db.insertInto('cases').values(row).execute();
}

/** Changes the given columns of a case. */
export async function updateCase(db: Db, id: string, set: Partial<CasesTable>): Promise<void> {
  await db.updateTable('cases').set(set).where('id', '=', id).execute();
}

/**
 * Cases matching the query, newest first, at most `limit`. `from` and `to` are
 * ISO instants (as stored) and keep cases with a step overlapping them; `officerId`
 * those with a step the officer is on; `q` searches number, title and party.
 */
export async function findCases(db: Db, f: CaseQuery & { limit: number }): Promise<CasesTable[]> {
  let query = db.selectFrom('cases').selectAll();
  if (f.status) query = query.where('status', '=', f.status);
  if (f.kind) query = query.where('kind', '=', f.kind);
  if (f.unitId) query = query.where('unit_id', '=', f.unitId);
  if (f.visibleTo) query = query.where(caseVisible(f.visibleTo));
  if (f.q) {
    // The user's text is matched literally: LIKE wildcards in it are dropped.
    const like = `%${f.q.replace(/[%_]/g, '')}%`;
    query = query.where((eb) =>
      eb.or([eb('number', 'like', like), eb('title', 'like', like), eb('party', 'like', like)]),
    );
  }
  const { officerId, from, to } = f;
  if (officerId || from || to) {
    query = query.where('id', 'in', (sub) => {
      let s = sub
        .selectFrom('steps')
        .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
        .select('steps.case_id');
      if (officerId) s = s.where('step_officers.officer_id', '=', officerId);
      if (from) s = s.where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', from)]));
      if (to) s = s.where('steps.starts_at', '<', to);
      return s;
    });
  }
  return query.orderBy('created_at', 'desc').limit(f.limit).execute();
}
