/** Bulk open data: the feeds (Atom with tombstones, RSS, JSON Feed), the CSV and the station's public key. */
import type { FastifyInstance } from 'fastify';
import { createOpenData } from '../feeds.js';
import { answer, FRESH, STABLE, TYPES } from '../http.js';
import type { PortalContext } from '../site.js';

export function openDataRoutes(app: FastifyInstance, ctx: PortalContext): void {
  const data = createOpenData(ctx);

  app.get('/feed.atom', async (req, reply) =>
    answer(req, reply, { type: TYPES.atom, body: (await data.get()).atom, maxAge: FRESH }),
  );
  app.get('/feed.rss', async (req, reply) =>
    answer(req, reply, { type: TYPES.rss, body: (await data.get()).rss, maxAge: FRESH }),
  );
  app.get('/feed.json', async (req, reply) =>
    answer(req, reply, { type: TYPES.jsonFeed, body: (await data.get()).json, maxAge: FRESH }),
  );
  app.get('/results.csv', async (req, reply) =>
    answer(req, reply, { type: TYPES.csv, body: (await data.get()).csv, maxAge: FRESH, filename: 'results.csv' }),
  );
  // The key every item's signature verifies with; compare its fingerprint with the one the agency publishes.
  app.get('/station-key.pem', async (req, reply) =>
    answer(req, reply, { type: TYPES.pem, body: ctx.reader.stationKeyPem, maxAge: STABLE }),
  );
}
