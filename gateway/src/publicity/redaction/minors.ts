/**
 * Minors: a decision that names a person under 18 is not published as is (the provincial rules:
 * "涉及未成年人的…不予公开"); it is withheld or published only fully anonymised. Masking a name or a
 * number does not do: the facts themselves can point to the child. So this module does not mask,
 * it reports reasons to withhold.
 *
 * A person is under 18 on the decision date when:
 * - a person given with the case (the party or a listed person) has a birth date, an ID number
 *   or an age that says so;
 * - an ID number in the text gives such a birth date;
 * - the text states such an age or birth date: "男，16岁", "年龄：十六周岁", "年仅15岁的学生",
 *   "未满18周岁", "2009年3月12日出生", "出生日期：2009年3月".
 * 周岁 are reached the day after the birthday (calendar-date.ts `underAgeOn`); a birth month
 * without a day counts from its last day, the reading that protects the person. Ages of things
 * and ranges are not persons: "适用于3岁以下儿童", "8-14岁", "不满十四周岁的人" (the law's words, as
 * cited), "经营5年" are not read.
 */
import { isCalendarDay, isoDay, underAgeOn } from './calendar-date.js';
import { readResidentId, type ResidentIdSpan } from './resident-id.js';
import type { DetectionText } from './spans.js';

export const ADULT_AGE = 18;

export interface WithholdReason {
  code: 'minor';
  /** Where the age comes from: a person given with the case, an ID number or a statement in the text. */
  source: 'person' | 'resident-id' | 'stated-age' | 'stated-birth-date';
  /** zh-CN, saying what was found and what to do; never the identifier itself. */
  message: string;
  /** Where in the text, for source other than 'person'. */
  start?: number;
  end?: number;
}

export interface AgedPerson {
  /** For the message: 当事人, 证人… */
  label: string;
  birthDate?: string;
  idNumber?: string;
  age?: number;
}

const ACTION = '依规定不予公开，或经完全匿名化处理后公开';

/** Persons given with the case who are under 18 on `decisionDate`. */
export function minorsAmongPeople(people: readonly AgedPerson[], decisionDate: string): WithholdReason[] {
  const out: WithholdReason[] = [];
  for (const p of people) {
    const birth = p.birthDate ?? (p.idNumber ? readResidentId(p.idNumber, decisionDate)?.birthDate : undefined);
    if (birth && underAgeOn(birth, decisionDate, ADULT_AGE))
      out.push({
        code: 'minor',
        source: 'person',
        message: `${p.label}出生于${birth.slice(0, 4)}年，至决定日期${decisionDate}未满${ADULT_AGE}周岁：${ACTION}`,
      });
    else if (p.age !== undefined && p.age < ADULT_AGE)
      out.push({
        code: 'minor',
        source: 'person',
        message: `${p.label}年龄${p.age}岁，未满${ADULT_AGE}周岁：${ACTION}`,
      });
  }
  return out;
}

/** ID numbers in the text whose birth date makes a minor on `decisionDate`. */
export function minorsByResidentId(ids: readonly ResidentIdSpan[], decisionDate: string): WithholdReason[] {
  return ids
    .filter((s) => underAgeOn(s.birthDate, decisionDate, ADULT_AGE))
    .map((s) => ({
      code: 'minor' as const,
      source: 'resident-id' as const,
      message: `文中身份证号显示出生于${s.birthDate.slice(0, 4)}年，至决定日期${decisionDate}未满${ADULT_AGE}周岁：${ACTION}`,
      start: s.start,
      end: s.end,
    }));
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "16", "十六", "二十", "一百零二" → the number; undefined if not one. */
export function parseAge(s: string): number | undefined {
  if (/^\d{1,3}$/.test(s)) return Number(s);
  let total = 0;
  let digit: number | undefined;
  for (const c of s) {
    if (c === '百' || c === '十') {
      total += (digit ?? 1) * (c === '百' ? 100 : 10);
      digit = undefined;
    } else if (c in DIGITS) digit = DIGITS[c];
    else return undefined;
  }
  return s ? total + (digit ?? 0) : undefined;
}

const NUM = '(\\d{1,3}|[零〇一二两三四五六七八九十百]{1,4})';
const PERSON_NOUN =
  '学生|男孩|女孩|男童|女童|男生|女生|少年|少女|儿童|孩子|小孩|未成年人|青少年|中学生|小学生|初中生|高中生|幼儿|婴儿';
/** After an age: a range or a bound, so no person's age ("3岁以下", "8-14岁"…). */
const NOT_AN_AGE_AFTER = /^(?:以下|以上|以内|及以下|及以上|至|到|~|-|—|、|或)/;
/** Before an age: a range, a product's audience, or 不满/已满 (read by UNDER_AGE, or a lower bound). */
const NOT_AN_AGE_BEFORE = /(?:[至到~\-—、]|适用于?|适合于?|供|满)\s*$/;
const STATED_AGE = [
  new RegExp(`(?:男|女)[,，、 ]{0,2}${NUM}(?:周岁|岁)`, 'gu'),
  new RegExp(`(?:年龄|现年|时年|年仅|年方|今年|当年)[:为是]? ?${NUM}(?:周岁|岁)`, 'gu'),
  new RegExp(`${NUM}(?:周岁|岁)(?:的)?(?:${PERSON_NOUN})`, 'gu'),
];
/**
 * "未满18周岁" of a person. "不满十四周岁的人/的未成年人" is the law's class of persons, as cited,
 * unless said of someone ("当事人系未满18周岁的未成年人").
 */
const UNDER_AGE = new RegExp(`(?:未满|不满)${NUM}周岁`, 'gu');
const CLASS_OF_PERSONS = /^的(?:人|未成年人)/;
const SAID_OF_SOMEONE = /(?:系|是|为|属于?|尚|仍|均)$/;
const BIRTH = [
  /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?出生/g,
  /(?:出生于|出生日期[:为]?|出生年月[:为]?) ?(\d{4})(?:年|-|\.|\/)(\d{1,2})(?:月|-|\.|\/)?(?:(\d{1,2})日?)?/g,
];

/** Ages and birth dates stated in the text that make someone a minor on `decisionDate`. */
export function statedMinors(t: DetectionText, decisionDate: string): WithholdReason[] {
  const { norm } = t;
  const out: WithholdReason[] = [];
  const add = (source: WithholdReason['source'], start: number, end: number, what: string) =>
    out.push({ code: 'minor', source, message: `文中${what}，未满${ADULT_AGE}周岁：${ACTION}`, start, end });
  for (const re of STATED_AGE)
    for (const m of norm.matchAll(re)) {
      const end = m.index + m[0].length;
      const numberAt = m.index + m[0].indexOf(m[1] ?? '');
      if (NOT_AN_AGE_AFTER.test(norm.slice(end, end + 3))) continue;
      if (NOT_AN_AGE_BEFORE.test(norm.slice(Math.max(0, numberAt - 4), numberAt))) continue;
      const age = parseAge(m[1] ?? '');
      if (age !== undefined && age < ADULT_AGE) add('stated-age', m.index, end, `写明年龄${age}岁`);
    }
  for (const m of norm.matchAll(UNDER_AGE)) {
    const end = m.index + m[0].length;
    const cited = CLASS_OF_PERSONS.test(norm.slice(end, end + 6));
    if (cited && !SAID_OF_SOMEONE.test(norm.slice(Math.max(0, m.index - 2), m.index))) continue;
    const bound = parseAge(m[1] ?? '');
    if (bound !== undefined && bound <= ADULT_AGE) add('stated-age', m.index, end, `写明“未满${bound}周岁”`);
  }
  for (const re of BIRTH)
    for (const m of norm.matchAll(re)) {
      const year = Number(m[1]);
      const month = Number(m[2]);
      // Without a day, the last day of the month: the latest birth, the youngest person.
      const day = m[3] ? Number(m[3]) : [31, 30, 29, 28].find((d) => isCalendarDay(year, month, d));
      if (day === undefined || !isCalendarDay(year, month, day)) continue;
      const birth = isoDay(year, month, day);
      if (birth <= decisionDate && underAgeOn(birth, decisionDate, ADULT_AGE))
        add('stated-birth-date', m.index, m.index + m[0].length, `写明出生于${year}年`);
    }
  // One statement read by two patterns ("年仅15岁的学生") is one reason.
  const kept: WithholdReason[] = [];
  for (const r of out.sort((a, b) => (a.start ?? 0) - (b.start ?? 0)))
    if ((r.start ?? 0) >= (kept[kept.length - 1]?.end ?? 0)) kept.push(r);
  return kept;
}
