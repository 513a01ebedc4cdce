/**
 * Renders a DocModel to PDF with pdfkit: A4 in the proportions of official documents
 * (GB/T 9704: margins 37/26/35/28 mm), agency and title centred, the number on the right under
 * them, numbered sections, a signature block kept on one page, and "第 n 页 共 N 页" on every
 * page so a missing page shows.
 *
 * The bytes are the thing the station hashes and signs, so they depend on the model alone:
 * CreationDate/ModDate come from the model's date, pdfkit derives the file ID from that info,
 * and the embedded font subset is named from the font's id, not at random.
 */
import PDFDocument from 'pdfkit';
import { docInstant } from './dates.js';
import { loadCjkFont } from './font.js';
import type { Block, DocModel } from './model.js';

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
/** Point sizes: 二号 title, 小二 agency, 四号 body, smaller for tables, digests and page numbers. */
const SIZE = { agency: 18, title: 22, number: 14, heading: 14, body: 14, table: 11, small: 9, footer: 10.5 };
const LINE_GAP = 6;
const BODY = 'cjk';
const MONO = 'cjk-mono';

type Doc = PDFKit.PDFDocument;

export async function renderPdf(model: DocModel): Promise<Buffer> {
  const font = loadCjkFont();
  const instant = docInstant(model.date);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    // Page numbers say "of N": pages stay in memory until N is known.
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: model.properties.title,
      Subject: model.properties.subject,
      Author: model.properties.author,
      Keywords: model.properties.keywords,
      Creator: 'liuhen',
      CreationDate: instant,
      ModDate: instant,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  // pdfkit accepts a parsed fontkit face where its types only list files and buffers.
  doc.registerFont(BODY, font.body as unknown as PDFKit.Mixins.PDFFontSource);
  doc.registerFont(MONO, font.mono as unknown as PDFKit.Mixins.PDFFontSource);

  header(doc, model);
  const keepFrom = signatureGroupStart(model.blocks);
  model.blocks.forEach((block, i) => {
    if (i === keepFrom) keepWithSignature(doc, model.blocks.slice(i));
    render(doc, block, model.blocks[i + 1]);
  });
  pageNumbers(doc);

  doc.end();
  return done;
}

const left = (doc: Doc) => doc.page.margins.left;
const textWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page unless `height` points still fit below the cursor. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function header(doc: Doc, model: DocModel): void {
  const width = textWidth(doc);
  doc.font(BODY).fontSize(SIZE.agency).text(model.agency, left(doc), doc.y, { width, align: 'center' });
  doc.moveDown(0.3);
  doc.fontSize(SIZE.title).text(model.title, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.4);
  if (model.number) doc.fontSize(SIZE.number).text(model.number, { width, align: 'right' });
  doc.moveDown(0.8);
}

/** Font, size and options of the blocks that are one run of text, shared by drawing and measuring. */
function textStyle(doc: Doc, block: Block): { size: number; text: string; options: PDFKit.Mixins.TextOptions } | null {
  const width = textWidth(doc);
  switch (block.kind) {
    case 'paragraph':
      return {
        size: SIZE.body,
        text: block.text,
        options: { width, lineGap: LINE_GAP, indent: 2 * SIZE.body, align: 'justify' },
      };
    case 'field':
      return { size: SIZE.body, text: `${block.label}：${block.value}`, options: { width, lineGap: LINE_GAP } };
    default:
      return null;
  }
}

/** The height a block will take; null for blocks that flow (tables) or are not measured. */
function blockHeight(doc: Doc, block: Block): number | null {
  switch (block.kind) {
    case 'digest':
      doc.font(BODY).fontSize(SIZE.small);
      return 2 * doc.currentLineHeight(true) + 4;
    case 'heading':
      doc.font(BODY).fontSize(SIZE.heading);
      return 0.5 * doc.currentLineHeight() + doc.currentLineHeight(true) + LINE_GAP;
    case 'signature':
      doc.font(BODY).fontSize(SIZE.body);
      return (block.lines.length + 2) * (doc.currentLineHeight(true) + LINE_GAP);
    default: {
      const style = textStyle(doc, block);
      if (!style) return null;
      doc.font(BODY).fontSize(style.size);
      return doc.heightOfString(style.text, style.options);
    }
  }
}

/**
 * Where the group that stays on the signature's page starts: the block before the signature (a
 * whole run of digests: the 审核内容 section is read as one), with its heading when it follows one.
 */
function signatureGroupStart(blocks: Block[]): number {
  const sig = blocks.findLastIndex((b) => b.kind === 'signature');
  let i = sig - 1;
  if (sig < 1) return -1;
  if (blocks[i]!.kind === 'digest') while (blocks[i - 1]?.kind === 'digest') i--;
  // A heading goes with what it heads.
  if (blocks[i - 1]?.kind === 'heading') i--;
  return i;
}

/**
 * A signature never stands alone on a page (a page without text could be attached to another
 * document): when the group before it and the signature do not both fit, the group moves to the
 * next page with it. A group taller than a page flows, and its tail lands with the signature.
 */
function keepWithSignature(doc: Doc, group: Block[]): void {
  let height = 0;
  for (const b of group) {
    const h = blockHeight(doc, b);
    if (h === null) return;
    height += h;
  }
  const fresh = bottom(doc) - doc.page.margins.top;
  if (height > bottom(doc) - doc.y && height <= fresh && doc.y > doc.page.margins.top) doc.addPage();
}

/**
 * How much of a block must share the page with the heading above it: the table's header and
 * first row (when they fit a page at all), a digest, or one line of text.
 */
function leadHeight(doc: Doc, block: Block | undefined): number {
  if (block?.kind === 'table') {
    doc.font(BODY).fontSize(SIZE.table);
    const rows = [block.header, ...block.rows.slice(0, 1)].map((r) => rowHeight(doc, block, r));
    const both = rows.reduce((a, b) => a + b, 0);
    if (both <= bottom(doc) - doc.page.margins.top) return both;
    return rows[0]! + 2 * doc.currentLineHeight(true);
  }
  if (block?.kind === 'digest') return blockHeight(doc, block) ?? 0;
  doc.font(BODY).fontSize(SIZE.body);
  return doc.currentLineHeight(true) + LINE_GAP;
}

function render(doc: Doc, block: Block, next: Block | undefined): void {
  const width = textWidth(doc);
  doc.x = left(doc);
  const style = textStyle(doc, block);
  if (style) {
    doc.font(BODY).fontSize(style.size).text(style.text, left(doc), doc.y, style.options);
    return;
  }
  switch (block.kind) {
    case 'heading': {
      // A heading never ends a page: keep it with the start of what follows.
      ensureRoom(doc, (blockHeight(doc, block) ?? 0) + leadHeight(doc, next));
      doc.font(BODY).fontSize(SIZE.heading);
      doc.moveDown(0.5);
      doc.text(block.text, left(doc), doc.y, { width, lineGap: LINE_GAP });
      return;
    }
    case 'digest':
      // Label and value on lines of their own: a 64-digit value must never wrap.
      doc.font(BODY).fontSize(SIZE.small).text(`${block.label}：`, left(doc), doc.y, { width, lineGap: 1 });
      doc
        .font(MONO)
        .text(block.value, left(doc) + 2 * SIZE.small, doc.y, { width: width - 2 * SIZE.small, lineGap: 3 });
      return;
    case 'table':
      table(doc, block);
      return;
    case 'signature': {
      ensureRoom(doc, blockHeight(doc, block) ?? 0);
      doc.font(BODY).fontSize(SIZE.body);
      doc.moveDown(2);
      for (const line of block.lines) doc.text(line, left(doc), doc.y, { width, align: 'right', lineGap: LINE_GAP });
      return;
    }
    default:
      return;
  }
}

const CELL_PAD = 4;

/**
 * A bordered table drawn by hand: pdfkit's own table clips a row taller than a page, which a
 * signed document must never do. Rows move whole to the next page (header repeated); a row too
 * tall for any page is printed as flowing text instead.
 */
type TableBlock = Extract<Block, { kind: 'table' }>;

const cellOptions = (doc: Doc, t: TableBlock, i: number) => ({
  width: t.widths[i]! * textWidth(doc) - 2 * CELL_PAD,
  lineGap: 2,
});

/** A row's height at the table's font size (the caller sets it). */
function rowHeight(doc: Doc, t: TableBlock, cells: string[]): number {
  return Math.max(...cells.map((c, i) => doc.heightOfString(c, cellOptions(doc, t, i)))) + 2 * CELL_PAD;
}

function table(doc: Doc, t: TableBlock): void {
  const width = textWidth(doc);
  const cols = t.widths.map((f) => f * width);
  const cellOpts = (i: number) => cellOptions(doc, t, i);
  doc.font(BODY).fontSize(SIZE.table);
  const heightOf = (cells: string[]) => rowHeight(doc, t, cells);
  const draw = (cells: string[], height: number, shade: boolean) => {
    let x = left(doc);
    const y = doc.y;
    cells.forEach((cell, i) => {
      const w = cols[i]!;
      if (shade) doc.rect(x, y, w, height).fillAndStroke('#eeeeee', '#000000').fillColor('#000000');
      else doc.rect(x, y, w, height).stroke();
      doc.text(cell, x + CELL_PAD, y + CELL_PAD, cellOpts(i));
      x += w;
    });
    doc.x = left(doc);
    doc.y = y + height;
  };

  doc.moveDown(0.3);
  doc.lineWidth(0.5);
  const headerHeight = heightOf(t.header);
  const pageRoom = bottom(doc) - doc.page.margins.top;
  ensureRoom(doc, leadHeight(doc, t));
  doc.font(BODY).fontSize(SIZE.table);
  draw(t.header, headerHeight, true);
  for (const row of t.rows) {
    const height = heightOf(row);
    if (headerHeight + height > pageRoom) {
      doc.moveDown(0.3);
      doc.text(row.join('　'), left(doc), doc.y, { width, lineGap: 2 });
      doc.moveDown(0.3);
      continue;
    }
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      doc.font(BODY).fontSize(SIZE.table);
      draw(t.header, headerHeight, true);
    }
    draw(row, height, false);
  }
  doc.moveDown(0.5);
}

function pageNumbers(doc: Doc): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would make pdfkit start a new page: lift the margin while
    // the footer is written.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(BODY)
      .fontSize(SIZE.footer)
      .text(`第 ${i + 1} 页 共 ${count} 页`, left(doc), doc.page.height - 20 * MM, {
        width: textWidth(doc),
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  }
}
