/**
 * The procedure of an enforcement kind (执法流程) as a flow chart: from the configured steps of
 * the kind (step kinds of the case model, each with the recording requirement the rules ask of
 * it, DEFAULT_REQUIREMENT unless configured) to an ordered graph the portal can draw (nodes and
 * edges: `next` from each step to the following one, `skip` past steps that happen only in some
 * cases) and a small self-contained SVG of the same graph with zh-CN labels.
 *
 * Pure functions: the same steps always give the same graph and the same SVG bytes.
 */
import { DEFAULT_REQUIREMENT } from '@liuhen/contract';
import {
  CASE_KIND_LABELS,
  REQUIREMENT_LABELS,
  STEP_KIND_LABELS,
  type CaseKind,
  type ProcedureStepConfig,
  type Requirement,
  type StepKind,
} from './disclosure-content.js';

export interface FlowNode {
  id: string;
  type: 'start' | 'step' | 'end';
  label: string;
  stepKind?: StepKind;
  stepKindLabel?: string;
  requirement?: Requirement;
  requirementLabel?: string;
  optional?: boolean;
  condition?: string;
  note?: string;
}

export interface FlowEdge {
  from: string;
  to: string;
  /** next: on to the following node; skip: past steps that do not apply in the case. */
  kind: 'next' | 'skip';
  label?: string;
}

export interface ProcedureFlow {
  caseKind: CaseKind;
  caseKindLabel: string;
  /** The configuration the flow was drawn from. */
  steps: ProcedureStepConfig[];
  nodes: FlowNode[];
  edges: FlowEdge[];
  /** The flow chart as an SVG document (text escaped; no script, no external reference). */
  svg: string;
}

/**
 * The procedure of each kind when nothing else is configured. Steps of kind `other` are the
 * milestones that are not recorded on video (立案, 告知, 决定); the recorded ones carry the
 * requirement of their kind.
 */
export const DEFAULT_PROCEDURES: Readonly<Record<CaseKind, readonly ProcedureStepConfig[]>> = {
  penalty: [
    { kind: 'other', title: '立案', note: '对初步核实的违法线索，符合立案条件的予以立案' },
    { kind: 'on-site-inspection', optional: true, condition: '需要现场检查的' },
    { kind: 'investigation', note: '两名以上执法人员，出示执法证件，全面、客观、公正调查，收集证据' },
    { kind: 'evidence-preservation', optional: true, condition: '证据可能灭失或者以后难以取得的' },
    { kind: 'other', title: '告知拟处罚内容及陈述、申辩、听证权利' },
    { kind: 'hearing', optional: true, condition: '当事人要求听证的' },
    { kind: 'other', title: '法制审核', optional: true, condition: '属于重大执法决定的' },
    { kind: 'other', title: '作出行政处罚决定' },
    { kind: 'service', title: '送达行政处罚决定书' },
  ],
  compulsion: [
    {
      kind: 'other',
      title: '报告并经负责人批准',
      note: '情况紧急需要当场实施的，在二十四小时内补办批准手续',
    },
    {
      kind: 'compulsory-measure',
      title: '实施行政强制措施',
      note: '两名以上执法人员实施，出示执法证件，通知当事人到场，告知理由、依据和权利，制作现场笔录',
    },
    { kind: 'service', title: '送达行政强制措施决定书' },
    { kind: 'other', title: '依法作出处理决定或者解除强制措施' },
  ],
  inspection: [
    {
      kind: 'random-inspection',
      title: '双随机抽查',
      optional: true,
      condition: '列入随机抽查事项清单的',
      note: '随机抽取检查对象和执法检查人员，抽取过程可验证，结果公开',
    },
    { kind: 'on-site-inspection', title: '实施现场检查', note: '出示执法证件，告知检查事项' },
    { kind: 'investigation', optional: true, condition: '发现违法线索的' },
    { kind: 'service', title: '送达检查文书', optional: true, condition: '需要送达检查文书的' },
    { kind: 'other', title: '公示检查结果' },
  ],
  reward: [
    { kind: 'other', title: '推荐、申报' },
    { kind: 'investigation', title: '审核、调查核实' },
    { kind: 'other', title: '公示拟奖励对象' },
    { kind: 'other', title: '作出奖励决定' },
    { kind: 'service', title: '送达奖励决定' },
  ],
};

/** Text made safe inside SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The graph of a kind's procedure from its configured steps. */
export function procedureFlow(caseKind: CaseKind, steps: readonly ProcedureStepConfig[]): ProcedureFlow {
  const nodes: FlowNode[] = [{ id: 'start', type: 'start', label: '开始' }];
  steps.forEach((s, i) => {
    const requirement = s.requirement ?? DEFAULT_REQUIREMENT[s.kind];
    nodes.push({
      id: `step-${i + 1}`,
      type: 'step',
      label: s.title ?? STEP_KIND_LABELS[s.kind],
      stepKind: s.kind,
      stepKindLabel: STEP_KIND_LABELS[s.kind],
      requirement,
      requirementLabel: REQUIREMENT_LABELS[requirement],
      optional: s.optional === true,
      ...(s.condition !== undefined ? { condition: s.condition } : {}),
      ...(s.note !== undefined ? { note: s.note } : {}),
    });
  });
  nodes.push({ id: 'end', type: 'end', label: '结束' });

  // From each node: to the next one, and past every run of optional steps right after it.
  const edges: FlowEdge[] = [];
  for (let u = 0; u < nodes.length - 1; u++) {
    edges.push({ from: nodes[u]!.id, to: nodes[u + 1]!.id, kind: 'next' });
    for (let v = u + 2; v < nodes.length; v++) {
      if (!nodes[v - 1]!.optional) break;
      edges.push({ from: nodes[u]!.id, to: nodes[v]!.id, kind: 'skip', label: '不适用时' });
    }
  }
  const flow = { caseKind, caseKindLabel: CASE_KIND_LABELS[caseKind], steps: [...steps], nodes, edges };
  return { ...flow, svg: flowSvg(flow) };
}

// ---------------------------------------------------------------- drawing

const BOX_X = 40;
const BOX_W = 300;
const GAP = 34;
const LANE = 22;
const FONT = "'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif";

/** Width of a line in "CJK characters" (Latin letters and digits count about half). */
const widthOf = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) < 0x2e80 ? 0.55 : 1), 0);

/** Breaks text into as few lines of at most `max` CJK-character widths as it needs, of even length. */
function wrap(text: string, max: number): string[] {
  const total = widthOf(text);
  const per = total <= max ? max : total / Math.ceil(total / max);
  const lines: string[] = [];
  let line = '';
  for (const c of text) {
    if (widthOf(line + c) > per + 0.5 && line) {
      lines.push(line);
      line = '';
    }
    line += c;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/**
 * A lane (distance right of the boxes) for each skip edge, so that no two edges share a stretch
 * of line or an end: shortest edges nearest the boxes.
 */
function skipLanes(edges: FlowEdge[], index: Map<string, number>): Map<FlowEdge, number> {
  const lanes: [number, number][][] = [];
  const out = new Map<FlowEdge, number>();
  const span = (e: FlowEdge) => [index.get(e.from)!, index.get(e.to)!] as [number, number];
  const sorted = [...edges].sort((a, b) => {
    const [a0, a1] = span(a);
    const [b0, b1] = span(b);
    return a1 - a0 - (b1 - b0) || a0 - b0;
  });
  for (const e of sorted) {
    const [from, to] = span(e);
    let lane = lanes.findIndex((taken) => taken.every(([x, y]) => y < from || x > to));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]!.push([from, to]);
    out.set(e, lane);
  }
  return out;
}

interface Placed {
  node: FlowNode;
  y: number;
  h: number;
  lines: { text: string; size: number; weight?: string }[];
}

function place(nodes: FlowNode[]): Placed[] {
  let y = 20;
  return nodes.map((node) => {
    const lines: Placed['lines'] =
      node.type === 'step'
        ? [
            ...wrap(node.label, 18).map((text) => ({ text, size: 15, weight: 'bold' })),
            { text: node.requirementLabel ?? '', size: 12 },
            ...(node.condition ? wrap(`（${node.condition}）`, 22).map((text) => ({ text, size: 12 })) : []),
          ]
        : [{ text: node.label, size: 14 }];
    const h = node.type === 'step' ? 16 + lines.reduce((s, l) => s + l.size + 5, 0) : 34;
    const placed = { node, y, h, lines };
    y += h + GAP;
    return placed;
  });
}

function flowSvg(flow: Omit<ProcedureFlow, 'svg'>): string {
  const placed = place(flow.nodes);
  const byId = new Map(placed.map((p) => [p.node.id, p]));
  const index = new Map(flow.nodes.map((n, i) => [n.id, i]));
  const skips = flow.edges.filter((e) => e.kind === 'skip');
  const laneOf = skipLanes(skips, index);
  const lanes = Math.max(0, ...[...laneOf.values()].map((l) => l + 1));
  const right = BOX_X + BOX_W;
  const width = right + 20 + lanes * LANE + 20;
  const last = placed[placed.length - 1]!;
  const legendY = last.y + last.h + 28;
  const legend = skips.length ? ['虚线框：视情况进行的环节', '右侧虚线：该环节不适用时，直接进入其后的环节'] : [];
  const height = legendY + legend.length * 18 + 4;
  const cx = BOX_X + BOX_W / 2;
  const title = `${flow.caseKindLabel}流程图`;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="flow-title" font-family="${escapeXml(FONT)}">`,
    `<title id="flow-title">${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>',
  );
  for (const e of flow.edges) {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    if (e.kind === 'next') {
      out.push(
        `<line x1="${cx}" y1="${a.y + a.h}" x2="${cx}" y2="${b.y - 2}" stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>`,
      );
    } else {
      const x = right + 20 + laneOf.get(e)! * LANE;
      const ya = a.y + a.h / 2;
      const yb = b.y + b.h / 2;
      out.push(
        `<path d="M${right},${ya} H${x} V${yb} H${right + 2}" fill="none" stroke="#888" stroke-width="1.2" stroke-dasharray="4 3" marker-end="url(#arrow)"><title>${escapeXml(e.label ?? '')}</title></path>`,
      );
    }
  }
  for (const p of placed) {
    const { node } = p;
    const dashed = node.optional ? ' stroke-dasharray="6 4"' : '';
    const radius = node.type === 'step' ? 6 : p.h / 2;
    const fill = node.type === 'step' ? (node.requirement === 'full-process' ? '#fdecea' : '#f4f7fb') : '#e8f0e8';
    out.push(`<g id="${escapeXml(node.id)}">`);
    out.push(
      `<rect x="${BOX_X}" y="${p.y}" width="${BOX_W}" height="${p.h}" rx="${radius}" fill="${fill}" stroke="#333" stroke-width="1.5"${dashed}/>`,
    );
    let ty = p.y + (node.type === 'step' ? 10 : 0);
    if (node.type !== 'step') ty = p.y + p.h / 2 - 12;
    for (const l of p.lines) {
      ty += l.size + 5;
      const weight = l.weight ? ` font-weight="${l.weight}"` : '';
      out.push(
        `<text x="${cx}" y="${ty - 4}" font-size="${l.size}" text-anchor="middle"${weight} fill="#111">${escapeXml(l.text)}</text>`,
      );
    }
    out.push('</g>');
  }
  legend.forEach((line, i) =>
    out.push(`<text x="${BOX_X}" y="${legendY + i * 18}" font-size="12" fill="#555">${escapeXml(line)}</text>`),
  );
  out.push('</svg>');
  return out.join('\n');
}
