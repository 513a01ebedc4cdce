/**
 * Issue 12, finding 7: revoked credentials stop working at once, everywhere. A hardened
 * gateway; a recorder enrolled through the desk's API uses its credentials on MQTT (a
 * connected client) and HTTP Basic (so any cache holds them), then is re-enrolled: the old
 * password is refused on both from the next request on, and the connected client is
 * dropped. Then it is retired: the new credentials are refused on MQTT, HTTP and RTMP (a
 * publish key signed with its secret), and its client is dropped. People: a disabled user's
 * sessions end, and a password change ends the other sessions and the old password.
 */
import { rtmpPublishUrl, topics } from '@liuhen/device-profiles';
import { signPublishKey } from '@liuhen/device-profiles/node';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicGet, enroll, rawConnect, uploadPath, type Credentials } from './credential-helpers.js';
import { connectClient, exited, pushTestStream, startTestGateway, type TestGateway } from './helpers.js';

let gw: TestGateway;
const ID = 'rev-001';

beforeAll(async () => {
  gw = await startTestGateway({
    mqtt: { allowAnonymous: false },
    rtmp: { allowUnsigned: false },
    auth: { allowUnenrolledUploads: false },
  });
});
afterAll(async () => {
  await gw?.cleanup();
});

/** A connected MQTT client of the recorder, and a promise that resolves when the broker drops it. */
async function online(c: Credentials): Promise<{ client: MqttClient; dropped: Promise<void> }> {
  const client = await connectClient(gw.mqttUrl, { username: c.username, password: c.password, clientId: `${ID}-c` });
  await client.subscribeAsync(topics.set(ID));
  const dropped = new Promise<void>((r) => client.stream.once('close', () => r()));
  return { client, dropped };
}

/** Requests with these credentials that the station accepted (answered anything but 401/429), of `n` sent. */
async function accepted(c: Credentials, n: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) statuses.push((await basicGet(gw, uploadPath(ID), c.username, c.password)).status);
  return statuses.filter((s) => s !== 401 && s !== 429);
}

describe('recorder credentials', () => {
  let first: Credentials;
  let second: Credentials;

  it('re-enrollment refuses the old password at once on HTTP Basic and MQTT, and drops its connected client', async () => {
    first = await enroll(gw, ID);
    // Used, so every cache holds them.
    expect(await accepted(first, 3)).toEqual([200, 200, 200]);
    expect((await rawConnect(gw.ports.mqtt, first.username, first.password)).rc).toBe(0);
    const old = await online(first);

    second = await enroll(gw, ID);
    expect(await accepted(first, 20)).toEqual([]);
    expect((await rawConnect(gw.ports.mqtt, first.username, first.password)).rc).not.toBe(0);
    await Promise.race([
      old.dropped,
      new Promise((_, reject) => setTimeout(() => reject(new Error('old client still connected after 10 s')), 10_000)),
    ]);
    old.client.end(true);
    // The new credentials work on both.
    expect(await accepted(second, 2)).toEqual([200, 200]);
    expect((await rawConnect(gw.ports.mqtt, second.username, second.password)).rc).toBe(0);
  });

  it('retirement refuses its credentials at once on HTTP Basic, MQTT and RTMP, and drops its connected client', async () => {
    const now = await online(second);
    const res = await gw.fetch(`/api/devices/${ID}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'retired', reason: 'cracked housing' }),
    });
    expect(res.status).toBe(200);
    expect(await accepted(second, 20)).toEqual([]);
    expect((await rawConnect(gw.ports.mqtt, second.username, second.password)).rc).not.toBe(0);
    await Promise.race([
      now.dropped,
      new Promise((_, reject) => setTimeout(() => reject(new Error('client still connected after 10 s')), 10_000)),
    ]);
    now.client.end(true);

    // A publish key signed with its secret, valid for ten minutes: refused, never live.
    const accepts: string[] = [];
    const onAccepted = (id: string) => accepts.push(id);
    gw.ingest.on('accepted', onAccepted);
    const refused = new Promise<string>((r) => gw.ingest.once('refused', (_path: string, reason: string) => r(reason)));
    const key = signPublishKey(ID, second.rtmpSecret, Math.floor(Date.now() / 1000) + 600);
    const ff = pushTestStream(rtmpPublishUrl(gw.rtmpUrl, ID, key), 3);
    const outcome = await Promise.race([refused, exited(ff).then(() => 'pusher exited')]);
    ff.kill('SIGKILL');
    await exited(ff);
    gw.ingest.off('accepted', onAccepted);
    expect(accepts).toEqual([]);
    expect(outcome).toMatch(/retired/);
  }, 60_000);
});

describe('user accounts', () => {
  const PASSWORD = 'Lantern-Glacier-42';
  const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${gw.url}/api/session`, json('POST', { username, password }));
    const body = (await res.json()) as { csrfToken?: string };
    return { status: res.status, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: body.csrfToken };
  };
  const me = async (cookie: string) => (await fetch(`${gw.url}/api/session`, { headers: { cookie } })).status;

  it("a disabled user's sessions end at once", async () => {
    const created = await gw.fetch(
      '/api/users',
      json('POST', { username: 'rev.user', displayName: 'r', role: 'supervisor', password: PASSWORD }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const a = await signIn('rev.user', PASSWORD);
    const b = await signIn('rev.user', PASSWORD);
    expect([await me(a.cookie), await me(b.cookie)]).toEqual([200, 200]);
    expect((await gw.fetch(`/api/users/${id}`, json('PATCH', { disabled: true }))).status).toBe(200);
    expect([await me(a.cookie), await me(b.cookie)]).toEqual([401, 401]);
    expect((await signIn('rev.user', PASSWORD)).status).toBe(403);
  });

  it('a password change ends the other sessions and the old password', async () => {
    const created = await gw.fetch(
      '/api/users',
      json('POST', { username: 'rev.pw', displayName: 'r', role: 'auditor', password: PASSWORD }),
    );
    expect(created.status).toBe(201);
    const here = await signIn('rev.pw', PASSWORD);
    const elsewhere = await signIn('rev.pw', PASSWORD);
    const changed = await fetch(
      `${gw.url}/api/session/password`,
      json(
        'POST',
        { currentPassword: PASSWORD, newPassword: 'Another-Harbour-17' },
        { cookie: here.cookie, 'x-csrf-token': here.csrf! },
      ),
    );
    expect(changed.status).toBe(204);
    expect([await me(here.cookie), await me(elsewhere.cookie)]).toEqual([200, 401]);
    expect((await signIn('rev.pw', PASSWORD)).status).toBe(401);
    expect((await signIn('rev.pw', 'Another-Harbour-17')).status).toBe(200);
  });
});
