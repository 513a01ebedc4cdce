/**
 * CSV files the station hands out (open data, reports, the case file index): RFC 4180
 * (comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote, CR or LF,
 * quotes doubled), UTF-8 with a byte-order mark, without which Excel on Chinese Windows reads the
 * file as GBK and garbles it. Text that begins with =, +, -, @, a tab or CR gets a leading
 * apostrophe: Excel would otherwise run it as a formula (CSV injection, OWASP).
 */
const BOM = '\uFEFF';
const CRLF = '\r\n';

/** Free text made safe from being read as a formula. */
export const defused = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** RFC 4180 §2.6–2.7: quote when needed, double the quotes inside. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: rows of cells (text defused, numbers as they are), BOM first. */
export function csvFile(rows: readonly (readonly (string | number)[])[]): string {
  return (
    BOM +
    rows.map((r) => r.map((v) => csvField(typeof v === 'number' ? String(v) : defused(v))).join(',') + CRLF).join('')
  );
}
