/**
 * Escaping by default: every value interpolated into a `markup` template is escaped unless it is
 * itself `Html` (a fragment built the same way) — so a page cannot carry unescaped text from
 * the database by forgetting a call. Only `trustedHtml` makes markup from a string, for
 * constants written in this package (the style sheet, JSON-LD already made safe).
 *
 * The tag is not called `html` on purpose: Prettier reformats templates tagged `html`, which
 * would re-wrap the pages' Chinese text (a line break between two Han characters shows as a
 * space) and re-indent the markup.
 */

/** Markup known to be safe: built by `markup` or wrapped by `trustedHtml`. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** A value that may stand in a template: text, a number, a fragment, a list of them, or nothing. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** A constant of this package used as markup as it is. */
export function trustedHtml(text: string): Html {
  return new Html(text);
}

/**
 * JSON inside <script type="application/ld+json">: `<`, `>`, `&` and the line separators are
 * written as \u escapes, so no text in a value can close the element or open a comment.
 */
export function jsonScript(value: unknown): Html {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return new Html(`<script type="application/ld+json">${json}</script>`);
}
