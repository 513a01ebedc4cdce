/**
 * Renders a DocModel to DOCX with the `docx` package, for people who edit or print in Word/WPS.
 *
 * Chinese text needs the East Asian font slot: Word picks the font for CJK characters from
 * `w:eastAsia`, not `w:ascii`, so every style names 宋体/仿宋/黑体 there (and Times New Roman for
 * Latin text and digits), and the language is zh-CN so line breaking follows Chinese rules.
 *
 * `docx` stamps core.xml with the current time and its zip library stamps every entry with it,
 * so the package is re-written here (normalise): core.xml dates and entry times come from the
 * model's date, and the same model gives the same bytes. `docx` draws no random ids for the
 * elements used here (paragraphs, tables, a footer with page fields); images, comments or
 * hyperlinks would bring some, so a new element kind needs the determinism test to stay green.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IRunStylePropertiesOptions,
} from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { docInstant, parseDocDate } from './dates.js';
import type { Block, DocModel } from './model.js';

const MM = 1440 / 25.4; // twips
const A4 = { width: 11906, height: 16838 };
const MARGIN = {
  top: Math.round(37 * MM),
  bottom: Math.round(35 * MM),
  left: Math.round(28 * MM),
  right: Math.round(26 * MM),
};
const TEXT_WIDTH = A4.width - MARGIN.left - MARGIN.right;

/** Fonts by role; Latin text and digits in Times New Roman, as official documents set them. */
const font = (eastAsia: string, latin = 'Times New Roman') => ({
  ascii: latin,
  hAnsi: latin,
  cs: latin,
  eastAsia,
  hint: 'eastAsia',
});
const SONG = font('宋体');
const FANGSONG = font('仿宋');
const HEI = font('黑体');
const MONO = font('仿宋', 'Courier New');

// Sizes in half-points: 二号 22pt, 小二 18pt, 四号 14pt, 五号 10.5pt, 小五 9pt.
const run = (f: ReturnType<typeof font>, halfPoints: number, bold = false): IRunStylePropertiesOptions => ({
  font: f,
  size: halfPoints,
  bold,
  language: { value: 'en-US', eastAsia: 'zh-CN' },
});
const LINE_15 = { line: 360, lineRule: LineRuleType.AUTO };

const STYLES = [
  { id: 'Agency', name: 'Agency', run: run(SONG, 36), paragraph: { alignment: AlignmentType.CENTER } },
  {
    id: 'DocTitle',
    name: 'Document Title',
    run: { ...run(SONG, 44, true), characterSpacing: 40 },
    paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 } },
  },
  {
    id: 'DocNumber',
    name: 'Document Number',
    run: run(FANGSONG, 28),
    paragraph: { alignment: AlignmentType.RIGHT, spacing: { after: 240 } },
  },
  {
    // First line indented two characters: firstLineChars for Word and WPS, firstLine (2 × 14 pt)
    // for LibreOffice, which ignores the former.
    id: 'Body',
    name: 'Body',
    run: run(FANGSONG, 28),
    paragraph: { alignment: AlignmentType.BOTH, indent: { firstLineChars: 200, firstLine: 2 * 280 }, spacing: LINE_15 },
  },
  { id: 'Field', name: 'Field', run: run(FANGSONG, 28), paragraph: { spacing: LINE_15 } },
  {
    id: 'Digest',
    name: 'Digest',
    run: run(FANGSONG, 18),
    paragraph: { spacing: { line: 276, lineRule: LineRuleType.AUTO } },
  },
  { id: 'TableText', name: 'Table Text', run: run(FANGSONG, 22), paragraph: {} },
  {
    id: 'Signature',
    name: 'Signature',
    run: run(FANGSONG, 28),
    paragraph: { alignment: AlignmentType.RIGHT, spacing: LINE_15 },
  },
  { id: 'PageFooter', name: 'Page Footer', run: run(SONG, 21), paragraph: { alignment: AlignmentType.CENTER } },
];

export async function renderDocx(model: DocModel): Promise<Buffer> {
  const doc = new Document({
    title: model.properties.title,
    subject: model.properties.subject,
    creator: model.properties.author,
    lastModifiedBy: model.properties.author,
    keywords: model.properties.keywords,
    revision: 1,
    styles: {
      default: {
        document: { run: run(FANGSONG, 28) },
        // Section headings are Word headings, so they show in the navigation pane.
        heading1: { run: run(HEI, 28), paragraph: { spacing: { before: 120, after: 0, ...LINE_15 } } },
      },
      paragraphStyles: STYLES,
    },
    sections: [
      {
        properties: {
          page: {
            size: A4,
            margin: { ...MARGIN, header: Math.round(15 * MM), footer: Math.round(18 * MM) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                style: 'PageFooter',
                children: [
                  new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'] }),
                ],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({ style: 'Agency', text: model.agency }),
          new Paragraph({ style: 'DocTitle', text: model.title }),
          ...(model.number ? [new Paragraph({ style: 'DocNumber', text: model.number })] : []),
          ...model.blocks.flatMap((b, i) => block(b, model.blocks[i + 1]?.kind === 'signature')),
        ],
      },
    ],
  });
  return normalise(await Packer.toBuffer(doc), model.date);
}

/** `beforeSignature`: the block stays on the signature's page, so a signature never stands alone. */
function block(b: Block, beforeSignature: boolean): (Paragraph | Table)[] {
  const keepNext = beforeSignature || undefined;
  switch (b.kind) {
    case 'heading':
      return [new Paragraph({ heading: HeadingLevel.HEADING_1, text: b.text, keepNext: true })];
    case 'paragraph':
      return [new Paragraph({ style: 'Body', text: b.text, keepNext })];
    case 'field':
      return [new Paragraph({ style: 'Field', text: `${b.label}：${b.value}`, keepNext })];
    case 'digest':
      return [
        new Paragraph({
          style: 'Digest',
          // Digests stay together and with what follows (the signature), as in the PDF.
          keepNext: true,
          // Label and value on lines of their own: a 64-digit value must never wrap.
          children: [new TextRun(`${b.label}：`), new TextRun({ text: b.value, font: MONO, break: 1 })],
        }),
      ];
    case 'table':
      return [table(b), new Paragraph({ style: 'TableText', text: '' })];
    case 'signature':
      return [
        new Paragraph({ style: 'Signature', text: '', keepNext: true }),
        ...b.lines.map(
          (line, i) =>
            new Paragraph({
              style: 'Signature',
              text: line,
              keepNext: i < b.lines.length - 1 || undefined,
              keepLines: true,
            }),
        ),
      ];
  }
}

const CELL_MARGIN = { top: 60, bottom: 60, left: 100, right: 100 };
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

function table(t: Extract<Block, { kind: 'table' }>): Table {
  const widths = t.widths.map((f) => Math.round(f * TEXT_WIDTH));
  const cell = (text: string, i: number, header: boolean) =>
    new TableCell({
      width: { size: widths[i]!, type: WidthType.DXA },
      margins: CELL_MARGIN,
      ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'EEEEEE' } } : {}),
      children: [new Paragraph({ style: 'TableText', text })],
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      // The header row repeats on every page the table spans.
      new TableRow({ tableHeader: true, cantSplit: true, children: t.header.map((c, i) => cell(c, i, true)) }),
      ...t.rows.map((r) => new TableRow({ children: r.map((c, i) => cell(c, i, false)) })),
    ],
  });
}

/**
 * Re-packs the DOCX with times from `date`: core.xml's created/modified and every zip entry's
 * modification time. Zip entry times are local DOS times, so they are given as local wall-clock
 * components (not an instant), which keeps the bytes the same in every time zone. Folder entries
 * are dropped (OOXML packages have none) and [Content_Types].xml and _rels/.rels go first, where
 * tools that sniff the format look for them.
 */
function normalise(docx: Buffer, date: string): Buffer {
  const stamp = docInstant(date)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const { year, month, day } = parseDocDate(date);
  const mtime = new Date(year, month - 1, day, 0, 0, 0);
  const entries = unzipSync(docx);
  const first = ['[Content_Types].xml', '_rels/.rels'];
  const names = [...first.filter((n) => n in entries), ...Object.keys(entries).filter((n) => !first.includes(n))];
  const out: Zippable = {};
  for (const name of names) {
    if (name.endsWith('/')) continue;
    let bytes = entries[name]!;
    if (name === 'docProps/core.xml')
      bytes = strToU8(
        strFromU8(bytes).replace(
          /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
          (_m, open: string, _tag: string, close: string) => `${open}${stamp}${close}`,
        ),
      );
    out[name] = [bytes, { mtime, level: 6 }];
  }
  return Buffer.from(zipSync(out));
}
