/**
 * The content of a page published before enforcement, by kind, from its signed public JSON
 * (publicity/disclosure-content.ts describes each kind). The JSON is read defensively: a field
 * that is missing or of another type is left out rather than failing the page, and every value
 * is escaped by `markup`; the one piece of markup taken as it is, a procedure's flow chart, passes
 * safeSvg first.
 */
import { INSPECTION_LIST_COLUMNS, type PageKind } from '../../publicity/disclosure-content.js';
import { markup, type Html, type HtmlValue } from './html.js';
import { safeSvg } from './svg.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => list(v).map(str).filter(Boolean);

/** A link when the address is http(s), else the text. */
function link(text: string, url: string): Html {
  return /^https?:\/\/[^\s"<>]+$/.test(url) ? markup`<a href="${url}">${text || url}</a>` : markup`${text}`;
}

/** A definition list of the rows that have a value. */
export function facts(rows: readonly (readonly [string, HtmlValue])[]): Html {
  const shown = rows.filter(([, v]) => v !== '' && v !== undefined && v !== null && v !== false);
  if (!shown.length) return markup``;
  return markup`<dl class="facts">${shown.map(([k, v]) => markup`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

const paragraph = (text: string) => (text ? markup`<p class="text">${text}</p>` : markup``);

/**
 * An accessible table: a caption naming it (`id`, unique in the page), column headers with scope,
 * in a region that can be scrolled with the keyboard when it is wider than the screen.
 */
export function table(
  id: string,
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly HtmlValue[])[],
): Html {
  return markup`<div class="table-wrap" role="region" aria-labelledby="${id}" tabindex="0">
<table>
<caption id="${id}">${caption}</caption>
<thead><tr>${headers.map((h) => markup`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>
${rows.map((r) => markup`<tr>${r.map((c) => markup`<td>${c}</td>`)}</tr>\n`)}</tbody>
</table>
</div>`;
}

function intro(c: Obj): Html {
  return paragraph(str(c.intro));
}

/** Free sections an editor may add below a page's structured part. */
function sections(c: Obj): Html {
  return markup`${list(c.sections).map((s) => {
    const sec = obj(s);
    return markup`<h2>${str(sec.heading)}</h2>
${strings(sec.paragraphs).map(paragraph)}`;
  })}`;
}

function subject(c: Obj): Html {
  const units = list(c.units).map(obj);
  return markup`${intro(c)}
<h2>基本信息</h2>
${facts([
  ['机关名称', str(c.name)],
  ['机关性质', str(c.nature)],
  ['设立依据', str(c.establishedBy)],
  ['管辖范围', str(c.jurisdiction)],
  ['办公地址', str(c.address)],
  ['邮政编码', str(c.postcode)],
  ['联系电话', str(c.phone)],
  ['网站', str(c.website) ? link(str(c.website), str(c.website)) : ''],
  ['办公时间', str(c.officeHours)],
])}
${
  units.length
    ? markup`<h2>执法机构</h2>
${units.map(
  (u) => markup`<h3>${str(u.name)}</h3>
${facts([
  ['职责', str(u.duties)],
  ['地址', str(u.address)],
  ['电话', str(u.phone)],
])}`,
)}`
    : ''
}
${sections(c)}`;
}

function duties(c: Obj): Html {
  const items = list(c.duties).map(obj);
  const powers = list(c.powers).map(obj);
  return markup`${intro(c)}
${
  items.length
    ? markup`<h2>主要职责</h2>
<ol class="entries">${items.map(
        (d) => markup`<li><p class="entry-title">${str(d.title)}</p>${paragraph(str(d.description))}</li>`,
      )}</ol>`
    : ''
}
${
  powers.length
    ? markup`<h2>权责清单</h2>
${table(
  'powers-table',
  `权责清单（共 ${powers.length} 项）`,
  ['序号', '类别', '权力事项名称', '设定依据', '实施主体', '备注'],
  powers.map((p, i) => [i + 1, str(p.category), str(p.name), str(p.basis), str(p.subject), str(p.note)]),
)}`
    : ''
}
${sections(c)}`;
}

function basis(c: Obj): Html {
  const docs = list(c.documents).map(obj);
  return markup`${intro(c)}
${
  docs.length
    ? markup`<h2>法律法规目录</h2>
${table(
  'basis-table',
  `执法依据（共 ${docs.length} 件）`,
  ['序号', '名称', '效力层级', '制定机关', '文号', '施行日期', '适用条款'],
  docs.map((d, i) => [
    i + 1,
    link(str(d.title), str(d.url)),
    str(d.level),
    str(d.issuer),
    str(d.number),
    str(d.effectiveDate),
    str(d.articles),
  ]),
)}`
    : ''
}
${sections(c)}`;
}

function remedies(c: Obj): Html {
  return markup`${intro(c)}
${list(c.channels)
  .map(obj)
  .map(
    (ch) => markup`<h2>${str(ch.kind)}</h2>
${facts([
  ['受理机关', str(ch.body)],
  ['期限', str(ch.deadline)],
  ['地址', str(ch.address)],
  ['电话', str(ch.phone)],
  ['网站', str(ch.website) ? link(str(ch.website), str(ch.website)) : ''],
  ['依据', str(ch.basis)],
  ['说明', str(ch.note)],
])}`,
  )}
${sections(c)}`;
}

function guide(c: Obj): Html {
  const part = (title: string, items: string[], ordered: boolean) =>
    items.length
      ? markup`<h2>${title}</h2>
${ordered ? markup`<ol>${items.map((x) => markup`<li>${x}</li>`)}</ol>` : markup`<ul>${items.map((x) => markup`<li>${x}</li>`)}</ul>`}`
      : '';
  return markup`${intro(c)}
<h2>事项信息</h2>
${facts([
  ['事项名称', str(c.matter)],
  ['办理依据', str(c.basis)],
  ['办理时限', str(c.timeLimit)],
  ['收费标准', str(c.fee)],
  ['办理地点', str(c.place)],
  ['办理时间', str(c.hours)],
  ['咨询电话', str(c.phone)],
])}
${part('办理条件', strings(c.conditions), false)}
${part('申请材料', strings(c.materials), true)}
${part('办理流程', strings(c.steps), true)}
${sections(c)}`;
}

/** 执法人员: name, 执法证号 and unit, and nothing else, whatever else the JSON might hold. */
function officers(c: Obj): Html {
  const people = list(c.officers).map(obj);
  return markup`<p>以下执法人员持有有效的行政执法证件，可依法从事行政执法活动。执法时应当主动出示执法证件；公众可按执法证号核对执法人员身份。</p>
${table(
  'officers-table',
  `执法人员名单（共 ${people.length} 人）`,
  ['序号', '姓名', '执法证号', '所属单位'],
  people.map((p, i) => [i + 1, str(p.name), str(p.licenceNo), str(p.unit)]),
)}`;
}

/** 执法流程: the chart (when it passes safeSvg) and the same flow as text, step by step. */
function procedure(c: Obj, title: string): Html {
  const chart = safeSvg(c.svg);
  const steps = list(c.nodes)
    .map(obj)
    .filter((n) => n.type === 'step');
  return markup`<p>本页公开${str(c.caseKindLabel) || title}的办理流程及各环节的执法全过程记录要求。虚线框所示环节视具体情况进行。</p>
${
  chart
    ? markup`<figure class="flow">
${chart}
<figcaption>${title}图（文字说明见下方“流程说明”）</figcaption>
</figure>`
    : ''
}
<h2>流程说明</h2>
<ol class="entries">
${steps.map(
  (n) => markup`<li><p class="entry-title">${str(n.label)}${n.optional === true ? '（视情况进行）' : ''}</p>
${facts([
  ['适用情形', str(n.condition)],
  ['音像记录要求', str(n.requirementLabel)],
  ['说明', str(n.note)],
])}</li>
`,
)}</ol>`;
}

/** 随机抽查事项清单: the eight columns, in order. */
function inspectionList(c: Obj): Html {
  const given = list(c.columns).map(obj);
  const columns =
    given.length && given.every((col) => str(col.key) && str(col.label))
      ? given.map((col) => ({ key: str(col.key), label: str(col.label) }))
      : INSPECTION_LIST_COLUMNS.map((col) => ({ key: col.key, label: col.label }));
  const rows = list(c.rows).map(obj);
  return markup`<p>本清单列明本机关随机抽查的事项。抽查对象和执法检查人员均随机抽取，抽取过程和结果向社会公开，见“双随机抽查”栏目。</p>
${table(
  'inspection-list-table',
  `随机抽查事项清单（共 ${rows.length} 项）`,
  columns.map((col) => col.label),
  rows.map((r) => columns.map((col) => str(r[col.key]))),
)}`;
}

/** The content of a page version, by its kind. */
export function pageContent(kind: PageKind, content: unknown, title: string): Html {
  const c = obj(content);
  switch (kind) {
    case 'subject':
      return subject(c);
    case 'duties':
      return duties(c);
    case 'basis':
      return basis(c);
    case 'remedies':
      return remedies(c);
    case 'guide':
      return guide(c);
    case 'officers':
      return officers(c);
    case 'procedure':
      return procedure(c, title);
    case 'inspection-list':
      return inspectionList(c);
    default:
      return markup`<pre>${JSON.stringify(content, null, 2)}</pre>`;
  }
}
