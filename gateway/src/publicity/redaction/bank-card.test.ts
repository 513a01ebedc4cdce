import { describe, expect, it } from 'vitest';
import { detectBankCards, isBankCardNumber, luhnValid } from './bank-card.js';
import { isCreditCode } from './credit-code.js';
import { normaliseForDetection } from './normalise.js';

const ON = '2026-06-01';
const found = (text: string) =>
  detectBankCards({ original: text, norm: normaliseForDetection(text) }, ON).map((s) => `${s.confidence}:${s.text}`);

describe('bank cards', () => {
  it('checks Luhn and the issuer', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(isBankCardNumber('6228480402564890018')).toBe(true);
    expect(isBankCardNumber('6228480402564890019')).toBe(false);
    expect(luhnValid('2026031500000000005')).toBe(true);
    expect(isBankCardNumber('2026031500000000005')).toBe(false); // passes Luhn, but no card starts 2026
  });

  it('finds a card written whole, in groups or in full-width digits', () => {
    for (const written of [
      '6228480402564890018',
      '6228 4804 0256 4890 018',
      '４１１１\u3000１１１１\u3000１１１１\u3000１１１１',
    ])
      expect(found(`通过银行卡${written}收款`), written).toEqual([`0.97:${written}`]);
    expect(found(`转入6228480402564890018。`)).toEqual(['0.9:6228480402564890018']);
  });

  it('finds a labelled account number that has no Luhn digit, whole', () => {
    expect(found('开户银行：中国工商银行\u3000账号：1202 0211 0900 1234 567')).toEqual([
      '0.95:1202 0211 0900 1234 567',
    ]);
  });

  it('leaves Luhn failures, order numbers, credit codes and 18 digits that read as an ID', () => {
    expect(found('转入6228480402564890019。')).toEqual([]);
    expect(found('订单号6228480402564890018。')).toEqual([]);
    expect(found('交易单号：4111 1111 1111 1111')).toEqual([]);
    // A Gansu ID (62…) with a wrong check digit that passes Luhn: no card without a card label.
    expect(isBankCardNumber('620102198001010002')).toBe(true);
    expect(found('（620102198001010002）')).toEqual([]);
    expect(found('银行卡号：620102198001010002')).toEqual(['0.97:620102198001010002']);
    // An all-digit credit code of a social organisation (52…) that passes Luhn.
    expect(isCreditCode('521101056893450408') && isBankCardNumber('521101056893450408')).toBe(true);
    expect(found('（521101056893450408）')).toEqual([]);
  });
});
