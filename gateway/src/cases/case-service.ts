/**
 * Cases themselves: listing, reading, creating (one at a time or a CSV import,
 * all or nothing) and changing them. Creating a case creates its steps, each
 * queued for sorting in the same transaction as the case and its audit row.
 */
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { CasesTable, Database } from '../db/schema.js';
import { Conflict } from '../errors.js';
import { caseIdWithNumber, findCases, insertCase as insertCaseRow, updateCase, type CaseQuery } from './cases-repo.js';
import { existingCase } from './existing.js';
import { decisionGate } from '../legal-review/gate.js';
import type { CaseView, StepCoverageView, StepView } from '@liuhen/contract';
import { caseView, stepView, type CaseInput, type CasePatch } from './model.js';
import type { Sorter } from './sorter.js';
import { insertStep, stepsOf } from './steps.js';

const iso = (s: string) => new Date(s).toISOString();

export interface CaseServiceDeps {
  db: Db;
  audit: AuditLog;
  sorter: Pick<Sorter, 'queue' | 'flush'>;
  config: GatewayConfig;
  /** Told after a committed change to a case. */
  changed(caseId?: string): void;
}

export function createCaseService({ db, audit, sorter, config, changed }: CaseServiceDeps) {
  /** A new case and its steps inside the caller's transaction; its id. Case numbers are unique. */
  async function insertCase(trx: Db, input: CaseInput, actor: string): Promise<string> {
    const existing = await caseIdWithNumber(trx, input.number);
    if (existing) throw new Conflict(`case number ${input.number} already exists (case ${existing})`);
    const id = randomUUID();
    const now = new Date().toISOString();
    await insertCaseRow(trx, {
      id,
      number: input.number,
      kind: input.kind,
      title: input.title,
      party: input.party ?? null,
      unit_id: input.unitId ?? null,
      status: 'open',
      major: input.major ? 1 : 0,
      marked_major: input.major ? 1 : 0,
      major_reasons: null,
      hold: 0,
      closed_at: null,
      created_by: actor,
      created_at: now,
      updated_at: now,
    });
    for (const s of input.steps ?? []) await insertStep(trx, sorter, id, s);
    return id;
  }

  /** The audit row of a new case, in the transaction that created it. */
  async function auditNewCase(
    trx: Transaction<Database>,
    id: string,
    input: CaseInput,
    action: 'create' | 'import',
    actor: string,
  ): Promise<void> {
    await audit.append(
      {
        actor,
        action,
        subjectType: 'case',
        subjectId: id,
        caseId: id,
        detail: { number: input.number, steps: input.steps?.length ?? 0 },
      },
      trx,
    );
  }

  return {
    async list(q: CaseQuery): Promise<CaseView[]> {
      const rows = await findCases(db, {
        ...q,
        from: q.from && iso(q.from),
        to: q.to && iso(q.to),
        limit: q.limit ?? 200,
      });
      const { steps, cov } = await stepsOf(
        db,
        config.cases,
        rows.map((r) => r.id),
      );
      return rows.map((r) => {
        const mine = steps.filter((s) => s.case_id === r.id);
        const covs = mine.map((s) => cov.get(s.id)).filter((c): c is StepCoverageView => !!c);
        return {
          ...caseView(r),
          summary: {
            steps: mine.length,
            passing: covs.filter((c) => c.final && c.passing).length,
            failing: covs.filter((c) => c.final && !c.passing).length,
            pending: mine.length - covs.filter((c) => c.final).length,
            windowSeconds: covs.reduce((a, c) => a + c.windowSeconds, 0),
            coveredSeconds: covs.reduce((a, c) => a + c.coveredSeconds, 0),
          },
        };
      });
    },

    async get(id: string): Promise<CaseView & { steps: StepView[] }> {
      const c = await existingCase(db, id);
      const { steps, officers, cov } = await stepsOf(db, config.cases, [id]);
      return { ...caseView(c), steps: steps.map((s) => stepView(s, officers.get(s.id) ?? [], cov.get(s.id) ?? null)) };
    },

    async create(input: CaseInput, actor: string): Promise<string> {
      const id = await db.transaction().execute(async (trx) => {
        const id = await insertCase(trx, input, actor);
        await auditNewCase(trx, id, input, 'create', actor);
        return id;
      });
      changed(id);
      await sorter.flush();
      return id;
    },

    async patch(id: string, p: CasePatch, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const c = await existingCase(trx, id);
        const now = new Date().toISOString();
        const set: Partial<CasesTable> = { updated_at: now };
        if (p.title !== undefined) set.title = p.title;
        if (p.party !== undefined) set.party = p.party;
        if (p.unitId !== undefined) set.unit_id = p.unitId;
        if (p.major !== undefined) {
          // A hand mark adds "major"; it never takes away what the catalogue found (major_reasons).
          set.marked_major = p.major ? 1 : 0;
          const byCatalogue = c.major_reasons !== null && c.major_reasons !== '[]';
          set.major = p.major || byCatalogue ? 1 : 0;
        }
        if (p.hold !== undefined) set.hold = p.hold ? 1 : 0;
        if (p.status !== undefined) {
          if ((p.status === 'decided' || p.status === 'closed') && c.status !== 'decided' && c.status !== 'closed') {
            // Art. 58: a major decision is made only with a current legal-review approval.
            const gate = await decisionGate(trx, id);
            if (!gate.allowed && (set.major ?? c.major) === 1)
              throw new Conflict(`case ${c.number} cannot be ${p.status}: ${gate.reason}`, {
                code: 'legal-review-required',
              });
          }
          set.status = p.status;
          set.closed_at = p.status === 'closed' ? (c.closed_at ?? now) : null;
        }
        await updateCase(trx, id, set);
        const action =
          p.status === 'closed' && c.status !== 'closed'
            ? 'close'
            : p.status === 'decided' && c.status !== 'decided'
              ? 'decide'
              : p.hold !== undefined
                ? 'hold'
                : 'update';
        await audit.append({ actor, action, subjectType: 'case', subjectId: id, caseId: id, detail: p }, trx);
      });
      changed(id);
    },

    /** All-or-nothing import of parsed CSV cases. */
    async importCases(cases: CaseInput[], actor: string): Promise<{ cases: number; steps: number; ids: string[] }> {
      const ids = await db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (const c of cases) {
          const id = await insertCase(trx, c, actor).catch((err: Error) => {
            throw new Conflict(`case ${c.number}: ${err.message}; nothing was imported`);
          });
          ids.push(id);
          await auditNewCase(trx, id, c, 'import', actor);
        }
        return ids;
      });
      for (const id of ids) changed(id);
      await sorter.flush();
      return { cases: ids.length, steps: cases.reduce((a, c) => a + (c.steps?.length ?? 0), 0), ids };
    },
  };
}
