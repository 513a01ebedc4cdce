import type { FastifyRequest } from 'fastify';

/**
 * Who is acting, for the audit trail: the signed-in user (or API token, or
 * recorder) that the guard established, with the client address so an entry
 * can be traced to a desk.
 */
export function actorOf(req: FastifyRequest): string {
  const p = req.principal;
  const who =
    p.kind === 'user' || p.kind === 'token' ? p.name : p.kind === 'device' ? `device:${p.deviceId}` : 'anonymous';
  return `${who}@${req.ip}`;
}

/** A Content-Disposition that survives Chinese file names: an ASCII fallback plus RFC 5987 UTF-8. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
