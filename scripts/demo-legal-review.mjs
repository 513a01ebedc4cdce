// npm start's legal-review demo: one major penalty case in legal review, so a newcomer sees the
// whole flow. The catalogue classifies it major (fine ≥ 10,000 yuan for a person); its case file
// holds documents and the footage sim-001 records; its full-process step began before the
// recording did, so it shows a coverage gap. Round 1 was returned by the reviewer (legal) with
// an SM2-signed opinion; round 2, with the fine lowered and the draft regenerated, waits in the
// reviewer's inbox: sign in as `legal` to accept and approve it, as `supervisor` to decide.
// Everything goes through the API, as any integration would; a restart leaves an existing case be.

const NUMBER = '示例综执罚〔2026〕1号';

/**
 * @param {{ url: string; token: string; api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }>;
 *   password: string }} ctx
 */
export async function seedLegalReviewDemo({ url, token, api, password }) {
  const existing = await api('GET', `/api/cases?q=${encodeURIComponent(NUMBER)}`);
  if (existing.body?.cases?.some((c) => c.number === NUMBER)) return;

  await api('PUT', '/api/legal-reviewers/legal', {
    name: '陈静',
    qualificationNo: 'A20183301000123',
    certificateNo: 'FS-3301-0456',
    certificateExpires: '2029-12-31',
  });
  const now = Date.now();
  const created = await api('POST', '/api/cases', {
    number: NUMBER,
    kind: 'penalty',
    title: '未经许可擅自从事经营活动',
    party: '张某某',
    unitId: 'demo-unit',
    steps: [
      {
        kind: 'on-site-inspection',
        title: '现场检查',
        // Began four minutes before the demo's recorder was switched on: a coverage gap.
        startsAt: new Date(now - 4 * 60_000).toISOString(),
        endsAt: new Date(now + 3 * 60_000).toISOString(),
        location: '示例路 12 号',
        requirement: 'full-process',
        officers: ['33010012', '33010027'],
      },
    ],
  });
  if (created.status !== 201) throw new Error(`legal-review demo case: ${created.body?.message}`);
  const caseId = created.body.id;
  const decision = {
    partyType: 'person',
    fineFen: 2_000_000,
    confiscationFen: 0,
    measures: [],
    hearing: 'none',
    complex: false,
    discretionDeparture: false,
    summary: '当事人未经许可在示例路 12 号擅自从事经营活动，经责令改正后仍未改正。',
    basis: '《无证无照经营查处办法》第十三条',
  };
  await api('PUT', `/api/cases/${caseId}/legal/decision`, decision);
  const file = async (kind, title, text) => {
    const q = new URLSearchParams({ kind, title, fileName: `${title}.txt` });
    const res = await fetch(`${url}/api/cases/${caseId}/documents?${q}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', authorization: `Bearer ${token}` },
      body: text,
    });
    if (res.status !== 201) throw new Error(`legal-review demo document ${title}: ${res.status} ${await res.text()}`);
  };
  await file(
    'situation-report',
    '情况说明',
    '案件事实：当事人未经许可从事经营活动。\n法律依据：《无证无照经营查处办法》第十三条。\n执法人员：张明（ZF33010012）、李华（ZF33010027）。\n',
  );
  await file(
    'record',
    '询问笔录',
    '问：你是否取得经营许可？\n答：没有。\n问：是否收到责令改正通知书？\n答：收到了。\n',
  );
  await file(
    'advance-notice',
    '行政处罚事先告知书及送达回证',
    '拟对当事人处罚款人民币贰万元整。当事人有陈述、申辩和要求听证的权利。送达回证已签收。\n',
  );
  await api('POST', `/api/cases/${caseId}/legal/draft`, {});
  const round1 = await api('POST', `/api/cases/${caseId}/legal/submit`, { note: '请予法制审核。' });
  if (round1.status !== 201) throw new Error(`legal-review demo submission: ${round1.body?.message}`);

  // The reviewer returns round 1 (signed in as the demo reviewer, as a person would).
  const session = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'legal', password }),
  });
  const { csrfToken } = await session.json();
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
  const asReviewer = (path, body) =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  await asReviewer(`/api/legal-reviews/${round1.body.id}/accept`);
  await asReviewer(`/api/legal-reviews/${round1.body.id}/opinion`, {
    outcome: 'revise',
    opinion: '罚款数额未说明裁量理由。请依照裁量基准重新确定罚款数额，修改决定书代拟稿后再提交。',
  });

  // Round 2: the unit lowers the fine, regenerates the draft and submits again.
  await api('PUT', `/api/cases/${caseId}/legal/decision`, { ...decision, fineFen: 1_500_000 });
  await api('POST', `/api/cases/${caseId}/legal/draft`, {});
  await api('POST', `/api/cases/${caseId}/legal/submit`, { note: '已按审核意见修改罚款数额及代拟稿。' });
}
