/**
 * The portal's Fastify instance: only the public routes (results, pages published before
 * enforcement, random draws: as pages, JSON API and open data), no
 * session, no cookies, no sign-in, no route of the station's internal API, which is a
 * different Fastify instance on another port. Anything else answers 404, whatever the method.
 */
import { createServer, STATUS_CODES } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { answerKeptRaw, installHeaders, isApiPath, TYPES } from './http.js';
import { apiRoutes } from './routes/api.js';
import { disclosureRoutes } from './routes/disclosure.js';
import { drawRoutes } from './routes/draws.js';
import { openDataRoutes } from './routes/open-data.js';
import { pageRoutes } from './routes/pages.js';
import { videoRoutes } from './routes/video.js';
import type { PortalContext } from './site.js';
import { badRequestPage, errorPage, notFoundPage } from './views/other-pages.js';

export function buildPortalApp(ctx: PortalContext): FastifyInstance {
  // A repeat of a kept answer is sent from the server's request listener, before Fastify's routing
  // and hooks (http.ts answerKeptRaw); anything else goes to Fastify as usual.
  // (The listener runs only once requests come, when `app` is set.)
  const app: FastifyInstance = Fastify({
    serverFactory: (handler, options) =>
      createServer(options, (req, res) => {
        if (!answerKeptRaw(app, req, res)) handler(req, res);
      }),
    loggerInstance: ctx.log.child(
      { svc: 'portal' },
      { level: ctx.log.level === 'info' ? 'warn' : ctx.log.level },
    ) as FastifyBaseLogger,
    // No route takes a body: a request with one is refused before anything reads it.
    bodyLimit: 1024,
    // Slugs of long ids (items.ts slugOf) are longer than Fastify's default of 100.
    routerOptions: { maxParamLength: 800 },
    forceCloseConnections: true,
    return503OnClosing: true,
    // A public listener answers many small requests: no line per request (failures are logged by
    // the error handler below).
    disableRequestLogging: true,
  }) as unknown as FastifyInstance;

  installHeaders(app);
  pageRoutes(app, ctx);
  apiRoutes(app, ctx);
  openDataRoutes(app, ctx);
  disclosureRoutes(app, ctx);
  drawRoutes(app, ctx);
  videoRoutes(app, ctx);

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0]!;
    if (isApiPath(path))
      return reply
        .code(404)
        .type(TYPES.json)
        .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${path}` });
    return reply.code(404).type(TYPES.html).send(notFoundPage(ctx.site).value);
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    // Fastify's own refusals (a malformed URL, a body sent anyway) keep their 4xx; anything else is ours: 500.
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) req.log.error({ err, url: req.url }, 'portal request failed');
    else req.log.debug({ url: req.url, status, reason: err.message }, 'portal request refused');
    if (isApiPath(req.url.split('?')[0]!))
      return reply
        .code(status)
        .type(TYPES.json)
        .send({
          statusCode: status,
          error: STATUS_CODES[status] ?? 'Error',
          message: status === 500 ? 'internal error' : err.message,
        });
    return reply
      .code(status)
      .type(TYPES.html)
      .send((status === 500 ? errorPage(ctx.site) : badRequestPage(ctx.site, '请求无法处理。')).value);
  });

  return app;
}
