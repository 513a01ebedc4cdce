/**
 * The text the detectors read: the same length as the original, code unit for code unit, so a
 * span found in it is the span to replace in the original. Only characters that hide an
 * identifier from a plain reading are folded: full-width digits and Latin letters (０-９, Ｘ),
 * the ideographic and other spaces, zero-width characters (read as a space, so "3301⁠02…" is a
 * split number, not two numbers), dashes, and full-width + ( ) : . — an ID typed as
 * "３３０１０２\u3000１９９００１０１…" (an ideographic space) must be caught like "330102 19900101…".
 */

const FOLD = new Map<number, string>();
for (let i = 0; i < 10; i++) FOLD.set(0xff10 + i, String(i));
for (let i = 0; i < 26; i++) {
  FOLD.set(0xff21 + i, String.fromCharCode(0x41 + i));
  FOLD.set(0xff41 + i, String.fromCharCode(0x61 + i));
}
// Spaces of every width, and the zero-width characters pasted text carries.
for (const c of [0x3000, 0x00a0, 0x202f, 0x205f, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]) FOLD.set(c, ' ');
for (let c = 0x2000; c <= 0x200a; c++) FOLD.set(c, ' ');
// Hyphens and dashes people type between groups of digits.
for (const c of [0xff0d, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xfe63, 0xfe58]) FOLD.set(c, '-');
FOLD.set(0xff0b, '+');
FOLD.set(0xff08, '(');
FOLD.set(0xff09, ')');
FOLD.set(0xff1a, ':');
FOLD.set(0xff0e, '.');

const FOLDABLE = new RegExp(`[${[...FOLD.keys()].map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('')}]`, 'g');

/** `text` with the folds above; `result.length === text.length` always. */
export function normaliseForDetection(text: string): string {
  return text.replace(FOLDABLE, (c) => FOLD.get(c.charCodeAt(0)) ?? c);
}
