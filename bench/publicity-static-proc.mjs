// The publicity benchmark's Node peer (bench/publicity.mjs): Fastify alone in its own process answering the
// portal's answers from memory, with the portal's headers and a precomputed ETag: what the portal would do
// with a perfect response cache, i.e. the most one Node process serves here. Prints
// `LIUHEN_BENCH_READY {"url":…,"port":…}`; stops when stdin closes or on SIGTERM.
//   node bench/publicity-static-proc.mjs <answers.json: [{ path, type, body (base64) }]>
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { stopOnSignalOrParentGone } from './lib-proc.mjs';

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy':
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'access-control-allow-origin': '*',
  'cache-control': 'public, max-age=60',
};

const answers = new Map(
  JSON.parse(readFileSync(process.argv[2], 'utf8')).map((a) => {
    const body = Buffer.from(a.body, 'base64');
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return [a.path, { type: a.type, body, etag }];
  }),
);

const app = Fastify({ logger: false });
app.get('/*', (req, reply) => {
  const a = answers.get(req.url);
  if (!a) return reply.code(404).send();
  return reply.headers(HEADERS).header('etag', a.etag).type(a.type).send(a.body);
});
await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address();
stopOnSignalOrParentGone(() => app.close(), 5000, 'node static');
process.stdout.write(`LIUHEN_BENCH_READY ${JSON.stringify({ url: `http://127.0.0.1:${port}`, port })}\n`);
