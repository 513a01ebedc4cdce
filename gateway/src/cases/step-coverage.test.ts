import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { measure, type Span } from './intervals.js';
import { stepCoverage, type FootageSpan, type RecordingSpan, type StepCoverageInput } from './step-coverage.js';

const T = (hhmmss: string) => Date.parse(`2026-11-20T${hhmmss}.000Z`);
const rec = (id: string, start: string, end: string | null, o: Partial<RecordingSpan> = {}): RecordingSpan => ({
  recordingId: id,
  start: T(start),
  end: end ? T(end) : Number.POSITIVE_INFINITY,
  endKind: end ? 'stopped' : 'open',
  preRecordMs: 30_000,
  postRecordMs: 0,
  ...o,
});
const foot = (deviceId: string, start: string, end: string): FootageSpan => ({
  deviceId,
  start: T(start),
  end: T(end),
});
const input = (o: Partial<StepCoverageInput>): StepCoverageInput => ({
  window: { start: T('10:00:00'), end: T('10:05:00') },
  requirement: 'full-process',
  requiredRatio: 1,
  toleranceMs: 2000,
  footage: [],
  classified: new Set(),
  recordings: new Map(),
  ...o,
});

describe('step coverage: recorded footage, buffer and interruptions', () => {
  it('a 20 s stop inside a full-process step is an interruption although the next pre-record fills it', () => {
    const recordings = new Map([['r1', [rec('a', '09:59:00', '10:02:00'), rec('b', '10:02:20', '10:06:00')]]]);
    const c = stepCoverage(
      input({
        // The recorder keeps [press − 30 s, stop] of each recording: the second one's buffer covers the stop.
        footage: [foot('r1', '09:58:30', '10:02:00'), foot('r1', '10:01:50', '10:06:00')],
        classified: new Set(['r1']),
        recordings,
      }),
    );
    expect(c.gaps).toEqual([]);
    expect(c.ratio).toBe(1);
    expect(c.footageOk).toBe(true);
    expect(c.recordedSeconds).toBe(280);
    expect(c.bufferSeconds).toBe(20);
    expect(c.interruptions).toEqual([
      {
        start: T('10:02:00'),
        end: T('10:02:20'),
        seconds: 20,
        kind: 'stop',
        deviceId: 'r1',
        recordingId: 'a',
        resumed: true,
      },
    ]);
    expect(c.passing).toBe(false);
  });

  it('a step that starts after stop + post-record is 0 % covered, even by a whole segment kept past the stop', () => {
    const recordings = new Map([['r1', [rec('a', '09:50:00', '09:59:53', { postRecordMs: 0 })]]]);
    for (const end of ['09:59:53', '10:00:40']) {
      const c = stepCoverage(
        input({
          requirement: 'required',
          requiredRatio: 0.9,
          footage: [foot('r1', '09:49:30', end)],
          classified: new Set(['r1']),
          recordings,
        }),
      );
      expect(c.coveredSeconds).toBe(0);
      expect(c.ratio).toBe(0);
      expect(c.recordedSeconds).toBe(0);
      expect(c.bufferSeconds).toBe(0);
      // The stop came before the window: nothing was interrupted inside it, it was never recorded.
      expect(c.interruptions).toEqual([]);
      expect(c.footageOk).toBe(false);
    }
  });

  it('post-record footage counts as buffer; a stop near the end of a required step is still an interruption', () => {
    const c = stepCoverage(
      input({
        requirement: 'required',
        requiredRatio: 0.9,
        footage: [foot('r1', '09:59:30', '10:04:40')],
        classified: new Set(['r1']),
        recordings: new Map([['r1', [rec('a', '10:00:00', '10:04:30', { postRecordMs: 10_000 })]]]),
      }),
    );
    expect(c.recordedSeconds).toBe(270);
    expect(c.bufferSeconds).toBe(10);
    expect(c.coveredSeconds).toBe(280);
    expect(c.footageOk).toBe(true);
    expect(c.interruptions).toMatchObject([{ start: T('10:04:30'), end: T('10:05:00'), kind: 'stop', resumed: false }]);
    expect(c.passing).toBe(false);
  });

  it('a recording that ended without a stop is a cut', () => {
    const c = stepCoverage(
      input({
        footage: [foot('r1', '09:59:00', '10:01:00'), foot('r1', '10:01:30', '10:05:00')],
        classified: new Set(['r1']),
        recordings: new Map([
          ['r1', [rec('a', '09:59:30', '10:01:00', { endKind: 'cut' }), rec('b', '10:02:00', null)]],
        ]),
      }),
    );
    expect(c.interruptions).toMatchObject([
      { kind: 'cut', recordingId: 'a', start: T('10:01:00'), end: T('10:02:00') },
    ]);
    // 10:01:00–10:01:30 has no footage at all: a gap as well.
    expect(c.gaps).toEqual([{ start: T('10:01:00'), end: T('10:01:30'), seconds: 30 }]);
  });

  it('a late press is not an interruption (pre-record covers the start); another recorder recording bridges a stop', () => {
    const late = stepCoverage(
      input({
        footage: [foot('r1', '09:59:40', '10:05:00')],
        classified: new Set(['r1']),
        recordings: new Map([['r1', [rec('a', '10:00:10', null)]]]),
      }),
    );
    expect(late.interruptions).toEqual([]);
    expect(late.bufferSeconds).toBe(10);
    expect(late.passing).toBe(true);

    const two = stepCoverage(
      input({
        footage: [foot('r1', '09:59:00', '10:02:00'), foot('r2', '09:58:00', '10:05:00')],
        classified: new Set(['r1', 'r2']),
        recordings: new Map([
          ['r1', [rec('a', '09:59:00', '10:02:00')]],
          ['r2', [rec('b', '09:58:00', null)]],
        ]),
      }),
    );
    expect(two.interruptions).toEqual([]);
    expect(two.passing).toBe(true);
  });

  it("a stop of the officer's recorder counts before its footage is offloaded", () => {
    const c = stepCoverage(
      input({
        held: ['r1'],
        classified: new Set(['r1']),
        recordings: new Map([['r1', [rec('a', '09:59:00', '10:01:00'), rec('b', '10:01:10', null)]]]),
      }),
    );
    expect(c.interruptions).toMatchObject([{ start: T('10:01:00'), end: T('10:01:10'), recordingId: 'a' }]);
    expect(c.ratio).toBe(0);
  });

  it('a recorder without recordings on record is judged by its footage alone; optional steps have no interruptions', () => {
    const legacy = stepCoverage(input({ footage: [foot('old', '09:59:00', '10:05:00')] }));
    expect(legacy).toMatchObject({
      ratio: 1,
      recordedSeconds: 300,
      bufferSeconds: 0,
      interruptions: [],
      passing: true,
    });

    const optional = stepCoverage(
      input({
        requirement: 'optional',
        requiredRatio: 0,
        footage: [foot('r1', '09:59:00', '10:02:00')],
        classified: new Set(['r1']),
        recordings: new Map([['r1', [rec('a', '09:59:00', '10:02:00')]]]),
      }),
    );
    expect(optional.interruptions).toEqual([]);
    expect(optional.passing).toBe(true);
  });

  it('recorded + buffer never exceed the footage in the window; counted footage never exceeds the footage', () => {
    const arbRec = fc
      .tuple(fc.integer({ min: 0, max: 9_000 }), fc.integer({ min: 1, max: 3_000 }), fc.boolean())
      .map(([s, len, open]): RecordingSpan => ({
        recordingId: `r${s}-${len}`,
        start: s,
        end: open ? Number.POSITIVE_INFINITY : s + len,
        endKind: open ? 'open' : 'stopped',
        preRecordMs: 500,
        postRecordMs: 200,
      }));
    const arbFoot = fc
      .tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2_000 }), fc.constantFrom('a', 'b'))
      .map(([s, len, d]): FootageSpan => ({ deviceId: d, start: s, end: s + len }));
    fc.assert(
      fc.property(fc.array(arbFoot, { maxLength: 12 }), fc.array(arbRec, { maxLength: 5 }), (footage, recs) => {
        const window: Span = { start: 1_000, end: 8_000 };
        const c = stepCoverage(
          input({
            window,
            requirement: 'required',
            requiredRatio: 0.9,
            toleranceMs: 0,
            footage,
            classified: new Set(['a']),
            recordings: new Map([['a', recs]]),
          }),
        );
        const inWindow = measure(
          footage.map((f) => ({ start: Math.max(f.start, 1_000), end: Math.min(f.end, 8_000) })),
        );
        expect(c.recordedSeconds + c.bufferSeconds).toBeLessThanOrEqual(inWindow / 1000 + 1e-9);
        expect(c.coveredSeconds).toBeCloseTo(c.recordedSeconds + c.bufferSeconds, 9);
        for (const x of c.interruptions) {
          expect(x.start).toBeGreaterThan(window.start);
          expect(x.end).toBeLessThanOrEqual(window.end);
        }
      }),
    );
  });
});
