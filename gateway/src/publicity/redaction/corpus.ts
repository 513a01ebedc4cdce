/**
 * A corpus of made-up zh-CN enforcement decisions (行政处罚决定书) with identifiers planted where
 * real decisions carry them, decoys that look like identifiers but are not, and the truth about
 * both: what the redaction benchmark (bench/redaction.mjs) and the corpus test measure against.
 *
 * Planted: resident IDs with a valid check character (18 digits, a few legacy 15-digit ones),
 * mobile and landline numbers, bank cards passing Luhn and labelled organisation accounts,
 * addresses with the part below the county as the truth, names of the party and of other people
 * (some deliberately left out of the people list, to measure the name cues apart), and minors.
 * Written as people write them: in groups with spaces or dashes, +86, full-width digits, a
 * zero-width space pasted inside, lower-case x.
 * Decoys: case numbers (杭西市监罚〔2026〕123号), amounts, dates, 18-digit numbers with a wrong
 * check character, unified social credit codes (all-digit ones too), order and transaction
 * numbers, barcodes, officers' certificate numbers, service numbers (12315, 400-…), officers'
 * names (published), products' age ranges, durations, the law's words on minors, "张经理",
 * a shop branch named after its road (华联超市文三路店), courier numbers (SF…), "已满18周岁".
 *
 * Every sample is a pure function of (index, seed): the benchmark and the tests see the same texts.
 * The generator knows nothing of how the detectors work; it only writes what decisions contain.
 */
import { luhnValid } from './bank-card.js';
import { type CaseParty, type CasePerson, type PersonRole } from './case-people.js';
import { creditCodeCheckChar } from './credit-code.js';
import { residentIdCheckChar } from './resident-id.js';
import type { IdentifierKind } from './spans.js';

export const DECOY_KINDS = [
  'case-number',
  'amount',
  'date',
  'wrong-checksum-id',
  'credit-code',
  'order-number',
  'barcode',
  'certificate-number',
  'service-number',
  'officer-name',
  'organisation-name',
  'institution',
  'product-age',
  'duration',
  'law-on-minors',
  'honorific',
  'branch-name',
  'tracking-number',
  'adult-age',
] as const;
export type DecoyKind = (typeof DECOY_KINDS)[number];

export interface PlantedIdentifier {
  start: number;
  end: number;
  kind: IdentifierKind;
  /** The identifier as it must not survive: digits only for numbers, the text for names and addresses. */
  value: string;
  /** False for a name the people list leaves out: only the name cues can find it. */
  listed: boolean;
}

export interface Decoy {
  start: number;
  end: number;
  kind: DecoyKind;
  text: string;
}

export interface CorpusSample {
  index: number;
  text: string;
  party: CaseParty;
  people: CasePerson[];
  decisionDate: string;
  planted: PlantedIdentifier[];
  decoys: Decoy[];
  /** The decision names a person under 18: it must be withheld. */
  minor: boolean;
}

// ---------------------------------------------------------------- randomness

type Rng = () => number;

/** mulberry32: small, fast, and the same on every machine. */
function rngOf(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tools(rng: Rng) {
  const int = (min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const chance = (p: number) => rng() < p;
  const digits = (n: number) => Array.from({ length: n }, () => String(int(0, 9))).join('');
  return { int, pick, chance, digits };
}
type Tools = ReturnType<typeof tools>;

// ---------------------------------------------------------------- the world

interface Region {
  code: string;
  province: string;
  city: string;
  county: string;
}

/** Real region codes with their names, county-level cities and a few tricky names (市南区, 路桥区, 镇海区). */
const REGIONS: Region[] = [
  ['330106', '浙江省', '杭州市', '西湖区'],
  ['330102', '浙江省', '杭州市', '上城区'],
  ['330109', '浙江省', '杭州市', '萧山区'],
  ['330110', '浙江省', '杭州市', '余杭区'],
  ['330127', '浙江省', '杭州市', '淳安县'],
  ['330782', '浙江省', '金华市', '义乌市'],
  ['330503', '浙江省', '湖州市', '南浔区'],
  ['330681', '浙江省', '绍兴市', '诸暨市'],
  ['331004', '浙江省', '台州市', '路桥区'],
  ['331082', '浙江省', '台州市', '临海市'],
  ['330211', '浙江省', '宁波市', '镇海区'],
  ['110105', '北京市', '', '朝阳区'],
  ['110108', '北京市', '', '海淀区'],
  ['310115', '上海市', '', '浦东新区'],
  ['120101', '天津市', '', '和平区'],
  ['500103', '重庆市', '', '渝中区'],
  ['440305', '广东省', '深圳市', '南山区'],
  ['440605', '广东省', '佛山市', '南海区'],
  ['510107', '四川省', '成都市', '武侯区'],
  ['320102', '江苏省', '南京市', '玄武区'],
  ['321181', '江苏省', '镇江市', '丹阳市'],
  ['350203', '福建省', '厦门市', '思明区'],
  ['620102', '甘肃省', '兰州市', '城关区'],
  ['370202', '山东省', '青岛市', '市南区'],
  ['420106', '湖北省', '武汉市', '武昌区'],
  ['430121', '湖南省', '长沙市', '长沙县'],
  ['411381', '河南省', '南阳市', '邓州市'],
  ['130102', '河北省', '石家庄市', '长安区'],
  ['210102', '辽宁省', '沈阳市', '和平区'],
  ['450103', '广西壮族自治区', '南宁市', '青秀区'],
  ['530102', '云南省', '昆明市', '五华区'],
  ['650102', '新疆维吾尔自治区', '乌鲁木齐市', '天山区'],
  ['522301', '贵州省', '黔西南布依族苗族自治州', '兴义市'],
  ['150102', '内蒙古自治区', '呼和浩特市', '新城区'],
  ['361102', '江西省', '上饶市', '信州区'],
  ['460106', '海南省', '海口市', '龙华区'],
].map(([code, province, city, county]) => ({ code, province, city, county }) as Region);

const ROADS = [
  '文三路',
  '文一西路',
  '中山北路',
  '解放东路',
  '人民大道',
  '建设大街',
  '和平街',
  '学院路',
  '滨江大道',
  '长江路',
  '黄河路',
  '新华街',
  '花园巷',
  '东风路',
  '友谊路',
  '青年路',
  '光明街',
  '幸福巷',
  '迎宾大道',
  '振兴路',
  '湖滨路',
  '市心中路',
  '县前街',
  '天目山路',
  '莫干山路',
  '教工路',
];
const SUBDISTRICTS = ['三墩', '良渚', '稠城', '古荡', '蒋村', '星沙', '长河', '瓜沥', '塘栖', '仓前', '北干', '湖滨'];
const TOWNS = ['练市', '新塘', '义桥', '临浦', '横店', '城关', '大塘', '双溪', '石门', '龙泉', '白沙', '黄湖'];
const VILLAGES = ['前进', '红星', '新民', '胜利', '联丰', '永安', '太平', '张家', '李家', '石桥', '东山', '大桥'];
const ESTATES = ['丰潭', '翠苑', '金色', '阳光', '景芳', '朝晖', '采荷', '嘉绿', '世纪', '东方', '绿城', '万科'];
const ESTATE_KINDS = ['小区', '花园', '家园', '苑', '新村', '公寓'];

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤';
const COMPOUND = ['欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '慕容', '司徒', '夏侯'];
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英华玉兰萍红建辉鹏飞宇浩欣怡涵梓轩博晨佳思雨嘉琪诗婷志俊峰凯斌琳倩雪梅丹慧颖晶波宁瑶';

const ORG_WORDS = ['鑫源', '华联', '恒达', '润泽', '佳美', '新世纪', '百味', '好运来', '金桥', '宏发', '盛通', '永辉'];
const ORG_KINDS = ['贸易有限公司', '食品有限公司', '餐饮管理有限公司', '商贸有限公司', '科技有限公司', '超市有限公司'];
const SHOP_KINDS = ['便利店', '小吃店', '烟酒店', '副食品商店', '水果店', '五金店'];
const PRODUCTS = [
  ['预包装食品', '件'],
  ['鲜牛奶', '盒'],
  ['月饼', '盒'],
  ['白酒', '瓶'],
  ['儿童玩具', '个'],
  ['电动自行车', '辆'],
  ['卷烟', '条'],
  ['化妆品', '支'],
] as const;
const BANKS = ['中国工商银行', '中国农业银行', '中国银行', '中国建设银行', '交通银行', '招商银行', '浙江农商银行'];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '166',
  '176',
  '177',
  '180',
  '181',
  '183',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const AREA_CODES = [
  '010',
  '020',
  '021',
  '022',
  '023',
  '025',
  '027',
  '028',
  '0571',
  '0574',
  '0577',
  '0579',
  '0755',
  '0757',
  '0591',
  '0592',
  '0731',
  '0851',
  '0871',
  '0931',
  '0991',
  '0531',
  '0532',
  '0311',
];

// ---------------------------------------------------------------- identifiers as written

const FULL_WIDTH = (s: string) =>
  s.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '\u3000');

/** `body` and the digit that makes it pass the Luhn check. */
function luhnComplete(body: string): string {
  const digit = [...'0123456789'].find((d) => luhnValid(body + d));
  return body + (digit ?? '0');
}

interface Written {
  shown: string;
  value: string;
}

/** Spaces, dashes, full-width digits and a pasted zero-width space, as people write numbers. */
function writeNumber(r: Tools, value: string, groups: number[][]): Written {
  const style = r.int(0, 9);
  let shown = value;
  if (style >= 5 && style <= 7) {
    const g = r.pick(groups);
    const parts: string[] = [];
    let at = 0;
    for (const n of g) {
      parts.push(value.slice(at, at + n));
      at += n;
    }
    if (at < value.length) parts.push(value.slice(at));
    shown = parts.join(r.pick([' ', ' ', '-', '\u3000']));
  }
  if (style === 8) shown = FULL_WIDTH(shown);
  if (style === 9 && r.chance(0.3)) shown = `${value.slice(0, 6)}\u200b${value.slice(6)}`;
  return { shown, value };
}

function residentId(r: Tools, region: Region, birth: string): Written {
  if (r.chance(0.05) && birth < '1985') {
    const legacy = region.code + birth.slice(2, 4) + birth.slice(5, 7) + birth.slice(8, 10) + r.digits(3);
    return { shown: legacy, value: legacy };
  }
  const first17 = region.code + birth.replace(/-/g, '') + r.digits(3);
  const id = first17 + residentIdCheckChar(first17);
  const written = writeNumber(r, id, [
    [6, 8, 4],
    [6, 4, 4, 4],
    [3, 3, 4, 4, 4],
  ]);
  if (id.endsWith('X') && r.chance(0.3)) written.shown = written.shown.replace(/X$/, 'x');
  return written;
}

/** 18 digits shaped like an ID (region, date) whose check character is wrong. */
function wrongChecksumId(r: Tools): string {
  const first17 = r.pick(REGIONS).code + birthDate(r, 1950, 2000).replace(/-/g, '') + r.digits(3);
  const right = residentIdCheckChar(first17);
  return first17 + r.pick('0123456789X'.replace(right, '').split(''));
}

function mobile(r: Tools): Written {
  const number = r.pick(MOBILE_PREFIXES) + r.digits(8);
  const style = r.int(0, 9);
  if (style === 0) return { shown: `+86 ${number}`, value: number };
  if (style === 1)
    return { shown: `+86-${number.slice(0, 3)}-${number.slice(3, 7)}-${number.slice(7)}`, value: number };
  if (style === 2) return { shown: r.pick([`86-${number}`, `(+86)${number}`, `0086-${number}`]), value: number };
  return writeNumber(r, number, [
    [3, 4, 4],
    [3, 8],
  ]);
}

function landline(r: Tools): Written {
  const area = r.pick(AREA_CODES);
  const local = String(r.int(2, 8)) + r.digits(area.length === 3 ? 7 : r.pick([6, 7, 7]));
  const value = area + local;
  const split = local.length === 8 ? `${local.slice(0, 4)} ${local.slice(4)}` : local;
  const shown = r.pick([
    `${area}-${local}`,
    `${area}-${local}`,
    `(${area})${local}`,
    `（${area}）${split}`,
    `${area} ${local}`,
    value,
    `+86 ${area.slice(1)} ${split}`,
    FULL_WIDTH(`${area}-${local}`),
  ]);
  return { shown, value };
}

function bankCard(r: Tools): Written {
  const [prefix, length] = r.pick([
    ['622202', 19],
    ['622848', 19],
    ['621700', 19],
    ['622588', 16],
    ['625907', 16],
    ['436742', 16],
    ['524047', 16],
    ['622908', 18],
  ] as const);
  const card = luhnComplete(prefix + r.digits(length - prefix.length - 1));
  return writeNumber(r, card, [
    [4, 4, 4, 4],
    [6, 13],
  ]);
}

/** A unified social credit code with valid organisation-code and check characters. */
function creditCode(r: Tools, region: Region): string {
  const head = r.pick(['91', '91', '91', '92', '93', '12', '52']);
  const alnum = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const body = r.chance(0.5) ? `MA${Array.from({ length: 6 }, () => r.pick(alnum.split(''))).join('')}` : r.digits(8);
  const orgWeights = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += alnum.indexOf(body[i] ?? '0') * (orgWeights[i] ?? 0);
  const c = 11 - (sum % 11);
  const orgCheck = c === 10 ? 'X' : c === 11 ? '0' : String(c);
  const first17 = head + region.code + body + orgCheck;
  return first17 + creditCodeCheckChar(first17);
}

function birthDate(r: Tools, fromYear: number, toYear: number): string {
  const y = r.int(fromYear, toYear);
  const m = r.int(1, 12);
  const d = r.int(1, 28);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const zhDate = (day: string) => `${Number(day.slice(0, 4))}年${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

function shiftDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- the text and its truth

function builder() {
  let text = '';
  const planted: PlantedIdentifier[] = [];
  const decoys: Decoy[] = [];
  return {
    add(s: string) {
      text += s;
    },
    plant(kind: IdentifierKind, shown: string, value: string, listed = true) {
      planted.push({ start: text.length, end: text.length + shown.length, kind, value, listed });
      text += shown;
    },
    decoy(kind: DecoyKind, shown: string) {
      decoys.push({ start: text.length, end: text.length + shown.length, kind, text: shown });
      text += shown;
    },
    done: () => ({ text, planted, decoys }),
  };
}
type Builder = ReturnType<typeof builder>;

interface World {
  r: Tools;
  b: Builder;
  region: Region;
  decisionDate: string;
  names: Set<string>;
}

function personName(w: World): string {
  for (;;) {
    const surname = w.r.chance(0.06) ? w.r.pick(COMPOUND) : w.r.pick(SURNAMES.split(''));
    const given = Array.from({ length: w.r.chance(0.6) ? 2 : 1 }, () => w.r.pick(GIVEN.split(''))).join('');
    const name = surname + given;
    const clash = [...w.names].some((n) => n.includes(name) || name.includes(n));
    if (!clash) {
      w.names.add(name);
      return name;
    }
  }
}

/** A name as printed: two-character names are sometimes padded to three with an ideographic space. */
function plantName(w: World, name: string, listed = true) {
  const shown = [...name].length === 2 && w.r.chance(0.1) ? `${name[0]}\u3000${name.slice(1)}` : name;
  w.b.plant('person-name', shown, name, listed);
}

function plantNumber(w: World, kind: IdentifierKind, written: Written) {
  w.b.plant(kind, written.shown, written.value);
}

/** An address: the part kept (down to the county) as text, the part below as planted truth. */
function plantAddress(w: World, region: Region, form: 'full' | 'city' | 'county' | 'below') {
  const { r, b } = w;
  const kept =
    form === 'full'
      ? region.province + region.city + region.county
      : form === 'city'
        ? (region.city || region.province) + region.county
        : form === 'county'
          ? region.county
          : '';
  b.add(kept);
  const n = () => String(r.int(1, 399));
  let below: string;
  const numeral = () => r.pick(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十']);
  switch (r.int(0, 9)) {
    case 0:
      below = `${r.pick(ROADS)}${n()}号`;
      if (r.chance(0.5))
        below += `${r.int(1, 30)}${r.pick(['幢', '栋', '号楼'])}${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}室`;
      break;
    case 1:
      below = `${r.pick(SUBDISTRICTS)}街道${r.pick(ESTATES)}${r.pick(ESTATE_KINDS)}${r.int(1, 30)}幢${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}室`;
      break;
    case 2:
      below = `${r.pick(TOWNS)}${r.pick(['镇', '乡'])}${r.pick(VILLAGES)}村${r.int(1, 12)}组${r.chance(0.5) ? `${n()}号` : ''}`;
      break;
    case 3:
      below = `${r.pick(ESTATES)}${r.pick(ESTATE_KINDS)}${r.int(1, 30)}-${r.int(1, 6)}-${r.int(1, 28)}0${r.int(1, 4)}`;
      break;
    case 4:
      below = `${r.pick(SUBDISTRICTS)}街道${r.pick(ROADS)}${n()}号${r.pick(['', '一楼', `${r.int(1, 20)}层`])}`;
      break;
    case 5: // 上海: 弄
      below = `${r.pick(ROADS)}${n()}弄${r.int(1, 60)}号${r.int(1, 6)}0${r.int(1, 4)}室`;
      break;
    case 6: // an office tower
      below = `${r.pick(ROADS)}${n()}号${r.pick(['A', 'B', 'C'])}座${r.int(1, 30)}0${r.int(1, 9)}室`;
      break;
    case 7: // a village group in Chinese numerals
      below = `${r.pick(TOWNS)}镇${r.pick(VILLAGES)}村${numeral()}组`;
      break;
    case 8: // 北京: 号院
      below = `${r.pick(ROADS)}${n()}号院${r.int(1, 20)}号楼${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}`;
      break;
    default:
      below = `${r.pick(SUBDISTRICTS)}街道${r.pick(ESTATES)}社区${r.pick(ESTATES)}${r.pick(ESTATE_KINDS)}${r.int(1, 30)}号楼${r.int(1, 6)}单元${r.int(1, 28)}0${r.int(1, 4)}室`;
  }
  if (r.chance(0.05)) below = FULL_WIDTH(below);
  b.plant('address', below, below);
  // What the place is, after the address: not part of it.
  if (r.chance(0.1)) b.add(r.pick(['商铺', '门面', '一楼店面']));
}

interface Person {
  name: string;
  role: PersonRole;
  listed: boolean;
}

// ---------------------------------------------------------------- one decision

export function decisionSample(index: number, seed = 1): CorpusSample {
  const r = tools(rngOf(seed * 1_000_003 + index));
  const b = builder();
  const region = r.pick(REGIONS);
  const decisionDate = shiftDays('2026-01-05', r.int(0, 340));
  const w: World = { r, b, region, decisionDate, names: new Set() };
  const people: Person[] = [];
  let minor = false;
  const year = decisionDate.slice(0, 4);
  const agencyPlace = (region.city || region.province) + region.county;
  const agency = agencyPlace + r.pick(['市场监督管理局', '综合行政执法局', '卫生健康局']);
  const abbr = (region.city || region.province).slice(0, 1) + region.county.slice(0, 1);

  b.add(`${agency}\n行政处罚决定书\n`);
  b.decoy(
    'case-number',
    `${abbr}${r.pick(['市监罚', '综执罚决字', '卫医罚'])}〔${year}〕${r.chance(0.3) ? '第' : ''}${r.int(1, 999)}号`,
  );
  b.add('\n\n');

  // ---- the party
  const personParty = r.chance(0.6);
  const partyName = personName(w);
  let party: CaseParty;
  const partyMinor = personParty && r.chance(0.025);
  if (personParty) {
    const birth = partyMinor ? shiftDays(decisionDate, -r.int(16 * 365 + 5, 18 * 365 - 5)) : birthDate(r, 1955, 2004);
    minor ||= partyMinor;
    const givenFacts = r.chance(0.5);
    party = { kind: 'person', name: partyName, ...(givenFacts ? { birthDate: birth } : {}) };
    const shop = r.chance(0.25);
    if (shop) {
      b.add('当事人：');
      b.decoy('organisation-name', `${region.county}${r.pick(ORG_WORDS)}${r.pick(SHOP_KINDS)}`);
      b.add('（个体工商户）\n统一社会信用代码：');
      b.decoy('credit-code', creditCode(r, region));
      b.add('\n经营者：');
      plantName(w, partyName);
    } else {
      b.add('当事人：');
      plantName(w, partyName);
    }
    const table = r.chance(0.4);
    const sep = table ? '\n' : '，';
    if (!shop && r.chance(0.8)) b.add(`${sep}${r.pick(['男', '女'])}`);
    if (r.chance(0.3)) b.add(`${sep}${zhDate(birth)}出生`);
    // A minor party is known by an ID, a birth date given with the case, or one stated in the text.
    if (r.chance(0.9) || (partyMinor && !givenFacts)) {
      b.add(`${sep}${r.pick(['公民身份号码', '身份证号码', '身份证号', '居民身份证号码', '身份证'])}：`);
      plantNumber(w, 'resident-id', residentId(r, r.chance(0.7) ? region : r.pick(REGIONS), birth));
    }
    if (r.chance(0.9)) {
      b.add(`${sep}${r.pick(['住址：', '住所：', '住', '家住', '户籍地：', '现住'])}`);
      plantAddress(w, r.chance(0.8) ? region : r.pick(REGIONS), r.pick(['full', 'full', 'city', 'county', 'below']));
    }
    if (r.chance(0.8)) {
      b.add(`${sep}${r.pick(['联系电话：', '联系方式：', '手机：', '电话', '手机/微信：', 'Tel：'])}`);
      const mob = r.chance(0.85);
      plantNumber(w, mob ? 'mobile' : 'landline', mob ? mobile(r) : landline(r));
    }
    b.add(table ? '\n' : '。\n');
  } else {
    const orgName = `${region.city || region.province}${r.pick(ORG_WORDS)}${r.pick(ORG_KINDS)}`;
    party = { kind: 'organisation', name: orgName };
    b.add('当事人：');
    b.decoy('organisation-name', orgName);
    b.add('\n统一社会信用代码：');
    b.decoy('credit-code', creditCode(r, region));
    b.add(`\n${r.pick(['住所：', '住所地：', '地址：', '经营场所：'])}`);
    plantAddress(w, region, r.pick(['full', 'city', 'city', 'county']));
    const rep = personName(w);
    people.push({ name: rep, role: 'legal-representative', listed: true });
    b.add(`\n${r.pick(['法定代表人：', '法定代表人', '负责人：'])}`);
    plantName(w, rep);
    if (r.chance(0.7)) {
      b.add(`\n${r.pick(['联系电话：', '电话：'])}`);
      const mob = r.chance(0.5);
      plantNumber(w, mob ? 'mobile' : 'landline', mob ? mobile(r) : landline(r));
    }
    if (r.chance(0.1)) {
      b.add(`\n开户银行：${r.pick(BANKS)}${region.city || region.province}分行\u3000账号：`);
      const account = r.digits(r.pick([15, 17, 19, 20]));
      plantNumber(w, 'bank-card', writeNumber(r, account, [[4, 4, 4, 4]]));
    }
    b.add('\n');
  }

  // ---- the facts
  const officers = [personName(w), personName(w)];
  for (const o of officers) people.push({ name: o, role: 'officer', listed: true });
  const [productName, unit] = r.pick(PRODUCTS);
  const inspection = shiftDays(decisionDate, -r.int(20, 90));
  b.add(`\n${zhDate(inspection)}，本局执法人员`);
  b.decoy('officer-name', officers[0] ?? '');
  b.add('、');
  b.decoy('officer-name', officers[1] ?? '');
  if (r.chance(0.6)) {
    b.add('（执法证号：');
    b.decoy('certificate-number', `${region.code.slice(0, 2)}${r.digits(9)}`);
    b.add('、');
    b.decoy('certificate-number', `${region.code.slice(0, 2)}${r.digits(9)}`);
    b.add('）');
  }
  b.add('对当事人位于');
  const sitePlace = r.int(0, 2);
  if (sitePlace === 0) plantAddress(w, region, 'city');
  else if (sitePlace === 1) plantAddress(w, region, 'county');
  else {
    const road = `${r.pick(ROADS)}${r.int(1, 500)}号`;
    b.plant('address', road, road);
  }
  b.add('的经营场所进行现场检查，发现当事人');
  if (personParty && r.chance(0.4)) plantName(w, partyName);
  b.add(`经营的${productName}`);
  b.add(r.pick(['已超过保质期', '无中文标签', '未标注生产日期', '涉嫌侵犯注册商标专用权']));
  b.add('，共计');
  b.decoy('amount', `${r.int(2, 300)}${unit}`);
  b.add('，货值金额人民币');
  b.decoy('amount', `${r.int(100, 99999)}.${r.digits(2)}元`);
  b.add('。');
  if (r.chance(0.3)) {
    b.add('现场负责人自称');
    b.decoy('honorific', `${r.pick(SURNAMES.split(''))}${r.pick(['经理', '先生', '女士', '师傅'])}`);
    b.add('，拒绝提供进货凭证。');
  }
  if (r.chance(0.3)) {
    b.add('当事人另在');
    b.decoy('branch-name', `${r.pick(ORG_WORDS)}超市${r.pick(ROADS)}店`);
    b.add('设有专柜。');
  }
  b.add('\n');

  // A complainant, a witness, a customer: some of them left out of the people list.
  const others: Person[] = [];
  const addOther = (role: PersonRole) => {
    const p = { name: personName(w), role, listed: !r.chance(0.15) };
    others.push(p);
    people.push(p);
    return p;
  };

  if (r.chance(0.6)) {
    const c = addOther('complainant');
    b.add(`此前，本局于${zhDate(shiftDays(inspection, -r.int(1, 10)))}接到${r.pick(['投诉人', '举报人', '消费者'])}`);
    plantName(w, c.name, c.listed);
    b.add('（');
    if (r.chance(0.7)) {
      b.add(r.pick(['联系电话：', '电话', '手机号码']));
      plantNumber(w, 'mobile', mobile(r));
    } else {
      b.add('身份证号码');
      plantNumber(w, 'resident-id', residentId(r, r.pick(REGIONS), birthDate(r, 1960, 2003)));
    }
    b.add('）通过全国');
    b.decoy('service-number', '12315');
    b.add('平台的投诉，称其在当事人处购买的商品存在质量问题');
    if (r.chance(0.3)) {
      b.add('，商品经快递（运单号');
      b.decoy('tracking-number', `${r.pick(['SF', 'YT', 'JD'])}${r.digits(13)}`);
      b.add('）寄达');
    }
    if (r.chance(0.7)) {
      b.add(`（${r.pick(['订单号：', '订单编号', '交易单号：'])}`);
      b.decoy('order-number', r.pick([`${year}${r.digits(15)}`, r.digits(19), `42000${r.digits(23)}`, r.digits(16)]));
      b.add('）');
    }
    b.add('。\n');
  }

  if (r.chance(0.6)) {
    const wit = addOther('witness');
    const minorWitness = r.chance(0.02);
    minor ||= minorWitness;
    b.add(r.pick(['证人', '经询问，当事人的员工', '现场人员']));
    plantName(w, wit.name, wit.listed);
    const facts: (() => void)[] = [];
    if (minorWitness) facts.push(() => b.add(`${r.pick(['男', '女'])}，${r.int(14, 17)}岁`));
    else if (r.chance(0.5)) facts.push(() => b.add(`${r.pick(['男', '女'])}，${r.int(20, 65)}岁`));
    if (r.chance(0.5))
      facts.push(() => {
        b.add('身份证号');
        plantNumber(w, 'resident-id', residentId(r, r.pick(REGIONS), birthDate(r, 1958, 2004)));
      });
    if (r.chance(0.5))
      facts.push(() => {
        b.add('住');
        plantAddress(w, r.pick(REGIONS), r.pick(['full', 'city', 'county']));
      });
    if (facts.length) {
      b.add('（');
      facts.forEach((f, i) => {
        if (i) b.add('，');
        f();
      });
      b.add('）');
    }
    b.add(r.pick(['证实：', '陈述：', '称：']));
    b.add(`当事人销售的${productName}系从`);
    b.decoy('organisation-name', `${r.pick(REGIONS).city || '上海市'}${r.pick(ORG_WORDS)}${r.pick(ORG_KINDS)}`);
    b.add(r.chance(0.5) ? '（统一社会信用代码：' : '（');
    b.decoy('credit-code', creditCode(r, r.pick(REGIONS)));
    b.add('）处购进。\n');
  }

  if (r.chance(0.5)) {
    b.add(`当事人${r.pick(['通过其本人银行卡（卡号：', '通过其名下银行卡', '使用银行卡'])}`);
    plantNumber(w, 'bank-card', bankCard(r));
    b.add(`${r.pick(['）', ''])}收取货款共计人民币`);
    b.decoy('amount', `${r.int(1, 99)},${r.digits(3)}.${r.digits(2)}元`);
    b.add('。');
    if (r.chance(0.3)) {
      b.add('另有一笔款项汇入尾号');
      b.decoy('amount', r.digits(4));
      b.add('的账户。');
    }
    if (r.chance(0.4)) {
      const v = addOther('victim');
      b.add('当事人已向消费者');
      plantName(w, v.name, v.listed);
      b.add('退款，款项转入其银行卡');
      plantNumber(w, 'bank-card', bankCard(r));
      b.add('。');
    }
    b.add('\n');
  }

  if (r.chance(0.35)) {
    b.add(`另查明，当事人的${r.pick(['妻子', '丈夫', '父亲', '亲属'])}`);
    const rel = addOther('relative');
    plantName(w, rel.name, rel.listed);
    b.add(r.pick(['亦在店内从事经营活动，', '协助当事人进货，']));
    b.add(`其居住在`);
    plantAddress(w, region, r.pick(['county', 'below']));
    if (r.chance(0.5)) {
      b.add('，手机');
      plantNumber(w, 'mobile', mobile(r));
    }
    b.add('。\n');
  }

  // Minors in the facts: a sale of cigarettes to a child (withhold), or the shop's notice (no withhold).
  if (r.chance(0.03)) {
    minor = true;
    b.add(
      `经查，当事人于${zhDate(inspection)}向一名${r.pick(['', '年仅'])}${r.pick([String(r.int(12, 17)), r.pick(['十三', '十五', '十六', '十七'])])}岁的${r.pick(['初中生', '学生', '男孩', '高中生'])}销售卷烟${r.int(1, 3)}包。\n`,
    );
  } else if (r.chance(0.1)) b.add('当事人已在店内显著位置设置“不向未成年人出售烟酒”标识。\n');

  // ---- decoys in the evidence and the decision
  b.add('以上事实，有下列证据证明：1.');
  b.add(r.pick(['营业执照复印件', '当事人身份证复印件', '法定代表人身份证明']));
  b.add('；2.现场检查笔录；3.询问笔录；4.');
  b.add(r.pick(['进货凭证（凭证号', '销售记录（流水号', '档案编号']));
  b.decoy('wrong-checksum-id', wrongChecksumId(r));
  b.add('）；5.商品条码');
  b.decoy('barcode', luhnishEan(r));
  b.add('的产品信息；6.');
  b.decoy('date', r.pick([inspection, inspection.replace(/-/g, '.'), inspection.replace(/-/g, '')]));
  b.add('的监控录像（录像时间');
  b.decoy(
    'date',
    `${inspection} ${String(r.int(8, 21)).padStart(2, '0')}:${r.digits(1)}${r.int(0, 9)}:${r.int(0, 5)}${r.int(0, 9)}`,
  );
  b.add('）。\n');
  if (r.chance(0.3)) {
    b.add('该批产品标注');
    b.decoy(
      'product-age',
      r.pick(['“适用于3岁以下儿童”', '“适用年龄：8-14岁”', '“3周岁以上儿童使用”', '“适合6至12岁儿童”']),
    );
    b.add('。');
  }
  if (r.chance(0.3)) {
    b.add('当事人');
    b.decoy('duration', r.pick([`自${Number(year) - 5}年起经营，已满5年`, '产品保质期为18个月', '从业15年']));
    b.add('。');
  }
  if (r.chance(0.2)) {
    b.add('经核实，当事人');
    b.decoy('adult-age', r.pick(['已满18周岁', '年满十八周岁', '系成年人（已满18周岁）']));
    b.add('，具有完全行政责任能力。');
  }
  b.add('\n');
  b.add('当事人的上述行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。');
  if (r.chance(0.2)) {
    b.add('《中华人民共和国行政处罚法》第三十条规定，');
    b.decoy('law-on-minors', '不满十四周岁的未成年人有违法行为的，不予行政处罚');
    b.add('；本案当事人不属于该情形。');
  }
  b.add('本局于');
  b.decoy('date', zhDate(shiftDays(decisionDate, -r.int(5, 15))));
  b.add('向当事人送达了《行政处罚告知书》，当事人');
  b.add(r.pick(['未提出陈述、申辩意见。', '在法定期限内未要求听证。', '提出了陈述意见，本局不予采纳。']));
  b.add('\n根据《中华人民共和国食品安全法》第一百二十四条的规定，本局决定对当事人');
  if (personParty && r.chance(0.5)) plantName(w, partyName);
  b.add('作出如下行政处罚：1.没收违法所得人民币');
  b.decoy('amount', `${r.int(100, 20000)}元`);
  b.add('；2.罚款人民币');
  b.decoy('amount', `${r.int(5, 200) * 1000}元`);
  b.add('。\n当事人应当自收到本决定书之日起十五日内缴纳罚没款（缴款识别码：');
  b.decoy('order-number', r.digits(20));
  b.add('）。逾期不缴纳的，每日按罚款数额的百分之三加处罚款。如有疑问可拨打');
  b.decoy('service-number', r.pick(['12345', '12315', `400-${r.int(100, 999)}-${r.digits(4)}`]));
  b.add('咨询。');
  if (r.chance(0.3)) {
    b.add('\n经');
    b.decoy('institution', `${region.county}${r.pick(SUBDISTRICTS)}街道办事处`);
    b.add('协调，当事人已整改完毕。');
  }
  b.add(
    `\n当事人如不服本处罚决定，可在收到本决定书之日起六十日内向${agencyPlace}人民政府申请行政复议，也可以在六个月内依法向${agencyPlace}人民法院提起行政诉讼。\n\n${agency}\n`,
  );
  b.decoy('date', zhDate(decisionDate));
  b.add('\n');

  const { text, planted, decoys } = b.done();
  return {
    index,
    text,
    party,
    people: people.filter((p) => p.listed).map((p) => ({ name: p.name, role: p.role })),
    decisionDate,
    planted,
    decoys,
    minor,
  };
}

/** An EAN-13 barcode of a Chinese product (69…), with its check digit. */
function luhnishEan(r: Tools): string {
  const body = `69${r.digits(10)}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 ? 3 : 1);
  return body + String((10 - (sum % 10)) % 10);
}

/** `count` samples from index 0. */
export function* decisionCorpus(count: number, seed = 1): Generator<CorpusSample> {
  for (let i = 0; i < count; i++) yield decisionSample(i, seed);
}
