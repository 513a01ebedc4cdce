// Legal review of major decisions (重大执法决定法制审核) and the case file's
// documents, through the typed client (api, ok) like every other call.

import { api, ApiError, ok } from './api';
import type {
  ApiErrorBody,
  CaseDocument,
  CaseLegal,
  Catalogue,
  DiscussionInput,
  DocumentUpload,
  LegalReview,
  OpinionInput,
  ProposedDecision,
  Reviewer,
} from './api/types';

const path = (id: string) => ({ path: { id } });

// ---- documents ----

export async function listDocuments(caseId: string, signal?: AbortSignal): Promise<CaseDocument[]> {
  return (await ok(api.GET('/api/cases/{id}/documents', { params: path(caseId), signal }))).documents;
}

/**
 * Files a document: the file itself is the request body, sent as it is with its own media type
 * (the station checks the bytes against it). The API document declares no JSON body for this
 * route, so the file is put on the request as it leaves (a request middleware).
 */
export function uploadDocument(caseId: string, query: DocumentUpload, file: Blob): Promise<CaseDocument> {
  const type = file.type || 'application/octet-stream';
  return ok(
    api.POST('/api/cases/{id}/documents', {
      params: { path: { id: caseId }, query },
      middleware: [
        {
          onRequest: ({ request }) => {
            const headers = new Headers(request.headers);
            headers.set('content-type', type);
            return new Request(request, { body: file, headers });
          },
        },
      ],
    }),
  );
}

/** Where a document version's bytes are (audited as a download by the station); `inline` to view it. */
export function documentUrl(documentId: string, inline = false): string {
  return `/api/documents/${encodeURIComponent(documentId)}/content${inline ? '?inline=true' : ''}`;
}

/** A text document's content, to show on the page. */
export function documentText(documentId: string, signal?: AbortSignal): Promise<string> {
  return ok(
    api.GET('/api/documents/{id}/content', {
      params: { path: { id: documentId }, query: { inline: true } },
      parseAs: 'text',
      headers: { accept: 'text/*' },
      signal,
    }),
  );
}

// ---- a case's review ----

export function getCaseLegal(caseId: string, signal?: AbortSignal): Promise<CaseLegal> {
  return ok(api.GET('/api/cases/{id}/legal', { params: path(caseId), signal }));
}

/** Files the proposed decision; the answer is the case re-classified by the catalogue. */
export function putDecision(caseId: string, decision: ProposedDecision): Promise<CaseLegal> {
  return ok(api.PUT('/api/cases/{id}/legal/decision', { params: path(caseId), body: decision }));
}

/** Generates the draft decision (决定书代拟稿, PDF) from the proposed decision and files it. */
export function generateDraft(caseId: string): Promise<CaseDocument> {
  return ok(api.POST('/api/cases/{id}/legal/draft', { params: path(caseId) }));
}

export function submitForReview(caseId: string, note: string): Promise<LegalReview> {
  return ok(api.POST('/api/cases/{id}/legal/submit', { params: path(caseId), body: { note } }));
}

// ---- review rounds ----

/** The reviewers' inbox: rounds waiting, under review, or disagreed awaiting discussion. */
export async function listLegalReviews(signal?: AbortSignal): Promise<LegalReview[]> {
  return (await ok(api.GET('/api/legal-reviews', { signal }))).reviews;
}

export function acceptReview(reviewId: string): Promise<LegalReview> {
  return ok(api.POST('/api/legal-reviews/{id}/accept', { params: path(reviewId) }));
}

export function withdrawReview(reviewId: string): Promise<LegalReview> {
  return ok(api.POST('/api/legal-reviews/{id}/withdraw', { params: path(reviewId) }));
}

export function giveOpinion(reviewId: string, input: OpinionInput): Promise<LegalReview> {
  return ok(api.POST('/api/legal-reviews/{id}/opinion', { params: path(reviewId), body: input }));
}

export function recordDiscussion(reviewId: string, input: DiscussionInput): Promise<LegalReview> {
  return ok(api.POST('/api/legal-reviews/{id}/discussion', { params: path(reviewId), body: input }));
}

// ---- reviewers and the catalogue ----

export async function listReviewers(signal?: AbortSignal): Promise<Reviewer[]> {
  return (await ok(api.GET('/api/legal-reviewers', { signal }))).reviewers;
}

export function getCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  return ok(api.GET('/api/legal-review/catalogue', { signal }));
}

/** Replaces the catalogue; a file with any problem is refused whole (ApiError with the problems). */
export function putCatalogue(text: string): Promise<Catalogue> {
  return ok(api.PUT('/api/legal-review/catalogue', { body: { text } }));
}

// ---- refusals ----

/** The `code` of a refusal (e.g. `legal-review-required`, `materials-incomplete`), or null. */
export function refusalCode(err: unknown): string | null {
  if (!(err instanceof ApiError)) return null;
  return (err.body as ApiErrorBody | undefined)?.code ?? null;
}

/** Every problem a refusal lists in `details.problems` (a catalogue the station refused), or none. */
export function refusalProblems(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [];
  const problems = (err.body as ApiErrorBody | undefined)?.details?.problems;
  return Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
}
