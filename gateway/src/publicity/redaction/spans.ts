/** What a detector returns, and how spans from several detectors become one set to redact. */

export const IDENTIFIER_KINDS = ['resident-id', 'bank-card', 'mobile', 'landline', 'address', 'person-name'] as const;
/** The kinds in the order they win when spans of two kinds overlap (an ID inside an address is an ID). */
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number];

/** A stretch of the original text that identifies someone. Offsets are UTF-16 code units, end exclusive. */
export interface Span {
  start: number;
  end: number;
  kind: IdentifierKind;
  /** The original text of the span (not the normalised one). */
  text: string;
  /** 0–1: how sure the detector is; checksummed numbers are near 1, label-only guesses lower. */
  confidence: number;
}

/** The text a detector reads: the original, and its normalised copy of the same length. */
export interface DetectionText {
  original: string;
  norm: string;
}

export const spanOf = (
  t: DetectionText,
  start: number,
  end: number,
  kind: IdentifierKind,
  confidence: number,
): Span => ({
  start,
  end,
  kind,
  text: t.original.slice(start, end),
  confidence,
});

const rank = (k: IdentifierKind) => IDENTIFIER_KINDS.indexOf(k);

/**
 * One detector's candidates without overlaps: the surest first, then the longest, then the
 * earliest. Used within a detector, where two readings of the same digits compete
 * ("+86 138…" against "138…", a mobile against a longer stretch that would read as a landline);
 * across detectors `unionOf` merges instead.
 */
export function bestNonOverlapping(spans: readonly Span[]): Span[] {
  const byPreference = [...spans].sort(
    (a, b) => b.confidence - a.confidence || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Span[] = [];
  for (const s of byPreference) if (!kept.some((k) => k.start < s.end && s.start < k.end)) kept.push(s);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * Spans of all detectors merged where they overlap, so no fragment of one is left beside the
 * other: the merged span takes the kind that ranks first (IDENTIFIER_KINDS) and the
 * highest confidence. Sorted by start.
 */
export function unionOf<S extends Span>(t: DetectionText, spans: readonly S[]): (S | Span)[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: (S | Span)[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) {
      // Inside a span that outranks it: nothing to merge (and the span keeps what it knows).
      if (s.end <= last.end && rank(s.kind) >= rank(last.kind)) continue;
      const end = Math.max(last.end, s.end);
      const kind = rank(s.kind) < rank(last.kind) ? s.kind : last.kind;
      out[out.length - 1] = spanOf(t, last.start, end, kind, Math.max(last.confidence, s.confidence));
    } else out.push(s);
  }
  return out;
}
