/**
 * What a review round looks at, as one value with one hash: the current version of every
 * document of the case file that exists before the decision (the draft decision among them),
 * the footage linked to its steps, and the proposed decision. An approval is given for exactly
 * this; when any of it changes the approval no longer applies (the gate compares hashes).
 *
 * Documents made after or about the review itself (the opinion, discussion minutes, the decision
 * and its service receipt) are not part of it: filing the opinion must not void the approval.
 */
import { createHash } from 'node:crypto';
import type { ContentChange, ProposedDecision, ReviewedContentView, RoundDiffView } from '@liuhen/contract';
import type { Db } from '../db/database.js';
import { documentsOfCase } from '../documents/documents-repo.js';
import { documentViews } from '../documents/documents.js';
import { footageOfCase } from './legal-review-repo.js';
import { changesZh } from './wording.js';

const AFTER_REVIEW = new Set(['review-opinion', 'discussion-minutes', 'decision', 'service-receipt']);

/** JSON with keys sorted at every level: the same content always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export const sha256Hex = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

export async function reviewedContent(
  db: Db,
  caseId: string,
  decision: ProposedDecision,
): Promise<ReviewedContentView> {
  const docs = documentViews(await documentsOfCase(db, caseId)).filter((d) => d.current && !AFTER_REVIEW.has(d.kind));
  const footage = await footageOfCase(db, caseId);
  const recordings = [...new Map(footage.map((f) => [f.id, { id: f.id, sha256: f.sha256 }])).values()].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  const documents = docs
    .map((d) => ({ id: d.id, kind: d.kind, title: d.title, sha256: d.sha256 }))
    .sort((a, b) => a.id.localeCompare(b.id));
  // The newest draft decision, if several were filed as separate documents.
  const draft = docs
    .filter((d) => d.kind === 'draft-decision')
    .sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0];
  return {
    draftDocumentId: draft?.id ?? null,
    draftSha256: draft?.sha256 ?? null,
    evidenceSha256: sha256Hex(canonicalJson({ documents: documents.map((d) => [d.id, d.sha256]), recordings })),
    documents,
    recordings,
    decision,
  };
}

export const contentHash = (c: ReviewedContentView) => sha256Hex(canonicalJson(c));

/** What changed in `now` since an approval was given for `approved` (empty when it still applies). */
export function contentChanges(approved: ReviewedContentView, now: ReviewedContentView): ContentChange[] {
  const changes: ContentChange[] = [];
  if (approved.draftSha256 !== now.draftSha256) changes.push('draft');
  if (approved.evidenceSha256 !== now.evidenceSha256) changes.push('evidence');
  if (canonicalJson(approved.decision) !== canonicalJson(now.decision)) changes.push('decision');
  return changes;
}

/** Why an approval given for `approved` no longer applies to `now`, in Chinese, or null when it does. */
export function changedSince(approved: ReviewedContentView, now: ReviewedContentView): string | null {
  const changes = contentChanges(approved, now);
  return changes.length ? changesZh(changes) : null;
}

/** What changed from one round's content to the next, for the reviewer of round 2 onwards. */
export function roundDiff(before: ReviewedContentView, after: ReviewedContentView): RoundDiffView {
  const key = (d: { title: string; kind: string }) => `${d.kind}:${d.title}`;
  const prev = new Map(before.documents.map((d) => [key(d), d]));
  const next = new Map(after.documents.map((d) => [key(d), d]));
  const decisionChanges = (Object.keys(after.decision) as (keyof ProposedDecision)[])
    .filter((f) => canonicalJson(before.decision[f]) !== canonicalJson(after.decision[f]))
    .map((field) => ({ field, before: before.decision[field], after: after.decision[field] }));
  return {
    addedDocuments: [...next.keys()].filter((k) => !prev.has(k)).map((k) => next.get(k)!.title),
    removedDocuments: [...prev.keys()].filter((k) => !next.has(k)).map((k) => prev.get(k)!.title),
    changedDocuments: [...next.keys()]
      .filter((k) => prev.has(k) && prev.get(k)!.sha256 !== next.get(k)!.sha256)
      .map((k) => next.get(k)!.title),
    decisionChanges,
  };
}
