/**
 * The portal's one style sheet, served at /portal.css (a file, not inline: the pages' CSP allows
 * no inline style). Colours meet WCAG 2.1 AA contrast: body text #1f1f1f on white (16:1), links
 * #0b4f9c (8:1), the banner's white on #8a1c14 (8.6:1), muted text #4d4d4d (8.5:1). The focus
 * ring is always visible; nothing depends on colour alone. Tables scroll sideways in a focusable
 * region on narrow screens; a flow chart (inline SVG) shrinks to the width of the page.
 */
export const PORTAL_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",system-ui,sans-serif;line-height:1.6;color:#1f1f1f;background:#fff}
body{margin:0}
a{color:#0b4f9c;text-decoration:underline}
a:hover{color:#062f5e}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.skip{position:absolute;left:-10000px;top:0;padding:.5rem 1rem;background:#fff;color:#0b4f9c;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
.wrap{max-width:60rem;margin:0 auto;padding:0 1rem}
.banner{background:#8a1c14;color:#fff;padding:.75rem 0}
.banner a{color:#fff;text-decoration:none}
.banner a:hover,.banner a:focus-visible{text-decoration:underline}
.site-title{font-size:1.5rem;font-weight:700;margin:0}
.agency{margin:0}
.site-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.5rem;margin:0;padding:.5rem 0}
.site-nav{border-bottom:1px solid #c4c4c4}
main{display:block;padding:1rem 0 2rem}
main:focus{outline:none}
h1{font-size:1.6rem;line-height:1.3}
h2{font-size:1.25rem}
h3{font-size:1.1rem;margin:0 0 .25rem}
.search{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;padding:1rem;background:#f3f5f8;border:1px solid #c4c4c4}
.search label{display:block;font-weight:700}
.search input,.search select{font:inherit;padding:.35rem .5rem;border:1px solid #595959;border-radius:3px;background:#fff;color:#1f1f1f;min-width:8rem}
.search input[type=search]{min-width:16rem}
button{font:inherit;padding:.4rem 1.2rem;border:1px solid #0b4f9c;border-radius:3px;background:#0b4f9c;color:#fff;cursor:pointer}
.results{list-style:none;padding:0;margin:0}
.results>li{border-bottom:1px solid #c4c4c4;padding:1rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{font-weight:700;color:#4d4d4d}
dl.facts dd{margin:0;white-space:pre-line;overflow-wrap:anywhere}
.muted{color:#4d4d4d}
.pager ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0}
.notice{border-left:4px solid #8a1c14;padding:.5rem 1rem;background:#fbf3f2}
code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f5f8;border:1px solid #c4c4c4;padding:.75rem}
.sig{overflow-wrap:anywhere}
footer{border-top:1px solid #c4c4c4;padding:1rem 0 2rem;font-size:.9rem}
footer ul{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;padding:0}
.breadcrumb ol{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem .5rem;padding:0;margin:0 0 .5rem;font-size:.95rem}
.breadcrumb li+li::before{content:"›";margin-right:.5rem;color:#4d4d4d}
.page-list{padding-left:1.25rem}
.page-list li{margin:.4rem 0}
.page-list .muted{margin-left:.5rem}
.text{white-space:pre-line}
.entries>li{margin:.6rem 0}
.entry-title{font-weight:700;margin:0}
.table-wrap{overflow-x:auto;margin:.75rem 0}
table{border-collapse:collapse;width:100%;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{border:1px solid #c4c4c4;padding:.4rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#f3f5f8}
.plain{list-style:none;padding:0;margin:0}
.flow{margin:1rem 0}
.flow svg{display:block;max-width:100%;height:auto}
.flow figcaption{color:#4d4d4d;font-size:.9rem}
.steps>li{margin:.75rem 0}
@media (max-width:40rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}
`;
