/**
 * The pages published before enforcement (事前公开), as HTML and as open data:
 *
 *   GET /disclosure                                      the index (pages in effect, versions announced)
 *   GET /disclosure/:slug                                the version in effect
 *   GET /disclosure/:slug/versions/:version              any version (past, current, announced)
 *   GET /api/pages                                       the index as JSON
 *   GET /api/pages/:slug                                 the version in effect, with the page's history
 *   GET /api/pages/:slug/versions/:version               one version, with the history
 *   GET /api/pages/:slug/versions/:version/public.json   the exact signed bytes
 *   GET /api/pages/:slug/versions/:version/signature.json the station's signature, as stored
 *
 * (The station's own /api/disclosure/* routes are not here: the portal has no internal route.)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { onePage, pageIndex, versionOf, type OnePage, type ServedPage, type VersionInfo } from '../disclosure-pages.js';
import { answer, FRESH, htmlAnswer, jsonAnswer, notFoundBody, TYPES, unavailableBody } from '../http.js';
import { absolute, pagePaths, paths, type PortalContext } from '../site.js';
import { disclosureIndexPage, disclosurePage, notYetPage } from '../views/disclosure-pages.js';
import { notFoundPage, unavailablePage } from '../views/other-pages.js';

type SlugParams = { Params: { slug: string } };
type VersionParams = { Params: { slug: string; version: string } };

export function disclosureRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const { site } = ctx;
  const html = htmlAnswer;
  const json = jsonAnswer;

  const missing = (req: FastifyRequest) => notFoundBody(req, 'page');
  const unavailable = unavailableBody('this page version');

  const links = (slug: string, version: number) => ({
    page: absolute(site, pagePaths.version(slug, version)),
    self: absolute(site, pagePaths.apiVersion(slug, version)),
    publicJson: absolute(site, pagePaths.publicJson(slug, version)),
    signature: absolute(site, pagePaths.signature(slug, version)),
    stationKey: absolute(site, paths.stationKey),
  });
  const summary = (s: ServedPage) => ({
    slug: s.page.slug,
    kind: s.page.kind,
    title: s.page.title,
    version: s.page.version,
    effectiveFrom: s.page.effectiveFrom,
    publishedAt: s.page.publishedAt,
    id: s.page.id,
    url: absolute(site, pagePaths.page(s.page.slug)),
    api: absolute(site, pagePaths.apiPage(s.page.slug)),
    links: links(s.page.slug, s.page.version),
  });
  const history = (slug: string, h: readonly VersionInfo[]) => h.map((v) => ({ ...v, links: links(slug, v.version) }));

  // ---- HTML

  app.get(pagePaths.index, async (req, reply) =>
    html(req, reply, 200, disclosureIndexPage(site, await pageIndex(ctx)).value),
  );

  function pageAnswer(req: FastifyRequest, reply: FastifyReply, slug: string, r: OnePage) {
    if ('live' in r) {
      const view = {
        served: r.live,
        status: r.status,
        history: r.history,
        ...(r.current !== undefined ? { current: r.current } : {}),
      };
      return html(req, reply, 200, disclosurePage(site, view).value);
    }
    if ('notYet' in r) return html(req, reply, 200, notYetPage(site, slug, r.notYet).value);
    if ('unavailable' in r) return html(req, reply, 503, unavailablePage(site).value);
    return html(req, reply, 404, notFoundPage(site).value);
  }

  app.get<SlugParams>('/disclosure/:slug', async (req, reply) =>
    pageAnswer(req, reply, req.params.slug, await onePage(ctx, req.params.slug)),
  );

  app.get<VersionParams>('/disclosure/:slug/versions/:version', async (req, reply) => {
    const version = versionOf(req.params.version);
    if (version === undefined) return html(req, reply, 404, notFoundPage(site).value);
    return pageAnswer(req, reply, req.params.slug, await onePage(ctx, req.params.slug, version));
  });

  // ---- JSON

  app.get(pagePaths.api, async (req, reply) => {
    const index = await pageIndex(ctx);
    return json(req, reply, 200, { pages: index.current.map(summary), upcoming: index.upcoming.map(summary) });
  });

  function versionAnswer(req: FastifyRequest, reply: FastifyReply, r: OnePage) {
    if ('live' in r) {
      const s = r.live;
      return json(req, reply, 200, {
        page: s.page,
        status: r.status,
        current: r.current ?? null,
        publicJson: s.publicJson,
        signature: s.signature,
        versions: history(s.page.slug, r.history),
        links: links(s.page.slug, s.page.version),
      });
    }
    if ('notYet' in r)
      return json(req, reply, 404, {
        ...missing(req),
        message: 'no version of this page is in effect yet',
        versions: r.notYet,
      });
    if ('unavailable' in r) return json(req, reply, 503, unavailable);
    return json(req, reply, 404, missing(req));
  }

  app.get<SlugParams>('/api/pages/:slug', async (req, reply) =>
    versionAnswer(req, reply, await onePage(ctx, req.params.slug)),
  );

  /** The version a path names, or the answer that it cannot be served. */
  async function named(req: FastifyRequest<VersionParams>): Promise<OnePage> {
    const version = versionOf(req.params.version);
    return version === undefined ? { missing: true } : onePage(ctx, req.params.slug, version);
  }

  app.get<VersionParams>('/api/pages/:slug/versions/:version', async (req, reply) =>
    versionAnswer(req, reply, await named(req)),
  );

  // The exact signed bytes, as stored: what `openssl pkeyutl -verify -rawin -in` reads.
  app.get<VersionParams>('/api/pages/:slug/versions/:version/public.json', async (req, reply) => {
    const r = await named(req);
    if (!('live' in r)) return versionAnswer(req, reply, 'notYet' in r ? { missing: true } : r);
    return answer(req, reply, { type: TYPES.json, body: r.live.publicJson, maxAge: FRESH });
  });

  app.get<VersionParams>('/api/pages/:slug/versions/:version/signature.json', async (req, reply) => {
    const r = await named(req);
    if (!('live' in r)) return versionAnswer(req, reply, 'notYet' in r ? { missing: true } : r);
    return answer(req, reply, { type: TYPES.json, body: r.live.signatureText, maxAge: FRESH });
  });
}
