/**
 * Pages published before enforcement (事前公开) and random draws (双随机) made through the
 * station's own services (publicity/disclosure.ts, inspections/inspections.ts) on a real SQLite
 * file with every migration and a real station key, with a clock the caller moves: for the
 * portal's tests, which then start the portal on the same file. No SQL here: the services and
 * the registry's repository write.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createDeviceKeys, STATION_KEY_FILES, type DeviceKeys } from '@liuhen/evidence';
import { createAuditLog } from '../audit/audit-log.js';
import { createWorkingCalendar } from '../calendar/index.js';
import { saveOfficer, saveUnit } from '../cases/people-repo.js';
import { loadConfig } from '../config.js';
import { migrate, openSqlite, type Db } from '../db/database.js';
import { createInspections, type Inspections } from '../inspections/inspections.js';
import { createDisclosure, type Disclosure } from '../publicity/disclosure.js';

export const SAMPLE_AGENCY = '示例县综合行政执法局';

export interface SampleStation {
  dir: string;
  dbFile: string;
  db: Db;
  keys: DeviceKeys;
  disclosure: Disclosure;
  inspections: Inspections;
  /** Moves the services' clock. */
  setNow(at: Date | string): void;
  close(): Promise<void>;
}

export async function openSampleStation(
  dir: string,
  opts: { now?: Date; agency?: string } = {},
): Promise<SampleStation> {
  mkdirSync(dir, { recursive: true });
  const dbFile = join(dir, 'liuhen.sqlite');
  const db = openSqlite(dbFile);
  await migrate(db);
  const keys = await createDeviceKeys(join(dir, 'keys'), STATION_KEY_FILES);
  const config = loadConfig({ env: {} });
  let now = opts.now ?? new Date();
  const common = {
    db,
    audit: createAuditLog(db),
    stationKey: keys,
    config,
    agency: () => opts.agency ?? SAMPLE_AGENCY,
    now: () => now,
  };
  return {
    dir,
    dbFile,
    db,
    keys,
    disclosure: createDisclosure(common),
    inspections: createInspections({ ...common, calendar: createWorkingCalendar() }),
    setNow: (at) => (now = new Date(at)),
    close: () => db.destroy(),
  };
}

export interface SampleOfficer {
  id: string;
  name: string;
  licenceNo: string;
  unit: string;
}

/**
 * Two units and their officers: `count` active with a valid licence (the roster), and one each
 * inactive, without a licence, and with an expired licence (never on the officers page). `idOf`
 * makes the badge numbers (officer ids), which are not public.
 */
export async function seedSampleOfficers(
  db: Db,
  opts: { count?: number; idOf?: (n: number) => string; at?: string } = {},
): Promise<{ roster: SampleOfficer[]; hidden: SampleOfficer[] }> {
  const at = opts.at ?? '2024-01-01T00:00:00.000Z';
  const idOf = opts.idOf ?? ((n: number) => `3302${String(n).padStart(4, '0')}`);
  await saveUnit(db, 'u-cg', { name: '城关执法中队', parent_id: null }, at);
  await saveUnit(db, 'u-dq', { name: '东区执法中队', parent_id: null }, at);
  const units = { 'u-cg': '城关执法中队', 'u-dq': '东区执法中队' } as const;
  const names = '张明李华王芳陈刚刘洋赵敏周杰吴静郑伟孙丽';
  const save = async (
    n: number,
    name: string,
    licenceNo: string | null,
    extra: { active?: number; licence_expires?: string | null } = {},
  ): Promise<SampleOfficer> => {
    const unit = n % 2 ? 'u-dq' : 'u-cg';
    await saveOfficer(
      db,
      idOf(n),
      {
        name,
        licence_no: licenceNo,
        unit_id: unit,
        role: 'officer',
        active: extra.active ?? 1,
        licence_expires: extra.licence_expires ?? '2099-12-31',
      },
      at,
    );
    return { id: idOf(n), name, licenceNo: licenceNo ?? '', unit: units[unit] };
  };
  const roster: SampleOfficer[] = [];
  for (let n = 0; n < (opts.count ?? 6); n++)
    roster.push(
      await save(
        n,
        names.slice((2 * n) % names.length, ((2 * n) % names.length) + 2),
        `ZF3301${String(n).padStart(4, '0')}`,
      ),
    );
  const hidden = [
    await save(90, '离职人员', 'ZF33019990', { active: 0 }),
    await save(91, '辅助人员', null),
    await save(92, '证件过期', 'ZF33019992', { licence_expires: '2020-12-31' }),
  ];
  return { roster, hidden };
}

/** Written pages of a county-level 综合行政执法局, as an editor would publish them. */
export const SAMPLE_PAGES = {
  subject: {
    intro: '本局是县人民政府工作部门，依法集中行使有关行政处罚权及相关的行政检查、行政强制权。',
    name: SAMPLE_AGENCY,
    nature: '行政机关',
    establishedBy: '《示例县机构改革方案》',
    jurisdiction: '本县行政区域内市容环境卫生、城乡规划、市场监管等领域的综合行政执法',
    address: '示例县人民路 1 号',
    postcode: '310000',
    phone: '0571-12345678',
    officeHours: '工作日 8:30—12:00，14:00—17:30',
    units: [
      { name: '城关执法中队', duties: '负责城关街道辖区内的综合行政执法工作', phone: '0571-12345601' },
      { name: '东区执法中队', duties: '负责东区辖区内的综合行政执法工作', phone: '0571-12345602' },
    ],
  },
  duties: {
    duties: [
      { title: '贯彻执行综合行政执法方面的法律、法规、规章和政策' },
      { title: '集中行使市容环境卫生管理方面的行政处罚权', description: '含相关的行政检查和行政强制措施' },
    ],
    powers: [
      {
        category: '行政处罚',
        name: '对擅自占用城市道路从事经营活动的处罚',
        basis: '《城市道路管理条例》第四十二条',
        subject: SAMPLE_AGENCY,
      },
      { category: '行政检查', name: '对户外广告设施设置的检查', basis: '《示例省户外广告设施管理办法》' },
    ],
  },
  basis: {
    documents: [
      {
        title: '中华人民共和国行政处罚法',
        level: '法律',
        issuer: '全国人民代表大会常务委员会',
        effectiveDate: '2021-07-15',
        url: 'https://flk.npc.gov.cn/',
      },
      { title: '城市市容和环境卫生管理条例', level: '行政法规', issuer: '国务院', number: '国务院令第101号' },
    ],
  },
  remedies: {
    intro: '公民、法人或者其他组织对本局作出的行政行为不服的，可以依法通过以下渠道寻求救济。',
    channels: [
      {
        kind: '行政复议',
        body: '示例县人民政府',
        deadline: '自知道或者应当知道该行政行为之日起六十日内',
        basis: '《中华人民共和国行政复议法》第二十条',
      },
      { kind: '行政诉讼', body: '示例县人民法院', deadline: '自知道或者应当知道作出行政行为之日起六个月内' },
      { kind: '投诉举报', phone: '12345', note: '对执法人员的违法违纪行为，可以向本局投诉举报。' },
    ],
  },
  'guide-complaint': {
    matter: '投诉举报',
    conditions: ['有明确的被投诉举报对象', '有具体的违法事实或者线索'],
    materials: ['投诉举报书', '相关证据材料'],
    steps: ['提交投诉举报', '登记并审查', '调查处理', '答复投诉举报人'],
    timeLimit: '七个工作日内决定是否受理',
    fee: '不收费',
    phone: '12345',
  },
} as const;

/** The random-inspection list (随机抽查事项清单) of the sample agency. */
export const SAMPLE_INSPECTION_ITEMS = [
  {
    id: 'SJ-001',
    name: '户外广告设施设置情况检查',
    subItem: '设置许可及安全情况',
    basis: '《示例省户外广告设施管理办法》第十二条',
    method: '现场检查',
    content: '户外广告设施是否经许可设置、是否存在安全隐患',
  },
  {
    id: 'SJ-002',
    name: '沿街商铺门前责任区检查',
    basis: '《城市市容和环境卫生管理条例》第十四条',
    method: '现场检查',
    content: '是否落实门前三包责任',
    note: '每年至少一次',
  },
];

/** Shops to draw from: `n` parties with their unified social credit codes as ids. */
export function sampleParties(n: number): { id: string; name: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `91330100MA2K${String(i).padStart(6, '0')}`,
    name: `示例县第${i + 1}号沿街商铺`,
  }));
}

/**
 * Publishes every kind of page: the written ones (subject, duties, basis, remedies, a guide),
 * then the generated ones (officers from the registry, procedure-penalty, the inspection list).
 */
export async function publishSamplePages(
  s: SampleStation,
  actor: string,
  opts: { procedureSteps?: unknown } = {},
): Promise<void> {
  for (const [slug, content] of Object.entries(SAMPLE_PAGES)) await s.disclosure.publishPage(slug, content, actor);
  await s.inspections.setItems(SAMPLE_INSPECTION_ITEMS, actor);
  await s.disclosure.generate('officers', actor);
  await s.disclosure.generate(
    'procedure-penalty',
    actor,
    opts.procedureSteps !== undefined ? { steps: opts.procedureSteps } : {},
  );
  await s.disclosure.generate('inspection-list', actor);
}

export interface SampleDrawInput {
  drawId: string;
  title?: string;
  drawAt: string;
  partyCount: number;
  inspectorsPerParty?: number;
  parties: { id: string; name?: string }[];
  /** Officer ids (badge numbers) of the roster. */
  roster: string[];
  conflicts?: { officerId: string; partyId: string; reason: string }[];
}

/** A plan with its lists and conflicts, committed (at the services' current time, before drawAt). */
export async function commitSampleDraw(s: SampleStation, d: SampleDrawInput, actor: string): Promise<string> {
  const plan = await s.inspections.createPlan(
    {
      drawId: d.drawId,
      title: d.title ?? '沿街商铺户外广告设施双随机抽查',
      itemId: SAMPLE_INSPECTION_ITEMS[0]!.id,
      drawAt: d.drawAt,
      partyCount: d.partyCount,
      inspectorsPerParty: d.inspectorsPerParty ?? 2,
    },
    actor,
  );
  await s.inspections.setParties(plan.id, d.parties, actor);
  await s.inspections.setRoster(
    plan.id,
    d.roster.map((officerId) => ({ officerId })),
    actor,
  );
  if (d.conflicts?.length) await s.inspections.setConflicts(plan.id, d.conflicts, actor);
  await s.inspections.commit(plan.id, actor);
  return plan.id;
}
