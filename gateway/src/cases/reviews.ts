/**
 * Review items (复核事项) as first-class objects: unsorted footage, coverage
 * gaps, stops inside a step (interruptions), important marks (legal review
 * will join). Items are created and
 * closed by the system as facts change, and moved by people: assign,
 * explain (the officer), decide (the supervisor), done. Every human act is
 * audited in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { REVIEW_KINDS, type ReviewItemView } from '@liuhen/contract';
import type { Scope } from '../access/scope.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { ReviewItemsTable, ReviewKind } from '../db/schema.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { unitOfFootage } from './owner.js';
import {
  closeReviewItemAbout,
  countReviewItems,
  findReviewItem,
  findReviewItemAbout,
  insertReviewItem,
  listReviewItems,
  updateReviewItem,
  type ReviewItemFilter,
} from './reviews-repo.js';

/** Kinds the officer explains and a supervisor accepts or rejects. */
const EXPLAINED: readonly ReviewKind[] = ['coverage-gap', 'interruption'];

export function reviewView(r: ReviewItemsTable, now = Date.now()): ReviewItemView {
  return {
    id: r.id,
    kind: r.kind,
    subjectId: r.subject_id,
    title: r.title,
    caseId: r.case_id,
    stepId: r.step_id,
    deviceId: r.device_id,
    officerId: r.officer_id,
    unitId: r.unit_id,
    subjectStart: r.subject_start,
    subjectEnd: r.subject_end,
    state: r.state,
    assignee: r.assignee,
    explanation: r.explanation,
    explanationReason: r.explanation_reason,
    explainedBy: r.explained_by,
    decision: r.decision,
    decisionNote: r.decision_note,
    decidedBy: r.decided_by,
    resolution: r.resolution,
    detail: r.detail ? (JSON.parse(r.detail) as unknown) : null,
    dueAt: r.due_at,
    overdue: r.state !== 'done' && Date.parse(r.due_at) < now,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface ReviewSubject {
  kind: ReviewKind;
  subjectId: string;
  title: string;
  caseId?: string | null;
  stepId?: string | null;
  deviceId?: string | null;
  officerId?: string | null;
  /**
   * The unit the item is filed under (what a unit's supervisor sees). Omitted: the unit of the
   * footage it is about (its officer's, or the recorder's holder's at subjectStart: owner.ts).
   */
  unitId?: string | null;
  subjectStart?: string | null;
  subjectEnd?: string | null;
  detail?: unknown;
}

export interface ReviewQuery extends ReviewItemFilter {
  /** At most this many (default 500). */
  limit?: number;
}

/** Why the system closed an item by itself; a person's decision is never overwritten. */
const AUTO = 'auto:';

export function createReviews(db: Db, audit: AuditLog, cfg: GatewayConfig['reviews']) {
  const dueDays: Record<ReviewKind, number> = {
    unsorted: cfg.unsortedDueDays,
    'coverage-gap': cfg.coverageGapDueDays,
    marked: cfg.markedDueDays,
    'legal-review': cfg.coverageGapDueDays,
    interruption: cfg.coverageGapDueDays,
    quarantine: cfg.markedDueDays,
    'discard-overlap': cfg.markedDueDays,
  };

  async function getOrThrow(ex: Db, id: string): Promise<ReviewItemsTable> {
    const r = await findReviewItem(ex, id);
    if (!r) throw new NotFound(`review item ${id} does not exist`);
    return r;
  }

  return {
    dueDays,
    /**
     * Opens the item for a subject, or refreshes its facts if it is already
     * open. An item the system closed by itself reopens; one a person
     * decided stays closed.
     */
    async ensureOpen(ex: Db, s: ReviewSubject): Promise<void> {
      const now = new Date().toISOString();
      const existing = await findReviewItemAbout(ex, s.kind, s.subjectId);
      const facts = {
        title: s.title,
        case_id: s.caseId ?? null,
        step_id: s.stepId ?? null,
        device_id: s.deviceId ?? null,
        officer_id: s.officerId ?? null,
        unit_id:
          s.unitId !== undefined
            ? s.unitId
            : await unitOfFootage(ex, { officerId: s.officerId, deviceId: s.deviceId, at: s.subjectStart }),
        subject_start: s.subjectStart ?? null,
        subject_end: s.subjectEnd ?? null,
        detail: s.detail === undefined ? null : JSON.stringify(s.detail),
      };
      if (!existing) {
        await insertReviewItem(ex, {
          id: randomUUID(),
          kind: s.kind,
          subject_id: s.subjectId,
          ...facts,
          state: 'open',
          assignee: null,
          explanation: null,
          explanation_reason: null,
          explained_by: null,
          decision: null,
          decision_note: null,
          decided_by: null,
          resolution: null,
          due_at: new Date(Date.now() + dueDays[s.kind] * 86_400_000).toISOString(),
          created_at: now,
          updated_at: now,
        });
        return;
      }
      const reopen = existing.state === 'done' && existing.resolution?.startsWith(AUTO);
      if (existing.state === 'done' && !reopen) return;
      await updateReviewItem(ex, existing.id, {
        ...facts,
        updated_at: now,
        ...(reopen ? { state: 'open', resolution: null } : {}),
      });
    },

    /** Closes an open item because the fact behind it went away (e.g. footage arrived). */
    async closeAuto(ex: Db, kind: ReviewKind, subjectId: string, why: string): Promise<void> {
      await closeReviewItemAbout(ex, kind, subjectId, `${AUTO}${why}`, new Date().toISOString());
    },

    async get(id: string): Promise<ReviewItemView> {
      return reviewView(await getOrThrow(db, id));
    },

    async list(q: ReviewQuery): Promise<ReviewItemView[]> {
      const rows = await listReviewItems(db, q, new Date().toISOString(), q.limit ?? 500);
      const now = Date.now();
      return rows.map((r) => reviewView(r, now));
    },

    /** Counts per kind: open, in review, done, overdue (of the items the scope may see). */
    async counts(
      visibleTo: Scope = {},
    ): Promise<Record<ReviewKind, { open: number; in_review: number; done: number; overdue: number }>> {
      const rows = await countReviewItems(db, visibleTo, new Date().toISOString());
      const out = Object.fromEntries(
        REVIEW_KINDS.map((k) => [k, { open: 0, in_review: 0, done: 0, overdue: 0 }]),
      ) as Record<ReviewKind, { open: number; in_review: number; done: number; overdue: number }>;
      for (const r of rows) {
        const c = out[r.kind];
        c[r.state] = Number(r.n);
        if (r.state !== 'done') c.overdue += Number(r.late ?? 0);
      }
      return out;
    },

    async assign(id: string, assignee: string | null, actor: string): Promise<ReviewItemView> {
      return db.transaction().execute(async (trx) => {
        const r = await getOrThrow(trx, id);
        if (r.state === 'done') throw new Conflict(`review item ${id} is done; nothing to assign`);
        await updateReviewItem(trx, id, { assignee, state: 'in_review', updated_at: new Date().toISOString() });
        await audit.append(
          {
            actor,
            action: 'assign',
            subjectType: 'review',
            subjectId: id,
            caseId: r.case_id,
            detail: { kind: r.kind, assignee },
          },
          trx,
        );
        return reviewView(await getOrThrow(trx, id));
      });
    },

    /** The officer's explanation of a coverage gap (device failure, party refused, …). */
    async explain(id: string, body: { reason: string; explanation: string }, actor: string): Promise<ReviewItemView> {
      return db.transaction().execute(async (trx) => {
        const r = await getOrThrow(trx, id);
        if (!EXPLAINED.includes(r.kind))
          throw new Conflict(`only ${EXPLAINED.join(' and ')} items take an explanation; ${id} is ${r.kind}`);
        if (r.state === 'done') throw new Conflict(`review item ${id} is already decided`);
        await updateReviewItem(trx, id, {
          explanation: body.explanation,
          explanation_reason: body.reason,
          explained_by: actor,
          state: 'in_review',
          updated_at: new Date().toISOString(),
        });
        await audit.append(
          { actor, action: 'explain', subjectType: 'review', subjectId: id, caseId: r.case_id, detail: body },
          trx,
        );
        return reviewView(await getOrThrow(trx, id));
      });
    },

    /**
     * The supervisor's decision. A coverage gap needs an explanation first;
     * rejecting it sends the item back to the officer.
     */
    async decide(
      id: string,
      body: { decision: 'accepted' | 'rejected' | 'done'; note?: string },
      actor: string,
    ): Promise<ReviewItemView> {
      return db.transaction().execute(async (trx) => {
        const r = await getOrThrow(trx, id);
        if (r.state === 'done') throw new Conflict(`review item ${id} is already done`);
        const now = new Date().toISOString();
        if (EXPLAINED.includes(r.kind)) {
          if (body.decision === 'done') throw new Invalid(`a ${r.kind} item is decided with "accepted" or "rejected"`);
          if (!r.explanation)
            throw new Conflict(`${r.kind} ${id} has no explanation yet: the officer explains it first`);
          await updateReviewItem(
            trx,
            id,
            body.decision === 'accepted'
              ? {
                  decision: 'accepted',
                  decision_note: body.note ?? null,
                  decided_by: actor,
                  state: 'done',
                  resolution: 'explanation accepted',
                  updated_at: now,
                }
              : {
                  decision: 'rejected',
                  decision_note: body.note ?? null,
                  decided_by: actor,
                  state: 'open',
                  explanation: null,
                  explanation_reason: null,
                  updated_at: now,
                },
          );
        } else {
          await updateReviewItem(trx, id, {
            state: 'done',
            decided_by: actor,
            decision_note: body.note ?? null,
            resolution: body.note ?? 'reviewed',
            updated_at: now,
          });
        }
        await audit.append(
          {
            actor,
            action: 'decide',
            subjectType: 'review',
            subjectId: id,
            caseId: r.case_id,
            detail: { kind: r.kind, ...body },
          },
          trx,
        );
        return reviewView(await getOrThrow(trx, id));
      });
    },
  };
}
export type Reviews = ReturnType<typeof createReviews>;
