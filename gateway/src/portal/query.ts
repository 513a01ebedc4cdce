/**
 * The list's query string (home page and GET /api/results), read strictly: a value that is not
 * understood is refused with a message rather than silently ignored, so a link that filters
 * wrongly is noticed. The page size is bounded (at most MAX_LIMIT), and so is the page number,
 * so no request makes the database skip an unbounded number of rows.
 */
import { PUBLICATION_KINDS } from '@liuhen/contract';
import type { ResultFilter } from './portal-repo.js';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
export const MAX_PAGE = 10_000;
const MAX_QUERY_CHARS = 100;
const MAX_WORDS = 8;

export interface ListQuery {
  /** The search text as typed (trimmed), for the form and the links. */
  q: string;
  filter: ResultFilter;
  page: number;
  limit: number;
}

type Raw = Record<string, unknown>;

function one(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new QueryError(`${name} is given more than once`, `参数 ${name} 只能给出一次`);
  return v;
}

/** A parameter not understood: `message` for programs (English), `zh` for the page. */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly zh: string,
  ) {
    super(message);
  }
}

function integer(text: string | undefined, name: string, min: number, max: number): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d{1,6}$/.test(text)) throw new QueryError(`${name} must be a whole number`, `参数 ${name} 须为整数`);
  const n = Number(text);
  if (n < min || n > max)
    throw new QueryError(`${name} must be between ${min} and ${max}`, `参数 ${name} 须在 ${min} 与 ${max} 之间`);
  return n;
}

/** Reads the list's parameters; throws QueryError naming the first bad one. */
export function parseListQuery(raw: Raw): ListQuery {
  const q = (one(raw, 'q') ?? '').trim();
  if (q.length > MAX_QUERY_CHARS)
    throw new QueryError(`q is longer than ${MAX_QUERY_CHARS} characters`, `关键词不能超过 ${MAX_QUERY_CHARS} 个字`);
  // Words split on any space, the ideographic space (U+3000) included.
  const words = q.split(/[\s\u3000]+/u).filter(Boolean);
  if (words.length > MAX_WORDS)
    throw new QueryError(`q has more than ${MAX_WORDS} words`, `关键词不能超过 ${MAX_WORDS} 个`);

  const kindText = one(raw, 'kind') ?? '';
  if (kindText !== '' && !(PUBLICATION_KINDS as readonly string[]).includes(kindText))
    throw new QueryError(`kind must be one of ${PUBLICATION_KINDS.join(', ')}`, '类别不在可选范围内');
  const year = integer(one(raw, 'year'), 'year', 1990, 2200);
  const page = integer(one(raw, 'page'), 'page', 1, MAX_PAGE) ?? 1;
  // A larger page size than allowed is served at the largest (said in the answer's paging), not refused.
  const asked = integer(one(raw, 'limit'), 'limit', 1, 999_999);
  const limit = Math.min(asked ?? DEFAULT_LIMIT, MAX_LIMIT);

  return {
    q,
    filter: { words, ...(kindText ? { kind: kindText } : {}), ...(year !== undefined ? { year } : {}) },
    page,
    limit,
  };
}

/** The query string of a list view (only the parameters that are set), e.g. "?q=食品&page=2". */
export function listSearch(q: ListQuery, change: Partial<{ page: number }> = {}): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.filter.kind) p.set('kind', q.filter.kind);
  if (q.filter.year !== undefined) p.set('year', String(q.filter.year));
  const page = change.page ?? q.page;
  if (page !== 1) p.set('page', String(page));
  if (q.limit !== DEFAULT_LIMIT) p.set('limit', String(q.limit));
  const s = p.toString();
  return s ? `?${s}` : '';
}
