/** The case or step a request names, or NotFound: every change and read starts here. */
import type { Db } from '../db/database.js';
import type { CasesTable, StepsTable } from '../db/schema.js';
import { NotFound } from '../errors.js';
import { findCase } from './cases-repo.js';
import { findStep } from './steps-repo.js';

/** The case, or NotFound. */
export async function existingCase(db: Db, id: string): Promise<CasesTable> {
  const c = await findCase(db, id);
  if (!c) throw new NotFound(`case ${id} does not exist`);
  return c;
}

/** The step, or NotFound. */
export async function existingStep(db: Db, id: string): Promise<StepsTable> {
  const s = await findStep(db, id);
  if (!s) throw new NotFound(`step ${id} does not exist`);
  return s;
}
