import { describe, expect, it } from 'vitest';
import { redact } from '../redaction.js';
import { isBankCardNumber } from './bank-card.js';
import { decisionCorpus, decisionSample, type CorpusSample } from './corpus.js';
import { emptyScore, figuresOf, scoreSample } from './corpus-score.js';
import { isCreditCode } from './credit-code.js';
import type { RedactionFinding } from './masking.js';
import { normaliseForDetection } from './normalise.js';
import { DEFAULT_REDACTION_POLICY } from './policy.js';
import { isValidResidentId, readResidentId } from './resident-id.js';

const samples = [...decisionCorpus(400, 3)];

describe('decision corpus', () => {
  it('is the same for the same index and seed, and differs between seeds', () => {
    expect(decisionSample(17, 3)).toEqual(samples[17]);
    expect(decisionSample(17, 4).text).not.toBe(samples[17]?.text);
  });

  it('plants what it says, where it says', () => {
    for (const s of samples) {
      for (const p of s.planted) {
        const shown = normaliseForDetection(s.text.slice(p.start, p.end)).replace(/[\s\-()+\u200b]/g, '');
        if (p.kind === 'resident-id') expect(isValidResidentId(p.value, s.decisionDate), p.value).toBe(true);
        // Cards pass Luhn; an organisation's account (after 账号：) need not.
        if (p.kind === 'bank-card' && !s.text.slice(0, p.start).endsWith('账号：'))
          expect(isBankCardNumber(p.value), p.value).toBe(true);
        if (p.kind === 'mobile' || p.kind === 'landline' || p.kind === 'resident-id')
          expect(shown.toUpperCase().endsWith(p.value.toUpperCase().slice(-8)), `${p.kind} ${shown}`).toBe(true);
        if (p.kind === 'person-name') expect(s.text.slice(p.start, p.end).replace('\u3000', '')).toBe(p.value);
      }
      for (const d of s.decoys) {
        expect(s.text.slice(d.start, d.end)).toBe(d.text);
        if (d.kind === 'wrong-checksum-id') {
          expect(readResidentId(d.text, s.decisionDate)).toBeDefined();
          expect(isValidResidentId(d.text, s.decisionDate)).toBe(false);
        }
        if (d.kind === 'credit-code') expect(isCreditCode(d.text), d.text).toBe(true);
        if (d.kind === 'barcode') expect(d.text).toMatch(/^69\d{11}$/);
      }
    }
  });

  it('holds every kind of identifier and decoy, and some minors', () => {
    const kinds = new Set(samples.flatMap((s) => s.planted.map((p) => p.kind)));
    expect([...kinds].sort()).toEqual(['address', 'bank-card', 'landline', 'mobile', 'person-name', 'resident-id']);
    const decoys = new Set(samples.flatMap((s) => s.decoys.map((d) => d.kind)));
    expect(decoys.size).toBeGreaterThanOrEqual(17);
    expect(samples.some((s) => s.minor)).toBe(true);
    expect(samples.some((s) => s.planted.some((p) => !p.listed))).toBe(true);
    expect(samples.some((s) => /[０-９]/.test(s.text))).toBe(true);
  });
});

describe('scoring against the corpus', () => {
  it('counts a partly covered identifier as missed, a finding outside the truth as wrong, and leaks', () => {
    const sample: CorpusSample = {
      index: 0,
      text: '手机13812345678，罚款50000元，证人李四。',
      party: { kind: 'organisation', name: '某公司' },
      people: [],
      decisionDate: '2026-06-01',
      planted: [
        { start: 2, end: 13, kind: 'mobile', value: '13812345678', listed: true },
        { start: 25, end: 27, kind: 'person-name', value: '李四', listed: false },
      ],
      decoys: [{ start: 16, end: 22, kind: 'amount', text: '50000元' }],
      minor: false,
    };
    const finding = (start: number, end: number): RedactionFinding => ({
      start,
      end,
      kind: 'mobile',
      text: sample.text.slice(start, end),
      confidence: 1,
      action: 'label',
      replacement: '[x]',
    });
    const score = emptyScore();
    scoreSample(score, sample, {
      text: '手机[x]5678，罚款[x]元，证人李四。',
      findings: [finding(2, 9), finding(16, 21)],
      withhold: [],
    });
    const figures = figuresOf(score);
    expect(figures.redactionRecall).toBe(0);
    expect(figures.redactionPrecision).toBe(0.5);
    expect(figures.unlistedNameRecall).toBe(0);
    expect(figures.decoysMasked).toEqual({ amount: 1 });
    expect(score.leaks).toBe(0);
    expect(score.missed.mobile?.count).toBe(1);
  });

  it('on 400 decisions: every planted identifier redacted, precision at least 0.99, minors withheld', () => {
    const score = emptyScore();
    for (const s of samples)
      scoreSample(
        score,
        s,
        redact(s.text, {
          party: s.party,
          people: s.people,
          decisionDate: s.decisionDate,
          policy: DEFAULT_REDACTION_POLICY,
        }),
      );
    const figures = figuresOf(score);
    expect(score.missed).toEqual({});
    expect(figures.redactionRecall).toBe(1);
    expect(figures.redactionPrecision).toBeGreaterThanOrEqual(0.99);
    expect(figures.leaks).toBe(0);
    expect(figures.withholdRecall).toBe(1);
    expect(figures.withholdPrecision).toBe(1);
  });
});
