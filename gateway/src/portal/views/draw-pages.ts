/**
 * The random draws (双随机、一公开): the list with each draw's state, and a draw's page — the
 * commitment published before the draw (with its time and every input), the draw after it (the
 * seed and the assignments), or the notice of a draw called off, and how anyone verifies it with
 * verify-draw.mjs and OpenSSL.
 */
import type { PublicDrawRecord } from '../../inspections/random-draw.js';
import { assignmentsOf, DRAW_STATE_LABELS, type DrawSummary, type ServedDraw } from '../draws.js';
import { absolute, drawFileName, drawPaths, pagePaths, paths, type DrawFile, type PortalSite } from '../site.js';
import { minuteOf } from './format.js';
import { markup, type Html } from './html.js';
import { layout } from './layout.js';
import { facts, table } from './page-content.js';
import { opensslCommands } from './verify.js';

/** Rows of a long list shown on the page; the signed file has them all. */
const SHOWN = 1000;

const time = (iso: string | null) => (iso ? markup`<time datetime="${iso}">${minuteOf(iso)}</time>` : '—');

function breadcrumb(title?: string): Html {
  return markup`<nav class="breadcrumb" aria-label="当前位置"><ol>
<li><a href="/">首页</a></li>
<li>${title ? markup`<a href="${drawPaths.index}">双随机抽查</a>` : markup`<span aria-current="page">双随机抽查</span>`}</li>
${title ? markup`<li><span aria-current="page">${title}</span></li>` : ''}
</ol></nav>`;
}

/** The state as the public reads it; a committed draw past its time says it waits to be drawn. */
export function stateLabel(d: DrawSummary, now: string): string {
  if (d.state === 'committed' && Date.parse(now) >= Date.parse(d.drawAt)) return '已到抽取时间，待公布结果';
  return DRAW_STATE_LABELS[d.state];
}

export function drawListPage(site: PortalSite, draws: readonly DrawSummary[], now: string): Html {
  const main = markup`${breadcrumb()}
<h1>双随机抽查</h1>
<p>${site.agency}按照“双随机、一公开”要求，从检查对象名录中随机抽取检查对象，从执法检查人员名录中随机抽取执法检查人员。每次抽取前，本站公布全部抽取输入和一个承诺值（随机种子在抽取前已固定但保密）；抽取后公布种子和结果，任何人都可以用公开的验证程序复核抽取是否按承诺进行。抽查事项见<a href="${pagePaths.page('inspection-list')}">随机抽查事项清单</a>，抽查结果与其他执法结果一并<a href="/?kind=random-inspection">公示</a>。</p>
${
  draws.length
    ? table(
        'draws-table',
        `抽取记录（共 ${draws.length} 次）`,
        ['抽取名称', '抽取编号', '预定抽取时间', '状态', '承诺公布时间'],
        draws.map((d) => [
          markup`<a href="${drawPaths.page(d.drawId)}">${d.title}</a>`,
          d.drawId,
          time(d.drawAt),
          stateLabel(d, now),
          time(d.committedAt),
        ]),
      )
    : markup`<p class="notice">暂无公布的随机抽取。</p>`
}
<h2>开放数据</h2>
<p>抽取记录的数据接口（JSON）：<a href="${drawPaths.api}">${drawPaths.api}</a>。验证程序：<a href="${drawPaths.verifier}">verify-draw.mjs</a>（只需 Node.js 18 或更新版本，无需安装其他软件）。</p>`;
  return layout(site, { title: '双随机抽查', main, canonical: absolute(site, drawPaths.index) });
}

function rulesText(r: PublicDrawRecord['rules']): string {
  const rules = [
    r.excludeSameRegion ? '执法检查人员不检查其负责区域内的检查对象' : '',
    r.excludeSupervisingUnit ? '执法检查人员不检查本单位日常监管的检查对象（交叉检查）' : '',
  ].filter(Boolean);
  return rules.length ? rules.join('；') : '无（仅按申报的回避关系排除）';
}

/** A table of the columns that have a value in some row (a list without regions shows no region column). */
function listTable(id: string, caption: string, columns: [string, (i: number) => string][], count: number): Html {
  const rows = Array.from({ length: Math.min(count, SHOWN) }, (_, i) => i);
  const shown = columns.filter(([, value], c) => c < 3 || rows.some((i) => value(i) !== ''));
  return table(
    id,
    `${caption}（共 ${count} ${id === 'parties-table' ? '户' : '人'}${count > SHOWN ? `，本页列出前 ${SHOWN} 个` : ''}）`,
    shown.map(([label]) => label),
    rows.map((i) => shown.map(([, value]) => value(i))),
  );
}

function partiesTable(record: PublicDrawRecord): Html {
  const p = record.parties;
  return listTable(
    'parties-table',
    '检查对象名录',
    [
      ['序号', (i) => String(i + 1)],
      ['标识（统一社会信用代码等）', (i) => p[i]!.id],
      ['名称', (i) => p[i]!.name ?? ''],
      ['区域', (i) => p[i]!.region ?? ''],
      ['日常监管单位', (i) => p[i]!.supervisingUnit ?? ''],
    ],
    p.length,
  );
}

function inspectorsTable(record: PublicDrawRecord): Html {
  const p = record.inspectors;
  return listTable(
    'inspectors-table',
    '执法检查人员名录',
    [
      ['序号', (i) => String(i + 1)],
      ['执法证号', (i) => p[i]!.id],
      ['姓名', (i) => p[i]!.name ?? ''],
      ['所属单位', (i) => p[i]!.unit ?? ''],
      ['区域', (i) => p[i]!.region ?? ''],
    ],
    p.length,
  );
}

function assignmentsTable(
  id: string,
  caption: string,
  record: PublicDrawRecord,
  result: Parameters<typeof assignmentsOf>[1],
): Html {
  const all = assignmentsOf(record, result);
  const shown = all.slice(0, SHOWN);
  return table(
    id,
    `${caption}（共 ${all.length} 户${all.length > SHOWN ? `，本页列出前 ${SHOWN} 户` : ''}）`,
    ['抽取顺序', '检查对象', '执法检查人员（姓名、执法证号）'],
    shown.map((a) => [
      a.position,
      markup`${a.partyName ?? ''}${a.partyName ? markup`<br>` : ''}<span class="muted">${a.partyId}</span>`,
      markup`<ul class="plain">${a.inspectors.map((i) => markup`<li>${i.name ?? ''}（${i.licenceNo}）</li>`)}</ul>`,
    ]),
  );
}

function fileLinks(d: ServedDraw, what: 'commitment' | 'draw' | 'cancellation', label: string): Html {
  const json = `${what}.json` as DrawFile;
  const sig = `${what}.sig` as DrawFile;
  return markup`<ul>
<li><a href="${drawPaths.file(d.drawId, json)}">${label}（${drawFileName(d.drawId, json)}）</a></li>
<li><a href="${drawPaths.file(d.drawId, sig)}">${label}的签名（${drawFileName(d.drawId, sig)}）</a></li>
</ul>`;
}

function verifySection(site: PortalSite, d: ServedDraw): Html {
  const key = markup`<a href="${paths.stationKey}">本站签名公钥</a>`;
  const verifier = markup`<a href="${drawPaths.verifier}">verify-draw.mjs</a>`;
  if (d.drawRecord)
    return markup`<h2 id="verify">自行验证</h2>
<p>验证程序 ${verifier} 是一个独立的小程序，只用 Node.js 自带的模块，不依赖本系统的任何代码，可以逐行阅读。它根据抽取文件中的承诺、种子和全部输入，独立重新计算一遍抽取，检查：名录与公布的摘要一致、种子能打开抽取前公布的承诺、重新计算的结果与公布的结果完全一致。</p>
<ol class="steps">
<li><p>下载抽取文件和验证程序：</p>
<pre><code>curl -o draw.json ${absolute(site, drawPaths.file(d.drawId, 'draw.json'))}
curl -o verify-draw.mjs ${absolute(site, drawPaths.verifier)}</code></pre></li>
<li><p>运行验证（需要 Node.js 18 或更新版本）：</p>
<pre><code>node verify-draw.mjs draw.json</code></pre>
<p>显示以 “OK draw ${d.drawId}” 开头的一行，即抽取结果与抽取前公布的承诺一致；显示 “FAILED” 则说明了不一致之处。</p></li>
<li><p>核对抽取文件确由本站发布（用 OpenSSL 以${key}验证本站签名）：</p>
${opensslCommands(site, {
  jsonPath: drawPaths.file(d.drawId, 'draw.json'),
  signaturePath: drawPaths.file(d.drawId, 'draw.sig'),
  jsonName: 'draw.json',
  signatureName: 'draw.sig',
})}
<p>显示 “Signature Verified Successfully” 即文件未被改动。</p></li>
</ol>`;
  if (d.cancelRecord)
    return markup`<h2 id="verify">自行验证</h2>
<p>取消公告公开了本次抽取的种子。可用 OpenSSL 验证公告确由本站发布：</p>
${opensslCommands(site, {
  jsonPath: drawPaths.file(d.drawId, 'cancellation.json'),
  signaturePath: drawPaths.file(d.drawId, 'cancellation.sig'),
  jsonName: 'cancellation.json',
  signatureName: 'cancellation.sig',
})}
${
  d.cancelRecord.value.wouldHaveDrawn
    ? markup`<p>并可用验证程序 ${verifier} 复核：公开的种子能打开抽取前公布的承诺，且“按承诺本应抽取的结果”确由该种子算出：</p>
<pre><code>curl -o verify-draw.mjs ${absolute(site, drawPaths.verifier)}
jq '{record, seed, result: .wouldHaveDrawn}' cancellation.json &gt; would-have-drawn.json
node verify-draw.mjs would-have-drawn.json</code></pre>`
    : ''
}`;
  return markup`<h2 id="verify">自行验证</h2>
<p>抽取完成后，本页将公布种子、抽取结果和抽取文件，届时可用验证程序 ${verifier} 复核。现在即可用 OpenSSL 验证承诺文件确由本站在抽取前发布：</p>
${opensslCommands(site, {
  jsonPath: drawPaths.file(d.drawId, 'commitment.json'),
  signaturePath: drawPaths.file(d.drawId, 'commitment.sig'),
  jsonName: 'commitment.json',
  signatureName: 'commitment.sig',
})}
<p>显示 “Signature Verified Successfully” 即文件未被改动。请保存承诺文件或记下承诺值，抽取后可与抽取文件中的记录逐字核对。</p>`;
}

export function drawPage(site: PortalSite, d: ServedDraw, now: string): Html {
  const record = d.commitmentRecord.value;
  const item = record.item;
  const drawn = d.drawRecord?.value;
  const notice = d.cancelRecord?.value;
  const main = markup`${breadcrumb(d.title)}
<article aria-labelledby="draw-title">
<h1 id="draw-title">${d.title}</h1>
<p class="status">状态：<strong>${stateLabel(d, now)}</strong></p>
${facts([
  ['抽取编号', d.drawId],
  ['抽查事项', `${item.name}${item.subItem ? `（${item.subItem}）` : ''}`],
  ['检查依据', item.basis ?? ''],
  ['检查方式', item.method ?? ''],
  ['预定抽取时间', time(record.drawAt)],
  ['抽取检查对象', `${record.partyCount} 户（名录共 ${record.parties.length} 户）`],
  ['每户执法检查人员', `${record.inspectorsPerParty} 人（名录共 ${record.inspectors.length} 人）`],
  ['回避规则', rulesText(record.rules)],
  [
    '申报的回避关系',
    record.conflicts.length
      ? `${record.conflicts.length} 对（执法检查人员与检查对象，理由不公开），抽取时予以排除`
      : '无',
  ],
  ['外部随机源', record.beaconSource ?? ''],
])}
${
  notice
    ? markup`<h2>取消公告</h2>
<p class="notice">${notice.reason}</p>
${facts([
  ['取消时间', time(notice.cancelledAt)],
  ['公开的种子', markup`<code class="sig">${notice.seed}</code>`],
])}
<p>本次抽取在承诺公布后被取消。为防止因不满意抽取结果而取消后重新抽取，本站随取消公告一并公开了已承诺的种子${notice.wouldHaveDrawn ? '及按承诺本应抽取的结果' : ''}。</p>
${notice.wouldHaveDrawn ? assignmentsTable('would-table', '按承诺本应抽取的结果', record, notice.wouldHaveDrawn) : ''}
${fileLinks(d, 'cancellation', '取消公告')}`
    : ''
}
${
  drawn
    ? markup`<h2>抽取结果</h2>
${facts([
  ['抽取时间', time(d.drawnAt)],
  ['随机种子', markup`<code class="sig">${drawn.seed}</code>`],
  ['外部随机值', drawn.result.beacon ?? ''],
])}
${assignmentsTable('assignments-table', '抽取结果', record, drawn.result)}
<p>抽取文件（含抽取前的完整记录、种子和结果，供验证程序读取）：</p>
${fileLinks(d, 'draw', '抽取文件')}
<p>检查结果与其他执法结果一并公示：<a href="/?kind=random-inspection&amp;q=${encodeURIComponent(d.drawId)}">本次抽查的检查结果</a>。</p>`
    : ''
}
<h2>抽取前公布的承诺</h2>
<p>本次抽取的全部输入（检查对象名录、执法检查人员名录、回避关系和规则）和一个保密的随机种子，已于 ${time(d.committedAt)} 即抽取之前固定，并以承诺值公布。抽取后公布的种子必须能“打开”这一承诺，抽取结果也必须能由种子重新算出，因此抽取不能事后更改或重抽。</p>
${facts([
  ['承诺值', markup`<code class="sig">${record.commitment}</code>`],
  ['公布时间', time(d.committedAt)],
  ['算法', record.algorithm],
  ['抽查事项摘要', markup`<code class="sig">${record.digests.item}</code>`],
  ['检查对象名录摘要', markup`<code class="sig">${record.digests.parties}</code>`],
  ['执法检查人员名录摘要', markup`<code class="sig">${record.digests.inspectors}</code>`],
  ['回避关系摘要', markup`<code class="sig">${record.digests.conflicts}</code>`],
])}
${fileLinks(d, 'commitment', '承诺文件')}
${partiesTable(record)}
${inspectorsTable(record)}
${verifySection(site, d)}
</article>`;
  return layout(site, { title: d.title, main, canonical: absolute(site, drawPaths.page(d.drawId)) });
}
