/**
 * The page frame: lang="zh-CN", a skip link to the main content, landmarks (banner, navigation,
 * main, contentinfo), the feeds announced in <head>, the station key's fingerprint in the footer.
 */
import type { PortalSite } from '../site.js';
import { markup, type Html } from './html.js';

export interface PageParts {
  /** The page's own title (before the site's). */
  title: string;
  main: Html;
  /** The public address of this page (rel=canonical), when it has one. */
  canonical?: string;
  /** <script type="application/ld+json">, from jsonScript. */
  jsonLd?: Html;
}

export function layout(site: PortalSite, page: PageParts): Html {
  const fullTitle = page.title === site.title ? site.title : `${page.title} - ${site.title}`;
  return markup`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<link rel="stylesheet" href="/portal.css">
<link rel="alternate" type="application/atom+xml" title="${site.title}（Atom）" href="/feed.atom">
<link rel="alternate" type="application/rss+xml" title="${site.title}（RSS）" href="/feed.rss">
<link rel="alternate" type="application/feed+json" title="${site.title}（JSON Feed）" href="/feed.json">
${page.canonical ? markup`<link rel="canonical" href="${page.canonical}">` : ''}
${page.jsonLd ?? ''}
</head>
<body>
<a class="skip" href="#main">跳到主要内容</a>
<header class="banner">
<div class="wrap">
<p class="site-title"><a href="/">${site.title}</a></p>
<p class="agency">${site.agency}</p>
</div>
</header>
<nav class="site-nav" aria-label="网站导航">
<div class="wrap">
<ul>
<li><a href="/">公示结果</a></li>
<li><a href="/disclosure">事前公开</a></li>
<li><a href="/inspections">双随机抽查</a></li>
<li><a href="/open-data">开放数据与验证</a></li>
</ul>
</div>
</nav>
<main id="main" tabindex="-1">
<div class="wrap">
${page.main}
</div>
</main>
<footer>
<div class="wrap">
<ul>
<li><a href="/feed.atom">Atom 订阅</a></li>
<li><a href="/feed.rss">RSS 订阅</a></li>
<li><a href="/feed.json">JSON Feed</a></li>
<li><a href="/results.csv">下载全部（CSV）</a></li>
<li><a href="/api/results">数据接口（JSON）</a></li>
<li><a href="/api/pages">事前公开数据（JSON）</a></li>
<li><a href="/api/draws">双随机抽取数据（JSON）</a></li>
<li><a href="/station-key.pem">签名公钥</a></li>
</ul>
<p class="muted">发布机关：${site.agency}。公示内容经脱敏处理并由本站密钥签名，公钥指纹（SHA-256）：<code class="sig">${site.fingerprint}</code></p>
</div>
</footer>
</body>
</html>
`;
}
