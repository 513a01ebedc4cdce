/** Keeping only the fragments a recording claims: cut entries, a re-seal, playable kept files, and an intact chain. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import {
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  discardSegment,
  finishPendingTrim,
  trimSegment,
  verifyFolder,
  type ChainEntry,
} from '../src/index.js';
import { META, makeSegments, readChain, removeTempDirs, tempDir, writeChain } from './helpers.js';

afterAll(removeTempDirs);

const T0 = 1_764_122_400_000;

async function setup(name: string) {
  const dir = tempDir(name);
  const footage = join(dir, 'footage');
  const segments = makeSegments(footage, 12, 6);
  const keys = await createDeviceKeys(join(dir, 'k'));
  const writer = await createChainWriter({
    deviceId: 'rec-001',
    keyPair: keys,
    headFile: join(dir, 'h'),
    fsync: false,
  });
  for (const [i, s] of segments.entries())
    await chainClosedSegment(writer, s, { ...META, segmentStartMs: T0 + i * 6000 });
  const opts = { publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }] };
  return { dir, footage, segments, keys, writer, opts };
}

const decodes = (file: string) =>
  spawnSync(resolveFfmpeg(), ['-v', 'error', '-i', file, '-f', 'null', '-'], { encoding: 'utf8' });

describe('trimming a segment to what a recording claims', () => {
  it('cuts leading and trailing fragments with signed entries; the kept file plays and verifies', async () => {
    const { footage, segments, writer, opts } = await setup('trim');
    const seg = segments[0]!;
    const before = readChain(seg);
    const frags = before.filter((e) => e.kind === 'fragment');
    expect(frags.length).toBeGreaterThanOrEqual(5);
    // Claim the middle: from inside fragment 2 to inside fragment 3. (A fragment's span runs
    // from its earliest track start to its latest track end, so neighbours overlap by a few ms.)
    const mid = (e: ChainEntry) => (Date.parse(e.start) + Date.parse(e.end)) / 2;
    const from = mid(frags[2]!);
    const to = mid(frags[3]!);
    const r = await trimSegment(writer, seg, (s) => s.start < to && s.end > from, 'outside the recording 录像范围外');
    expect(r.kind).toBe('cut');
    if (r.kind !== 'cut') return;
    expect(r.start).toBe(frags[2]!.start);
    expect(r.end).toBe(frags[3]!.end);
    expect(statSync(seg).size).toBe(r.size);
    const after = readChain(seg);
    const added = after.slice(before.length);
    expect(added.map((e) => [e.kind, e.fragmentIndex])).toEqual([
      ['discard', 0],
      ['discard', 4],
      ['seal', 2],
    ]);
    expect(added[0]).toMatchObject({
      byteStart: frags[0]!.byteStart,
      byteEnd: frags[1]!.byteEnd,
      reason: 'outside the recording 录像范围外',
    });
    expect(decodes(seg).status).toBe(0);
    const report = await verifyFolder(footage, opts);
    expect(report.problems.filter((p) => p.severity !== 'info')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.problems.filter((p) => p.code === 'DISCARDED').length).toBe(2);
    expect(report.segments.find((s) => s.segment === 'seg-000.mp4')).toMatchObject({
      fragments: 2,
      start: r.start,
      end: r.end,
    });

    // Trimming again with a narrower claim cuts once more and still verifies.
    const r2 = await trimSegment(writer, seg, (s) => s.start < from && s.end > from, 'narrower');
    expect(r2.kind).toBe('cut');
    expect((await verifyFolder(footage, opts)).ok).toBe(true);
    expect(decodes(seg).status).toBe(0);
  });

  it('claims everything: nothing changes; claims nothing: the caller discards the whole segment', async () => {
    const { footage, segments, writer, opts } = await setup('trim-all');
    const size = statSync(segments[1]!).size;
    expect((await trimSegment(writer, segments[1]!, () => true, 'x')).kind).toBe('kept-all');
    expect(statSync(segments[1]!).size).toBe(size);
    expect((await trimSegment(writer, segments[0]!, () => false, 'x')).kind).toBe('none-claimed');
    await discardSegment(writer, segments[0]!, 'not claimed', META);
    expect((await verifyFolder(footage, opts)).ok).toBe(true);
  });

  it('a tampered cut is caught: a removed kept fragment, an edited cut entry, bytes appended', async () => {
    const { footage, segments, writer, opts } = await setup('trim-tamper');
    const seg = segments[0]!;
    const frags = readChain(seg).filter((e) => e.kind === 'fragment');
    const cutAfter = Date.parse(frags[1]!.end);
    await trimSegment(writer, seg, (s) => s.end <= cutAfter, 'after the stop');
    const good = readFileSync(seg);
    const chain = readChain(seg);

    writeFileSync(seg, Buffer.concat([good, Buffer.from('extra')]));
    expect((await verifyFolder(footage, opts)).ok).toBe(false);
    writeFileSync(seg, good);

    const edited: ChainEntry[] = chain.map((e) => (e.kind === 'discard' ? { ...e, byteStart: e.byteStart + 1 } : e));
    writeChain(seg, edited);
    const r = await verifyFolder(footage, opts);
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.code === 'BAD_SIGNATURE')).toBe(true);
    writeChain(seg, chain);
    expect((await verifyFolder(footage, opts)).ok).toBe(true);
  });

  it('a power cut between the chain update and the rename is completed at the next start; before it, undone', async () => {
    const { footage, segments, writer, opts } = await setup('trim-crash');
    const seg = segments[0]!;
    const original = readFileSync(seg);
    const frags = readChain(seg).filter((e) => e.kind === 'fragment');
    await trimSegment(writer, seg, (s) => s.start >= Date.parse(frags[1]!.start), 'before the press');
    const kept = readFileSync(seg);
    // Simulate the cut: the chain says trimmed, the old file is still in place, the kept one beside it.
    writeFileSync(`${seg}.trim`, kept);
    writeFileSync(seg, original);
    expect((await verifyFolder(footage, opts)).ok).toBe(false);
    expect(await finishPendingTrim(seg)).toBe('completed');
    expect(readFileSync(seg).equals(kept)).toBe(true);
    expect((await verifyFolder(footage, opts)).ok).toBe(true);
    // A leftover .trim from before the chain update is removed and the file stays as it is.
    copyFileSync(segments[1]!, `${segments[1]!}.trim`);
    expect(await finishPendingTrim(segments[1]!)).toBe('undone');
    expect(existsSync(`${segments[1]!}.trim`)).toBe(false);
  });

  it('refuses to start a second segment while one is still open in the chain', async () => {
    const dir = tempDir('one-open');
    const segments = makeSegments(join(dir, 'footage'), 8, 4);
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'h'), fsync: false });
    const init = { byteStart: 0, byteEnd: 10, complete: true };
    const bytes = (s: string) => readFileSync(s).subarray(0, 10);
    await w.onInit(segments[0]!, init, bytes(segments[0]!), META);
    await expect(w.onInit(segments[1]!, init, bytes(segments[1]!), META)).rejects.toThrow(/still open/);
    // A second writer for the same chain in another process is refused by the lock (here: same process takes over).
    await w.close();
  });

  it('a segment torn before its init part was whole is kept, chained as a partial, and verifies', async () => {
    const dir = tempDir('torn-init');
    const footage = join(dir, 'footage');
    const [full] = makeSegments(join(dir, 'src'), 4, 4);
    const torn = join(footage, 'seg-000.mp4');
    mkdirSync(footage, { recursive: true });
    writeFileSync(torn, readFileSync(full!).subarray(0, 500));
    const keys = await createDeviceKeys(join(dir, 'k'));
    const w = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile: join(dir, 'h'), fsync: false });
    await chainClosedSegment(w, torn, META, { incomplete: 'keep' });
    await w.close();
    expect(readChain(torn).map((e) => [e.kind, e.fragmentIndex])).toEqual([
      ['partial', -1],
      ['seal', 0],
    ]);
    const r = await verifyFolder(footage, { publicKeys: [{ key: keys.publicKey, fingerprint: keys.fingerprint }] });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
