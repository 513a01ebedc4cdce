/**
 * Authenticate before anything else (issue 12, finding 4): on a station with its defaults, an
 * unsigned RTMP publish for an enrolled recorder that is streaming is refused without ending the
 * recorder's live stream (the stale-publisher takeover used to run before the key check). Real
 * gateway, real ffmpeg publishers.
 */
import { generateKeyPairSync } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtmpPublishUrl } from '@liuhen/device-profiles';
import { signPublishKey } from '@liuhen/device-profiles/node';
import { exited, pushTestStream, startTestGateway, waitFor, type TestGateway } from './helpers.js';

const DEVICE = 'ra-001';
let gw: TestGateway;
let secret: string;
const pushes: ReturnType<typeof pushTestStream>[] = [];

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await gw.fetch(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  gw = await startTestGateway({ secure: true, rtmp: { publishDeadlineSeconds: 5 } });
  expect((await api('POST', '/api/devices', { id: DEVICE, profile: 'sim' })).status).toBe(201);
  const code = await api<{ code: string }>('POST', `/api/devices/${DEVICE}/enrollment`);
  const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const res = await fetch(`${gw.url}/api/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: code.body.code, publicKeyPem: pem, profile: 'sim', firmwareVersion: 'test' }),
  });
  expect(res.status).toBe(200);
  secret = ((await res.json()) as { rtmp: { secret: string } }).rtmp.secret;
});
afterAll(async () => {
  for (const p of pushes) p.kill('SIGKILL');
  await gw?.cleanup();
});

describe('RTMP: the key is checked before a takeover', () => {
  it('an unsigned publish is refused and the enrolled recorder stays live', async () => {
    const key = signPublishKey(DEVICE, secret, Math.floor(Date.now() / 1000) + 3600);
    const legit = pushTestStream(rtmpPublishUrl(gw.rtmpUrl, DEVICE, key));
    pushes.push(legit);
    await waitFor(() => gw.registry.get(DEVICE)?.live, 120_000, 'the signed stream live at the station');
    let ended = false;
    void exited(legit).then(() => (ended = true));

    const forged = pushTestStream(rtmpPublishUrl(gw.rtmpUrl, DEVICE), 30);
    pushes.push(forged);
    await exited(forged); // the station closes it
    const wrongKey = pushTestStream(rtmpPublishUrl(gw.rtmpUrl, DEVICE, { exp: key.exp, sig: '0'.repeat(64) }), 30);
    pushes.push(wrongKey);
    await exited(wrongKey);
    // The recorder's own stream is still being taken in.
    await new Promise((r) => setTimeout(r, 2000));
    expect(ended).toBe(false);
    expect(gw.registry.get(DEVICE)?.live).toBe(true);
  });

  it('a connection that never publishes is closed after the deadline (nobody holds the port idle)', async () => {
    const opened = Date.now();
    const socket = connect(gw.ports.rtmp, '127.0.0.1');
    socket.on('error', () => undefined);
    // Half a handshake, then nothing.
    socket.write(Buffer.from([3]));
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const heldMs = Date.now() - opened;
    expect(heldMs).toBeGreaterThanOrEqual(4000);
    expect(heldMs).toBeLessThan(60_000);
  });

  it('bytes that are not an RTMP handshake are closed at the first byte, unanswered', async () => {
    const { closedAfterMs, answered } = await rawSession((socket) => socket.write(Buffer.alloc(64 * 1024, 0x19)));
    expect(closedAfterMs).toBeLessThan(4000);
    expect(answered).toBe(0);
  });

  it('messages announced before a publish cannot make the station allocate: closed at once, memory flat', async () => {
    const before = process.memoryUsage().rss;
    const runs = await Promise.all(
      [0, 1, 2].map(() =>
        rawSession(async (socket) => {
          await handshake(socket);
          // 16 MB invoke messages announced on ten chunk streams (each would get its own buffer).
          for (let cid = 3; cid < 13; cid++)
            socket.write(Buffer.concat([chunkHeader(cid, 0xffffff, 20), Buffer.alloc(128)]));
        }),
      ),
    );
    for (const r of runs) expect(r.closedAfterMs).toBeLessThan(4000);
    expect((process.memoryUsage().rss - before) / 2 ** 20).toBeLessThan(50);
  });

  it('too many chunk streams or too many bytes before a publish: closed at once', async () => {
    const streams = await rawSession(async (socket) => {
      await handshake(socket);
      for (let cid = 3; cid < 40; cid++) socket.write(Buffer.concat([chunkHeader(cid, 4, 5), Buffer.alloc(4)]));
    });
    expect(streams.closedAfterMs).toBeLessThan(4000);
    const bytes = await rawSession(async (socket) => {
      await handshake(socket);
      // Window-acknowledgement messages of 60 KB each (under the message cap), 360 KB in all.
      for (let i = 0; i < 6; i++) socket.write(Buffer.concat([chunkHeader(2, 60_000, 5), Buffer.alloc(60_000)]));
    });
    expect(bytes.closedAfterMs).toBeLessThan(4000);
    // The station is still there for recorders.
    expect((await gw.fetch('/api/health')).status).toBe(200);
  });
});

/** A raw RTMP client: runs `send`, then resolves when the station closes the connection. */
async function rawSession(
  send: (socket: Socket) => void | Promise<void>,
): Promise<{ closedAfterMs: number; answered: number }> {
  const socket = connect(gw.ports.rtmp, '127.0.0.1');
  socket.on('error', () => undefined);
  let answered = 0;
  socket.on('data', (d: Buffer) => (answered += d.length));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const opened = Date.now();
  await send(socket);
  await closed;
  return { closedAfterMs: Date.now() - opened, answered };
}

/** C0 + C1, wait for S0 + S1 + S2, then C2 (RTMP's simple handshake). */
async function handshake(socket: Socket): Promise<void> {
  let got = 0;
  const answered = new Promise<void>((resolve) =>
    socket.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= 1 + 1536 * 2) resolve();
    }),
  );
  socket.write(Buffer.concat([Buffer.from([3]), Buffer.alloc(1536)]));
  await answered;
  socket.write(Buffer.alloc(1536));
}

/** A type-0 chunk header: chunk stream `cid` (2–63), timestamp 0, message `length` and `type`, stream 0. */
function chunkHeader(cid: number, length: number, type: number): Buffer {
  const h = Buffer.alloc(12);
  h[0] = cid & 0x3f;
  h.writeUIntBE(length, 4, 3);
  h[7] = type;
  return h;
}
