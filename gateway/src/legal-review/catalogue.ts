/**
 * The catalogue of major enforcement decisions (重大执法决定法制审核目录清单) as executable rules.
 *
 * Each agency compiles a catalogue saying which decisions are "major" and so must pass legal
 * review (法制审核) before they are made (国办发〔2018〕118号; Administrative Penalty Law art. 58).
 * This module reads an agency's catalogue file (YAML or JSON, see `catalogue.sample.yaml`),
 * validates it with messages that name the row and field to fix, and compiles it into an
 * evaluator that, given the facts of one case, says whether the decision is major, why (one
 * zh-CN sentence per matching row, with the figures), which materials (应提交资料) the review
 * needs and which of them are still missing. Triggers are data: an agency changes its thresholds
 * by editing the file, not the code.
 *
 * Money is integer fen (分) everywhere, in the file and in the facts: 10,000 元 = 1000000. Whole
 * numbers keep "≥ exactly the threshold" exact, which floating-point yuan would not. A
 * catalogue saying "超过 5,000 元" (strictly more) is written as 500001.
 *
 * `evaluate` is pure and runs on every change of a case: rows are indexed by enforcement kind
 * and each trigger is compiled once into a closure, so a call does no parsing or lookups beyond
 * the rows of the case's kind.
 *
 * How the station will derive `CaseFacts` from a case (the wiring, not done here):
 * - `kind` ← `cases.kind` (penalty, compulsion, inspection, reward); `licensing` (行政许可) has no
 *   case kind yet.
 * - `party` ← a party type on the case (个人 / 单位); today `cases.party` holds only the name.
 *   Whether an individual business (个体工商户) counts as a person is the agency's rule (to confirm).
 * - `fineFen`, `confiscationFen`, `measures` ← the proposed decision (拟处理意见, as in the
 *   决定书代拟稿) that the case unit submits; not stored yet. Amounts typed in yuan are parsed as
 *   decimal strings into fen at that input, never through a float.
 * - `hearing` ← the case's `hearing` step: ended → `held`; the party's request (听证申请) recorded
 *   but no hearing held yet → `requested`; otherwise `none`.
 * - `complex`, `discretionDeparture` ← flags the case unit sets in its 情况说明 (a reviewer may
 *   set them too).
 * - `materials` ← the material keys of the documents attached to the review submission.
 * The result's `major` feeds `cases.major` (a manual mark may add "major", never take away what
 * the catalogue says), and its `catalogue` reference is stored with the review so a decision is
 * pinned to the catalogue version that classified it.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, type ValueError } from '@sinclair/typebox/value';
import { CASE_KINDS, lit } from '@liuhen/contract';
import { parse as parseYaml } from 'yaml';
import { Invalid } from '../errors.js';

// ---------------------------------------------------------------- vocabulary

/** Enforcement kinds a row applies to: the station's case kinds, plus 行政许可. */
export const ENFORCEMENT_KINDS = [...CASE_KINDS, 'licensing'] as const;
export type EnforcementKind = (typeof ENFORCEMENT_KINDS)[number];

/**
 * Decisions that weigh on a party beyond money (Administrative Penalty Law art. 9 and 63: they
 * carry the right to a hearing, and catalogues list them as major).
 */
export const MEASURES = {
  'revoke-licence': '吊销许可证件',
  'suspend-business': '责令停产停业',
  'close-down': '责令关闭',
  'lower-qualification': '降低资质等级',
  'restrict-practice': '限制从业',
} as const;
export type Measure = keyof typeof MEASURES;
const MeasureName = lit(Object.keys(MEASURES) as Measure[]);

const PARTY_LABEL = { person: '个人', organisation: '单位' } as const;
export type PartyType = keyof typeof PARTY_LABEL;

const HEARING_STATES = ['none', 'requested', 'held'] as const;
export type HearingState = (typeof HEARING_STATES)[number];

// ---------------------------------------------------------------- the facts a rule reads

const FenAmount = (description: string) =>
  Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: `${description}, in fen (分); 0 if none` });

/** What the catalogue reads of a case; see the top of this file for where each fact comes from. */
export const CaseFacts = Type.Object(
  {
    kind: lit(ENFORCEMENT_KINDS),
    party: lit(Object.keys(PARTY_LABEL) as PartyType[]),
    fineFen: FenAmount('Proposed fine (拟罚款数额)'),
    measures: Type.Array(MeasureName, {
      description: 'Proposed measures beyond money (吊销许可证件, 责令停产停业, …)',
    }),
    hearing: lit(HEARING_STATES),
    complex: Type.Boolean({
      description: 'Flagged complex or involving several legal relations (案情复杂/多个法律关系)',
    }),
    discretionDeparture: Type.Boolean({
      description: 'Flagged as departing from the discretion benchmark (偏离裁量基准)',
    }),
    confiscationFen: FenAmount('Value of illegal income and property to confiscate (没收违法所得、非法财物)'),
    materials: Type.Array(Type.String(), { description: 'Keys of the materials already submitted' }),
  },
  { additionalProperties: false },
);
export type CaseFacts = Static<typeof CaseFacts>;

// ---------------------------------------------------------------- the catalogue file

/** `fix` (here and below) is ours, not JSON Schema's: a validation message quotes it to say what to do. */
const Threshold = (who: string) =>
  Type.Optional(
    Type.Integer({
      exclusiveMinimum: 0,
      maximum: Number.MAX_SAFE_INTEGER,
      description: `Threshold for ${who}, in whole fen (分); the trigger fires at or above it`,
      fix: 'write a whole number of fen above 0: 10,000 元 = 1000000',
    }),
  );
const PartyThresholds = {
  personFen: Threshold('a person (个人)'),
  organisationFen: Threshold('an organisation (单位)'),
};

const LEAF_TRIGGERS = {
  fine: Type.Object(
    { kind: Type.Literal('fine'), ...PartyThresholds },
    { additionalProperties: false, description: '较大数额罚款: proposed fine ≥ the threshold for the party type' },
  ),
  confiscation: Type.Object(
    { kind: Type.Literal('confiscation'), ...PartyThresholds },
    {
      additionalProperties: false,
      description: '没收较大数额违法所得/较大价值非法财物: value to confiscate ≥ the threshold for the party type',
    },
  ),
  measure: Type.Object(
    {
      kind: Type.Literal('measure'),
      measures: Type.Array(MeasureName, { minItems: 1, fix: 'name at least one measure' }),
    },
    { additionalProperties: false, description: 'Any of these measures is proposed (吊销许可证件, 责令停产停业, …)' },
  ),
  hearing: Type.Object(
    { kind: Type.Literal('hearing'), on: lit(['requested', 'held'] as const) },
    {
      additionalProperties: false,
      description: '听证: `requested` fires once the party asked for a hearing (held or not), `held` once it was held',
    },
  ),
  complex: Type.Object(
    { kind: Type.Literal('complex') },
    { additionalProperties: false, description: '案情复杂或涉及多个法律关系, as flagged on the case' },
  ),
  'discretion-departure': Type.Object(
    { kind: Type.Literal('discretion-departure') },
    { additionalProperties: false, description: '偏离裁量基准, as flagged on the case' },
  ),
};
type LeafKind = keyof typeof LEAF_TRIGGERS;
const COMBINATOR_KINDS = ['any', 'all'] as const;
export const TRIGGER_KINDS: readonly (LeafKind | (typeof COMBINATOR_KINDS)[number])[] = [
  ...(Object.keys(LEAF_TRIGGERS) as LeafKind[]),
  ...COMBINATOR_KINDS,
];

const combinator = <T extends TSchema>(trigger: T) =>
  Type.Object(
    { kind: lit(COMBINATOR_KINDS), of: Type.Array(trigger, { minItems: 1, fix: 'combine at least one trigger' }) },
    { additionalProperties: false, description: '`any`: one of the triggers fires; `all`: every one fires' },
  );

/** A row's condition: a leaf trigger or an `any`/`all` of triggers (nested as deep as needed). */
export const Trigger = Type.Recursive((This) => Type.Union([...Object.values(LEAF_TRIGGERS), combinator(This)]), {
  $id: 'LegalReviewTrigger',
});
export type Trigger = Static<typeof Trigger>;

const Key = (what: string) =>
  Type.String({
    pattern: '^[a-z0-9][a-z0-9-]*$',
    maxLength: 64,
    fix: `a ${what} is lower-case letters, digits and hyphens, e.g. "fine-large"`,
  });
const Text = (maxLength: number, description?: string) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', description });

/** Built for a given trigger schema so validation can first check rows with the trigger left open. */
const catalogueSchema = <T extends TSchema>(trigger: T) =>
  Type.Object(
    {
      agency: Text(200, 'The agency whose catalogue this is (执法机关)'),
      version: Text(64, 'The agency’s version of the catalogue, stored with each classification'),
      effectiveFrom: Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description: 'Date from which it applies',
        fix: 'write the date as YYYY-MM-DD',
      }),
      materials: Type.Array(
        Type.Object(
          { key: Key('material key'), title: Text(200), description: Type.Optional(Text(1000)) },
          { additionalProperties: false },
        ),
        { description: 'The materials a submission may contain (应提交资料), named once and referred to by key' },
      ),
      rows: Type.Array(
        Type.Object(
          {
            id: Key('row id'),
            title: Text(200, 'What the row covers, e.g. 较大数额罚款'),
            kinds: Type.Array(lit(ENFORCEMENT_KINDS), {
              minItems: 1,
              description: 'Enforcement kinds it applies to',
              fix: 'list at least one enforcement kind',
            }),
            level: Type.Optional(
              Text(100, 'Level (层级) the row is filed under; a label for the catalogue, not a condition'),
            ),
            field: Type.Optional(
              Text(100, 'Field (领域) the row is filed under; a label for the catalogue, not a condition'),
            ),
            trigger,
            materials: Type.Array(
              Type.Object(
                {
                  key: Key('material key'),
                  required: Type.Optional(Type.Boolean({ description: 'Must be present for review; default true' })),
                },
                { additionalProperties: false },
              ),
              { description: '应提交资料, by key from the catalogue’s `materials`' },
            ),
            focus: Type.Array(Text(500), {
              minItems: 1,
              description: '审核重点: what the reviewer checks',
              fix: 'give at least one line of 审核重点',
            }),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, fix: 'a catalogue has at least one row' },
      ),
    },
    { additionalProperties: false },
  );

/** The catalogue file, as written by the agency. */
export const CatalogueFile = catalogueSchema(Trigger);
export type CatalogueFile = Static<typeof CatalogueFile>;
const CatalogueShape = catalogueSchema(Type.Unknown());
const CombinatorShape = combinator(Type.Unknown());

// ---------------------------------------------------------------- the evaluator's answer

/** Which catalogue answered: stored with a classification so it can be traced to its version. */
export interface CatalogueRef {
  readonly agency: string;
  readonly version: string;
  readonly effectiveFrom: string;
}

/** A row that makes the decision major. */
export interface MajorReason {
  rowId: string;
  title: string;
  /** zh-CN, with the figures: "罚款 20,000 元 ≥ 对个人 10,000 元". */
  because: string;
  /** 审核重点 of the row. */
  focus: readonly string[];
}

/** One material a matching row asks for, and whether the case has it. */
export interface MaterialCheck {
  rowId: string;
  key: string;
  title: string;
  required: boolean;
  present: boolean;
}

export interface CatalogueMatch {
  catalogue: CatalogueRef;
  /** At least one row matched: the decision must pass legal review before it is made. */
  major: boolean;
  /** Matching rows, in catalogue order. */
  reasons: MajorReason[];
  /** Materials of the matching rows, row by row (a key asked for by two rows appears twice). */
  materials: MaterialCheck[];
  /** The required materials not yet present; the review is accepted once this is empty. */
  missing: MaterialCheck[];
}

export interface CatalogueEvaluator {
  readonly catalogue: CatalogueRef;
  readonly rowCount: number;
  evaluate(facts: CaseFacts): CatalogueMatch;
}

// ---------------------------------------------------------------- validation

/**
 * Every problem of the file, each naming the row and field; empty when it is valid. The checks
 * across rows (ids, material keys, the date) run once every row has the right shape.
 */
function catalogueProblems(file: unknown): string[] {
  const at = where(file);
  const problems = firstErrorPerPath(Value.Errors(CatalogueShape, file)).map((e) => describe(at(e.path), e));
  const rows = isRecord(file) && Array.isArray(file.rows) ? file.rows : [];
  rows.forEach((row, i) => {
    if (isRecord(row) && 'trigger' in row) triggerProblems(row.trigger, `/rows/${i}/trigger`, at, problems);
  });
  if (problems.length) return problems;

  const valid = file as CatalogueFile;
  if (!isCalendarDate(valid.effectiveFrom))
    problems.push(`effectiveFrom: ${valid.effectiveFrom} is not a calendar date; write a real date as YYYY-MM-DD`);

  const known = new Map<string, number>();
  valid.materials.forEach((m, i) => {
    const first = known.get(m.key);
    if (first !== undefined)
      problems.push(`materials[${i}].key: "${m.key}" is already named at materials[${first}]; name each material once`);
    else known.set(m.key, i);
  });

  const ids = new Map<string, number>();
  valid.rows.forEach((row, i) => {
    const first = ids.get(row.id);
    if (first !== undefined)
      problems.push(`${at(`/rows/${i}/id`)}: the id is already used by rows[${first}]; give each row its own id`);
    else ids.set(row.id, i);

    const inRow = new Set<string>();
    row.materials.forEach((m, j) => {
      const field = at(`/rows/${i}/materials/${j}/key`);
      if (!known.has(m.key))
        problems.push(
          `${field}: "${m.key}" is not among the catalogue's materials (${[...known.keys()].join(', ') || 'none named'}); add it to \`materials\` or correct the key`,
        );
      if (inRow.has(m.key)) problems.push(`${field}: "${m.key}" is listed twice in this row; list it once`);
      inRow.add(m.key);
    });
  });
  return problems;
}

/**
 * Triggers are a recursive union, for which the schema's own errors only say "expected union
 * value". Checking by `kind` instead names the field that is wrong, however deep.
 */
function triggerProblems(value: unknown, path: string, at: (path: string) => string, out: string[]): void {
  const kind = isRecord(value) ? value.kind : undefined;
  if ((COMBINATOR_KINDS as readonly unknown[]).includes(kind)) {
    const shape = firstErrorPerPath(Value.Errors(CombinatorShape, value));
    for (const e of shape) out.push(describe(at(path + e.path), e));
    const of = (value as { of?: unknown }).of;
    if (Array.isArray(of)) of.forEach((t, i) => triggerProblems(t, `${path}/of/${i}`, at, out));
    return;
  }
  const leaf = typeof kind === 'string' ? LEAF_TRIGGERS[kind as LeafKind] : undefined;
  if (!leaf) {
    out.push(
      `${at(`${path}/kind`)}: ${JSON.stringify(kind) ?? 'nothing'} is not a trigger kind; use one of ${TRIGGER_KINDS.join(', ')}`,
    );
    return;
  }
  const errors = firstErrorPerPath(Value.Errors(leaf, value));
  for (const e of errors) out.push(describe(at(path + e.path), e));
  if (!errors.length && (kind === 'fine' || kind === 'confiscation')) {
    const t = value as { personFen?: number; organisationFen?: number };
    if (t.personFen === undefined && t.organisationFen === undefined)
      out.push(`${at(path)}: a ${kind} trigger needs personFen, organisationFen or both`);
  }
}

/** TypeBox may report one path several times (missing, then wrong type): the first says it. */
function firstErrorPerPath(errors: Iterable<ValueError>): ValueError[] {
  const seen = new Set<string>();
  const out: ValueError[] = [];
  for (const e of errors) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    out.push(e);
  }
  return out;
}

function describe(field: string, e: ValueError): string {
  const schema = e.schema as { anyOf?: { const?: unknown }[]; fix?: string };
  const options = schema.anyOf?.every((s) => 'const' in s) ? schema.anyOf.map((s) => JSON.stringify(s.const)) : null;
  if (options)
    return `${field}: ${JSON.stringify(e.value) ?? 'nothing'} is not allowed; use one of ${options.join(', ')}`;
  if (e.message === 'Unexpected property') return `${field}: unknown field; remove it or correct its name`;
  if (e.message === 'Expected required property') return `${field}: missing; add it`;
  return `${field}: ${e.message}${schema.fix ? ` (${schema.fix})` : ''}`;
}

/** '/rows/3/trigger/of/1/personFen' → 'row "fine-large" (rows[3]) trigger.of[1].personFen'. */
function where(file: unknown): (path: string) => string {
  return (path) => {
    const parts = path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const field = (ps: string[]) => ps.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('');
    if (parts[0] === 'rows' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
      const row = isRecord(file) && Array.isArray(file.rows) ? (file.rows[Number(parts[1])] as unknown) : undefined;
      const id = isRecord(row) && typeof row.id === 'string' ? `"${row.id}" ` : '';
      const rest = field(parts.slice(2));
      return `row ${id}(rows[${parts[1]}])${rest ? ` ${rest}` : ''}`;
    }
    return field(parts) || 'the catalogue';
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// ---------------------------------------------------------------- compilation

/** A compiled trigger: the zh-CN reason it fires, or undefined. */
type Explain = (facts: CaseFacts) => string | undefined;

interface CompiledRow {
  id: string;
  title: string;
  focus: readonly string[];
  explain: Explain;
  materials: readonly { key: string; title: string; required: boolean }[];
}

/** 1234567 fen → "12,345.67"; whole yuan without decimals. */
function yuan(fen: number): string {
  const whole = String(Math.trunc(fen / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fen % 100;
  return cents ? `${whole}.${String(cents).padStart(2, '0')}` : whole;
}

/** Fires when the amount reaches the party type's threshold; no threshold for that type, no fire. */
function amountAtLeast(
  label: string,
  amount: (f: CaseFacts) => number,
  t: { personFen?: number; organisationFen?: number },
): Explain {
  const limits = { person: t.personFen, organisation: t.organisationFen };
  const limitText = {
    person: t.personFen === undefined ? '' : `对${PARTY_LABEL.person} ${yuan(t.personFen)} 元`,
    organisation: t.organisationFen === undefined ? '' : `对${PARTY_LABEL.organisation} ${yuan(t.organisationFen)} 元`,
  };
  return (f) => {
    const limit = limits[f.party];
    const value = amount(f);
    return limit !== undefined && value >= limit ? `${label} ${yuan(value)} 元 ≥ ${limitText[f.party]}` : undefined;
  };
}

function compileTrigger(t: Trigger): Explain {
  switch (t.kind) {
    case 'fine':
      return amountAtLeast('罚款', (f) => f.fineFen, t);
    case 'confiscation':
      return amountAtLeast('没收违法所得和非法财物价值', (f) => f.confiscationFen, t);
    case 'measure': {
      const wanted = t.measures;
      return (f) => {
        const hit = wanted.filter((m) => f.measures.includes(m));
        return hit.length ? `拟${hit.map((m) => MEASURES[m]).join('、')}` : undefined;
      };
    }
    case 'hearing':
      return t.on === 'held'
        ? (f) => (f.hearing === 'held' ? '已举行听证，系听证后作出的决定' : undefined)
        : (f) =>
            f.hearing === 'held'
              ? '当事人申请听证，已举行听证'
              : f.hearing === 'requested'
                ? '当事人已申请听证'
                : undefined;
    case 'complex':
      return (f) => (f.complex ? '案情复杂或涉及多个法律关系' : undefined);
    case 'discretion-departure':
      return (f) => (f.discretionDeparture ? '拟偏离裁量基准作出决定' : undefined);
    case 'any': {
      const parts = t.of.map(compileTrigger);
      // Every firing part is named, so the reviewer sees all grounds, not only the first.
      return (f) => {
        let because: string | undefined;
        for (const p of parts) {
          const r = p(f);
          if (r !== undefined) because = because === undefined ? r : `${because}；${r}`;
        }
        return because;
      };
    }
    case 'all': {
      const parts = t.of.map(compileTrigger);
      return (f) => {
        const reasons: string[] = [];
        for (const p of parts) {
          const r = p(f);
          if (r === undefined) return undefined;
          reasons.push(r);
        }
        return reasons.join('，且');
      };
    }
  }
}

/**
 * Validates a parsed catalogue file and compiles it. Throws `Invalid` (code
 * `legal-review-catalogue-invalid`, `details.problems`: every problem, one line each, naming
 * the row and field) when the file is wrong; nothing is compiled from a file with any problem.
 */
export function compileCatalogue(file: unknown, source = 'catalogue'): CatalogueEvaluator {
  const problems = catalogueProblems(file);
  if (problems.length)
    throw new Invalid(
      `${source}: the catalogue of major decisions has ${problems.length} problem${problems.length > 1 ? 's' : ''}; fix the file and load it again:\n- ${problems.join('\n- ')}`,
      { code: 'legal-review-catalogue-invalid', details: { problems } },
    );
  const valid = file as CatalogueFile;
  const catalogue: CatalogueRef = Object.freeze({
    agency: valid.agency,
    version: valid.version,
    effectiveFrom: valid.effectiveFrom,
  });
  const titles = new Map(valid.materials.map((m) => [m.key, m.title]));

  const byKind = new Map<EnforcementKind, CompiledRow[]>();
  for (const row of valid.rows) {
    const compiled: CompiledRow = {
      id: row.id,
      title: row.title,
      focus: Object.freeze([...row.focus]),
      explain: compileTrigger(row.trigger),
      materials: row.materials.map((m) => ({ key: m.key, title: titles.get(m.key)!, required: m.required ?? true })),
    };
    for (const kind of new Set(row.kinds)) {
      const list = byKind.get(kind) ?? [];
      list.push(compiled);
      byKind.set(kind, list);
    }
  }

  return {
    catalogue,
    rowCount: valid.rows.length,
    evaluate(facts) {
      const reasons: MajorReason[] = [];
      const materials: MaterialCheck[] = [];
      const missing: MaterialCheck[] = [];
      let present: ReadonlySet<string> | undefined;
      for (const row of byKind.get(facts.kind) ?? []) {
        const because = row.explain(facts);
        if (because === undefined) continue;
        reasons.push({ rowId: row.id, title: row.title, because, focus: row.focus });
        present ??= new Set(facts.materials);
        for (const m of row.materials) {
          const check = {
            rowId: row.id,
            key: m.key,
            title: m.title,
            required: m.required,
            present: present.has(m.key),
          };
          materials.push(check);
          if (check.required && !check.present) missing.push(check);
        }
      }
      return { catalogue, major: reasons.length > 0, reasons, materials, missing };
    },
  };
}

/** Parses a catalogue file's text (YAML, of which JSON is a part) and compiles it. */
export function compileCatalogueText(text: string, source = 'catalogue'): CatalogueEvaluator {
  let file: unknown;
  try {
    file = parseYaml(text);
  } catch (err) {
    throw new Invalid(`${source}: not readable as YAML or JSON; correct the syntax: ${(err as Error).message}`, {
      code: 'legal-review-catalogue-invalid',
      details: { problems: [(err as Error).message] },
    });
  }
  return compileCatalogue(file, source);
}
