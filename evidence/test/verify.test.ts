/** liuhen-verify: a clean folder passes; each kind of tampering is caught and located. */
import { spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  discardSegment,
  formatReport,
  readFragmentedMp4,
  verifyFolder,
  type VerifyReport,
} from '../src/index.js';
import {
  META,
  chainedFolder,
  copyDir,
  makeSegments,
  readChain,
  tempDir,
  writeChain,
  removeTempDirs,
  type ChainedFolder,
} from './helpers.js';

afterAll(removeTempDirs);

const CLI = fileURLToPath(new URL('../src/verify-cli.ts', import.meta.url));
let base: ChainedFolder;
let strangerPem: string;

beforeAll(async () => {
  const dir = tempDir('verify');
  base = await chainedFolder(dir, 8, 4);
  strangerPem = (await createDeviceKeys(join(dir, 'stranger'))).publicKeyPath;
});

/** A fresh copy of the chained folder to damage. */
const copy = (name: string) => copyDir(base.dir, join(tempDir(name), 'footage'));
const seg = (dir: string, i: number) => join(dir, `seg-00${i}.mp4`);
const trusted = () => ({ publicKeys: [{ key: base.keys.publicKey, fingerprint: base.keys.fingerprint }] });
const codes = (r: VerifyReport) => [...new Set(r.problems.filter((p) => p.severity === 'error').map((p) => p.code))];

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('an untouched folder', () => {
  it('verifies: every byte chained, hashed and signed', async () => {
    const r = await verifyFolder(base.dir, trusted());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.segments.map((s) => [s.segment, s.ok, s.sealed])).toEqual([
      ['seg-000.mp4', true, true],
      ['seg-001.mp4', true, true],
    ]);
    expect(r.keys).toEqual([{ fingerprint: base.keys.fingerprint, source: 'given', trusted: true }]);
    expect(r.stats.bytesHashed).toBe(base.segments.reduce((n, s) => n + readFileSync(s).length, 0));
  });

  it('through the CLI: exit 0, a human report and --json', () => {
    const human = cli([base.dir]);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('VERIFIED 校验通过');
    expect(human.stdout).toContain('KEY FROM FOLDER 公钥取自文件夹'); // no --pubkey: says where the key came from
    expect(human.stdout).toContain(base.keys.fingerprint);
    const json = cli([base.dir, '--pubkey', base.keys.publicKeyPath, '--json']);
    expect(json.status).toBe(0);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report).toMatchObject({ ok: true, counts: { errors: 0, warnings: 0 } });
    expect(cli([]).status).toBe(2);
    expect(cli([base.dir, '--pubkey', '/nonexistent.pem']).status).toBe(2);
  });
});

describe('tampering', () => {
  it('one flipped byte in the middle of segment 2: names the segment, fragment, time and bytes', async () => {
    const dir = copy('flip');
    const path = seg(dir, 1);
    const data = readFileSync(path);
    const at = Math.floor(data.length / 2);
    data[at] = data[at]! ^ 0x01;
    writeFileSync(path, data);
    const mp4 = await readFragmentedMp4(path);
    const hit = mp4.fragments.find((f) => f.byteStart <= at && at < f.byteEnd)!;
    const entry = readChain(path).find((e) => e.kind === 'fragment' && e.fragmentIndex === hit.index)!;

    const r = await verifyFolder(dir, trusted());
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({
      code: 'TAMPERED',
      label: 'TAMPERED 篡改',
      segment: 'seg-001.mp4',
      fragmentIndex: hit.index,
      start: entry.start,
      end: entry.end,
      byteStart: hit.byteStart,
      byteEnd: hit.byteEnd,
    });
    // Only that fragment (and the whole-file seal) fail; segment 1 stays good.
    const tampered = r.problems.filter((p) => p.code === 'TAMPERED');
    expect(tampered.map((p) => p.kind)).toEqual(['fragment', 'seal']);
    expect(r.segments.map((s) => s.ok)).toEqual([true, false]);

    const out = cli([dir, '--pubkey', base.keys.publicKeyPath]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(`FIRST BAD FRAGMENT 首个异常片段: seg-001.mp4, fragment ${hit.index}`);
    expect(out.stdout).toContain(`bytes ${hit.byteStart}–${hit.byteEnd}`);
    expect(out.stdout).toContain('FAILED 校验未通过');
    expect(formatReport(r)).toContain(`FIRST BAD FRAGMENT 首个异常片段: seg-001.mp4, fragment ${hit.index}`);
  });

  it("a fragment's bytes cut out of segment 2", async () => {
    const dir = copy('cut');
    const path = seg(dir, 1);
    const mp4 = await readFragmentedMp4(path);
    const f = mp4.fragments[2]!;
    const data = readFileSync(path);
    writeFileSync(path, Buffer.concat([data.subarray(0, f.byteStart), data.subarray(f.byteEnd)]));
    const r = await verifyFolder(dir, trusted());
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ code: 'TAMPERED', segment: 'seg-001.mp4', fragmentIndex: 2 });
    expect(codes(r)).toContain('TRUNCATED');
  });

  it('two segments swapped', async () => {
    const dir = copy('swap');
    renameSync(seg(dir, 0), join(dir, 'tmp'));
    renameSync(seg(dir, 1), seg(dir, 0));
    renameSync(join(dir, 'tmp'), seg(dir, 1));
    const r = await verifyFolder(dir, trusted());
    expect(r.ok).toBe(false);
    // The init parts are identical (same encoder settings): the first fragment is where it shows.
    expect(r.firstBad).toMatchObject({ code: 'TAMPERED', segment: 'seg-000.mp4', fragmentIndex: 0 });
    expect(r.segments.map((s) => s.ok)).toEqual([false, false]);

    // Renaming the chain files along with the segments: contents match, names do not.
    const dir2 = copy('swap-both');
    for (const suffix of ['', '.chain.jsonl']) {
      renameSync(seg(dir2, 0) + suffix, join(dir2, 'tmp'));
      renameSync(seg(dir2, 1) + suffix, seg(dir2, 0) + suffix);
      renameSync(join(dir2, 'tmp'), seg(dir2, 1) + suffix);
    }
    const r2 = await verifyFolder(dir2, trusted());
    expect(r2.ok).toBe(false);
    expect(codes(r2)).toEqual(['MISPLACED']);
    expect(r2.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^seg-001.mp4.chain.jsonl holds \d+ entries signed for segment "seg-000.mp4", not "seg-001.mp4"/,
      ),
      expect.stringMatching(
        /^seg-000.mp4.chain.jsonl holds \d+ entries signed for segment "seg-001.mp4", not "seg-000.mp4"/,
      ),
    ]);
  });

  it('an edited chain entry', async () => {
    const dir = copy('edit');
    const chain = readChain(seg(dir, 1));
    chain[3] = { ...chain[3]!, officerId: '33019999' };
    writeChain(seg(dir, 1), chain);
    const r = await verifyFolder(dir, trusted());
    expect(r.ok).toBe(false);
    expect(r.firstBad).toMatchObject({ code: 'BAD_SIGNATURE', segment: 'seg-001.mp4', seq: chain[3]!.seq });
    expect(r.firstBad!.message).toMatch(/line 4/);
    expect(codes(r)).toEqual(['BAD_SIGNATURE', 'BROKEN_LINK']); // and the next entry no longer links to it
  });

  it('a dropped chain line', async () => {
    const dir = copy('drop');
    const chain = readChain(seg(dir, 1));
    const dropped = chain[2]!; // fragment 1
    writeChain(
      seg(dir, 1),
      chain.filter((e) => e !== dropped),
    );
    const r = await verifyFolder(dir, trusted());
    expect(r.ok).toBe(false);
    expect(codes(r).sort()).toEqual(['MISSING_ENTRIES', 'UNCOVERED']);
    expect(r.firstBad).toMatchObject({
      segment: 'seg-001.mp4',
      fragmentIndex: dropped.fragmentIndex,
      byteStart: dropped.byteStart,
      byteEnd: dropped.byteEnd,
    });
    const missing = r.problems.filter((p) => p.code === 'MISSING_ENTRIES').map((p) => p.message);
    expect(missing).toEqual([
      expect.stringContaining(`1 entry missing (seq ${dropped.seq}) in seg-001.mp4 between fragment 0 and 2`),
      expect.stringContaining('the seal counts 5 fragments, the chain file has 4'),
    ]);
  });

  it('the wrong public key', async () => {
    const r = await verifyFolder(base.dir, {
      publicKeys: [{ key: createPublicKey(readFileSync(strangerPem)), fingerprint: 'f'.repeat(64) }],
    });
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['UNKNOWN_KEY']);
    expect(r.problems[0]!.message).toContain(base.keys.fingerprint.slice(0, 16));
    const out = cli([base.dir, '--pubkey', strangerPem]);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('UNKNOWN KEY 密钥不符');
  });

  it('a segment file missing, an extra unchained file, a truncated tail, an appended tail', async () => {
    const dir = copy('files');
    unlinkSync(seg(dir, 0));
    copyFileSync(seg(dir, 1), join(dir, 'extra.mp4'));
    const r = await verifyFolder(dir, trusted());
    expect(codes(r).sort()).toEqual(['MISSING_FILE', 'UNCHAINED']);
    expect(r.firstBad).toMatchObject({ code: 'MISSING_FILE', segment: 'seg-000.mp4' });

    const dir2 = copy('tails');
    const d1 = readFileSync(seg(dir2, 1));
    writeFileSync(seg(dir2, 1), d1.subarray(0, d1.length - 100));
    writeFileSync(seg(dir2, 0), Buffer.concat([readFileSync(seg(dir2, 0)), Buffer.from('appended')]));
    const r2 = await verifyFolder(dir2, trusted());
    expect(codes(r2).sort()).toEqual(['TRUNCATED', 'UNHASHED_TAIL']);
  });

  it('a whole segment and its chain removed from the middle of the recording', async () => {
    const dir = tempDir('gap');
    const footage = join(dir, 'footage');
    const segments = makeSegments(footage, 12, 4);
    expect(segments.length).toBe(3);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'h'), fsync: false });
    for (const [i, s] of segments.entries())
      await chainClosedSegment(w, s, { ...META, segmentStartMs: 1_764_122_400_000 + i * 4000 });
    await w.close();
    const removed = readChain(segments[1]!);
    unlinkSync(segments[1]!);
    unlinkSync(`${segments[1]!}.chain.jsonl`);
    const opts = { publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }] };
    const r = await verifyFolder(footage, opts);
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['MISSING_ENTRIES']);
    expect(r.firstBad).toMatchObject({ seq: removed[0]!.seq, segment: 'seg-002.mp4' });
    expect(r.firstBad!.message).toContain(`${removed.length} entries missing`);
    // A reviewer given only part of the footage can accept gaps between segments.
    const partial = await verifyFolder(footage, { ...opts, allowGaps: true });
    expect(partial.ok).toBe(true);
    expect(partial.problems.map((p) => p.code)).toEqual(['MISSING_ENTRIES']);
  });
});

describe('deletion by policy', () => {
  it('a discarded pre-record segment leaves a signed trace and keeps the chain whole', async () => {
    const dir = tempDir('discard');
    const footage = join(dir, 'footage');
    const segments = makeSegments(footage, 12, 4);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'h'), fsync: false });
    const meta = (i: number) => ({ ...META, segmentStartMs: 1_764_122_400_000 + i * 4000 });
    await chainClosedSegment(w, segments[0]!, meta(0));
    // The middle segment is discarded while still unsealed: it is chained and sealed first.
    const reason = 'pre-record buffer not claimed by any recording 预录缓存未被录像使用';
    const discard = await discardSegment(w, segments[1]!, reason, meta(1));
    await chainClosedSegment(w, segments[2]!, meta(2));
    await w.close();
    expect(existsSync(segments[1]!)).toBe(false);
    const chain1 = readChain(segments[1]!);
    expect(chain1.slice(-2).map((e) => e.kind)).toEqual(['seal', 'discard']);
    expect(chain1.at(-1)).toMatchObject({ reason, sha256: chain1.at(-2)!.sha256 });
    expect(discard.seq).toBe(chain1.at(-1)!.seq);

    const opts = { publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }] };
    const r = await verifyFolder(footage, opts);
    expect(r.ok).toBe(true);
    expect(r.problems.map((p) => [p.severity, p.code, p.segment])).toEqual([['info', 'DISCARDED', 'seg-001.mp4']]);
    expect(r.segments.find((x) => x.segment === 'seg-001.mp4')).toMatchObject({
      discarded: true,
      file: null,
      ok: true,
    });
    expect(formatReport(r)).toContain('DISCARDED 已删除');

    // Without the discard line, the same deletion is footage that went missing.
    writeChain(segments[1]!, chain1.slice(0, -1));
    const r2 = await verifyFolder(footage, opts);
    expect(r2.ok).toBe(false);
    expect(codes(r2).sort()).toEqual(['MISSING_ENTRIES', 'MISSING_FILE']);
  });
});

describe('throughput', () => {
  it('verifies a ~50 MB folder at disk speed', async () => {
    const dir = tempDir('bench');
    const footage = join(dir, 'footage');
    // 32 s of 720p at high quality: four 8 s segments, ~50 MB.
    const segs = makeSegments(footage, 32, 8, { size: '1280x720', fps: 30, extra: ['-qp', '10'] });
    expect(segs.length).toBe(4);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'h'), fsync: false });
    const t = performance.now();
    for (const [i, s] of segs.entries())
      await chainClosedSegment(w, s, { ...META, segmentStartMs: 1_764_122_400_000 + i * 8000 });
    const chainMs = performance.now() - t;
    await w.close();
    const opts = { publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }] };
    await verifyFolder(footage, opts); // warm the page cache
    const r = await verifyFolder(footage, opts);
    expect(r.ok).toBe(true);
    expect(r.stats.bytesHashed).toBeGreaterThan(40e6);
    const mb = r.stats.bytesHashed / 1e6;
    console.log(
      `verify: ${mb.toFixed(1)} MB, ${r.stats.entries} entries in ${r.stats.ms} ms = ${r.stats.mbPerSec} MB/s ` +
        `(warm cache); chaining the same folder: ${(mb / (chainMs / 1000)).toFixed(0)} MB/s`,
    );
  });
});
