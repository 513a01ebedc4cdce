// npm start's publicity demo: results the portal shows, published from the case record. Three
// decided penalty cases (not major: no legal review needed) whose facts carry a resident ID, a
// phone and an address: the station drafts each result and redacts it; two are signed off and
// published, one of them then withdrawn with its reason (the portal answers 410 and the Atom feed
// carries a deleted-entry); the third stays a draft on its 7-working-day clock. Everything goes
// through the API; a restart leaves existing cases be.

const CASES = [
  {
    number: '示例市监罚〔2026〕21号',
    title: '销售超过保质期的食品',
    party: '王小明',
    summary:
      '当事人王小明（身份证号 330106199203154518，手机 139 1234 5678）在其位于示例区文三路 90 号的店铺销售超过保质期的食品。',
    basis: '《中华人民共和国食品安全法》第一百二十四条',
    fineFen: 500_000,
    then: 'publish',
  },
  {
    number: '示例市监罚〔2026〕22号',
    title: '未明码标价',
    party: '某某超市有限公司',
    partyType: 'organisation',
    summary: '当事人某某超市有限公司销售商品未明码标价，经营负责人李某（电话 13800138000）在场。',
    basis: '《中华人民共和国价格法》第四十二条',
    fineFen: 300_000,
    then: 'withdraw',
  },
  {
    number: '示例市监罚〔2026〕23号',
    title: '擅自改变经营场所',
    party: '赵某某',
    summary: '当事人赵某某（身份证号 330102198507153216）未经登记擅自将经营场所迁至示例路 8 号 3 幢。',
    basis: '《市场主体登记管理条例》第四十六条',
    fineFen: 200_000,
    then: 'draft',
  },
];

/**
 * @param {{ api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }> }} ctx
 */
export async function seedPublicityDemo({ api }) {
  const existing = await api('GET', `/api/cases?q=${encodeURIComponent('示例市监罚')}`);
  if (existing.body?.cases?.length) return;
  for (const c of CASES) {
    const created = await api('POST', '/api/cases', {
      number: c.number,
      kind: 'penalty',
      title: c.title,
      party: c.party,
      unitId: 'demo-unit',
      steps: [],
    });
    if (created.status !== 201) throw new Error(`publicity demo case ${c.number}: ${created.body?.message}`);
    const id = created.body.id;
    await api('PUT', `/api/cases/${id}/legal/decision`, {
      partyType: c.partyType ?? 'person',
      fineFen: c.fineFen,
      confiscationFen: 0,
      measures: [],
      hearing: 'none',
      complex: false,
      discretionDeparture: false,
      summary: c.summary,
      basis: c.basis,
    });
    await api('PATCH', `/api/cases/${id}`, { status: 'decided' });
    // The draft is made when the case is decided; ask for it (made now if not yet there).
    const draft = await api('POST', `/api/cases/${id}/publication`, {});
    if (draft.status !== 201) throw new Error(`publicity demo draft ${c.number}: ${draft.body?.message}`);
    if (c.then === 'draft') continue;
    const published = await api('POST', `/api/publications/${draft.body.id}/publish`, {});
    if (published.status !== 200) throw new Error(`publicity demo publish ${c.number}: ${published.body?.message}`);
    if (c.then === 'withdraw')
      await api('POST', `/api/publications/${draft.body.id}/withdraw`, {
        kind: 'changed',
        reason: '该处罚决定已依法变更，原公示内容撤下。',
      });
  }
}
