import { describe, expect, it } from 'vitest';
import { anniversary, underAgeOn } from './calendar-date.js';
import { minorsAmongPeople, minorsByResidentId, parseAge, statedMinors } from './minors.js';
import { normaliseForDetection } from './normalise.js';
import { detectResidentIds, residentIdCheckChar } from './resident-id.js';

const ON = '2026-06-01';
const t = (text: string) => ({ original: text, norm: normaliseForDetection(text) });
const stated = (text: string) => statedMinors(t(text), ON).map((r) => r.message);
const idBornOn = (birth: string) => {
  const first17 = `330106${birth.replace(/-/g, '')}123`;
  return first17 + residentIdCheckChar(first17);
};

describe('age on the decision date', () => {
  it('reaches 18 周岁 the day after the 18th birthday', () => {
    expect(underAgeOn('2008-06-01', '2026-05-31', 18)).toBe(true);
    expect(underAgeOn('2008-06-01', '2026-06-01', 18)).toBe(true); // the birthday itself
    expect(underAgeOn('2008-06-01', '2026-06-02', 18)).toBe(false);
    expect(anniversary('2008-02-29', 18)).toBe('2026-03-01');
    expect(underAgeOn('2008-02-29', '2026-03-01', 18)).toBe(true);
    expect(underAgeOn('2008-02-29', '2026-03-02', 18)).toBe(false);
  });

  it('reads ages in digits and in Chinese numerals', () => {
    expect(parseAge('16')).toBe(16);
    expect(parseAge('十六')).toBe(16);
    expect(parseAge('十')).toBe(10);
    expect(parseAge('二十')).toBe(20);
    expect(parseAge('一百零二')).toBe(102);
    expect(parseAge('十x')).toBeUndefined();
  });
});

describe('minors', () => {
  it('among the people given with the case: birth date, ID number or age', () => {
    const reasons = minorsAmongPeople(
      [
        { label: '当事人', birthDate: '2009-01-01' },
        { label: '证人', idNumber: idBornOn('2008-06-01') },
        { label: '投诉举报人', age: 17 },
        { label: '委托代理人', birthDate: '1990-01-01', age: 36 },
        { label: '亲属', idNumber: idBornOn('2008-05-31') },
      ],
      ON,
    );
    expect(reasons.map((r) => r.message.slice(0, 3))).toEqual(['当事人', '证人出', '投诉举']);
    expect(reasons.every((r) => r.code === 'minor' && r.source === 'person')).toBe(true);
    expect(reasons[0]?.message).toMatch(/依规定不予公开，或经完全匿名化处理后公开/);
  });

  it('by an ID number in the text', () => {
    const text = `身份证号${idBornOn('2010-03-12')}，另一人${idBornOn('1980-03-12')}`;
    const reasons = minorsByResidentId(detectResidentIds(t(text), ON), ON);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatchObject({ source: 'resident-id', start: 4, end: 22 });
    expect(reasons[0]?.message).not.toContain(idBornOn('2010-03-12'));
  });

  it('by an age or birth date stated in the text', () => {
    expect(stated('证人李四（男，16岁）证实')).toHaveLength(1);
    expect(stated('年龄：十六周岁')).toHaveLength(1);
    expect(stated('向一名年仅15岁的学生销售卷烟')).toHaveLength(1);
    expect(stated('向一名十五岁的初中生销售')).toHaveLength(1);
    expect(stated('当事人系未满18周岁的未成年人')).toHaveLength(1);
    expect(stated('当事人2010年5月12日出生')).toHaveLength(1);
    expect(stated('出生日期：2008-06')).toHaveLength(1); // counted from 30 June: still 17 on 1 June 2026
  });

  it('not by ages of adults, products and ranges, the law’s words, or dates that are no births', () => {
    expect(stated('证人李四（男，36岁）证实')).toEqual([]);
    expect(stated('该批玩具标注“适用于3岁以下儿童”，适用年龄：8-14岁，适合6至12岁儿童，3周岁以上儿童使用')).toEqual([]);
    expect(stated('不满十四周岁的未成年人有违法行为的，不予行政处罚；不满十四周岁的人')).toEqual([]);
    expect(stated('当事人已满18周岁，年满十八周岁')).toEqual([]);
    expect(stated('2026年3月1日生产的食品，违法行为发生于2026年3月')).toEqual([]);
    expect(stated('当事人1990年3月2日出生，经营已满5年，保质期18个月')).toEqual([]);
  });
});
