/**
 * What the pages published before enforcement (事前公开) hold: the slugs, the kinds of page, the
 * structured content of each kind an editor writes (checked against these schemas), the content
 * the station generates (officers, procedures, the random-inspection list), and the public JSON
 * a version is frozen as.
 *
 * Slugs: subject (执法主体), officers (执法人员), duties (职责权限), basis (执法依据),
 * procedure-<case kind> (执法流程), remedies (救济渠道), guide-<name> (服务指南),
 * inspection-list (随机抽查事项清单).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CASE_KINDS, REQUIREMENTS, STEP_KIND_ZH, STEP_KINDS } from '@liuhen/contract';
import { Invalid } from '../errors.js';

export const PAGE_KINDS = [
  'subject',
  'officers',
  'duties',
  'basis',
  'procedure',
  'remedies',
  'guide',
  'inspection-list',
] as const;
export type PageKind = (typeof PAGE_KINDS)[number];
export type CaseKind = (typeof CASE_KINDS)[number];
export type StepKind = (typeof STEP_KINDS)[number];
export type Requirement = (typeof REQUIREMENTS)[number];

/** Pages the station writes from its own records: an editor asks for a new version, never types one. */
export const GENERATED_KINDS: ReadonlySet<PageKind> = new Set(['officers', 'procedure', 'inspection-list']);

/** The public format of a page version. */
export const PAGE_FORMAT = 'liuhen-disclosure-page/1';

export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  penalty: '行政处罚',
  compulsion: '行政强制',
  inspection: '行政检查',
  reward: '行政奖励',
};

/** The Chinese name of each kind of step (one list, in the contract). */
export const STEP_KIND_LABELS: Record<StepKind, string> = STEP_KIND_ZH;

/** What the recording rules ask of a step, as the public reads it (执法全过程记录). */
export const REQUIREMENT_LABELS: Record<Requirement, string> = {
  'full-process': '全过程音像记录',
  required: '应当音像记录',
  optional: '视情况音像记录',
};

const GUIDE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The kind of page a slug names; throws Invalid for a slug that names none. */
export function kindOfSlug(slug: string): PageKind {
  if (slug.startsWith('procedure-')) {
    const k = slug.slice('procedure-'.length);
    if ((CASE_KINDS as readonly string[]).includes(k)) return 'procedure';
    throw new Invalid(`"${slug}": the procedure pages are procedure-${CASE_KINDS.join(', procedure-')}`, {
      code: 'page-slug',
    });
  }
  if (slug.startsWith('guide-')) {
    if (GUIDE_NAME.test(slug.slice('guide-'.length))) return 'guide';
    throw new Invalid(`"${slug}": a guide's name is 1–40 lower-case letters, digits and dashes, e.g. guide-complaint`, {
      code: 'page-slug',
    });
  }
  if ((PAGE_KINDS as readonly string[]).includes(slug) && slug !== 'procedure' && slug !== 'guide')
    return slug as PageKind;
  throw new Invalid(
    `"${slug}" is not a page: subject, officers, duties, basis, procedure-<${CASE_KINDS.join('|')}>, remedies, guide-<name>, inspection-list`,
    { code: 'page-slug' },
  );
}

export const DEFAULT_TITLES: Record<PageKind, string> = {
  subject: '执法主体',
  officers: '执法人员',
  duties: '职责权限',
  basis: '执法依据',
  procedure: '执法流程',
  remedies: '救济渠道',
  guide: '服务指南',
  'inspection-list': '随机抽查事项清单',
};

/** The title a page gets when the editor gives none. */
export function defaultTitle(slug: string): string {
  const kind = kindOfSlug(slug);
  if (kind === 'procedure') return `${CASE_KIND_LABELS[slug.slice('procedure-'.length) as CaseKind]}流程`;
  return DEFAULT_TITLES[kind];
}

// ---------------------------------------------------------------- authored content

const Line = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });
const Text = (description: string, maxLength = 5000) => Type.String({ minLength: 1, maxLength, description });
const Lines = (description: string) => Type.Array(Text(description, 2000), { maxItems: 200 });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

/** Free sections any authored page may add below its structured part. */
const Sections = Type.Optional(
  Type.Array(
    Type.Object(
      { heading: Line('Heading'), paragraphs: Type.Array(Text('Paragraph'), { minItems: 1, maxItems: 100 }) },
      { additionalProperties: false },
    ),
    { maxItems: 50 },
  ),
);
const Intro = Type.Optional(Text('Introduction shown above the page'));

/** 执法主体: the agency, its nature and jurisdiction, and its enforcing units. */
export const SubjectContent = Type.Object(
  {
    intro: Intro,
    name: Line('机关名称'),
    nature: Type.Optional(Line('机关性质, e.g. 行政机关 / 法律法规授权组织 / 受委托组织')),
    establishedBy: Type.Optional(Text('设立依据', 1000)),
    jurisdiction: Type.Optional(Text('管辖范围', 2000)),
    address: Type.Optional(Line('办公地址')),
    postcode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '邮政编码' })),
    phone: Type.Optional(Line('对外联系电话 (the agency’s, never an officer’s)', 60)),
    website: Type.Optional(Line('网站')),
    officeHours: Type.Optional(Line('办公时间')),
    units: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Line('执法机构名称'),
            duties: Type.Optional(Text('职责', 2000)),
            address: Type.Optional(Line('地址')),
            phone: Type.Optional(Line('对外电话', 60)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
    sections: Sections,
  },
  { additionalProperties: false },
);

export const POWER_CATEGORIES = [
  '行政许可',
  '行政处罚',
  '行政强制',
  '行政检查',
  '行政征收',
  '行政给付',
  '行政确认',
  '行政奖励',
  '行政裁决',
  '其他',
] as const;

/** 职责权限: the duties, and the powers (权责清单) with their basis. */
export const DutiesContent = Type.Object(
  {
    intro: Intro,
    duties: Type.Array(
      Type.Object({ title: Line('职责'), description: Type.Optional(Text('说明')) }, { additionalProperties: false }),
      { maxItems: 500 },
    ),
    powers: Type.Array(
      Type.Object(
        {
          category: Type.Union(POWER_CATEGORIES.map((c) => Type.Literal(c))),
          name: Line('权力事项名称', 500),
          basis: Type.Optional(Text('设定依据', 3000)),
          subject: Type.Optional(Line('实施主体')),
          note: Type.Optional(Text('备注', 1000)),
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
    sections: Sections,
  },
  { additionalProperties: false },
);

export const BASIS_LEVELS = [
  '法律',
  '行政法规',
  '地方性法规',
  '部门规章',
  '地方政府规章',
  '规范性文件',
  '其他',
] as const;

/** 执法依据: the laws, regulations and rules the agency enforces. */
export const BasisContent = Type.Object(
  {
    intro: Intro,
    documents: Type.Array(
      Type.Object(
        {
          title: Line('名称', 300),
          level: Type.Optional(Type.Union(BASIS_LEVELS.map((c) => Type.Literal(c)))),
          issuer: Type.Optional(Line('制定机关')),
          number: Type.Optional(Line('文号或令号')),
          effectiveDate: Type.Optional(Day),
          articles: Type.Optional(Text('适用条款', 3000)),
          url: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 500, description: '全文链接' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
    sections: Sections,
  },
  { additionalProperties: false },
);

export const REMEDY_KINDS = ['陈述申辩', '听证', '行政复议', '行政诉讼', '投诉举报', '其他'] as const;

/** 救济渠道: how a party challenges a decision or complains. */
export const RemediesContent = Type.Object(
  {
    intro: Intro,
    channels: Type.Array(
      Type.Object(
        {
          kind: Type.Union(REMEDY_KINDS.map((c) => Type.Literal(c))),
          body: Type.Optional(Line('受理机关')),
          deadline: Type.Optional(Line('期限, e.g. 自知道该行政行为之日起六十日内')),
          address: Type.Optional(Line('地址')),
          phone: Type.Optional(Line('电话', 60)),
          website: Type.Optional(Line('网站')),
          basis: Type.Optional(Text('依据', 1000)),
          note: Type.Optional(Text('说明', 2000)),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    sections: Sections,
  },
  { additionalProperties: false },
);

/** 服务指南: one matter, what it needs and how it goes. */
export const GuideContent = Type.Object(
  {
    intro: Intro,
    matter: Line('事项名称'),
    basis: Type.Optional(Text('办理依据', 3000)),
    conditions: Type.Optional(Lines('办理条件')),
    materials: Type.Optional(Lines('申请材料')),
    steps: Type.Optional(Lines('办理流程')),
    timeLimit: Type.Optional(Line('办理时限')),
    fee: Type.Optional(Line('收费标准')),
    place: Type.Optional(Line('办理地点')),
    hours: Type.Optional(Line('办理时间')),
    phone: Type.Optional(Line('咨询电话', 60)),
    sections: Sections,
  },
  { additionalProperties: false },
);

/** The schema an editor's content is checked against, per authored kind. */
export const AUTHORED_SCHEMAS: Record<Exclude<PageKind, 'officers' | 'procedure' | 'inspection-list'>, TSchema> = {
  subject: SubjectContent,
  duties: DutiesContent,
  basis: BasisContent,
  remedies: RemediesContent,
  guide: GuideContent,
};

// ---------------------------------------------------------------- generated content

/** 执法人员: name, 执法证号 and unit only (never the badge number, phone or ID number). */
export const OfficersContent = Type.Object(
  {
    officers: Type.Array(
      Type.Object(
        { name: Type.String(), licenceNo: Type.String(), unit: Type.String() },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type OfficersContent = Static<typeof OfficersContent>;

/** One step of an enforcement kind's procedure as configured. */
export const ProcedureStepConfig = Type.Object(
  {
    kind: Type.Union(STEP_KINDS.map((k) => Type.Literal(k))),
    title: Type.Optional(Line('What the public reads for this step; default: the kind’s name', 60)),
    requirement: Type.Optional(Type.Union(REQUIREMENTS.map((r) => Type.Literal(r)))),
    optional: Type.Optional(Type.Boolean({ description: 'The step happens only in some cases (see condition)' })),
    condition: Type.Optional(Line('When it happens, e.g. 当事人要求听证的', 100)),
    note: Type.Optional(Text('What happens in it', 500)),
  },
  { additionalProperties: false },
);
export type ProcedureStepConfig = Static<typeof ProcedureStepConfig>;
export const ProcedureSteps = Type.Array(ProcedureStepConfig, { minItems: 1, maxItems: 30 });

/** The random-inspection list's eight columns, in order (随机抽查事项清单). */
export const INSPECTION_LIST_COLUMNS = [
  { key: 'no', label: '序号' },
  { key: 'item', label: '检查项目' },
  { key: 'subItem', label: '检查子项' },
  { key: 'subject', label: '检查主体' },
  { key: 'basis', label: '检查依据' },
  { key: 'method', label: '检查方式' },
  { key: 'content', label: '检查内容' },
  { key: 'note', label: '备注' },
] as const;

export interface InspectionListRow {
  no: number;
  /** The item's id in the list (the id a draw's record names). */
  id: string;
  item: string;
  subItem: string;
  subject: string;
  basis: string;
  method: string;
  content: string;
  note: string;
}

export interface InspectionListContent {
  columns: { key: string; label: string }[];
  rows: InspectionListRow[];
}

// ---------------------------------------------------------------- the public version

/** A page version as published: the exact object whose JSON the station signs. */
export interface PublicPage {
  format: typeof PAGE_FORMAT;
  /** Permanent id of this version (tag: URI). */
  id: string;
  slug: string;
  kind: PageKind;
  version: number;
  title: string;
  agency: string;
  /** Day from which this version applies (China time). */
  effectiveFrom: string;
  publishedAt: string;
  /** The version this one replaces and the SHA-256 of its public JSON: versions form a chain. */
  supersedes: { version: number; sha256: string } | null;
  content: unknown;
}
