/** Box walking and fragment split on real ffmpeg output, and crash (truncation) handling. */
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listTopLevelBoxes,
  readFragmentedMp4,
  truncateToLastCompleteFragment,
  type FragmentedMp4,
} from '../src/index.js';
import { makeFmp4, tempDir, removeTempDirs } from './helpers.js';

afterAll(removeTempDirs);

const dir = tempDir('boxes');
const file = join(dir, 'five.mp4');
let mp4: FragmentedMp4;

beforeAll(async () => {
  makeFmp4(file, 5);
  mp4 = await readFragmentedMp4(file);
});

/** A copy of the fixture cut to `size` bytes, as a crash would leave it. */
function cutCopy(name: string, size: number): string {
  const p = join(dir, name);
  copyFileSync(file, p);
  truncateSync(p, size);
  return p;
}

describe('top-level boxes', () => {
  it('walks ftyp, moov, moof/mdat pairs and the closing mfra', async () => {
    const scan = await listTopLevelBoxes(file);
    const types = scan.boxes.map((b) => b.type);
    expect(types.slice(0, 2)).toEqual(['ftyp', 'moov']);
    expect(types.at(-1)).toBe('mfra');
    expect(types.filter((t) => t === 'moof').length).toBe(types.filter((t) => t === 'mdat').length);
    expect(scan.stop).toBeNull();
    expect(scan.scannedEnd).toBe(statSync(file).size);
    for (let i = 1; i < scan.boxes.length; i++) expect(scan.boxes[i]!.start).toBe(scan.boxes[i - 1]!.end);
  });

  it('reads a 64-bit largesize box and a size-0 box running to the end', async () => {
    const big = Buffer.alloc(16 + 4);
    big.writeUInt32BE(1, 0);
    big.write('free', 4, 'latin1');
    big.writeBigUInt64BE(20n, 8);
    const toEnd = Buffer.alloc(8 + 5);
    toEnd.writeUInt32BE(0, 0);
    toEnd.write('mdat', 4, 'latin1');
    const scan = await listTopLevelBoxes(Buffer.concat([big, toEnd]));
    expect(scan.boxes.map((b) => [b.type, b.start, b.end, b.headerSize])).toEqual([
      ['free', 0, 20, 16],
      ['mdat', 20, 33, 8],
    ]);
  });

  it('stops at garbage instead of throwing', async () => {
    // The ftyp's size depends on the ffmpeg build (its compatible brands): read it from the file.
    const ftypEnd = readFileSync(file).readUInt32BE(0);
    const junk = Buffer.concat([readFileSync(file).subarray(0, ftypEnd), Buffer.from([0, 0, 0, 3, 0xff, 0, 1, 2])]);
    const scan = await listTopLevelBoxes(junk);
    expect(scan.boxes.map((b) => b.type)).toEqual(['ftyp']);
    expect(scan.stop).toEqual({ offset: ftypEnd, reason: 'invalid box header' });
  });
});

describe('fragment split', () => {
  it('has one fragment per second, contiguous from the init to the end of the file', () => {
    const size = statSync(file).size;
    expect(mp4.fileSize).toBe(size);
    expect(mp4.init.complete).toBe(true);
    expect(mp4.init.tracks.map((t) => t.handler).sort()).toEqual(['soun', 'vide']);
    expect(mp4.fragments.length).toBeGreaterThanOrEqual(5);
    expect(mp4.fragments.length).toBeLessThanOrEqual(6);
    let at = mp4.init.byteEnd;
    for (const f of mp4.fragments) {
      expect(f.complete).toBe(true);
      expect(f.byteStart).toBe(at);
      expect(f.boxes[0]!.type).toBe('moof');
      expect(f.boxes.some((b) => b.type === 'mdat')).toBe(true);
      at = f.byteEnd;
    }
    expect(at).toBe(size);
    expect(mp4.completeEnd).toBe(size);
    const sum = mp4.init.byteEnd + mp4.fragments.reduce((n, f) => n + (f.byteEnd - f.byteStart), 0);
    expect(sum).toBe(size);
    expect(mp4.fragments.map((f) => f.sequenceNumber)).toEqual(mp4.fragments.map((f) => f.index + 1));
  });

  it('gives each fragment its media time: fragment N covers about N..N+1 s', () => {
    for (const f of mp4.fragments.slice(0, 5)) {
      expect(f.start).toBeCloseTo(f.index, 0);
      expect(f.end! - f.start!).toBeGreaterThan(0.9);
      expect(f.end! - f.start!).toBeLessThan(1.2);
    }
    const last = mp4.fragments.at(-1)!;
    expect(last.end).toBeGreaterThan(4.9);
    expect(last.end).toBeLessThan(5.2);
  });
});

describe('truncated file (crash mid-write)', () => {
  it('reports a last fragment cut inside its mdat as incomplete, and cuts exactly it', async () => {
    const last = mp4.fragments.at(-1)!;
    const cutAt = last.byteStart + Math.floor((last.byteEnd - last.byteStart) / 2);
    const p = cutCopy('mid-mdat.mp4', cutAt);
    const m = await readFragmentedMp4(p);
    expect(m.fragments.length).toBe(mp4.fragments.length);
    expect(m.fragments.slice(0, -1).every((f) => f.complete)).toBe(true);
    const tail = m.fragments.at(-1)!;
    expect(tail.complete).toBe(false);
    expect(tail.incompleteReason).toMatch(/mdat box cut short/);
    expect([tail.byteStart, tail.byteEnd]).toEqual([last.byteStart, cutAt]);
    expect(tail.start).toBeCloseTo(last.start!, 3); // its moof is whole: time still known
    expect(m.completeEnd).toBe(last.byteStart);

    expect(await truncateToLastCompleteFragment(p)).toBe(cutAt - last.byteStart);
    expect(statSync(p).size).toBe(last.byteStart);
    const after = await readFragmentedMp4(p);
    expect(after.fragments.every((f) => f.complete)).toBe(true);
    expect(after.fragments.length).toBe(mp4.fragments.length - 1);
    expect(await truncateToLastCompleteFragment(p)).toBe(0);
  });

  it('handles a cut inside a moof header and a moof without its mdat', async () => {
    const f2 = mp4.fragments[2]!;
    const inHeader = await readFragmentedMp4(cutCopy('in-header.mp4', f2.byteStart + 5));
    expect(inHeader.fragments.at(-1)).toMatchObject({ index: 2, complete: false, byteStart: f2.byteStart });
    expect(inHeader.fragments.at(-1)!.incompleteReason).toBe('partial box header');

    const moofOnly = cutCopy('moof-only.mp4', f2.boxes[0]!.end);
    const m = await readFragmentedMp4(moofOnly);
    expect(m.fragments.at(-1)).toMatchObject({ index: 2, complete: false, incompleteReason: 'moof without mdat' });
    expect(await truncateToLastCompleteFragment(moofOnly)).toBe(f2.boxes[0]!.end - f2.byteStart);
    expect(statSync(moofOnly).size).toBe(f2.byteStart);
  });

  it('never cuts a complete file, and keeps whole fragments when only the mfra is cut', async () => {
    const whole = join(dir, 'whole.mp4');
    copyFileSync(file, whole);
    expect(await truncateToLastCompleteFragment(whole)).toBe(0);
    expect(readFileSync(whole).equals(readFileSync(file))).toBe(true);

    const mfra = mp4.topLevel.find((b) => b.type === 'mfra')!;
    const p = cutCopy('cut-mfra.mp4', mfra.start + 10);
    expect(await truncateToLastCompleteFragment(p)).toBe(10);
    const m = await readFragmentedMp4(p);
    expect(m.fragments.length).toBe(mp4.fragments.length);
    expect(m.fragments.every((f) => f.complete)).toBe(true);
  });

  it('reports a file cut inside its moov as an incomplete init', async () => {
    const p = cutCopy('in-moov.mp4', 600);
    const m = await readFragmentedMp4(p);
    expect(m.init).toMatchObject({ complete: false, byteEnd: 600 });
    expect(m.fragments).toEqual([]);
    expect(m.completeEnd).toBe(readFileSync(file).readUInt32BE(0)); // the ftyp is whole
    writeFileSync(join(dir, 'empty.mp4'), '');
    const empty = await readFragmentedMp4(join(dir, 'empty.mp4'));
    expect(empty).toMatchObject({ fileSize: 0, completeEnd: 0, fragments: [] });
  });
});
