/**
 * Addresses below county level. The rule (court-judgment practice, and the provincial rules on
 * publishing penalty decisions): keep an address down to the county-level unit — 区, 县, 县级市,
 * 旗 — and hide the rest: 街道, 镇, 乡, 村, 组, 社区, 路, 街, 巷, 号, 栋, 单元, 室…
 * "浙江省杭州市西湖区文三路90号3幢2单元301室" → the span is "文三路90号3幢2单元301室".
 *
 * An address is found three ways:
 * - after a county-or-above unit (a name ending in 省/市/州/盟/县/旗/区) when what follows is a
 *   place below it (a name ending in 路, 街道, 镇, 村, 小区… then numbers, 号, 栋, 室…). Units that
 *   only look like one are refused: 小区, 社区, 景区, 园区, 辖区, 超市, 市场, 本市, 全区…; and a "tail"
 *   that is the start of an institution's name (文新街道办事处, 某镇人民政府, 某村村民委员会) is
 *   no address;
 * - after an address label (住址, 住所, 家住, 户籍地, 经营场所, 位于…), with or without the units;
 * - alone, when it has the shape of one: a road and a house number (文三路90号), a town and a
 *   village (三墩镇某村), an estate and a building (某小区3幢).
 * No gazetteer is used: place names are read by their suffixes, so a new district or a renamed
 * road needs no update. A stretch is masked to its last recognised part; a bare number glued to
 * it ("某小区3-2-301") goes with it.
 */
import { HAN_CHAR, hanClass } from './han.js';
import { spanOf, unionOf, type DetectionText, type Span } from './spans.js';

const HAN = `[${hanClass()}]`;
/** Characters that are never inside a place name: particles, verbs and determiners around addresses. */
const STOP = '的了是在被把将从们也都就并而但且因所以若则即均已未不对其该此这那个等住址位某及或与';
/** …nor at the start of one found without a label or unit: 和平街 is a road, but "位于文三路" starts at 文. */
const LEAD_STOP = `${STOP}于和向为经至到由往`;
const NAME = `[${hanClass(STOP)}]`;
const NAME_LEAD = `[${hanClass(LEAD_STOP)}]`;
/** What starts the part below a county: a unit name cannot contain these (练市镇 is a town, not 练市). */
const BELOW = '镇乡村路街巷弄号栋幢楼室组';
const ADMIN_NAME = `[${hanClass(STOP + BELOW)}]`;
const NUM = '0-9A-Za-z一二三四五六七八九十百零〇两甲乙丙丁#\\-';
const alternatives = (xs: string[]) => [...xs].sort((a, b) => b.length - a.length).join('|');
const PLACE = alternatives([
  '街道',
  '社区',
  '小区',
  '新村',
  '大道',
  '大街',
  '胡同',
  '公寓',
  '大厦',
  '花园',
  '家园',
  '广场',
  '园区',
  '工业区',
  '市场',
  '商城',
  '苑',
  '镇',
  '乡',
  '村',
  '路',
  '街',
  '巷',
  '弄',
  '庄',
  '屯',
]);
const NUMBERED = alternatives([
  '号楼',
  '号院',
  '号铺',
  '摊位',
  '单元',
  '号',
  '栋',
  '幢',
  '座',
  '楼',
  '层',
  '室',
  '户',
  '组',
  '弄',
  '排',
  '区',
  '期',
  '铺',
]);
/** Words before 区 / 市 that make no county-level unit (小区, 景区, 辖区, 超市, 夜市…). */
const NOT_DISTRICT = '小社园景校街片厂营商业活宅库辖灾牧禁分务展病市';
const NOT_CITY = '超菜夜集门股城花闹黑早';
/**
 * After 市, these make a town or village of it (练市镇, 新市镇): no city, unless a unit follows
 * (宁波市镇海区). Other units may be followed by a name starting with them (路桥区路桥街道).
 */
const TOWN_AFTER_CITY = '镇乡村';
const TOWN_AFTER_CITY_NOT_UNIT = `[${TOWN_AFTER_CITY}](?!${ADMIN_NAME}{0,6}?[区县市旗])`;
const TOWN_AFTER_CITY_RE = new RegExp(TOWN_AFTER_CITY_NOT_UNIT, 'y');
/** A unit name is not a determiner alone: 本市, 全区, 该县, 各区. */
const DETERMINER = '本全该各此我每其那这某';

const UNIT_AHEAD = new RegExp(
  `${HAN}${ADMIN_NAME}{0,7}?(?:[省盟县旗]|州(?![市区县])|市(?<![${NOT_CITY}]市)(?!场)(?!${TOWN_AFTER_CITY_NOT_UNIT})|区(?<![${NOT_DISTRICT}]区))`,
  'uy',
);
const UNIT_END_CHARS = '省市州盟县旗区';
const UNIT_END = new RegExp(`[${UNIT_END_CHARS}]`, 'g');
const FIRST_PART = new RegExp(`${NAME}{2,12}?(?:${PLACE})`, 'uy');
// People type a space around house numbers (文三路 90 号 3 幢): one space is allowed on either side.
const PART = new RegExp(`(?:第?[${NUM}]{1,8} ?(?:${NUMBERED})|${NAME}{0,12}?(?:${PLACE}))`, 'uy');
const TRAILING = /[0-9A-Za-z][0-9A-Za-z-]*/y;
const SPACE = / ?/y;
/** What follows a place when the words are an institution's name, not an address. */
const INSTITUTION = new RegExp(
  `^(?:${alternatives([
    '办事处',
    '人民政府',
    '政府',
    '派出所',
    '市场监督管理',
    '市场监管',
    '监督管理所',
    '管理所',
    '司法所',
    '财政所',
    '卫生院',
    '卫生服务中心',
    '居委会',
    '村委会',
    '居民委员会',
    '村民委员会',
    '委员会',
    '管委会',
    '党委',
    '党工委',
    '综合行政执法',
    '执法队',
    '执法中队',
    '中队',
    '分局',
    '小学',
    '中学',
    '幼儿园',
    '学校',
    '医院',
  ])})`,
  'u',
);
const LABEL = new RegExp(
  `(?:${alternatives([
    '家庭住址',
    '家庭地址',
    '住址',
    '住所地',
    '住所',
    '户籍地址',
    '户籍所在地',
    '户籍地',
    '现住址',
    '现住',
    '家住',
    '居住地址',
    '居住地',
    '暂住地',
    '住',
    '地址',
    '经营地址',
    '经营场所',
    '经营地',
    '营业场所',
    '注册地址',
    '通讯地址',
    '联系地址',
    '送达地址',
    '办公地址',
    '生产地址',
    '仓库地址',
    '位于',
  ])})[:为是在]?\\s*`,
  'gu',
);
/**
 * Shapes of an address standing alone. Each is looked for from its anchor (the part without the
 * name, found by a plain scan) back to at most `before` characters: a name-first pattern run at
 * every character of the text was the slowest part of redaction.
 */
const STANDALONE = [
  {
    road: '(?:大道|大街|胡同|路|街|巷|弄)',
    tail: ' ?[0-9一二三四五六七八九十百零〇]{1,5} ?号',
    names: '{1,3}',
    before: 4,
  },
  { road: '(?:镇|乡|街道)', tail: `${NAME}{1,6}?(?:村|社区)`, names: '{1,5}?', before: 6 },
  {
    road: '(?:小区|新村|花园|家园|公寓|大厦|苑)',
    tail: ` ?[${NUM}]{1,6} ?(?:幢|栋|号楼|单元|室)`,
    names: '{1,7}?',
    before: 8,
  },
].map(({ road, tail, names, before }) => ({
  anchor: new RegExp(`${road}${tail}`, 'g'),
  shape: new RegExp(`${NAME_LEAD}${NAME}${names}${road}${tail}`, 'y'),
  before,
}));

function sticky(re: RegExp, s: string, at: number): number | undefined {
  re.lastIndex = at;
  return re.exec(s) ? re.lastIndex : undefined;
}

/**
 * The place parts from `at`: the end of the last one, or undefined if none starts there (or
 * the words turn out to be an institution's name and `institutions` says to refuse those).
 */
function placeParts(norm: string, at: number, institutions: boolean): number | undefined {
  let end = sticky(FIRST_PART, norm, at);
  if (end === undefined) return undefined;
  for (;;) {
    const from = sticky(SPACE, norm, end) ?? end;
    if (institutions && INSTITUTION.test(norm.slice(from, from + 8))) return undefined;
    const next = sticky(PART, norm, from);
    if (next === undefined) break;
    end = next;
  }
  if (institutions && INSTITUTION.test(norm.slice(end, end + 8))) return undefined;
  return sticky(TRAILING, norm, end) ?? end;
}

/** Past any county-or-above units starting at `at`. */
function pastUnits(norm: string, at: number): number {
  let p = at;
  for (let next = sticky(UNIT_AHEAD, norm, p); next !== undefined; next = sticky(UNIT_AHEAD, norm, p)) p = next;
  return p;
}

/** The 区 or 市 at `i` ends a word that is no unit: 小区, 景区, 超市, 市场… */
function notAUnit(norm: string, i: number): boolean {
  const before = norm[i - 1] ?? '';
  if (norm[i] === '区') return NOT_DISTRICT.includes(before);
  return norm[i] === '市' && (NOT_CITY.includes(before) || norm[i + 1] === '场');
}

/**
 * Whether the 省/市/州/盟/县/旗/区 at `i` ends a county-or-above unit: a name before it, no
 * 小区/超市-like word, and no sign that the name goes on (台州 is no unit when 市 follows; 练市
 * is none before 镇; 萧山区 is one before the road 市心中路).
 */
function endsUnit(norm: string, i: number): boolean {
  const before = norm[i - 1] ?? '';
  const after = norm[i + 1] ?? '';
  if (!HAN_CHAR.test(before) || DETERMINER.includes(before) || STOP.includes(before)) return false;
  // "超市市心中路": the second 市 follows a word, not a place name.
  if (notAUnit(norm, i) || (UNIT_END_CHARS.includes(before) && notAUnit(norm, i - 1))) return false;
  return (
    !(norm[i] === '州' && '市区县'.includes(after)) &&
    !(norm[i] === '市' && sticky(TOWN_AFTER_CITY_RE, norm, i + 1) !== undefined)
  );
}

/** …and the last of the units: what follows is below the county. */
const endsLastUnit = (norm: string, i: number) => endsUnit(norm, i) && sticky(UNIT_AHEAD, norm, i + 1) === undefined;

function afterUnits(t: DetectionText, out: Span[]): void {
  const { norm } = t;
  for (const m of norm.matchAll(UNIT_END)) {
    if (!endsLastUnit(norm, m.index)) continue;
    const p = m.index + 1;
    const end = placeParts(norm, p, true);
    if (end !== undefined) out.push(spanOf(t, p, end, 'address', 0.85));
  }
}

function afterLabels(t: DetectionText, out: Span[]): void {
  for (const m of t.norm.matchAll(LABEL)) {
    const p = pastUnits(t.norm, m.index + m[0].length);
    const end = placeParts(t.norm, p, false);
    if (end !== undefined) out.push(spanOf(t, p, end, 'address', 0.9));
  }
}

function standalone(t: DetectionText, out: Span[]): void {
  for (const { anchor, shape, before } of STANDALONE)
    for (const m of t.norm.matchAll(anchor))
      for (let from = Math.max(0, m.index - before); from <= m.index - 2; from++) {
        const shaped = sticky(shape, t.norm, from);
        if (shaped === undefined) continue;
        // Reaching back over a unit ("湖区文三路"): the address starts after it, if anything is left.
        let start = from;
        for (let i = from; i < m.index; i++)
          if (UNIT_END_CHARS.includes(t.norm[i] ?? '') && endsUnit(t.norm, i)) start = i + 1;
        const end = start < m.index - 1 ? placeParts(t.norm, start, true) : undefined;
        if (end !== undefined) out.push(spanOf(t, start, Math.max(end, shaped), 'address', 0.8));
        break;
      }
}

/** Address parts below county level (see the top of this file); what two ways found twice is merged. */
export function detectAddresses(t: DetectionText): Span[] {
  const found: Span[] = [];
  afterUnits(t, found);
  afterLabels(t, found);
  standalone(t, found);
  return unionOf(t, found);
}
