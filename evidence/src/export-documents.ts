/**
 * The case file's documents (卷内文书) and signed legal-review opinions (法制审核意见书) inside a case
 * export: manifest version 2 (export-verify.ts holds the rest of the format and runs these checks).
 *
 * - `documents/<documentKey>/v<version>-<file name>`: every version of every document of the case,
 *   each listed in the manifest's `caseDocuments` with its SHA-256, size and what it is.
 * - `legal-review/round-<n>.sig.json`: the SM2/SM3 detached signature record (sm2-signature.ts) of
 *   each review round whose opinion was signed, exactly the record the station stored; the
 *   manifest's `legalReview.opinions` names the document it signs and the reviewer who signed.
 * - `legal-review/reviewers.json`: the station's registered key of every reviewer who signed in
 *   this case. It is hashed in the manifest, so the station's signature over the manifest is what
 *   makes these keys trusted: a record re-signed with another key fails on the fingerprint, and a
 *   reviewers.json edited to match fails the manifest's hash or signature.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { Value } from '@sinclair/typebox/value';
import { DocumentSignatureRecord, verifyDocumentSignature } from './sm2-signature.js';

export const EXPORT_DOCUMENTS_DIR = 'documents';
export const EXPORT_LEGAL_REVIEW_DIR = 'legal-review';
export const EXPORT_REVIEWERS_FILE = `${EXPORT_LEGAL_REVIEW_DIR}/reviewers.json`;
export const REVIEWERS_FORMAT = 'liuhen-legal-reviewers';
export const REVIEWERS_VERSION = 1;

/** Where the signature record of review round `round` sits inside a package. */
export const exportOpinionPath = (round: number) => `${EXPORT_LEGAL_REVIEW_DIR}/round-${round}.sig.json`;

export const CASE_DOCUMENT_SOURCES = ['upload', 'scan', 'generated'] as const;

/** A signed opinion is read whole to check it: a PDF of a few pages, far below this. */
export const MAX_OPINION_BYTES = 64 << 20;

/** One version of one document of the case file, as the manifest lists it. */
export interface ExportManifestCaseDocument {
  /** Inside the package, under documents/. */
  path: string;
  sha256: string;
  bytes: number;
  /** The station's id of this version. */
  id: string;
  /** Shared by all versions of one document. */
  documentKey: string;
  /** 1, 2, …: each upload over a document adds one; earlier versions stay in the package. */
  version: number;
  kind: string;
  title: string;
  /** The name it was uploaded (or generated) under. */
  fileName: string;
  mediaType: string;
  source: (typeof CASE_DOCUMENT_SOURCES)[number];
  stepId: string | null;
  uploadedAt: string;
  uploadedBy: string;
}

/** A review round whose opinion was signed. */
export interface ExportManifestOpinion {
  round: number;
  /** The reviewer's username: their key is the one in reviewers.json under that name. */
  reviewer: string;
  /** Package path of the signed document: one of `caseDocuments`. */
  document: string;
  /** Package path of the signature record (legal-review/round-<n>.sig.json), listed in `documents`. */
  signature: string;
}

export interface ExportManifestLegalReview {
  /** Package path of reviewers.json, listed in `documents`. */
  reviewers: string;
  opinions: ExportManifestOpinion[];
}

/** A reviewer's registered SM2 key as reviewers.json lists it. */
export interface LegalReviewerKey {
  username: string;
  name: string;
  /** SM3 of the key's DER SubjectPublicKeyInfo, hex (the `fingerprint` of its signature records). */
  fingerprint: string;
  publicKeyPem: string;
}

export interface LegalReviewersFile {
  format: typeof REVIEWERS_FORMAT;
  version: typeof REVIEWERS_VERSION;
  reviewers: LegalReviewerKey[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const digest = (algorithm: 'sha256' | 'sm3', data: Uint8Array) => createHash(algorithm).update(data).digest('hex');

/** The fingerprint signature records use for an SM2 public key (PEM): SM3 of its DER SPKI, hex. */
export function sm2KeyFingerprint(publicKeyPem: string): string {
  return digest('sm3', createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }));
}

/** reviewers.json as the station writes it (sorted by username, so the same reviewers give the same bytes). */
export function reviewersFileText(reviewers: readonly LegalReviewerKey[]): string {
  const doc: LegalReviewersFile = {
    format: REVIEWERS_FORMAT,
    version: REVIEWERS_VERSION,
    reviewers: [...reviewers]
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
      .map(({ username, name, fingerprint, publicKeyPem }) => ({ username, name, fingerprint, publicKeyPem })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

function reviewerError(r: unknown, i: number): string | null {
  const where = `reviewers[${i}]`;
  if (!isObj(r)) return `${where} must be a JSON object`;
  for (const k of ['username', 'name', 'publicKeyPem'] as const)
    if (typeof r[k] !== 'string' || r[k] === '') return `${where}.${k} must be a non-empty string`;
  if (typeof r.fingerprint !== 'string' || !HEX64.test(r.fingerprint))
    return `${where}.fingerprint must be 64 lowercase hex digits`;
  let actual: string;
  try {
    actual = sm2KeyFingerprint(r.publicKeyPem as string);
  } catch (e) {
    return `${where}.publicKeyPem is not a public key (${(e as Error).message})`;
  }
  if (actual !== r.fingerprint)
    return `${where}: fingerprint ${r.fingerprint} is not that of its publicKeyPem (${actual})`;
  return null;
}

/** Parses reviewers.json: each reviewer's key by username, or why the file cannot be used. */
export function parseReviewersFile(
  text: string,
): { ok: true; reviewers: Map<string, LegalReviewerKey> } | { ok: false; reason: string } {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!isObj(o)) return { ok: false, reason: 'not a JSON object' };
  if (o.format !== REVIEWERS_FORMAT)
    return { ok: false, reason: `format is ${JSON.stringify(o.format)}, not "${REVIEWERS_FORMAT}"` };
  if (o.version !== REVIEWERS_VERSION)
    return { ok: false, reason: `version ${JSON.stringify(o.version)} is not supported: update liuhen-verify` };
  if (!Array.isArray(o.reviewers)) return { ok: false, reason: 'reviewers must be a list' };
  const reviewers = new Map<string, LegalReviewerKey>();
  for (const [i, r] of (o.reviewers as unknown[]).entries()) {
    const err = reviewerError(r, i);
    if (err) return { ok: false, reason: err };
    const key = r as LegalReviewerKey;
    // Two keys for one name would let either "be" the reviewer.
    if (reviewers.has(key.username)) return { ok: false, reason: `reviewer ${key.username} is listed twice` };
    reviewers.set(key.username, key);
  }
  return { ok: true, reviewers };
}

export type OpinionLabel = 'MALFORMED 格式错误' | 'UNKNOWN KEY 密钥不符' | 'TAMPERED 篡改' | 'BAD SIGNATURE 签名无效';

export type OpinionCheck =
  | { ok: true; record: DocumentSignatureRecord }
  | {
      ok: false;
      /** What kind of failure, as the verifier's findings name them. */
      label: OpinionLabel;
      /** Whether the signed document (rather than the record) is what fails. */
      documentAtFault: boolean;
      reason: string;
    };

/**
 * Checks one signed opinion: the record (parsed JSON) must be well-formed, made with the
 * reviewer's registered key (its fingerprint) and verify over exactly `document`'s bytes.
 * Used by the verifier and, before anything is written, by the station's export writer.
 */
export function checkOpinionSignature(record: unknown, document: Uint8Array, reviewer: LegalReviewerKey): OpinionCheck {
  if (!Value.Check(DocumentSignatureRecord, record)) {
    const r = verifyDocumentSignature(record, document);
    return { ok: false, label: 'MALFORMED 格式错误', documentAtFault: false, reason: r.ok ? 'malformed' : r.reason };
  }
  if (record.fingerprint !== reviewer.fingerprint)
    return {
      ok: false,
      label: 'UNKNOWN KEY 密钥不符',
      documentAtFault: false,
      reason:
        `signed with key ${record.fingerprint}, not reviewer ${reviewer.username}'s registered key ` +
        `${reviewer.fingerprint} (${EXPORT_REVIEWERS_FILE}): re-signed by someone else, or with another key`,
    };
  const r = verifyDocumentSignature(record, document, { fingerprint: reviewer.fingerprint });
  if (r.ok) return { ok: true, record: r.record };
  const changed =
    record.content.sha256 !== digest('sha256', document) ||
    (record.content.sm3 !== undefined && record.content.sm3 !== digest('sm3', document));
  return changed
    ? { ok: false, label: 'TAMPERED 篡改', documentAtFault: true, reason: r.reason }
    : { ok: false, label: 'BAD SIGNATURE 签名无效', documentAtFault: false, reason: r.reason };
}
