/** The offload endpoint: resumable, idempotent, verified uploads of recorder segments. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
  await registerDevice(gw, 'up-001');
});
afterAll(async () => {
  await gw.cleanup();
});

const file = randomBytes(3 * 1024 * 1024 + 17);
const sha256 = createHash('sha256').update(file).digest('hex');
const base = () => `${gw.url}/api/devices/up-001/uploads/up-001_000007.mp4`;
const patch = (offset: number, body: Buffer) =>
  fetch(base(), {
    method: 'PATCH',
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    body,
  });
const complete = (over: Record<string, unknown> = {}) =>
  fetch(`${base()}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      bytes: file.length,
      sha256,
      startedAt: '2026-11-26T08:00:00Z',
      endedAt: '2026-11-26T08:01:00Z',
      officerId: '33010012',
      recordingIds: ['rec-1'],
      marked: true,
      ...over,
    }),
  });

describe('offload uploads', () => {
  it('resumes a broken upload from the last byte the station holds', async () => {
    expect(await (await fetch(base())).json()).toEqual({ offset: 0, complete: false });
    const first = await patch(0, file.subarray(0, 1_000_000));
    expect(first.status).toBe(200);
    expect(first.headers.get('upload-offset')).toBe('1000000');
    // A device that lost track resends from the wrong place: told where to continue.
    const wrong = await patch(500_000, file.subarray(500_000, 600_000));
    expect(wrong.status).toBe(409);
    expect(wrong.headers.get('upload-offset')).toBe('1000000');
    expect(((await wrong.json()) as { message: string }).message).toMatch(/continues at byte 1000000/);
    // Completing early says how much is missing.
    const early = await complete();
    expect(early.status).toBe(409);
    expect((await (await fetch(base())).json()) as object).toEqual({ offset: 1_000_000, complete: false });
    expect((await patch(1_000_000, file.subarray(1_000_000))).status).toBe(200);
  });

  it('verifies, stores, indexes and acknowledges; completing again is harmless', async () => {
    const res = await complete();
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { acknowledged: boolean; sha256: string; recordingId: string };
    expect(ack).toMatchObject({ acknowledged: true, sha256 });
    const again = await complete();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { recordingId: string }).recordingId).toBe(ack.recordingId);
    const { recordings } = (await (await gw.fetch(`/api/recordings?device=up-001`)).json()) as {
      recordings: { id: string; source: string; sha256: string; bytes: number; officerId: string; fileUrl: string }[];
    };
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ source: 'device', sha256, bytes: file.length, officerId: '33010012' });
    const served = Buffer.from(await (await gw.fetch(`${recordings[0]!.fileUrl}`)).arrayBuffer());
    expect(served.equals(file)).toBe(true);
    expect((await (await fetch(base())).json()) as object).toEqual({ offset: file.length, complete: true });
  });

  it('refuses a file whose SHA-256 does not match and asks for it again from byte 0', async () => {
    const other = `${gw.url}/api/devices/up-001/uploads/up-001_000008.mp4`;
    await fetch(other, {
      method: 'PATCH',
      headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: file.subarray(0, 1000),
    });
    const res = await fetch(`${other}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bytes: 1000,
        sha256: 'f'.repeat(64),
        startedAt: '2026-11-26T08:00:00Z',
        endedAt: '2026-11-26T08:01:00Z',
        officerId: null,
        recordingIds: [],
        marked: false,
      }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { message: string }).message).toMatch(/SHA-256 mismatch/);
    expect((await (await fetch(other)).json()) as object).toEqual({ offset: 0, complete: false });
  });

  it('refuses other devices’ file names, path tricks and unknown devices', async () => {
    expect((await fetch(`${gw.url}/api/devices/up-001/uploads/other-9_000001.mp4`)).status).toBe(400);
    expect((await fetch(`${gw.url}/api/devices/up-001/uploads/..%2F..%2Fx.mp4`)).status).toBe(400);
    expect((await fetch(`${gw.url}/api/devices/nobody-1/uploads/nobody-1_000001.mp4`)).status).toBe(404);
    const bad = await fetch(base().replace('000007', '000009'), {
      method: 'PATCH',
      headers: { 'content-type': 'text/plain', 'upload-offset': '0' },
      body: 'x',
    });
    expect(bad.status).toBe(415);
  });
  it('registers the evidence key once; a different key later is refused', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const pem = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) =>
      k.export({ type: 'spki', format: 'pem' }).toString();
    const put = (body: unknown) =>
      fetch(`${gw.url}/api/devices/up-001/key`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const a = generateKeyPairSync('ed25519').publicKey;
    const first = await put({ publicKeyPem: pem(a) });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { status: string }).status).toBe('registered');
    expect(((await (await put({ publicKeyPem: pem(a) })).json()) as { status: string }).status).toBe('same');
    const other = await put({ publicKeyPem: pem(generateKeyPairSync('ed25519').publicKey) });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { message: string }).message).toMatch(/re-enroll/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect((await put({ publicKeyPem: pem(rsa) })).status).toBe(400);
    expect((await put({ publicKeyPem: 'nonsense' })).status).toBe(400);
  });
});
