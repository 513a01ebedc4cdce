import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CJK_FONT_ENV,
  CJK_FONT_PACKAGE,
  CjkFontMissing,
  DEFAULT_CJK_FONT,
  renderDraftDecision,
  resolveCjkFont,
  type DraftDecisionData,
} from './index.js';
import { loadCjkFont } from './font.js';

const decision: DraftDecisionData = {
  agency: '某县综合行政执法局',
  caseNumber: '某综执立〔2026〕1号',
  caseTitle: '测试案',
  party: '张三',
  partyType: 'person',
  facts: '经查，……',
  basis: '《中华人民共和国行政处罚法》',
  fineFen: 0,
  confiscationFen: 0,
  measures: ['警告'],
  date: '2026-12-04',
};

/** The PostScript names of the fonts a PDF embeds (the subset tag stripped). */
const embeddedFonts = (pdf: Buffer) =>
  [...pdf.toString('latin1').matchAll(/\/FontName \/[A-Z]{6}\+([^\s/>]+)/g)].map((m) => m[1]);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('CJK font', { timeout: 60_000 }, () => {
  it('uses the Debian WenQuanYi Micro Hei collection by default, with its monospaced face for digests', async () => {
    expect(existsSync(DEFAULT_CJK_FONT), `apt-get install ${CJK_FONT_PACKAGE}`).toBe(true);
    expect(resolveCjkFont({})).toEqual({
      path: DEFAULT_CJK_FONT,
      face: 'WenQuanYiMicroHei',
      monoFace: 'WenQuanYiMicroHeiMono',
    });
    // A draft decision prints no digest, so the monospaced face is not embedded at all.
    expect(embeddedFonts((await renderDraftDecision(decision)).pdf)).toEqual(['WenQuanYiMicroHei']);
  });

  it('a missing default font says which apt package to install', () => {
    const missing = '/nonexistent/fonts/wqy-microhei.ttc';
    expect(() => resolveCjkFont({}, missing)).toThrow(CjkFontMissing);
    expect(() => resolveCjkFont({}, missing)).toThrow(`apt-get install ${CJK_FONT_PACKAGE}`);
    expect(() => resolveCjkFont({}, missing)).toThrow(missing);
  });

  it('rendering with a missing font fails with the clear error, naming the file and the setting', async () => {
    vi.stubEnv(CJK_FONT_ENV, '/nonexistent/NotoSerifCJK-Regular.ttc#NotoSerifCJKsc-Regular');
    const err = await renderDraftDecision(decision).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CjkFontMissing);
    expect((err as Error).message).toContain('/nonexistent/NotoSerifCJK-Regular.ttc');
    expect((err as Error).message).toContain(CJK_FONT_ENV);
    expect((err as Error).message).toContain(CJK_FONT_PACKAGE);
  });

  it('an override may name a face of a collection; a collection without a face or a wrong face is refused', async () => {
    expect(resolveCjkFont({ [CJK_FONT_ENV]: `${DEFAULT_CJK_FONT}#WenQuanYiMicroHeiMono` })).toEqual({
      path: DEFAULT_CJK_FONT,
      face: 'WenQuanYiMicroHeiMono',
      monoFace: null,
    });
    expect(() => loadCjkFont({ [CJK_FONT_ENV]: DEFAULT_CJK_FONT })).toThrow(
      /name the face after a '#'.*it has WenQuanYiMicroHei, WenQuanYiMicroHeiMono/,
    );
    expect(() => loadCjkFont({ [CJK_FONT_ENV]: '/etc/hostname' })).toThrow(CjkFontMissing);

    vi.stubEnv(CJK_FONT_ENV, `${DEFAULT_CJK_FONT}#WenQuanYiMicroHeiMono`);
    const { pdf } = await renderDraftDecision(decision);
    expect(embeddedFonts(pdf)).toEqual(['WenQuanYiMicroHeiMono']);

    vi.stubEnv(CJK_FONT_ENV, `${DEFAULT_CJK_FONT}#NoSuchFace`);
    await expect(renderDraftDecision(decision)).rejects.toThrow(
      /has no face named "NoSuchFace"; it has WenQuanYiMicroHei,/,
    );
  });
});
