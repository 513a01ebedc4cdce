/**
 * The decision gate (Administrative Penalty Law art. 58: without review, or if it fails, no
 * decision). A major case may move to `decided` (or straight to `closed`) only while its latest
 * round is approved (or a collective discussion agreed after a disagreement) AND the content it
 * approved is still the case's content: the same draft decision, the same evidence, the same
 * proposed decision. The comparison is of SHA-256 hashes taken now, so an edit made by any path
 * (a new document version, footage linked or unlinked, the proposal changed) voids the approval.
 * The answer carries a stable code and parameters beside the reason in Chinese (wording.ts).
 */
import type {
  DecisionGateView,
  GateCode,
  LegalReviewView,
  ProposedDecision,
  ReviewedContentView,
} from '@liuhen/contract';
import type { Db } from '../db/database.js';
import type { LegalReviewsTable } from '../db/schema.js';
import { existingCase } from '../cases/existing.js';
import { contentChanges, reviewedContent } from './content.js';
import { findDecision, roundsOf } from './legal-review-repo.js';
import { gateReasonZh, type GateParams } from './wording.js';

/** A round whose outcome lets the decision be made (if its content is still current). */
export function approves(r: LegalReviewsTable): boolean {
  if (r.state === 'approved') return true;
  const discussion = r.discussion ? (JSON.parse(r.discussion) as { outcome: string }) : null;
  return r.state === 'disagreed' && discussion?.outcome === 'agree';
}

/** The gate's answer: its code and parameters, and the reason worded in Chinese from them. */
function answer(
  allowed: boolean,
  major: boolean,
  code: GateCode,
  params: GateParams,
  approvalId: string | null = null,
): DecisionGateView {
  return { major, allowed, reason: gateReasonZh(code, params), code, params, approvalId };
}

export async function decisionGate(db: Db, caseId: string): Promise<DecisionGateView> {
  const c = await existingCase(db, caseId);
  if (c.major !== 1) return answer(true, false, 'not-major', {});
  const rounds = await roundsOf(db, caseId);
  const last = rounds.at(-1);
  if (!last) return answer(false, true, 'not-submitted', {});
  if (!approves(last))
    return answer(false, true, 'round-pending', {
      round: last.round,
      state: last.state as LegalReviewView['state'],
    });
  const decision = await findDecision(db, caseId);
  const now = await reviewedContent(db, caseId, JSON.parse(decision!.facts) as ProposedDecision);
  const changes = contentChanges(JSON.parse(last.content) as ReviewedContentView, now);
  if (changes.length) return answer(false, true, 'content-changed', { round: last.round, changes });
  return answer(true, true, 'approved', { round: last.round }, last.id);
}
