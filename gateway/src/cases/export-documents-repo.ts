/**
 * What a case-file export reads of the legal-review tables: every document version of the case, the
 * review rounds whose opinion was signed, and the registered public keys of the reviewers who signed.
 * Read-only; the private keys stored beside the public ones are never selected.
 */
import type { Db } from '../db/database.js';
import type { DocumentsTable } from '../db/schema.js';

/** Every version of every document of a case: oldest upload first, versions of one document in order. */
export function caseDocumentRows(db: Db, caseId: string): Promise<DocumentsTable[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .orderBy('document_key')
    .orderBy('version')
    .execute();
}

export interface SignedReviewRow {
  id: string;
  round: number;
  reviewer: string | null;
  opinion_document_id: string | null;
  /** JSON DocumentSignatureRecord, as stored. */
  signature: string;
}

/** The case's review rounds that carry a signature, by round. */
export async function signedReviewRows(db: Db, caseId: string): Promise<SignedReviewRow[]> {
  const rows = await db
    .selectFrom('legal_reviews')
    .select(['id', 'round', 'reviewer', 'opinion_document_id', 'signature'])
    .where('case_id', '=', caseId)
    .where('signature', 'is not', null)
    .orderBy('round')
    .execute();
  return rows.flatMap((r) => (r.signature === null ? [] : [{ ...r, signature: r.signature }]));
}

export interface ReviewerKeyRow {
  username: string;
  name: string;
  public_key_pem: string;
}

/** The registered public keys of these reviewers (those not registered are simply absent). */
export function reviewerKeyRows(db: Db, usernames: readonly string[]): Promise<ReviewerKeyRow[]> {
  if (usernames.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('legal_reviewers')
    .select(['username', 'name', 'public_key_pem'])
    .where('username', 'in', [...usernames])
    .orderBy('username')
    .execute();
}
