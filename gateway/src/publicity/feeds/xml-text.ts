/**
 * Text made safe for the feeds' XML. Titles and summaries are plain text (already redacted);
 * Atom declares them type="html" and RSS readers treat them as HTML, so they are HTML-escaped
 * first, which also keeps "]]>" out of the CDATA sections the `feed` package writes (it splits
 * only the first "]]>" of a text). Characters XML 1.0 forbids (most C0 controls, lone
 * surrogates, U+FFFE/U+FFFF) would make the whole document unreadable, so they are dropped.
 */

// XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text without the characters XML 1.0 cannot carry. */
export function xmlChars(text: string): string {
  return text.replace(NOT_XML_CHAR, '');
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes &, <, >, " and ' for XML text, XML attributes and HTML alike. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** Plain text as HTML for a feed: XML-safe, then escaped, so a reader shows exactly the text. */
export function plainTextAsHtml(text: string): string {
  return escapeMarkup(xmlChars(text));
}
