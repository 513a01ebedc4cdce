import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.js';
import { CSV_HEADER, toCsv } from './csv.js';
import { type FeedItem } from './feed-item.js';

const ITEM: FeedItem = {
  id: 'tag:scjg.example.gov.cn,2025:penalty/2025-0007',
  title: '行政处罚决定书 示市监处罚〔2025〕7号',
  summary: '当事人：某某超市, 违法行为："过期食品"\r\n处罚：罚款5000元',
  published: '2025-03-03T01:30:00Z',
  updated: '2025-03-05T23:59:59.400+08:00',
  link: 'https://scjg.example.gov.cn/gs/penalty/2025-0007',
};

describe('toCsv', () => {
  const csv = toCsv([ITEM, { ...ITEM, id: `${ITEM.id}b`, title: '=HYPERLINK("http://x")', summary: '-1+1' }]);

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.startsWith('\uFEFF标识,标题,摘要,发布时间,更新时间,链接\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes (RFC 4180)', () => {
    expect(csv).toContain('"当事人：某某超市, 违法行为：""过期食品""\r\n处罚：罚款5000元"');
    expect(csv).toContain(',行政处罚决定书 示市监处罚〔2025〕7号,');
  });

  it('reads back field for field, times in China Standard Time', () => {
    const rows = parse(csv, { bom: true, relax_quotes: false }) as string[][];
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows[1]).toEqual([
      ITEM.id,
      ITEM.title,
      ITEM.summary,
      '2025-03-03T09:30:00+08:00',
      '2025-03-05T23:59:59+08:00',
      ITEM.link,
    ]);
    expect(rows).toHaveLength(3);
  });

  it('defuses text Excel would run as a formula', () => {
    const rows = parse(csv, { bom: true }) as string[][];
    expect(rows[2]!.slice(1, 3)).toEqual([`'=HYPERLINK("http://x")`, `'-1+1`]);
  });

  it('gives the header alone for no items and refuses a bad item', () => {
    expect(toCsv([])).toBe('\uFEFF标识,标题,摘要,发布时间,更新时间,链接\r\n');
    expect(() => toCsv([{ ...ITEM, link: 'http://insecure' }])).toThrow(Invalid);
  });
});
