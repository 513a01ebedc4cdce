/**
 * Chinese characters as a regular-expression class, with some left out. Written as explicit
 * ranges because a class with a lookahead per character ("(?![的了])\p{Script=Han}") made the
 * address scan several times slower. Covers the CJK Unified Ideographs, Extension A and the
 * compatibility block: the characters of place names and personal names in decisions (the rare
 * Extension B+ characters, outside the BMP, are not matched).
 */

const BLOCKS: [number, number][] = [
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/** The inside of a character class: Chinese characters except those in `except`. */
export function hanClass(except = ''): string {
  const left = [...new Set([...except].map((c) => c.charCodeAt(0)))].sort((a, b) => a - b);
  const out: string[] = [];
  for (const [from, to] of BLOCKS) {
    let start = from;
    for (const c of left) {
      if (c < start || c > to) continue;
      if (c > start) out.push(`${hex(start)}-${hex(c - 1)}`);
      start = c + 1;
    }
    if (start <= to) out.push(start === to ? hex(start) : `${hex(start)}-${hex(to)}`);
  }
  return out.join('');
}

export const HAN_CHAR = new RegExp(`[${hanClass()}]`);
