import { describe, expect, it } from 'vitest';
import { idOfSlug, slugOf } from './items.js';
import { listSearch, MAX_LIMIT, parseListQuery, QueryError } from './query.js';

describe('parseListQuery', () => {
  it('reads words (any space, the ideographic one too), kind, year, page and a bounded limit', () => {
    const q = parseListQuery({ q: ' 食品　过期  超市 ', kind: 'penalty', year: '2025', page: '3', limit: '5000' });
    expect(q).toEqual({
      q: '食品　过期  超市',
      filter: { words: ['食品', '过期', '超市'], kind: 'penalty', year: 2025 },
      page: 3,
      limit: MAX_LIMIT,
    });
    expect(parseListQuery({})).toEqual({ q: '', filter: { words: [] }, page: 1, limit: 20 });
  });

  it('refuses what it does not understand, in English and in Chinese', () => {
    for (const raw of [
      { kind: 'x' },
      { page: '0' },
      { page: '1.5' },
      { limit: '0' },
      { year: '1900' },
      { q: ['a', 'b'] },
      { q: 'x'.repeat(101) },
      { q: 'a b c d e f g h i' },
    ]) {
      expect(() => parseListQuery(raw), JSON.stringify(raw)).toThrow(QueryError);
      try {
        parseListQuery(raw);
      } catch (e) {
        expect((e as QueryError).zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('writes back only what is set', () => {
    const q = parseListQuery({ q: '食品', year: '2024' });
    expect(listSearch(q)).toBe('?q=%E9%A3%9F%E5%93%81&year=2024');
    expect(listSearch(q, { page: 2 })).toBe('?q=%E9%A3%9F%E5%93%81&year=2024&page=2');
    expect(listSearch(parseListQuery({}))).toBe('');
  });
});

describe('slugs', () => {
  it('are base64url of the id and come back to it', () => {
    const id = 'tag:gongshi.example.gov.cn,2025:penalty/2025-0012?x=1&y=/2';
    expect(slugOf(id)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(idOfSlug(slugOf(id))).toBe(id);
  });

  it('accept one spelling per id only, and only ids', () => {
    const slug = slugOf('tag:a.example,2025:x/1');
    expect(idOfSlug(`${slug}=`)).toBeUndefined();
    expect(idOfSlug(slug.slice(0, -1) + (slug.endsWith('x') ? 'y' : 'x'))).not.toBe('tag:a.example,2025:x/1');
    expect(idOfSlug(slugOf('javascript:alert(1)'))).toBeUndefined();
    expect(idOfSlug('a/b')).toBeUndefined();
    expect(idOfSlug('')).toBeUndefined();
  });
});
