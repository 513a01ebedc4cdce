/**
 * The HTTP API: one Fastify plugin per capability, each with its routes and
 * schemas. Route schemas validate every request and feed the OpenAPI
 * document at /api/openapi.json.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { isDateTime } from '@liuhen/device-profiles';
import type { Logger } from '../log.js';
import { createLogBudget } from '../log-budget.js';
import { HttpError, toHttpError } from './errors.js';
import { installGuard } from './guard.js';
import { installScope } from './scope.js';
import { sessionPlugin } from './plugins/session.js';
import { auditPlugin } from './plugins/audit.js';
import { casesPlugin } from './plugins/cases.js';
import { registerDashboard } from './plugins/dashboard.js';
import { deskPlugin } from './plugins/desk.js';
import { exportsPlugin } from './plugins/exports.js';
import { playbackPlugin } from './plugins/playback.js';
import { retentionPlugin } from './plugins/retention.js';
import { reviewsPlugin } from './plugins/reviews.js';
import { legalReviewPlugin } from './plugins/legal-review.js';
import { publicityPlugin } from './plugins/publicity.js';
import { videoReleasePlugin } from './plugins/video-release.js';
import { disclosurePlugin } from './plugins/disclosure.js';
import { devicesPlugin } from './plugins/devices.js';
import { healthPlugin } from './plugins/health.js';
import { livePlugin, type LiveChannel } from './plugins/live.js';
import { offloadPlugin } from './plugins/offload.js';
import { evidencePlugin } from './plugins/evidence.js';
import { recordingsPlugin } from './plugins/recordings.js';
import { stationPlugin } from './plugins/station.js';
import type { Services } from './services.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  507: 'Insufficient Storage',
};

/**
 * Every error answer: {statusCode, error, message, code?, details?}. Domain errors (../errors.ts) get
 * their status here (errors.ts `STATUS_OF`); refusals are logged within a budget, failures in full.
 */
export function installErrorHandler(app: FastifyInstance): void {
  const refusedLines = createLogBudget();
  app.setErrorHandler((thrown: Error & { statusCode?: number; validation?: unknown }, req, reply) => {
    // Services refuse in the domain's words (../errors.ts): here, and only here, that becomes an HTTP answer.
    const err = toHttpError(thrown);
    const statusCode =
      err instanceof HttpError ? err.statusCode : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    // A full disk is the station's condition, not a bug: say so (507) wherever it surfaces.
    if (statusCode === 500 && (err as NodeJS.ErrnoException).code === 'ENOSPC') {
      req.log.error({ url: req.url }, 'station storage is full');
      void reply.code(507).send({
        statusCode: 507,
        error: 'Insufficient Storage',
        message: 'the station storage is full: free space on the station data disk',
        code: 'station-storage-full',
      });
      return;
    }
    if (statusCode >= 500 && statusCode !== 507) req.log.error({ err }, 'request failed');
    else {
      // Within a budget per address and answer: a flood of refused requests cannot fill the disk.
      const code = err instanceof HttpError ? err.code : undefined;
      const { log, suppressed } = refusedLines.take(`${req.ip} ${statusCode} ${code ?? ''}`);
      if (log)
        req.log.warn(
          {
            url: req.url,
            statusCode,
            reason: err.message,
            ...(suppressed ? { suppressedSinceLastLine: suppressed } : {}),
          },
          'request refused',
        );
    }
    const error = STATUS_TEXT[statusCode] ?? (statusCode >= 500 ? 'Internal Server Error' : 'Error');
    const offset = (err as { offset?: number }).offset;
    if (offset !== undefined) void reply.header('Upload-Offset', String(offset));
    const retryAfter = err instanceof HttpError ? err.details?.retryAfterSeconds : undefined;
    if (typeof retryAfter === 'number') void reply.header('Retry-After', String(retryAfter));
    const extra = err instanceof HttpError ? { code: err.code, details: err.details } : {};
    void reply.code(statusCode).send({
      statusCode,
      error,
      message: statusCode >= 500 && !(err instanceof HttpError) ? 'internal error; see the gateway log' : err.message,
      ...extra,
    });
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send({ statusCode: 404, error: 'Not Found', message: `no route ${req.method} ${req.url.split('?')[0]}` });
  });
}

export async function buildHttpApp(
  services: Services,
  log: Logger,
  tls?: { cert: Buffer; key: Buffer },
): Promise<{
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;
  channel: { current?: LiveChannel };
}> {
  const app = Fastify({
    // Request/response lines are debug noise at a station; refusals and failures are logged below.
    loggerInstance: log.child(
      { svc: 'http' },
      { level: log.level === 'info' ? 'warn' : log.level },
    ) as FastifyBaseLogger,
    bodyLimit: 64 * 1024,
    ...(tls ? { https: tls } : {}),
    // Live video and SSE responses never end by themselves: cut them on close.
    forceCloseConnections: true,
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true },
      // The same date-time rule as the device contract: no leap seconds, nothing past year 9999.
      // onCreate runs after ajv-formats, whose date-time would otherwise win.
      onCreate: (ajv: { addFormat(name: string, validate: (s: string) => boolean): unknown }) =>
        ajv.addFormat('date-time', isDateTime),
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installGuard(app as unknown as FastifyInstance, services.auth, { https: Boolean(tls) });
  installScope(app as unknown as FastifyInstance, { db: services.db, exports: services.exports });

  installErrorHandler(app as unknown as FastifyInstance);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'liuhen gateway API',
        version: services.version,
        description: 'Station API for whole-process enforcement recording',
      },
    },
  });
  app.get('/api/openapi.json', { config: { access: 'user' }, schema: { hide: true } }, async () => app.swagger());

  const channel: { current?: LiveChannel } = {};
  await registerDashboard(app as unknown as FastifyInstance, services.config.dashboard.dir);
  await app.register(sessionPlugin, {
    auth: services.auth,
    secureCookies: Boolean(tls),
    sessionHours: services.config.auth.sessionHours,
  });
  await app.register(healthPlugin, { services });
  await app.register(stationPlugin, { stationKey: services.stationKey });
  await app.register(devicesPlugin, { services });
  await app.register(recordingsPlugin, { services });
  await app.register(livePlugin, { services, channel });
  await app.register(offloadPlugin, {
    services,
    uploads: services.uploads,
    quarantine: services.quarantine,
    onStored: (row) => channel.current?.publishRecording(row),
  });
  await app.register(evidencePlugin, {
    quarantine: services.quarantine,
    chainRecords: services.chainRecords,
    registry: services.registry,
  });
  await app.register(casesPlugin, { cases: services.cases, sorter: services.sorter, db: services.db });
  await app.register(reviewsPlugin, { reviews: services.reviews, cases: services.cases });
  await app.register(publicityPlugin, { publications: services.publications, db: services.db });
  await app.register(videoReleasePlugin, { videoReleases: services.videoReleases });
  await app.register(disclosurePlugin, { disclosure: services.disclosure, inspections: services.inspections });
  await app.register(legalReviewPlugin, {
    documents: services.documents,
    legalReview: services.legalReview,
    reviewers: services.reviewers,
    maxDocumentBytes: services.config.legalReview.maxDocumentBytes,
  });
  await app.register(playbackPlugin, { playback: services.playback, audit: services.audit, db: services.db });
  await app.register(exportsPlugin, {
    exports: services.exports,
    cases: services.cases,
    audit: services.audit,
    db: services.db,
  });
  await app.register(auditPlugin, { audit: services.audit, checkpoints: services.auditCheckpoints });
  await app.register(deskPlugin, {
    registry: services.registry,
    desk: services.desk,
    enrollment: services.enrollment,
    alerts: services.alerts,
    telemetry: services.telemetry,
  });
  await app.register(retentionPlugin, {
    retention: services.retention,
    policy: services.config.retention,
    onSwept: () => services.sorter.flush(),
  });
  return { app, channel };
}
