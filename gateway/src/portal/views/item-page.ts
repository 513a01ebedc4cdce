/**
 * One published result: every field, the publication dates, the station's signature and how to
 * verify it, and schema.org JSON-LD (an Article by a GovernmentOrganization, with the permanent
 * id and the decision number as identifiers).
 */
import { KIND_LABELS, type ServedItem } from '../items.js';
import { absolute, paths, type PortalSite } from '../site.js';
import { dayOf, minuteOf } from './format.js';
import { jsonScript, markup, type Html } from './html.js';
import { layout } from './layout.js';

function jsonLd(site: PortalSite, s: ServedItem): Html {
  const { item } = s;
  const url = absolute(site, paths.page(s.slug));
  return jsonScript({
    '@context': 'https://schema.org',
    '@type': 'Article',
    '@id': url,
    url,
    mainEntityOfPage: url,
    // schema.org advises headlines of at most 110 characters; the full title is the name.
    headline: item.title.length > 110 ? `${item.title.slice(0, 109)}…` : item.title,
    name: item.title,
    genre: KIND_LABELS[item.kind],
    inLanguage: 'zh-CN',
    identifier: [
      { '@type': 'PropertyValue', propertyID: 'tag', value: item.id },
      { '@type': 'PropertyValue', propertyID: '决定书文号', value: item.fields.decisionNumber },
    ],
    datePublished: item.publishedAt,
    dateModified: item.updatedAt,
    ...(item.expiresAt ? { expires: item.expiresAt } : {}),
    author: { '@type': 'GovernmentOrganization', name: item.fields.agency },
    publisher: { '@type': 'GovernmentOrganization', name: site.agency, url: absolute(site, '/') },
    isAccessibleForFree: true,
    encoding: {
      '@type': 'MediaObject',
      contentUrl: absolute(site, paths.publicJson(s.slug)),
      encodingFormat: 'application/json',
    },
  });
}

/** A video released with the item (blurred and muted copy; the original stays sealed at the station). */
export interface ItemVideo {
  file: string;
  manifest: string;
  sha256: string;
}

export function itemPage(site: PortalSite, s: ServedItem, videos: readonly ItemVideo[] = []): Html {
  const { item, signature } = s;
  const f = item.fields;
  const main = markup`<p><a href="/">返回公示列表</a></p>
<article aria-labelledby="item-title">
<h1 id="item-title">${item.title}</h1>
<p class="muted">${KIND_LABELS[item.kind]} · 公示于 <time datetime="${item.publishedAt}">${dayOf(item.publishedAt)}</time></p>
<h2>公示内容</h2>
<dl class="facts">
<dt>决定书文号</dt><dd>${f.decisionNumber}</dd>
<dt>当事人</dt><dd>${f.party}</dd>
<dt>主要违法事实</dt><dd>${f.violation}</dd>
<dt>处罚依据</dt><dd>${f.basis}</dd>
<dt>处罚结果</dt><dd>${f.outcome}</dd>
<dt>作出决定的机关</dt><dd>${f.agency}</dd>
<dt>决定日期</dt><dd><time datetime="${f.decisionDate}">${f.decisionDate}</time></dd>
</dl>
${videos.length === 0 ? '' : videoSection(videos)}
<h2>公示信息</h2>
<dl class="facts">
<dt>公示时间</dt><dd><time datetime="${item.publishedAt}">${minuteOf(item.publishedAt)}</time></dd>
<dt>更新时间</dt><dd><time datetime="${item.updatedAt}">${minuteOf(item.updatedAt)}</time></dd>
<dt>公示截止</dt><dd>${item.expiresAt ? markup`<time datetime="${item.expiresAt}">${dayOf(item.expiresAt)}</time>` : '—'}</dd>
<dt>永久标识</dt><dd><code class="sig">${item.id}</code></dd>
</dl>
<h2>电子签名与验证</h2>
<p>本条公示内容（下方“签名原文”的每一个字节）由本站密钥以 Ed25519 签名。任何人可用本站公钥自行验证，内容一经改动即无法通过验证。</p>
<dl class="facts">
<dt>签名算法</dt><dd>${signature.algorithm}</dd>
<dt>公钥指纹</dt><dd><code class="sig">${signature.keyId}</code></dd>
<dt>原文 SHA-256</dt><dd><code class="sig">${signature.sha256}</code></dd>
<dt>签名值</dt><dd><code class="sig">${signature.signature}</code></dd>
</dl>
<ul>
<li><a href="${paths.publicJson(s.slug)}">签名原文（JSON）</a></li>
<li><a href="${paths.signature(s.slug)}">签名文件（JSON）</a></li>
<li><a href="${paths.stationKey}">本站签名公钥（PEM）</a></li>
<li><a href="/open-data#verify">验证方法</a></li>
</ul>
<h3>用 OpenSSL 验证</h3>
<pre><code>curl -o item.json ${absolute(site, paths.publicJson(s.slug))}
curl -o item.sig.json ${absolute(site, paths.signature(s.slug))}
curl -o station-key.pem ${absolute(site, paths.stationKey)}
jq -r .signature item.sig.json | base64 -d &gt; sig.bin
openssl pkeyutl -verify -pubin -inkey station-key.pem -rawin -in item.json -sigfile sig.bin</code></pre>
</article>`;
  return layout(site, {
    title: item.title,
    main,
    canonical: absolute(site, paths.page(s.slug)),
    jsonLd: jsonLd(site, s),
  });
}

/** The released videos: each playable, with the hash of the copy and its manifest (what it was cut from and what was blurred). */
function videoSection(videos: readonly ItemVideo[]): Html {
  const figures = videos.map(
    (v, i) => markup`<figure>
<video controls preload="metadata" src="${v.file}" aria-label="公示视频 ${String(i + 1)}"></video>
<figcaption>SHA-256 <code class="sig">${v.sha256}</code> · <a href="${v.manifest}">清单（来源哈希与编辑记录）</a></figcaption>
</figure>`,
  );
  return markup`<h2>公示视频</h2>
<p>视频中的人脸已模糊处理、相关声音已静音；原始录像封存于执法机关，清单载明本视频与原始录像的哈希关联。</p>
${figures}`;
}
