/** The station checks each offloaded segment's evidence chain with the device's registered key. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAIN_SUFFIX } from '@liuhen/evidence';
import { checkSegmentChain } from '../src/footage/chain-check.js';
import { chainedFolder, removeTempDirs, tempDir } from '../../evidence/test/helpers.js';

afterAll(() => removeTempDirs());

describe('station check of a segment chain', () => {
  it('accepts an intact segment, refuses a flipped byte or a foreign key, naming the fragment', async () => {
    const work = tempDir('liuhen-cc-');
    const folder = await chainedFolder(work, 6, 3);
    const seg = folder.segments[1]!;
    const name = basename(seg);
    const chain = readFileSync(`${seg}${CHAIN_SUFFIX}`, 'utf8');
    const pem = readFileSync(folder.keys.publicKeyPath, 'utf8');

    expect(await checkSegmentChain(seg, name, chain, pem, work)).toBeNull();

    const other = await chainedFolder(tempDir('liuhen-cc2-'), 3, 3);
    expect(await checkSegmentChain(seg, name, chain, readFileSync(other.keys.publicKeyPath, 'utf8'), work)).toMatch(
      /./,
    );

    const bytes = readFileSync(seg);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    const tampered = join(work, name);
    writeFileSync(tampered, bytes);
    const reason = await checkSegmentChain(tampered, name, chain, pem, work);
    expect(reason).toMatch(/fragment \d+/);
  });
});
