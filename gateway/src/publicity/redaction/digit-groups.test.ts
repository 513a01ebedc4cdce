import { describe, expect, it } from 'vitest';
import { labelBefore, numberCandidates } from './digit-groups.js';
import { normaliseForDetection } from './normalise.js';

describe('normalised text', () => {
  it('folds full-width digits, spaces and dashes and keeps every offset', () => {
    const text = '号码：１３８－１２３４\u3000５６７８\u200b，（0571）';
    const norm = normaliseForDetection(text);
    expect(norm).toBe('号码:138-1234 5678 ，(0571)');
    expect(norm.length).toBe(text.length);
  });
});

describe('numbers as written', () => {
  const digits = (text: string) => numberCandidates(normaliseForDetection(text)).map((c) => c.digits);

  it('joins runs split by spaces, dashes and brackets, and never cuts a run', () => {
    expect(digits('138 1234')).toEqual(['138', '1381234', '1234']);
    expect(digits('(0571)8888')).toEqual(['0571', '05718888', '8888']);
    expect(digits('12345')).toEqual(['12345']);
  });

  it('does not join across a line, a comma or a letter, nor use decimals or runs glued to letters', () => {
    expect(digits('138\n1234')).toEqual(['138', '1234']);
    expect(digits('138，1234')).toEqual(['138', '1234']);
    expect(digits('12.50')).toEqual([]);
    expect(digits('91330100MA2')).toEqual(['2']);
  });

  it('keeps a trailing X with its run and ends the group there', () => {
    const [c] = numberCandidates(normaliseForDetection('11010519491231002X 123'));
    expect(c).toMatchObject({ digits: '11010519491231002', x: true });
  });

  it('reads the nearest label of the clause', () => {
    const label = (text: string) => labelBefore(normaliseForDetection(text), text.length);
    expect(label('身份证号：')).toBe('id');
    expect(label('执法证号：')).toBe('reference');
    expect(label('订单号及联系电话：')).toBe('phone');
    expect(label('联系电话，另')).toBeUndefined();
    expect(label('TEL:')).toBe('phone');
    expect(label('执法证号：33010012345、')).toBe('reference');
  });
});
