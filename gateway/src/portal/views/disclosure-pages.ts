/**
 * The pages published before enforcement (事前公开): the index (the version of each page in effect
 * and those announced), and one page version with its day of effect, its history (each version at
 * its own address), its content and its station signature.
 */
import type { ServedPage, VersionInfo } from '../disclosure-pages.js';
import { absolute, pagePaths, type PortalSite } from '../site.js';
import { minuteOf } from './format.js';
import { markup, type Html } from './html.js';
import { layout } from './layout.js';
import { facts, pageContent, table } from './page-content.js';
import { signatureSection } from './verify.js';

const day = (d: string) => markup`<time datetime="${d}">${d}</time>`;

function breadcrumb(title?: string): Html {
  return markup`<nav class="breadcrumb" aria-label="当前位置"><ol>
<li><a href="/">首页</a></li>
<li>${title ? markup`<a href="${pagePaths.index}">事前公开</a>` : markup`<span aria-current="page">事前公开</span>`}</li>
${title ? markup`<li><span aria-current="page">${title}</span></li>` : ''}
</ol></nav>`;
}

export function disclosureIndexPage(site: PortalSite, index: { current: ServedPage[]; upcoming: ServedPage[] }): Html {
  const entry = (s: ServedPage, upcoming: boolean) =>
    markup`<li><a href="${upcoming ? pagePaths.version(s.page.slug, s.page.version) : pagePaths.page(s.page.slug)}">${s.page.title}</a>
<span class="muted">第 ${s.page.version} 版，${upcoming ? '将于' : '自'} ${day(s.page.effectiveFrom)} 起施行</span></li>`;
  const main = markup`${breadcrumb()}
<h1>事前公开</h1>
<p>依据行政执法公示制度，${site.agency}在作出行政执法行为之前，主动公开执法主体、执法人员、职责权限、执法依据、执法流程、救济渠道、服务指南和随机抽查事项清单等信息。每次调整均形成新的版本并注明施行日期，历史版本可随时查阅；每个版本均由本站密钥签名，可自行验证。</p>
${
  index.current.length
    ? markup`<h2 id="current-heading">现行公开内容</h2>
<ul class="page-list" aria-labelledby="current-heading">${index.current.map((s) => entry(s, false))}</ul>`
    : markup`<p class="notice">暂无已施行的公开内容。</p>`
}
${
  index.upcoming.length
    ? markup`<h2 id="upcoming-heading">已公布、尚未施行</h2>
<ul class="page-list" aria-labelledby="upcoming-heading">${index.upcoming.map((s) => entry(s, true))}</ul>`
    : ''
}
<h2>开放数据</h2>
<p>以上内容的数据接口（JSON）：<a href="${pagePaths.api}">${pagePaths.api}</a>。验证方法见<a href="/open-data#verify">开放数据与验证</a>。</p>`;
  return layout(site, { title: '事前公开', main, canonical: absolute(site, pagePaths.index) });
}

const STATUS: Record<VersionInfo['status'], string> = { current: '现行', past: '历史版本', upcoming: '尚未施行' };

function period(h: VersionInfo): Html {
  if (h.status === 'upcoming') return markup`将于 ${day(h.effectiveFrom)} 起施行`;
  if (h.status === 'current') return markup`自 ${day(h.effectiveFrom)} 起施行`;
  if (h.neverInForce) return markup`原定 ${day(h.effectiveFrom)} 起施行，施行前已被新版本取代`;
  return markup`${day(h.effectiveFrom)} 至 ${h.inForceUntil ? day(h.inForceUntil) : '—'}`;
}

function historyTable(slug: string, history: readonly VersionInfo[], shown: number): Html {
  return table(
    'versions-table',
    `版本记录（共 ${history.length} 个版本）`,
    ['版本', '状态', '施行期间', '原文 SHA-256'],
    history.map((h) => [
      h.version === shown
        ? markup`<span aria-current="page">第 ${h.version} 版（本页）</span>`
        : markup`<a href="${pagePaths.version(slug, h.version)}">第 ${h.version} 版</a>`,
      STATUS[h.status],
      period(h),
      h.sha256 ? markup`<code class="sig">${h.sha256}</code>` : '—',
    ]),
  );
}

export interface PageVersionView {
  served: ServedPage;
  status: VersionInfo['status'];
  history: VersionInfo[];
  /** The version in effect, when there is one. */
  current?: number;
}

export function disclosurePage(site: PortalSite, v: PageVersionView): Html {
  const { page, signature } = v.served;
  const info = v.history.find((h) => h.version === page.version)!;
  const currentLink =
    v.current !== undefined
      ? markup`<a href="${pagePaths.page(page.slug)}">查看现行版本（第 ${v.current} 版）</a>`
      : '';
  const notice =
    v.status === 'past'
      ? markup`<p class="notice">这是历史版本，已不再施行（${period(info)}）。${currentLink}</p>`
      : v.status === 'upcoming'
        ? markup`<p class="notice">本版本已公布，将于 ${day(page.effectiveFrom)} 起施行；在此之前，${v.current !== undefined ? markup`现行版本为第 ${v.current} 版。${currentLink}` : '本页尚无施行中的版本。'}</p>`
        : '';
  const main = markup`${breadcrumb(page.title)}
<article aria-labelledby="page-title">
<h1 id="page-title">${page.title}</h1>
${notice}
${facts([
  ['版本', `第 ${page.version} 版（${STATUS[v.status]}）`],
  ['施行日期', day(page.effectiveFrom)],
  ['发布时间', markup`<time datetime="${page.publishedAt}">${minuteOf(page.publishedAt)}</time>`],
  ['发布机关', page.agency],
  [
    '取代版本',
    page.supersedes
      ? markup`<a href="${pagePaths.version(page.slug, page.supersedes.version)}">第 ${page.supersedes.version} 版</a>（原文 SHA-256 <code class="sig">${page.supersedes.sha256}</code>）`
      : '无（首个版本）',
  ],
  ['永久标识', markup`<code class="sig">${page.id}</code>`],
])}
${pageContent(page.kind, page.content, page.title)}
<h2>版本记录</h2>
<p>本页每次调整均形成新版本，旧版本保留可查；每个版本注明其取代的版本及其原文 SHA-256，构成可核对的版本链。</p>
${historyTable(page.slug, v.history, page.version)}
${signatureSection(site, {
  signature,
  what: '本版本内容',
  jsonPath: pagePaths.publicJson(page.slug, page.version),
  signaturePath: pagePaths.signature(page.slug, page.version),
  jsonName: 'page.json',
  signatureName: 'page.sig.json',
})}
</article>`;
  const canonical = v.status === 'current' ? pagePaths.page(page.slug) : pagePaths.version(page.slug, page.version);
  return layout(site, {
    title: v.status === 'current' ? page.title : `${page.title}（第 ${page.version} 版）`,
    main,
    canonical: absolute(site, canonical),
  });
}

/** A page whose versions are all announced for later days. */
export function notYetPage(site: PortalSite, slug: string, history: readonly VersionInfo[]): Html {
  const first = history[history.length - 1]!;
  const main = markup`${breadcrumb('尚未施行')}
<h1>本页内容尚未施行</h1>
<p class="notice">本页已公布的版本将于 ${day(first.effectiveFrom)} 起施行。</p>
${historyTable(slug, history, 0)}`;
  return layout(site, { title: '尚未施行', main });
}
