import { describe, expect, it } from 'vitest';
import { markReplacements } from './marks';

describe('markReplacements', () => {
  it('marks each replacement where it stands and leaves the rest plain', () => {
    expect(
      markReplacements('当事人王某（身份证号 [身份证号]，手机 [手机号码]）', ['[身份证号]', '王某', '[手机号码]']),
    ).toEqual([
      { text: '当事人', marked: false },
      { text: '王某', marked: true },
      { text: '（身份证号 ', marked: false },
      { text: '[身份证号]', marked: true },
      { text: '，手机 ', marked: false },
      { text: '[手机号码]', marked: true },
      { text: '）', marked: false },
    ]);
  });

  it('ignores removals (an empty replacement) and prefers the longer of two replacements', () => {
    expect(markReplacements('张某甲与张某', ['', '张某', '张某甲'])).toEqual([
      { text: '张某甲', marked: true },
      { text: '与', marked: false },
      { text: '张某', marked: true },
    ]);
  });
});
