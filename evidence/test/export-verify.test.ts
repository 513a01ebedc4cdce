/**
 * The case-export verifier on packages built here by hand from real chained segments (so it is
 * checked against the format, not against the station's writer, which gateway/test/export.test.ts
 * covers): an intact folder and ZIP (stored or deflated, as a reviewer's own zip tool may
 * re-pack it) pass; every kind of tampering fails with a message naming the file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_GENESIS_HASH,
  auditEntryHash,
  createDeviceKeys,
  formatExportReport,
  verifyExport,
  type AuditEntry,
  type ChainedAuditEntry,
  type ExportManifest,
  type ExportReport,
} from '../src/index.js';
import { chainedFolder, makeFmp4, removeTempDirs, tempDir, type ChainedFolder } from './helpers.js';

afterAll(removeTempDirs);

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'evidence/dist/verify-cli.js');
const CASE = { id: 'case-7', number: '杭市监罚〔2025〕7号' };
const DEV = 'footage/rec-001/device';
const LIVE = 'footage/rec-001/live/live-000.mp4';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** A station audit trail of 6 entries; the case's excerpt is seq 2, 4 and 5. */
function auditExcerpt(): ChainedAuditEntry[] {
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
  return all.filter((e) => e.caseId === CASE.id);
}

interface Pkg {
  dir: string;
  manifest: ExportManifest;
}

/** Writes a package folder the way the format describes it, manifest last. */
function buildPackage(dir: string, chained: ChainedFolder, live: string): Pkg {
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
    audit: { path: 'audit.jsonl', entries: 3, firstSeq: 2, lastSeq: 5 },
  };
  put('manifest.json', JSON.stringify(manifest, null, 2));
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
  ];
  return paths.map((name) => ({ name, data: readFileSync(join(pkg.dir, name)) }));
}

let chained: ChainedFolder;
let pkg: Pkg;
let strangerPem: string;

beforeAll(async () => {
  const work = tempDir('export-verify');
  chained = await chainedFolder(join(work, 'rec'), 8, 4);
  const live = makeFmp4(join(work, 'live.mp4'), 3);
  pkg = buildPackage(join(work, 'package'), chained, live);
  strangerPem = (await createDeviceKeys(join(work, 'stranger'))).publicKeyPath;
  // The CLI is checked as shipped: the built dist/.
  const tsc = spawnSync('npx', ['tsc', '-b', 'evidence'], { cwd: ROOT, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc -b evidence failed: ${tsc.stdout}${tsc.stderr}`);
});

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
  it('verifies as a folder: files, chains, keys, audit', async () => {
    const r = await verifyExport(pkg.dir);
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
    expect(formatExportReport(r)).toContain('VERIFIED 校验通过');
  });

  it('verifies as a stored and as a deflated ZIP', async () => {
    for (const deflate of [false, true]) {
      const zip = join(tempDir('zip'), `export-${deflate}.zip`);
      writeZip(zip, zipEntriesOf(pkg), deflate);
      const r = await verifyExport(zip);
      expect(r.problems).toEqual([]);
      expect(r).toMatchObject({ ok: true, container: 'zip', files: 3, chained: 2 });
    }
  });

  it('through the built CLI: exit 0 for a folder and a ZIP, --json, 2 for a missing path', () => {
    const zip = join(tempDir('zip-cli'), 'export.zip');
    writeZip(zip, zipEntriesOf(pkg), false);
    const human = cli([pkg.dir]);
    expect(human.stderr).toBe('');
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('案卷导出校验');
    expect(human.stdout).toContain(chained.keys.fingerprint);
    const json = cli([zip, '--json']);
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
    expect(errors(r2)).toEqual([
      {
        severity: 'error',
        path: 'audit.jsonl',
        message: expect.stringMatching(/audit entry seq 4: entry hash does not match its content/),
      },
    ]);
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
