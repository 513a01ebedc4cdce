// npm start's demo of publicity before enforcement (事前公开) and random inspections (双随机、一公开),
// for a county 综合行政执法局, everything through the station's API like any integration:
// - the written pages (执法主体, 职责权限, 执法依据, 救济渠道, one 服务指南) are published; the
//   random-inspection list is set and the generated pages (执法人员 from the officer registry,
//   行政处罚流程 with its flow chart, 随机抽查事项清单) are made from the station's records;
// - one random draw: six demo shops, a roster of four licensed officers (张明 and 李华 of the demo,
//   two more added here with licence expiry dates), one declared conflict (回避, its reason kept
//   internal); the commitment is published a few seconds before the announced time, the draw is
//   run after it, and the result of one inspection is recorded (published as a random-inspection
//   result on the portal).
// A restart leaves what exists be: the pages are published once, the draw is made once (a draw
// interrupted half-way is finished).

/** The demo's unit (scripts/start.mjs creates it: 示例执法中队). */
const DEMO_UNIT = 'demo-unit';

/** Two more officers for the roster, with their licences' last valid day. */
const OFFICERS = [
  { id: '33010035', name: '王芳', unitId: DEMO_UNIT, licenceNo: 'ZF33010035', licenceExpires: '2029-12-31' },
  { id: '33010041', name: '陈刚', unitId: DEMO_UNIT, licenceNo: 'ZF33010041', licenceExpires: '2030-06-30' },
];
const ROSTER = ['33010012', '33010027', '33010035', '33010041'];

const AGENCY = '示例县综合行政执法局';

const PAGES = {
  subject: {
    intro:
      '示例县综合行政执法局是县人民政府工作部门，依法相对集中行使城市管理、市场监管、生态环境等领域的行政处罚权以及与之相关的行政检查权、行政强制权。',
    name: AGENCY,
    nature: '行政机关',
    establishedBy: '《示例县机构改革方案》《关于深化综合行政执法体制改革的实施意见》',
    jurisdiction: '示例县行政区域内依法划转的综合行政执法事项',
    address: '示例县人民路 1 号',
    postcode: '310000',
    phone: '0571-12345678',
    website: 'https://www.example.gov.cn/',
    officeHours: '工作日 上午 8:30—12:00，下午 14:30—17:30',
    units: [
      {
        name: '示例执法中队',
        duties: '负责城区范围内市容环境、户外广告、占道经营等事项的日常巡查和执法办案',
        address: '示例县文三路 90 号',
        phone: '0571-12345601',
      },
      {
        name: '法制审核科',
        duties: '负责重大执法决定法制审核、执法案卷评查和行政复议应诉工作',
        phone: '0571-12345602',
      },
    ],
  },
  duties: {
    intro: '本局依据法律、法规、规章和县人民政府的授权履行下列职责。',
    duties: [
      { title: '贯彻执行综合行政执法方面的法律、法规、规章和政策' },
      {
        title: '集中行使城市管理领域的行政处罚权',
        description:
          '包括市容环境卫生、户外广告设施、城市道路占用、园林绿化等方面，以及与之相关的行政检查和行政强制措施',
      },
      {
        title: '组织实施“双随机、一公开”监管',
        description: '制定随机抽查事项清单，随机抽取检查对象和执法检查人员，公开抽查结果',
      },
      { title: '推行行政执法公示、执法全过程记录和重大执法决定法制审核制度' },
    ],
    powers: [
      {
        category: '行政处罚',
        name: '对擅自设置大型户外广告设施的处罚',
        basis: '《城市市容和环境卫生管理条例》第十一条、第三十六条',
        subject: AGENCY,
      },
      {
        category: '行政处罚',
        name: '对擅自占用城市道路从事经营活动的处罚',
        basis: '《城市道路管理条例》第二十七条、第四十二条',
        subject: AGENCY,
      },
      {
        category: '行政强制',
        name: '对违法设置的户外广告设施的强制拆除',
        basis: '《中华人民共和国行政强制法》第四十四条',
        subject: AGENCY,
        note: '依法催告后当事人逾期不拆除的',
      },
      {
        category: '行政检查',
        name: '对户外广告设施设置情况的检查',
        basis: '《城市市容和环境卫生管理条例》第十一条',
        subject: AGENCY,
      },
    ],
  },
  basis: {
    intro: '本局实施行政执法的主要依据如下（以现行有效文本为准）。',
    documents: [
      {
        title: '中华人民共和国行政处罚法',
        level: '法律',
        issuer: '全国人民代表大会常务委员会',
        number: '中华人民共和国主席令第七十号',
        effectiveDate: '2021-07-15',
      },
      {
        title: '中华人民共和国行政强制法',
        level: '法律',
        issuer: '全国人民代表大会常务委员会',
        number: '中华人民共和国主席令第四十九号',
        effectiveDate: '2012-01-01',
      },
      { title: '城市市容和环境卫生管理条例', level: '行政法规', issuer: '国务院', number: '国务院令第101号' },
      { title: '城市道路管理条例', level: '行政法规', issuer: '国务院', number: '国务院令第198号' },
    ],
  },
  remedies: {
    intro: '公民、法人或者其他组织对本局作出的行政行为不服的，可以依法通过以下渠道维护自身合法权益。',
    channels: [
      {
        kind: '陈述申辩',
        body: AGENCY,
        deadline: '收到行政处罚事先告知书之日起五日内',
        basis: '《中华人民共和国行政处罚法》第四十四条、第四十五条',
      },
      {
        kind: '听证',
        body: AGENCY,
        deadline: '收到听证告知之日起五日内提出',
        basis: '《中华人民共和国行政处罚法》第六十三条、第六十四条',
        note: '拟作出较大数额罚款、没收较大数额违法所得等行政处罚的，当事人有权要求听证。',
      },
      {
        kind: '行政复议',
        body: '示例县人民政府',
        deadline: '自知道或者应当知道该行政行为之日起六十日内',
        address: '示例县人民路 2 号',
        basis: '《中华人民共和国行政复议法》第二十条',
      },
      {
        kind: '行政诉讼',
        body: '示例县人民法院',
        deadline: '自知道或者应当知道作出行政行为之日起六个月内',
        basis: '《中华人民共和国行政诉讼法》第四十六条',
      },
      {
        kind: '投诉举报',
        phone: '12345',
        note: '对执法人员的违法违纪行为，可拨打 12345 政务服务便民热线或向本局投诉举报。',
      },
    ],
  },
  'guide-complaint': {
    intro: '本指南说明向本局投诉举报城市管理等领域违法行为的办理方式。',
    matter: '城市管理领域违法行为投诉举报',
    basis: '《示例县城市管理投诉举报处理办法》',
    conditions: ['有明确的被投诉举报对象', '有具体的违法事实或者线索', '属于本局管辖范围'],
    materials: ['投诉举报书（可当场填写）', '相关照片、视频等证据材料（如有）'],
    steps: ['提交投诉举报（窗口、电话或网上）', '登记并初步审查', '调查核实', '依法处理', '告知处理结果'],
    timeLimit: '自收到之日起七个工作日内决定是否受理',
    fee: '不收费',
    place: '示例县人民路 1 号一楼服务窗口',
    hours: '工作日 上午 8:30—12:00，下午 14:30—17:30',
    phone: '0571-12345678',
  },
};

const ITEMS = [
  {
    id: 'SJ-001',
    name: '户外广告设施设置情况检查',
    subItem: '设置许可及安全情况',
    basis: '《城市市容和环境卫生管理条例》第十一条',
    method: '现场检查',
    content: '户外广告设施是否经批准设置，是否存在破损、安全隐患',
  },
  {
    id: 'SJ-002',
    name: '沿街商铺门前责任区落实情况检查',
    basis: '《城市市容和环境卫生管理条例》第十条',
    method: '现场检查',
    content: '是否落实门前市容环境卫生责任，有无占道经营、乱堆乱放',
    note: '每年至少抽查一次',
  },
  {
    id: 'SJ-003',
    name: '建筑工地扬尘防治情况检查',
    basis: '《中华人民共和国大气污染防治法》第六十九条',
    method: '现场检查、书面检查',
    content: '围挡、覆盖、冲洗、湿法作业等扬尘防治措施落实情况',
  },
];

/** Six demo shops (the ids are clearly not real unified social credit codes). */
const SHOPS = [
  { id: '91330100DEMO00001A', name: '示例县老街面馆' },
  { id: '91330100DEMO00002B', name: '示例县鲜果时光水果店' },
  { id: '91330100DEMO00003C', name: '示例县明亮眼镜店' },
  { id: '91330100DEMO00004D', name: '示例县百味烘焙坊' },
  { id: '91330100DEMO00005E', name: '示例县惠民便利店' },
  { id: '91330100DEMO00006F', name: '示例县青禾花艺工作室' },
];

/** Seconds between the commitment and the announced draw. */
const LEAD_SECONDS = 4;

const shanghaiDay = (d = new Date()) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function must(answer, ok, what) {
  if (!ok.includes(answer.status))
    throw new Error(`${what}: ${answer.status} ${answer.body?.message ?? JSON.stringify(answer.body)}`);
  return answer.body;
}

async function publishPages(api) {
  for (const [slug, content] of Object.entries(PAGES))
    must(await api('PUT', `/api/disclosure/pages/${slug}`, { content }), [200, 201], `page ${slug}`);
  must(await api('PUT', '/api/inspections/items', { items: ITEMS }), [200], 'random-inspection list');
  for (const slug of ['officers', 'procedure-penalty', 'inspection-list'])
    must(await api('POST', `/api/disclosure/pages/${slug}/generate`, {}), [200, 201], `page ${slug}`);
}

async function randomInspection(api) {
  const drawId = `${shanghaiDay().slice(0, 4)}-示例-户外广告-01`;
  const plans = must(await api('GET', '/api/inspections/plans'), [200], 'draws').plans;
  let plan = plans.find((p) => p.drawId === drawId);
  if (plan?.state === 'cancelled') return;
  if (!plan || plan.state === 'draft') {
    // The announced time is a few seconds away: the commitment is published before it.
    const drawAt = new Date(Date.now() + LEAD_SECONDS * 1000).toISOString();
    if (!plan)
      plan = must(
        await api('POST', '/api/inspections/plans', {
          drawId,
          title: '沿街商铺户外广告设施设置情况双随机抽查（示例）',
          itemId: 'SJ-001',
          drawAt,
          partyCount: 3,
          inspectorsPerParty: 2,
        }),
        [201],
        'draw plan',
      );
    else must(await api('PATCH', `/api/inspections/plans/${plan.id}`, { drawAt }), [200], 'draw time');
    must(await api('PUT', `/api/inspections/plans/${plan.id}/parties`, { parties: SHOPS }), [200], 'parties');
    const inspectors = ROSTER.map((officerId) => ({ officerId }));
    must(await api('PUT', `/api/inspections/plans/${plan.id}/roster`, { inspectors }), [200], 'roster');
    const conflicts = [{ officerId: '33010027', partyId: SHOPS[2].id, reason: '近亲属在该店任职（示例）' }];
    must(await api('PUT', `/api/inspections/plans/${plan.id}/conflicts`, { conflicts }), [200], 'conflicts');
    plan = must(await api('POST', `/api/inspections/plans/${plan.id}/commit`, {}), [200], 'commitment');
  }
  if (plan.state === 'committed') {
    const wait = Date.parse(plan.drawAt) - Date.now() + 300;
    if (wait > 0) await sleep(wait);
    plan = must(await api('POST', `/api/inspections/plans/${plan.id}/draw`, {}), [200], 'draw');
  }
  // The first drawn shop has been inspected: its result is published with the other results.
  const { assignments } = must(await api('GET', `/api/inspections/plans/${plan.id}/assignments`), [200], 'assignments');
  const first = assignments[0];
  if (first && first.state === 'assigned')
    must(
      await api('POST', `/api/inspections/assignments/${first.id}/result`, {
        inspectedOn: shanghaiDay(),
        outcome: 'problem-rectified',
        findings: '现场检查发现该店门头店招一处固定件松动，存在安全隐患；户外广告设施已办理设置审批。',
        handling: '已当场责令加固整改，当事人当日整改完毕。',
      }),
      [200],
      'inspection result',
    );
}

/**
 * @param {{ api: (method: string, path: string, body?: unknown) => Promise<{ status: number; body: any }> }} ctx
 */
export async function seedDisclosureDemo({ api }) {
  // The two officers more of the roster (created or refreshed on every start, like the others).
  for (const o of OFFICERS) must(await api('POST', '/api/officers', o), [200], `officer ${o.id}`);
  const pages = must(await api('GET', '/api/disclosure/pages'), [200], 'pages').pages;
  if (!pages.length) await publishPages(api);
  await randomInspection(api);
}
