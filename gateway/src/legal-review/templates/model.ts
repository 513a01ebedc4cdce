/**
 * A document as the templates describe it: what it says, in order, without layout. One model
 * feeds both writers (pdf-writer.ts, docx-writer.ts), so the PDF that is signed and the DOCX that
 * is edited or printed always carry the same text.
 */

export type Block =
  /** A numbered section heading, e.g. 一、审核事项. */
  | { kind: 'heading'; text: string }
  /** Body text: one paragraph, first line indented two characters. */
  | { kind: 'paragraph'; text: string }
  /** A labelled line, e.g. 当事人：某某有限公司 (not indented; the label says what it is). */
  | { kind: 'field'; label: string; value: string }
  /** A bordered table; widths are fractions of the text width, one per column. */
  | { kind: 'table'; header: string[]; rows: string[][]; widths: number[] }
  /** A digest in small type with its value monospaced, so a reader can compare it character by character. */
  | { kind: 'digest'; label: string; value: string }
  /** Right-aligned closing lines: who signs, for which agency, and when. Kept together on one page. */
  | { kind: 'signature'; lines: string[] };

export interface DocModel {
  /** Issuing agency, printed centred above the title. */
  agency: string;
  title: string;
  /** Printed under the title on the right (document number or case number); empty for none. */
  number: string;
  blocks: Block[];
  /** YYYY-MM-DD: fixes every timestamp inside the files. */
  date: string;
  /** File properties (PDF Info, DOCX core.xml). */
  properties: { title: string; subject: string; author: string; keywords: string };
}

/** Text typed in a form may hold several paragraphs: one per non-blank line. */
export function paragraphs(text: string): Block[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => ({ kind: 'paragraph', text: line }));
}

const ZH_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 1 → 一, 12 → 十二, 21 → 二十一 (section headings count past ten only in long documents). */
export function zhNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 99) return String(n);
  if (n <= 10) return ZH_NUMERALS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : ZH_NUMERALS[tens]}十${ones ? ZH_NUMERALS[ones] : ''}`;
}

/** Numbers headings in order: 一、 二、 …, so optional sections never leave a gap. */
export function numberHeadings(blocks: Block[]): Block[] {
  let n = 0;
  return blocks.map((b) => (b.kind === 'heading' ? { ...b, text: `${zhNumeral(++n)}、${b.text}` } : b));
}
