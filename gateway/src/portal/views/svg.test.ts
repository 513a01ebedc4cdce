import { describe, expect, it } from 'vitest';
import { DEFAULT_PROCEDURES, procedureFlow } from '../../publicity/disclosure-flow.js';
import { safeSvg } from './svg.js';

describe('safeSvg: a flow chart is written into the page only as the station draws it', () => {
  const penalty = procedureFlow('penalty', DEFAULT_PROCEDURES.penalty).svg;

  it('takes every drawing the station makes, markup in step titles included (escaped by the drawing)', () => {
    for (const kind of ['penalty', 'compulsion', 'inspection', 'reward'] as const)
      expect(safeSvg(procedureFlow(kind, DEFAULT_PROCEDURES[kind]).svg)?.value).toBe(
        procedureFlow(kind, DEFAULT_PROCEDURES[kind]).svg,
      );
    const hostile = procedureFlow('compulsion', [
      { kind: 'on-site-inspection', title: '<script>alert(1)</script> & "x" \'y\'', condition: '</svg><img src=x>' },
      { kind: 'service', optional: true, note: '<b>' },
    ]).svg;
    expect(safeSvg(hostile)?.value).toBe(hostile);
  });

  it('refuses scripts, handlers, links, foreign content, external references and anything after the drawing', () => {
    const bad = [
      penalty.replace('<g id="start">', '<g id="start" onload="alert(1)">'),
      penalty.replace('</svg>', '<script>alert(1)</script></svg>'),
      penalty.replace('</svg>', '<a href="javascript:alert(1)"><text>x</text></a></svg>'),
      penalty.replace('</svg>', '<foreignObject><p>x</p></foreignObject></svg>'),
      penalty.replace('</svg>', '<image href="https://example.com/x.png"/></svg>'),
      penalty.replace('fill="#333"', 'fill="url(https://example.com/x.svg#a)"'),
      penalty.replace('fill="#333"', 'fill="url&#40;https://example.com/x.svg#a)"'),
      penalty.replace('fill="#333"', "fill='#333'"),
      penalty.replace('<title id="flow-title">', '<title id="flow-title"><![CDATA[x]]>'),
      penalty.replace('<title id="flow-title">', '<title id="flow-title"><!-- x -->'),
      penalty.replace('<svg ', '<svg style="background:url(x)" '),
      penalty.replace('xmlns="http://www.w3.org/2000/svg"', 'xmlns="http://www.w3.org/1999/xhtml"'),
      `${penalty}<p>after</p>`,
      `<p>before</p>${penalty}`,
      penalty.replace('</svg>', ''),
      penalty.replace('</g>', ''),
      `<svg xmlns="http://www.w3.org/2000/svg">${penalty}</svg>`,
      penalty.replace('行政处罚流程图', '&unknown;'),
      42,
      undefined,
    ];
    for (const svg of bad) expect(safeSvg(svg), String(svg).slice(-80)).toBeUndefined();
  });
});
