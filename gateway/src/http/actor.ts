import type { FastifyRequest } from 'fastify';

const ACTOR_RE = /^[\p{L}\p{N}_.@:-][\p{L}\p{N} _.@:-]{0,63}$/u;

export const ACTOR_COOKIE = 'liuhen_actor';

/**
 * Who is acting, for the audit trail. Until user login lands (security
 * issue), the dashboard names its user in `X-Liuhen-Actor`, and in the
 * `liuhen_actor` cookie for what the browser fetches by itself (video
 * sources, download links); the client address is always recorded with it
 * so an entry can be traced to a desk. When sessions exist, this is the one
 * place that changes.
 */
export function actorOf(req: FastifyRequest): string {
  const header = req.headers['x-liuhen-actor'];
  const raw = typeof header === 'string' ? header : cookie(req.headers.cookie, ACTOR_COOKIE);
  const named = raw ? decodeURIComponentSafe(raw.trim()) : '';
  const who = named && ACTOR_RE.test(named) ? named : 'anonymous';
  return `${who}@${req.ip}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function cookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A Content-Disposition that survives Chinese file names: an ASCII fallback plus RFC 5987 UTF-8. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
