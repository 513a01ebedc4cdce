/** Case-file documents as stored: every version of each, never updated in place. */
import type { Db } from '../db/database.js';
import type { DocumentsTable } from '../db/schema.js';

export async function insertDocument(db: Db, row: DocumentsTable): Promise<void> {
  await db.insertInto('documents').values(row).execute();
}

export function findDocument(db: Db, id: string): Promise<DocumentsTable | undefined> {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The newest version of a document (all versions share its key). */
export function latestVersion(db: Db, documentKey: string): Promise<DocumentsTable | undefined> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('document_key', '=', documentKey)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every version of every document of a case, in upload order. */
export function documentsOfCase(db: Db, caseId: string): Promise<DocumentsTable[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('uploaded_at')
    .orderBy('version')
    .execute();
}
