/**
 * From found spans to the published text: what replaces each span under the policy, and the
 * edits that map positions of the published text back to the original (so a second look at the
 * published text can widen a span of the original; see redaction.ts).
 */
import { ROLE_LABEL, type PersonRole } from './case-people.js';
import { surnameOf } from './person-names.js';
import { DEFAULT_LABEL, type KindRule, type NameStyle } from './policy.js';
import type { IdentifierKind, Span } from './spans.js';

export const MASK_CHAR = '＊';

export interface RedactionFinding extends Span {
  action: 'mask' | 'remove' | 'label' | 'pseudonym';
  /** What the published text has instead ('' when removed). */
  replacement: string;
}

/** A span to redact, with what it is. `name` is set on a span that is exactly one person's name. */
export interface Target extends Span {
  name?: string;
  /** The replacement itself was read as an identifier: mask it plainly (see redaction.ts). */
  plainMask?: boolean;
}

export interface Edit {
  origStart: number;
  origEnd: number;
  outStart: number;
  outEnd: number;
}

/** ＊ for every character (code point) but the first `keepStart` and last `keepEnd`; all of them if that would keep it whole. */
export function maskText(text: string, keepStart = 0, keepEnd = 0): string {
  const chars = [...text];
  if (keepStart + keepEnd >= chars.length) return MASK_CHAR.repeat(chars.length);
  return chars.map((c, i) => (i < keepStart || i >= chars.length - keepEnd ? c : MASK_CHAR)).join('');
}

export function applyRule(text: string, kind: Exclude<IdentifierKind, 'person-name'>, rule: KindRule) {
  switch (rule.action) {
    case 'mask':
      return { action: 'mask' as const, replacement: maskText(text, rule.keepStart, rule.keepEnd) };
    case 'remove':
      return { action: 'remove' as const, replacement: '' };
    case 'label':
      return { action: 'label' as const, replacement: rule.label ?? DEFAULT_LABEL[kind] };
    case 'keep':
      return { action: 'mask' as const, replacement: text };
  }
}

const SERIAL = '甲乙丙丁戊己庚辛壬癸';

/**
 * What each masked person's name becomes, in the order given (the party first). Under the
 * `surname` style two people who would both be 张某 become 张某甲 and 张某乙.
 */
export function pseudonyms(
  people: readonly { name: string; role: PersonRole; style: NameStyle }[],
): Map<string, string> {
  const out = new Map<string, string>();
  const bySurname = new Map<string, string[]>();
  for (const p of people) {
    if (out.has(p.name)) continue;
    if (p.style === 'full') out.set(p.name, MASK_CHAR.repeat(2));
    else if (p.style === 'label') out.set(p.name, `[${ROLE_LABEL[p.role]}]`);
    else {
      const base = `${surnameOf(p.name)}某`;
      out.set(p.name, base);
      bySurname.set(base, [...(bySurname.get(base) ?? []), p.name]);
    }
  }
  for (const [base, names] of bySurname)
    if (names.length > 1) names.forEach((n, i) => out.set(n, `${base}${SERIAL[i] ?? String(i + 1)}`));
  return out;
}

/** The text with each finding's replacement, and the edits made (sorted, not overlapping). */
export function applyFindings(
  original: string,
  findings: readonly RedactionFinding[],
): { text: string; edits: Edit[] } {
  let text = '';
  let from = 0;
  const edits: Edit[] = [];
  for (const f of findings) {
    text += original.slice(from, f.start);
    const outStart = text.length;
    text += f.replacement;
    edits.push({ origStart: f.start, origEnd: f.end, outStart, outEnd: text.length });
    from = f.end;
  }
  return { text: text + original.slice(from), edits };
}

/**
 * A position of the published text in the original: a span starting or ending inside (or at the
 * edge of) a replacement takes in the whole replaced stretch.
 */
export function toOriginal(edits: readonly Edit[], pos: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const e of edits) {
    if (pos < e.outStart) break;
    if (pos <= e.outEnd) return side === 'start' ? e.origStart : e.origEnd;
    shift = e.origEnd - e.outEnd;
  }
  return pos + shift;
}
