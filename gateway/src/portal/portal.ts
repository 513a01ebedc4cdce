/**
 * The public publicity portal (行政执法公示) as a listener of its own: startPortal opens the
 * station's database read-only, serves the public routes on its own port and stops cleanly.
 * The station (gateway.ts) starts it after the database and stops it before the database closes.
 */
import { envName } from '../config.js';
import type { Logger } from '../log.js';
import { buildPortalApp } from './app.js';
import { keepAnswers, KEPT_BYTES } from './http.js';
import { createItemReader } from './items.js';
import { isReadOnly, openPortalDb } from './portal-repo.js';
import { createSignedChecker } from './signed.js';
import { baseAddress, type PortalContext } from './site.js';

export interface PortalOptions {
  /** The station's SQLite file; it must exist (the station creates it and runs the migrations). */
  dbFile: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The public https address (portal.baseUrl); empty means the listening address. */
  baseUrl: string;
  title: string;
  /** The agency that publishes (shown on every page, the publisher in feeds and JSON-LD). */
  agency: string;
  /** The station signing key's public half: items are checked with it and it is served at /station-key.pem. */
  stationPublicKeyPem: string;
  log: Logger;
  /** Bytes of rendered answers kept in memory (http.ts), least recently used out first; 0 keeps none. */
  keptAnswerBytes?: number;
}

export interface Portal {
  /** The listening address, http://host:port (the public address may differ: baseUrl). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

const hostInUrl = (host: string) => {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return h.includes(':') ? `[${h}]` : h;
};

export async function startPortal(opts: PortalOptions): Promise<Portal> {
  const reader = createItemReader(opts.stationPublicKeyPem);
  const db = openPortalDb(opts.dbFile);
  try {
    if (!isReadOnly(db)) throw new Error('portal: the database connection is not read-only');
    const title = opts.title.trim() || '行政执法公示';
    // The publisher must have a name (feeds, JSON-LD): without an agency, the portal's title stands in.
    const site = { base: '', title, agency: opts.agency.trim() || title, fingerprint: reader.fingerprint };
    const ctx: PortalContext = {
      db,
      reader,
      signed: createSignedChecker(opts.stationPublicKeyPem),
      site,
      log: opts.log,
      now: () => new Date().toISOString(),
    };
    // The base address is needed by the routes, the port only after listening: settle it before the first request.
    if (opts.baseUrl.trim()) site.base = baseAddress(opts.baseUrl, '');
    const app = buildPortalApp(ctx);
    keepAnswers(app, ctx, opts.keptAnswerBytes ?? KEPT_BYTES);
    try {
      await app.listen({ host: opts.host, port: opts.port });
    } catch (err) {
      await app.close();
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new Error(
          `port ${opts.port} on ${opts.host} is already in use (setting portal.port): stop the other program or choose another port with ${envName('portal', 'port')}=<port>`,
        );
      throw err;
    }
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : opts.port;
    const url = `http://${hostInUrl(opts.host)}:${port}`;
    if (!site.base) site.base = baseAddress('', url);
    opts.log.info({ url, base: site.base, key: reader.fingerprint }, 'publicity portal listening');
    return {
      url,
      port,
      async stop() {
        await app.close();
        await db.destroy();
      },
    };
  } catch (err) {
    await db.destroy();
    throw err;
  }
}
