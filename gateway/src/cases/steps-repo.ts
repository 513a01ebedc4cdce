/** Queries on steps that other concerns need (alerts ask who is on an open step right now). */
import type { Db } from '../db/database.js';

export interface OnDuty {
  stepId: string;
  caseId: string;
  requirement: string;
  since: string;
}

/** The officers among `officerIds` on a full-process or required step open at `now`, with that step. */
export async function officersOnDuty(db: Db, officerIds: string[], now: Date): Promise<Map<string, OnDuty>> {
  const out = new Map<string, OnDuty>();
  if (officerIds.length === 0) return out;
  const at = now.toISOString();
  const rows = await db
    .selectFrom('steps')
    .innerJoin('step_officers', 'step_officers.step_id', 'steps.id')
    .select(['step_officers.officer_id', 'steps.id', 'steps.case_id', 'steps.requirement', 'steps.starts_at'])
    .where('step_officers.officer_id', 'in', officerIds)
    .where('steps.requirement', 'in', ['full-process', 'required'])
    .where('steps.starts_at', '<=', at)
    .where((eb) => eb.or([eb('steps.ends_at', 'is', null), eb('steps.ends_at', '>', at)]))
    .execute();
  for (const r of rows)
    out.set(r.officer_id, { stepId: r.id, caseId: r.case_id, requirement: r.requirement, since: r.starts_at });
  return out;
}
