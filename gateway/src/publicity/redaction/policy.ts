/**
 * An agency's redaction policy, as a file it edits (JSON or YAML parsed to an object): what a
 * published decision shows of each kind of identifier and of each person.
 *
 * - The party: an organisation's name is always published (a penalty is published against the
 *   organisation, SAMR order No. 45); a natural person's name is kept, shortened to surname + 某
 *   (张某, 欧阳某), fully masked (＊＊) or replaced by a label ([当事人]), as the agency rules.
 * - Other people: surname + 某 (two masked people with one surname become 张某甲, 张某乙, in the
 *   order given), ＊＊, or their role as a label ([证人]). Roles in `keepRoles` stay (officers by
 *   default: who enforces is itself published, 国办发〔2018〕118号).
 * - Each identifier kind: `mask` with ＊ (keeping `keepStart`/`keepEnd` characters; when that would
 *   leave the whole identifier, everything is masked), `remove`, `label` (a default per kind, or
 *   the agency's), or `keep`.
 * `parseRedactionPolicy` fills what a file leaves out from DEFAULT_REDACTION_POLICY and refuses a
 * file it cannot follow, naming each field to fix.
 */
import { lit } from '@liuhen/contract';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Invalid } from '../../errors.js';
import { PERSON_ROLES } from './case-people.js';
import type { IdentifierKind } from './spans.js';

/** The kinds a policy rules on directly; names follow the person rules. */
export const RULED_KINDS = ['resident-id', 'mobile', 'landline', 'bank-card', 'address'] as const;
export type RuledKind = (typeof RULED_KINDS)[number];

export const DEFAULT_LABEL: Record<Exclude<IdentifierKind, 'person-name'>, string> = {
  'resident-id': '[身份证号]',
  mobile: '[手机号码]',
  landline: '[固定电话]',
  'bank-card': '[银行卡号]',
  address: '[详细地址]',
};

const Keep = (end: string) =>
  Type.Integer({ minimum: 0, maximum: 8, description: `Characters left visible at the ${end}` });
export const KindRule = Type.Union([
  Type.Object(
    { action: Type.Literal('mask'), keepStart: Type.Optional(Keep('start')), keepEnd: Type.Optional(Keep('end')) },
    { additionalProperties: false, description: 'Replace each character by ＊, but those kept' },
  ),
  Type.Object({ action: Type.Literal('remove') }, { additionalProperties: false, description: 'Delete it' }),
  Type.Object(
    {
      action: Type.Literal('label'),
      // No digits: a label must never read as a number the detectors would find again.
      label: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[^0-9０-９]+$' })),
    },
    { additionalProperties: false, description: 'Replace it by a label, [身份证号] by default' },
  ),
  Type.Object({ action: Type.Literal('keep') }, { additionalProperties: false, description: 'Publish it as is' }),
]);
export type KindRule = Static<typeof KindRule>;

const NAME_STYLES = ['surname', 'full', 'label'] as const;
export type NameStyle = (typeof NAME_STYLES)[number];

export const RedactionPolicy = Type.Object(
  {
    agency: Type.String({ minLength: 1, maxLength: 200, description: 'The agency whose policy this is' }),
    naturalPersonParty: lit(['keep', ...NAME_STYLES] as const),
    otherPeople: lit(NAME_STYLES),
    keepRoles: Type.Array(lit(PERSON_ROLES), {
      uniqueItems: true,
      description: 'Roles whose names are published as they are',
    }),
    nameCues: Type.Boolean({
      description: 'Also mask names the case does not list, read after cues such as 姓名： and 证人',
    }),
    kinds: Type.Object(
      {
        'resident-id': KindRule,
        mobile: KindRule,
        landline: KindRule,
        'bank-card': KindRule,
        address: KindRule,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type RedactionPolicy = Static<typeof RedactionPolicy>;

/** What the provincial rules ask: hide every identifier, publish no other person's name. */
export const DEFAULT_REDACTION_POLICY: RedactionPolicy = {
  agency: '默认',
  naturalPersonParty: 'surname',
  otherPeople: 'surname',
  keepRoles: ['officer'],
  nameCues: true,
  kinds: {
    'resident-id': { action: 'label' },
    mobile: { action: 'label' },
    landline: { action: 'label' },
    'bank-card': { action: 'label' },
    address: { action: 'label' },
  },
};

/** Every problem of `value` against `schema`, one line per field, each saying what to do. */
export function problemsOf(schema: TSchema, value: unknown, root: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of Value.Errors(schema, value)) {
    const path = e.path.split('/').slice(1).join('.');
    if (seen.has(path)) continue;
    seen.add(path);
    const field = path ? `${root}.${path}` : root;
    const options = (e.schema as { anyOf?: { const?: unknown }[] }).anyOf?.map((s) => s.const);
    if (options?.every((o) => o !== undefined))
      out.push(
        `${field}: ${JSON.stringify(e.value)} is not allowed; use one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
      );
    else if (e.message === 'Unexpected property') out.push(`${field}: unknown field; remove it or correct its name`);
    else if (e.message === 'Expected required property') out.push(`${field}: missing; add it`);
    else if ((e.schema as { anyOf?: unknown }).anyOf)
      out.push(
        `${field}: write it as one of the allowed shapes (for a kind: {"action":"mask","keepStart":0,"keepEnd":0}, {"action":"remove"}, {"action":"label","label":"[…]"} or {"action":"keep"})`,
      );
    else out.push(`${field}: ${e.message}`);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An agency's policy file, with DEFAULT_REDACTION_POLICY under what it leaves out. */
export function parseRedactionPolicy(file: unknown): RedactionPolicy {
  if (!isRecord(file))
    throw new Invalid('redaction policy: expected an object (the parsed policy file); see DEFAULT_REDACTION_POLICY', {
      code: 'redaction-policy-invalid',
    });
  const kinds = isRecord(file.kinds) ? { ...DEFAULT_REDACTION_POLICY.kinds, ...file.kinds } : file.kinds;
  const merged = { ...DEFAULT_REDACTION_POLICY, ...file, kinds: kinds ?? DEFAULT_REDACTION_POLICY.kinds };
  const problems = problemsOf(RedactionPolicy, merged, 'policy');
  if (problems.length)
    throw new Invalid(`redaction policy: ${problems.join('; ')}`, {
      code: 'redaction-policy-invalid',
      details: { problems },
    });
  return merged as RedactionPolicy;
}
