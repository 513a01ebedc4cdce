import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.js';
import {
  type CaseFacts,
  type CatalogueFile,
  type EnforcementKind,
  type Measure,
  type Trigger,
  compileCatalogue,
  compileCatalogueText,
  ENFORCEMENT_KINDS,
  MEASURES,
  TRIGGER_KINDS,
} from './catalogue.js';

const YUAN = 100;

const MATERIALS: CatalogueFile['materials'] = [
  { key: 'situation-report', title: '情况说明' },
  { key: 'draft-decision', title: '决定书代拟稿' },
  { key: 'hearing-record', title: '听证笔录' },
];

type Row = CatalogueFile['rows'][number];

function row(id: string, trigger: Trigger, extra: Partial<Row> = {}): Row {
  return { id, title: `title of ${id}`, kinds: ['penalty'], trigger, materials: [], focus: ['事实是否清楚'], ...extra };
}

function catalogue(rows: Row[]): CatalogueFile {
  return { agency: '某县档案局', version: 'v1', effectiveFrom: '2025-01-01', materials: MATERIALS, rows };
}

/** A catalogue of one row with this trigger. */
const single = (trigger: Trigger) => compileCatalogue(catalogue([row('only', trigger)]));

function facts(over: Partial<CaseFacts> = {}): CaseFacts {
  return {
    kind: 'penalty',
    party: 'person',
    fineFen: 0,
    measures: [],
    hearing: 'none',
    complex: false,
    discretionDeparture: false,
    confiscationFen: 0,
    materials: [],
    ...over,
  };
}

/** The problems a catalogue is refused for (fails the test if it is accepted). */
function problemsOf(file: unknown): string[] {
  try {
    compileCatalogue(file, 'test.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(Invalid);
    expect((err as Invalid).code).toBe('legal-review-catalogue-invalid');
    expect((err as Invalid).message).toMatch(/^test\.yaml: .*fix the file and load it again/);
    return (err as Invalid).details!.problems as string[];
  }
  throw new Error('the catalogue was accepted');
}

describe('fine trigger (较大数额罚款)', () => {
  const ev = single({ kind: 'fine', personFen: 10_000 * YUAN, organisationFen: 100_000 * YUAN });

  it('fires for a person at exactly the threshold, with the figures', () => {
    const m = ev.evaluate(facts({ fineFen: 10_000 * YUAN }));
    expect(m.major).toBe(true);
    expect(m.reasons).toEqual([
      { rowId: 'only', title: 'title of only', because: '罚款 10,000 元 ≥ 对个人 10,000 元', focus: ['事实是否清楚'] },
    ]);
  });

  it('does not fire one fen below the threshold', () => {
    expect(ev.evaluate(facts({ fineFen: 10_000 * YUAN - 1 })).major).toBe(false);
  });

  it('holds an organisation to its own threshold', () => {
    expect(ev.evaluate(facts({ party: 'organisation', fineFen: 20_000 * YUAN })).major).toBe(false);
    expect(ev.evaluate(facts({ party: 'organisation', fineFen: 100_000 * YUAN - 1 })).major).toBe(false);
    expect(ev.evaluate(facts({ party: 'organisation', fineFen: 100_000 * YUAN })).reasons[0]?.because).toBe(
      '罚款 100,000 元 ≥ 对单位 100,000 元',
    );
  });

  it('shows fen when the amount is not whole yuan', () => {
    expect(ev.evaluate(facts({ fineFen: 1_234_567 })).reasons[0]?.because).toBe('罚款 12,345.67 元 ≥ 对个人 10,000 元');
  });

  it('never fires for a party type it gives no threshold', () => {
    const orgOnly = single({ kind: 'fine', organisationFen: 50_000 * YUAN });
    expect(orgOnly.evaluate(facts({ party: 'person', fineFen: 1_000_000 * YUAN })).major).toBe(false);
    expect(orgOnly.evaluate(facts({ party: 'organisation', fineFen: 50_000 * YUAN })).major).toBe(true);
  });
});

describe('confiscation trigger (没收较大数额违法所得、非法财物)', () => {
  const ev = single({ kind: 'confiscation', personFen: 20_000 * YUAN, organisationFen: 50_000 * YUAN });

  it('fires at exactly the threshold of the party type and not one fen below', () => {
    expect(ev.evaluate(facts({ confiscationFen: 20_000 * YUAN - 1 })).major).toBe(false);
    expect(ev.evaluate(facts({ confiscationFen: 20_000 * YUAN })).reasons[0]?.because).toBe(
      '没收违法所得和非法财物价值 20,000 元 ≥ 对个人 20,000 元',
    );
    expect(ev.evaluate(facts({ party: 'organisation', confiscationFen: 50_000 * YUAN - 1 })).major).toBe(false);
    expect(ev.evaluate(facts({ party: 'organisation', confiscationFen: 50_000 * YUAN })).major).toBe(true);
  });

  it('reads the confiscation value, not the fine', () => {
    expect(ev.evaluate(facts({ fineFen: 1_000_000 * YUAN })).major).toBe(false);
  });
});

describe('measure trigger (吊销许可证件, 责令停产停业, …)', () => {
  it('fires on licence revocation and not on other measures', () => {
    const ev = single({ kind: 'measure', measures: ['revoke-licence'] });
    expect(ev.evaluate(facts({ measures: ['revoke-licence'] })).reasons[0]?.because).toBe('拟吊销许可证件');
    expect(ev.evaluate(facts({ measures: ['suspend-business'] })).major).toBe(false);
    expect(ev.evaluate(facts()).major).toBe(false);
  });

  it('fires on any listed measure and names each one proposed', () => {
    const ev = single({ kind: 'measure', measures: ['suspend-business', 'close-down'] });
    expect(ev.evaluate(facts({ measures: ['suspend-business'] })).reasons[0]?.because).toBe('拟责令停产停业');
    expect(ev.evaluate(facts({ measures: ['close-down', 'suspend-business'] })).reasons[0]?.because).toBe(
      '拟责令停产停业、责令关闭',
    );
  });

  it('has a zh-CN label for every measure', () => {
    for (const m of Object.keys(MEASURES) as Measure[]) {
      expect(single({ kind: 'measure', measures: [m] }).evaluate(facts({ measures: [m] })).reasons[0]?.because).toBe(
        `拟${MEASURES[m]}`,
      );
    }
  });
});

describe('hearing trigger (听证)', () => {
  it('on "held" fires only once the hearing was held', () => {
    const ev = single({ kind: 'hearing', on: 'held' });
    expect(ev.evaluate(facts({ hearing: 'none' })).major).toBe(false);
    expect(ev.evaluate(facts({ hearing: 'requested' })).major).toBe(false);
    expect(ev.evaluate(facts({ hearing: 'held' })).reasons[0]?.because).toBe('已举行听证，系听证后作出的决定');
  });

  it('on "requested" fires once the party asked, held or not', () => {
    const ev = single({ kind: 'hearing', on: 'requested' });
    expect(ev.evaluate(facts({ hearing: 'none' })).major).toBe(false);
    expect(ev.evaluate(facts({ hearing: 'requested' })).reasons[0]?.because).toBe('当事人已申请听证');
    expect(ev.evaluate(facts({ hearing: 'held' })).reasons[0]?.because).toBe('当事人申请听证，已举行听证');
  });
});

describe('flag triggers', () => {
  it('complex fires on a case flagged complex or with several legal relations', () => {
    const ev = single({ kind: 'complex' });
    expect(ev.evaluate(facts({ complex: false })).major).toBe(false);
    expect(ev.evaluate(facts({ complex: true })).reasons[0]?.because).toBe('案情复杂或涉及多个法律关系');
  });

  it('discretion-departure fires on a departure from the discretion benchmark', () => {
    const ev = single({ kind: 'discretion-departure' });
    expect(ev.evaluate(facts({ discretionDeparture: false })).major).toBe(false);
    expect(ev.evaluate(facts({ discretionDeparture: true })).reasons[0]?.because).toBe('拟偏离裁量基准作出决定');
  });
});

describe('combinators', () => {
  const fine: Trigger = { kind: 'fine', personFen: 5_000 * YUAN };

  it('any fires when one part fires and names every part that fired', () => {
    const ev = single({ kind: 'any', of: [fine, { kind: 'complex' }] });
    expect(ev.evaluate(facts()).major).toBe(false);
    expect(ev.evaluate(facts({ complex: true })).reasons[0]?.because).toBe('案情复杂或涉及多个法律关系');
    expect(ev.evaluate(facts({ complex: true, fineFen: 5_000 * YUAN })).reasons[0]?.because).toBe(
      '罚款 5,000 元 ≥ 对个人 5,000 元；案情复杂或涉及多个法律关系',
    );
  });

  it('all fires only when every part fires', () => {
    const ev = single({ kind: 'all', of: [fine, { kind: 'hearing', on: 'requested' }] });
    expect(ev.evaluate(facts({ fineFen: 5_000 * YUAN })).major).toBe(false);
    expect(ev.evaluate(facts({ hearing: 'requested', fineFen: 5_000 * YUAN - 1 })).major).toBe(false);
    expect(ev.evaluate(facts({ hearing: 'requested', fineFen: 5_000 * YUAN })).reasons[0]?.because).toBe(
      '罚款 5,000 元 ≥ 对个人 5,000 元，且当事人已申请听证',
    );
  });

  it('nest: all of (fine, any of (complex, departure))', () => {
    const ev = single({
      kind: 'all',
      of: [fine, { kind: 'any', of: [{ kind: 'complex' }, { kind: 'discretion-departure' }] }],
    });
    expect(ev.evaluate(facts({ fineFen: 6_000 * YUAN })).major).toBe(false);
    expect(ev.evaluate(facts({ discretionDeparture: true })).major).toBe(false);
    expect(ev.evaluate(facts({ fineFen: 6_000 * YUAN, discretionDeparture: true })).reasons[0]?.because).toBe(
      '罚款 6,000 元 ≥ 对个人 5,000 元，且拟偏离裁量基准作出决定',
    );
  });
});

describe('rows and enforcement kinds', () => {
  const ev = compileCatalogue(
    catalogue([
      row('penalty-complex', { kind: 'complex' }),
      row('compulsion-complex', { kind: 'complex' }, { kinds: ['compulsion', 'licensing'] }),
      row('penalty-departure', { kind: 'discretion-departure' }),
    ]),
  );

  it('applies a row only to the kinds it lists', () => {
    expect(ev.evaluate(facts({ kind: 'inspection', complex: true })).major).toBe(false);
    expect(ev.evaluate(facts({ kind: 'licensing', complex: true })).reasons.map((r) => r.rowId)).toEqual([
      'compulsion-complex',
    ]);
  });

  it('gives every matching row, in catalogue order', () => {
    const m = ev.evaluate(facts({ complex: true, discretionDeparture: true }));
    expect(m.reasons.map((r) => r.rowId)).toEqual(['penalty-complex', 'penalty-departure']);
  });

  it('says which catalogue answered', () => {
    expect(ev.rowCount).toBe(3);
    expect(ev.evaluate(facts()).catalogue).toEqual({
      agency: '某县档案局',
      version: 'v1',
      effectiveFrom: '2025-01-01',
    });
  });
});

describe('materials (应提交资料)', () => {
  const ev = compileCatalogue(
    catalogue([
      row(
        'after-hearing',
        { kind: 'hearing', on: 'held' },
        { materials: [{ key: 'situation-report' }, { key: 'hearing-record' }] },
      ),
      row(
        'complex',
        { kind: 'complex' },
        { materials: [{ key: 'situation-report' }, { key: 'draft-decision', required: false }] },
      ),
    ]),
  );

  it('lists the materials of matching rows only, with titles, and which are present', () => {
    const m = ev.evaluate(facts({ hearing: 'held', materials: ['situation-report'] }));
    expect(m.materials).toEqual([
      { rowId: 'after-hearing', key: 'situation-report', title: '情况说明', required: true, present: true },
      { rowId: 'after-hearing', key: 'hearing-record', title: '听证笔录', required: true, present: false },
    ]);
    expect(m.missing).toEqual([
      { rowId: 'after-hearing', key: 'hearing-record', title: '听证笔录', required: true, present: false },
    ]);
  });

  it('asks a material of each row that needs it, and does not count an optional one as missing', () => {
    const m = ev.evaluate(facts({ hearing: 'held', complex: true }));
    expect(m.materials.map((c) => `${c.rowId}:${c.key}:${c.required}`)).toEqual([
      'after-hearing:situation-report:true',
      'after-hearing:hearing-record:true',
      'complex:situation-report:true',
      'complex:draft-decision:false',
    ]);
    expect(m.missing.map((c) => `${c.rowId}:${c.key}`)).toEqual([
      'after-hearing:situation-report',
      'after-hearing:hearing-record',
      'complex:situation-report',
    ]);
  });

  it('is complete once every required material is present', () => {
    const m = ev.evaluate(facts({ hearing: 'held', complex: true, materials: ['situation-report', 'hearing-record'] }));
    expect(m.major).toBe(true);
    expect(m.missing).toEqual([]);
  });

  it('asks nothing of a decision that is not major', () => {
    const m = ev.evaluate(facts({ materials: ['situation-report'] }));
    expect(m).toMatchObject({ major: false, reasons: [], materials: [], missing: [] });
  });
});

describe('validation', () => {
  const fine: Trigger = { kind: 'fine', personFen: 10_000 * YUAN };

  it('refuses a duplicate row id, naming both rows', () => {
    expect(problemsOf(catalogue([row('fine-large', fine), row('fine-large', { kind: 'complex' })]))).toEqual([
      'row "fine-large" (rows[1]) id: the id is already used by rows[0]; give each row its own id',
    ]);
  });

  it('refuses a material key the catalogue does not name, listing the known keys', () => {
    expect(
      problemsOf(catalogue([row('r', fine, { materials: [{ key: 'situation-report' }, { key: 'hearing' }] })])),
    ).toEqual([
      'row "r" (rows[0]) materials[1].key: "hearing" is not among the catalogue\'s materials (situation-report, draft-decision, hearing-record); add it to `materials` or correct the key',
    ]);
  });

  it('refuses a material listed twice in a row or named twice in the catalogue', () => {
    const file = catalogue([row('r', fine, { materials: [{ key: 'draft-decision' }, { key: 'draft-decision' }] })]);
    file.materials = [...MATERIALS, { key: 'draft-decision', title: '代拟稿' }];
    expect(problemsOf(file)).toEqual([
      'materials[3].key: "draft-decision" is already named at materials[1]; name each material once',
      'row "r" (rows[0]) materials[1].key: "draft-decision" is listed twice in this row; list it once',
    ]);
  });

  it('refuses a threshold of 0 or below, naming the row and the field however deep', () => {
    const problems = problemsOf(
      catalogue([
        row('zero', { kind: 'fine', personFen: 0 }),
        row('nested', { kind: 'any', of: [{ kind: 'complex' }, { kind: 'confiscation', organisationFen: -100 }] }),
      ]),
    );
    expect(problems).toEqual([
      'row "zero" (rows[0]) trigger.personFen: Expected integer to be greater than 0 (write a whole number of fen above 0: 10,000 元 = 1000000)',
      'row "nested" (rows[1]) trigger.of[1].organisationFen: Expected integer to be greater than 0 (write a whole number of fen above 0: 10,000 元 = 1000000)',
    ]);
  });

  it('refuses an amount in yuan with decimals (amounts are whole fen)', () => {
    expect(problemsOf(catalogue([row('r', { kind: 'fine', personFen: 10000.5 })]))).toEqual([
      'row "r" (rows[0]) trigger.personFen: Expected integer (write a whole number of fen above 0: 10,000 元 = 1000000)',
    ]);
  });

  it('refuses an amount trigger without any threshold', () => {
    expect(problemsOf(catalogue([row('r', { kind: 'fine' })]))).toEqual([
      'row "r" (rows[0]) trigger: a fine trigger needs personFen, organisationFen or both',
    ]);
  });

  it('names an unknown trigger kind, a wrong option and an unknown field, and the allowed values', () => {
    const bad = {
      kind: 'all',
      of: [{ kind: 'revocation' }, { kind: 'hearing', on: 'maybe' }, { kind: 'complex', level: 2 }],
    } as unknown as Trigger;
    expect(problemsOf(catalogue([row('r', bad)]))).toEqual([
      'row "r" (rows[0]) trigger.of[0].kind: "revocation" is not a trigger kind; use one of fine, confiscation, measure, hearing, complex, discretion-departure, any, all',
      'row "r" (rows[0]) trigger.of[1].on: "maybe" is not allowed; use one of "requested", "held"',
      'row "r" (rows[0]) trigger.of[2].level: unknown field; remove it or correct its name',
    ]);
  });

  it('refuses an empty combinator and an unknown enforcement kind', () => {
    const r = row('r', { kind: 'any', of: [] }, { kinds: ['penalty', 'punishment' as EnforcementKind] });
    expect(problemsOf(catalogue([r]))).toEqual([
      'row "r" (rows[0]) kinds[1]: "punishment" is not allowed; use one of "penalty", "compulsion", "inspection", "reward", "licensing"',
      'row "r" (rows[0]) trigger.of: Expected array length to be greater or equal to 1 (combine at least one trigger)',
    ]);
  });

  it('names missing fields of a row that has no id yet by its position', () => {
    const file = catalogue([row('ok', fine)]) as unknown as { rows: unknown[] };
    file.rows.push({ kinds: ['penalty'], materials: [], focus: ['x'], trigger: { kind: 'complex' } });
    expect(problemsOf(file)).toEqual(['row (rows[1]) id: missing; add it', 'row (rows[1]) title: missing; add it']);
  });

  it('refuses a date that is not on the calendar', () => {
    expect(problemsOf({ ...catalogue([row('r', fine)]), effectiveFrom: '2025-02-30' })).toEqual([
      'effectiveFrom: 2025-02-30 is not a calendar date; write a real date as YYYY-MM-DD',
    ]);
  });

  it('refuses something that is not a catalogue at all', () => {
    expect(problemsOf([])).toEqual(['the catalogue: Expected object']);
  });

  it('reads YAML and JSON text, and says when the text is neither', () => {
    const json = JSON.stringify(catalogue([row('r', fine)]));
    expect(compileCatalogueText(json).rowCount).toBe(1);
    expect(() => compileCatalogueText('agency: [unclosed', 'agency.yaml')).toThrow(
      /^agency\.yaml: not readable as YAML or JSON; correct the syntax/,
    );
  });
});

describe('catalogue.sample.yaml', () => {
  const ev = compileCatalogueText(
    readFileSync(new URL('./catalogue.sample.yaml', import.meta.url), 'utf8'),
    'catalogue.sample.yaml',
  );
  const majorRows = (f: Partial<CaseFacts>) => ev.evaluate(facts(f)).reasons.map((r) => r.rowId);

  it('compiles', () => {
    expect(ev.rowCount).toBe(8);
    expect(ev.catalogue.effectiveFrom).toBe('2025-01-01');
  });

  it('makes a fine of 10,000 元 major for a person but not for an organisation', () => {
    expect(majorRows({ fineFen: 10_000 * YUAN })).toEqual(['fine-large']);
    expect(majorRows({ party: 'organisation', fineFen: 10_000 * YUAN })).toEqual([]);
    expect(majorRows({ party: 'organisation', fineFen: 100_000 * YUAN })).toEqual(['fine-large']);
  });

  it('covers revocation, suspension, hearing, complexity, departure and confiscation', () => {
    expect(majorRows({ measures: ['revoke-licence'] })).toEqual(['licence-revocation']);
    expect(majorRows({ measures: ['suspend-business'] })).toEqual(['business-suspension']);
    expect(majorRows({ hearing: 'held' })).toEqual(['after-hearing']);
    expect(majorRows({ kind: 'compulsion', complex: true })).toEqual(['complex-case']);
    expect(majorRows({ discretionDeparture: true })).toEqual(['discretion-departure']);
    expect(majorRows({ party: 'organisation', confiscationFen: 100_000 * YUAN })).toEqual(['confiscation-large']);
    expect(majorRows({ kind: 'licensing', hearing: 'held' })).toEqual(['licensing-major']);
  });

  it('asks for the hearing record after a hearing', () => {
    const m = ev.evaluate(facts({ hearing: 'held', materials: ['situation-report', 'draft-decision', 'evidence'] }));
    expect(m.missing.map((c) => c.title)).toEqual(['听证笔录']);
  });
});

describe('a generated 200-row catalogue against 10,000 random cases', () => {
  /** Deterministic, so a failure can be replayed (mulberry32). */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rnd = random(20250101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const amount = () => (1 + Math.floor(rnd() * 200)) * 1_000 * YUAN;
  const measures = Object.keys(MEASURES) as Measure[];
  const keys = MATERIALS.map((m) => m.key);

  function trigger(depth: number): Trigger {
    const kind = pick(TRIGGER_KINDS);
    switch (kind) {
      case 'fine':
      case 'confiscation':
        return { kind, personFen: amount(), organisationFen: amount() };
      case 'measure':
        return { kind, measures: [pick(measures), pick(measures)] };
      case 'hearing':
        return { kind, on: pick(['requested', 'held'] as const) };
      case 'any':
      case 'all':
        return depth > 1 ? { kind: 'complex' } : { kind, of: [trigger(depth + 1), trigger(depth + 1)] };
      default:
        return { kind };
    }
  }

  const rows = Array.from({ length: 200 }, (_, i) =>
    row(`row-${i}`, trigger(0), {
      kinds: [pick(ENFORCEMENT_KINDS), pick(ENFORCEMENT_KINDS)],
      materials: [...new Set([pick(keys), pick(keys)])].map((key) => ({ key, required: rnd() < 0.8 })),
    }),
  );
  const all = compileCatalogue(catalogue(rows));
  const randomFacts = Array.from({ length: 10_000 }, () =>
    facts({
      kind: pick(ENFORCEMENT_KINDS),
      party: pick(['person', 'organisation'] as const),
      fineFen: rnd() < 0.5 ? 0 : amount(),
      measures: rnd() < 0.8 ? [] : [pick(measures)],
      hearing: pick(['none', 'requested', 'held'] as const),
      complex: rnd() < 0.2,
      discretionDeparture: rnd() < 0.2,
      confiscationFen: rnd() < 0.7 ? 0 : amount(),
      materials: keys.filter(() => rnd() < 0.5),
    }),
  );

  it('evaluates every case consistently', () => {
    let majors = 0;
    // Collected, then asserted once: ten thousand expect() calls would cost more than the evaluations.
    const wrong: string[] = [];
    randomFacts.forEach((f, i) => {
      const m = all.evaluate(f);
      if (m.major) majors++;
      if (m.major !== m.reasons.length > 0) wrong.push(`case ${i}: major without reasons or reasons without major`);
      for (const r of m.reasons)
        if (!rows[Number(r.rowId.slice(4))]!.kinds.includes(f.kind))
          wrong.push(`case ${i}: ${r.rowId} is not for ${f.kind}`);
      for (const c of m.materials)
        if (c.present !== f.materials.includes(c.key)) wrong.push(`case ${i}: ${c.key} present is ${c.present}`);
      const missing = m.materials.filter((c) => c.required && !c.present);
      if (missing.length !== m.missing.length || missing.some((c, j) => c !== m.missing[j]))
        wrong.push(`case ${i}: missing is not the required materials absent`);
    });
    expect(wrong).toEqual([]);
    // The generated data exercises both outcomes.
    expect(majors).toBeGreaterThan(100);
    expect(majors).toBeLessThan(randomFacts.length);
  });

  it('answers as its rows do one by one (the index by kind loses and reorders nothing)', () => {
    const alone = rows.map((r) => compileCatalogue(catalogue([r])));
    for (const f of randomFacts.slice(0, 500)) {
      const expected = alone.flatMap((ev) => ev.evaluate(f).reasons);
      expect(all.evaluate(f).reasons).toEqual(expected);
    }
  });
});
