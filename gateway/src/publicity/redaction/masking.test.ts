import { describe, expect, it } from 'vitest';
import { applyFindings, maskText, pseudonyms, toOriginal, type RedactionFinding } from './masking.js';

const finding = (start: number, end: number, replacement: string): RedactionFinding => ({
  start,
  end,
  kind: 'mobile',
  text: '',
  confidence: 1,
  action: 'label',
  replacement,
});

describe('masking', () => {
  it('masks all but the kept characters, and all of them when keeping would leave it whole', () => {
    expect(maskText('13812345678', 3, 4)).toBe('138＊＊＊＊5678');
    expect(maskText('13812345678')).toBe('＊＊＊＊＊＊＊＊＊＊＊');
    expect(maskText('1381', 2, 2)).toBe('＊＊＊＊');
  });

  it('makes surname + 某, told apart when two share a surname, in the order given', () => {
    const names = pseudonyms([
      { name: '张三', role: 'party', style: 'surname' },
      { name: '欧阳娜娜', role: 'witness', style: 'surname' },
      { name: '张四', role: 'witness', style: 'surname' },
      { name: '李五', role: 'witness', style: 'full' },
      { name: '赵六', role: 'complainant', style: 'label' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      张三: '张某甲',
      欧阳娜娜: '欧阳某',
      张四: '张某乙',
      李五: '＊＊',
      赵六: '[投诉举报人]',
    });
  });

  it('maps positions of the published text back to the original', () => {
    const original = 'ab0123456789cd';
    const { text, edits } = applyFindings(original, [finding(2, 12, '[X]')]);
    expect(text).toBe('ab[X]cd');
    expect(toOriginal(edits, 1, 'start')).toBe(1);
    expect(toOriginal(edits, 3, 'start')).toBe(2); // inside the replacement: all of it
    expect(toOriginal(edits, 3, 'end')).toBe(12);
    expect(toOriginal(edits, 6, 'end')).toBe(13);
    const removed = applyFindings(original, [finding(2, 12, '')]);
    expect(removed.text).toBe('abcd');
    expect(toOriginal(removed.edits, 2, 'start')).toBe(2);
    expect(toOriginal(removed.edits, 2, 'end')).toBe(12);
  });
});
