/**
 * The printable coverage report (视音频记录覆盖报告) of a case export: one self-contained HTML page
 * (inline CSS and SVG, no scripts, no external resources) so it opens and prints the same on an
 * offline reviewer's machine years later. Every piece of text from the plan is escaped: case
 * titles, party names and audit details are typed by people.
 */
import type { ExportPlan, ExportStep } from './export-plan.js';

export interface ReportOptions {
  /** zh-CN (default): Chinese labels first, English second; en: the other way round. */
  locale?: 'zh-CN' | 'en';
  /** IANA zone the times are shown in (default Asia/Shanghai: where the case was handled). */
  timeZone?: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const CASE_KINDS: Record<string, [string, string]> = {
  penalty: ['行政处罚', 'Administrative penalty'],
  compulsion: ['行政强制', 'Administrative compulsion'],
  inspection: ['行政检查', 'Administrative inspection'],
  reward: ['行政奖励', 'Administrative reward'],
};

const REQUIREMENTS: Record<ExportStep['requirement'], [string, string]> = {
  'full-process': ['全过程', 'Full process'],
  required: ['应录', 'Required'],
  optional: ['可选', 'Optional'],
};

const SOURCES: Record<'live' | 'device', { label: [string, string]; colour: string }> = {
  device: { label: ['记录仪存储', 'Recorder copy'], colour: '#2f6fb3' },
  live: { label: ['实时回传', 'Live stream'], colour: '#3a9a5b' },
};

const GAP_COLOUR = '#d23b3b';

interface Ctx {
  /** A bilingual label, both parts escaped. */
  l: (zh: string, en: string) => string;
  /** The same as plain text, for SVG (an HTML <span> there would end the SVG). */
  t: (zh: string, en: string) => string;
  time: (iso: string | null) => string;
  zoneNote: string;
  lang: string;
}

function makeCtx(opts: ReportOptions): Ctx {
  const en = opts.locale === 'en';
  const timeZone = opts.timeZone ?? 'Asia/Shanghai';
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const offset = new Intl.DateTimeFormat('en', { timeZone, timeZoneName: 'longOffset' });
  const time = (iso: string | null) => {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return escapeHtml(iso);
    const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  };
  const zoneName = offset.formatToParts(new Date()).find((x) => x.type === 'timeZoneName')?.value ?? timeZone;
  return {
    l: (zh, e) =>
      en
        ? `${escapeHtml(e)} <span class="alt">${escapeHtml(zh)}</span>`
        : `${escapeHtml(zh)} <span class="alt">${escapeHtml(e)}</span>`,
    t: (zh, e) => escapeHtml(en ? `${e} ${zh}` : `${zh} ${e}`),
    time,
    zoneNote: `${escapeHtml(timeZone)} (${escapeHtml(zoneName)})`,
    lang: en ? 'en' : 'zh-CN',
  };
}

const CSS = `
*{box-sizing:border-box}
body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",system-ui,sans-serif;
  color:#1a1a1a;margin:24px auto;max-width:1040px;padding:0 16px;font-size:14px;line-height:1.45}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #333;padding-bottom:2px}
h3{font-size:15px;margin:18px 0 4px}
.alt{color:#666;font-weight:normal;font-size:.85em}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f0f0f0}
td.num{text-align:right;white-space:nowrap}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.pass{color:#1d7a3a;font-weight:bold}.fail{color:#c62828;font-weight:bold}
dl.case{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:8px 0}
dl.case dt{font-weight:bold}dl.case dd{margin:0}
.legend span{display:inline-block;margin-right:14px}
.swatch{display:inline-block;width:12px;height:12px;vertical-align:middle;margin-right:4px;border:1px solid #555}
svg.timeline{width:100%;height:auto;display:block;margin:4px 0 10px}
svg.timeline text{font-size:11px;fill:#333}
footer{margin-top:28px;color:#555;font-size:12px;border-top:1px solid #bbb;padding-top:6px}
.step{break-inside:avoid}
@page{size:A4;margin:14mm}
@media print{
  body{margin:0;max-width:none;padding:0;font-size:10pt}
  h2{break-after:avoid}
  thead{display:table-header-group}
  tr,.step{break-inside:avoid}
  th{background:#eee !important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  svg.timeline{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
`;

const percent = (ratio: number) => `${(Math.floor(ratio * 1000) / 10).toFixed(1)}%`;

function caseHeader(plan: ExportPlan, c: Ctx): string {
  const k = plan.case;
  const kind = CASE_KINDS[k.kind];
  const row = (label: string, value: string) => `<dt>${label}</dt><dd>${value}</dd>`;
  return `<h1>${c.l('执法全过程视音频记录覆盖报告', 'Audio-visual recording coverage report')}</h1>
<dl class="case">
${row(c.l('案件编号', 'Case number'), `<span class="mono">${escapeHtml(k.number)}</span>`)}
${row(c.l('案件类型', 'Kind'), kind ? c.l(kind[0], kind[1]) : escapeHtml(k.kind))}
${row(c.l('案由', 'Title'), escapeHtml(k.title))}
${row(c.l('当事人', 'Party'), escapeHtml(k.party ?? '—'))}
${row(c.l('承办单位', 'Unit'), escapeHtml(k.unit ?? '—'))}
${row(c.l('案件状态', 'Status'), escapeHtml(k.status))}
${row(c.l('重大执法决定', 'Major decision'), k.major ? c.l('是', 'Yes') : c.l('否', 'No'))}
${row(c.l('时区', 'Time zone'), c.zoneNote)}
</dl>`;
}

/** A step's window end: its own, else the length its coverage was computed over. */
function stepEnd(s: ExportStep): string {
  if (s.endsAt) return s.endsAt;
  return new Date(Date.parse(s.startsAt) + s.coverage.windowSeconds * 1000).toISOString();
}

function officers(s: ExportStep): string {
  if (!s.officers.length) return '—';
  return s.officers
    .map((o) => (o.name ? `${escapeHtml(o.name)} (${escapeHtml(o.id)})` : escapeHtml(o.id)))
    .join('<br>');
}

function stepRow(s: ExportStep, c: Ctx): string {
  const req = REQUIREMENTS[s.requirement];
  const need = s.coverage.requiredRatio >= 1 ? '100%' : percent(s.coverage.requiredRatio);
  const passing = s.coverage.passing
    ? `<span class="pass">✓ ${c.l('达标', 'pass')}</span>`
    : `<span class="fail">✗ ${c.l('未达标', 'fail')}</span>`;
  return `<tr>
<td>${escapeHtml(s.title ?? s.kind)}${s.title ? `<br><span class="alt">${escapeHtml(s.kind)}</span>` : ''}${
    s.location ? `<br><span class="alt">${escapeHtml(s.location)}</span>` : ''
  }</td>
<td>${c.time(s.startsAt)}<br>– ${s.endsAt ? c.time(s.endsAt) : c.l('进行中', 'ongoing')}</td>
<td>${officers(s)}</td>
<td>${req ? c.l(req[0], req[1]) : escapeHtml(s.requirement)}</td>
<td class="num">${percent(s.coverage.ratio)}<br><span class="alt">≥ ${need}</span></td>
<td>${passing}</td>
</tr>`;
}

function stepsTable(plan: ExportPlan, c: Ctx): string {
  const rows = plan.steps.map((s) => stepRow(s, c)).join('\n');
  return `<h2>${c.l('执法环节', 'Steps')}</h2>
<table><thead><tr><th>${c.l('执法环节', 'Step')}</th><th>${c.l('时间窗口', 'Window')}</th><th>${c.l('执法人员', 'Officers')}</th>
<th>${c.l('记录要求', 'Requirement')}</th><th>${c.l('覆盖率', 'Coverage')}</th><th>${c.l('是否达标', 'Passing')}</th></tr></thead>
<tbody>${rows || `<tr><td colspan="6">${c.l('无执法环节', 'No steps')}</td></tr>`}</tbody></table>`;
}

// ---- timeline ----

const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A tick interval giving at most ~8 labels across `spanMs`. */
function tickStepMs(spanMs: number): number {
  const s = TICK_STEPS_S.find((x) => spanMs / (x * 1000) <= 8) ?? Math.ceil(spanMs / 8000);
  return s * 1000;
}

interface Scale {
  x: (ms: number) => number;
  from: number;
  to: number;
}

const W = 1000;
const LEFT = 120;
const RIGHT = 12;
const LANE = 18;

function makeScale(from: number, to: number): Scale {
  const span = Math.max(1, to - from);
  return { from, to, x: (ms) => LEFT + ((Math.min(Math.max(ms, from), to) - from) / span) * (W - LEFT - RIGHT) };
}

function rect(sc: Scale, start: number, end: number, y: number, h: number, fill: string, title: string, extra = '') {
  const x0 = sc.x(start);
  const w = Math.max(1, sc.x(end) - x0);
  return `<rect x="${x0.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${h}" fill="${fill}"${extra}><title>${title}</title></rect>`;
}

function ticks(sc: Scale, c: Ctx, top: number, bottom: number): string {
  const step = tickStepMs(sc.to - sc.from);
  const out: string[] = [];
  for (let t = Math.ceil(sc.from / step) * step; t <= sc.to; t += step) {
    const x = sc.x(t).toFixed(1);
    const label = c.time(new Date(t).toISOString()).slice(11, step % 60000 === 0 ? 16 : 19);
    out.push(
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#999" stroke-width="0.5"/>` +
        `<text x="${x}" y="${bottom + 12}" text-anchor="middle">${label}</text>`,
    );
  }
  return out.join('');
}

function timeline(s: ExportStep, c: Ctx): string {
  const start = Date.parse(s.startsAt);
  const end = Date.parse(stepEnd(s));
  const pad = Math.max(1000, (end - start) * 0.05);
  const sc = makeScale(start - pad, end + pad);
  const devices = [...new Set(s.footage.map((f) => f.deviceId))].sort();
  const lanes = devices.length + 1; // one per device, then the gaps
  const top = 6;
  const bottom = top + lanes * (LANE + 4);
  const parts: string[] = [
    rect(
      sc,
      start,
      end,
      top - 4,
      bottom - top + 4,
      '#eef2f7',
      `${c.time(s.startsAt)} – ${c.time(stepEnd(s))}`,
      ' stroke="#7a8aa0"',
    ),
  ];
  devices.forEach((d, i) => {
    const y = top + i * (LANE + 4);
    parts.push(`<text x="4" y="${y + 13}">${escapeHtml(d)}</text>`);
    for (const f of s.footage.filter((x) => x.deviceId === d)) {
      const tip = `${escapeHtml(f.recordingId)} (${escapeHtml(f.source)}): ${c.time(f.start)} – ${c.time(f.end)}`;
      parts.push(rect(sc, Date.parse(f.start), Date.parse(f.end), y, LANE, SOURCES[f.source]?.colour ?? '#777', tip));
    }
  });
  const gy = top + devices.length * (LANE + 4);
  parts.push(`<text x="4" y="${gy + 13}" fill="${GAP_COLOUR}">${c.t('缺口', 'gaps')}</text>`);
  for (const g of s.coverage.gaps) {
    const tip = `${c.time(g.startIso)} – ${c.time(g.endIso)} (${g.seconds.toFixed(1)} s)`;
    parts.push(rect(sc, g.start, g.end, top - 4, bottom - top + 4, GAP_COLOUR, tip, ' fill-opacity="0.18"'));
    parts.push(rect(sc, g.start, g.end, gy, LANE, GAP_COLOUR, tip));
  }
  parts.push(ticks(sc, c, top - 4, bottom));
  const h = bottom + 18;
  const label = `${escapeHtml(s.title ?? s.kind)}: ${percent(s.coverage.ratio)}, ${s.coverage.gaps.length} gaps`;
  return `<svg class="timeline" viewBox="0 0 ${W} ${h}" role="img" aria-label="${label}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

function legend(c: Ctx): string {
  const item = (colour: string, label: string, extra = '') =>
    `<span><i class="swatch" style="background:${colour}${extra}"></i>${label}</span>`;
  return `<p class="legend">${item('#eef2f7', c.l('环节时间窗口', 'step window'))}${item(
    SOURCES.device.colour,
    c.l(...SOURCES.device.label),
  )}${item(SOURCES.live.colour, c.l(...SOURCES.live.label))}${item(GAP_COLOUR, c.l('未覆盖缺口', 'gap'))}</p>`;
}

function timelines(plan: ExportPlan, c: Ctx): string {
  if (!plan.steps.length) return '';
  const each = plan.steps
    .map(
      (s) =>
        `<div class="step"><h3>${escapeHtml(s.title ?? s.kind)} <span class="alt">${percent(s.coverage.ratio)}</span></h3>${timeline(s, c)}</div>`,
    )
    .join('\n');
  return `<h2>${c.l('时间轴', 'Timelines')}</h2>${legend(c)}${each}`;
}

function gapsTable(plan: ExportPlan, c: Ctx): string {
  const rows = plan.steps.flatMap((s) =>
    s.coverage.gaps.map(
      (g) =>
        `<tr><td>${escapeHtml(s.title ?? s.kind)}</td><td>${c.time(g.startIso)}</td><td>${c.time(g.endIso)}</td>` +
        `<td class="num">${g.seconds.toFixed(1)}</td></tr>`,
    ),
  );
  return `<h2>${c.l('未覆盖时段', 'Gaps')}</h2>
<table><thead><tr><th>${c.l('执法环节', 'Step')}</th><th>${c.l('开始', 'Start')}</th><th>${c.l('结束', 'End')}</th>
<th>${c.l('时长（秒）', 'Seconds')}</th></tr></thead>
<tbody>${rows.join('\n') || `<tr><td colspan="4">${c.l('无缺口', 'No gaps')}</td></tr>`}</tbody></table>`;
}

function filesTable(plan: ExportPlan, c: Ctx): string {
  const rows = plan.files.map((f) => {
    const src = SOURCES[f.source];
    return `<tr><td class="mono">${escapeHtml(f.archivePath)}${f.chainAbsPath ? `<br><span class="alt">${c.l('含签名链', 'with signed chain')}</span>` : ''}</td>
<td>${escapeHtml(f.deviceId)}${f.officerId ? `<br><span class="alt">${escapeHtml(f.officerId)}</span>` : ''}</td>
<td>${src ? c.l(...src.label) : escapeHtml(f.source)}</td>
<td>${c.time(f.startedAt)}<br>– ${c.time(f.endedAt)}</td>
<td class="num">${f.bytes.toLocaleString('en')}</td>
<td class="mono">${escapeHtml(f.sha256)}</td></tr>`;
  });
  return `<h2>${c.l('视音频文件', 'Files')}</h2>
<table><thead><tr><th>${c.l('文件', 'File')}</th><th>${c.l('设备', 'Device')}</th><th>${c.l('来源', 'Source')}</th>
<th>${c.l('时间', 'Time')}</th><th>${c.l('字节', 'Bytes')}</th><th>SHA-256</th></tr></thead>
<tbody>${rows.join('\n') || `<tr><td colspan="6">${c.l('无文件', 'No files')}</td></tr>`}</tbody></table>`;
}

function auditTable(plan: ExportPlan, c: Ctx): string {
  const rows = plan.audit.map(
    (e) =>
      `<tr><td class="num">${escapeHtml(e.seq)}</td><td>${c.time(e.ts)}</td><td>${escapeHtml(e.actor)}</td>` +
      `<td>${escapeHtml(e.action)}</td><td>${escapeHtml(e.subjectType)} ${escapeHtml(e.subjectId)}</td>` +
      `<td class="mono">${escapeHtml(JSON.stringify(e.detail))}</td><td class="mono">${escapeHtml(e.hash.slice(0, 16))}…</td></tr>`,
  );
  return `<h2>${c.l('留痕记录摘录', 'Audit trail excerpt')}</h2>
<table><thead><tr><th>${c.l('序号', 'Seq')}</th><th>${c.l('时间', 'Time')}</th><th>${c.l('操作人', 'Actor')}</th>
<th>${c.l('操作', 'Action')}</th><th>${c.l('对象', 'Subject')}</th><th>${c.l('详情', 'Detail')}</th><th>${c.l('哈希', 'Hash')}</th></tr></thead>
<tbody>${rows.join('\n') || `<tr><td colspan="7">${c.l('无记录', 'No entries')}</td></tr>`}</tbody></table>`;
}

function footer(plan: ExportPlan, c: Ctx): string {
  return `<footer>${c.l('生成时间', 'Generated')} ${c.time(plan.generatedAt)} · ${c.l('生成人', 'by')} ${escapeHtml(
    plan.generatedBy,
  )} · ${c.l('工作站版本', 'station')} ${escapeHtml(plan.stationVersion)} · ${c.l(
    '文件完整性可用 liuhen-verify 离线校验',
    'verify the package offline with liuhen-verify',
  )}</footer>`;
}

/** The whole report as one printable HTML page. */
export function renderCoverageReport(plan: ExportPlan, opts: ReportOptions = {}): string {
  const c = makeCtx(opts);
  const title = `${opts.locale === 'en' ? 'Coverage report' : '覆盖报告'} ${plan.case.number}`;
  return `<!doctype html>
<html lang="${c.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${caseHeader(plan, c)}
${stepsTable(plan, c)}
${timelines(plan, c)}
${gapsTable(plan, c)}
${filesTable(plan, c)}
${auditTable(plan, c)}
${footer(plan, c)}
</body>
</html>
`;
}
