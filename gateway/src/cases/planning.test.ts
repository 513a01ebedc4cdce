import { describe, expect, it } from 'vitest';
import type { RecordingsTable } from '../db/schema.js';
import { CsvImportError, parseCasesCsv } from './csv-import.js';
import { planPieces } from './playback.js';
import { periodOf } from './report.js';

const rec = (id: string, source: 'live' | 'device', start: number, end: number): RecordingsTable => ({
  id,
  device_id: 'd',
  officer_id: null,
  session_id: 's',
  path: `${id}.mp4`,
  started_at: new Date(start * 1000).toISOString(),
  ended_at: new Date(end * 1000).toISOString(),
  duration_seconds: end - start,
  bytes: 1,
  sha256: 'x',
  source,
  recovered: 0,
  created_at: '',
});

describe('playback plan', () => {
  it('prefers the recorder copy, fills with the live copy, skips gaps', () => {
    const pieces = planPieces(
      [rec('live1', 'live', 0, 60), rec('dev1', 'device', 10, 40), rec('live2', 'live', 100, 160)],
      5_000,
      130_000,
    );
    expect(pieces.map((p) => [p.recordingId, p.inpoint, p.outpoint])).toEqual([
      ['live1', 5, 10],
      ['dev1', 0, 30],
      ['live1', 40, 60],
      ['live2', 0, 30],
    ]);
  });
});

describe('report periods', () => {
  it('buckets by the China Standard Time day, ISO week and month', () => {
    // 2026-11-29T17:00Z is Monday 30 November 01:00 in UTC+8.
    expect(periodOf('2026-11-29T17:00:00.000Z', 'day')).toBe('2026-11-30');
    expect(periodOf('2026-11-29T17:00:00.000Z', 'week')).toBe('2026-W49');
    expect(periodOf('2026-11-29T15:00:00.000Z', 'week')).toBe('2026-W48');
    expect(periodOf('2026-12-31T20:00:00.000Z', 'month')).toBe('2027-01');
    expect(periodOf('2027-01-01T00:00:00.000Z', 'week')).toBe('2026-W53');
  });
});

describe('CSV import', () => {
  it('groups rows into cases, maps Chinese names, defaults the requirement from the kind', () => {
    const cases = parseCasesCsv(
      '\uFEFF案件编号,案件类型,案由,执法环节,开始时间,结束时间,执法人员\n' +
        'A-1,行政强制,查封,强制措施,2026-11-26T09:00:00+08:00,2026-11-26T09:30:00+08:00,1；2\n' +
        'A-1,行政强制,查封,文书送达,2026-11-26T10:00:00+08:00,,1\n',
    );
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ number: 'A-1', kind: 'compulsion' });
    expect(cases[0]!.steps).toEqual([
      expect.objectContaining({
        kind: 'compulsory-measure',
        requirement: 'full-process',
        startsAt: '2026-11-26T01:00:00.000Z',
        officers: ['1', '2'],
      }),
      expect.objectContaining({ kind: 'service', requirement: 'required', endsAt: null, officers: ['1'] }),
    ]);
  });

  it('names unknown and missing columns, and rows whose case changes title', () => {
    expect(() => parseCasesCsv('case_number,colour\nA,red\n')).toThrow(
      /unknown column "colour".*missing column "case_kind"/,
    );
    try {
      parseCasesCsv(
        'case_number,case_kind,case_title,step_kind,starts_at,officers\n' +
          'A,penalty,one,other,2026-11-26T09:00:00Z,1\n' +
          'A,penalty,two,other,2026-11-26T09:00:00Z,1\n' +
          'B,penalty,x,other,2026-11-26T09:00:00Z,\n',
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(CsvImportError);
      expect((err as CsvImportError).problems).toEqual([
        'row 3: case A has a different title or kind than on its first row',
        'row 4: officers is empty',
      ]);
    }
  });
});
