/**
 * Authenticate before anything else (issue 12, finding 4): on a station with its defaults, an
 * unsigned RTMP publish for an enrolled recorder that is streaming is refused without ending the
 * recorder's live stream (the stale-publisher takeover used to run before the key check). Real
 * gateway, real ffmpeg publishers.
 */
import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtmpPublishUrl, signPublishKey } from '@liuhen/device-profiles';
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
});
