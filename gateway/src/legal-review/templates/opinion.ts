/**
 * 法制审核意见书: the legal reviewer's written opinion on a proposed enforcement decision
 * (Administrative Penalty Law art. 58). Besides the opinion and the outcome, it prints the
 * SHA-256 of the draft decision and of the evidence list the round reviewed (审核内容), so the
 * signed PDF binds the approval to that exact content: a changed draft no longer matches.
 */
import { CHECK_STATES, OPINION_OUTCOMES } from '@liuhen/contract';
import { zhDate } from './dates.js';
import { requireSha256, requireText } from './fields.js';
import { numberHeadings, paragraphs, type Block, type DocModel } from './model.js';
import { renderInWorker } from './render-pool.js';
import { Invalid } from '../../errors.js';

export type OpinionOutcome = (typeof OPINION_OUTCOMES)[number];
export type CheckState = (typeof CHECK_STATES)[number];

export interface OpinionData {
  /** 执法机关, e.g. 某县综合行政执法局. */
  agency: string;
  /** 意见书编号, e.g. 法审〔2026〕12号. */
  number: string;
  /** YYYY-MM-DD, the opinion date (printed 2026年12月4日). */
  date: string;
  caseNumber: string;
  caseTitle: string;
  /** 当事人. */
  party: string;
  /** 审核事项, e.g. 拟作出罚款人民币5万元的行政处罚决定. */
  matter: string;
  /** 法律依据. */
  basis: string;
  /** 主要事实. */
  facts: string;
  /** 第N轮审核. */
  round: number;
  outcome: OpinionOutcome;
  /** 审核意见; one paragraph per line. */
  opinion: string;
  /** 审核人 and 法律职业资格证书编号. */
  reviewer: { name: string; certificateNo?: string | null };
  /** SHA-256 of the draft decision approved; null when the round had no draft. */
  draftSha256: string | null;
  /** SHA-256 of the evidence list. */
  evidenceSha256: string;
  /** 自动核查结果. */
  checks?: { title: string; state: CheckState; detail: string }[];
}

/** The outcome as the opinion states it. */
export const OUTCOME_LABELS: Record<OpinionOutcome, string> = {
  agree: '同意',
  disagree: '不同意',
  revise: '建议修改后提交',
};

export const CHECK_STATE_LABELS: Record<CheckState, string> = { pass: '通过', warn: '提示', fail: '未通过' };

export function opinionModel(d: OpinionData): DocModel {
  const agency = requireText(d.agency, 'agency');
  const number = requireText(d.number, 'number');
  const caseNumber = requireText(d.caseNumber, 'caseNumber');
  const caseTitle = requireText(d.caseTitle, 'caseTitle');
  if (!Number.isSafeInteger(d.round) || d.round < 1)
    throw new Invalid(`round must be a whole number from 1, got ${String(d.round)}`);
  const outcome = OUTCOME_LABELS[d.outcome];
  if (!outcome) throw new Invalid(`outcome must be one of ${OPINION_OUTCOMES.join(', ')}, got "${String(d.outcome)}"`);
  const reviewer = requireText(d.reviewer.name, 'reviewer.name');
  const date = zhDate(d.date);
  const checks = d.checks ?? [];

  const blocks: Block[] = [
    { kind: 'field', label: '案号', value: caseNumber },
    { kind: 'field', label: '案件名称', value: caseTitle },
    { kind: 'field', label: '当事人', value: requireText(d.party, 'party') },
    { kind: 'field', label: '审核轮次', value: `第${d.round}轮审核` },
    { kind: 'heading', text: '审核事项' },
    ...paragraphs(requireText(d.matter, 'matter')),
    { kind: 'heading', text: '主要事实' },
    ...paragraphs(requireText(d.facts, 'facts')),
    { kind: 'heading', text: '法律依据' },
    ...paragraphs(requireText(d.basis, 'basis')),
  ];
  if (checks.length > 0)
    blocks.push(
      { kind: 'heading', text: '自动核查结果' },
      {
        kind: 'table',
        header: ['序号', '核查项', '结果', '说明'],
        widths: [0.08, 0.3, 0.12, 0.5],
        rows: checks.map((c, i) => {
          const state = CHECK_STATE_LABELS[c.state];
          if (!state) throw new Invalid(`checks[${i}].state must be one of ${CHECK_STATES.join(', ')}`);
          return [String(i + 1), requireText(c.title, `checks[${i}].title`), state, c.detail.trim() || '—'];
        }),
      },
    );
  blocks.push(
    { kind: 'heading', text: '审核意见' },
    ...paragraphs(requireText(d.opinion, 'opinion')),
    { kind: 'field', label: '审核结论', value: outcome },
    { kind: 'heading', text: '审核内容' },
    {
      kind: 'digest',
      label: '决定书代拟稿 SHA-256',
      value: d.draftSha256 === null ? '（本轮未提交代拟稿）' : requireSha256(d.draftSha256, 'draftSha256'),
    },
    { kind: 'digest', label: '证据清单 SHA-256', value: requireSha256(d.evidenceSha256, 'evidenceSha256') },
    {
      kind: 'signature',
      lines: [
        `审核人：${reviewer}`,
        `法律职业资格证书编号：${d.reviewer.certificateNo?.trim() || '（未登记）'}`,
        agency,
        date,
      ],
    },
  );

  return {
    agency,
    title: '法制审核意见书',
    number,
    date: d.date,
    blocks: numberHeadings(blocks),
    properties: {
      title: `法制审核意见书 ${number}`,
      subject: `${caseNumber} ${caseTitle}`,
      author: agency,
      keywords: `法制审核; ${caseNumber}; 第${d.round}轮`,
    },
  };
}

/** The opinion as PDF (to sign) and DOCX (to edit or print), with the same text. */
export async function renderReviewOpinion(d: OpinionData): Promise<{ pdf: Buffer; docx: Buffer }> {
  // The model (and its checks of the data) here; the layout, which takes long, in the render worker.
  return renderInWorker(opinionModel(d));
}
