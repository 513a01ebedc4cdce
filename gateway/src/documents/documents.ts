/**
 * The documents of a case file (执法文书、证据材料): uploads and scans (PDF, images, audio, text
 * records, DOCX/OFD) and documents the station generates from templates. Each is hashed, stored
 * content-addressed, versioned (a new upload over a document is its next version; earlier ones
 * stay readable), linked to its case and optionally a step, and audited in the transaction that
 * files it. Reading one is audited too. After each change the legal review is told (it
 * re-classifies the case and voids an approval whose content changed).
 */
import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { DOCUMENT_KINDS, type DocumentKind, type DocumentView } from '@liuhen/contract';
import type { AuditLog } from '../audit/audit-log.js';
import { existingCase, existingStep } from '../cases/existing.js';
import type { Db } from '../db/database.js';
import type { Transaction } from 'kysely';
import type { Database, DocumentsTable } from '../db/schema.js';
import { Conflict, Invalid, NotFound, TooLarge } from '../errors.js';
import { caseFileIndex, type CaseFileIndexRow, type CaseFileOrder } from './case-file-index.js';
import type { DocumentStore } from './document-store.js';
import { documentsOfCase, findDocument, insertDocument, latestVersion } from './documents-repo.js';
import { DOCUMENT_MEDIA_TYPES, sniffMediaType, type DocumentMediaType } from './media-types.js';

export interface DocumentUpload {
  caseId: string;
  stepId?: string | null;
  kind: DocumentKind;
  title: string;
  fileName: string;
  /** What the client says it is; checked against the bytes. Omitted: taken from the bytes. */
  mediaType?: string;
  bytes: Buffer;
  source?: DocumentsTable['source'];
  /** A new version of this document (any of its versions' id); omitted: a new document. */
  supersedes?: string;
}

export interface DocumentsDeps {
  db: Db;
  audit: AuditLog;
  store: DocumentStore;
  maxBytes: number;
  /** The agency's order of document kinds per case kind (卷内目录). */
  caseFileOrder?: CaseFileOrder;
  /** Told after a document was filed (legal review re-classifies and re-checks approvals). */
  changed?(caseId: string, actor: string): Promise<void>;
}

export function documentView(d: DocumentsTable, latest: number): DocumentView {
  return {
    id: d.id,
    caseId: d.case_id,
    stepId: d.step_id,
    kind: (DOCUMENT_KINDS as readonly string[]).includes(d.kind) ? (d.kind as DocumentKind) : 'other',
    title: d.title,
    fileName: d.file_name,
    mediaType: d.media_type,
    bytes: Number(d.bytes),
    sha256: d.sha256,
    version: d.version,
    documentKey: d.document_key,
    current: d.version === latest,
    source: d.source,
    uploadedBy: d.uploaded_by,
    uploadedAt: d.uploaded_at,
  };
}

/** Views of stored rows, each knowing whether it is the newest version of its document. */
export function documentViews(rows: DocumentsTable[]): DocumentView[] {
  const latest = new Map<string, number>();
  for (const r of rows) latest.set(r.document_key, Math.max(latest.get(r.document_key) ?? 0, r.version));
  return rows.map((r) => documentView(r, latest.get(r.document_key)!));
}

/** A file name safe to store and to offer back in Content-Disposition. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f' && ch !== '"')
    .join('')
    .trim();
  if (!clean) throw new Invalid('the document has no file name: give the name it was scanned or saved under');
  return clean.slice(0, 200);
}

export function createDocuments({ db, audit, store, maxBytes, changed, caseFileOrder = {} }: DocumentsDeps) {
  /** Checks the upload and stores its bytes; the row is written by the caller's transaction. */
  async function stage(input: DocumentUpload, actor: string): Promise<DocumentsTable> {
    if (input.bytes.length === 0) throw new Invalid('the document is empty: send the file itself as the request body');
    if (input.bytes.length > maxBytes)
      throw new TooLarge(
        `the document is ${input.bytes.length} bytes, more than legalReview.maxDocumentBytes (${maxBytes}): split the scan or raise the setting`,
      );
    const c = await existingCase(db, input.caseId);
    if (input.stepId) {
      const s = await existingStep(db, input.stepId);
      if (s.case_id !== c.id) throw new Invalid(`step ${input.stepId} is not a step of case ${c.number}`);
    }
    const sniffed = sniffMediaType(input.bytes);
    if (!sniffed)
      throw new Invalid(
        `the file is none of the kinds a case file takes (${Object.values(DOCUMENT_MEDIA_TYPES).join(', ')}): convert it, e.g. scan to PDF`,
        { code: 'document-type-unknown' },
      );
    const declared = input.mediaType?.split(';')[0]!.trim().toLowerCase();
    if (declared && declared !== 'application/octet-stream' && declared !== sniffed && !sameFamily(declared, sniffed))
      throw new Invalid(
        `the file says it is ${declared} but its content is ${DOCUMENT_MEDIA_TYPES[sniffed]}: send the right type`,
        {
          code: 'document-type-mismatch',
        },
      );
    let documentKey: string = randomUUID();
    let version = 1;
    if (input.supersedes) {
      const prev = await findDocument(db, input.supersedes);
      if (!prev || prev.case_id !== c.id)
        throw new NotFound(`document ${input.supersedes} is not in case ${c.number}: upload it as a new document`);
      documentKey = prev.document_key;
      version = (await latestVersion(db, prev.document_key))!.version + 1;
    }
    const stored = await store.put(c.id, input.bytes);
    return {
      id: randomUUID(),
      document_key: documentKey,
      version,
      case_id: c.id,
      step_id: input.stepId ?? null,
      kind: input.kind,
      title: input.title.trim(),
      file_name: cleanFileName(input.fileName),
      media_type: sniffed,
      bytes: stored.bytes,
      sha256: stored.sha256,
      path: stored.path,
      source: input.source ?? 'upload',
      uploaded_by: actor,
      uploaded_at: new Date().toISOString(),
    };
  }

  /** Files the row with its audit entry inside `trx`. */
  async function file(trx: Transaction<Database>, row: DocumentsTable, actor: string): Promise<void> {
    try {
      await insertDocument(trx, row);
    } catch (err) {
      // Two uploads over the same version at once: the second is told to reload, nothing is lost.
      if (/UNIQUE|unique/.test((err as Error).message))
        throw new Conflict(
          `document "${row.title}" got a new version meanwhile: reload the case file and upload again`,
        );
      throw err;
    }
    await audit.append(
      {
        actor,
        action: 'upload',
        subjectType: 'document',
        subjectId: row.id,
        caseId: row.case_id,
        detail: {
          kind: row.kind,
          title: row.title,
          version: row.version,
          sha256: row.sha256,
          bytes: row.bytes,
          source: row.source,
        },
      },
      trx,
    );
  }

  return {
    stage,
    file,
    async upload(input: DocumentUpload, actor: string): Promise<DocumentView> {
      const row = await stage(input, actor);
      await db.transaction().execute((trx) => file(trx, row, actor));
      await changed?.(row.case_id, actor);
      const latest = (await latestVersion(db, row.document_key))!.version;
      return documentView(row, latest);
    },
    async list(caseId: string): Promise<DocumentView[]> {
      await existingCase(db, caseId);
      return documentViews(await documentsOfCase(db, caseId));
    },
    /** The case file index (卷内目录): every version, numbered, in the agency's order for the case's kind. */
    async index(caseId: string): Promise<CaseFileIndexRow[]> {
      const c = await existingCase(db, caseId);
      const docs = documentViews(await documentsOfCase(db, caseId));
      return caseFileIndex(docs, c.kind, caseFileOrder);
    },
    async get(id: string): Promise<DocumentsTable> {
      const d = await findDocument(db, id);
      if (!d) throw new NotFound(`document ${id} does not exist`);
      return d;
    },
    /** The bytes of a document, audited as a download by `actor`. */
    async read(id: string, actor: string): Promise<{ row: DocumentsTable; stream: ReadStream }> {
      const row = await this.get(id);
      if ((await store.size(row.path)) !== Number(row.bytes))
        throw new Conflict(
          `document ${id}'s stored file is missing or changed: tell the station administrator (sha256 ${row.sha256})`,
          {
            code: 'document-damaged',
          },
        );
      await audit.append({
        actor,
        action: 'download',
        subjectType: 'document',
        subjectId: row.id,
        caseId: row.case_id,
        detail: { sha256: row.sha256, version: row.version },
      });
      return { row, stream: store.open(row.path) };
    },
  };
}
export type Documents = ReturnType<typeof createDocuments>;

/** image/jpg for image/jpeg, audio/x-wav for audio/wav and the like. */
function sameFamily(declared: string, sniffed: DocumentMediaType): boolean {
  const aliases: Record<string, DocumentMediaType> = {
    'image/jpg': 'image/jpeg',
    'image/pjpeg': 'image/jpeg',
    'audio/x-wav': 'audio/wav',
    'audio/wave': 'audio/wav',
    'audio/mp3': 'audio/mpeg',
    'audio/x-m4a': 'audio/mp4',
    'audio/aac': 'audio/mp4',
    'text/markdown': 'text/plain',
  };
  return aliases[declared] === sniffed;
}
