/**
 * Names of natural persons. The case's people (with their roles) are given, so most names are
 * found by looking for exactly those names; a two-character name padded to three with an
 * ideographic space ("张\u3000三", as in printed decisions) is found too. A name followed by
 * 省/市/县/区… is taken for the place it is part of (someone called 龙华 does not make 龙华区
 * 龙某区). Longer names are matched first, and names that stay visible (officers, by default) are
 * matched as well, so that "王小" is not masked inside an officer's "王小明".
 *
 * A dictionary-free heuristic can add names the list lacks: a common surname and one or two
 * characters right after a cue that announces a person — 姓名：, 当事人, 证人, 投诉人, 法定代表人,
 * 妻子… — and before a clause break or a word that ends the name (男, 女, 于, 证实…). It reads
 * nothing else, so an organisation's name after 当事人 ("当事人王记餐饮店") is no match, and
 * surnames that are also common words (于, 向, 应, 时…) are left out of its list.
 */
import { hanClass } from './han.js';
import { spanOf, type DetectionText, type Span } from './spans.js';

/** Compound surnames (复姓) kept whole when a name is shortened to 欧阳某. */
export const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '长孙',
  '慕容',
  '宇文',
  '司徒',
  '令狐',
  '夏侯',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '轩辕',
  '申屠',
  '太史',
  '澹台',
  '公冶',
  '濮阳',
  '淳于',
  '单于',
  '钟离',
  '闻人',
  '赫连',
  '呼延',
  '万俟',
  '司空',
  '第五',
];

/**
 * The surname of a Chinese name: a compound surname when the name starts with one and has a
 * given name after it, else the first character. A name written with a middle dot
 * ("阿卜杜拉·买买提") is not surname-first: its first character stands in for it.
 */
export function surnameOf(name: string): string {
  const chars = [...name];
  const compound = COMPOUND_SURNAMES.find((s) => name.startsWith(s));
  return compound && chars.length >= 3 && !name.includes('·') ? compound : (chars[0] ?? '');
}

export interface PersonNameSpan extends Span {
  kind: 'person-name';
  /** The name as listed (the text may have spaces inside it). */
  name: string;
}

/** The end of `name` read at `at` in `norm`, with up to two spaces between characters; -1 if it is not there. */
function nameAt(norm: string, at: number, name: string): number {
  let p = at;
  for (let i = 0; i < name.length; i++) {
    if (i > 0) for (let spaces = 0; spaces < 2 && norm[p] === ' '; spaces++) p++;
    if (norm[p] !== name[i]) return -1;
    p++;
  }
  return p;
}

/** A county-level suffix right after: "龙华区" is a place even when someone is called 龙华. */
const placeAfter = (norm: string, end: number) =>
  '省州县区旗盟'.includes(norm[end] || '.') || (norm[end] === '市' && norm[end + 1] !== '场');

/** Every occurrence of the listed names, longest names first (see the top of this file). */
export function detectPersonNames(t: DetectionText, names: readonly string[]): PersonNameSpan[] {
  const unique = [...new Set(names.map((n) => n.trim()).filter((n) => n.length >= 2))].sort(
    (a, b) => b.length - a.length,
  );
  const found: PersonNameSpan[] = [];
  const taken = (start: number, end: number) => found.some((f) => f.start < end && start < f.end);
  for (const name of unique) {
    const first = name[0] ?? '';
    for (let at = t.norm.indexOf(first); at >= 0; at = t.norm.indexOf(first, at + 1)) {
      const end = nameAt(t.norm, at, name);
      if (end < 0 || taken(at, end) || placeAfter(t.norm, end)) continue;
      found.push({ ...spanOf(t, at, end, 'person-name', 0.95), kind: 'person-name', name });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Common single surnames, without those that are everyday words after 当事人 (于, 向, 应, 时, 方…). */
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞左柳甘祝尚符舒阮柯纪梅童凌毕季裴霍涂苗谷盛曲翁冉骆蓝辛靳管柴蒙鲍喻祁蒲房滕屈饶牟艾尤穆农卓古吉缪芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬卞姬仇栾隋刁荣巫寇桑郎甄丛仲虞敖巩佘池查麻迟邝';
const CUES = [
  '姓名',
  '当事人',
  '证人',
  '被害人',
  '受害人',
  '投诉人',
  '举报人',
  '委托代理人',
  '代理人',
  '联系人',
  '负责人',
  '法定代表人',
  '法人代表',
  '经营者',
  '监护人',
  '驾驶人',
  '车主',
  '消费者',
  '顾客',
  '店员',
  '员工',
  '营业员',
  '收银员',
  '工作人员',
  '现场人员',
  '现场负责人',
  '妻子',
  '丈夫',
  '父亲',
  '母亲',
  '儿子',
  '女儿',
  '亲属',
  '家属',
];
/** What may follow a name: a clause break, the sex, or a word that starts the rest of the sentence. */
const AFTER = [
  '男',
  '女',
  '于',
  '在',
  '因',
  '系',
  '是',
  '向',
  '对',
  '的',
  '等',
  '和',
  '与',
  '及',
  '为',
  '已',
  '曾',
  '将',
  '未',
  '现',
  '称',
  '说',
  '证实',
  '陈述',
  '承认',
  '表示',
  '确认',
  '签字',
  '签名',
  '到场',
  '在场',
  '提供',
  '出具',
  '协助',
  '亦',
  '住',
  '居住',
  '购买',
  '签收',
  '退款',
  '经营',
  '负责',
];
/** Characters that are never in a given name here: particles, and what turns "方面"/"高价"/"任何" into words. */
const NOT_GIVEN =
  '的了在于是和与及或向对为被把将从经其该此这那个们也都就并而但且因所以如若则即均已未不有无到至由往等某面式法价度可何意重';
const CUE_NAME = new RegExp(
  `(?:${CUES.sort((a, b) => b.length - a.length).join('|')})[:]? {0,2}((?:${COMPOUND_SURNAMES.join('|')}|[${SURNAMES}])[${hanClass(NOT_GIVEN)}]{1,2}?)(?=[，,。；;、(): \\n]|${AFTER.join('|')}|$)`,
  'gu',
);
const NOT_A_NAME = /先生|女士|小姐|师傅|老板|经理|同志|某|＊|×/;

/** Names announced by a cue (姓名：张三, 当事人李四，男…) in the normalised text. */
export function namesAfterCues(norm: string): string[] {
  const names = new Set<string>();
  for (const m of norm.matchAll(CUE_NAME)) {
    const name = m[1] ?? '';
    if (!NOT_A_NAME.test(name)) names.add(name);
  }
  return [...names];
}
