/**
 * The catalogue of a case file (卷内目录): its documents in the standard order of the enforcement
 * kind, numbered. Each agency sets the order per kind (`legalReview.caseFileOrder`); a kind it
 * does not list follows the order of DOCUMENT_KINDS, which is the usual 案卷 order (立案审批表,
 * 笔录, 照片, … 决定书, 送达回证). Within a kind, documents keep their filing order; every
 * version is listed (the latest first), so the index matches what the package holds.
 */
import { DOCUMENT_KINDS } from '@liuhen/contract';
import { csvFile } from '../csv.js';

export interface IndexedDocument {
  id: string;
  documentKey: string;
  version: number;
  kind: string;
  title: string;
  uploadedAt: string;
  sha256: string;
  /** Where it is in an export package, when there is one. */
  path?: string;
}

export interface CaseFileIndexRow extends IndexedDocument {
  /** 序号: 1, 2, … in the index's order. */
  no: number;
  current: boolean;
}

export type CaseFileOrder = Partial<Record<string, readonly string[]>>;

export function caseFileIndex(
  docs: readonly IndexedDocument[],
  caseKind: string,
  order: CaseFileOrder,
): CaseFileIndexRow[] {
  const kinds = order[caseKind] ?? DOCUMENT_KINDS;
  const rank = (k: string) => {
    const i = kinds.indexOf(k);
    // Kinds the agency's order leaves out come after the listed ones, in the standard order.
    return i >= 0 ? i : kinds.length + (DOCUMENT_KINDS as readonly string[]).indexOf(k);
  };
  const latest = new Map<string, number>();
  for (const d of docs) latest.set(d.documentKey, Math.max(latest.get(d.documentKey) ?? 0, d.version));
  const firstFiled = new Map<string, string>();
  for (const d of docs) {
    const t = firstFiled.get(d.documentKey);
    if (!t || d.uploadedAt < t) firstFiled.set(d.documentKey, d.uploadedAt);
  }
  return [...docs]
    .sort(
      (a, b) =>
        rank(a.kind) - rank(b.kind) ||
        firstFiled.get(a.documentKey)!.localeCompare(firstFiled.get(b.documentKey)!) ||
        a.documentKey.localeCompare(b.documentKey) ||
        b.version - a.version,
    )
    .map((d, i) => ({ ...d, no: i + 1, current: d.version === latest.get(d.documentKey) }));
}

/** The index as CSV (UTF-8 with BOM): 序号, 文书类别, 题名, 版本, 归档时间, 文件, SHA-256. */
export function caseFileIndexCsv(rows: readonly CaseFileIndexRow[]): string {
  const lines: (string | number)[][] = [['序号', '文书类别', '题名', '版本', '归档时间', '文件', 'SHA-256']];
  for (const r of rows)
    lines.push([
      r.no,
      r.kind,
      r.title,
      `v${r.version}${r.current ? '' : '（已更新）'}`,
      r.uploadedAt,
      r.path ?? '',
      r.sha256,
    ]);
  return csvFile(lines);
}
