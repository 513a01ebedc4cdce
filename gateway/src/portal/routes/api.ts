/**
 * The JSON API: GET /api/results (items, paging, filters) and GET /api/results/:slug (the
 * PublicItem, its exact signed text and the signature), with the signed bytes and the signature
 * also on their own for verification tools. A withdrawn or expired item answers 410 with its
 * PublicWithdrawal (id, withdrawnAt, reason).
 */
import type { PublicWithdrawal } from '@liuhen/contract';
import { PUBLICATION_KINDS } from '@liuhen/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { answer, FRESH, jsonAnswer, notFoundBody, TYPES, unavailableBody } from '../http.js';
import { KIND_LABELS, type ServedItem } from '../items.js';
import { listSearch, MAX_LIMIT, parseListQuery, QueryError } from '../query.js';
import { listResults, oneResult, type OneResult } from '../results.js';
import { absolute, paths, type PortalContext } from '../site.js';

type Slug = { Params: { slug: string } };

export function apiRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { site } = ctx;
  const json = jsonAnswer;

  const gone = (w: PublicWithdrawal) => ({ statusCode: 410, error: 'Gone', message: w.reason, withdrawal: w });
  const notFound = (req: FastifyRequest) => notFoundBody(req, 'result');
  const unavailable = unavailableBody('this result');

  /** The answer for an item that is not live, or undefined when it is. */
  function notLive(req: FastifyRequest, reply: FastifyReply, r: OneResult): FastifyReply | undefined {
    if ('gone' in r) return json(req, reply, 410, gone(r.gone));
    if ('unavailable' in r) return json(req, reply, 503, unavailable);
    if ('missing' in r) return json(req, reply, 404, notFound(req));
    return undefined;
  }

  const links = (s: ServedItem) => ({
    page: absolute(site, paths.page(s.slug)),
    self: absolute(site, paths.api(s.slug)),
    publicJson: absolute(site, paths.publicJson(s.slug)),
    signature: absolute(site, paths.signature(s.slug)),
    stationKey: absolute(site, paths.stationKey),
  });

  app.get('/api/results', async (req, reply) => {
    let q;
    try {
      q = parseListQuery(req.query as Record<string, unknown>);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      return json(req, reply, 400, { statusCode: 400, error: 'Bad Request', message: e.message });
    }
    const list = await listResults(ctx, q);
    const at = (page: number) => absolute(site, `/api/results${listSearch(q, { page })}`);
    return json(req, reply, 200, {
      items: list.items.map((s) => ({ slug: s.slug, url: links(s).page, api: links(s).self, item: s.item })),
      paging: {
        page: q.page,
        limit: q.limit,
        maxLimit: MAX_LIMIT,
        total: list.total,
        pages: list.pages,
        prev: q.page > 1 ? at(Math.min(q.page - 1, list.pages)) : null,
        next: q.page < list.pages ? at(q.page + 1) : null,
      },
      filters: {
        q: q.q,
        kind: q.filter.kind ?? null,
        year: q.filter.year ?? null,
        kinds: PUBLICATION_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
        years: list.years,
      },
    });
  });

  app.get<Slug>('/api/results/:slug', async (req, reply) => {
    const r = await oneResult(ctx, req.params.slug);
    if (!('live' in r)) return notLive(req, reply, r)!;
    const s = r.live;
    return json(req, reply, 200, { item: s.item, publicJson: s.publicJson, signature: s.signature, links: links(s) });
  });

  // The exact signed bytes, as stored: what `openssl pkeyutl -verify -rawin -in` reads.
  app.get<Slug>('/api/results/:slug/public.json', async (req, reply) => {
    const r = await oneResult(ctx, req.params.slug);
    if (!('live' in r)) return notLive(req, reply, r)!;
    return answer(req, reply, { type: TYPES.json, body: r.live.publicJson, maxAge: FRESH });
  });

  app.get<Slug>('/api/results/:slug/signature.json', async (req, reply) => {
    const r = await oneResult(ctx, req.params.slug);
    if (!('live' in r)) return notLive(req, reply, r)!;
    return json(req, reply, 200, r.live.signature);
  });
}
