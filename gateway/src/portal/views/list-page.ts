/** The home page: the search form (words, kind, year), one page of results, the pager. */
import { PUBLICATION_KINDS } from '@liuhen/contract';
import { KIND_LABELS, type ServedItem } from '../items.js';
import { listSearch, type ListQuery } from '../query.js';
import type { ResultList } from '../results.js';
import { absolute, paths, type PortalSite } from '../site.js';
import { dayOf } from './format.js';
import { jsonScript, markup, type Html } from './html.js';
import { layout } from './layout.js';

const selected = (yes: boolean) => (yes ? markup` selected` : '');

function searchForm(q: ListQuery, years: readonly number[]): Html {
  const kind = q.filter.kind ?? '';
  const year = q.filter.year;
  // A year asked for that has no items still shows as chosen, so the form says what was searched.
  const yearChoices = year !== undefined && !years.includes(year) ? [year, ...years] : years;
  return markup`<form class="search" role="search" aria-label="检索公示结果" method="get" action="/">
<div><label for="q">关键词</label><input id="q" name="q" type="search" value="${q.q}" maxlength="100" placeholder="文号、当事人、违法行为等"></div>
<div><label for="kind">类别</label><select id="kind" name="kind">
<option value=""${selected(kind === '')}>全部类别</option>
${PUBLICATION_KINDS.map((k) => markup`<option value="${k}"${selected(k === kind)}>${KIND_LABELS[k]}</option>`)}
</select></div>
<div><label for="year">公示年份</label><select id="year" name="year">
<option value=""${selected(year === undefined)}>全部年份</option>
${yearChoices.map((y) => markup`<option value="${y}"${selected(y === year)}>${y} 年</option>`)}
</select></div>
<div><button type="submit">检索</button></div>
</form>`;
}

function resultItem(s: ServedItem): Html {
  const f = s.item.fields;
  return markup`<li><article>
<h3><a href="${paths.page(s.slug)}">${s.item.title}</a></h3>
<dl class="facts">
<dt>类别</dt><dd>${KIND_LABELS[s.item.kind]}</dd>
<dt>决定书文号</dt><dd>${f.decisionNumber}</dd>
<dt>当事人</dt><dd>${f.party}</dd>
<dt>作出决定的机关</dt><dd>${f.agency}</dd>
<dt>决定日期</dt><dd><time datetime="${f.decisionDate}">${f.decisionDate}</time></dd>
<dt>公示日期</dt><dd><time datetime="${s.item.publishedAt}">${dayOf(s.item.publishedAt)}</time></dd>
</dl>
</article></li>`;
}

function pager(q: ListQuery, list: ResultList): Html {
  if (list.pages <= 1) return markup``;
  const page = Math.min(q.page, list.pages);
  const prev = Math.min(q.page - 1, list.pages);
  return markup`<nav class="pager" aria-label="分页">
<ul>
${q.page > 1 ? markup`<li><a href="/${listSearch(q, { page: prev })}" rel="prev">上一页</a></li>` : ''}
<li><a href="/${listSearch(q, { page })}" aria-current="page">第 ${page} 页，共 ${list.pages} 页</a></li>
${q.page < list.pages ? markup`<li><a href="/${listSearch(q, { page: q.page + 1 })}" rel="next">下一页</a></li>` : ''}
</ul>
</nav>`;
}

export function listPage(site: PortalSite, q: ListQuery, list: ResultList): Html {
  const searching = q.q !== '' || q.filter.kind !== undefined || q.filter.year !== undefined;
  const title = searching ? `检索结果：${q.q || '全部'}` : site.title;
  const first = (q.page - 1) * q.limit;
  const shown = list.items.length ? `，本页显示第 ${first + 1}–${first + list.items.length} 条` : '';
  const main = markup`<h1>${site.title}</h1>
<p>本站公开${site.agency}作出的行政执法结果（行政处罚、行政强制、行政检查等）。公示内容已依法脱敏，每条均附本站电子签名，可自行验证。</p>
${searchForm(q, list.years)}
<h2 id="results-heading">${searching ? '检索结果' : '最新公示'}</h2>
<p>共 ${list.total} 条${shown}。</p>
${
  list.items.length
    ? markup`<ol class="results" aria-labelledby="results-heading">${list.items.map(resultItem)}</ol>`
    : markup`<p class="notice">没有符合条件的公示结果。</p>`
}
${pager(q, list)}`;
  return layout(site, {
    title,
    main,
    ...(searching ? {} : { canonical: absolute(site, '/') }),
    jsonLd: jsonScript({
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: site.title,
      url: absolute(site, '/'),
      inLanguage: 'zh-CN',
      publisher: { '@type': 'GovernmentOrganization', name: site.agency },
      potentialAction: {
        '@type': 'SearchAction',
        target: `${absolute(site, '/')}?q={search_term_string}`,
        'query-input': 'required name=search_term_string',
      },
    }),
  });
}
