/**
 * The rendered documents, read back with real readers: pdf.js extracts the PDF's text (so the
 * Chinese comes out of the embedded font's ToUnicode map, as a viewer's search and copy would
 * see it) and the DOCX is unzipped and its document.xml read.
 */
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Invalid } from '../../errors.js';
import {
  DEFAULT_REMEDIES,
  FINE_PAYMENT,
  opinionModel,
  renderDraftDecision,
  renderPdf,
  renderReviewOpinion,
  type DraftDecisionData,
  type OpinionData,
} from './index.js';

/** The text of each page, in reading order, lines joined with \n. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const content = await (await doc.getPage(i)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Text compared across line wraps: wrapping only adds line breaks (and never splits a glyph). */
const flat = (text: string) => text.replace(/\s+/g, '');

const FOOTER = /第 \d+ 页 共 \d+ 页/;

/** The body text of all pages, flat, without the page footers (which fall inside a paragraph that spans pages). */
async function pdfText(pdf: Buffer): Promise<string> {
  return flat((await pdfPages(pdf)).map((page) => page.replace(FOOTER, '')).join(''));
}

async function pdfInfo(pdf: Buffer): Promise<Record<string, unknown>> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    return (await doc.getMetadata()).info as Record<string, unknown>;
  } finally {
    await doc.destroy();
  }
}

function docxParts(docx: Buffer): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(docx)).map(([name, data]) => [name, strFromU8(data)]));
}

/** The paragraphs of word/document.xml as plain text. */
function docxParagraphs(docx: Buffer): string[] {
  const xml = docxParts(docx)['word/document.xml']!;
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map((p) =>
    unescape(
      [...p[1]!.matchAll(/<w:t\b[^>]*>([^<]*)<\/w:t>|<w:br\/>/g)]
        .map((t) => (t[1] === undefined ? '\n' : t[1]))
        .join(''),
    ),
  );
}

const EVIDENCE = '0123456789abcdef'.repeat(4);
const DRAFT = 'fedcba9876543210'.repeat(4);

const opinion: OpinionData = {
  agency: '某县综合行政执法局',
  number: '法审〔2026〕12号',
  date: '2026-12-04',
  caseNumber: '某综执立〔2026〕345号',
  caseTitle: '某某餐饮有限公司未取得食品经营许可从事食品经营案',
  party: '某某餐饮有限公司',
  matter: '拟作出罚款人民币5万元的行政处罚决定',
  basis: '《中华人民共和国食品安全法》第三十五条第一款、第一百二十二条第一款',
  facts: '当事人于2026年3月至6月期间，在未取得《食品经营许可证》的情况下从事餐饮服务经营活动。',
  round: 2,
  outcome: 'agree',
  opinion: '一、本案事实清楚，证据确实充分。\n二、适用法律正确，程序合法，裁量适当。\n\n三、同意承办机构的处理意见。',
  reviewer: { name: '李明', certificateNo: 'A20193201234567' },
  draftSha256: DRAFT,
  evidenceSha256: EVIDENCE,
  checks: [
    { title: '执法人员资格', state: 'pass', detail: '两名执法人员均持有有效执法证件' },
    { title: '全过程记录覆盖', state: 'warn', detail: '现场检查步骤有3分钟未录像（应录未录），已附情况说明' },
    { title: '听证告知', state: 'fail', detail: '未见听证告知书送达回证' },
  ],
};

const decision: DraftDecisionData = {
  agency: '某县综合行政执法局',
  caseNumber: '某综执立〔2026〕345号',
  caseTitle: '未取得食品经营许可从事食品经营案',
  party: '某某餐饮有限公司',
  partyType: 'organisation',
  facts: '经查，当事人在未取得食品经营许可的情况下从事餐饮服务。\n上述事实有现场检查笔录、询问笔录等证据证实。',
  basis: '《中华人民共和国食品安全法》第一百二十二条第一款',
  fineFen: 5_000_000,
  confiscationFen: 1,
  measures: ['责令停产停业'],
  date: '2026-12-04',
};

afterEach(() => {
  vi.unstubAllEnvs();
});

// Each test renders a few documents; a busy machine makes that slow.
describe('法制审核意见书', { timeout: 60_000 }, () => {
  it('prints every field, the checks, the outcome, the digests and the signature, in both formats', async () => {
    const { pdf, docx } = await renderReviewOpinion(opinion);
    const expected = [
      '某县综合行政执法局',
      '法制审核意见书',
      '法审〔2026〕12号',
      '案号：某综执立〔2026〕345号',
      '案件名称：某某餐饮有限公司未取得食品经营许可从事食品经营案',
      '当事人：某某餐饮有限公司',
      '审核轮次：第2轮审核',
      '一、审核事项',
      '拟作出罚款人民币5万元的行政处罚决定',
      '二、主要事实',
      opinion.facts,
      '三、法律依据',
      opinion.basis,
      '四、自动核查结果',
      '五、审核意见',
      '一、本案事实清楚，证据确实充分。',
      '二、适用法律正确，程序合法，裁量适当。',
      '三、同意承办机构的处理意见。',
      '审核结论：同意',
      '六、审核内容',
      '决定书代拟稿 SHA-256：',
      DRAFT,
      '证据清单 SHA-256：',
      EVIDENCE,
      '审核人：李明',
      '法律职业资格证书编号：A20193201234567',
      '2026年12月4日',
    ];

    const text = await pdfText(pdf);
    let at = 0;
    for (const s of expected) {
      const i = text.indexOf(flat(s), at);
      expect(i, `PDF has "${s}" after position ${at}`).toBeGreaterThanOrEqual(0);
      at = i + flat(s).length;
    }
    for (const [i, c] of opinion.checks!.entries())
      expect(text).toContain(
        flat(`${i + 1}${c.title}${{ pass: '通过', warn: '提示', fail: '未通过' }[c.state]}${c.detail}`),
      );
    expect(text).not.toContain('不同意');

    const paras = docxParagraphs(docx);
    for (const s of expected) expect(paras.join('\n'), `DOCX has "${s}"`).toContain(s);
    expect(paras).toContain('审核结论：同意');
    expect(paras).toContain(`决定书代拟稿 SHA-256：\n${DRAFT}`);
    for (const cell of [
      '序号',
      '核查项',
      '结果',
      '说明',
      '执法人员资格',
      '通过',
      '提示',
      '未通过',
      opinion.checks![1]!.detail,
    ])
      expect(paras).toContain(cell);
  });

  it('states each outcome with its own label', async () => {
    const labels = { agree: '同意', disagree: '不同意', revise: '建议修改后提交' } as const;
    for (const outcome of ['agree', 'disagree', 'revise'] as const) {
      const { pdf, docx } = await renderReviewOpinion({ ...opinion, outcome, checks: [] });
      expect(await pdfText(pdf)).toContain(flat(`审核结论：${labels[outcome]}五、审核内容`));
      expect(docxParagraphs(docx)).toContain(`审核结论：${labels[outcome]}`);
    }
  });

  it('says so when the round had no draft, the reviewer has no certificate on file and there are no checks', async () => {
    const { pdf, docx } = await renderReviewOpinion({
      ...opinion,
      draftSha256: null,
      reviewer: { name: '王芳', certificateNo: null },
      checks: undefined,
    });
    const text = await pdfText(pdf);
    expect(text).toContain(flat('决定书代拟稿 SHA-256：（本轮未提交代拟稿）'));
    expect(text).toContain(flat('法律职业资格证书编号：（未登记）'));
    expect(text).not.toContain('自动核查结果');
    // Sections are numbered without a gap where the checks would have been.
    expect(text).toContain(flat('四、审核意见'));
    expect(docxParagraphs(docx)).toContain('五、审核内容');
  });

  it('renders the same bytes for the same data, whatever the time zone, and other bytes for another date', async () => {
    vi.stubEnv('TZ', 'Asia/Shanghai');
    expect(new Date(2026, 11, 4).getTimezoneOffset()).toBe(-480);
    const a = await renderReviewOpinion(opinion);
    vi.stubEnv('TZ', 'America/Los_Angeles');
    expect(new Date(2026, 11, 4).getTimezoneOffset()).toBe(480);
    const b = await renderReviewOpinion(opinion);
    expect(b.pdf.equals(a.pdf)).toBe(true);
    expect(b.docx.equals(a.docx)).toBe(true);

    const later = await renderReviewOpinion({ ...opinion, date: '2026-12-05' });
    expect(later.pdf.equals(a.pdf)).toBe(false);
    expect(later.docx.equals(a.docx)).toBe(false);
  });

  it('stamps the files with the opinion date, not the time of rendering', async () => {
    const { pdf, docx } = await renderReviewOpinion(opinion);
    expect(await pdfInfo(pdf)).toMatchObject({
      CreationDate: 'D:20261204000000Z',
      ModDate: 'D:20261204000000Z',
      Title: '法制审核意见书 法审〔2026〕12号',
      Author: '某县综合行政执法局',
      Language: 'zh-CN',
    });

    const core = docxParts(docx)['docProps/core.xml']!;
    expect(core).toMatch(/<dcterms:created [^>]*>2026-12-04T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2026-12-04T00:00:00Z<\/dcterms:modified>/);
    const entries = zipEntryTimes(docx);
    expect(entries.length).toBeGreaterThan(5);
    // DOS date 2026-12-04 00:00:00 in every entry, and no folder entries.
    for (const e of entries) expect(e).toEqual({ name: e.name, date: ((2026 - 1980) << 9) | (12 << 5) | 4, time: 0 });
    expect(entries[0]!.name).toBe('[Content_Types].xml');
    expect(entries.filter((e) => e.name.endsWith('/'))).toEqual([]);
  });

  it('declares Chinese fonts in the East Asian slot so Word renders the text', async () => {
    const { docx } = await renderReviewOpinion(opinion);
    const styles = docxParts(docx)['word/styles.xml']!;
    expect(styles).toMatch(/<w:rFonts [^>]*w:eastAsia="仿宋"/);
    expect(styles).toMatch(/<w:rFonts [^>]*w:eastAsia="宋体"/);
    expect(styles).toMatch(/<w:lang [^>]*w:eastAsia="zh-CN"/);
    expect(docxParts(docx)['word/document.xml']).toContain('<w:pgSz w:w="11906" w:h="16838"');
  });

  it('flows long text over several pages, numbers every page and keeps the signature with text', async () => {
    const facts = Array.from(
      { length: 40 },
      (_, i) =>
        `第${i + 1}项：经查，当事人于2026年3月至6月期间，在某县某镇某路12号从事餐饮服务经营活动，违法所得共计人民币12,345.67元，有现场检查笔录、询问笔录、执法记录仪视频等证据证实。`,
    ).join('\n');
    const longCheck = { title: '超长说明', state: 'warn' as const, detail: '应录未录。'.repeat(600) };
    const { pdf, docx } = await renderReviewOpinion({ ...opinion, facts, checks: [...opinion.checks!, longCheck] });
    const pages = await pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((page, i) => expect(page).toContain(`第 ${i + 1} 页 共 ${pages.length} 页`));

    const text = await pdfText(pdf);
    let at = 0;
    for (const line of facts.split('\n')) {
      const i = text.indexOf(flat(line), at);
      expect(i, line).toBeGreaterThan(at);
      at = i;
    }
    // A check too tall for a page is still printed in full.
    expect(text).toContain(flat(longCheck.detail));

    const last = flat(pages.at(-1)!.replace(FOOTER, ''));
    expect(last).toContain('审核人：李明');
    expect(last).toContain(EVIDENCE);
    expect(docxParagraphs(docx).filter((p) => p.startsWith('第') && p.includes('项：经查'))).toHaveLength(40);
  });

  it('never ends a page with a heading, never splits the digests and never leaves the signature alone', async () => {
    const headings = new Set([
      '一、审核事项',
      '二、主要事实',
      '三、法律依据',
      '四、自动核查结果',
      '五、审核意见',
      '六、审核内容',
    ]);
    // Facts growing a line at a time move every later block across the page end once.
    for (let lines = 12; lines <= 40; lines += 2) {
      const pages = await pdfPages(await renderPdf(opinionModel({ ...opinion, facts: '查'.repeat(31 * lines) })));
      const bodies = pages.map((p) => p.replace(FOOTER, '').trim().split('\n'));
      for (const body of bodies.slice(0, -1))
        expect(headings.has(body.at(-1)!), `${lines}: ${body.at(-1)}`).toBe(false);
      const last = bodies.at(-1)!.join('');
      expect(last, `${lines}`).toContain('六、审核内容');
      expect(last).toContain(DRAFT);
      expect(last).toContain(EVIDENCE);
    }
  });

  it('refuses input that would print an empty or unverifiable document', () => {
    expect(() => opinionModel({ ...opinion, party: '  ' })).toThrow(Invalid);
    expect(() => opinionModel({ ...opinion, evidenceSha256: EVIDENCE.toUpperCase() })).toThrow(/evidenceSha256/);
    expect(() => opinionModel({ ...opinion, draftSha256: 'abc' })).toThrow(/draftSha256/);
    expect(() => opinionModel({ ...opinion, round: 0 })).toThrow(/round/);
    expect(() => opinionModel({ ...opinion, date: '2026-13-01' })).toThrow(/date/);
    expect(() => opinionModel({ ...opinion, outcome: 'maybe' as never })).toThrow(/outcome/);
  });
});

describe('行政处罚决定书（代拟稿）', { timeout: 60_000 }, () => {
  it('prints the party, facts, basis, penalties with exact amounts, payment, remedies, agency and date', async () => {
    const { pdf, docx } = await renderDraftDecision(decision);
    const expected = [
      '某县综合行政执法局',
      '行政处罚决定书（代拟稿）',
      '案号：某综执立〔2026〕345号',
      '当事人（单位）：某某餐饮有限公司',
      '案由：未取得食品经营许可从事食品经营案',
      '一、违法事实和证据',
      '经查，当事人在未取得食品经营许可的情况下从事餐饮服务。',
      '上述事实有现场检查笔录、询问笔录等证据证实。',
      '二、处罚依据',
      decision.basis,
      '三、处罚决定',
      '本机关决定对当事人作出如下行政处罚：',
      '（一）罚款人民币 50,000.00 元；',
      '（二）没收违法所得、非法财物，计人民币 0.01 元；',
      '（三）责令停产停业。',
      '四、履行方式和期限',
      FINE_PAYMENT,
      '五、救济途径',
      DEFAULT_REMEDIES,
      '2026年12月4日',
    ];
    const text = await pdfText(pdf);
    let at = 0;
    for (const s of expected) {
      const i = text.indexOf(flat(s), at);
      expect(i, `PDF has "${s}" after position ${at}`).toBeGreaterThanOrEqual(0);
      at = i + flat(s).length;
    }
    // Exactly as formatted, spaces included, in the PDF's text and in the DOCX.
    const lines = (await pdfPages(pdf)).join('').split('\n');
    expect(lines).toContain('（一）罚款人民币 50,000.00 元；');
    const paras = docxParagraphs(docx);
    for (const s of expected) expect(paras, `DOCX has "${s}"`).toContain(s);
  });

  it('formats amounts from the integer fen', async () => {
    const { docx } = await renderDraftDecision({ ...decision, fineFen: 1, confiscationFen: 123_456_789, measures: [] });
    const paras = docxParagraphs(docx);
    expect(paras).toContain('（一）罚款人民币 0.01 元；');
    expect(paras).toContain('（二）没收违法所得、非法财物，计人民币 1,234,567.89 元。');
    await expect(renderDraftDecision({ ...decision, fineFen: 50_000.5 })).rejects.toThrow(/fineFen/);
    await expect(renderDraftDecision({ ...decision, confiscationFen: -100 })).rejects.toThrow(/confiscationFen/);
  });

  it('prints an individual party, given remedies, and no payment section without a fine', async () => {
    const remedies =
      '如不服本决定，可以在六十日内向某县人民政府申请行政复议。\n也可以在六个月内向某县人民法院提起行政诉讼。';
    const { pdf, docx } = await renderDraftDecision({
      ...decision,
      party: '张三',
      partyType: 'person',
      fineFen: 0,
      confiscationFen: 0,
      measures: ['警告', '吊销许可证件'],
      remedies,
    });
    const text = await pdfText(pdf);
    expect(text).toContain(flat('当事人（个人）：张三'));
    expect(text).toContain(flat('（一）警告；（二）吊销许可证件。'));
    expect(text).not.toContain('罚款人民币');
    expect(text).not.toContain('履行方式和期限');
    expect(text).toContain(flat('四、救济途径'));
    expect(text).not.toContain(flat(DEFAULT_REMEDIES));
    const paras = docxParagraphs(docx);
    for (const line of remedies.split('\n')) expect(paras).toContain(line);
  });

  it('renders the same bytes for the same data, also after other documents used the shared font', async () => {
    const a = await renderDraftDecision(decision);
    await renderReviewOpinion({ ...opinion, facts: '龘靐齉爩。'.repeat(50) });
    const b = await renderDraftDecision(structuredClone(decision));
    expect(b.pdf.equals(a.pdf)).toBe(true);
    expect(b.docx.equals(a.docx)).toBe(true);
  });
});

/** Name, DOS date and DOS time of every entry in a zip's central directory. */
function zipEntryTimes(zip: Buffer): { name: string; date: number; time: number }[] {
  const out: { name: string; date: number; time: number }[] = [];
  for (let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0;) {
    const nameLength = zip.readUInt16LE(at + 28);
    const size = 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    out.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      time: zip.readUInt16LE(at + 12),
      date: zip.readUInt16LE(at + 14),
    });
    at = zip.readUInt32LE(at + size) === 0x02014b50 ? at + size : -1;
  }
  return out;
}
