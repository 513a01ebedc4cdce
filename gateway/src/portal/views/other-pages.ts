/** The pages that are not a list or an item: gone (410), not found, bad request, unavailable, open data. */
import type { PublicWithdrawal } from '@liuhen/contract';
import { EXPIRED_REASON } from '../items.js';
import { MAX_LIMIT } from '../query.js';
import { absolute, type PortalSite } from '../site.js';
import { minuteOf } from './format.js';
import { markup, type Html } from './html.js';
import { layout } from './layout.js';

/** An item taken down: only its id, when and the published reason (never its old text). */
export function gonePage(site: PortalSite, w: PublicWithdrawal): Html {
  const expired = w.reason === EXPIRED_REASON;
  const title = expired ? '该信息公示期已满' : '该信息已撤下';
  return layout(site, {
    title,
    main: markup`<h1>${title}</h1>
<p class="notice">${w.reason}</p>
<dl class="facts">
<dt>永久标识</dt><dd><code class="sig">${w.id}</code></dd>
<dt>${expired ? '公示截止时间' : '撤下时间'}</dt><dd><time datetime="${w.withdrawnAt}">${minuteOf(w.withdrawnAt)}</time></dd>
</dl>
<p><a href="/">返回公示列表</a></p>`,
  });
}

function message(site: PortalSite, title: string, text: string): Html {
  return layout(site, {
    title,
    main: markup`<h1>${title}</h1>
<p>${text}</p>
<p><a href="/">返回公示列表</a></p>`,
  });
}

export const notFoundPage = (site: PortalSite) => message(site, '未找到该页面', '所访问的页面或公示信息不存在。');
export const badRequestPage = (site: PortalSite, why: string) => message(site, '检索条件有误', why);
export const unavailablePage = (site: PortalSite) =>
  message(site, '该信息暂不可用', '该条公示信息未通过本站签名校验，暂不提供，请稍后再试。');
export const errorPage = (site: PortalSite) => message(site, '服务暂时出错', '请稍后再试。');

/** What the open data holds and how to check an item's signature. */
export function openDataPage(site: PortalSite): Html {
  const base = absolute(site, '');
  return layout(site, {
    title: '开放数据与验证',
    canonical: absolute(site, '/open-data'),
    main: markup`<h1>开放数据与验证</h1>
<h2>数据</h2>
<dl class="facts">
<dt><a href="/api/results">/api/results</a></dt><dd>公示结果（JSON），参数：q（关键词）、kind（类别）、year（公示年份）、page（页码）、limit（每页条数，最多 ${MAX_LIMIT}）</dd>
<dt>/api/results/{标识}</dt><dd>单条公示（JSON），含签名原文与签名；已撤下或公示期满的返回 410 及原因</dd>
<dt><a href="/results.csv">/results.csv</a></dt><dd>全部在公示期内的结果（CSV，UTF-8）</dd>
<dt><a href="/feed.atom">/feed.atom</a></dt><dd>Atom 订阅，撤下的条目以 RFC 6721 删除标记告知</dd>
<dt><a href="/feed.rss">/feed.rss</a></dt><dd>RSS 2.0 订阅</dd>
<dt><a href="/feed.json">/feed.json</a></dt><dd>JSON Feed 1.1 订阅</dd>
<dt><a href="/api/pages">/api/pages</a></dt><dd>事前公开各页面的现行版本及已公布尚未施行的版本（JSON）</dd>
<dt>/api/pages/{页面}</dt><dd>页面的现行版本（JSON），含签名原文、签名及全部版本记录；/api/pages/{页面}/versions/{版本号} 为指定版本，其后加 /public.json、/signature.json 为签名原文与签名文件</dd>
<dt><a href="/api/draws">/api/draws</a></dt><dd>双随机抽取记录及状态（JSON）</dd>
<dt>/api/draws/{抽取编号}</dt><dd>一次抽取（JSON）：抽取输入摘要、抽取后的种子与结果、取消公告，及签名文件的地址</dd>
<dt><a href="/inspections/verify-draw.mjs">/inspections/verify-draw.mjs</a></dt><dd>双随机抽取的独立验证程序（Node.js），用法：node verify-draw.mjs 抽取文件.json</dd>
<dt><a href="/station-key.pem">/station-key.pem</a></dt><dd>本站签名公钥（Ed25519，PEM），指纹 <code class="sig">${site.fingerprint}</code></dd>
</dl>
<p>{标识} 为条目永久标识（tag: URI）UTF-8 字节的 base64url 编码（无填充），与页面地址 /results/{标识} 相同。</p>
<h2 id="verify">验证签名</h2>
<p>每条公示的签名原文是其 JSON 的确切字节，签名为本站密钥的 Ed25519 签名。可用 OpenSSL 验证：</p>
<pre><code>curl -o item.json ${base}/api/results/{标识}/public.json
curl -o item.sig.json ${base}/api/results/{标识}/signature.json
curl -o station-key.pem ${base}/station-key.pem
jq -r .signature item.sig.json | base64 -d &gt; sig.bin
openssl pkeyutl -verify -pubin -inkey station-key.pem -rawin -in item.json -sigfile sig.bin</code></pre>
<p>显示 “Signature Verified Successfully” 即内容未被改动。请将公钥指纹与发布机关公布的指纹核对。</p>`,
  });
}
