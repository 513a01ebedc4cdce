// The case-file API: cases and steps, footage links, coverage, review queues,
// playback, exports and the audit trail. Every call goes through the typed
// client (api, ok), whose session cookie names the acting user for the
// gateway's audit trail.

import { api, ok } from './api';
import type {
  AuditEntry,
  AuditQuery,
  AuditVerify,
  Case,
  CaseCoverage,
  CoverageReport,
  CaseInput,
  CasePatch,
  CaseQuery,
  CaseTimeline,
  CaseWithSteps,
  ExportFormat,
  ExportJob,
  GapReason,
  ImportResult,
  LinkView,
  Officer,
  Playback,
  ReportQuery,
  ReviewCounts,
  ReviewDecision,
  ReviewItem,
  ReviewQuery,
  Step,
  StepInput,
  StepPatch,
  Unit,
} from './api/types';

const path = (id: string) => ({ path: { id } });

// ---- units and officers ----

export async function listUnits(signal?: AbortSignal): Promise<Unit[]> {
  return (await ok(api.GET('/api/units', { signal }))).units;
}

export async function listOfficers(unit?: string, signal?: AbortSignal): Promise<Officer[]> {
  return (await ok(api.GET('/api/officers', { params: { query: { unit } }, signal }))).officers;
}

// ---- cases and steps ----

/** Unset filters (undefined, null or "") are left out of the query. */
export type CaseFilter = { [K in keyof CaseQuery]?: CaseQuery[K] | undefined };

export async function listCases(filter: CaseFilter, signal?: AbortSignal): Promise<Case[]> {
  return (await ok(api.GET('/api/cases', { params: { query: filter }, signal }))).cases;
}

export function createCase(input: CaseInput): Promise<CaseWithSteps> {
  return ok(api.POST('/api/cases', { body: input }));
}

export function getCase(caseId: string, signal?: AbortSignal): Promise<CaseWithSteps> {
  return ok(api.GET('/api/cases/{id}', { params: path(caseId), signal }));
}

export function patchCase(caseId: string, patch: CasePatch): Promise<CaseWithSteps> {
  return ok(api.PATCH('/api/cases/{id}', { params: path(caseId), body: patch }));
}

/** The CSV text as it is: the gateway parses it and names the rows it refuses. */
export function importCasesCsv(csv: string): Promise<ImportResult> {
  return ok(
    api.POST('/api/cases/import', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
      bodySerializer: (text) => text,
    }),
  );
}

export function addStep(caseId: string, input: StepInput): Promise<Step> {
  return ok(api.POST('/api/cases/{id}/steps', { params: path(caseId), body: input }));
}

export function patchStep(stepId: string, patch: StepPatch): Promise<Step> {
  return ok(api.PATCH('/api/steps/{id}', { params: path(stepId), body: patch }));
}

export async function deleteStep(stepId: string): Promise<void> {
  await ok(api.DELETE('/api/steps/{id}', { params: path(stepId) }));
}

export function getCaseCoverage(caseId: string, signal?: AbortSignal): Promise<CaseCoverage> {
  return ok(api.GET('/api/cases/{id}/coverage', { params: path(caseId), signal }));
}

/** Steps with their live coverage and linked footage. The gateway audits this as a view of the case. */
export function getTimeline(caseId: string, signal?: AbortSignal): Promise<CaseTimeline> {
  return ok(api.GET('/api/cases/{id}/timeline', { params: path(caseId), signal }));
}

// ---- footage links ----

/** Every link of a step, including footage taken off it (origin "excluded"). */
export async function listStepLinks(stepId: string, signal?: AbortSignal): Promise<LinkView[]> {
  return (await ok(api.GET('/api/steps/{id}/links', { params: path(stepId), signal }))).links;
}

export async function linkFootage(stepId: string, recordingIds: string[], reason: string): Promise<number> {
  return (await ok(api.POST('/api/steps/{id}/links', { params: path(stepId), body: { recordingIds, reason } }))).linked;
}

export async function unlinkFootage(stepId: string, recordingId: string, reason: string): Promise<void> {
  await ok(api.POST('/api/steps/{id}/unlink', { params: path(stepId), body: { recordingId, reason } }));
}

// ---- coverage report ----

export async function getCoverageReport(q: ReportQuery, signal?: AbortSignal): Promise<CoverageReport> {
  return ok(api.GET('/api/coverage/report', { params: { query: q }, signal }));
}

// ---- review queues ----

export async function listReviews(q: ReviewQuery, signal?: AbortSignal): Promise<ReviewItem[]> {
  return (await ok(api.GET('/api/reviews', { params: { query: q }, signal }))).items;
}

export async function getReviewCounts(signal?: AbortSignal): Promise<ReviewCounts> {
  return (await ok(api.GET('/api/reviews/counts', { signal }))).counts;
}

export function assignReview(itemId: string, assignee: string | null): Promise<ReviewItem> {
  return ok(api.POST('/api/reviews/{id}/assign', { params: path(itemId), body: { assignee } }));
}

export function explainReview(itemId: string, reason: GapReason, explanation: string): Promise<ReviewItem> {
  return ok(api.POST('/api/reviews/{id}/explain', { params: path(itemId), body: { reason, explanation } }));
}

export function decideReview(itemId: string, decision: ReviewDecision, note?: string): Promise<ReviewItem> {
  return ok(
    api.POST('/api/reviews/{id}/decide', { params: path(itemId), body: note ? { decision, note } : { decision } }),
  );
}

/** Resolves unsorted footage by linking it to a step. */
export function linkReviewToStep(itemId: string, stepId: string, reason: string): Promise<unknown> {
  return ok(api.POST('/api/reviews/{id}/link', { params: path(itemId), body: { stepId, reason } }));
}

// ---- playback ----

export function getPlayback(deviceId: string, from: string, to: string, signal?: AbortSignal): Promise<Playback> {
  return ok(api.GET('/api/playback', { params: { query: { device: deviceId, from, to } }, signal }));
}

// ---- exports ----

export function startExport(caseId: string, format: ExportFormat): Promise<ExportJob> {
  return ok(api.POST('/api/cases/{id}/exports', { params: path(caseId), body: { format } }));
}

export async function listExports(caseId: string, signal?: AbortSignal): Promise<ExportJob[]> {
  return (await ok(api.GET('/api/exports', { params: { query: { case: caseId } }, signal }))).jobs;
}

export function getExport(jobId: string, signal?: AbortSignal): Promise<ExportJob> {
  return ok(api.GET('/api/exports/{id}', { params: path(jobId), signal }));
}

/** Cancels a running export (or removes a finished one from the station). */
export async function cancelExport(jobId: string): Promise<void> {
  await ok(api.DELETE('/api/exports/{id}', { params: path(jobId) }));
}

export function exportDownloadUrl(job: ExportJob): string {
  return job.downloadUrl ?? `/api/exports/${encodeURIComponent(job.id)}/download`;
}

// ---- audit trail ----

export async function listAudit(q: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  return (await ok(api.GET('/api/audit', { params: { query: q }, signal }))).entries;
}

export function verifyAudit(): Promise<AuditVerify> {
  return ok(api.GET('/api/audit/verify'));
}
