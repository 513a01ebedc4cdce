/**
 * Redaction of a decision's text before it is published (行政执法公示, 国办发〔2018〕118号: "涉及
 * 国家秘密、商业秘密、个人隐私的…经适当处理后公开"; Administrative Penalty Law art. 48; SAMR order
 * No. 45; the provincial rules on publishing penalty results, which list what is hidden: home
 * address, contact details, resident ID number, bank account, names of people other than the
 * penalised party; and what is not published at all: cases of minors).
 *
 *   const policy = parseRedactionPolicy(agencyFile);            // TypeBox-checked, defaults filled
 *   const { text, findings, withhold } = redact(decisionText, { party, people, decisionDate, policy });
 *   if (withhold.length) → do not publish (or publish only fully anonymised); show the reasons.
 *
 * What is found (each detector returns spans {start, end, kind, text, confidence}):
 * - resident ID numbers, 18 digits with the GB 11643 check character (X included) and legacy
 *   15-digit ones, with a plausible region and a real birth date (redaction/resident-id.ts);
 * - mobile and landline numbers, with +86, spaces and dashes (redaction/phone.ts);
 * - bank card numbers, 16–19 digits passing the Luhn check, and labelled account numbers
 *   (redaction/bank-card.ts);
 * - addresses below county level: 浙江省杭州市西湖区 stays, 文三路90号3幢 goes (redaction/address.ts);
 * - names of the case's people, the party per the policy, others masked; optionally names read
 *   after cues such as 姓名： (redaction/person-names.ts);
 * - minors (redaction/minors.ts): not masked but reported in `withhold`.
 * Numbers are read in a normalised copy of the text (full-width digits ０-９, ideographic and
 * zero-width spaces, dashes folded; same length), and across the spaces, dashes and brackets
 * people put inside them, so "３３０１０２ １９９００１０１ １２３Ｘ" is one ID. Decoys that look like
 * identifiers are left: case numbers (杭市监罚〔2026〕123号), amounts, dates, unified social credit
 * codes, order and reference numbers, 18 digits with a wrong check digit.
 *
 * Guarantees: the result depends only on the input (no clock, no randomness); redacting the
 * result again changes nothing (idempotent: the published text is read again, and what is still
 * found there widens the spans in the original until nothing is); spans that overlap are merged,
 * so no part of an identifier is left beside a mask. Offsets in findings are those of the
 * original text (UTF-16 code units).
 *
 * Not done here (the wiring): where the policy file lives and which version a publication used,
 * the people list and decision date from the case, the human review of findings before
 * publishing, and redaction of attachments and video.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Invalid } from '../errors.js';
import { detectAddresses } from './redaction/address.js';
import { detectBankCards } from './redaction/bank-card.js';
import { CaseParty, CasePerson, Day, ROLE_LABEL, type PersonRole } from './redaction/case-people.js';
import {
  applyFindings,
  applyRule,
  MASK_CHAR,
  maskText,
  pseudonyms,
  toOriginal,
  type RedactionFinding,
  type Target,
} from './redaction/masking.js';
import { minorsAmongPeople, minorsByResidentId, statedMinors, type WithholdReason } from './redaction/minors.js';
import { normaliseForDetection } from './redaction/normalise.js';
import { detectPersonNames, namesAfterCues } from './redaction/person-names.js';
import { detectPhones } from './redaction/phone.js';
import { problemsOf, RedactionPolicy, type NameStyle } from './redaction/policy.js';
import { detectResidentIds } from './redaction/resident-id.js';
import { unionOf, type DetectionText } from './redaction/spans.js';

export const RedactInput = Type.Object(
  {
    party: CaseParty,
    people: Type.Array(CasePerson, { description: 'The other people the decision may name, with their roles' }),
    decisionDate: Day('Date of the decision: ages are counted to it'),
    policy: RedactionPolicy,
  },
  { additionalProperties: false },
);
export type RedactInput = Static<typeof RedactInput>;

export interface RedactionResult {
  /** The text to publish (if `withhold` is empty). */
  text: string;
  /** What was replaced, in the original's offsets, in order. */
  findings: RedactionFinding[];
  /** Reasons not to publish this decision as it is; empty when it may be published. */
  withhold: WithholdReason[];
}

/**
 * Passes over the published text that may widen spans; after them, a replacement that still reads
 * as an identifier is masked plainly. Twice as many passes in all end the loop whatever happens
 * (a listed "name" made of ＊ would be found in every pass).
 */
const MAX_PASSES = 4;

interface Plan {
  policy: RedactionPolicy;
  decisionDate: string;
  /** Every name to look for and what it becomes; undefined: it stays (officers, an organisation party). */
  names: Map<string, string | undefined>;
}

const compact = (s: string) => s.replace(/\s+/g, '');

function checkInput(input: RedactInput): void {
  if (Value.Check(RedactInput, input)) return;
  const problems = problemsOf(RedactInput, input, 'input');
  throw new Invalid(`redaction input: ${problems.join('; ')}`, {
    code: 'redaction-input-invalid',
    details: { problems },
  });
}

/** Names not listed that a cue announces in `norm` (when the policy reads cues). */
function unlistedNames(norm: string, plan: Pick<Plan, 'policy' | 'names'>): string[] {
  if (!plan.policy.nameCues) return [];
  const listed = new Set([...plan.names.keys()].map(compact));
  return namesAfterCues(norm).filter((n) => !listed.has(n));
}

/** Who is named how: the party first, then the listed people, then unlisted names the text announces. */
function planOf(input: RedactInput, norm: string): Plan {
  const { party, people, policy, decisionDate } = input;
  const keep = new Set<PersonRole>(policy.keepRoles);
  const styleOf = (role: PersonRole): NameStyle | 'keep' =>
    role === 'party' ? policy.naturalPersonParty : keep.has(role) ? 'keep' : policy.otherPeople;
  // Names are looked for without their spaces: the text may pad them ("张\u3000三") or not.
  const persons: { name: string; role: PersonRole }[] = [
    ...(party.kind === 'person' ? [{ name: compact(party.name), role: 'party' as const }] : []),
    ...people.map((p) => ({ name: compact(p.name), role: p.role })),
  ];
  const names = new Map<string, string | undefined>(persons.map((p) => [p.name, undefined]));
  // An organisation party's name is published whole, even when a person's name is part of it.
  if (party.kind === 'organisation') names.set(compact(party.name), undefined);
  const unlisted = unlistedNames(norm, { policy, names }).map((name) => ({ name, role: 'other' as const }));
  const masked = [...persons, ...unlisted].flatMap((p) => {
    const style = styleOf(p.role);
    return style === 'keep' ? [] : [{ ...p, style }];
  });
  for (const [name, pseudonym] of pseudonyms(masked)) names.set(name, pseudonym);
  return { policy, decisionDate, names };
}

/** Everything to replace in `t`, merged; names a cue announces for the first time are added to the plan. */
function targetsOf(t: DetectionText, plan: Plan): Target[] {
  const { kinds } = plan.policy;
  const found: Target[] = [
    ...detectResidentIds(t, plan.decisionDate),
    ...detectBankCards(t, plan.decisionDate),
    ...detectPhones(t),
    ...detectAddresses(t),
  ].filter((s) => s.kind === 'person-name' || kinds[s.kind].action !== 'keep');

  // A name a cue announces only in the published text (its context changed) is masked plainly.
  for (const name of unlistedNames(t.norm, plan)) plan.names.set(name, MASK_CHAR.repeat(2));
  for (const s of detectPersonNames(t, [...plan.names.keys()])) if (plan.names.get(s.name) !== undefined) found.push(s);
  return unionOf(t, found);
}

function findingOf(target: Target, plan: Plan): RedactionFinding {
  const { start, end, kind, text, confidence } = target;
  if (target.plainMask) return { start, end, kind, text, confidence, action: 'mask', replacement: maskText(text) };
  if (kind === 'person-name') {
    const replacement = target.name !== undefined ? plan.names.get(target.name) : undefined;
    return replacement !== undefined
      ? { start, end, kind, text, confidence, action: 'pseudonym', replacement }
      : { start, end, kind, text, confidence, action: 'mask', replacement: maskText(text) };
  }
  return { start, end, kind, text, confidence, ...applyRule(text, kind, plan.policy.kinds[kind]) };
}

/**
 * Redact `text` for publication under `input.policy` (see the top of this file). Throws Invalid
 * (code redaction-input-invalid) when the input does not match RedactInput, naming each field.
 */
export function redact(text: string, input: RedactInput): RedactionResult {
  checkInput(input);
  const t: DetectionText = { original: text, norm: normaliseForDetection(text) };
  const plan = planOf(input, t.norm);
  let targets = targetsOf(t, plan);
  const firstIds = detectResidentIds(t, plan.decisionDate);

  let findings = targets.map((s) => findingOf(s, plan));
  let published = applyFindings(text, findings);
  for (let pass = 0; pass < 2 * MAX_PASSES; pass++) {
    const again = targetsOf({ original: published.text, norm: normaliseForDetection(published.text) }, plan);
    if (!again.length) break;
    const widened = again.map((s) => {
      const start = toOriginal(published.edits, s.start, 'start');
      const end = toOriginal(published.edits, s.end, 'end');
      return { ...s, start, end, text: text.slice(start, end), name: undefined };
    });
    const covered = (s: Target) => targets.some((x) => x.start <= s.start && s.end <= x.end);
    const stuck = pass >= MAX_PASSES || widened.every(covered);
    targets = unionOf(t, [...targets, ...widened]);
    // Only a replacement itself reads as an identifier (an agency's label, say): mask it plainly.
    if (stuck)
      targets = targets.map((x) =>
        widened.some((w) => w.start < x.end && x.start < w.end) ? { ...x, plainMask: true } : x,
      );
    findings = targets.map((s) => findingOf(s, plan));
    published = applyFindings(text, findings);
  }

  const { party, people, decisionDate } = input;
  const withhold = [
    ...minorsAmongPeople(
      [
        ...(party.kind === 'person' ? [{ ...party, label: '当事人' }] : []),
        ...people.map((p) => ({ ...p, label: ROLE_LABEL[p.role] })),
      ],
      decisionDate,
    ),
    ...minorsByResidentId(firstIds, decisionDate),
    ...statedMinors(t, decisionDate),
  ];
  return { text: published.text, findings: findings.filter((f) => f.replacement !== f.text), withhold };
}

export { DEFAULT_REDACTION_POLICY, KindRule, parseRedactionPolicy, RedactionPolicy } from './redaction/policy.js';
export { CaseParty, CasePerson, PERSON_ROLES, type PersonRole } from './redaction/case-people.js';
export type { RedactionFinding } from './redaction/masking.js';
export type { WithholdReason } from './redaction/minors.js';
export type { IdentifierKind, Span } from './redaction/spans.js';
export { detectAddresses } from './redaction/address.js';
export { detectBankCards } from './redaction/bank-card.js';
export { detectPersonNames, namesAfterCues } from './redaction/person-names.js';
export { detectPhones } from './redaction/phone.js';
export { detectResidentIds } from './redaction/resident-id.js';
export { normaliseForDetection } from './redaction/normalise.js';
