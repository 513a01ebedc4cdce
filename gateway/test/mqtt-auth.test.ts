/**
 * MQTT authentication and topic ACLs on the real broker: an enrolled recorder
 * (the real agent, enrolled through the station's API with a one-time code)
 * logs in with its credentials and is confined to its own topics; a
 * read-only account watches; anonymous and wrong passwords are refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { getProfile, PROTOCOL_VERSION, rtmpPublishUrl, topics, type PolicyPayload } from '@liuhen/device-profiles';
import { signPublishKey } from '@liuhen/device-profiles/node';
import { startAgent, type Agent } from '@liuhen/firmware-host';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/devices/enrollment.js';
import { exited, pushTestStream, startTestGateway, statePayload, waitFor, type TestGateway } from './helpers.js';

let gw: TestGateway;
let agent: Agent | undefined;
let recorderDir: string;
const READER_PASSWORD = 'watch-only-password-1';

/** Connects; resolves with the client, or rejects with the broker's refusal. */
function connect(opts: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(gw.mqttUrl, { reconnectPeriod: 0, connectTimeout: 3000, ...opts });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

/** The QoS granted for one filter, or 128 when the broker refused it. */
async function grant(c: mqtt.MqttClient, filter: string): Promise<number> {
  try {
    const [g] = await c.subscribeAsync(filter);
    return g?.qos ?? 128;
  } catch {
    return 128;
  }
}

beforeAll(async () => {
  gw = await startTestGateway({
    mqtt: {
      allowAnonymous: false,
      readers: [{ username: 'command-centre', passwordHash: hashSecret(READER_PASSWORD) }],
    },
  });
  recorderDir = mkdtempSync(join(tmpdir(), 'liuhen-auth-rec-'));
  const post = (path: string, body?: unknown) =>
    gw.fetch(`${path}`, {
      method: 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  expect((await post('/api/devices', { id: 'auth-001', profile: 'sim' })).status).toBe(201);
  const { code } = (await (await post('/api/devices/auth-001/enrollment')).json()) as { code: string };
  agent = await startAgent({
    profile: getProfile('sim'),
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    dataDir: recorderDir,
    enrollment: { stationUrl: gw.url, code },
    log: () => undefined,
  });
  await agent.connected();
});
afterAll(async () => {
  await agent?.stop();
  await gw?.cleanup();
  if (recorderDir) rmSync(recorderDir, { recursive: true, force: true });
});

describe('MQTT authentication', () => {
  it('an enrolled recorder logs in with its credentials and registers', async () => {
    await waitFor(() => gw.registry.get('auth-001')?.online, 5000, 'enrolled recorder online');
  });

  it('refuses anonymous clients and wrong passwords', async () => {
    await expect(connect()).rejects.toThrow(/Bad user ?name or password/i);
    await expect(connect({ username: 'auth-001', password: 'guess' })).rejects.toThrow(/Bad user ?name or password/i);
    await expect(connect({ username: 'command-centre', password: 'nope' })).rejects.toThrow(
      /Bad user ?name or password/i,
    );
  });

  it('a read-only account watches state and alerts, and can neither publish nor read commands', async () => {
    const reader = await connect({ username: 'command-centre', password: READER_PASSWORD });
    const states: string[] = [];
    reader.on('message', (t) => states.push(t));
    expect(await grant(reader, topics.state('+'))).toBe(0);
    expect(await grant(reader, topics.allAlerts())).toBe(0);
    expect(await grant(reader, topics.set('auth-001'))).toBe(128);
    expect(await grant(reader, topics.policy('auth-001'))).toBe(128);
    await waitFor(() => states.includes(topics.state('auth-001')), 3000, 'retained state delivered to the reader');
    // A refused publish: the broker drops it (and the connection); nobody receives it.
    reader.publish(
      topics.set('auth-001'),
      JSON.stringify({ v: PROTOCOL_VERSION, commandId: 'x', action: 'start', ts: new Date().toISOString() }),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(agent!.state().mode).toBe('standby');
    reader.end(true);
  });
});

describe('topic ACLs for a recorder', () => {
  it('may publish only its own state, and subscribe only to its own commands', async () => {
    // The agent's credentials, as enrollment stored them.
    const enrolled = JSON.parse(readFileSync(join(recorderDir, 'enrollment.json'), 'utf8')) as {
      mqtt: { username: string; password: string };
    };
    const dev = await connect({ username: enrolled.mqtt.username, password: enrolled.mqtt.password });
    expect(await grant(dev, topics.set('auth-001'))).toBe(0);
    expect(await grant(dev, topics.set('other-002'))).toBe(128);
    expect(await grant(dev, topics.state('+'))).toBe(128);
    // Impersonating another recorder: refused, never registered.
    dev.publish(topics.state('other-002'), JSON.stringify(statePayload('other-002')));
    await new Promise((r) => setTimeout(r, 300));
    expect(gw.registry.has('other-002')).toBe(false);
    dev.end(true);
  });

  it("reads its own retained stop policy, and can publish neither its own nor another recorder's", async () => {
    const enrolled = JSON.parse(readFileSync(join(recorderDir, 'enrollment.json'), 'utf8')) as {
      mqtt: { username: string; password: string };
    };
    const login = { username: enrolled.mqtt.username, password: enrolled.mqtt.password };
    /** The retained policy of auth-001, as the recorder's account reads it. */
    const retained = async (): Promise<PolicyPayload> => {
      const c = await connect(login);
      const got = new Promise<PolicyPayload>((resolve) =>
        c.on('message', (topic, payload, packet) => {
          if (topic === topics.policy('auth-001') && packet.retain)
            resolve(JSON.parse(payload.toString()) as PolicyPayload);
        }),
      );
      expect(await grant(c, topics.policy('auth-001'))).toBe(0);
      const p = await got;
      c.end(true);
      return p;
    };
    const station = await retained();
    expect(station).toMatchObject({ deviceId: 'auth-001', fullProcessOpen: false });
    const dev = await connect(login);
    expect(await grant(dev, topics.policy('other-002'))).toBe(128);
    dev.end(true);

    for (const target of ['auth-001', 'other-002']) {
      const forger = await connect(login);
      const closed = new Promise<void>((resolve) => forger.once('close', () => resolve()));
      const forged: PolicyPayload = {
        ...station,
        deviceId: target,
        fullProcessOpen: true,
        stepId: 'forged',
        caseId: 'forged',
        ts: new Date().toISOString(),
      };
      forger.publish(topics.policy(target), JSON.stringify(forged), { qos: 1, retain: true });
      // The broker refuses the publish by dropping the connection.
      await closed;
      forger.end(true);
    }
    expect(await retained()).toEqual(station);
  });
});

describe('signed, expiring RTMP publish keys', () => {
  const refusals: string[] = [];
  const pushFor = async (url: string) => {
    const before = refusals.length;
    const ff = pushTestStream(url, 3);
    await exited(ff);
    return refusals.slice(before);
  };

  it('the enrolled recorder streams live with its signed key', async () => {
    gw.ingest.on('refused', (_path: string, reason: string) => refusals.push(reason));
    agent!.buttons.press();
    await waitFor(() => gw.registry.get('auth-001')?.live, 15_000, 'live stream accepted');
    agent!.buttons.press();
    await waitFor(() => !gw.registry.get('auth-001')?.live, 15_000, 'live stream ended');
  });

  it('refuses a push without a key, with an expired key, or with a forged signature', async () => {
    const { rtmp } = JSON.parse(readFileSync(join(recorderDir, 'enrollment.json'), 'utf8')) as {
      rtmp: { secret: string };
    };
    const now = Math.floor(Date.now() / 1000);
    expect(await pushFor(rtmpPublishUrl(gw.rtmpUrl, 'auth-001'))).toEqual(['no signed publish key (exp, sig)']);
    expect(
      (await pushFor(rtmpPublishUrl(gw.rtmpUrl, 'auth-001', signPublishKey('auth-001', rtmp.secret, now - 10))))[0],
    ).toMatch(/expired/);
    expect(
      await pushFor(rtmpPublishUrl(gw.rtmpUrl, 'auth-001', signPublishKey('auth-001', 'not-the-secret', now + 600))),
    ).toEqual(['the publish key signature is wrong']);
  }, 60_000);
});

describe('uploads from an enrolled recorder', () => {
  it("need the recorder's own credentials, and are refused without the evidence chain signed by the enrolled key", async () => {
    const { createHash } = await import('node:crypto');
    const body = Buffer.from('not really a segment');
    const url = `${gw.url}/api/devices/auth-001/uploads/auth-001_999999.mp4`;
    const patch = (headers: Record<string, string>) =>
      fetch(url, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
        body,
      });
    // Without credentials an enrolled recorder's upload is refused outright.
    const anonymous = await patch({});
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()) as object).toMatchObject({ code: 'device-credentials-required' });
    const { mqtt } = JSON.parse(readFileSync(join(recorderDir, 'enrollment.json'), 'utf8')) as {
      mqtt: { username: string; password: string };
    };
    const auth = { authorization: `Basic ${Buffer.from(`${mqtt.username}:${mqtt.password}`).toString('base64')}` };
    expect((await patch(auth)).status).toBe(200);
    const res = await fetch(`${url}/complete`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        bytes: body.length,
        sha256: createHash('sha256').update(body).digest('hex'),
        startedAt: new Date().toISOString(),
        endedAt: new Date().toISOString(),
        officerId: null,
        recordingIds: ['r'],
        marked: false,
      }),
    });
    expect(res.status).toBe(422);
    expect((await res.json()) as object).toMatchObject({ code: 'chain-required' });
  });
});
