/**
 * The decision gate (Administrative Penalty Law art. 58: without review, or if it fails, no
 * decision). A major case may move to `decided` (or straight to `closed`) only while its latest
 * round is approved (or a collective discussion agreed after a disagreement) AND the content it
 * approved is still the case's content: the same draft decision, the same evidence, the same
 * proposed decision. The comparison is of SHA-256 hashes taken now, so an edit made by any path
 * (a new document version, footage linked or unlinked, the proposal changed) voids the approval.
 */
import type { DecisionGateView, ProposedDecision, ReviewedContentView } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import type { LegalReviewsTable } from '../db/schema.js';
import { existingCase } from '../cases/existing.js';
import { changedSince, reviewedContent } from './content.js';
import { findDecision, roundsOf } from './legal-review-repo.js';

/** A round whose outcome lets the decision be made (if its content is still current). */
export function approves(r: LegalReviewsTable): boolean {
  if (r.state === 'approved') return true;
  const discussion = r.discussion ? (JSON.parse(r.discussion) as { outcome: string }) : null;
  return r.state === 'disagreed' && discussion?.outcome === 'agree';
}

export async function decisionGate(db: Db, caseId: string): Promise<DecisionGateView> {
  const c = await existingCase(db, caseId);
  if (c.major !== 1)
    return { major: false, allowed: true, reason: 'not a major decision: no legal review needed', approvalId: null };
  const rounds = await roundsOf(db, caseId);
  const last = rounds.at(-1);
  if (!last)
    return {
      major: true,
      allowed: false,
      reason: '重大执法决定未经法制审核: submit the case for legal review first',
      approvalId: null,
    };
  if (!approves(last))
    return {
      major: true,
      allowed: false,
      reason: `legal review round ${last.round} is ${last.state}: the decision waits for an approval`,
      approvalId: null,
    };
  const decision = await findDecision(db, caseId);
  const now = await reviewedContent(db, caseId, JSON.parse(decision!.facts) as ProposedDecision);
  const why = changedSince(JSON.parse(last.content) as ReviewedContentView, now);
  if (why)
    return {
      major: true,
      allowed: false,
      reason: `the approval of round ${last.round} no longer applies: ${why}; submit again`,
      approvalId: null,
    };
  return { major: true, allowed: true, reason: `approved in round ${last.round}`, approvalId: last.id };
}
