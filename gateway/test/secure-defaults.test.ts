/**
 * Secure by default (issue 12, findings 1-3): with the product's defaults nobody on the station
 * network connects to the broker, publishes a stream or uploads footage without enrollment
 * credentials; an insecure start is refused unless it is an explicit lab; keys come from
 * enrollment only. Real gateway, real MQTT client, real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '@liuhen/device-profiles';
import { createLogger, loadConfig, startGateway } from '../src/index.js';
import { insecureSettings } from '../src/posture.js';
import { startTestGateway, type TestGateway } from './helpers.js';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ secure: true });
});
afterAll(async () => {
  await gw?.cleanup();
});

const onLoopback = (dataDir: string, overrides: Parameters<typeof loadConfig>[0]['overrides'] = {}) =>
  loadConfig({
    env: {},
    overrides: {
      ...overrides,
      mqtt: { ...overrides.mqtt, host: '127.0.0.1', port: 0 },
      rtmp: { ...overrides.rtmp, host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
      storage: { dataDir },
    },
  });

describe('defaults', () => {
  it('anonymous MQTT, unsigned RTMP, unenrolled uploads and sim commands are off', () => {
    const c = loadConfig({ env: {} });
    expect(c.mqtt.allowAnonymous).toBe(false);
    expect(c.rtmp.allowUnsigned).toBe(false);
    expect(c.auth.allowUnenrolledUploads).toBe(false);
    expect(c.devices.allowSimCommands).toBe(false);
    expect(c.lab.allowInsecure).toBe(false);
    expect(insecureSettings(c)).toEqual([]);
  });

  it('a start with any of them on is refused, naming the setting, unless it is an explicit lab', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-posture-'));
    try {
      await expect(
        startGateway(onLoopback(dataDir, { mqtt: { allowAnonymous: true } }), { log: createLogger('silent') }),
      ).rejects.toThrow(/refusing to start: mqtt\.allowAnonymous is on.*lab\.allowInsecure/s);
      await expect(
        startGateway(onLoopback(dataDir, { rtmp: { allowUnsigned: true }, auth: { allowUnenrolledUploads: true } }), {
          log: createLogger('silent'),
        }),
      ).rejects.toThrow(/rtmp\.allowUnsigned, auth\.allowUnenrolledUploads are on/);
      // A lab (lab.allowInsecure) starts with them on: every other integration test's station is one.
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('against a station on its defaults', () => {
  it('an anonymous MQTT client is refused; it cannot command a recorder or fake the station', async () => {
    const client = mqtt.connect(gw.mqttUrl, { reconnectPeriod: 0, connectTimeout: 30_000 });
    const refused = await new Promise<string>((resolve) => {
      client.once('connect', () => resolve('connected'));
      client.once('error', (err) => resolve(err.message));
      client.once('close', () => resolve('closed'));
    });
    client.end(true);
    expect(refused).not.toBe('connected');
    // And a login with a made-up recorder account is refused the same way.
    const guess = mqtt.connect(gw.mqttUrl, {
      reconnectPeriod: 0,
      username: 'sim-001',
      password: 'guess',
      connectTimeout: 30_000,
    });
    const answer = await new Promise<string>((resolve) => {
      guess.once('connect', () => resolve('connected'));
      guess.once('error', (err) => resolve(err.message));
      guess.once('close', () => resolve('closed'));
    });
    guess.end(true);
    expect(answer).not.toBe('connected');
    expect(gw.registry.get('sim-001')).toBeUndefined();
    void topics;
  });

  it('nobody uploads footage or registers a key without enrollment credentials', async () => {
    const name = 'ghost-01_000001.mp4';
    const patch = await fetch(`${gw.url}/api/devices/ghost-01/uploads/${name}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
      body: Buffer.from('not footage'),
    });
    expect(patch.status).toBe(401);
    const complete = await fetch(`${gw.url}/api/devices/ghost-01/uploads/${name}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        bytes: 11,
        sha256: '0'.repeat(64),
        startedAt: new Date().toISOString(),
        endedAt: new Date().toISOString(),
        officerId: '33010012',
        recordingIds: [],
        marked: false,
      }),
    });
    expect(complete.status).toBe(401);
    const key = await fetch(`${gw.url}/api/devices/ghost-01/key`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ publicKeyPem: 'x' }),
    });
    expect(key.status).toBe(401);
    const recordings = (await (await gw.fetch('/api/recordings?device=ghost-01')).json()) as { recordings: unknown[] };
    expect(recordings.recordings).toEqual([]);
  });

  it('an answer without credentials does not tell an enrolled id from an unknown one', async () => {
    const api = (path: string, body: unknown) =>
      gw.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await api('/api/devices', { id: 'sd-enrolled', profile: 'sim' })).status).toBe(201);
    const { code } = (await (await api('/api/devices/sd-enrolled/enrollment', {})).json()) as { code: string };
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const enrolled = await fetch(`${gw.url}/api/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, publicKeyPem: pem, profile: 'sim', firmwareVersion: 'test' }),
    });
    expect(enrolled.status).toBe(200);
    const answer = async (id: string) => {
      const res = await fetch(`${gw.url}/api/devices/${id}/uploads/${id}_000001.mp4`);
      const body = (await res.json()) as { message: string; code: string };
      return { status: res.status, code: body.code, message: body.message.replaceAll(id, '<id>') };
    };
    const known = await answer('sd-enrolled');
    expect(known.status).toBe(401);
    expect(await answer('sd-unknown')).toEqual(known);
  });
});
