// The case-file API: cases and steps, footage links, coverage, review queues,
// playback, exports and the audit trail. Every call goes through request(),
// which names the acting user for the gateway's audit trail.

import { request } from './api';
import type {
  AuditEntry,
  AuditQuery,
  AuditVerify,
  Case,
  CaseCoverage,
  CaseInput,
  CasePatch,
  CaseStatus,
  CaseTimeline,
  CaseKind,
  CaseWithSteps,
  CoverageReport,
  ExportFormat,
  ExportJob,
  GroupBy,
  ImportResult,
  LinkView,
  Officer,
  Period,
  Playback,
  ReviewCounts,
  ReviewItem,
  ReviewQuery,
  Step,
  StepInput,
  Unit,
} from './case-types';

type Params = Record<string, string | number | boolean | undefined | null>;

/** A query string of the set parameters ("" when none is set). */
function query(params: Params): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const id = encodeURIComponent;

function json(method: string, body: unknown, signal?: AbortSignal): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: signal ?? null,
  };
}

const get = (signal?: AbortSignal): RequestInit => ({ signal: signal ?? null });

// ---- units and officers ----

export async function listUnits(signal?: AbortSignal): Promise<Unit[]> {
  return (await request<{ units: Unit[] }>('/api/units', get(signal))).units;
}

export async function listOfficers(unit?: string, signal?: AbortSignal): Promise<Officer[]> {
  return (await request<{ officers: Officer[] }>(`/api/officers${query({ unit })}`, get(signal))).officers;
}

// ---- cases and steps ----

export interface CaseFilter {
  status?: CaseStatus | undefined;
  kind?: CaseKind | undefined;
  unit?: string | undefined;
  officer?: string | undefined;
  q?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
}

export async function listCases(filter: CaseFilter, signal?: AbortSignal): Promise<Case[]> {
  return (await request<{ cases: Case[] }>(`/api/cases${query({ ...filter })}`, get(signal))).cases;
}

export function createCase(input: CaseInput): Promise<CaseWithSteps> {
  return request('/api/cases', json('POST', input));
}

export function getCase(caseId: string, signal?: AbortSignal): Promise<CaseWithSteps> {
  return request(`/api/cases/${id(caseId)}`, get(signal));
}

export function patchCase(caseId: string, patch: CasePatch): Promise<CaseWithSteps> {
  return request(`/api/cases/${id(caseId)}`, json('PATCH', patch));
}

/** The CSV text as it is: the gateway parses it and names the rows it refuses. */
export function importCasesCsv(csv: string): Promise<ImportResult> {
  return request('/api/cases/import', {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: csv,
  });
}

export function addStep(caseId: string, input: StepInput): Promise<Step> {
  return request(`/api/cases/${id(caseId)}/steps`, json('POST', input));
}

export function patchStep(stepId: string, patch: Partial<StepInput>): Promise<Step> {
  return request(`/api/steps/${id(stepId)}`, json('PATCH', patch));
}

export function deleteStep(stepId: string): Promise<void> {
  return request(`/api/steps/${id(stepId)}`, { method: 'DELETE' });
}

export function getCaseCoverage(caseId: string, signal?: AbortSignal): Promise<CaseCoverage> {
  return request(`/api/cases/${id(caseId)}/coverage`, get(signal));
}

/** Steps with their live coverage and linked footage. The gateway audits this as a view of the case. */
export function getTimeline(caseId: string, signal?: AbortSignal): Promise<CaseTimeline> {
  return request(`/api/cases/${id(caseId)}/timeline`, get(signal));
}

// ---- footage links ----

/** Every link of a step, including footage taken off it (origin "excluded"). */
export async function listStepLinks(stepId: string, signal?: AbortSignal): Promise<LinkView[]> {
  return (await request<{ links: LinkView[] }>(`/api/steps/${id(stepId)}/links`, get(signal))).links;
}

export async function linkFootage(stepId: string, recordingIds: string[], reason: string): Promise<number> {
  return (await request<{ linked: number }>(`/api/steps/${id(stepId)}/links`, json('POST', { recordingIds, reason })))
    .linked;
}

export async function unlinkFootage(stepId: string, recordingId: string, reason: string): Promise<void> {
  await request(`/api/steps/${id(stepId)}/unlink`, json('POST', { recordingId, reason }));
}

// ---- coverage report ----

export interface ReportQuery {
  groupBy: GroupBy;
  period: Period;
  from?: string | undefined;
  to?: string | undefined;
}

export function getCoverageReport(q: ReportQuery, signal?: AbortSignal): Promise<CoverageReport> {
  return request(`/api/coverage/report${query({ ...q })}`, get(signal));
}

// ---- review queues ----

export async function listReviews(q: ReviewQuery, signal?: AbortSignal): Promise<ReviewItem[]> {
  return (await request<{ items: ReviewItem[] }>(`/api/reviews${query({ ...q })}`, get(signal))).items;
}

export async function getReviewCounts(signal?: AbortSignal): Promise<ReviewCounts> {
  return (await request<{ counts: ReviewCounts }>('/api/reviews/counts', get(signal))).counts;
}

export function assignReview(itemId: string, assignee: string | null): Promise<ReviewItem> {
  return request(`/api/reviews/${id(itemId)}/assign`, json('POST', { assignee }));
}

export function explainReview(itemId: string, reason: string, explanation: string): Promise<ReviewItem> {
  return request(`/api/reviews/${id(itemId)}/explain`, json('POST', { reason, explanation }));
}

export function decideReview(
  itemId: string,
  decision: 'accepted' | 'rejected' | 'done',
  note?: string,
): Promise<ReviewItem> {
  return request(`/api/reviews/${id(itemId)}/decide`, json('POST', note ? { decision, note } : { decision }));
}

/** Resolves unsorted footage by linking it to a step. */
export function linkReviewToStep(itemId: string, stepId: string, reason: string): Promise<unknown> {
  return request(`/api/reviews/${id(itemId)}/link`, json('POST', { stepId, reason }));
}

// ---- playback ----

export function getPlayback(deviceId: string, from: string, to: string, signal?: AbortSignal): Promise<Playback> {
  return request(`/api/playback${query({ device: deviceId, from, to })}`, get(signal));
}

// ---- exports ----

export function startExport(caseId: string, format: ExportFormat): Promise<ExportJob> {
  return request(`/api/cases/${id(caseId)}/exports`, json('POST', { format }));
}

export async function listExports(caseId: string, signal?: AbortSignal): Promise<ExportJob[]> {
  return (await request<{ jobs: ExportJob[] }>(`/api/exports${query({ case: caseId })}`, get(signal))).jobs;
}

export function getExport(jobId: string, signal?: AbortSignal): Promise<ExportJob> {
  return request(`/api/exports/${id(jobId)}`, get(signal));
}

/** Cancels a running export (or removes a finished one from the station). */
export function cancelExport(jobId: string): Promise<void> {
  return request(`/api/exports/${id(jobId)}`, { method: 'DELETE' });
}

export function exportDownloadUrl(job: ExportJob): string {
  return job.downloadUrl ?? `/api/exports/${id(job.id)}/download`;
}

// ---- audit trail ----

export async function listAudit(q: AuditQuery, signal?: AbortSignal): Promise<AuditEntry[]> {
  return (await request<{ entries: AuditEntry[] }>(`/api/audit${query({ ...q })}`, get(signal))).entries;
}

export function verifyAudit(): Promise<AuditVerify> {
  return request('/api/audit/verify');
}
