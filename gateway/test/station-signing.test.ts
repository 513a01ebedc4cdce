/**
 * The station signing key (issue 12, finding 10) on a real station: the key is made at first start
 * (mode 600, never overwritten) and served; a case export made through the API carries manifest.sig
 * and a signed audit checkpoint, and verifies with `liuhen-verify --station-pubkey`; a rewritten
 * footage file or a removed audit line is caught even with the manifest rewritten, and a package
 * re-signed with another key is refused. The audit trail's periodic checkpoints catch a trail that
 * was re-hashed after an entry was removed, which the hash chain alone cannot.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  createDeviceKeys,
  signAuditCheckpoint,
  signManifest,
  type AuditCheckpoint,
  type ChainedAuditEntry,
  type DeviceKeys,
  type ExportManifest,
} from '@liuhen/evidence';
import { createAuditCheckpoints } from '../src/audit/checkpoints.js';
import { createAuditLog } from '../src/audit/audit-log.js';
import { migrate, openSqlite } from '../src/db/database.js';
import { createLogger, loadConfig, startGateway, type Gateway } from '../src/index.js';
import { BUILD_TIMEOUT_MS, buildEvidenceCli, makeFmp4, removeTempDirs, tempDir } from '../../evidence/test/helpers.js';
import { waitFor } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERIFY = join(ROOT, 'evidence/dist/verify-cli.js');
const DEVICE = 'cam-s1';
/** The recovered station segment's name fixes its device and session; its mtime fixes its end. */
const SEGMENT = `${DEVICE}/2025-11-26/${DEVICE}_20251126T020000Z_sess0001_0.mp4`;
const ENDED = Date.parse('2025-11-26T02:00:04.000Z');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

let dataDir: string;
let gw: Gateway;
let running = false;
let token: string;
let logs = '';

async function start(): Promise<Gateway> {
  const config = loadConfig({
    env: {},
    overrides: {
      mqtt: { host: '127.0.0.1', port: 0 },
      rtmp: { host: '127.0.0.1', port: 0 },
      http: { host: '127.0.0.1', port: 0 },
      storage: { dataDir },
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs += chunk.toString();
      cb();
    },
  });
  const g = await startGateway(config, { log: createLogger('info', sink) });
  running = true;
  token = (await g.auth.createToken({ name: `test-${Date.now()}`, role: 'admin' }, 'test')).token;
  return g;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${gw.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function verify(args: string[]) {
  const r = spawnSync(process.execPath, [VERIFY, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** liuhen-gateway --verify-audit, run from the sources against the test station's data. */
function verifyAudit() {
  const r = spawnSync(
    process.execPath,
    ['--conditions=liuhen-source', '--import', 'tsx', join(ROOT, 'gateway/src/cli.ts'), '--verify-audit'],
    { cwd: ROOT, env: { ...process.env, LIUHEN_STORAGE_DATA_DIR: dataDir }, encoding: 'utf8' },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(async () => {
  dataDir = tempDir('station');
  // The CLI is checked as shipped: the built dist/.
  buildEvidenceCli();
}, BUILD_TIMEOUT_MS);
async function stop(): Promise<void> {
  running = false;
  await gw.stop();
}
afterAll(async () => {
  if (running) await gw.stop();
  removeTempDirs();
});

describe('the station key', () => {
  it('is made at first start (mode 600), logged, served, and kept as it is across restarts', async () => {
    gw = await start();
    const keyFile = join(dataDir, 'keys/station.key.pem');
    const pubFile = join(dataDir, 'keys/station.pub.pem');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const pem = readFileSync(pubFile, 'utf8');
    const fingerprint = sha(createPublicKey(pem).export({ type: 'spki', format: 'der' }));
    expect(gw.stationKey).toEqual({ fingerprint, publicKeyPem: pem });
    expect(logs).toContain(fingerprint);
    expect(logs).toMatch(/station signing key created/);

    const res = await fetch(`${gw.url}/api/station/key`); // public: no credentials
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ algorithm: 'Ed25519', fingerprint, publicKeyPem: pem });

    // The recorder whose station copy the export will hold (recovered at the next start).
    expect((await api('POST', '/api/devices', { id: DEVICE, profile: 'raspi-4' })).status).toBe(201);
    await stop();
    const seg = join(dataDir, 'footage', SEGMENT);
    mkdirSync(join(seg, '..'), { recursive: true });
    makeFmp4(seg, 4);
    utimesSync(seg, ENDED / 1000, ENDED / 1000);

    const privateBefore = readFileSync(keyFile, 'utf8');
    chmodSync(keyFile, 0o644);
    await expect(start()).rejects.toThrow(/station\.key\.pem: permissions 644 are too open/);
    chmodSync(keyFile, 0o600);
    logs = '';
    gw = await start();
    expect(readFileSync(keyFile, 'utf8')).toBe(privateBefore);
    expect(gw.stationKey.fingerprint).toBe(fingerprint);
    expect(logs).not.toMatch(/station signing key created/);
    expect(logs).toContain(fingerprint);
  }, 120_000); // three starts with ffmpeg / two CLI runs from the sources
});

describe('a case export made by the station', () => {
  let exportDir: string;
  let pubPem: string;
  let forger: DeviceKeys;

  beforeAll(async () => {
    forger = await createDeviceKeys(join(tempDir('forger'), 'keys'));
    pubPem = join(tempDir('pub'), 'station.pub.pem');
    writeFileSync(
      pubPem,
      ((await (await fetch(`${gw.url}/api/station/key`)).json()) as { publicKeyPem: string }).publicKeyPem,
    );
    const recs = await api<{ recordings: { id: string; sessionId: string }[] }>(
      'GET',
      `/api/recordings?device=${DEVICE}`,
    );
    const rec = recs.body.recordings.find((r) => r.sessionId === 'recovered-sess0001');
    expect(rec).toBeDefined();
    const created = await api<{ id: string; steps: { id: string }[] }>('POST', '/api/cases', {
      number: '杭市监罚〔2025〕88号',
      kind: 'penalty',
      title: '站点签名',
      steps: [
        {
          kind: 'on-site-inspection',
          startsAt: '2025-11-26T01:59:00.000Z',
          endsAt: '2025-11-26T02:01:00.000Z',
          officers: ['33010001'],
        },
      ],
    });
    expect(created.status).toBe(201);
    const linked = await api('POST', `/api/steps/${created.body.steps[0]!.id}/links`, {
      recordingIds: [rec!.id],
      reason: '人工关联 test link',
    });
    expect(linked.status).toBe(200);
    await api('GET', `/api/cases/${created.body.id}/timeline`); // one more entry of the case
    const job = await api<{ id: string }>('POST', `/api/cases/${created.body.id}/exports`, { format: 'folder' });
    expect(job.status).toBe(202);
    const done = await waitFor(
      async () => {
        const j = (await api<{ state: string; path?: string; error?: string }>('GET', `/api/exports/${job.body.id}`))
          .body;
        if (j.state === 'failed') throw new Error(`export failed: ${j.error}`);
        return j.state === 'done' ? j : null;
      },
      30_000,
      'the export',
    );
    exportDir = done.path!;
  });

  const copy = () => {
    const dir = join(tempDir('tamper'), 'export');
    cpSync(exportDir, dir, { recursive: true });
    return dir;
  };
  const manifestOf = (dir: string) =>
    JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest & {
      audit: { checkpoint?: string };
    };
  const writeManifest = (dir: string, m: ExportManifest) =>
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m, null, 2) + '\n');

  function rewriteFootage(dir: string): ExportManifest {
    const m = manifestOf(dir);
    const f = m.files[0]!;
    const bytes = readFileSync(join(dir, f.path));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(join(dir, f.path), bytes);
    Object.assign(f, { sha256: sha(bytes), bytes: bytes.length });
    return m;
  }

  function removeAuditLine(dir: string, m: ExportManifest): ChainedAuditEntry[] {
    const lines = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trimEnd().split('\n');
    const kept = lines.filter((l) => !l.includes('"action":"link"'));
    expect(kept.length).toBe(lines.length - 1);
    const body = kept.map((l) => l + '\n').join('');
    writeFileSync(join(dir, 'audit.jsonl'), body);
    const entries = kept.map((l) => JSON.parse(l) as ChainedAuditEntry);
    Object.assign(m.audit, { entries: entries.length, firstSeq: entries[0]!.seq, lastSeq: entries.at(-1)!.seq });
    Object.assign(
      m.documents.find((d) => d.path === 'audit.jsonl')!,
      { sha256: sha(body), bytes: body.length },
    );
    return entries;
  }

  it('is signed: manifest.sig over the manifest bytes, a checkpoint covering the excerpt, every file hashed', () => {
    const m = manifestOf(exportDir);
    expect(m.audit.checkpoint).toBe('audit-checkpoint.json');
    expect(m.documents.map((d) => d.path)).toEqual(
      expect.arrayContaining(['case.json', 'coverage-report.html', 'audit.jsonl', 'audit-checkpoint.json']),
    );
    const sig = JSON.parse(readFileSync(join(exportDir, 'manifest.sig'), 'utf8')) as Record<string, string>;
    expect(sig).toMatchObject({ signed: 'manifest.json', keyId: gw.stationKey.fingerprint, algorithm: 'Ed25519' });
    expect(sig.sha256).toBe(sha(readFileSync(join(exportDir, 'manifest.json'))));
    const cp = JSON.parse(readFileSync(join(exportDir, 'audit-checkpoint.json'), 'utf8')) as AuditCheckpoint;
    expect(cp).toMatchObject({
      reason: 'export',
      keyId: gw.stationKey.fingerprint,
      case: { entries: m.audit.entries },
    });
    expect(cp.seq).toBeGreaterThanOrEqual(m.audit.lastSeq!);
    // openssl checks the same signature where it is installed.
    const raw = join(tempDir('openssl'), 'manifest.sig.bin');
    writeFileSync(raw, Buffer.from(sig.signature!, 'base64'));
    const ossl = spawnSync(
      'openssl',
      [
        'pkeyutl',
        '-verify',
        '-pubin',
        '-inkey',
        pubPem,
        '-rawin',
        '-in',
        join(exportDir, 'manifest.json'),
        '-sigfile',
        raw,
      ],
      { encoding: 'utf8' },
    );
    if (!ossl.error) expect(ossl.stdout).toMatch(/Signature Verified Successfully/);
  });

  it('untouched, verifies with --station-pubkey', () => {
    const r = verify([exportDir, '--station-pubkey', pubPem]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('VERIFIED 校验通过');
    expect(r.stdout).toMatch(new RegExp(`station 站点签名.*${gw.stationKey.fingerprint}.*trusted`));
    expect(r.stdout).not.toContain('[warning]');
    expect(r.status).toBe(0);
  });

  it('a rewritten footage file with its manifest hash updated is detected', () => {
    const dir = copy();
    writeManifest(dir, rewriteFootage(dir));
    const r = verify([dir, '--station-pubkey', pubPem]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/manifest\.json: BAD SIGNATURE/);
  });

  it('a removed audit line with the manifest updated is detected', () => {
    const dir = copy();
    const m = manifestOf(dir);
    removeAuditLine(dir, m);
    writeManifest(dir, m);
    const r = verify([dir, '--station-pubkey', pubPem]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/manifest\.json: BAD SIGNATURE/);
    expect(r.stdout).toMatch(/audit\.jsonl: TAMPERED 篡改: .*signed audit checkpoint/);
  });

  it('a forged manifest and checkpoint signed with another key are refused', () => {
    const dir = copy();
    const m = rewriteFootage(dir);
    const excerpt = removeAuditLine(dir, m);
    const cpPath = join(dir, 'audit-checkpoint.json');
    const old = JSON.parse(readFileSync(cpPath, 'utf8')) as AuditCheckpoint;
    const { sig: _sig, ...unsigned } = old;
    const forged = signAuditCheckpoint(
      {
        ...unsigned,
        keyId: forger.fingerprint,
        case: {
          ...old.case!,
          entries: excerpt.length,
          digest: sha(excerpt.map((e) => `${e.hash}\n`).join('')),
        },
      },
      forger.privateKey,
    );
    const body = JSON.stringify(forged, null, 2) + '\n';
    writeFileSync(cpPath, body);
    Object.assign(
      m.documents.find((d) => d.path === 'audit-checkpoint.json')!,
      { sha256: sha(body), bytes: body.length },
    );
    writeManifest(dir, m);
    const bytes = readFileSync(join(dir, 'manifest.json'));
    writeFileSync(join(dir, 'manifest.sig'), JSON.stringify(signManifest(bytes, forger), null, 2) + '\n');
    const r = verify([dir, '--station-pubkey', pubPem]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/manifest\.sig: UNKNOWN KEY/);
    expect(r.stdout).toMatch(/audit-checkpoint\.json: UNKNOWN KEY/);
    // Without the station's key it is self-consistent; the report names whose key signed it.
    const loose = verify([dir]);
    expect(loose.stdout).toContain(forger.fingerprint);
    expect(loose.stdout).toMatch(/STATION KEY FROM PACKAGE/);
  });
});

describe('audit-trail checkpoints', () => {
  it('are signed every N entries (and on demand), stored, and checked against the trail', async () => {
    const dir = tempDir('checkpoints');
    const db = openSqlite(join(dir, 'db.sqlite'));
    await migrate(db);
    const keys = await createDeviceKeys(join(dir, 'keys'));
    const audit = createAuditLog(db);
    const checkpoints = createAuditCheckpoints({ db, audit, keys, everyEntries: 5, everyMs: 3_600_000 });
    try {
      for (let i = 0; i < 11; i++)
        await audit.append({
          actor: 'test',
          action: 'view',
          subjectType: 'case',
          subjectId: `c${i % 2}`,
          caseId: `c${i % 2}`,
        });
      const rows = await waitFor(
        async () => {
          const r = await db.selectFrom('audit_checkpoints').select(['seq', 'reason']).orderBy('id').execute();
          return r.length >= 2 ? r : null;
        },
        5000,
        'two checkpoints',
      );
      expect(rows.map((r) => [Number(r.seq), r.reason])).toEqual([
        [5, 'entries'],
        [10, 'entries'],
      ]);
      const forCase = await checkpoints.forExport('c0', await audit.forCase('c0'));
      expect(forCase).toMatchObject({
        seq: 11,
        reason: 'export',
        case: { id: 'c0', entries: 6, firstSeq: 1, lastSeq: 11 },
      });
      const ok = await checkpoints.verify();
      expect(ok).toMatchObject({ ok: true, checked: 3 });
    } finally {
      await checkpoints.stop();
      await db.destroy();
    }
  });

  it('liuhen-gateway --verify-audit checks them: a trail re-hashed after removing an entry fails', async () => {
    await stop();
    const good = verifyAudit();
    expect(good.stderr).toBe('');
    expect(good.stdout).toMatch(/audit trail verified/);
    expect(good.stdout).toMatch(/checkpoints? verified.*station key/);
    expect(good.status).toBe(0);

    // Someone with the database removes the link entry and re-hashes every entry after it.
    const raw = new SQLite(join(dataDir, 'liuhen.sqlite'));
    type Row = {
      seq: number;
      ts: string;
      actor: string;
      action: string;
      subject_type: string;
      subject_id: string;
      case_id: string | null;
      detail: string;
    };
    const rows = raw.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Row[];
    const kept = rows.filter((r) => r.action !== 'link');
    expect(kept.length).toBe(rows.length - 1);
    raw.prepare('DELETE FROM audit_log').run();
    const insert = raw.prepare(
      'INSERT INTO audit_log (seq, ts, actor, action, subject_type, subject_id, case_id, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)',
    );
    let prev = AUDIT_GENESIS_HASH;
    kept.forEach((r, i) => {
      const e = {
        seq: i + 1,
        ts: r.ts,
        actor: r.actor,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        caseId: r.case_id,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      };
      const hash = auditEntryHash(prev, e);
      insert.run(e.seq, e.ts, e.actor, e.action, e.subjectType, e.subjectId, e.caseId, r.detail, prev, hash);
      prev = hash;
    });
    raw.close();
    const bad = verifyAudit();
    expect(bad.stdout).toMatch(/audit trail verified/); // the chain alone is consistent again
    expect(bad.stdout).toMatch(/checkpoint .*FAILED|FAILED.*checkpoint/);
    expect(bad.status).toBe(1);
  }, 120_000);
});
