// Where the redacted text carries a replacement (a label such as [身份证号], a pseudonym such as
// 王某, or stars), so the page can mark what the station put in place of an identifier.

export interface Piece {
  text: string;
  /** This piece is a replacement the station made. */
  marked: boolean;
}

/** The text cut into plain and marked pieces; the longest replacement wins where two start together. */
export function markReplacements(text: string, replacements: readonly string[]): Piece[] {
  const wanted = [...new Set(replacements.filter((r) => r.length > 0))].sort((a, b) => b.length - a.length);
  const pieces: Piece[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const hit = wanted.find((r) => text.startsWith(r, i));
    if (hit) {
      if (plain) pieces.push({ text: plain, marked: false });
      plain = '';
      pieces.push({ text: hit, marked: true });
      i += hit.length;
    } else {
      plain += text[i];
      i++;
    }
  }
  if (plain) pieces.push({ text: plain, marked: false });
  return pieces;
}
