/** The HTML pages: the list with search (/), an item (/results/:slug), open data (/open-data), the style sheet. */
import type { FastifyInstance } from 'fastify';
import { answer, FRESH, STABLE, TYPES } from '../http.js';
import { parseListQuery, QueryError } from '../query.js';
import { listResults, oneResult } from '../results.js';
import type { PortalContext } from '../site.js';
import { releasedVideosOf, videoPaths } from './video.js';
import { itemPage } from '../views/item-page.js';
import { listPage } from '../views/list-page.js';
import { badRequestPage, gonePage, notFoundPage, openDataPage, unavailablePage } from '../views/other-pages.js';
import { PORTAL_CSS } from '../views/style.js';

export function pageRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { site } = ctx;

  app.get('/', async (req, reply) => {
    let q;
    try {
      q = parseListQuery(req.query as Record<string, unknown>);
    } catch (e) {
      if (!(e instanceof QueryError)) throw e;
      return answer(req, reply, {
        status: 400,
        type: TYPES.html,
        body: badRequestPage(site, e.zh).value,
        maxAge: FRESH,
      });
    }
    const list = await listResults(ctx, q);
    return answer(req, reply, { type: TYPES.html, body: listPage(site, q, list).value, maxAge: FRESH });
  });

  app.get<{ Params: { slug: string } }>('/results/:slug', async (req, reply) => {
    const r = await oneResult(ctx, req.params.slug);
    if ('live' in r) {
      const videos = (await releasedVideosOf(ctx, r.live.item.id)).map((v) => ({
        file: videoPaths.file(v.id),
        manifest: videoPaths.manifest(v.id),
        sha256: v.sha256,
      }));
      return answer(req, reply, { type: TYPES.html, body: itemPage(site, r.live, videos).value, maxAge: FRESH });
    }
    if ('gone' in r)
      return answer(req, reply, { status: 410, type: TYPES.html, body: gonePage(site, r.gone).value, maxAge: FRESH });
    if ('unavailable' in r)
      return answer(req, reply, { status: 503, type: TYPES.html, body: unavailablePage(site).value, maxAge: 0 });
    return answer(req, reply, { status: 404, type: TYPES.html, body: notFoundPage(site).value, maxAge: FRESH });
  });

  app.get('/open-data', async (req, reply) =>
    answer(req, reply, { type: TYPES.html, body: openDataPage(site).value, maxAge: STABLE }),
  );

  app.get('/portal.css', async (req, reply) =>
    answer(req, reply, { type: TYPES.css, body: PORTAL_CSS, maxAge: STABLE }),
  );
}
