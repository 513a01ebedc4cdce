// Enforcement publicity (行政执法公示) inside the station: publication drafts and published
// results, the breach report and the annual statistics report, through the typed client
// (api, ok) like every other call. The public side is the portal, its own listener.

import { api, ok } from './api';
import type { components } from './api/schema';
import type { ApiBody, ApiQuery, ApiResult } from './api/types';

// The types this module names: aliases of the generated schema only, like lib/api/types.ts.
/** One publication as the station keeps it: the internal original, the redacted text, findings, clock. */
export type Publication = components['schemas']['Publication'];
export type PublicationState = Publication['state'];
export type PublicationKind = Publication['kind'];
export type PublicationFields = Publication['redacted'];
export type PublicationField = keyof PublicationFields;
export type RedactionFinding = Publication['findings'][number];
export type PublicationDeadline = NonNullable<Publication['deadline']>;
export type PublicationDeadlineState = PublicationDeadline['state'];
export type PublicationPatch = ApiBody<'/api/publications/{id}', 'patch'>;
export type WithdrawInput = ApiBody<'/api/publications/{id}/withdraw'>;
export type WithdrawKind = WithdrawInput['kind'];
type ListQuery = ApiQuery<'/api/publications'>;

export const PUBLICATION_STATES = [
  'draft',
  'published',
  'withdrawn',
  'expired',
] as const satisfies readonly PublicationState[];
export const WITHDRAW_KINDS = [
  'revoked',
  'confirmed-illegal',
  'changed',
  'void',
  'other',
] as const satisfies readonly WithdrawKind[];
/** The fields of a result in the order the portal shows them (决定书文号 first). */
export const PUBLICATION_FIELDS = [
  'decisionNumber',
  'party',
  'violation',
  'basis',
  'outcome',
  'agency',
  'decisionDate',
] as const satisfies readonly PublicationField[];
/** The date is never masked (the station leaves it out of redaction), so it is not edited as wording. */
export const EDITABLE_FIELDS = PUBLICATION_FIELDS.filter((f) => f !== 'decisionDate');

const path = (id: string) => ({ path: { id } });

export async function listPublications(
  state: ListQuery['state'] | undefined,
  signal?: AbortSignal,
): Promise<Publication[]> {
  const query: ListQuery = state ? { state, limit: 5000 } : { limit: 5000 };
  return (await ok(api.GET('/api/publications', { params: { query }, signal }))).publications;
}

/** Drafts past their deadline and results published late (超期公示). */
export async function listBreaches(signal?: AbortSignal): Promise<Publication[]> {
  return (await ok(api.GET('/api/publications/breaches', { signal }))).publications;
}

export function getPublication(id: string, signal?: AbortSignal): Promise<Publication> {
  return ok(api.GET('/api/publications/{id}', { params: path(id), signal }));
}

/**
 * The latest publication made from a case, or null (as far as the role's scope shows it); a
 * withdrawn result may be followed by a new draft, hence the latest.
 */
export async function publicationOfCase(caseId: string, signal?: AbortSignal): Promise<Publication | null> {
  const query: ListQuery = { caseId, limit: 100 };
  const mine = (await ok(api.GET('/api/publications', { params: { query }, signal }))).publications;
  return mine.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

/** Makes the draft of a decided or closed case (made automatically when a case is decided). */
export function draftFromCase(caseId: string): Promise<Publication> {
  return ok(api.POST('/api/cases/{id}/publication', { params: path(caseId) }));
}

/** Corrects a draft's redacted wording; the station passes it through the detectors again. */
export function editPublication(id: string, patch: PublicationPatch): Promise<Publication> {
  return ok(api.PATCH('/api/publications/{id}', { params: path(id), body: patch }));
}

/** Signs off the redacted text: the station signs it with its key and publishes it on the portal. */
export function publishPublication(id: string): Promise<Publication> {
  return ok(api.POST('/api/publications/{id}/publish', { params: path(id) }));
}

export function withdrawPublication(id: string, input: WithdrawInput): Promise<Publication> {
  return ok(api.POST('/api/publications/{id}/withdraw', { params: path(id), body: input }));
}

/**
 * Where a published result is on the public portal, relative to the portal's own address (its
 * listener is not the dashboard's, and the internal API does not say where it is): the slug is
 * the base64url form of the item's permanent tag: id, as the portal spells it.
 */
export function portalPath(itemId: string): string {
  const bytes = new TextEncoder().encode(itemId);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  const slug = btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
  return `/results/${slug}`;
}

/** The station's public key, whose fingerprint names the key every published item is signed with. */
export function stationKey(signal?: AbortSignal): Promise<{ fingerprint: string; publicKeyPem: string }> {
  return ok(api.GET('/api/station/key', { signal }));
}

// ---- the annual statistics report (统计年报) ----

export type AnnualReport = ApiResult<'/api/publicity/annual-report'>;

export async function getAnnualReport(year: number, signal?: AbortSignal): Promise<AnnualReport> {
  return ok(api.GET('/api/publicity/annual-report', { params: { query: { year } }, signal }));
}

/** The report as CSV (a download; the session cookie goes with a plain link). */
export function annualReportCsvUrl(year: number): string {
  return `/api/publicity/annual-report.csv?year=${year}`;
}

/** The year the report is usually wanted for: the one before this one, in Shanghai time (as the station defaults). */
export function lastYear(now = Date.now()): number {
  return new Date(now + 8 * 3600_000).getUTCFullYear() - 1;
}
