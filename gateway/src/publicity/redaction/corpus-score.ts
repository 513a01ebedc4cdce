/**
 * How a redaction did on a corpus sample (corpus.ts), added up over many: recall of the planted
 * identifiers, precision of the findings, what survived in the published text, which decoys were
 * taken for identifiers, and the withhold decisions. Used by bench/redaction.mjs and the tests.
 *
 * - A planted identifier is caught when the findings cover all of it (a partial cover leaves
 *   part of it visible, so it counts as missed). Names missing from the people list are counted
 *   apart: the people list is the input the rules give; the name cues are a bonus.
 * - A finding is right when it overlaps a planted identifier; character precision also counts
 *   how much of it lies outside (a masked address running into the next words).
 * - A leak is a planted identifier whose digits (for numbers) or text (names, addresses) can
 *   still be read in the published text, after folding full-width digits and removing spaces.
 */
import type { CorpusSample, DecoyKind } from './corpus.js';
import type { RedactionFinding } from './masking.js';
import type { WithholdReason } from './minors.js';
import { normaliseForDetection } from './normalise.js';
import type { IdentifierKind } from './spans.js';

export interface CorpusScore {
  texts: number;
  characters: number;
  planted: number;
  caught: number;
  unlistedNames: number;
  unlistedNamesCaught: number;
  byKind: Record<string, { planted: number; caught: number }>;
  findings: number;
  findingsRight: number;
  findingCharacters: number;
  findingCharactersRight: number;
  /** Findings that overlap nothing planted, by kind, with a few examples for the report. */
  wrong: Record<string, { count: number; examples: string[] }>;
  missed: Record<string, { count: number; examples: string[] }>;
  leaks: number;
  decoys: Record<string, { total: number; masked: number }>;
  withhold: { truePositive: number; falsePositive: number; falseNegative: number };
}

export function emptyScore(): CorpusScore {
  return {
    texts: 0,
    characters: 0,
    planted: 0,
    caught: 0,
    unlistedNames: 0,
    unlistedNamesCaught: 0,
    byKind: {},
    findings: 0,
    findingsRight: 0,
    findingCharacters: 0,
    findingCharactersRight: 0,
    wrong: {},
    missed: {},
    leaks: 0,
    decoys: {},
    withhold: { truePositive: 0, falsePositive: 0, falseNegative: 0 },
  };
}

const EXAMPLES = 5;

function note(into: Record<string, { count: number; examples: string[] }>, key: string, example: string) {
  const entry = (into[key] ??= { count: 0, examples: [] });
  entry.count += 1;
  if (entry.examples.length < EXAMPLES) entry.examples.push(example);
}

const around = (text: string, start: number, end: number) =>
  `${text.slice(Math.max(0, start - 12), start)}【${text.slice(start, end)}】${text.slice(end, end + 12)}`.replace(
    /\n/g,
    '⏎',
  );

const readable = (s: string) => normaliseForDetection(s).replace(/[\s\-()]/g, '');

/** Adds one sample's result to `score`. */
export function scoreSample(
  score: CorpusScore,
  sample: CorpusSample,
  result: { text: string; findings: readonly RedactionFinding[]; withhold: readonly WithholdReason[] },
): void {
  score.texts += 1;
  score.characters += sample.text.length;
  const covered = (start: number, end: number) => {
    // Findings are sorted and do not overlap: walk them to see that [start, end) is covered end to end.
    let at = start;
    for (const f of result.findings) {
      if (f.end <= at) continue;
      if (f.start > at) break;
      at = f.end;
      if (at >= end) return true;
    }
    return at >= end;
  };
  const published = readable(result.text);
  for (const p of sample.planted) {
    const caught = covered(p.start, p.end);
    if (p.listed) {
      score.planted += 1;
      const k = (score.byKind[p.kind] ??= { planted: 0, caught: 0 });
      k.planted += 1;
      if (caught) {
        score.caught += 1;
        k.caught += 1;
      } else note(score.missed, p.kind, around(sample.text, p.start, p.end));
    } else {
      score.unlistedNames += 1;
      if (caught) score.unlistedNamesCaught += 1;
    }
    if (p.listed && published.includes(readable(p.value))) score.leaks += 1;
  }
  for (const f of result.findings) {
    score.findings += 1;
    score.findingCharacters += f.end - f.start;
    let inside = 0;
    for (const p of sample.planted) inside += Math.max(0, Math.min(f.end, p.end) - Math.max(f.start, p.start));
    score.findingCharactersRight += inside;
    if (inside > 0) score.findingsRight += 1;
    else note(score.wrong, f.kind, around(sample.text, f.start, f.end));
  }
  for (const d of sample.decoys) {
    const entry = (score.decoys[d.kind] ??= { total: 0, masked: 0 });
    entry.total += 1;
    if (result.findings.some((f) => f.start < d.end && d.start < f.end)) entry.masked += 1;
  }
  const withheld = result.withhold.length > 0;
  if (withheld && sample.minor) score.withhold.truePositive += 1;
  else if (withheld) score.withhold.falsePositive += 1;
  else if (sample.minor) score.withhold.falseNegative += 1;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** The headline figures of a score. */
export function figuresOf(score: CorpusScore) {
  return {
    redactionRecall: ratio(score.caught, score.planted),
    redactionPrecision: ratio(score.findingsRight, score.findings),
    redactionCharacterPrecision: ratio(score.findingCharactersRight, score.findingCharacters),
    unlistedNameRecall: ratio(score.unlistedNamesCaught, score.unlistedNames),
    leaks: score.leaks,
    withholdRecall: ratio(score.withhold.truePositive, score.withhold.truePositive + score.withhold.falseNegative),
    withholdPrecision: ratio(score.withhold.truePositive, score.withhold.truePositive + score.withhold.falsePositive),
    recallByKind: Object.fromEntries(
      Object.entries(score.byKind).map(([k, v]) => [k, ratio(v.caught, v.planted)]),
    ) as Partial<Record<IdentifierKind, number>>,
    decoysMasked: Object.fromEntries(Object.entries(score.decoys).map(([k, v]) => [k, v.masked])) as Partial<
      Record<DecoyKind, number>
    >,
  };
}
