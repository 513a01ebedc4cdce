/**
 * Recorder credentials for the login-limit and revocation tests: enrollment through the
 * station's API (inventory, one-time code, redeem) and HTTP Basic requests from a chosen
 * loopback source address (127.0.0.0/8 all reach a listener on 127.0.0.1), so a test can
 * play many client addresses.
 */
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { createConnection, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TestGateway } from './helpers.js';

export interface Credentials {
  deviceId: string;
  username: string;
  password: string;
  rtmpSecret: string;
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

/** Puts the recorder in the inventory (once) and enrolls it: a code from the desk, redeemed like a recorder. */
export async function enroll(gw: TestGateway, deviceId: string): Promise<Credentials> {
  if ((await gw.fetch(`/api/devices/${deviceId}`)).status === 404) {
    const added = await gw.fetch('/api/devices', json({ id: deviceId, profile: 'sim' }));
    if (added.status !== 201) throw new Error(`adding ${deviceId}: ${added.status} ${await added.text()}`);
  }
  const issued = await gw.fetch(`/api/devices/${deviceId}/enrollment`, { method: 'POST' });
  if (issued.status !== 201) throw new Error(`enrollment code for ${deviceId}: ${issued.status}`);
  const { code } = (await issued.json()) as { code: string };
  const publicKeyPem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const res = await fetch(`${gw.url}/api/enroll`, json({ code, publicKeyPem, profile: 'sim', firmwareVersion: 't' }));
  if (res.status !== 200) throw new Error(`redeeming ${deviceId}: ${res.status} ${await res.text()}`);
  const a = (await res.json()) as { mqtt: { username: string; password: string }; rtmp: { secret: string } };
  return { deviceId, username: a.mqtt.username, password: a.mqtt.password, rtmpSecret: a.rtmp.secret };
}

export interface Answer {
  status: number;
  retryAfter: string | undefined;
  code: string | undefined;
  ms: number;
}

/** The resume-offset route of a recorder's upload, which only that recorder may call. */
export const uploadPath = (deviceId: string) => `/api/devices/${deviceId}/uploads/${deviceId}_000001.mp4`;

/** GET with HTTP Basic user:password, on a fresh connection from `from` (a loopback address). */
export function basicGet(
  gw: TestGateway,
  path: string,
  user: string,
  password: string,
  from = '127.0.0.1',
): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${gw.url}${path}`,
      {
        agent: false,
        localAddress: from,
        headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let code: string | undefined;
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { code?: string }).code;
          } catch {
            code = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'],
            code,
            ms: performance.now() - t0,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * One MQTT CONNECT on a raw socket from `from`; resolves with the CONNACK return code
 * (0 accepted, 3 server unavailable, 4 bad user name or password, 5 not authorized), or
 * 'closed' when the broker hung up without one.
 */
export function rawConnect(
  port: number,
  user: string,
  password: string,
  from = '127.0.0.1',
): Promise<{ rc: number | 'closed'; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const s: Socket = createConnection({ host: '127.0.0.1', port, localAddress: from });
    let done = false;
    const finish = (rc: number | 'closed') => {
      if (done) return;
      done = true;
      s.destroy();
      resolve({ rc, ms: performance.now() - t0 });
    };
    let buf = Buffer.alloc(0);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      // CONNACK: 0x20, remaining length 2, session present, return code.
      if (buf.length >= 4 && buf[0] === 0x20) finish(buf[3]!);
    });
    s.on('error', () => finish('closed'));
    s.on('close', () => finish('closed'));
    s.write(connectPacket(`raw-${Math.random().toString(36).slice(2, 10)}`, user, password));
  });
}

/** The remaining-length field of an MQTT fixed header (1 to 4 bytes, 7 bits each). */
export function varint(n: number): Buffer {
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

/** An MQTT 3.1.1 CONNECT with clean session, user name and password. */
export function connectPacket(clientId: string, user: string, password: string): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, 'utf8');
    const len = Buffer.alloc(2);
    len.writeUInt16BE(b.length);
    return Buffer.concat([len, b]);
  };
  // Protocol name, level 4, flags (user name, password, clean session), keep-alive 30 s.
  const header = Buffer.concat([str('MQTT'), Buffer.from([4, 0xc2, 0, 30])]);
  const body = Buffer.concat([header, str(clientId), str(user), str(password)]);
  return Buffer.concat([Buffer.from([0x10]), varint(body.length), body]);
}
