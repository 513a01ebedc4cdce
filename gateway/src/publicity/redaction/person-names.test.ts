import { describe, expect, it } from 'vitest';
import { normaliseForDetection } from './normalise.js';
import { detectPersonNames, namesAfterCues, surnameOf } from './person-names.js';

const found = (text: string, names: string[]) =>
  detectPersonNames({ original: text, norm: normaliseForDetection(text) }, names).map((s) => `${s.name}:${s.text}`);
const cued = (text: string) => namesAfterCues(normaliseForDetection(text));

describe('surnames', () => {
  it('keeps compound surnames whole when a given name follows', () => {
    expect(surnameOf('张三')).toBe('张');
    expect(surnameOf('欧阳娜娜')).toBe('欧阳');
    expect(surnameOf('司马光')).toBe('司马');
    expect(surnameOf('欧阳')).toBe('欧'); // two characters: 欧 is the surname, 阳 the given name
    expect(surnameOf('阿卜杜拉·买买提')).toBe('阿');
  });
});

describe('listed names', () => {
  it('finds every occurrence, also padded with spaces', () => {
    expect(found('当事人张三，证人李四证实张三于当日在场。张\u3000三签字。', ['张三', '李四'])).toEqual([
      '张三:张三',
      '李四:李四',
      '张三:张三',
      '张三:张\u3000三',
    ]);
  });

  it('reads the longer name first, so a shorter one is not found inside it', () => {
    expect(found('执法人员王小明、证人王小', ['王小', '王小明'])).toEqual(['王小明:王小明', '王小:王小']);
  });

  it('leaves a place named like a person', () => {
    expect(found('海口市龙华区，证人龙华', ['龙华'])).toEqual(['龙华:龙华']);
  });
});

describe('names announced by cues', () => {
  it('reads a surname and one or two characters after a cue, up to a break or a word that ends the name', () => {
    expect(cued('姓名：赵六，性别：男')).toEqual(['赵六']);
    expect(cued('当事人李四，男，1990年出生')).toEqual(['李四']);
    expect(cued('证人王五证实当事人销售')).toEqual(['王五']);
    expect(cued('证人王小明于当日在场')).toEqual(['王小明']);
    expect(cued('法定代表人：欧阳娜娜（')).toEqual(['欧阳娜娜']);
    expect(cued('当事人的妻子谢萍霞协助进货')).toEqual(['谢萍霞']);
  });

  it('reads no words, organisations, titles or masked names', () => {
    expect(cued('当事人应当于十五日内缴纳')).toEqual([]);
    expect(cued('当事人于2026年3月5日')).toEqual([]);
    expect(cued('当事人方面表示，')).toEqual([]);
    expect(cued('当事人王记餐饮店，')).toEqual([]);
    expect(cued('联系人：张经理，')).toEqual([]);
    expect(cued('当事人张某，男')).toEqual([]);
    expect(cued('当事人高价销售，')).toEqual([]);
  });
});
