/**
 * How the portal answers: every body is built whole, then sent with a strong ETag (a repeat
 * visit with If-None-Match gets 304 and no body), a Cache-Control, and headers that keep pages
 * inert: a CSP with no script at all (the pages need none), no framing, no MIME sniffing.
 * Nothing sets a cookie.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pathSegment } from './site.js';

export const TYPES = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  css: 'text/css; charset=utf-8',
  pem: 'application/x-pem-file',
  csv: 'text/csv; charset=utf-8; header=present',
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  jsonFeed: 'application/feed+json; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
} as const;

/** Seconds a page or answer may be reused: a withdrawal reaches the public within a minute. */
export const FRESH = 60;
/** Seconds for what does not change (the style sheet, the station key). */
export const STABLE = 86_400;

const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer, errors included. */
export function installHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    void reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    void reply.header('content-security-policy', CSP);
    void reply.header('x-frame-options', 'DENY');
    // Open data is for anyone's page or program to read; there are no credentials to leak.
    void reply.header('access-control-allow-origin', '*');
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-cache');
    return payload;
  });
}

const etagOf = (body: string | Buffer) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** True when If-None-Match names this ETag (or *), weak forms included (RFC 9110 §13.1.2). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

export interface Answer {
  status?: number;
  type: string;
  body: string | Buffer;
  /** Cache-Control max-age in seconds. */
  maxAge: number;
  /** Content-Disposition file name, for downloads. */
  filename?: string;
}

/**
 * Content-Disposition for a download. A header holds no character beyond Latin-1, so a name with
 * others (a draw's id in Chinese) goes as RFC 6266 / RFC 8187 filename* (UTF-8, percent-encoded),
 * with an ASCII stand-in in filename for clients that read only that.
 */
export function contentDisposition(filename: string): string {
  if (/^[\x20-\x7e]*$/.test(filename) && !/["\\%]/.test(filename)) return `attachment; filename="${filename}"`;
  const ascii = filename.replace(/[^A-Za-z0-9._-]+/g, '_');
  const encoded = pathSegment(filename);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Sends a whole body with its validators; a 200 the client already holds becomes a 304. */
export function answer(req: FastifyRequest, reply: FastifyReply, a: Answer): FastifyReply {
  const status = a.status ?? 200;
  void reply.header('cache-control', `public, max-age=${a.maxAge}`);
  if (a.filename) void reply.header('content-disposition', contentDisposition(a.filename));
  if (status === 200) {
    const etag = etagOf(a.body);
    void reply.header('etag', etag);
    if (matches(req.headers['if-none-match'], etag)) return reply.code(304).send();
  }
  return reply.code(status).type(a.type).send(a.body);
}

/** JSON as the open data writes it: indented, so a person reading it in a browser can. */
export const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** A page; a 503 (a record that failed its signature check) is never cached. */
export const htmlAnswer = (req: FastifyRequest, reply: FastifyReply, status: number, body: string) =>
  answer(req, reply, { status, type: TYPES.html, body, maxAge: status === 503 ? 0 : FRESH });

/** A JSON answer of the open data, cached like pages. */
export const jsonAnswer = (req: FastifyRequest, reply: FastifyReply, status: number, value: unknown) =>
  answer(req, reply, { status, type: TYPES.json, body: jsonText(value), maxAge: status === 503 ? 0 : FRESH });

/** The JSON error body for nothing published at the request's path (`what`: result, page, draw). */
export const notFoundBody = (req: FastifyRequest, what: string) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `no published ${what} at ${req.url.split('?')[0]}`,
});

/** The JSON error body for a record that failed the station signature check (`what`: this result, …). */
export const unavailableBody = (what: string) => ({
  statusCode: 503,
  error: 'Service Unavailable',
  message: `${what} failed the station signature check and is not served`,
});

/** True for paths of the JSON API, whose errors are JSON, not pages. */
export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
