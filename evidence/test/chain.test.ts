/** The chain writer: entry format, links across segments and restarts, live following, crash recovery. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { appendFileSync, copyFileSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ZERO_HASH,
  canonicalJson,
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  entryHash,
  loadChainHead,
  readFragmentedMp4,
  recoverSegments,
  saveChainHead,
  signEntry,
  trackSegment,
  verifyEntrySignature,
  verifyFolder,
  type UnsignedEntry,
} from '../src/index.js';
import {
  META,
  chainedFolder,
  makeFmp4,
  makeSegments,
  readChain,
  recordLive,
  tempDir,
  removeTempDirs,
} from './helpers.js';

afterAll(removeTempDirs);

describe('canonical JSON and entry signatures', () => {
  it('sorts keys at every level and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: '执法' }], c: 'x"y' })).toBe(
      '{"a":[{"y":"执法","z":null}],"b":1,"c":"x\\"y"}',
    );
    expect(() => canonicalJson({ x: 1.5 })).toThrow(/safe integers/);
  });

  it('hashes the entry without sig and signs that hash with Ed25519', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const unsigned: UnsignedEntry = {
      v: 1,
      kind: 'fragment',
      deviceId: 'rec-001',
      officerId: null,
      keyId: 'a'.repeat(64),
      seq: 0,
      segment: 's.mp4',
      fragmentIndex: 0,
      byteStart: 10,
      byteEnd: 20,
      start: '2025-11-26T02:00:00.000Z',
      end: '2025-11-26T02:00:01.000Z',
      clockOffsetMs: -3,
      sha256: 'b'.repeat(64),
      prev: ZERO_HASH,
    };
    const e = signEntry(unsigned, privateKey);
    expect(entryHash(e)).toBe(entryHash(unsigned));
    expect(entryHash(e)).toBe(createHash('sha256').update(canonicalJson(unsigned)).digest('hex'));
    expect(verifyEntrySignature(e, publicKey)).toBe(true);
    expect(verifyEntrySignature({ ...e, byteEnd: 21 }, publicKey)).toBe(false);
    expect(verifyEntrySignature({ ...e, extra: 1 }, publicKey)).toBe(false);
  });
});

describe('chain over consecutive segments', () => {
  it('chains init, fragments and seal of two segments as one linked, signed sequence', async () => {
    const dir = tempDir('chain');
    const f = await chainedFolder(dir, 8, 4);
    expect(f.segments.length).toBe(2);
    const entries = f.segments.flatMap(readChain);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i));
    expect(entries[0]!.prev).toBe(ZERO_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prev).toBe(entryHash(entries[i - 1]!));
    for (const e of entries) {
      expect(verifyEntrySignature(e, f.keys.publicKey)).toBe(true);
      expect(e).toMatchObject({ v: 1, deviceId: 'rec-001', officerId: '33010099', clockOffsetMs: 120 });
      expect(e.keyId).toBe(f.keys.fingerprint);
    }

    for (const [si, seg] of f.segments.entries()) {
      const chain = readChain(seg);
      const mp4 = await readFragmentedMp4(seg);
      const data = readFileSync(seg);
      expect(chain.map((e) => e.kind)).toEqual(['init', ...mp4.fragments.map(() => 'fragment'), 'seal']);
      expect(chain.every((e) => e.segment === `seg-00${si}.mp4`)).toBe(true);
      const [init, ...rest] = chain;
      const seal = rest.pop()!;
      expect(init).toMatchObject({ fragmentIndex: -1, byteStart: 0, byteEnd: mp4.init.byteEnd });
      const t0 = Date.parse('2025-11-26T02:00:00.000Z') + si * 4000;
      rest.forEach((e, i) => {
        const fr = mp4.fragments[i]!;
        expect(e).toMatchObject({ fragmentIndex: i, byteStart: fr.byteStart, byteEnd: fr.byteEnd });
        expect(e.sha256).toBe(createHash('sha256').update(data.subarray(fr.byteStart, fr.byteEnd)).digest('hex'));
        expect(Date.parse(e.start)).toBe(Math.round(t0 + fr.start! * 1000));
        expect(Date.parse(e.end)).toBe(Math.round(t0 + fr.end! * 1000));
      });
      expect(seal).toMatchObject({ fragmentIndex: mp4.fragments.length, byteStart: 0, byteEnd: data.length });
      expect(seal.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    }
    const report = await verifyFolder(f.dir);
    expect(report.ok).toBe(true);
    expect(report.devices[0]).toMatchObject({ deviceId: 'rec-001', firstSeq: 0, lastSeq: entries.length - 1 });
  });

  it('refuses bytes that do not continue the segment, and chaining after a seal', async () => {
    const dir = tempDir('chain');
    const seg = makeFmp4(join(dir, 'a.mp4'), 2);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'head.json') });
    const mp4 = await readFragmentedMp4(seg);
    const data = readFileSync(seg);
    const f1 = mp4.fragments[1]!;
    await expect(w.onFragment(seg, f1, data.subarray(f1.byteStart, f1.byteEnd), META)).rejects.toThrow(
      /expected bytes from 0/,
    );
    await w.onInit(seg, mp4.init, data.subarray(0, mp4.init.byteEnd), META);
    await expect(w.onFragment(seg, f1, data.subarray(f1.byteStart, f1.byteEnd), META)).rejects.toThrow(
      /expected bytes from/,
    );
    await expect(w.sealSegment(seg)).rejects.toThrow(/not chained yet/);
    await chainClosedSegment(w, seg, META);
    const f0 = mp4.fragments[0]!;
    await expect(w.onFragment(seg, f0, data.subarray(f0.byteStart, f0.byteEnd), META)).rejects.toThrow(
      /already sealed/,
    );
    expect((await w.sealSegment(seg)).kind).toBe('seal'); // idempotent
    await w.close();
  });
});

/** Meta for the n-th 4 s segment of a recording that started at 2025-11-26 10:00 (+08:00). */
const metaAt = (n: number) => ({ ...META, segmentStartMs: Date.parse('2025-11-26T02:00:00.000Z') + n * 4000 });

describe('chain head across restarts', () => {
  it('continues seq and prev after the writer is recreated', async () => {
    const dir = tempDir('head');
    const [s0, s1] = makeSegments(join(dir, 'footage'), 8, 4);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const headFile = join(dir, 'head.json');
    const w1 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    const seal0 = (await chainClosedSegment(w1, s0!, metaAt(0))).seal;
    await w1.close();
    const head = await loadChainHead(headFile);
    expect(head).toMatchObject({ deviceId: 'rec-001', seq: seal0.seq, hash: entryHash(seal0) });
    expect(statSync(headFile).size).toBeGreaterThan(0);

    // "Restart": a new process loads the head from disk.
    const w2 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    expect(w2.head()?.seq).toBe(seal0.seq);
    await chainClosedSegment(w2, s1!, metaAt(1));
    await w2.close();
    const first1 = readChain(s1!)[0]!;
    expect(first1.seq).toBe(seal0.seq + 1);
    expect(first1.prev).toBe(entryHash(seal0));
    expect(
      (
        await verifyFolder(join(dir, 'footage'), {
          publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }],
        })
      ).ok,
    ).toBe(true);

    await expect(createChainWriter({ deviceId: 'rec-002', keyPair: keys, headFile })).rejects.toThrow(
      /belongs to device rec-001/,
    );
  });

  it('catches up when a crash hit between the chain line and the head update', async () => {
    const dir = tempDir('head');
    const [s0, s1] = makeSegments(join(dir, 'footage'), 8, 4);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const headFile = join(dir, 'head.json');
    const w1 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    await chainClosedSegment(w1, s0!, metaAt(0));
    const stale = (await loadChainHead(headFile))!;
    const mp4 = await readFragmentedMp4(s1!);
    await w1.onInit(s1!, mp4.init, readFileSync(s1!).subarray(0, mp4.init.byteEnd), metaAt(1));
    await w1.close();
    // The init line of segment 1 reached the disk, the head update did not.
    await saveChainHead(headFile, { ...stale, chainFile: `${s1!}.chain.jsonl` });

    const w2 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    expect(w2.head()?.seq).toBe(stale.seq + 1);
    await chainClosedSegment(w2, s1!, metaAt(1));
    await w2.close();
    const report = await verifyFolder(join(dir, 'footage'), {
      publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }],
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('catches up even when the crash hit right after the very first entry', async () => {
    const dir = tempDir('head');
    const seg = makeFmp4(join(dir, 'first.mp4'), 2);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const headFile = join(dir, 'head.json');
    const w1 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    expect(w1.head()).toBeNull();
    const mp4 = await readFragmentedMp4(seg);
    const first = await w1.onInit(seg, mp4.init, readFileSync(seg).subarray(0, mp4.init.byteEnd), metaAt(0));
    await w1.close();
    expect(first).toMatchObject({ seq: 0, prev: ZERO_HASH });
    const head = (await loadChainHead(headFile))!;
    await saveChainHead(headFile, { ...head, seq: -1, hash: ZERO_HASH }); // the head update was lost

    const w2 = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    expect(w2.head()).toMatchObject({ seq: 0, hash: entryHash(first) });
    const { seal } = await chainClosedSegment(w2, seg, metaAt(0));
    await w2.close();
    expect(readChain(seg).map((e) => e.seq)).toEqual([...Array(seal.seq + 1).keys()]);
  });
});

describe('following a segment while ffmpeg writes it', () => {
  it('chains fragments as they land, then seals on close', async () => {
    const dir = tempDir('live');
    const seg = join(dir, 'live.mp4');
    const keys = await createDeviceKeys(join(dir, 'k'));
    const writer = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'head.json') });
    const tracker = trackSegment(writer, seg, {
      meta: () => ({ ...META, segmentStartMs: 1_764_122_400_000 }),
      pollMs: 50,
    });
    const done = recordLive(seg, 4);
    // While ffmpeg is still recording, fragments are already chained.
    let during = 0;
    const probe = setInterval(() => {
      try {
        during = Math.max(during, readChain(seg).filter((e) => e.kind === 'fragment').length);
      } catch {
        /* no chain file yet */
      }
    }, 100);
    await done;
    clearInterval(probe);
    const result = await tracker.finish();
    await writer.close();
    expect(during).toBeGreaterThanOrEqual(2);

    const mp4 = await readFragmentedMp4(seg);
    const chain = readChain(seg);
    expect(result).toMatchObject({ fileSize: mp4.fileSize, fragments: mp4.fragments.length, hadIncomplete: false });
    expect(chain.map((e) => [e.kind, e.byteStart, e.byteEnd])).toEqual([
      ['init', 0, mp4.init.byteEnd],
      ...mp4.fragments.map((f) => ['fragment', f.byteStart, f.byteEnd]),
      ['seal', 0, mp4.fileSize],
    ]);
    copyFileSync(keys.publicKeyPath, join(dir, 'device.pub.pem'));
    const report = await verifyFolder(dir);
    expect(report.counts.errors).toBe(0);
    expect(report.ok).toBe(true);
  });
});

describe('crash recovery', () => {
  async function crashedSegment(prefix: string) {
    const dir = tempDir(prefix);
    const seg = makeFmp4(join(dir, 'seg.mp4'), 5);
    const mp4 = await readFragmentedMp4(seg);
    const last = mp4.fragments.at(-1)!;
    const cutAt = last.byteStart + 1000; // power cut in the middle of the last fragment
    truncateSync(seg, cutAt);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const headFile = join(dir, 'head.json');
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile });
    const data = readFileSync(seg);
    await w.onInit(seg, mp4.init, data.subarray(0, mp4.init.byteEnd), META);
    for (const f of mp4.fragments.slice(0, 2)) await w.onFragment(seg, f, data.subarray(f.byteStart, f.byteEnd), META);
    await w.close(); // the agent dies here
    // and the last chain line was torn mid-write
    appendFileSync(`${seg}.chain.jsonl`, '{"v":1,"kind":"frag');
    copyFileSync(keys.publicKeyPath, join(dir, 'device.pub.pem'));
    return { dir, seg, keys, headFile, mp4, last, cutAt };
  }

  it('keeps the cut-off fragment as a partial entry, so nothing is deleted', async () => {
    const c = await crashedSegment('recover-keep');
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: c.keys, headFile: c.headFile });
    const recovered = await recoverSegments(w, c.dir, META);
    await w.close();
    expect(recovered.map((r) => r.path)).toEqual([c.seg]);
    expect(recovered[0]!.result).toMatchObject({ hadIncomplete: true, truncatedBytes: 0, fileSize: c.cutAt });
    const chain = readChain(c.seg);
    expect(chain.at(-2)).toMatchObject({ kind: 'partial', byteStart: c.last.byteStart, byteEnd: c.cutAt });
    expect(chain.at(-1)).toMatchObject({ kind: 'seal', byteEnd: c.cutAt });
    expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i));
    const report = await verifyFolder(c.dir);
    expect(report.ok).toBe(true);
    expect(report.problems.map((p) => p.code)).toContain('PARTIAL');
    // Running recovery again finds nothing to do.
    const w2 = await createChainWriter({ deviceId: 'rec-001', keyPair: c.keys, headFile: c.headFile });
    expect(await recoverSegments(w2, c.dir, META)).toEqual([]);
    await w2.close();
  });

  it('or truncates it first when asked', async () => {
    const c = await crashedSegment('recover-cut');
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: c.keys, headFile: c.headFile });
    const [r] = await recoverSegments(w, c.dir, META, { incomplete: 'truncate' });
    await w.close();
    expect(r!.result).toMatchObject({ truncatedBytes: 1000, fileSize: c.last.byteStart, hadIncomplete: false });
    expect(statSync(c.seg).size).toBe(c.last.byteStart);
    expect(readChain(c.seg).map((e) => e.kind)).toEqual([
      'init',
      ...c.mp4.fragments.slice(0, -1).map(() => 'fragment'),
      'seal',
    ]);
    const report = await verifyFolder(c.dir);
    expect(report.problems.filter((p) => p.severity !== 'warning' || p.code !== 'KEY_FROM_FOLDER')).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('measures the cost of fsync per entry', async () => {
    const dir = tempDir('fsync');
    const seg = makeFmp4(join(dir, 'a.mp4'), 30);
    for (const n of ['b', 'c']) copyFileSync(seg, join(dir, `${n}.mp4`));
    const keys = await createDeviceKeys(join(dir, 'k'));
    const time = async (fsync: boolean, path: string) => {
      const headFile = join(dir, `h-${fsync}`);
      const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile, fsync });
      const t = performance.now();
      const { seal } = await chainClosedSegment(w, path, META);
      await w.close();
      return { ms: (performance.now() - t) / (seal.fragmentIndex + 2), entries: seal.fragmentIndex + 2 };
    };
    await time(false, join(dir, 'c.mp4')); // warm-up
    const off = await time(false, join(dir, 'b.mp4'));
    const on = await time(true, seg);
    console.log(
      `chain writer: ${on.ms.toFixed(2)} ms/entry with fsync (line + head), ${off.ms.toFixed(2)} ms/entry without ` +
        `(${on.entries} entries of a 30 s segment)`,
    );
    expect(on.entries).toBeGreaterThanOrEqual(32);
    expect(on.ms).toBeLessThan(1000); // one entry per second of video must keep up
  });
});
