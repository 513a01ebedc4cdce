/**
 * The stand-alone verifier (verify-draw.mjs, written from the algorithm's description) run as the
 * public would run it, against draws made by the TypeScript module: it must accept every honest
 * draw and reject tampered ones, and agree with verifyDraw on each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '@liuhen/evidence';
import { type DrawInputs, type DrawPublication, commitDraw, runDraw, sha256Hex, verifyDraw } from './random-draw.js';

const VERIFIER = fileURLToPath(new URL('./verify-draw.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'verify-draw-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
/** Runs the verifier on a publication as a child process, as a citizen would. */
function verifyOutside(publication: unknown): { status: number | null; out: string } {
  const file = join(dir, `draw-${files++}.json`);
  writeFileSync(file, JSON.stringify(publication, null, 2));
  const r = spawnSync(process.execPath, [VERIFIER, file], { encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, out: (r.stdout + r.stderr).trim() };
}

/** A workplace-safety draw in 2 towns: 30 firms, 9 inspectors from 3 units, declared conflicts. */
function safetyDraw(partyCount: number, beaconSource?: string): DrawInputs {
  const towns = ['河口镇', '石桥镇'];
  return {
    drawId: `AQ-2025-${partyCount}`,
    drawAt: '2025-06-10T15:00:00+08:00',
    item: { id: 'AQ-07', name: '安全生产监督检查', subItem: '有限空间作业' },
    parties: Array.from({ length: 30 }, (_, i) => ({
      id: `F${(i * 7919) % 1000}`,
      region: towns[i % 2]!,
      supervisingUnit: `执法${(i % 3) + 1}中队`,
    })),
    inspectors: Array.from({ length: 9 }, (_, i) => ({
      id: `张${i}`,
      region: towns[(i + 1) % 2]!,
      unit: `执法${(i % 3) + 1}中队`,
    })),
    conflicts: [
      // Inspectors of other units than the party's supervising one, so the conflicts take someone away.
      { inspectorId: '张1', partyId: 'F0' },
      { inspectorId: '张2', partyId: 'F0' },
      { inspectorId: '张5', partyId: 'F919' },
    ],
    rules: { excludeSupervisingUnit: true },
    partyCount,
    inspectorsPerParty: 3,
    ...(beaconSource ? { beaconSource } : {}),
  };
}

function publish(inputs: DrawInputs, seed: string, beacon?: string): DrawPublication {
  const { publicRecord } = commitDraw(inputs, seed);
  return { record: publicRecord, seed, result: runDraw(inputs, seed, beacon) };
}

const seeds = ['00', '5a', 'c3', 'ff', '17'].map((b) => b.repeat(32));

describe('verify-draw.mjs', () => {
  it('uses nothing but node:crypto and node:fs', () => {
    const imports = [...readFileSync(VERIFIER, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports.sort()).toEqual(['node:crypto', 'node:fs']);
  });

  it('reproduces draws of every size the TypeScript module makes, with conflicts, rules and a beacon', () => {
    seeds.forEach((seed, n) => {
      const beaconed = n % 2 === 1;
      const publication = publish(
        safetyDraw(1 + n * 7, beaconed ? '上证综指 2025-06-11 收盘点位' : undefined),
        seed,
        beaconed ? `33${n}8.17` : undefined,
      );
      const { status, out } = verifyOutside(publication);
      expect(out).toMatch(
        new RegExp(`^OK draw AQ-2025-${1 + n * 7}: commitment ${publication.record.commitment} opened`),
      );
      expect(status).toBe(0);
    });
  }, 60_000);

  describe('rejects a tampered publication, as verifyDraw does', () => {
    const honest = publish(safetyDraw(10, '现场监督员掷骰结果'), seeds[1]!, '4-2-6');
    const tamper = (change: (p: DrawPublication) => void) => {
      const p = structuredClone(honest);
      change(p);
      return p;
    };
    const cases: [string, DrawPublication, RegExp][] = [
      [
        'an inspector replaced',
        tamper((p) => {
          const a = p.result.assignments[0]!;
          a.inspectorIds[0] = honest.record.inspectors.map((i) => i.id).find((id) => !a.inspectorIds.includes(id))!;
        }),
        /inspectors for \S+ should be/,
      ],
      ['two parties swapped', tamper((p) => p.result.assignments.reverse()), /party #1 should be/],
      ['another seed', tamper((p) => (p.seed = seeds[2]!)), /seed does not open the commitment/],
      ['another beacon', tamper((p) => (p.result.beacon = '4-2-5')), /should be/],
      ['a party renamed', tamper((p) => (p.record.parties[3]!.name = '别家')), /parties do not match their digest/],
      [
        'a conflict dropped, digest recomputed',
        tamper((p) => {
          p.record.conflicts.pop();
          p.record.digests.conflicts = sha256Hex(canonicalJson(p.record.conflicts));
        }),
        /seed does not open the commitment/,
      ],
      ['a party fewer drawn', tamper((p) => (p.record.partyCount = 9)), /seed does not open the commitment/],
    ];

    it.each(cases)(
      '%s',
      (_, publication, why) => {
        const { status, out } = verifyOutside(publication);
        expect(out).toMatch(/^FAILED: /);
        expect(out).toMatch(why);
        expect(status).toBe(1);
        expect(verifyDraw(publication.record, publication.seed, publication.result).ok).toBe(false);
      },
      30_000,
    );

    it('while the untouched publication passes both', () => {
      expect(verifyOutside(honest).status).toBe(0);
      expect(verifyDraw(honest.record, honest.seed, honest.result).ok).toBe(true);
    }, 30_000);
  });

  it('says when it cannot read the file', () => {
    const r = spawnSync(process.execPath, [VERIFIER, join(dir, 'missing.json')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read/);
  }, 30_000);
});
