import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../errors.js';
import { redact, type RedactInput } from './redaction.js';
import { decisionSample } from './redaction/corpus.js';
import { DEFAULT_REDACTION_POLICY, type KindRule, type RedactionPolicy } from './redaction/policy.js';
import { residentIdCheckChar } from './redaction/resident-id.js';

const ID = '11010519491231002X';
const idBornOn = (birth: string) => {
  const first17 = `330106${birth.replace(/-/g, '')}123`;
  return first17 + residentIdCheckChar(first17);
};
const TEXT =
  '当事人：张三，男，身份证号：110105 19491231 002X，住址：浙江省杭州市西湖区文三路90号3幢2单元301室，联系电话：138-1234-5678。\n' +
  '执法人员王小明、李强检查时，证人张四（电话0571-88886666）证实当事人通过银行卡6228 4804 0256 4890 018收款，' +
  '订单号2026031500000000005，统一社会信用代码91350100M000100Y43，案号杭西市监罚〔2026〕123号，罚款50000元。姓名：赵六，系顾客。';

const input = (over: Partial<RedactInput> = {}, policy: Partial<RedactionPolicy> = {}): RedactInput => ({
  party: { kind: 'person', name: '张三' },
  people: [
    { name: '王小明', role: 'officer' },
    { name: '李强', role: 'officer' },
    { name: '张四', role: 'witness' },
  ],
  decisionDate: '2026-06-01',
  policy: { ...DEFAULT_REDACTION_POLICY, ...policy },
  ...over,
});
const withKinds = (rule: KindRule) => ({
  kinds: {
    'resident-id': rule,
    mobile: rule,
    landline: rule,
    'bank-card': rule,
    address: rule,
  },
});

describe('redact', () => {
  it('redacts every kind under the default policy and leaves the decoys', () => {
    const r = redact(TEXT, input());
    expect(r.text).toBe(
      '当事人：张某甲，男，身份证号：[身份证号]，住址：浙江省杭州市西湖区[详细地址]，联系电话：[手机号码]。\n' +
        '执法人员王小明、李强检查时，证人张某乙（电话[固定电话]）证实当事人通过银行卡[银行卡号]收款，' +
        '订单号2026031500000000005，统一社会信用代码91350100M000100Y43，案号杭西市监罚〔2026〕123号，罚款50000元。姓名：赵某，系顾客。',
    );
    expect(r.withhold).toEqual([]);
    expect(r.findings.map((f) => f.kind)).toEqual([
      'person-name',
      'resident-id',
      'address',
      'mobile',
      'person-name',
      'landline',
      'bank-card',
      'person-name',
    ]);
    for (const f of r.findings) expect(TEXT.slice(f.start, f.end)).toBe(f.text);
  });

  it('follows the policy for the party and other people', () => {
    const text = '当事人张三，证人张四、欧阳娜娜。执法人员王小明。';
    const people: RedactInput['people'] = [
      { name: '张四', role: 'witness' },
      { name: '欧阳娜娜', role: 'witness' },
      { name: '王小明', role: 'officer' },
    ];
    const run = (policy: Partial<RedactionPolicy>) => redact(text, input({ people }, policy)).text;
    expect(run({})).toBe('当事人张某甲，证人张某乙、欧阳某。执法人员王小明。');
    expect(run({ naturalPersonParty: 'keep' })).toBe('当事人张三，证人张某、欧阳某。执法人员王小明。');
    expect(run({ naturalPersonParty: 'full', otherPeople: 'label' })).toBe(
      '当事人＊＊，证人[证人]、[证人]。执法人员王小明。',
    );
    expect(run({ keepRoles: [] })).toBe('当事人张某甲，证人张某乙、欧阳某。执法人员王某。');
    expect(run({ keepRoles: ['officer', 'witness'] })).toBe('当事人张某，证人张四、欧阳娜娜。执法人员王小明。');
  });

  it('publishes an organisation party’s name whole, even with a person’s name in it', () => {
    const text = '当事人：杭州张三餐饮有限公司，法定代表人：张三，住所：杭州市西湖区文三路1号。';
    const r = redact(
      text,
      input({
        party: { kind: 'organisation', name: '杭州张三餐饮有限公司' },
        people: [{ name: '张三', role: 'legal-representative' }],
      }),
    );
    expect(r.text).toBe('当事人：杭州张三餐饮有限公司，法定代表人：张某，住所：杭州市西湖区[详细地址]。');
  });

  it('masks, removes, labels or keeps each kind as the policy says', () => {
    const text = '电话13812345678，身份证号11010519491231002X。';
    expect(redact(text, input({}, withKinds({ action: 'mask', keepStart: 3, keepEnd: 4 }))).text).toBe(
      '电话138＊＊＊＊5678，身份证号110＊＊＊＊＊＊＊＊＊＊＊002X。',
    );
    expect(redact(text, input({}, withKinds({ action: 'mask' }))).text).toBe(
      '电话＊＊＊＊＊＊＊＊＊＊＊，身份证号＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊＊。',
    );
    expect(redact(text, input({}, withKinds({ action: 'remove' }))).text).toBe('电话，身份证号。');
    expect(redact(text, input({}, withKinds({ action: 'label', label: '（已隐去）' }))).text).toBe(
      '电话（已隐去），身份证号（已隐去）。',
    );
    const kept = redact(text, input({}, withKinds({ action: 'keep' })));
    expect(kept.text).toBe(text);
    expect(kept.findings).toEqual([]);
  });

  it('catches IDs, phones and cards in full-width digits and split by ideographic spaces', () => {
    const text = '身份证号：１１０１０５\u3000１９４９１２３１\u3000００２Ｘ，手机＋８６ １３８－１２３４－５６７８。';
    expect(redact(text, input()).text).toBe('身份证号：[身份证号]，手机[手机号码]。');
  });

  it('never leaves part of an identifier: a removal that joins two fragments into a number is caught again', () => {
    const text = '另有 138 ' + ID + ' 12345678 结束';
    const r = redact(text, input({}, withKinds({ action: 'remove' })));
    // Removing the ID would leave "138  12345678", a mobile: the second look widens the span.
    expect(r.text).toBe('另有  结束');
    expect(redact(r.text, input({}, withKinds({ action: 'remove' }))).text).toBe(r.text);
  });

  it('masks an agency label that itself reads as an identifier, plainly', () => {
    const text = '住址：杭州市西湖区文三路90号。';
    const r = redact(
      text,
      input({}, { kinds: { ...DEFAULT_REDACTION_POLICY.kinds, address: { action: 'label', label: '文三路一号' } } }),
    );
    expect(r.text).toBe('住址：杭州市西湖区＊＊＊＊＊＊。');
    expect(redact(r.text, input()).text).toBe(r.text);
  });

  it('looks for listed names without their spaces, and ends even on a name that reads as its own mask', () => {
    const people: RedactInput['people'] = [{ name: '李 四', role: 'witness' }];
    expect(redact('证人李四、李\u3000四。', input({ people })).text).toBe('证人李某、李某。');
    const odd = redact(
      '证人＊＊到场。',
      input({ people: [{ name: '＊＊', role: 'witness' }] }, { otherPeople: 'full' }),
    );
    expect(odd.text).toBe('证人＊＊到场。');
  });

  it('reports minors as reasons to withhold, not as masks', () => {
    const minorParty = redact(
      '当事人：张三。',
      input({ party: { kind: 'person', name: '张三', birthDate: '2009-01-01' } }),
    );
    expect(minorParty.withhold).toMatchObject([{ code: 'minor', source: 'person' }]);
    const byId = redact(`证人身份证号${idBornOn('2010-05-05')}。`, input());
    expect(byId.withhold).toMatchObject([{ code: 'minor', source: 'resident-id' }]);
    expect(byId.text).toBe('证人身份证号[身份证号]。');
    const stated = redact('向一名15岁的学生销售卷烟。', input());
    expect(stated.withhold).toMatchObject([{ code: 'minor', source: 'stated-age' }]);
    expect(redact('适用于3岁以下儿童。', input()).withhold).toEqual([]);
  });

  it('refuses input that does not match the schema, naming the field', () => {
    expect(() => redact('x', input({ decisionDate: '2026/06/01' }))).toThrow(Invalid);
    expect(() => redact('x', input({ decisionDate: '2026/06/01' }))).toThrow(/input\.decisionDate/);
    expect(() => redact('x', input({ people: [{ name: '张', role: 'witness' }] }))).toThrow(/input\.people\.0\.name/);
  });

  it('is deterministic and idempotent on the corpus, under any policy', () => {
    const rule = fc.oneof(
      fc.record({
        action: fc.constant('mask' as const),
        keepStart: fc.integer({ min: 0, max: 4 }),
        keepEnd: fc.integer({ min: 0, max: 4 }),
      }),
      fc.constant({ action: 'remove' as const }),
      fc.constant({ action: 'label' as const }),
      fc.constant({ action: 'keep' as const }),
    );
    const policy = fc.record({
      naturalPersonParty: fc.constantFrom('keep', 'surname', 'full', 'label') as fc.Arbitrary<
        RedactionPolicy['naturalPersonParty']
      >,
      otherPeople: fc.constantFrom('surname', 'full', 'label') as fc.Arbitrary<RedactionPolicy['otherPeople']>,
      nameCues: fc.boolean(),
      kinds: fc.record({ 'resident-id': rule, mobile: rule, landline: rule, 'bank-card': rule, address: rule }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), policy, (index, p) => {
        const s = decisionSample(index, 42);
        const args = {
          party: s.party,
          people: s.people,
          decisionDate: s.decisionDate,
          policy: { ...DEFAULT_REDACTION_POLICY, ...p },
        };
        const once = redact(s.text, args);
        expect(redact(s.text, args)).toEqual(once);
        const twice = redact(once.text, args);
        expect(twice.text).toBe(once.text);
        expect(twice.findings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
