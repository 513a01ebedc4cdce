import { describe, expect, it } from 'vitest';
import { normaliseForDetection } from './normalise.js';
import { detectResidentIds, isValidResidentId, readResidentId, residentIdCheckChar } from './resident-id.js';

const ON = '2026-06-01';
const found = (text: string) =>
  detectResidentIds({ original: text, norm: normaliseForDetection(text) }, ON).map((s) => ({
    text: s.text,
    confidence: s.confidence,
  }));

describe('resident ID check character (GB 11643)', () => {
  it('matches the examples of the standard', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
  });

  it('reads region, birth date and check; refuses impossible ones', () => {
    expect(readResidentId('11010519491231002x', ON)).toEqual({
      id: '11010519491231002X',
      legacy: false,
      birthDate: '1949-12-31',
      checksumOk: true,
    });
    expect(readResidentId('110105194912310021', ON)?.checksumOk).toBe(false);
    expect(readResidentId('110105194902300021', ON)).toBeUndefined(); // 30 February
    expect(readResidentId('990105194912310021', ON)).toBeUndefined(); // no province 99
    expect(readResidentId('117105194912310021', ON)).toBeUndefined(); // prefecture 71
    expect(readResidentId('110105203001010021', ON)).toBeUndefined(); // born after the decision
    expect(readResidentId('440524188001010014', ON)).toBeUndefined(); // before 1900
    expect(readResidentId('110105491231002', ON)).toMatchObject({ legacy: true, birthDate: '1949-12-31' });
    expect(isValidResidentId('11010519491231002X', ON)).toBe(true);
    expect(isValidResidentId('110105194912310021', ON)).toBe(false);
  });
});

describe('resident ID detector', () => {
  it('finds an ID written whole, split by spaces or dashes, in full-width digits, with x or a zero-width space', () => {
    for (const written of [
      '11010519491231002X',
      '11010519491231002x',
      '110105 19491231 002X',
      '1101 0519 4912 3100 2X',
      '110105-19491231-002X',
      '１１０１０５１９４９１２３１００２Ｘ',
      '１１０１０５\u3000１９４９１２３１\u3000００２Ｘ',
      '110105\u200b19491231002X',
    ])
      expect(found(`身份证号：${written}，住址略`), written).toEqual([{ text: written, confidence: 0.99 }]);
  });

  it('finds a legacy 15-digit ID', () => {
    expect(found('公民身份号码110105491231002。')).toEqual([{ text: '110105491231002', confidence: 0.95 }]);
    expect(found('其号码110105491231002。')).toEqual([{ text: '110105491231002', confidence: 0.85 }]);
  });

  it('masks a wrong check digit only under an ID label, where it is still someone’s ID', () => {
    expect(found('身份证号码110105194912310021')).toEqual([{ text: '110105194912310021', confidence: 0.6 }]);
    expect(found('档案编号110105194912310021')).toEqual([]);
    expect(found('编号：110105194912310021。')).toEqual([]);
  });

  it('leaves numbers that only contain an ID, and credit codes', () => {
    expect(found('流水号911010519491231002X9')).toEqual([]); // glued to more digits and a letter
    expect(found('订单20110105194912310021号')).toEqual([]);
    expect(found('11010519491231002XA')).toEqual([]);
    expect(found('统一社会信用代码：91350100M000100Y43')).toEqual([]);
    expect(found('1.5元，110105.19491231002')).toEqual([]); // a decimal
  });

  it('finds an ID beside other numbers in the same group', () => {
    expect(found('证件 110105 19491231 002X 13812345678')).toEqual([
      { text: '110105 19491231 002X', confidence: 0.99 },
    ]);
  });
});
