/**
 * The station's Chinese words for what legal review answers as codes and parameters: the lines of
 * the automatic checks' details, the decision gate's reason and what changed since an approval.
 * API clients and the opinion PDF read these; the dashboard words the codes in its own language.
 * The codes are stable (docs/legal-review.md lists them with their parameters).
 */
import type {
  CheckLineCode,
  CheckLineView,
  ContentChange,
  GateCode,
  LegalReviewView,
  STEP_KINDS,
} from '@liuhen/contract';
import { STEP_KIND_ZH } from '@liuhen/contract';

type StepKind = (typeof STEP_KINDS)[number];

type Params = CheckLineView['params'];

/** Why footage is missing, as an officer explains a gap or a stop (the explain route's reasons). */
export const EXPLANATION_REASON_ZH: Record<string, string> = {
  'device-failure': '设备故障',
  'party-refused': '当事人拒绝',
  battery: '电量耗尽',
  'storage-full': '存储已满',
  safety: '现场安全',
  network: '网络',
  other: '其他',
};

export const LEGAL_STATE_ZH: Record<LegalReviewView['state'], string> = {
  submitted: '待受理',
  accepted: '审核中',
  returned: '退回修改',
  approved: '审核通过',
  disagreed: '不同意（待集体讨论）',
  withdrawn: '已撤回',
};

export const CONTENT_CHANGE_ZH: Record<ContentChange, string> = {
  draft: '决定书代拟稿已修改',
  evidence: '证据材料已变化',
  decision: '拟处理意见已修改',
};

const str = (v: Params[string] | undefined): string =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join('、') : String(v);

/** A step as a line names it: its title, else its kind in Chinese, with its day. */
function stepZh(p: Params): string {
  const kind = str(p.kind);
  const name = str(p.step) || STEP_KIND_ZH[kind as StepKind] || kind;
  return p.day ? `${name} ${str(p.day)}` : name;
}

/** The art. 60 period, as the decision deadline's label words it. */
export const decisionPeriodZh = (p: { days?: Params[string] }) =>
  `办案期限（立案之日起 ${str(p.days)} 日，《行政处罚法》第六十条）`;

const supervisorZh = (d: Params[string] | undefined) =>
  d === 'accepted' ? '；负责人已认可' : d === 'rejected' ? '；负责人不予认可' : '';

const ZH: Record<CheckLineCode, (p: Params) => string> = {
  'coverage.ok': (p) => `${str(p.count)} 个应录环节均有录像`,
  'coverage.pending': (p) => `${stepZh(p)}：尚未计算覆盖率`,
  'coverage.short': (p) => `${stepZh(p)}：录像覆盖 ${str(p.percent)}%，应达 ${str(p.required)}%`,
  'coverage.gap': (p) => `\u3000缺口 ${str(p.start)}–${str(p.end)}（${str(p.seconds)} 秒）`,
  'stops.none': () => '须全过程记录的环节内未停止录像',
  'stops.count': (p) => `须全过程记录的环节内停止录像 ${str(p.count)} 次，其中 ${str(p.unexplained)} 次未说明理由`,
  'stops.explained': (p) =>
    `${str(p.item)}：已说明理由（${EXPLANATION_REASON_ZH[str(p.reason)] ?? str(p.reason)}）${str(p.explanation)}${supervisorZh(p.decision)}`,
  'stops.unexplained': (p) => `${str(p.item)}：未说明理由${supervisorZh(p.decision)}`,
  'certificates.none': () => '各环节均未登记执法人员',
  'certificates.ok': (p) => `执法人员 ${str(p.count)} 人，执法证在执法之日均有效`,
  'certificates.no-licence': (p) => `${str(p.officer)}（${str(p.officerId)}）未登记执法证号`,
  'certificates.no-expiry': (p) => `${str(p.officer)}：执法证 ${str(p.licence)} 未登记有效期`,
  'certificates.expired': (p) =>
    `${str(p.officer)}：执法证 ${str(p.licence)} 已于 ${str(p.expired)} 到期，早于 ${str(p.day)} 的执法行为`,
  'deadline.left': (p) => `${decisionPeriodZh(p)}：${str(p.due)} 到期，剩余 ${str(p.count)} 个工作日`,
  'deadline.overdue': (p) => `${decisionPeriodZh(p)}：${str(p.due)} 到期，已超期 ${str(p.count)} 个工作日`,
  'materials.not-major': () => '依重大执法决定目录，本决定不属于重大执法决定',
  'materials.ok': (p) => `应提交资料 ${str(p.count)} 项均已提交`,
  'materials.missing': (p) => `缺少：${str(p.materials)}`,
  'integrity.none': () => '本案未关联视音频',
  'integrity.ok': (p) => `视音频 ${str(p.count)} 段均在，大小与登记一致，其中 ${str(p.chained)} 段有记录仪签名链`,
  'integrity.missing': (p) => `${str(p.file)}：文件缺失`,
  'integrity.size': (p) => `${str(p.file)}：磁盘上 ${str(p.onDisk)} 字节，登记为 ${str(p.recorded)} 字节`,
  'integrity.unchained': (p) => `${str(p.file)}：未存记录仪签名链`,
};

/** One line of a check's detail in Chinese. */
export const checkLineZh = (l: CheckLineView): string => ZH[l.code](l.params);

/** A check's detail in Chinese: its lines, one per line. */
export const checkDetailZh = (lines: CheckLineView[]): string => lines.map(checkLineZh).join('\n');

/** What changed since an approval, in Chinese (决定书代拟稿已修改；证据材料已变化). */
export const changesZh = (changes: readonly ContentChange[]): string =>
  changes.map((c) => CONTENT_CHANGE_ZH[c]).join('；');

/**
 * The changes a stored void reason names. Reasons stored before the codes existed read
 * "决定书代拟稿已修改 (the draft decision changed); …": the Chinese words are in both.
 */
export const changesOf = (reason: string): ContentChange[] =>
  (Object.keys(CONTENT_CHANGE_ZH) as ContentChange[]).filter((c) => reason.includes(CONTENT_CHANGE_ZH[c]));

export interface GateParams {
  round?: number;
  state?: LegalReviewView['state'];
  changes?: ContentChange[];
}

/** The decision gate's reason in Chinese. */
export function gateReasonZh(code: GateCode, p: GateParams): string {
  switch (code) {
    case 'not-major':
      return '不属于重大执法决定，无需法制审核';
    case 'not-submitted':
      return '重大执法决定未经法制审核：请先提交法制审核';
    case 'round-pending':
      return `第 ${p.round} 轮法制审核尚未同意（${LEGAL_STATE_ZH[p.state!] ?? ''}）：须经审核同意后方可作出决定`;
    case 'content-changed':
      return `第 ${p.round} 轮法制审核的同意意见已不再适用：${changesZh(p.changes ?? [])}；请重新提交审核`;
    case 'approved':
      return `已经第 ${p.round} 轮法制审核同意`;
  }
}
