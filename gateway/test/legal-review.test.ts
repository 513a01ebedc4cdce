/**
 * Legal review of a major decision over the real API (a station on SQLite, real sessions, real
 * SM2 keys, real PDF rendering): the catalogue makes a penalty case major, the officer files
 * documents and submits, the reviewer (registered, qualified, not on the case) accepts once the
 * materials are complete, returns it once, approves round 2; editing the draft voids the approval
 * and the gate refuses the decision until round 3 is approved. Role boundaries and the reviewer
 * conflict rule are checked on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyDocumentSignature, type DocumentSignatureRecord } from '@liuhen/evidence';
import { strFromU8, unzipSync } from 'fflate';
import { CHECK_LINE_CODES, type CaseLegalView, type DocumentView, type LegalReviewView } from '@liuhen/contract';
import { startTestGateway, type TestGateway } from './helpers.js';

const PASSWORD = 'correct horse battery staple 7';
const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

interface Caller {
  /** fetch as this caller (session cookie + CSRF token). */
  (path: string, init?: RequestInit): Promise<Response>;
}

describe('legal review of a major decision', () => {
  let gw: TestGateway;
  const as: Record<string, Caller> = {};
  let caseId = '';

  async function signIn(username: string): Promise<Caller> {
    const res = await fetch(`${gw.url}/api/session`, json('POST', { username, password: PASSWORD }));
    expect(res.status).toBe(200);
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return (path, init = {}) =>
      fetch(`${gw.url}${path}`, {
        ...init,
        headers: { cookie, 'x-csrf-token': csrfToken, ...(init.headers as Record<string, string> | undefined) },
      });
  }

  const upload = async (who: Caller, kind: string, title: string, body: Buffer, type: string, extra = '') => {
    const q = new URLSearchParams({ kind, title, fileName: `${title}.${type.split('/')[1]}` });
    return who(`/api/cases/${caseId}/documents?${q}${extra}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    });
  };
  const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`);
  /** Every check's detail is Chinese: one line per coded line, no Latin words but identifiers (names, files, numbers). */
  const IDENTIFIERS = ['file', 'licence', 'officerId', 'officer', 'item', 'step', 'explanation', 'materials'];
  const expectChineseChecks = (view: CaseLegalView) => {
    for (const c of view.checks) {
      expect(c.lines.length).toBeGreaterThan(0);
      expect(c.detail.split('\n')).toHaveLength(c.lines.length);
      for (const l of c.lines) {
        expect(CHECK_LINE_CODES).toContain(l.code);
        expect(l.code.startsWith(`${c.id}.`)).toBe(true);
      }
      let text = c.detail;
      for (const l of c.lines)
        for (const k of IDENTIFIERS)
          for (const v of [l.params[k] ?? []].flat()) if (v !== '') text = text.replaceAll(String(v), '');
      expect(text, c.detail).not.toMatch(/[A-Za-z]/);
    }
  };
  const legal = async (who: Caller = as.reviewer!) =>
    (await (await who(`/api/cases/${caseId}/legal`)).json()) as CaseLegalView;

  beforeAll(async () => {
    gw = await startTestGateway();
    const admin = (path: string, init?: RequestInit) => gw.fetch(path, init);
    expect(
      (
        await admin(
          '/api/officers',
          json('POST', { id: '33010001', name: '李执法', licenceNo: 'ZJ-001', licenceExpires: '2030-12-31' }),
        )
      ).status,
    ).toBeLessThan(300);
    expect(
      (await admin('/api/officers', json('POST', { id: '33010002', name: '王执法', licenceNo: 'ZJ-002' }))).status,
    ).toBeLessThan(300);
    for (const [username, role, officerId] of [
      ['li.officer', 'officer', '33010001'],
      ['zhou.supervisor', 'supervisor', null],
      ['chen.reviewer', 'legal-reviewer', null],
      ['wang.reviewer', 'legal-reviewer', '33010002'],
      ['sun.auditor', 'auditor', null],
    ] as const) {
      const r = await admin(
        '/api/users',
        json('POST', { username, displayName: username, role, password: PASSWORD, officerId }),
      );
      expect(r.status).toBe(201);
      as[username.split('.')[1]!] = await signIn(username);
    }
    as.reviewer = await signIn('chen.reviewer');
    as.conflicted = await signIn('wang.reviewer');
    // The registry: chen is qualified; wang is too, but worked on the case.
    for (const [u, name] of [
      ['chen.reviewer', '陈审核'],
      ['wang.reviewer', '王审核'],
    ])
      expect(
        (
          await admin(
            `/api/legal-reviewers/${u}`,
            json('PUT', { name, qualificationNo: `A2020${u.length}`, certificateExpires: '2031-01-01' }),
          )
        ).status,
      ).toBe(200);
    const created = await as.supervisor!(
      '/api/cases',
      json('POST', {
        number: '某综执罚〔2026〕101号',
        kind: 'penalty',
        title: '未经许可从事经营活动',
        party: '张某某',
        steps: [
          {
            kind: 'investigation',
            startsAt: '2026-11-02T01:00:00Z',
            endsAt: '2026-11-02T01:20:00Z',
            officers: ['33010001', '33010002'],
          },
        ],
      }),
    );
    expect(created.status).toBe(201);
    caseId = ((await created.json()) as { id: string }).id;
  }, 120_000);
  afterAll(async () => {
    await gw?.cleanup();
  });

  it('the amount trigger makes the case major, with the reason and the materials it needs', async () => {
    const before = await legal(as.supervisor);
    expect(before.classification.major).toBe(false);
    const decision = {
      partyType: 'person',
      fineFen: 2_000_000,
      confiscationFen: 0,
      measures: [],
      hearing: 'none',
      complex: false,
      discretionDeparture: false,
      summary: '当事人未经许可在某路从事经营活动，经责令改正拒不改正。',
      basis: '《无证无照经营查处办法》第十三条',
    };
    const res = await as.officer!(`/api/cases/${caseId}/legal/decision`, json('PUT', decision));
    expect(res.status).toBe(200);
    const view = (await res.json()) as CaseLegalView;
    expect(view.classification.major).toBe(true);
    expect(view.classification.reasons[0]!.reason).toMatch(/20,000/);
    expect(view.classification.missing).toEqual(expect.arrayContaining(['情况说明', '决定书代拟稿']));
    expect(view.gate).toMatchObject({ major: true, allowed: false, code: 'not-submitted', params: {} });
    expect(view.gate.reason).toBe('重大执法决定未经法制审核：请先提交法制审核');
    expect(before.gate).toMatchObject({ major: false, allowed: true, code: 'not-major' });
    expect(before.gate.reason).not.toMatch(/[A-Za-z]/);
    // art. 58: the major case cannot be decided or closed without review.
    const close = await as.supervisor!(`/api/cases/${caseId}`, json('PATCH', { status: 'closed' }));
    expect(close.status).toBe(409);
    expect(((await close.json()) as { code: string }).code).toBe('legal-review-required');
  });

  it('refuses a mislabelled or empty document, and keeps every version of one', async () => {
    const wrong = await upload(as.officer!, 'photo', '现场照片', pdf('not a photo'), 'image/jpeg');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { code: string }).code).toBe('document-type-mismatch');
    expect((await upload(as.officer!, 'photo', '现场照片', Buffer.alloc(0), 'image/jpeg')).status).toBe(400);
    // A legal reviewer does not file documents.
    expect((await upload(as.reviewer!, 'record', '询问笔录', Buffer.from('问：'), 'text/plain')).status).toBe(403);
  });

  let round1 = '';
  it('submits with documents; the reviewer accepts only when the materials are complete, and never their own case', async () => {
    const report = await upload(
      as.officer!,
      'situation-report',
      '情况说明',
      Buffer.from('案件事实清楚，证据确实充分。'),
      'text/plain',
    );
    expect(report.status).toBe(201);
    const draft = await as.officer!(`/api/cases/${caseId}/legal/draft`, { method: 'POST' });
    expect(draft.status).toBe(201);
    const draftDoc = (await draft.json()) as DocumentView;
    expect(draftDoc).toMatchObject({
      kind: 'draft-decision',
      mediaType: 'application/pdf',
      version: 1,
      source: 'generated',
    });
    expect(
      (
        await upload(
          as.officer!,
          'record',
          '询问笔录',
          Buffer.from('问：你是否知道需要许可？\n答：知道。'),
          'text/plain',
        )
      ).status,
    ).toBe(201);

    const submitted = await as.officer!(`/api/cases/${caseId}/legal/submit`, json('POST', { note: '请审核' }));
    expect(submitted.status).toBe(201);
    round1 = ((await submitted.json()) as LegalReviewView).id;

    // The reviewer sees the automatic checks before reading.
    const view = await legal();
    expect(view.checks.map((c) => c.id)).toEqual([
      'coverage',
      'stops',
      'certificates',
      'deadline',
      'materials',
      'integrity',
    ]);
    expect(view.checks.find((c) => c.id === 'certificates')).toMatchObject({ state: 'warn' }); // 王执法: no expiry on record
    // The art. 60 clock: code and numbers for the dashboard; the label and the check's text all Chinese.
    expect(view.decisionDeadline).toMatchObject({ code: 'decision', days: 90, unit: 'calendar-day', from: 'filing' });
    expect(view.decisionDeadline.label).toBe('办案期限（立案之日起 90 日，《行政处罚法》第六十条）');
    const deadlineCheck = view.checks.find((c) => c.id === 'deadline')!;
    expect(deadlineCheck.title).toBe('办案期限');
    expect(deadlineCheck.detail).toMatch(
      /^办案期限（立案之日起 90 日，《行政处罚法》第六十条）：\d{4}-\d{2}-\d{2} 到期，剩余 \d+ 个工作日$/,
    );
    for (const c of view.checks) expect(`${c.title}`).not.toMatch(/[A-Za-z]/);
    // Every detail is lines of a stable code and its parameters, and the Chinese text worded from them.
    expect(deadlineCheck.lines).toEqual([
      {
        code: 'deadline.left',
        params: {
          days: 90,
          due: /(\d{4}-\d{2}-\d{2}) 到期/.exec(deadlineCheck.detail)![1]!,
          count: view.decisionDeadline.workingDaysLeft,
        },
      },
    ]);
    const certificates = view.checks.find((c) => c.id === 'certificates')!;
    expect(certificates.lines).toEqual([
      { code: 'certificates.no-expiry', params: { officer: '王执法', licence: expect.any(String) } },
    ]);
    expect(certificates.detail).toBe(`王执法：执法证 ${String(certificates.lines[0]!.params.licence)} 未登记有效期`);
    const materials = view.checks.find((c) => c.id === 'materials')!;
    expect(materials.lines).toEqual([{ code: 'materials.missing', params: { materials: ['事先告知书及送达回证'] } }]);
    expect(materials.detail).toBe('缺少：事先告知书及送达回证');
    expectChineseChecks(view);
    expect(view.checks.find((c) => c.id === 'materials')).toMatchObject({ state: 'fail' }); // 事先告知书 missing

    // An officer cannot accept; a reviewer who took part in the investigation may not review (回避).
    expect((await as.officer!(`/api/legal-reviews/${round1}/accept`, { method: 'POST' })).status).toBe(403);
    const conflict = await as.conflicted!(`/api/legal-reviews/${round1}/accept`, { method: 'POST' });
    expect(conflict.status).toBe(403);
    expect(((await conflict.json()) as { code: string }).code).toBe('reviewer-conflict');
    const incomplete = await as.reviewer!(`/api/legal-reviews/${round1}/accept`, { method: 'POST' });
    expect(incomplete.status).toBe(422);
    expect(((await incomplete.json()) as { code: string }).code).toBe('materials-incomplete');

    expect(
      (await upload(as.officer!, 'advance-notice', '事先告知书及送达回证', pdf('告知书'), 'application/pdf')).status,
    ).toBe(201);
    const accepted = await as.reviewer!(`/api/legal-reviews/${round1}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    const r = (await accepted.json()) as LegalReviewView;
    expect(r).toMatchObject({ state: 'accepted', reviewer: 'chen.reviewer' });
    expect(r.deadline).toMatchObject({ code: 'legal-review', days: 7, unit: 'working-day', from: 'acceptance' });
    expect(r.deadline?.label).toBe('法制审核期限（受理之日起 7 个工作日）');
    const inbox = (await (await as.reviewer!('/api/legal-reviews')).json()) as { reviews: LegalReviewView[] };
    expect(inbox.reviews.map((x) => x.id)).toContain(round1);
  });

  let round2 = '';
  it('returns it once; round 2 shows what changed; the approval is signed with SM2', async () => {
    // The content changed after submission (the advance notice): an approval must see it, so only revise.
    const refused = await as.reviewer!(
      `/api/legal-reviews/${round1}/opinion`,
      json('POST', { outcome: 'agree', opinion: '同意。事实清楚，证据充分。' }),
    );
    expect(refused.status).toBe(409);
    const back = await as.reviewer!(
      `/api/legal-reviews/${round1}/opinion`,
      json('POST', { outcome: 'revise', opinion: '罚款数额偏高，请依裁量基准重新确定并修改代拟稿后再提交。' }),
    );
    expect(back.status).toBe(200);
    expect((await back.json()) as LegalReviewView).toMatchObject({
      state: 'returned',
      outcome: 'revise',
      signed: true,
    });

    const cur = (await legal(as.officer)).decision!;
    expect(
      (await as.officer!(`/api/cases/${caseId}/legal/decision`, json('PUT', { ...cur, fineFen: 1_500_000 }))).status,
    ).toBe(200);
    expect((await as.officer!(`/api/cases/${caseId}/legal/draft`, { method: 'POST' })).status).toBe(201);
    const sub2 = await as.officer!(`/api/cases/${caseId}/legal/submit`, json('POST', { note: '已按意见修改' }));
    expect(sub2.status).toBe(201);
    const r2 = (await sub2.json()) as LegalReviewView;
    round2 = r2.id;
    expect(r2.round).toBe(2);
    expect(r2.diff?.changedDocuments).toContain('行政处罚决定书（代拟稿）');
    expect(r2.diff?.decisionChanges).toEqual([{ field: 'fineFen', before: 2_000_000, after: 1_500_000 }]);

    expect((await as.reviewer!(`/api/legal-reviews/${round2}/accept`, { method: 'POST' })).status).toBe(200);
    const ok = await as.reviewer!(
      `/api/legal-reviews/${round2}/opinion`,
      json('POST', { outcome: 'agree', opinion: '同意。事实清楚，证据确实充分，适用法律正确，程序合法。' }),
    );
    expect(ok.status).toBe(200);
    const approved = (await ok.json()) as LegalReviewView;
    expect(approved).toMatchObject({ state: 'approved', current: true, signed: true });
    expect(approved.opinionNumber).toMatch(/^法审〔\d{4}〕2号$/);

    // The case file index (卷内目录) numbers every version in the standard order.
    const index = (
      (await (await as.auditor!(`/api/cases/${caseId}/documents/index`)).json()) as {
        index: { no: number; kind: string; version: number; current: boolean }[];
      }
    ).index;
    expect(index.map((r) => r.no)).toEqual(index.map((_, i) => i + 1));
    const kinds = index.map((r) => r.kind);
    expect(kinds.indexOf('record')).toBeLessThan(kinds.indexOf('advance-notice'));
    expect(kinds.indexOf('draft-decision')).toBeLessThan(kinds.indexOf('review-opinion'));
    expect(index.filter((r) => r.kind === 'draft-decision').map((r) => [r.version, r.current])).toEqual([
      [2, true],
      [1, false],
    ]);

    // The opinion PDF is in the case file and its signature verifies against the registered key.
    const docs = (
      (await (await as.reviewer!(`/api/cases/${caseId}/documents`)).json()) as { documents: DocumentView[] }
    ).documents;
    const opinionPdf = docs.find((d) => d.kind === 'review-opinion' && d.fileName === `${approved.opinionNumber}.pdf`)!;
    const bytes = Buffer.from(await (await as.auditor!(`/api/documents/${opinionPdf.id}/content`)).arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The opinion prints the checks in Chinese (the DOCX carries the same text as the PDF, readable).
    const opinionDocx = docs.find((d) => d.fileName === `${approved.opinionNumber}.docx`)!;
    const docx = Buffer.from(await (await as.auditor!(`/api/documents/${opinionDocx.id}/content`)).arrayBuffer());
    const xml = strFromU8(unzipSync(docx)['word/document.xml']!);
    const printed = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
    const checksNow = (await legal()).checks;
    for (const c of checksNow) for (const l of c.detail.split('\n')) expect(printed).toContain(l.trim());
    expect(printed).toContain('缺口');
    expect(printed).not.toMatch(/on video|officer\(s\)|segment\(s\)|not computed|explained|licence/);
    const reviewers = (
      (await (await as.auditor!('/api/legal-reviewers')).json()) as {
        reviewers: { username: string; publicKeyPem: string }[];
      }
    ).reviewers;
    const signed = (await (await as.auditor!(`/api/legal-reviews/${round2}/signature`)).json()) as {
      documentId: string;
      record: DocumentSignatureRecord;
    };
    expect(signed.documentId).toBe(opinionPdf.id);
    const record = signed.record;
    expect(record.publicKeyPem).toBe(reviewers.find((r) => r.username === 'chen.reviewer')!.publicKeyPem);
    expect(verifyDocumentSignature(record, bytes).ok).toBe(true);
    expect(verifyDocumentSignature(record, Buffer.concat([bytes, Buffer.from(' ')])).ok).toBe(false);
  });

  it('editing the draft after approval voids it and the gate refuses the decision; re-approval lets it be made', async () => {
    const drafts = (
      (await (await as.officer!(`/api/cases/${caseId}/documents`)).json()) as { documents: DocumentView[] }
    ).documents.filter((d) => d.kind === 'draft-decision' && d.current);
    const edited = await upload(
      as.officer!,
      'draft-decision',
      '行政处罚决定书（代拟稿）',
      pdf('改过的代拟稿'),
      'application/pdf',
      `&supersedes=${drafts[0]!.id}`,
    );
    expect(edited.status).toBe(201);
    expect(((await edited.json()) as DocumentView).version).toBe(3);
    const view = await legal(as.supervisor);
    expect(view.gate).toMatchObject({
      allowed: false,
      code: 'content-changed',
      params: { round: 2, changes: ['draft', 'evidence'] },
      reason: '第 2 轮法制审核的同意意见已不再适用：决定书代拟稿已修改；证据材料已变化；请重新提交审核',
    });
    expect(view.reviews.at(-1)).toMatchObject({ state: 'approved', current: false });
    expect(view.reviews.at(-1)).toMatchObject({
      voidReason: '决定书代拟稿已修改；证据材料已变化',
      voidChanges: ['draft', 'evidence'],
    });
    const decide = await as.supervisor!(`/api/cases/${caseId}`, json('PATCH', { status: 'decided' }));
    expect(decide.status).toBe(409);
    expect(((await decide.json()) as { message: string }).message).toMatch(/同意意见已不再适用：决定书代拟稿已修改/);

    const sub3 = (await (
      await as.officer!(`/api/cases/${caseId}/legal/submit`, json('POST', { note: '代拟稿文字修正' }))
    ).json()) as LegalReviewView;
    expect(sub3.round).toBe(3);
    expect((await as.reviewer!(`/api/legal-reviews/${sub3.id}/accept`, { method: 'POST' })).status).toBe(200);
    expect(
      (
        await as.reviewer!(
          `/api/legal-reviews/${sub3.id}/opinion`,
          json('POST', { outcome: 'agree', opinion: '同意。修正后的代拟稿文字规范。' }),
        )
      ).status,
    ).toBe(200);
    expect((await legal(as.supervisor)).gate).toMatchObject({
      allowed: true,
      code: 'approved',
      params: { round: 3 },
      reason: '已经第 3 轮法制审核同意',
    });
    expect((await as.supervisor!(`/api/cases/${caseId}`, json('PATCH', { status: 'decided' }))).status).toBe(200);
    const audit = (await (await as.auditor!(`/api/audit?case=${caseId}&limit=1000`)).json()) as {
      entries: { action: string }[];
    };
    expect(audit.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['upload', 'submit', 'accept', 'opinion', 'void', 'decide', 'download']),
    );
  });

  it('a disagreement goes to collective discussion, whose minutes are filed', async () => {
    const c = await as.supervisor!(
      '/api/cases',
      json('POST', {
        number: '某综执罚〔2026〕102号',
        kind: 'penalty',
        title: '吊销许可证',
        party: '某公司',
        major: true,
        steps: [],
      }),
    );
    const id = ((await c.json()) as { id: string }).id;
    const prev = caseId;
    caseId = id;
    await as.supervisor!(
      `/api/cases/${id}/legal/decision`,
      json('PUT', {
        partyType: 'organisation',
        fineFen: 0,
        confiscationFen: 0,
        measures: ['revoke-licence'],
        hearing: 'held',
        complex: false,
        discretionDeparture: false,
        summary: '多次违法经营。',
        basis: '某条例第二十条',
      }),
    );
    for (const [kind, title] of [
      ['situation-report', '情况说明'],
      ['advance-notice', '事先告知书'],
      ['hearing-record', '听证笔录'],
      ['evidence', '检查记录'],
    ])
      expect((await upload(as.supervisor!, kind, title, pdf(title), 'application/pdf')).status).toBe(201);
    expect((await as.supervisor!(`/api/cases/${id}/legal/draft`, { method: 'POST' })).status).toBe(201);
    const r = (await (
      await as.supervisor!(`/api/cases/${id}/legal/submit`, json('POST', { note: '' }))
    ).json()) as LegalReviewView;
    expect((await as.reviewer!(`/api/legal-reviews/${r.id}/accept`, { method: 'POST' })).status).toBe(200);
    const no = await as.reviewer!(
      `/api/legal-reviews/${r.id}/opinion`,
      json('POST', { outcome: 'disagree', opinion: '不同意。证据不足以证明多次违法。' }),
    );
    expect(((await no.json()) as LegalReviewView).state).toBe('disagreed');
    expect((await as.supervisor!(`/api/cases/${id}`, json('PATCH', { status: 'decided' }))).status).toBe(409);
    // Only a supervisor records the discussion; a reviewer may not.
    expect(
      (
        await as.reviewer!(
          `/api/legal-reviews/${r.id}/discussion`,
          json('POST', { minutes: '集体讨论记录……', outcome: 'agree' }),
        )
      ).status,
    ).toBe(403);
    const d = await as.supervisor!(
      `/api/legal-reviews/${r.id}/discussion`,
      json('POST', { minutes: '经局务会议集体讨论，认定证据充分，同意作出决定。', outcome: 'agree' }),
    );
    expect(d.status).toBe(200);
    expect((await as.supervisor!(`/api/cases/${id}`, json('PATCH', { status: 'decided' }))).status).toBe(200);
    caseId = prev;
  });
});
