/**
 * The flow chart of a procedure page is an SVG the station drew (publicity/disclosure-flow.ts,
 * text escaped) and signed as part of the page. The portal writes it into the page as markup, so
 * it is checked first against what that drawing uses, element by element and attribute by
 * attribute: no script, no event handler, no link, no external reference, no foreign content.
 * Anything else (an older or a forged drawing) is not shown; the page keeps the text of the flow.
 * The page's CSP (no script at all) stands behind this check.
 */
import { trustedHtml, type Html } from './html.js';

const ELEMENTS = new Set(['svg', 'title', 'desc', 'defs', 'marker', 'path', 'line', 'rect', 'g', 'text']);

const ATTRIBUTES = new Set([
  'xmlns',
  'viewBox',
  'width',
  'height',
  'role',
  'aria-labelledby',
  'aria-label',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'id',
  'refX',
  'refY',
  'markerWidth',
  'markerHeight',
  'orient',
  'd',
  'fill',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'marker-end',
  'marker-start',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'rx',
  'ry',
]);

/** A tag with its attributes (double-quoted values with no markup characters), or a run of text. */
const TOKEN = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z][A-Za-z0-9-]*="[^"<>]*")*)\s*(\/?)>|([^<]+)/gy;
const ATTRIBUTE = /\s+([A-Za-z][A-Za-z0-9-]*)="([^"<>]*)"/g;
/** Character references only as the drawing writes them. */
const TEXT = /^(?:[^&]|&#\d{1,7};|&(?:amp|lt|gt|quot|apos);)*$/;

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decoded = (value: string) =>
  value.replace(/&(#\d{1,7}|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#') ? String.fromCodePoint(Math.min(Number(e.slice(1)), 0x10ffff)) : ENTITY[e]!,
  );

function attributesOk(text: string): boolean {
  for (const [, name, raw] of text.matchAll(ATTRIBUTE)) {
    if (!ATTRIBUTES.has(name!) || !TEXT.test(raw!)) return false;
    const value = decoded(raw!);
    if (name === 'xmlns' && value !== 'http://www.w3.org/2000/svg') return false;
    // No function but a reference to a marker inside the drawing, url(#name); no escapes.
    if (/[(\\]/.test(value) && !/^url\(#[A-Za-z][\w-]*\)$/.test(value)) return false;
  }
  return true;
}

/** The drawing as markup when it holds only what a flow chart needs; undefined otherwise. */
export function safeSvg(svg: unknown): Html | undefined {
  if (typeof svg !== 'string' || svg.length > 2_000_000 || !svg.startsWith('<svg ')) return undefined;
  const open: string[] = [];
  let at = 0;
  while (at < svg.length) {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(svg);
    if (!m) return undefined;
    at = TOKEN.lastIndex;
    const [, closing, name, attributes, selfClosing, text] = m;
    if (text !== undefined) {
      if (!open.length || !TEXT.test(text)) return undefined;
      continue;
    }
    if (!ELEMENTS.has(name!)) return undefined;
    if (closing) {
      if (attributes || selfClosing || open.pop() !== name) return undefined;
    } else {
      // One drawing: <svg> first, and never inside itself.
      if ((open.length === 0) !== (name === 'svg')) return undefined;
      if (!attributesOk(attributes!)) return undefined;
      if (!selfClosing) open.push(name!);
    }
    // Nothing after the drawing's end but white space.
    if (!open.length) {
      if (svg.slice(at).trim() !== '') return undefined;
      break;
    }
  }
  if (open.length) return undefined;
  return trustedHtml(svg);
}
