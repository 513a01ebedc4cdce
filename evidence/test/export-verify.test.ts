/**
 * The case-export verifier on packages built here by hand from real chained segments (so it is
 * checked against the format, not against the station's writer, which gateway/test/export.test.ts
 * covers): an intact folder and ZIP (stored or deflated, as a reviewer's own zip tool may
 * re-pack it) pass; every kind of tampering fails with a message naming the file. The station's
 * signature (manifest.sig over the manifest's bytes, and the signed audit checkpoint) is made here
 * with node:crypto as the format describes it, and checked with --station-pubkey.
 */
import { spawnSync } from 'node:child_process';
import { createHash, sign, type KeyObject } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  canonicalJson,
  createDeviceKeys,
  formatExportReport,
  verifyExport,
  type AuditEntry,
  type ChainedAuditEntry,
  type DeviceKeys,
  type ExportManifest,
  type ExportReport,
} from '../src/index.js';
import {
  BUILD_TIMEOUT_MS,
  buildEvidenceCli,
  chainedFolder,
  makeFmp4,
  removeTempDirs,
  tempDir,
  type ChainedFolder,
} from './helpers.js';

afterAll(removeTempDirs);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'evidence/dist/verify-cli.js');
const CASE = { id: 'case-7', number: '杭市监罚〔2025〕7号' };
const DEV = 'footage/rec-001/device';
const LIVE = 'footage/rec-001/live/live-000.mp4';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A station audit trail of 6 entries; the case's excerpt is seq 2, 4 and 5. */
function auditTrail(): ChainedAuditEntry[] {
  let prevHash = AUDIT_GENESIS_HASH;
  const all: ChainedAuditEntry[] = [];
  for (let seq = 1; seq <= 6; seq++) {
    const entry: AuditEntry = {
      seq,
      ts: `2025-11-26T02:0${seq}:00.000Z`,
      actor: 'officer-33010099',
      action: seq === 5 ? 'export' : 'view',
      subjectType: 'case',
      subjectId: [2, 4, 5].includes(seq) ? CASE.id : 'case-other',
      caseId: [2, 4, 5].includes(seq) ? CASE.id : 'case-other',
      detail: { n: seq },
    };
    const hash = auditEntryHash(prevHash, entry);
    all.push({ ...entry, prevHash, hash });
    prevHash = hash;
  }
  return all;
}
const auditExcerpt = () => auditTrail().filter((e) => e.caseId === CASE.id);

interface Pkg {
  dir: string;
  manifest: ExportManifest;
}

type SigningKey = Pick<DeviceKeys, 'privateKey' | 'publicKeyPem' | 'fingerprint'>;

/**
 * The station's signed audit checkpoint, as the format describes it: the trail's head (seq, hash)
 * and the case's excerpt (count, seq range, SHA-256 of its entry hashes each followed by "\n"),
 * signed like a chain entry (Ed25519 over the SHA-256 of the canonical JSON without `sig`).
 */
function checkpoint(key: SigningKey, excerpt = auditExcerpt(), head = auditTrail().at(-1)!): string {
  const unsigned = {
    format: 'liuhen-audit-checkpoint',
    version: 1,
    seq: head.seq,
    headHash: head.hash,
    ts: '2025-11-26T03:00:00.000Z',
    reason: 'export',
    keyId: key.fingerprint,
    case: {
      id: CASE.id,
      entries: excerpt.length,
      firstSeq: excerpt[0]?.seq ?? null,
      lastSeq: excerpt.at(-1)?.seq ?? null,
      digest: sha(excerpt.map((e) => `${e.hash}\n`).join('')),
    },
  };
  const hash = createHash('sha256').update(canonicalJson(unsigned)).digest();
  return JSON.stringify({ ...unsigned, sig: sign(null, hash, key.privateKey).toString('base64') }, null, 2) + '\n';
}

/** manifest.sig: Ed25519 over the exact bytes of manifest.json, with the key that made it. */
function signatureFile(manifestBytes: Buffer, key: SigningKey): string {
  const doc = {
    format: 'liuhen-manifest-signature',
    version: 1,
    algorithm: 'Ed25519',
    signed: 'manifest.json',
    sha256: sha(manifestBytes),
    keyId: key.fingerprint,
    publicKeyPem: key.publicKeyPem,
    signature: sign(null, manifestBytes, key.privateKey as KeyObject).toString('base64'),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** Writes manifest.json and, unless `key` is null, its signature. */
function writeManifest(dir: string, m: ExportManifest, key: SigningKey | null): void {
  const bytes = Buffer.from(JSON.stringify(m, null, 2));
  writeFileSync(join(dir, 'manifest.json'), bytes);
  if (key) writeFileSync(join(dir, 'manifest.sig'), signatureFile(bytes, key));
}

/** Writes a package folder the way the format describes it, manifest last, signed by `station`. */
function buildPackage(dir: string, chained: ChainedFolder, live: string, station: SigningKey | null): Pkg {
  const put = (path: string, data: Buffer | string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
    return { path, sha256: sha(data), bytes: Buffer.byteLength(data) };
  };
  const files: ExportManifest['files'] = chained.segments.map((seg, i) => {
    const name = seg.slice(seg.lastIndexOf('/') + 1);
    const chain = readFileSync(`${seg}.chain.jsonl`);
    const c = put(`${DEV}/${name}.chain.jsonl`, chain);
    return {
      ...put(`${DEV}/${name}`, readFileSync(seg)),
      recordingId: `rec-${i}`,
      deviceId: 'rec-001',
      source: 'device' as const,
      startedAt: `2025-11-26T02:00:0${i * 4}.000Z`,
      endedAt: `2025-11-26T02:00:0${i * 4 + 4}.000Z`,
      stepIds: ['step-1'],
      chain: { path: c.path, sha256: c.sha256, entries: chain.toString().trim().split('\n').length },
    };
  });
  files.push({
    ...put(LIVE, readFileSync(live)),
    recordingId: 'live-1',
    deviceId: 'rec-001',
    source: 'live',
    startedAt: '2025-11-26T02:00:09.000Z',
    endedAt: '2025-11-26T02:00:12.000Z',
    stepIds: ['step-1'],
  });
  const audit = auditExcerpt();
  const documents = [
    put('keys/rec-001.pub.pem', readFileSync(chained.keys.publicKeyPath)),
    put('case.json', JSON.stringify({ case: { ...CASE, kind: 'penalty' }, steps: [] })),
    put('coverage-report.html', '<!doctype html><title>report</title>'),
    put('audit.jsonl', audit.map((e) => JSON.stringify(e) + '\n').join('')),
    ...(station ? [put('audit-checkpoint.json', checkpoint(station))] : []),
  ];
  const manifest: ExportManifest = {
    format: 'liuhen-case-export',
    version: 1,
    generatedAt: '2025-11-26T03:00:00.000Z',
    generatedBy: 'officer-33010099',
    stationVersion: '0.1.0',
    case: CASE,
    files,
    documents,
    audit: {
      path: 'audit.jsonl',
      entries: 3,
      firstSeq: 2,
      lastSeq: 5,
      ...(station ? { checkpoint: 'audit-checkpoint.json' } : {}),
    },
  };
  writeManifest(dir, manifest, station);
  return { dir, manifest };
}

/** A minimal ZIP writer (not yazl): the verifier must read any conforming ZIP, stored or deflated. */
function writeZip(file: string, entries: { name: string; data: Buffer }[], deflate: boolean): void {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = deflate ? deflateRawSync(e.data) : e.data;
    const method = deflate ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc32(e.data), 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0x21, 14);
    cd.writeUInt32LE(crc32(e.data), 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(e.data.length, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(cd, name);
    offset += 30 + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  writeFileSync(file, Buffer.concat([...parts, cdBuf, eocd]));
}

function zipEntriesOf(pkg: Pkg): { name: string; data: Buffer }[] {
  const paths = [
    ...pkg.manifest.files.flatMap((f) => [f.path, ...(f.chain ? [f.chain.path] : [])]),
    ...pkg.manifest.documents.map((d) => d.path),
    'manifest.json',
    'manifest.sig',
  ];
  return paths.map((name) => ({ name, data: readFileSync(join(pkg.dir, name)) }));
}

let chained: ChainedFolder;
let pkg: Pkg;
/** The same package without a station signature (as exports were before station keys). */
let unsigned: Pkg;
let strangerPem: string;
let station: DeviceKeys;
let forger: DeviceKeys;
/** The station key as a reviewer passes it: trusted, from the station (not from the package). */
let trusted: { key: KeyObject; fingerprint: string }[];

beforeAll(async () => {
  const work = tempDir('export-verify');
  chained = await chainedFolder(join(work, 'rec'), 8, 4);
  const live = makeFmp4(join(work, 'live.mp4'), 3);
  station = await createDeviceKeys(join(work, 'station'));
  forger = await createDeviceKeys(join(work, 'forger'));
  trusted = [{ key: station.publicKey, fingerprint: station.fingerprint }];
  pkg = buildPackage(join(work, 'package'), chained, live, station);
  unsigned = buildPackage(join(work, 'unsigned'), chained, live, null);
  strangerPem = (await createDeviceKeys(join(work, 'stranger'))).publicKeyPath;
  // The CLI is checked as shipped: the built dist/.
  buildEvidenceCli();
}, BUILD_TIMEOUT_MS);

/** A fresh copy of the intact package to damage. */
const copy = (name: string) => {
  const dir = join(tempDir(name), 'package');
  cpSync(pkg.dir, dir, { recursive: true });
  return dir;
};
const errors = (r: ExportReport) => r.problems.filter((p) => p.severity === 'error');
const seg = (dir: string, i: number) => join(dir, DEV, `seg-00${i}.mp4`);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('an intact export', () => {
  it('verifies as a folder: files, chains, keys, audit, station signature', async () => {
    const r = await verifyExport(pkg.dir, { stationKeys: trusted });
    expect(r.problems).toEqual([]);
    expect(r).toMatchObject({
      ok: true,
      kind: 'case-export',
      container: 'folder',
      caseNumber: CASE.number,
      files: 3,
      chained: 2,
      audit: { entries: 3, firstSeq: 2, lastSeq: 5 },
    });
    expect(r.keys).toEqual([{ deviceId: 'rec-001', fingerprint: chained.keys.fingerprint, trusted: false }]);
    const head = auditTrail().at(-1)!;
    expect(r.station).toEqual({
      signed: true,
      fingerprint: station.fingerprint,
      trusted: true,
      checkpoint: { seq: 6, headHash: head.hash, ts: '2025-11-26T03:00:00.000Z' },
    });
    expect(formatExportReport(r)).toContain('VERIFIED 校验通过');
    expect(formatExportReport(r)).toContain(station.fingerprint);
  });

  it('verifies as a stored and as a deflated ZIP', async () => {
    for (const deflate of [false, true]) {
      const zip = join(tempDir('zip'), `export-${deflate}.zip`);
      writeZip(zip, zipEntriesOf(pkg), deflate);
      const r = await verifyExport(zip, { stationKeys: trusted });
      expect(r.problems).toEqual([]);
      expect(r).toMatchObject({ ok: true, container: 'zip', files: 3, chained: 2 });
    }
  });

  it('through the built CLI: exit 0 for a folder and a ZIP, --json, 2 for a missing path', () => {
    const zip = join(tempDir('zip-cli'), 'export.zip');
    writeZip(zip, zipEntriesOf(pkg), false);
    const human = cli([pkg.dir, '--station-pubkey', station.publicKeyPath]);
    expect(human.stderr).toBe('');
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('案卷导出校验');
    expect(human.stdout).toContain(chained.keys.fingerprint);
    expect(human.stdout).not.toContain('[warning]');
    const json = cli([zip, '--json', '--station-pubkey', station.publicKeyPath]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, kind: 'case-export', container: 'zip' });
    expect(cli([join(pkg.dir, 'nonexistent.zip')]).status).toBe(2);
    // A folder of segments still goes to the segment verifier.
    expect(cli([chained.dir]).stdout).toContain('segments 分段');
  });

  it('with a trusted key: the package key must be it', async () => {
    const pub = { key: chained.keys.publicKey, fingerprint: chained.keys.fingerprint };
    expect((await verifyExport(pkg.dir, { publicKeys: [pub] })).ok).toBe(true);
    const stranger = cli([pkg.dir, '--pubkey', strangerPem]);
    expect(stranger.status).toBe(1);
    expect(stranger.stdout).toMatch(/UNKNOWN KEY.*keys\/rec-001\.pub\.pem|keys\/rec-001\.pub\.pem: UNKNOWN KEY/);
  });
});

describe('tampering is caught and named', () => {
  it('one byte flipped in a video: hash mismatch and the fragment located by the chain', async () => {
    const dir = copy('flip');
    const bytes = readFileSync(seg(dir, 1));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(seg(dir, 1), bytes);
    const r = await verifyExport(dir);
    expect(r.ok).toBe(false);
    const msgs = errors(r).filter((p) => p.path === `${DEV}/seg-001.mp4`);
    expect(msgs.map((p) => p.message).join('\n')).toMatch(/TAMPERED.*does not match the manifest/);
    expect(msgs.map((p) => p.message).join('\n')).toMatch(/fragment \d+/);
    expect(cli([dir]).status).toBe(1);
  });

  it('a file removed', async () => {
    const dir = copy('removed');
    unlinkSync(seg(dir, 0));
    const r = await verifyExport(dir);
    expect(r.ok).toBe(false);
    expect(errors(r)).toContainEqual(
      expect.objectContaining({ path: `${DEV}/seg-000.mp4`, message: expect.stringMatching(/MISSING FILE/) }),
    );
  });

  it('a file added', async () => {
    const dir = copy('added');
    writeFileSync(join(dir, DEV, 'extra.mp4'), 'not evidence');
    writeFileSync(join(dir, '.DS_Store'), 'finder');
    const r = await verifyExport(dir);
    expect(errors(r)).toEqual([
      { severity: 'error', path: `${DEV}/extra.mp4`, message: expect.stringMatching(/ADDED.*added after the export/) },
    ]);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'warning', path: '.DS_Store' }));
  });

  it('an audit entry edited, even with the manifest hash updated to match', async () => {
    const dir = copy('audit');
    const file = join(dir, 'audit.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    const e = JSON.parse(lines[1]!) as ChainedAuditEntry;
    lines[1] = JSON.stringify({ ...e, actor: 'someone-else' });
    const text = lines.join('\n') + '\n';
    writeFileSync(file, text);
    const r1 = await verifyExport(dir);
    expect(
      errors(r1)
        .map((p) => `${p.path}: ${p.message}`)
        .join('\n'),
    ).toMatch(/audit\.jsonl: TAMPERED.*the manifest says[\s\S]*audit entry seq 4/);
    // A forger who also fixes the manifest is still caught by the entry's own hash.
    const mPath = join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(mPath, 'utf8')) as ExportManifest;
    m.documents.find((d) => d.path === 'audit.jsonl')!.sha256 = sha(text);
    m.documents.find((d) => d.path === 'audit.jsonl')!.bytes = Buffer.byteLength(text);
    writeFileSync(mPath, JSON.stringify(m));
    const r2 = await verifyExport(dir);
    expect(errors(r2)).toContainEqual({
      severity: 'error',
      path: 'audit.jsonl',
      message: expect.stringMatching(/audit entry seq 4: entry hash does not match its content/),
    });
    // ...and by the station's signature over the manifest, which no longer matches it.
    expect(errors(r2)).toContainEqual(
      expect.objectContaining({ path: 'manifest.json', message: expect.stringMatching(/BAD SIGNATURE/) }),
    );
  });

  it('an audit entry removed: the count no longer matches the manifest', async () => {
    const dir = copy('audit-removed');
    const file = join(dir, 'audit.jsonl');
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    writeFileSync(file, [lines[0], lines[2]].join('\n') + '\n');
    const r = await verifyExport(dir);
    expect(
      errors(r)
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/holds 2 entries.*manifest says 3/);
  });

  it('a hash in the manifest edited', async () => {
    const dir = copy('manifest');
    const mPath = join(dir, 'manifest.json');
    const m = JSON.parse(readFileSync(mPath, 'utf8')) as ExportManifest;
    m.files[0]!.sha256 = 'f'.repeat(64);
    writeFileSync(mPath, JSON.stringify(m));
    const r = await verifyExport(dir);
    expect(errors(r)).toEqual([
      {
        severity: 'error',
        path: 'manifest.json',
        message: expect.stringMatching(/BAD SIGNATURE 签名无效.*changed after the station signed it/),
      },
      {
        severity: 'error',
        path: `${DEV}/seg-000.mp4`,
        message: expect.stringMatching(/TAMPERED.*does not match the manifest's f{64}/),
      },
    ]);
  });

  it('a chain entry edited: hash mismatch and a bad signature', async () => {
    const dir = copy('chain');
    const file = `${seg(dir, 0)}.chain.jsonl`;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    lines[2] = lines[2]!.replace('"officerId":"33010099"', '"officerId":"33019999"');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await verifyExport(dir);
    const text = errors(r)
      .map((p) => `${p.path}: ${p.message}`)
      .join('\n');
    expect(text).toContain(`${DEV}/seg-000.mp4.chain.jsonl: TAMPERED`);
    expect(text).toMatch(/seg-000\.mp4: BAD SIGNATURE 签名无效: entry seq 2 .* the entry was edited/);
  });

  it('a byte flipped inside a ZIP', async () => {
    const zip = join(tempDir('zip-flip'), 'export.zip');
    writeZip(zip, zipEntriesOf(pkg), false);
    const buf = readFileSync(zip);
    const video = readFileSync(seg(pkg.dir, 1));
    const at = buf.indexOf(video.subarray(video.length / 2, video.length / 2 + 64));
    expect(at).toBeGreaterThan(0);
    buf[at]! ^= 0x01;
    writeFileSync(zip, buf);
    const r = await verifyExport(zip);
    expect(errors(r).some((p) => p.path === `${DEV}/seg-001.mp4` && /TAMPERED/.test(p.message))).toBe(true);
    expect(cli([zip]).status).toBe(1);
  });

  it('a ZIP with a file twice, and files that are no ZIP or no export at all', async () => {
    const dir = tempDir('zip-odd');
    const twice = join(dir, 'twice.zip');
    const entries = zipEntriesOf(pkg);
    writeZip(twice, [...entries, { name: entries[0]!.name, data: Buffer.from('other') }], false);
    expect(
      errors(await verifyExport(twice))
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/appears twice/);

    const garbage = join(dir, 'garbage.zip');
    writeFileSync(garbage, 'this is not a zip');
    const g = await verifyExport(garbage);
    expect(g.ok).toBe(false);
    expect(g.problems[0]!.message).toMatch(/not a readable ZIP/);

    const notExport = join(dir, 'other.zip');
    writeZip(notExport, [{ name: 'readme.txt', data: Buffer.from('hi') }], false);
    expect((await verifyExport(notExport)).problems[0]!.message).toMatch(/not a liuhen case export/);

    const badManifest = copy('bad-manifest');
    writeFileSync(join(badManifest, 'manifest.json'), JSON.stringify({ format: 'liuhen-case-export', version: 9 }));
    const b = cli([badManifest]);
    expect(b.status).toBe(1);
    expect(b.stdout).toMatch(/version 9 is not supported/);
    rmSync(badManifest, { recursive: true });
    await expect(verifyExport(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});

describe('the station signature (manifest.sig and the audit checkpoint)', () => {
  const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ExportManifest;
  const text = (r: ExportReport) =>
    errors(r)
      .map((p) => `${p.path}: ${p.message}`)
      .join('\n');

  /** A video rewritten and its size and SHA-256 put in the manifest, as a forger without the key would. */
  function rewriteFootage(dir: string): ExportManifest {
    const file = join(dir, LIVE);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(file, bytes);
    const m = readManifest(dir);
    const rec = m.files.find((f) => f.path === LIVE)!;
    rec.sha256 = sha(bytes);
    rec.bytes = bytes.length;
    return m;
  }

  /** An audit line removed, the manifest's counts and the excerpt's hash updated to match. */
  function removeAuditLine(dir: string): { manifest: ExportManifest; excerpt: ChainedAuditEntry[] } {
    const file = join(dir, 'audit.jsonl');
    const excerpt = auditExcerpt().filter((e) => e.seq !== 4);
    const body = excerpt.map((e) => JSON.stringify(e) + '\n').join('');
    writeFileSync(file, body);
    const m = readManifest(dir);
    Object.assign(m.audit, { entries: 2, firstSeq: 2, lastSeq: 5 });
    Object.assign(
      m.documents.find((d) => d.path === 'audit.jsonl')!,
      { sha256: sha(body), bytes: Buffer.byteLength(body) },
    );
    return { manifest: m, excerpt };
  }

  it('untouched: verifies with the station key given, and says so', async () => {
    const r = await verifyExport(pkg.dir, { stationKeys: trusted });
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    const c = cli([pkg.dir, '--station-pubkey', station.publicKeyPath]);
    expect(c.status).toBe(0);
    expect(c.stdout).toMatch(new RegExp(`station 站点签名.*${station.fingerprint}.*trusted`));
  });

  it('without --station-pubkey: checked only with the key inside the export, and a warning says so', async () => {
    const r = await verifyExport(pkg.dir);
    expect(r.ok).toBe(true);
    expect(r.station).toMatchObject({ signed: true, fingerprint: station.fingerprint, trusted: false });
    expect(r.problems).toEqual([
      {
        severity: 'warning',
        path: 'manifest.sig',
        message: expect.stringMatching(/STATION KEY FROM PACKAGE.*not checked.*--station-pubkey/),
      },
    ]);
    expect(cli([pkg.dir]).stdout).toMatch(/STATION KEY FROM PACKAGE/);
  });

  it('a rewritten footage file with its manifest hash updated is detected', async () => {
    const dir = copy('rewrite');
    writeManifest(dir, rewriteFootage(dir), null); // the old manifest.sig stays
    const r = await verifyExport(dir, { stationKeys: trusted });
    expect(r.ok).toBe(false);
    expect(text(r)).toMatch(/manifest\.json: BAD SIGNATURE 签名无效/);
    // The key inside the export does not vouch for it either.
    expect((await verifyExport(dir)).ok).toBe(false);
    const c = cli([dir, '--station-pubkey', station.publicKeyPath]);
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(/manifest\.json: BAD SIGNATURE/);
  });

  it('a removed audit line with the manifest updated is detected, by the signature and by the checkpoint', async () => {
    const dir = copy('audit-line');
    writeManifest(dir, removeAuditLine(dir).manifest, null);
    const r = await verifyExport(dir, { stationKeys: trusted });
    expect(r.ok).toBe(false);
    expect(text(r)).toMatch(/manifest\.json: BAD SIGNATURE/);
    expect(text(r)).toMatch(/audit\.jsonl: TAMPERED 篡改: .*signed audit checkpoint.*3 entries.*2 here/);
    expect(cli([dir, '--station-pubkey', station.publicKeyPath]).status).toBe(1);
  });

  it('a forged manifest signed with another key is refused; without the station key only a warning names it', async () => {
    const dir = copy('forged');
    const m = rewriteFootage(dir);
    const { manifest, excerpt } = removeAuditLine(dir);
    manifest.files = m.files;
    // The forger re-signs everything with their own key: the checkpoint and the manifest.
    const cp = checkpoint(forger, excerpt);
    writeFileSync(join(dir, 'audit-checkpoint.json'), cp);
    Object.assign(
      manifest.documents.find((d) => d.path === 'audit-checkpoint.json')!,
      {
        sha256: sha(cp),
        bytes: Buffer.byteLength(cp),
      },
    );
    writeManifest(dir, manifest, forger);
    const r = await verifyExport(dir, { stationKeys: trusted });
    expect(r.ok).toBe(false);
    expect(r.station).toMatchObject({ signed: true, fingerprint: forger.fingerprint, trusted: false });
    expect(text(r)).toMatch(
      new RegExp(`manifest\\.sig: UNKNOWN KEY 密钥不符: .*${forger.fingerprint}.*not the station key`),
    );
    expect(text(r)).toMatch(/audit-checkpoint\.json: UNKNOWN KEY/);
    const c = cli([dir, '--station-pubkey', station.publicKeyPath]);
    expect(c.status).toBe(1);
    expect(c.stdout).toMatch(/UNKNOWN KEY/);
    // Self-consistent without a trusted key: it passes, but the report names the forger's key.
    const loose = await verifyExport(dir);
    expect(loose.ok).toBe(true);
    expect(loose.problems.map((p) => p.message).join('\n')).toContain(forger.fingerprint);
  });

  it('a signature or checkpoint removed: an error with --station-pubkey, a warning without', async () => {
    const dir = copy('stripped');
    unlinkSync(join(dir, 'manifest.sig'));
    const strict = await verifyExport(dir, { stationKeys: trusted });
    expect(strict.ok).toBe(false);
    expect(text(strict)).toMatch(/manifest\.sig: UNSIGNED 未签名/);
    const loose = await verifyExport(dir);
    expect(loose.ok).toBe(true);
    expect(loose.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/UNSIGNED.*not checked/) }),
    );
    // An export from before station keys: no signature, no checkpoint.
    expect((await verifyExport(unsigned.dir)).ok).toBe(true);
    const old = await verifyExport(unsigned.dir, { stationKeys: trusted });
    expect(text(old)).toMatch(/manifest\.sig: UNSIGNED[\s\S]*audit\.jsonl: .*no signed audit checkpoint/);
  });

  it('a checkpoint that does not cover the excerpt, or was edited, is refused', async () => {
    const dir = copy('checkpoint');
    const p = join(dir, 'audit-checkpoint.json');
    const cp = JSON.parse(readFileSync(p, 'utf8')) as { seq: number };
    cp.seq = 4; // says the trail ended before the excerpt's last entry
    const body = JSON.stringify(cp);
    writeFileSync(p, body);
    const m = readManifest(dir);
    Object.assign(
      m.documents.find((d) => d.path === 'audit-checkpoint.json')!,
      {
        sha256: sha(body),
        bytes: Buffer.byteLength(body),
      },
    );
    writeManifest(dir, m, station); // even re-signed by the station key, the checkpoint's own signature fails
    const r = await verifyExport(dir, { stationKeys: trusted });
    expect(text(r)).toMatch(/audit-checkpoint\.json: BAD SIGNATURE/);
  });
});
