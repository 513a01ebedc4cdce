/**
 * The case model at work: units, officers, device assignments, cases and
 * their steps, links between footage and steps, and what a case-file export
 * contains. Each concern is its own module (people.ts, case-service.ts,
 * steps.ts, links.ts, export-planning.ts, their queries in *-repo.ts); this
 * composes them into the one service the gateway and the HTTP layer use.
 * Every change that can move a link queues a re-sort in its own transaction;
 * every human act on evidence is audited in the same transaction.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Logger } from '../log.js';
import type { Db } from '../db/database.js';
import { createCaseService } from './case-service.js';
import { createExportPlanning } from './export-planning.js';
import { createLinks } from './links.js';
import { createPeople } from './people.js';
import type { Reviews } from './reviews.js';
import type { Sorter } from './sorter.js';
import { caseCoverage, createSteps } from './steps.js';

export type { CaseQuery } from './cases-repo.js';
export { coverageView } from './steps.js';

export interface CasesDeps {
  db: Db;
  audit: AuditLog;
  sorter: Sorter;
  reviews: Reviews;
  footageRoot: string;
  config: GatewayConfig;
  version: string;
  publicKeyOf(deviceId: string): Promise<{ pem: string } | null>;
  /** Where a failing registry listener is reported. */
  log?: Pick<Logger, 'error'>;
}

export function createCases(deps: CasesDeps) {
  const { db, sorter } = deps;
  /** Told after a committed change to cases, steps or assignments (the recorders' stop policy listens). */
  const listeners: ((caseId?: string) => void)[] = [];
  /** `caseId` when one case changed; none for changes to people and assignments. */
  const changed = (caseId?: string) => {
    for (const fn of listeners) fn(caseId);
  };
  /**
   * Awaited after a committed change to a unit or an officer (the officers page follows it). Each
   * listener on its own: one that fails is logged, and never fails the committed change.
   */
  const registryListeners: ((actor: string) => Promise<void>)[] = [];
  const registryChanged = async (actor: string) => {
    for (const fn of registryListeners) {
      try {
        await fn(actor);
      } catch (err) {
        deps.log?.error({ actor, err: (err as Error).message }, 'a listener to the officer registry failed');
      }
    }
  };
  const people = createPeople({ ...deps, changed, registryChanged });
  const cases = createCaseService({ ...deps, changed });
  const steps = createSteps({ ...deps, changed });
  const links = createLinks(deps);
  const exports = createExportPlanning(deps);

  return {
    /** Calls `fn` after every committed change to a case, a step or an assignment (with the case, if one). */
    onChange(fn: (caseId?: string) => void): void {
      listeners.push(fn);
    },
    /**
     * Awaits `fn` after every committed change to a unit or an officer, before the change is
     * answered: `fn` should bound its own wait; a failure is logged and the change stands.
     */
    onRegistryChange(fn: (actor: string) => Promise<void>): void {
      registryListeners.push(fn);
    },

    // ---- units, officers, assignments -------------------------------------------------
    units: people.units,
    upsertUnit: people.upsertUnit,
    officers: people.officers,
    upsertOfficer: people.upsertOfficer,
    assignments: people.assignments,
    assign: people.assign,
    endAssignment: people.endAssignment,

    // ---- cases and steps ----------------------------------------------------------------
    list: cases.list,
    get: cases.get,
    create: cases.create,
    patch: cases.patch,
    addStep: steps.addStep,
    patchStep: steps.patchStep,
    removeStep: steps.removeStep,
    importCases: cases.importCases,
    caseCoverage: (caseId: string) => caseCoverage(db, sorter, caseId),

    // ---- links ----------------------------------------------------------------------------
    stepLinks: links.stepLinks,
    timeline: links.timeline,
    link: links.link,
    unlink: links.unlink,
    linkReviewItem: links.linkReviewItem,

    exportPlan: exports.exportPlan,
  };
}
export type Cases = ReturnType<typeof createCases>;
