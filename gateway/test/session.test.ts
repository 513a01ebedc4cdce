/**
 * Signing in: sessions in httpOnly SameSite cookies, CSRF on changes, the
 * rate limit and lockout, API tokens, demo accounts and the refusal to start
 * with them, HTTPS and MQTT over TLS, security headers, and no secrets in logs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../src/auth/accounts.js';
import { createLogger, loadConfig, startGateway } from '../src/index.js';
import { startTestGateway, type TestGateway } from './helpers.js';

const PASSWORD = 'Gl4cier-Lantern-77';

function json(method: string, body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

async function signIn(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/session`, json('POST', { username, password }));
  const body = (await res.json()) as { csrfToken?: string; code?: string; message?: string };
  const cookie = res.headers.get('set-cookie') ?? '';
  return { res, body, cookie: cookie.split(';')[0]!, setCookie: cookie };
}

describe('sessions', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ auth: { lockoutFailures: 3, lockoutMinutes: 10, loginAttemptsPerMinute: 100 } });
    for (const [username, role] of [
      ['zhang.supervisor', 'supervisor'],
      ['lock.me', 'officer'],
    ] as const) {
      const r = await gw.fetch(
        '/api/users',
        json('POST', { username, displayName: username, role, password: PASSWORD, officerId: null }),
      );
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => {
    await gw?.cleanup();
  });

  it('signs in with an httpOnly SameSite=Strict cookie and needs the CSRF token for changes', async () => {
    const bad = await signIn(gw.url, 'zhang.supervisor', 'wrong-password-1');
    expect(bad.res.status).toBe(401);
    expect(bad.body.code).toBe('bad-credentials');
    const unknown = await signIn(gw.url, 'nobody.here', 'wrong-password-1');
    expect(unknown.res.status).toBe(401);
    expect(unknown.body.message).toBe(bad.body.message);

    const s = await signIn(gw.url, 'zhang.supervisor', PASSWORD);
    expect(s.res.status).toBe(200);
    expect(s.setCookie).toMatch(/^liuhen_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const me = (await (await fetch(`${gw.url}/api/session`, { headers: { cookie: s.cookie } })).json()) as {
      user: { username: string; role: string };
      csrfToken: string;
    };
    expect(me.user).toMatchObject({ username: 'zhang.supervisor', role: 'supervisor' });
    expect(me.csrfToken).toBe(s.body.csrfToken);

    const change = { number: 'CSRF-1', kind: 'inspection', title: 't', party: 'p', steps: [] };
    const noToken = await fetch(`${gw.url}/api/cases`, json('POST', change, { cookie: s.cookie }));
    expect(noToken.status).toBe(403);
    expect(((await noToken.json()) as { code: string }).code).toBe('csrf');
    const forged = await fetch(`${gw.url}/api/cases`, json('POST', change, { cookie: s.cookie, 'x-csrf-token': 'x' }));
    expect(forged.status).toBe(403);
    const ok = await fetch(
      `${gw.url}/api/cases`,
      json('POST', change, { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken! }),
    );
    expect(ok.status).toBe(201);
    // The act is audited under the signed-in user.
    const trail = (await (await gw.fetch('/api/audit?subjectType=case&action=create')).json()) as {
      entries: { actor: string }[];
    };
    expect(trail.entries[0]!.actor).toBe('zhang.supervisor@127.0.0.1');

    const out = await fetch(`${gw.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: s.cookie, 'x-csrf-token': s.body.csrfToken! },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await fetch(`${gw.url}/api/session`, { headers: { cookie: s.cookie } })).status).toBe(401);
  });

  it('locks an account after repeated failures until an admin unlocks it', async () => {
    for (let i = 0; i < 3; i++) expect((await signIn(gw.url, 'lock.me', `wrong-${i}-password`)).res.status).toBe(401);
    const locked = await signIn(gw.url, 'lock.me', PASSWORD);
    expect(locked.res.status).toBe(429);
    expect(locked.body.code).toBe('account-locked');
    const users = (await (await gw.fetch('/api/users')).json()) as {
      id: string;
      username: string;
      lockedUntil: string;
    }[];
    const u = users.find((x) => x.username === 'lock.me')!;
    expect(u.lockedUntil).not.toBeNull();
    expect((await gw.fetch(`/api/users/${u.id}`, json('PATCH', { unlock: true }))).status).toBe(200);
    expect((await signIn(gw.url, 'lock.me', PASSWORD)).res.status).toBe(200);
    const trail = (await (await gw.fetch('/api/audit?action=lock')).json()) as { entries: unknown[] };
    expect(trail.entries).toHaveLength(1);
  });

  it('refuses weak passwords, and a password change signs out the other browsers', async () => {
    const weak = await gw.fetch(
      '/api/users',
      json('POST', { username: 'weak.one', displayName: 'w', role: 'auditor', password: 'short' }),
    );
    expect(weak.status).toBe(422);
    expect(((await weak.json()) as { message: string }).message).toMatch(/at least 10 characters/);
    const a = await signIn(gw.url, 'zhang.supervisor', PASSWORD);
    const b = await signIn(gw.url, 'zhang.supervisor', PASSWORD);
    const changed = await fetch(
      `${gw.url}/api/session/password`,
      json(
        'POST',
        { currentPassword: PASSWORD, newPassword: 'Another-Long-Pass-9' },
        { cookie: a.cookie, 'x-csrf-token': a.body.csrfToken! },
      ),
    );
    expect(changed.status).toBe(204);
    expect((await fetch(`${gw.url}/api/session`, { headers: { cookie: a.cookie } })).status).toBe(200);
    expect((await fetch(`${gw.url}/api/session`, { headers: { cookie: b.cookie } })).status).toBe(401);
  });

  it('API tokens: shown once, never listed, refused once revoked', async () => {
    const made = (await (
      await gw.fetch('/api/tokens', json('POST', { name: 'city-platform', role: 'auditor' }))
    ).json()) as {
      token: string;
      info: { id: string };
    };
    expect(made.token).toMatch(/^lh_[\w-]{43}$/);
    const auth = { authorization: `Bearer ${made.token}` };
    expect((await fetch(`${gw.url}/api/audit/verify`, { headers: auth })).status).toBe(200);
    // An auditor's token cannot change anything, even without CSRF concerns.
    expect((await fetch(`${gw.url}/api/retention/sweep`, { method: 'POST', headers: auth })).status).toBe(403);
    const listed = await (await gw.fetch('/api/tokens')).text();
    expect(listed).toContain('city-platform');
    expect(listed).not.toContain(made.token);
    expect((await gw.fetch(`/api/tokens/${made.info.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${gw.url}/api/audit/verify`, { headers: auth })).status).toBe(401);
  });

  it('sends the security headers on every answer', async () => {
    const res = await fetch(`${gw.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const notFound = await fetch(`${gw.url}/api/nothing-here`);
    expect(notFound.headers.get('x-frame-options')).toBe('DENY');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After beyond the attempts per minute from one address', async () => {
    const gw = await startTestGateway({ auth: { loginAttemptsPerMinute: 3 } });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await signIn(gw.url, 'nobody', `attempt-${i}-xxxx`)).res.status);
      expect(codes).toEqual([401, 401, 401, 429, 429]);
      const r = await fetch(`${gw.url}/api/session`, json('POST', { username: 'x', password: 'y' }));
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await r.json()) as { code: string }).code).toBe('login-rate-limited');
    } finally {
      await gw.cleanup();
    }
  });
});

describe('demo accounts and default secrets', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-demo-'));
  const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
  const config = (demo: boolean) =>
    loadConfig({
      env: {},
      overrides: {
        mqtt: { host: '127.0.0.1', port: 0 },
        rtmp: { host: '127.0.0.1', port: 0 },
        http: { host: '127.0.0.1', port: 0 },
        storage: { dataDir },
        auth: { demo },
        log: { level: 'silent' },
      },
    });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Three station starts, three CLI processes and about 30 scrypt hashes (N=2^15, 32 MiB each): ~10 s on
  // an idle machine, 60-90 s beside load-machine.sh and over 240 s on a busier one, so the scenario is
  // two steps (on the same data folder, in order), each with the budget of a whole scenario.
  it(
    'demo mode seeds one account per role; a real start refuses while they are enabled',
    { timeout: 240_000 },
    async () => {
      const demo = await startGateway(config(true), { log: createLogger('silent') });
      try {
        expect(demo.demoAccounts.map((a) => a.role).sort()).toEqual(
          ['admin', 'auditor', 'equipment-manager', 'legal-reviewer', 'officer', 'supervisor'].sort(),
        );
        for (const a of demo.demoAccounts)
          expect((await signIn(demo.url, a.username, DEMO_PASSWORD)).res.status, a.username).toBe(200);
      } finally {
        await demo.stop();
      }
      await expect(startGateway(config(false), { log: createLogger('silent') })).rejects.toThrow(
        /demo accounts \(.*admin.*\) still have the published demo password.*--disable-demo-users/,
      );
    },
  );

  it(
    'after --disable-demo-users and --add-user, a real start takes the new admin and refuses the demo password',
    { timeout: 240_000 },
    async () => {
      const env = { ...process.env, LIUHEN_STORAGE_DATA_DIR: dataDir, LIUHEN_CONFIG: '/dev/null' };
      const disabled = spawnSync(process.execPath, [cli, '--disable-demo-users'], { env, encoding: 'utf8' });
      expect(disabled.stdout).toMatch(/disabled 6 demo account/);
      const added = spawnSync(process.execPath, [cli, '--add-user', 'chief', '--role', 'admin'], {
        env,
        input: `${PASSWORD}\n`,
        encoding: 'utf8',
      });
      expect(added.status, added.stderr).toBe(0);
      const weak = spawnSync(process.execPath, [cli, '--add-user', 'weakling', '--role', 'admin'], {
        env,
        input: 'abc\n',
        encoding: 'utf8',
      });
      expect(weak.status).toBe(2);
      expect(weak.stderr).toMatch(/at least 10 characters/);

      const real = await startGateway(config(false), { log: createLogger('silent') });
      try {
        expect((await signIn(real.url, 'chief', PASSWORD)).res.status).toBe(200);
        expect((await signIn(real.url, 'admin', DEMO_PASSWORD)).res.status).toBe(403);
      } finally {
        await real.stop();
      }
    },
  );
});

describe('TLS and logs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'liuhen-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  let gw: Awaited<ReturnType<typeof startGateway>>;
  const logged: string[] = [];
  beforeAll(async () => {
    const r = spawnSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString('utf8'));
        done();
      },
    });
    gw = await startGateway(
      loadConfig({
        env: {},
        overrides: {
          mqtt: { host: '127.0.0.1', port: 0, allowAnonymous: false },
          rtmp: { host: '127.0.0.1', port: 0 },
          http: { host: '127.0.0.1', port: 0 },
          storage: { dataDir: join(dir, 'data') },
          tls: { certFile: cert, keyFile: key, https: true, mqttPort: 0 },
          auth: { demo: true },
        },
      }),
      { log: createLogger('debug', sink) },
    );
  });
  afterAll(async () => {
    await gw?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const httpsCall = (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
      (resolve, reject) => {
        const req = httpsRequest(`${gw.url}${path}`, {
          method: init.method ?? 'GET',
          headers: init.headers,
          ca: readCa(),
        });
        req.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end(init.body);
      },
    );
  const readCa = () => spawnSync('cat', [cert], { encoding: 'utf8' }).stdout;

  it('serves the API over HTTPS with Secure cookies and HSTS, and MQTT over TLS with the same logins', async () => {
    expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const login = await httpsCall('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'auditor', password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure$/);
    expect(login.headers['strict-transport-security']).toMatch(/max-age=\d+/);

    expect(gw.ports.mqttTls).toBeGreaterThan(0);
    const refused = mqtt.connect(`mqtts://127.0.0.1:${gw.ports.mqttTls}`, { ca: readCa(), reconnectPeriod: 0 });
    const err = await new Promise<Error>((resolve) => refused.once('error', resolve));
    expect(err.message).toMatch(/Not authorized|Bad User Name or Password|Connection refused/i);
    refused.end(true);
    // Over TLS an unknown certificate is refused by the client: the station's must be trusted.
    const untrusted = mqtt.connect(`mqtts://127.0.0.1:${gw.ports.mqttTls}`, { reconnectPeriod: 0 });
    const tlsErr = await new Promise<Error>((resolve) => untrusted.once('error', resolve));
    expect(tlsErr.message).toMatch(/self[- ]signed|certificate/i);
    untrusted.end(true);
  });

  it('never writes a password, token or cookie to the log', async () => {
    const secretPassword = 'Never-In-Logs-4711';
    await httpsCall('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: secretPassword }),
    });
    const admin = await httpsCall('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
    });
    const cookie = String(admin.headers['set-cookie']).split(';')[0]!;
    const csrf = (JSON.parse(admin.body) as { csrfToken: string }).csrfToken;
    const made = await httpsCall('/api/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ name: 'log-check', role: 'auditor' }),
    });
    const token = (JSON.parse(made.body) as { token: string }).token;
    await httpsCall('/api/users', { headers: { authorization: `Bearer ${token}` } }); // refused: logged
    await httpsCall('/api/nope', { headers: { authorization: `Bearer ${token}`, cookie } });
    const all = logged.join('');
    expect(all).toMatch(/sign-in refused: wrong password/);
    for (const secret of [secretPassword, DEMO_PASSWORD, token, cookie.split('=')[1]!, csrf])
      expect(all.includes(secret), `log holds ${secret.slice(0, 6)}…`).toBe(false);
  });
});
