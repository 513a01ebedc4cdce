/**
 * Footage linked to steps: reading the links (a step's, a case's timeline) and
 * a reviewer's changes to them. A manual link or unlink refreshes the step's
 * coverage and the footage's sessions in the same transaction as its audit row.
 */
import type { AuditLog } from '../audit/audit-log.js';
import type { GatewayConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { Conflict, NotFound } from '../errors.js';
import { existingCase, existingStep } from './existing.js';
import {
  excludeLink,
  findLink,
  linkedFootage,
  presentFootage,
  saveManualLink,
  sessionOfFootage,
} from './links-repo.js';
import type { LinkView } from '@liuhen/contract';
import { stepView } from './model.js';
import { reviewItemFootage } from './owner.js';
import { updateReviewItem } from './reviews-repo.js';
import type { Reviews } from './reviews.js';
import type { Sorter } from './sorter.js';
import { caseCoverage, stepsOf } from './steps.js';

/** The footage linked to each of these steps, earliest first; excluded links only when asked for. */
export async function linkViews(db: Db, stepIds: string[], includeExcluded = false): Promise<Map<string, LinkView[]>> {
  const map = new Map<string, LinkView[]>();
  if (stepIds.length === 0) return map;
  for (const r of await linkedFootage(db, stepIds, includeExcluded)) {
    const list = map.get(r.step_id) ?? [];
    list.push({
      recordingId: r.id,
      deviceId: r.device_id,
      officerId: r.officer_id,
      source: r.source,
      start: r.started_at,
      end: r.ended_at,
      origin: r.origin,
      linkedBy: r.linked_by,
      reason: r.reason,
      fileUrl: `/api/recordings/${r.id}/file`,
    });
    map.set(r.step_id, list);
  }
  return map;
}

export interface LinksDeps {
  db: Db;
  audit: AuditLog;
  sorter: Pick<Sorter, 'computeCoverage' | 'refreshStep' | 'refreshSession'>;
  reviews: Pick<Reviews, 'get'>;
  config: GatewayConfig;
}

export function createLinks({ db, audit, sorter, reviews, config }: LinksDeps) {
  /** A reviewer links footage to a step by hand, with a reason. */
  async function link(stepId: string, recordingIds: string[], reason: string, actor: string): Promise<number> {
    const n = await db.transaction().execute(async (trx) => {
      const s = await existingStep(trx, stepId);
      const recs = await presentFootage(trx, recordingIds);
      const missing = recordingIds.filter((r) => !recs.some((x) => x.id === r));
      if (missing.length) throw new NotFound(`no footage ${missing.join(', ')}`);
      const now = new Date().toISOString();
      for (const r of recs) await saveManualLink(trx, stepId, r.id, { linkedBy: actor, reason, at: now });
      await sorter.refreshStep(trx, stepId);
      for (const key of new Set(recs.map((r) => `${r.device_id}/${r.session_id}`)))
        await sorter.refreshSession(trx, key);
      await audit.append(
        {
          actor,
          action: 'link',
          subjectType: 'step',
          subjectId: stepId,
          caseId: s.case_id,
          detail: { recordings: recordingIds, reason },
        },
        trx,
      );
      return recs.length;
    });
    return n;
  }

  return {
    async stepLinks(stepId: string): Promise<LinkView[]> {
      await existingStep(db, stepId);
      return (await linkViews(db, [stepId], true)).get(stepId) ?? [];
    },

    /** Per step: the window, the linked footage and the gaps (the timeline under the player). */
    async timeline(caseId: string, actor: string) {
      const c = await existingCase(db, caseId);
      const cov = await caseCoverage(db, sorter, caseId);
      const links = await linkViews(
        db,
        cov.steps.map((s) => s.stepId),
      );
      const { steps, officers } = await stepsOf(db, config.cases, [caseId]);
      await audit.append({
        actor,
        action: 'view',
        subjectType: 'case',
        subjectId: caseId,
        caseId,
        detail: { what: 'timeline' },
      });
      return {
        caseId,
        number: c.number,
        steps: steps.map((s) => ({
          ...stepView(s, officers.get(s.id) ?? [], cov.steps.find((x) => x.stepId === s.id) ?? null),
          footage: links.get(s.id) ?? [],
        })),
      };
    },

    link,

    /** Removes a link; an automatic one is remembered as excluded so the sorter does not add it back. */
    async unlink(stepId: string, recordingId: string, reason: string, actor: string): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const s = await existingStep(trx, stepId);
        const l = await findLink(trx, stepId, recordingId);
        if (!l || l.origin === 'excluded') throw new NotFound(`footage ${recordingId} is not linked to step ${stepId}`);
        await excludeLink(trx, stepId, recordingId, { linkedBy: actor, reason, at: new Date().toISOString() });
        const rec = await sessionOfFootage(trx, recordingId);
        await sorter.refreshStep(trx, stepId);
        if (rec) await sorter.refreshSession(trx, `${rec.device_id}/${rec.session_id}`);
        await audit.append(
          {
            actor,
            action: 'unlink',
            subjectType: 'step',
            subjectId: stepId,
            caseId: s.case_id,
            detail: { recording: recordingId, reason, was: l.origin },
          },
          trx,
        );
      });
    },

    /** Resolves an unsorted-footage item: its device's footage over the item's span goes to the step. */
    async linkReviewItem(itemId: string, stepId: string, reason: string, actor: string): Promise<number> {
      const item = await reviews.get(itemId);
      if (item.kind !== 'unsorted' || !item.deviceId || !item.subjectStart || !item.subjectEnd)
        throw new Conflict(`review item ${itemId} is not unsorted footage`);
      // Both copies of the footage (live and offloaded) over the span.
      const n = await link(stepId, await reviewItemFootage(db, item), reason, actor);
      await updateReviewItem(db, itemId, {
        state: 'done',
        resolution: `linked to step ${stepId}: ${reason}`,
        decided_by: actor,
        updated_at: new Date().toISOString(),
      });
      return n;
    },
  };
}
