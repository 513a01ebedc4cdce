/**
 * Numbers as people write them, for the number detectors (resident IDs, phones, bank cards).
 *
 * A number may be split: "330102 19900101 123X", "138-1234-5678", "(0571)8888 8888",
 * "6222 0212 3456 7894". So runs of digits separated only by spaces, hyphens or brackets (at most 3 such characters) form a group, and every stretch of whole runs inside a
 * group is a candidate: its digits joined are what a detector checks. A run is never cut: a
 * number glued to more digits is a different number. A run glued on its right to a Latin letter
 * ("91330100MA2…", a credit code) or part of a decimal ("1381234.56") is no candidate. A trailing
 * X/x belongs to the run (the resident ID's check character) and ends the group.
 *
 * Each group also carries the label written just before it (身份证号 / 电话 / 卡号 / 订单号 …),
 * read back to the nearest clause break: detectors use it to accept label-only readings and to
 * refuse numbers that are labelled as something else (an order number passing the Luhn check).
 */

export type NumberLabel = 'id' | 'phone' | 'card' | 'credit-code' | 'reference';

export interface NumberCandidate {
  /** Span in the text: from the first digit (or a '+' / '(' just before it) to the last digit or X. */
  start: number;
  end: number;
  /** The digits of the runs, joined. */
  digits: string;
  /** The last run ends in X/x. */
  x: boolean;
  /** A '+' stands right before the first digit. */
  plus: boolean;
  /** The stretch is the whole group (no digits of the group around it). */
  whole: boolean;
  /** The label before the group (read when first asked: most numbers are refused before it matters). */
  label: () => NumberLabel | undefined;
}

interface Run {
  start: number;
  end: number;
  digits: string;
  x: boolean;
  /** Glued to a letter or a decimal point: cannot take part in any candidate. */
  unusable: boolean;
}

const LABELS: Record<NumberLabel, string[]> = {
  id: ['公民身份号码', '身份证号码', '身份证件号码', '身份证号', '身份证', '身份号码', '证件号码', '证件号'],
  phone: [
    '联系电话',
    '联系方式',
    '手机号码',
    '手机号',
    '手机',
    '电话号码',
    '电话',
    '座机',
    '传真',
    '热线',
    'tel',
    'mobile',
    'phone',
  ],
  card: ['银行卡号', '银行卡', '银行账号', '银行账户', '开户账号', '收款账户', '卡号', '账号', '帐号', '账户', '帐户'],
  'credit-code': [
    '统一社会信用代码',
    '社会信用代码',
    '信用代码',
    '注册号',
    '组织机构代码',
    '纳税人识别号',
    '税号',
    '营业执照',
  ],
  reference: [
    '订单号',
    '订单编号',
    '订单',
    '运单号',
    '快递单号',
    '物流单号',
    '单号',
    '流水号',
    '交易号',
    '编号',
    '批号',
    '批次',
    '条码',
    '条形码',
    '发票',
    '合同',
    '档案号',
    '案号',
    '文号',
    '许可证',
    '执法证',
    '证号',
    '登记号',
    '备案号',
    '序列号',
    '型号',
    '货号',
    '凭证',
    '票据',
    '序号',
    '识别码',
    '追溯码',
    'imei',
    '终端号',
    '商户号',
    '工号',
    '编码',
  ],
};
const LABEL_OF = new Map<string, NumberLabel>();
for (const [kind, words] of Object.entries(LABELS) as [NumberLabel, string[]][])
  for (const w of words) LABEL_OF.set(w, kind);
// Longest first, so 身份证号 is read before 证号 and 银行卡号 before 卡号. Read in lower case.
const LABEL_RE = new RegExp(
  [...LABEL_OF.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b)).join('|'),
  'g',
);
/** How far back a label is looked for, and what ends the clause it must be in. */
const LABEL_WINDOW = 24;
// Not 、: an enumeration shares its label (执法证号：33…、33…).
const CLAUSE_BREAK = /[，,。；;！!？?]/g;

/** The label nearest before `pos` in the same clause, if any. */
export function labelBefore(norm: string, pos: number): NumberLabel | undefined {
  let window = norm.slice(Math.max(0, pos - LABEL_WINDOW), pos).toLowerCase();
  let cut = -1;
  for (const m of window.matchAll(CLAUSE_BREAK)) cut = m.index;
  if (cut >= 0) window = window.slice(cut + 1);
  let label: NumberLabel | undefined;
  for (const m of window.matchAll(LABEL_RE)) label = LABEL_OF.get(m[0]);
  return label;
}

const DIGIT_RUN = /[0-9]+/g;
const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;
// Not a line break: the next line's number is another number ("…5678⏎⏎2026年").
const GAP = /^[ \t\-()]{1,3}$/;
/** Longest digit string any detector reads (a labelled bank account). */
const MAX_DIGITS = 30;

function runsOf(norm: string): Run[] {
  const runs: Run[] = [];
  for (const m of norm.matchAll(DIGIT_RUN)) {
    const start = m.index;
    let end = start + m[0].length;
    let x = false;
    const after = norm[end] ?? '';
    if ((after === 'X' || after === 'x') && !/[0-9A-Za-z]/.test(norm[end + 1] ?? '')) {
      x = true;
      end += 1;
    }
    const decimal =
      (norm[start - 1] === '.' && DIGIT.test(norm[start - 2] ?? '')) ||
      (norm[end] === '.' && DIGIT.test(norm[end + 1] ?? ''));
    runs.push({ start, end, digits: m[0], x, unusable: decimal || LETTER.test(norm[end] ?? '') });
  }
  return runs;
}

function groupsOf(norm: string): Run[][] {
  const groups: Run[][] = [];
  let group: Run[] = [];
  for (const run of runsOf(norm)) {
    const prev = group[group.length - 1];
    const joins = prev && !prev.x && !prev.unusable && !run.unusable && GAP.test(norm.slice(prev.end, run.start));
    if (!joins && group.length) {
      groups.push(group);
      group = [];
    }
    group.push(run);
  }
  if (group.length) groups.push(group);
  return groups;
}

function candidatesOf(norm: string): NumberCandidate[] {
  const out: NumberCandidate[] = [];
  for (const group of groupsOf(norm)) {
    const first = group[0];
    if (!first) continue;
    let read = false;
    let known: NumberLabel | undefined;
    const label = () => {
      if (!read) [read, known] = [true, labelBefore(norm, first.start)];
      return known;
    };
    for (let i = 0; i < group.length; i++) {
      const from = group[i];
      if (!from || from.unusable) continue;
      let digits = '';
      for (let j = i; j < group.length; j++) {
        const to = group[j];
        if (!to || to.unusable) break;
        digits += to.digits;
        if (digits.length > MAX_DIGITS) break;
        let start = from.start;
        const plus = norm[start - 1] === '+';
        if (plus) start -= 1;
        // "(0571)8888…", "(+86)138…": the bracket goes with the number it opens.
        if (norm[start - 1] === '(' && j > i && norm.slice(from.end, group[i + 1]?.start).includes(')')) start -= 1;
        out.push({ start, end: to.end, digits, x: to.x, plus, whole: i === 0 && j === group.length - 1, label });
      }
    }
  }
  return out;
}

// The three number detectors read the same text one after the other: keep the last answer.
let cached: { norm: string; candidates: NumberCandidate[] } | undefined;

/** Every candidate number in the normalised text (see the top of this file). */
export function numberCandidates(norm: string): NumberCandidate[] {
  if (cached?.norm !== norm) cached = { norm, candidates: candidatesOf(norm) };
  return cached.candidates;
}
