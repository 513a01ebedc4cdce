/**
 * Issue 12, finding 6: nothing before login may make the station hold memory. Raw TCP
 * sockets against the real broker: a CONNECT that announces 256 MB and then streams bytes
 * is cut off at its header and the gateway's memory does not grow; a socket that sends
 * nothing is closed after the login deadline; a logged-in client's packet beyond the
 * maximum packet size closes its connection, while the contract's largest payload passes.
 */
import { createConnection, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MAX_PAYLOAD_BYTES, topics } from '@liuhen/device-profiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPacket, enroll, varint, type Credentials } from './credential-helpers.js';
import { connectClient, startTestGateway, statePayload, type TestGateway } from './helpers.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const rssMb = () => {
  gc();
  gc();
  return process.memoryUsage().rss / 2 ** 20;
};

let gw: TestGateway;
let rec: Credentials;

beforeAll(async () => {
  gw = await startTestGateway({ mqtt: { allowAnonymous: false }, auth: { allowUnenrolledUploads: false } });
  rec = await enroll(gw, 'pre-001');
});
afterAll(async () => {
  await gw?.cleanup();
});

/** Opens a raw socket to the broker; `closed` resolves (with the time since open) when the broker hangs up. */
function open(): Promise<{ s: Socket; t0: number; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port: gw.ports.mqtt });
    const t0 = performance.now();
    const closed = new Promise<number>((r) => s.once('close', () => r(performance.now() - t0)));
    s.on('error', () => undefined);
    s.once('connect', () => resolve({ s, t0, closed }));
    s.once('error', reject);
  });
}

/** Writes `total` bytes (one reused 64 KiB chunk, minding backpressure) until done or the socket closes; the bytes written. */
async function stream(s: Socket, total: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  let sent = 0;
  while (sent < total && !s.destroyed) {
    const ok = s.write(chunk);
    sent += chunk.length;
    if (!ok)
      await new Promise<void>((r) => {
        const done = () => {
          s.off('drain', done);
          s.off('close', done);
          r();
        };
        s.once('drain', done);
        s.once('close', done);
      });
  }
  return sent;
}

describe('MQTT before login', () => {
  it('a CONNECT announcing 256 MB, then 50 MB streamed on each of 3 sockets: cut off at once, memory kept', async () => {
    const before = rssMb();
    const TOTAL = 50 * 2 ** 20;
    const runs = await Promise.all(
      [0, 1, 2].map(async () => {
        const { s, closed } = await open();
        // CONNECT, remaining length 268,435,455 (the largest MQTT can announce).
        s.write(Buffer.concat([Buffer.from([0x10]), varint(2 ** 28 - 1)]));
        const sent = await stream(s, TOTAL);
        const duringMb = process.memoryUsage().rss / 2 ** 20;
        const closedAfterMs = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), 1))]);
        s.destroy();
        return { sent, duringMb, closedAfterMs };
      }),
    );
    const after = rssMb();
    const report = JSON.stringify({ beforeMb: before, afterMb: after, runs });
    for (const r of runs) {
      // The broker hung up long before 50 MB went through (before: it read all of it, waiting for the rest).
      expect(r.sent, report).toBeLessThan(TOTAL);
      expect(r.closedAfterMs, report).not.toBeNull();
    }
    expect(after - before, report).toBeLessThanOrEqual(20);
  }, 60_000);

  it('a CONNECT larger than the pre-login limit is cut off at its header; a normal login still works', async () => {
    const { s, closed } = await open();
    // A CONNECT announcing 1 MiB (legal in MQTT, far more than a login needs), half of it sent.
    s.write(Buffer.concat([Buffer.from([0x10]), varint(2 ** 20)]));
    await stream(s, 2 ** 19);
    // Before: the broker kept reading, waiting for the rest, until its 30 s connect timeout.
    expect(
      await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), 5_000).unref())]),
    ).not.toBeNull();
    s.destroy();
    // A well-formed login on a fresh socket gets its CONNACK (0: accepted).
    const ok = await open();
    const connack = new Promise<number>((r) => ok.s.once('data', (d: Buffer) => r(d[3]!)));
    ok.s.write(connectPacket('pre-001-ok', rec.username, rec.password));
    expect(await connack).toBe(0);
    ok.s.destroy();
  });

  it('a socket that sends nothing, or only part of a CONNECT, is closed after the login deadline (10 s)', async () => {
    const silent = await open();
    const partial = await open();
    // Half a CONNECT header: a length byte promising more, then nothing.
    partial.s.write(Buffer.from([0x10, 0x80]));
    const [a, b] = await Promise.all(
      [silent, partial].map((c) =>
        Promise.race([c.closed, new Promise<number>((r) => setTimeout(() => r(Infinity), 25_000).unref())]),
      ),
    );
    // Before: aedes waited 30 s for a CONNECT.
    expect(a).toBeGreaterThanOrEqual(9_000);
    expect(a).toBeLessThanOrEqual(20_000);
    expect(b).toBeGreaterThanOrEqual(9_000);
    expect(b).toBeLessThanOrEqual(20_000);
  }, 40_000);
});

describe('MQTT after login', () => {
  it('a packet over the maximum packet size closes the connection; the largest valid payload passes', async () => {
    const c = await connectClient(gw.mqttUrl, { username: rec.username, password: rec.password });
    // The contract's payload limit, as a (schema-invalid, so diverted) state: delivered, connection kept.
    await c.publishAsync(topics.state('pre-001'), 'x'.repeat(MAX_PAYLOAD_BYTES), { qos: 1 });
    await c.publishAsync(topics.state('pre-001'), JSON.stringify(statePayload('pre-001')), { qos: 1 });
    expect(c.connected).toBe(true);
    // 1 MiB in one PUBLISH: the broker hangs up without reading it.
    const closed = new Promise<boolean>((r) => c.stream.once('close', () => r(true)));
    c.publish(topics.state('pre-001'), Buffer.alloc(2 ** 20, 0x20), { qos: 0 });
    // Before: read in full, diverted as invalid, the connection kept.
    expect(await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 15_000).unref())])).toBe(
      true,
    );
    c.end(true);
  });
});
