/**
 * Bulk download of published items as CSV (open data): RFC 4180 (comma-separated, CRLF line
 * ends, a field quoted when it holds a comma, a quote, CR or LF, quotes doubled), UTF-8 with a
 * byte-order mark, without which Excel on Chinese Windows reads the file as GBK and garbles it.
 *
 * Times are written in China Standard Time with their offset (2025-03-03T09:30:00+08:00): what
 * a reader in China expects, and still unambiguous for a program.
 *
 * Free text (title, summary) that begins with =, +, -, @, a tab or CR gets a leading apostrophe:
 * Excel would otherwise run it as a formula (CSV injection, OWASP), and titles can carry names
 * the agency did not write. Ids, times and links are checked by the schema and never begin so.
 */
import { csvFile } from '../../csv.js';
import { type CheckedItem, type FeedItem, checkItems } from './feed-item.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** An instant as Shanghai local time with its offset, to the second. */
function shanghaiTime(ms: number): string {
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19) + '+08:00';
}

/** The columns, in order: header and value. */
const COLUMNS: readonly (readonly [string, (item: CheckedItem) => string])[] = [
  ['标识', (i) => i.id],
  ['标题', (i) => i.title],
  ['摘要', (i) => i.summary],
  ['发布时间', (i) => shanghaiTime(i.publishedMs)],
  ['更新时间', (i) => shanghaiTime(i.updatedMs)],
  ['链接', (i) => i.link],
];

/** The header row: 标识 (id), 标题 (title), 摘要 (summary), 发布时间, 更新时间, 链接 (link). */
export const CSV_HEADER: readonly string[] = COLUMNS.map(([label]) => label);

/**
 * The items as a CSV file's text (BOM first); write it as UTF-8 and serve it as
 * text/csv; charset=utf-8; header=present. Pass only live items (liveAndWithdrawn(...).live);
 * their order is kept. Throws Invalid (code feed-invalid) naming the first bad item.
 */
export function toCsv(items: readonly FeedItem[]): string {
  // Title and summary are defused by csvFile; ids, times and links never begin with a formula sign.
  const rows = checkItems(items).map((item) => COLUMNS.map(([, value]) => value(item)));
  return csvFile([CSV_HEADER, ...rows]);
}
