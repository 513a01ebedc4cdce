/**
 * Who a decision names, as the station gives them to the redaction: the party (当事人), a person
 * or an organisation, and the other people of the case with their roles. The facts that tell a
 * minor (birth date, ID number, age) are optional: what is not given is looked for in the text.
 */
import { lit } from '@liuhen/contract';
import { Type, type Static } from '@sinclair/typebox';
import { ISO_DAY } from './calendar-date.js';

/** Roles of the people named in a decision; `officer` (执法人员) is published by name by default. */
export const PERSON_ROLES = [
  'party',
  'legal-representative',
  'agent',
  'witness',
  'victim',
  'complainant',
  'relative',
  'officer',
  'other',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** What a name becomes under the `label` style, by role. */
export const ROLE_LABEL: Record<PersonRole, string> = {
  party: '当事人',
  'legal-representative': '法定代表人',
  agent: '委托代理人',
  witness: '证人',
  victim: '被害人',
  complainant: '投诉举报人',
  relative: '亲属',
  officer: '执法人员',
  other: '相关人员',
};

export const Day = (description: string) =>
  Type.String({ pattern: ISO_DAY.source, description: `${description} (YYYY-MM-DD)` });

const AgeFacts = {
  birthDate: Type.Optional(Day('Birth date, if known')),
  idNumber: Type.Optional(Type.String({ maxLength: 32, description: 'Resident ID number, if known' })),
  age: Type.Optional(Type.Integer({ minimum: 0, maximum: 150, description: 'Age on the decision date, if known' })),
};
const PersonName = Type.String({
  minLength: 2,
  maxLength: 64,
  pattern: '\\S',
  description: 'The name as written in the decision',
});

export const CasePerson = Type.Object(
  { name: PersonName, role: lit(PERSON_ROLES), ...AgeFacts },
  { additionalProperties: false },
);
export type CasePerson = Static<typeof CasePerson>;

export const CaseParty = Type.Union([
  Type.Object({ kind: Type.Literal('person'), name: PersonName, ...AgeFacts }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('organisation'), name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }) },
    { additionalProperties: false },
  ),
]);
export type CaseParty = Static<typeof CaseParty>;
