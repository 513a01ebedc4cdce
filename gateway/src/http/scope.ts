/**
 * Object-level limits behind the role check, one rule per kind of object, all
 * here. The caller's scope (guard.ts `scopeOf`): an officer their own footage,
 * the cases they are on and their review items; a supervisor with a unit that
 * unit's; a legal reviewer the cases in legal review and their footage. Admins,
 * auditors, equipment managers and supervisors without a unit are unrestricted.
 *
 *   case         its unit; the officer on one of its steps; status in_review for a legal reviewer
 *   step         its case
 *   recording    its officer (the badge it names, or the recorder's holder then: cases/owner.ts),
 *                that officer's unit; a legal reviewer: linked to a case in legal review
 *   link         its step and every recording in it
 *   review item  its officer, its unit (filed under the footage's or the case's), its case for a
 *                legal reviewer; linking unsorted footage also needs the footage and the step
 *   export       its case
 *   document, legal-review round   its case
 *   publication  its case; a legal reviewer any (they sign off what is published)
 *   live stream  the recorder's holder now (open desk assignment): their unit, or the officer
 *                (also commands to the recorder)
 *   unit         a unit the caller files a case under or asks a report of: their own
 *   officers     officers the caller names on a step: of their unit
 *
 * Every route declares which objects it touches next to its access rule
 * (`config.scope`): a function giving the targets from the request, checked by
 * one preHandler hook before the handler does any work; or `'filtered'` when
 * the handler narrows what it reads with these same rules (lists, playback);
 * or `'none'` for what no scope limits (devices, the live board, people). A
 * route open to a scoped role without a declaration stops the gateway at
 * startup. Out of scope answers 403 `out-of-scope`; an object that does not
 * exist is left to the route (404), as before.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  existingRecordingIds,
  officersOfUnit,
  reviewItemVisible,
  visibleCases,
  visibleRecordingIds,
} from '../access/scope-repo.js';
import { scopeOfPrincipal, unrestricted, type Scope } from '../access/scope.js';
import type { Access } from '../auth/roles.js';
import type { ExportJobs } from '../cases/export-jobs.js';
import { findCase } from '../cases/cases-repo.js';
import { holderAt, reviewItemFootage } from '../cases/owner.js';
import { findReviewItem } from '../cases/reviews-repo.js';
import { findStep } from '../cases/steps-repo.js';
import { findDocument } from '../documents/documents-repo.js';
import { findRound } from '../legal-review/legal-review-repo.js';
import { findPublication } from '../publicity/publications-repo.js';
import type { Db } from '../db/database.js';
import { outOfScope, scopeOf } from './guard.js';

// The rules themselves are the domain's (access/scope.ts); the HTTP side uses them from here too.
export { scopeOfPrincipal, unrestricted, type Scope };

/** One object a request touches. */
export type Target =
  | { case: string }
  | { step: string }
  | { recordings: readonly string[] }
  /** Footage linked to (or unlinked from) a step. */
  | { link: { step: string; recordings: readonly string[] } }
  | { reviewItem: string }
  /** The footage an unsorted-footage item would link. */
  | { reviewFootage: string }
  | { export: string }
  /** A case-file document, and a legal-review round: each is its case's. */
  | { document: string }
  | { legalReview: string }
  /** A publication, and the case one is made from: a legal reviewer (who signs off redaction) may; others by the case. */
  | { publication: string }
  | { publicationCase: string }
  /** A recorder now: its live video, commands to it. */
  | { live: string }
  /** A unit the caller files something under or asks about; undefined: their own (the route defaults to it). */
  | { unit: string | null | undefined }
  | { officers: readonly string[] };

export type ScopeRule = 'none' | 'filtered' | ((req: FastifyRequest) => Target[]);

declare module 'fastify' {
  interface FastifyContextConfig {
    scope?: ScopeRule;
  }
}

/** The `:id` of a route. */
export const idParam = (req: FastifyRequest) => (req.params as { id: string }).id;

// ---- one check per kind of object ------------------------------------------------------------

export async function recordingScope(db: Db, scope: Scope, ids: readonly string[]): Promise<void> {
  if (unrestricted(scope) || ids.length === 0) return;
  const unique = [...new Set(ids)];
  // Footage that does not exist is the route's to answer (404).
  const known = await existingRecordingIds(db, unique);
  if (known.length === 0) return;
  const seen = await visibleRecordingIds(db, scope, known);
  if (seen.length < known.length) throw outOfScope('this footage');
}

export async function caseScope(db: Db, scope: Scope, caseId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const c = await findCase(db, caseId);
  if (!c) return; // the route answers 404
  const ok = (await visibleCases(db, scope, [caseId])).length > 0;
  if (!ok)
    throw outOfScope(scope.inReviewOnly && c.status !== 'in_review' ? 'this case (not in legal review)' : 'this case');
}

/** Something that belongs to a case (absent: the route answers 404). */
async function ofCase(db: Db, scope: Scope, row: { case_id: string } | undefined): Promise<void> {
  if (row && !unrestricted(scope)) await caseScope(db, scope, row.case_id);
}

export async function stepScope(db: Db, scope: Scope, stepId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const s = await findStep(db, stepId);
  if (s) await caseScope(db, scope, s.case_id);
}

export async function linkScope(db: Db, scope: Scope, stepId: string, recordingIds: readonly string[]): Promise<void> {
  await stepScope(db, scope, stepId);
  await recordingScope(db, scope, recordingIds);
}

export async function reviewItemScope(db: Db, scope: Scope, itemId: string): Promise<void> {
  if (unrestricted(scope)) return;
  if (!(await findReviewItem(db, itemId))) return; // 404 from the route
  if (!(await reviewItemVisible(db, scope, itemId))) throw outOfScope('this review item');
}

/** Linking an unsorted-footage item moves its footage: all of it must be in scope too. */
export async function reviewFootageScope(db: Db, scope: Scope, itemId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const item = await findReviewItem(db, itemId);
  if (!item) return;
  const ids = await reviewItemFootage(db, {
    deviceId: item.device_id,
    subjectStart: item.subject_start,
    subjectEnd: item.subject_end,
  });
  await recordingScope(db, scope, ids);
}

export async function exportScope(db: Db, exports: ExportJobs, scope: Scope, jobId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const job = exports.get(jobId);
  if (job) await caseScope(db, scope, job.caseId);
}

/** A recorder now: the holder's unit for a unit supervisor, the holder for an officer. */
export async function liveScope(db: Db, scope: Scope, deviceId: string): Promise<void> {
  if (unrestricted(scope)) return;
  const holder = await holderAt(db, deviceId, new Date().toISOString());
  const ok =
    !scope.inReviewOnly &&
    (!scope.officerId || holder?.officerId === scope.officerId) &&
    (!scope.unitId || (holder !== undefined && holder.unitId === scope.unitId));
  if (!ok)
    throw outOfScope(
      `recorder ${deviceId} (not held by ${scope.unitId ? `an officer of unit ${scope.unitId}` : 'you'})`,
    );
}

export function unitScope(scope: Scope, unitId: string | null | undefined): void {
  if (unitId === undefined || unrestricted(scope)) return;
  if (scope.unitId && unitId !== scope.unitId) throw outOfScope(`unit ${unitId ?? '(none)'}`);
  if (scope.officerId || scope.inReviewOnly) throw outOfScope(`unit ${unitId ?? '(none)'}`);
}

export async function officersScope(db: Db, scope: Scope, officerIds: readonly string[]): Promise<void> {
  if (unrestricted(scope) || officerIds.length === 0) return;
  const unique = [...new Set(officerIds)];
  if (scope.unitId) {
    const mine = await officersOfUnit(db, scope.unitId, unique);
    if (mine.length < unique.length)
      throw outOfScope(`officer ${unique.filter((o) => !mine.includes(o)).join(', ')} (not of unit ${scope.unitId})`);
  }
  if (scope.officerId && unique.some((o) => o !== scope.officerId)) throw outOfScope('another officer');
  if (scope.inReviewOnly) throw outOfScope('officers');
}

/** Which of these cases the scope may see (export lists). */
export async function visibleCaseIds(db: Db, scope: Scope, caseIds: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(caseIds)];
  if (unique.length === 0) return new Set();
  if (unrestricted(scope)) return new Set(unique);
  return new Set(await visibleCases(db, scope, unique));
}

/** Checks one target against the scope; throws 403 out-of-scope. */
export async function checkTarget(deps: ScopeDeps, scope: Scope, t: Target): Promise<void> {
  const { db } = deps;
  if ('case' in t) return caseScope(db, scope, t.case);
  if ('step' in t) return stepScope(db, scope, t.step);
  if ('recordings' in t) return recordingScope(db, scope, t.recordings);
  if ('link' in t) return linkScope(db, scope, t.link.step, t.link.recordings);
  if ('reviewItem' in t) return reviewItemScope(db, scope, t.reviewItem);
  if ('reviewFootage' in t) return reviewFootageScope(db, scope, t.reviewFootage);
  if ('export' in t) return exportScope(db, deps.exports, scope, t.export);
  if ('document' in t) return ofCase(db, scope, await findDocument(db, t.document));
  if ('legalReview' in t) return ofCase(db, scope, await findRound(db, t.legalReview));
  if ('publication' in t) {
    if (scope.inReviewOnly) return;
    const p = await findPublication(db, t.publication);
    return p?.case_id ? caseScope(db, scope, p.case_id) : undefined;
  }
  if ('publicationCase' in t) return scope.inReviewOnly ? undefined : caseScope(db, scope, t.publicationCase);
  if ('live' in t) return liveScope(db, scope, t.live);
  if ('unit' in t) return unitScope(scope, t.unit);
  return officersScope(db, scope, t.officers);
}

export interface ScopeDeps {
  db: Db;
  exports: ExportJobs;
}

/** Roles whose calls are limited by a scope: a route open to one of them must declare its objects. */
const SCOPED_ROLES = ['officer', 'supervisor', 'legal-reviewer'];

/**
 * Installs the check: every route's declared objects are checked against the caller's scope
 * after the request is authenticated and validated, before the handler runs.
 */
export function installScope(app: FastifyInstance, deps: ScopeDeps): void {
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: Access; scope?: ScopeRule } | undefined;
    const access = config?.access;
    const scoped = Array.isArray(access) && access.some((r) => SCOPED_ROLES.includes(r));
    if ((scoped || route.url.startsWith('/live')) && !config?.scope)
      throw new Error(
        `route ${String(route.method)} ${route.url} is open to scoped roles but declares no config.scope: name the objects it touches`,
      );
  });
  app.addHook('preHandler', async (req) => {
    const rule = req.routeOptions.config.scope;
    if (typeof rule !== 'function') return;
    const scope = scopeOf(req);
    if (unrestricted(scope)) return;
    for (const t of rule(req)) await checkTarget(deps, scope, t);
  });
}
