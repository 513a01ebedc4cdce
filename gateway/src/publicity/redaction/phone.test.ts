import { describe, expect, it } from 'vitest';
import { normaliseForDetection } from './normalise.js';
import { classifyPhone, detectPhones } from './phone.js';

const found = (text: string) =>
  detectPhones({ original: text, norm: normaliseForDetection(text) }).map((s) => `${s.kind}:${s.text}`);

describe('phone numbers', () => {
  it('classifies digits', () => {
    expect(classifyPhone('13812345678', false, false)?.kind).toBe('mobile');
    expect(classifyPhone('8613812345678', false, false)?.kind).toBe('mobile');
    expect(classifyPhone('12812345678', false, false)).toBeUndefined(); // no 12x mobile prefix
    expect(classifyPhone('057188886666', false, false)?.kind).toBe('landline');
    expect(classifyPhone('01088886666', false, false)?.kind).toBe('landline');
    expect(classifyPhone('057108886666', false, false)).toBeUndefined(); // a local number starts 2-9
    expect(classifyPhone('88886666', false, false)).toBeUndefined();
    expect(classifyPhone('88886666', false, true)?.kind).toBe('landline');
    expect(classifyPhone('8657188886666', true, false)?.kind).toBe('landline');
  });

  it('finds mobiles however they are written', () => {
    for (const written of [
      '13812345678',
      '138 1234 5678',
      '138-1234-5678',
      '+86 13812345678',
      '+86-138-1234-5678',
      '86-13812345678',
      '0086 13812345678',
      '１３８１２３４５６７８',
      '＋８６\u3000１３８\u3000１２３４\u3000５６７８',
      '(+86)13812345678',
      '（＋86）138 1234 5678',
    ])
      expect(found(`手机${written}。`), written).toEqual([`mobile:${written}`]);
  });

  it('finds landlines with their area code, and bare local numbers only under a label', () => {
    for (const written of ['0571-88886666', '(0571)88886666', '（0571）8888 6666', '010 88886666', '+86 571 8888 6666'])
      expect(found(`住所电话${written}。`), written).toEqual([`landline:${written}`]);
    expect(found('联系电话：88886666。')).toEqual(['landline:88886666']);
    expect(found('共计88886666元。')).toEqual([]);
  });

  it('finds two numbers side by side as two', () => {
    expect(found('电话0571-88886666 13812345678。')).toEqual(['landline:0571-88886666', 'mobile:13812345678']);
  });

  it('leaves service numbers, case numbers, dates, amounts, reference numbers and a number on the next line', () => {
    expect(found('拨打12315或12345热线，或客服电话400-826-1234，或95588。')).toEqual([]);
    expect(found('杭西市监罚〔2026〕123号，于2026-03-15 14:30:25，罚款13800元。')).toEqual([]);
    expect(found('订单号13812345678，执法证号：33010012345、13010012345。')).toEqual([]);
    expect(found('手机：188 0981\n\n2026年')).toEqual([]);
    expect(found('1381234.5678元')).toEqual([]);
  });
});
