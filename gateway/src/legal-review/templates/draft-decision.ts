/**
 * 行政处罚决定书（代拟稿）: the decision the case unit proposes and submits for legal review.
 * Its sections follow what a decision must state (Administrative Penalty Law art. 59): the
 * party, the facts and evidence, the penalty and its legal basis, how and by when to comply,
 * how to seek review or sue, the agency and the date. It carries no document number: the number
 * is assigned when the decision is made, after the review.
 */
import { zhDate } from './dates.js';
import { requireText } from './fields.js';
import { numberHeadings, paragraphs, zhNumeral, type Block, type DocModel } from './model.js';
import { yuanText } from './money.js';
import { renderInWorker } from './render-pool.js';
import { Invalid } from '../../errors.js';

export interface DraftDecisionData {
  agency: string;
  caseNumber: string;
  caseTitle: string;
  party: string;
  partyType: 'person' | 'organisation';
  facts: string;
  basis: string;
  /** Integer fen; 0 for none. */
  fineFen: number;
  /** Integer fen: 没收违法所得、非法财物; 0 for none. */
  confiscationFen: number;
  /** zh labels, e.g. 责令停产停业. */
  measures: string[];
  /** 救济途径; DEFAULT_REMEDIES when absent. */
  remedies?: string;
  /** YYYY-MM-DD. */
  date: string;
}

/**
 * Review within 60 days (Administrative Reconsideration Law art. 20), suit within six months
 * (Administrative Litigation Law art. 46); the decision is not suspended meanwhile
 * (Administrative Penalty Law art. 73), and is enforced through the court if ignored (art. 72).
 */
export const DEFAULT_REMEDIES =
  '当事人如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。' +
  '申请行政复议或者提起行政诉讼期间，本决定不停止执行，法律另有规定的除外。' +
  '逾期不申请行政复议、不提起行政诉讼，又不履行本决定的，本机关将依法申请人民法院强制执行。';

/** Payment within 15 days (art. 67) and the 3 % daily surcharge capped at the fine (art. 72). */
export const FINE_PAYMENT =
  '当事人应当自收到本决定书之日起十五日内，到指定的银行或者通过电子支付系统缴纳罚款。' +
  '到期不缴纳罚款的，本机关将每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额。';

const PARTY_LABELS = { person: '当事人（个人）', organisation: '当事人（单位）' } as const;

/** The penalties, one per line: （一）罚款人民币 50,000.00 元； … the last ends with 。 */
export function penaltyItems(d: Pick<DraftDecisionData, 'fineFen' | 'confiscationFen' | 'measures'>): string[] {
  const items: string[] = [];
  if (d.fineFen !== 0) items.push(`罚款${yuanText(d.fineFen, 'fineFen')}`);
  if (d.confiscationFen !== 0)
    items.push(`没收违法所得、非法财物，计${yuanText(d.confiscationFen, 'confiscationFen')}`);
  for (const m of d.measures) if (m.trim()) items.push(m.trim());
  return items.map((text, i) => `（${zhNumeral(i + 1)}）${text}${i === items.length - 1 ? '。' : '；'}`);
}

export function draftDecisionModel(d: DraftDecisionData): DocModel {
  const agency = requireText(d.agency, 'agency');
  const caseNumber = requireText(d.caseNumber, 'caseNumber');
  const caseTitle = requireText(d.caseTitle, 'caseTitle');
  const party = requireText(d.party, 'party');
  const partyLabel = PARTY_LABELS[d.partyType];
  if (!partyLabel) throw new Invalid(`partyType must be person or organisation, got "${String(d.partyType)}"`);
  const date = zhDate(d.date);
  const items = penaltyItems(d);

  const blocks: Block[] = [
    { kind: 'field', label: partyLabel, value: party },
    { kind: 'field', label: '案由', value: caseTitle },
    { kind: 'heading', text: '违法事实和证据' },
    ...paragraphs(requireText(d.facts, 'facts')),
    { kind: 'heading', text: '处罚依据' },
    ...paragraphs(requireText(d.basis, 'basis')),
    { kind: 'heading', text: '处罚决定' },
    ...(items.length > 0
      ? [
          { kind: 'paragraph', text: '本机关决定对当事人作出如下行政处罚：' } as const,
          ...items.map((text) => ({ kind: 'paragraph', text }) as const),
        ]
      : [{ kind: 'paragraph', text: '（代拟稿未列明处罚内容。）' } as const]),
  ];
  if (d.fineFen > 0)
    blocks.push({ kind: 'heading', text: '履行方式和期限' }, { kind: 'paragraph', text: FINE_PAYMENT });
  blocks.push(
    { kind: 'heading', text: '救济途径' },
    ...paragraphs(d.remedies?.trim() ? d.remedies : DEFAULT_REMEDIES),
    { kind: 'signature', lines: [agency, date] },
  );

  return {
    agency,
    title: '行政处罚决定书（代拟稿）',
    number: `案号：${caseNumber}`,
    date: d.date,
    blocks: numberHeadings(blocks),
    properties: {
      title: `行政处罚决定书（代拟稿） ${caseNumber}`,
      subject: `${caseNumber} ${caseTitle}`,
      author: agency,
      keywords: `行政处罚决定书; 代拟稿; ${caseNumber}`,
    },
  };
}

/** The draft decision as PDF and DOCX, with the same text. */
export async function renderDraftDecision(d: DraftDecisionData): Promise<{ pdf: Buffer; docx: Buffer }> {
  // The model (and its checks of the data) here; the layout, which takes long, in the render worker.
  return renderInWorker(draftDecisionModel(d));
}
