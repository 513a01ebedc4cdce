import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** dashboard/dist of this checkout, found relative to this file (src/ or dist/). */
export function defaultDashboardDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../../../../dashboard/dist');
}

/**
 * Serves the built dashboard at / and decorates `reply.sendFile` (used by the
 * footage routes). Called on the root instance, not registered as an
 * encapsulated plugin, so the decorator is visible to every plugin.
 * Without a built dashboard, / explains how to build it.
 */
export async function registerDashboard(app: FastifyInstance, dir: string): Promise<void> {
  const root = dir || defaultDashboardDir();
  const built = existsSync(join(root, 'index.html'));
  await app.register(fastifyStatic, {
    root: built ? root : dirname(root),
    serve: built,
    wildcard: false,
    index: ['index.html'],
  });
  if (!built) {
    app.get('/', async (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(`The dashboard is not built (${root} is missing): run "npm run build" or "npm start".`),
    );
  }
}
