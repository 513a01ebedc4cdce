/**
 * How the portal answers: every body is built whole, then sent with a strong ETag (a repeat
 * visit with If-None-Match gets 304 and no body), a Cache-Control, and headers that keep pages
 * inert: a CSP with no script at all (the pages need none), no framing, no MIME sniffing.
 * Nothing sets a cookie.
 *
 * The answers of the results (list, item, their JSON, feeds, CSV) are kept as bytes, with their
 * ETag, per normalised URL, for as long as the generation they were built in (results.ts: until
 * the station writes, an item expires or a minute passes), in an LRU bounded by bytes. A kept
 * answer is found before the route runs (onRequest), so a repeat costs no query, no signature
 * check and no rendering; a withdrawal starts a new generation, so no kept answer outlives it.
 * A repeat of the exact request line is answered before Fastify itself (answerKeptRaw, from the
 * server's request listener: about twice the answers a second of going through Fastify's routing
 * and hooks), with the same bytes and headers.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { listSearch, parseListQuery } from './query.js';
import { generationOf, type Generation } from './results.js';
import { pathSegment, type PortalContext } from './site.js';

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
  // Videos released with an item play from this origin.
  "media-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every answer, errors included; one object, built once. */
const EVERY_ANSWER = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': CSP,
  'x-frame-options': 'DENY',
  // Open data is for anyone's page or program to read; there are no credentials to leak.
  'access-control-allow-origin': '*',
} as const;

/**
 * Headers on every answer, errors included, and the kept answers (served before routing when
 * keepAnswers has been called for this app). Callback hooks: an async hook costs a promise a request.
 */
export function installHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    const keeper = keepers.get(app);
    if (!keeper || req.method !== 'GET') return done();
    const key = keyOf(req);
    if (key === undefined) return done();
    const gen = generationOf(keeper.ctx);
    let kept = keptOf.get(gen);
    if (!kept) {
      kept = new ByteLru(keeper.maxBytes);
      keptOf.set(gen, kept);
    }
    const hit = gen.settled ? kept.get(key) : undefined;
    if (!hit) {
      waiting.set(req, { key, kept, gen });
      return done();
    }
    rememberRaw(gen, req.url, key);
    // Answered here: the route and the rest of the request hooks are skipped (onSend still runs).
    void sendKept(req, reply, hit);
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    void reply.headers(EVERY_ANSWER);
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-cache');
    done(null, payload);
  });
}

// ---------------------------------------------------------------- kept answers

/** What a kept answer is sent from. */
interface Kept {
  status: number;
  type: string;
  body: Buffer;
  /** cache-control, etag (200 only), content-disposition (downloads). */
  headers: Record<string, string>;
  etag: string | undefined;
  /** Every header of a 200/410 as sent (the ones above, EVERY_ANSWER, type, length); built on first raw use. */
  wire?: OutgoingHttpHeaders;
  /** The same for a 304. */
  wire304?: OutgoingHttpHeaders;
}

/** Least recently used first out, bounded by the bytes of the bodies (and keys). */
class ByteLru {
  private readonly entries = new Map<string, Kept>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  private static size(key: string, k: Kept): number {
    return k.body.length + 2 * key.length + 256;
  }

  get(key: string): Kept | undefined {
    const k = this.entries.get(key);
    if (k) {
      // Most recently used last: delete and set again.
      this.entries.delete(key);
      this.entries.set(key, k);
    }
    return k;
  }

  set(key: string, k: Kept): void {
    const size = ByteLru.size(key, k);
    // One answer may take at most a quarter of the memory (the CSV of every result is not kept).
    if (size > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= ByteLru.size(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, k);
    this.bytes += size;
    for (const [oldest, v] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= ByteLru.size(oldest, v);
    }
  }
}

/** Bytes of answers kept by default (portal.ts): about 4,000 item pages or 1,500 list pages. */
export const KEPT_BYTES = 32 * 2 ** 20;

const keepers = new WeakMap<FastifyInstance, { ctx: PortalContext; maxBytes: number }>();
/** Apps closing: their requests go through Fastify, which answers 503 while it closes. */
const closing = new WeakSet<FastifyInstance>();
/** The kept answers of each generation: a new generation starts empty, the old one is dropped with it. */
const keptOf = new WeakMap<Generation, ByteLru>();
/** Requests that found nothing kept: where answer() keeps what it sends (the generation as the request began). */
const waiting = new WeakMap<FastifyRequest, { key: string; kept: ByteLru; gen: Generation }>();
/**
 * Per generation, the raw request URLs (path and query as sent) that Fastify routed to a kept
 * answer, with that answer's key: only a URL the router has resolved once is answered raw.
 */
const rawKeysOf = new WeakMap<Generation, Map<string, string>>();
/** Raw URLs remembered per generation; past this the map starts again (keys are at most ~1 KB). */
const RAW_URLS_KEPT = 4096;

/** Keeps the answers of `app` (see the top of this file); maxBytes 0 keeps none. */
export function keepAnswers(app: FastifyInstance, ctx: PortalContext, maxBytes = KEPT_BYTES): void {
  if (maxBytes <= 0) return;
  keepers.set(app, { ctx, maxBytes });
  app.addHook('preClose', (done) => {
    closing.add(app);
    done();
  });
}

/** The routes whose answers are kept: they depend only on the path, the list's query and the generation. */
const KEPT_ROUTES = new Set([
  '/',
  '/api/results',
  '/results/:slug',
  '/api/results/:slug',
  '/api/results/:slug/public.json',
  '/api/results/:slug/signature.json',
  '/feed.atom',
  '/feed.rss',
  '/feed.json',
  '/results.csv',
  '/station-key.pem',
  '/open-data',
  '/portal.css',
]);

/**
 * The normalised URL an answer is kept under: the route and its slug (a query string on an item
 * is ignored by the route, so by the key too); for the lists, the query as the list reads it
 * (listSearch of parseListQuery: order, defaults and page 1 spelled one way). Undefined: not kept
 * (another route, a 404, a query the list refuses).
 */
function keyOf(req: FastifyRequest): string | undefined {
  const route = req.routeOptions.url;
  if (route === undefined || !KEPT_ROUTES.has(route)) return undefined;
  if (route === '/' || route === '/api/results') {
    try {
      return `${route}${listSearch(parseListQuery(req.query as Record<string, unknown>))}`;
    } catch {
      return undefined;
    }
  }
  const { slug } = req.params as { slug?: string };
  return slug === undefined ? route : `${route}\n${slug}`;
}

function sendKept(req: FastifyRequest, reply: FastifyReply, k: Kept): FastifyReply {
  void reply.headers(k.headers);
  if (k.etag !== undefined && matches(req.headers['if-none-match'], k.etag)) return reply.code(304).send();
  return reply.code(k.status).type(k.type).send(k.body);
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

/**
 * Sends a whole body with its validators; a 200 the client already holds becomes a 304. A 200 or
 * a 410 (withdrawn, expired) of a kept route is kept for the generation the request began in; a
 * 503 (a failed signature check: the record may be repaired) and a 404 are never kept.
 */
export function answer(req: FastifyRequest, reply: FastifyReply, a: Answer): FastifyReply {
  const status = a.status ?? 200;
  const headers: Record<string, string> = { 'cache-control': `public, max-age=${a.maxAge}` };
  if (a.filename) headers['content-disposition'] = contentDisposition(a.filename);
  const etag = status === 200 ? etagOf(a.body) : undefined;
  if (etag !== undefined) headers.etag = etag;
  const body = typeof a.body === 'string' ? Buffer.from(a.body) : a.body;
  const k: Kept = { status, type: a.type, body, headers, etag };
  const wait = waiting.get(req);
  if (wait && (status === 200 || status === 410) && a.maxAge > 0) {
    wait.kept.set(wait.key, k);
    rememberRaw(wait.gen, req.url, wait.key);
  }
  return sendKept(req, reply, k);
}

function rememberRaw(gen: Generation, url: string, key: string): void {
  let raw = rawKeysOf.get(gen);
  if (!raw || raw.size >= RAW_URLS_KEPT) {
    raw = new Map();
    rawKeysOf.set(gen, raw);
  }
  raw.set(url, key);
}

/**
 * Answers a GET from the kept answers before Fastify sees it, when this exact URL was routed to a
 * kept answer earlier in the same generation (installHeaders' hook and answer() remember it).
 * False: not kept, the caller hands the request to Fastify. Same status, bytes and headers as
 * Fastify's path (sendKept and the onSend hook), 304 for a matching If-None-Match included.
 */
export function answerKeptRaw(app: FastifyInstance | undefined, req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'GET' || app === undefined || req.url === undefined) return false;
  const keeper = keepers.get(app);
  if (!keeper || closing.has(app)) return false;
  const gen = generationOf(keeper.ctx);
  if (!gen.settled) return false;
  const key = rawKeysOf.get(gen)?.get(req.url);
  const k = key === undefined ? undefined : keptOf.get(gen)?.get(key);
  if (!k) return false;
  if (k.etag !== undefined && matches(req.headers['if-none-match'], k.etag)) {
    k.wire304 ??= { ...k.headers, ...EVERY_ANSWER };
    res.writeHead(304, k.wire304);
    res.end();
    return true;
  }
  k.wire ??= { ...k.headers, 'content-type': k.type, ...EVERY_ANSWER, 'content-length': k.body.length };
  res.writeHead(k.status, k.wire);
  res.end(k.body);
  return true;
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
