// The public portal alone in its own process (bench/publicity.mjs): startPortal from the gateway's dist on
// the station database given, 127.0.0.1 on an ephemeral port, as the station runs it (own listener,
// read-only connection). Prints `LIUHEN_BENCH_READY {"url":…}`; stops when stdin closes or on SIGTERM.
//   node bench/publicity-portal-proc.mjs <db file> <station public key PEM file> <base URL> <log level>
import { readFileSync } from 'node:fs';
import { stopOnSignalOrParentGone } from './lib-proc.mjs';

const [dbFile, keyFile, baseUrl, level = 'warn'] = process.argv.slice(2);
const { startPortal } = await import('../gateway/dist/portal/index.js');
const { createLogger } = await import('../gateway/dist/log.js');

const portal = await startPortal({
  dbFile,
  host: '127.0.0.1',
  port: 0,
  baseUrl,
  title: '示例县行政执法公示',
  agency: '示例县市场监督管理局',
  stationPublicKeyPem: readFileSync(keyFile, 'utf8'),
  log: createLogger(level),
});
stopOnSignalOrParentGone(() => portal.stop(), 10_000, 'portal');
process.stdout.write(`LIUHEN_BENCH_READY ${JSON.stringify({ url: portal.url, port: portal.port })}\n`);
