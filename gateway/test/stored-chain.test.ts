/**
 * No path replaces stored evidence (issue 12, finding 9): re-posting `complete` for a stored
 * segment with the same SHA-256 and another chain never rewrites its `.chain.jsonl`; the same
 * chain again is fine; a chain lost by a crash is checked against the stored file before it is
 * kept. Real chained segments, real HTTP, real files.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs } from '../../evidence/test/helpers.js';
import { complete, recorderSegments, registerKey, sendBytes, type FixtureSegment } from './chain-fixtures.js';
import { registerDevice, startTestGateway, type TestGateway } from './helpers.js';

const DEVICE = 'sc-001';
let gw: TestGateway;
let segs: FixtureSegment[];
const chainFile = (name: string) => join(gw.dataDir, 'footage', DEVICE, 'device', `${name}.chain.jsonl`);

beforeAll(async () => {
  gw = await startTestGateway();
  await registerDevice(gw, DEVICE);
  const made = await recorderSegments(DEVICE, 2, { startMs: Date.parse('2026-11-26T09:00:00Z') });
  segs = made.segments;
  await registerKey(gw, DEVICE, made.keys);
});
afterAll(async () => {
  await gw?.cleanup();
  removeTempDirs();
});

describe('a stored chain file is never replaced', () => {
  it('a repeated complete with the same SHA-256 and another chain is refused; the stored chain stands', async () => {
    const s = segs[0]!;
    expect(await sendBytes(gw, DEVICE, s.name, s.bytes!)).toBe(200);
    expect((await complete(gw, DEVICE, { ...s, bytes: s.bytes! })).status).toBe(200);
    const stored = readFileSync(chainFile(s.name), 'utf8');
    expect(stored).toBe(s.chain);
    // The same chain again: acknowledged, nothing changes.
    expect((await complete(gw, DEVICE, { ...s, bytes: s.bytes! })).status).toBe(200);
    // Another chain (here: the other segment's, with its lines renamed) is refused.
    const forged = segs[1]!.chain.split(segs[1]!.name).join(s.name);
    const again = await complete(gw, DEVICE, { ...s, bytes: s.bytes!, chain: forged });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'chain-conflict' });
    expect(readFileSync(chainFile(s.name), 'utf8')).toBe(stored);
  });

  it('a chain missing after a crash is checked against the stored file before it is kept', async () => {
    const s = segs[1]!;
    expect(await sendBytes(gw, DEVICE, s.name, s.bytes!)).toBe(200);
    expect((await complete(gw, DEVICE, { ...s, bytes: s.bytes! })).status).toBe(200);
    rmSync(chainFile(s.name));
    const wrong = segs[0]!.chain.split(segs[0]!.name).join(s.name);
    const refused = await complete(gw, DEVICE, { ...s, bytes: s.bytes!, chain: wrong });
    expect(refused.status).toBe(422);
    expect((await complete(gw, DEVICE, { ...s, bytes: s.bytes! })).status).toBe(200);
    expect(readFileSync(chainFile(s.name), 'utf8')).toBe(s.chain);
  });
});
