import { describe, expect, it } from 'vitest';
import { CASE_KINDS } from '@liuhen/contract';
import { DEFAULT_PROCEDURES, escapeXml, procedureFlow } from './disclosure-flow.js';

/** The skip lines of an SVG: their x and the vertical stretch they run. */
function skipLines(svg: string): { x: number; y0: number; y1: number }[] {
  return [...svg.matchAll(/<path d="M[\d.]+,([\d.]+) H([\d.]+) V([\d.]+)/g)].map((m) => ({
    x: Number(m[2]),
    y0: Math.min(Number(m[1]), Number(m[3])),
    y1: Math.max(Number(m[1]), Number(m[3])),
  }));
}

describe('procedure flow charts', () => {
  it('are the same bytes for the same steps, and no two skip lines share a stretch', () => {
    for (const kind of CASE_KINDS) {
      const a = procedureFlow(kind, DEFAULT_PROCEDURES[kind]);
      expect(procedureFlow(kind, [...DEFAULT_PROCEDURES[kind]]).svg).toBe(a.svg);
      const lines = skipLines(a.svg);
      expect(lines).toHaveLength(a.edges.filter((e) => e.kind === 'skip').length);
      for (const [i, p] of lines.entries())
        for (const q of lines.slice(i + 1))
          if (p.x === q.x) expect(p.y1 < q.y0 || q.y1 < p.y0, `${kind}: lines at x=${p.x} overlap`).toBe(true);
    }
  });

  it('pass every run of optional steps, and only those', () => {
    const flow = procedureFlow('penalty', [
      { kind: 'investigation' },
      { kind: 'evidence-preservation', optional: true },
      { kind: 'hearing', optional: true },
      { kind: 'service' },
    ]);
    expect(flow.edges.filter((e) => e.kind === 'skip').map((e) => `${e.from}>${e.to}`)).toEqual([
      'step-1>step-3',
      'step-1>step-4',
      'step-2>step-4',
    ]);
  });

  it('escape every text they draw', () => {
    expect(escapeXml(`<a href="x">&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#38;&#39;&#60;/a&#62;');
    const svg = procedureFlow('reward', [{ kind: 'other', title: '</text><script>alert(1)</script>' }]).svg;
    expect(svg).not.toContain('<script');
    expect(svg.match(/<text /g)!.length).toBe(svg.match(/<\/text>/g)!.length);
  });
});
