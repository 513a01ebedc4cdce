/**
 * The worked example of docs/evidence.md (made by scripts/evidence-example.mjs): every number the
 * page prints is re-computed here from the page's own values, so the page cannot drift from the
 * format or contradict itself.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  entryHash,
  entryShapeError,
  publicKeyFingerprint,
  serializeEntry,
  verifyEntrySignature,
  type ChainEntry,
} from '../src/index.js';

const doc = readFileSync(fileURLToPath(new URL('../../docs/evidence.md', import.meta.url)), 'utf8');
const section = doc.slice(doc.indexOf('## Worked example'), doc.indexOf('## Without liuhen'));
const pem = /-----BEGIN PUBLIC KEY-----\n[\s\S]+?\n-----END PUBLIC KEY-----/.exec(section)![0];
const key = createPublicKey(pem);
const lines = section.match(/^\{"byteEnd".*\}$/gm) ?? [];
const signed = lines.map((l) => JSON.parse(l) as ChainEntry).filter((e) => e.sig !== undefined);
const bySeq = (seq: number) => signed.find((e) => e.seq === seq)!;

/** Rows of the markdown table whose header row contains `marker`, as trimmed cells. */
function table(marker: string): { header: string[]; rows: string[][] } {
  const all = section.split('\n');
  const at = all.findIndex((l) => l.startsWith('|') && l.includes(marker));
  const cells = (l: string) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim());
  const rows: string[][] = [];
  for (let i = at + 2; i < all.length && all[i]!.startsWith('|'); i++) rows.push(cells(all[i]!));
  return { header: cells(all[at]!), rows };
}

describe('docs/evidence.md worked example', () => {
  it('keyId is the SHA-256 of the public key’s DER SPKI', () => {
    const keyId = /^keyId ([0-9a-f]{64})$/m.exec(section)![1];
    expect(publicKeyFingerprint(key)).toBe(keyId);
    const der = key.export({ type: 'spki', format: 'der' });
    expect(der.subarray(0, 12).toString('hex')).toBe('302a300506032b6570032100');
    expect(createHash('sha256').update(der).digest('hex')).toBe(keyId);
  });

  it('the printed lines are well-formed, canonical, signed entries; hashes and links are as printed', () => {
    expect(signed.map((e) => e.seq)).toEqual([2, 6]);
    const hashes = [...section.matchAll(/^entry hash\s+([0-9a-f]{64})\s+\(= prev of seq (\d+)\)/gm)];
    expect(hashes).toHaveLength(2);
    signed.forEach((e, i) => {
      expect(entryShapeError(e)).toBeNull();
      expect(e.keyId).toBe(publicKeyFingerprint(key));
      expect(serializeEntry(e)).toBe(lines.find((l) => l.includes(`"seq":${e.seq},`) && l.includes('"sig"')) + '\n');
      expect(verifyEntrySignature(e, key)).toBe(true);
      expect(entryHash(e)).toBe(hashes[i]![1]);
      expect(Number(hashes[i]![2])).toBe(e.seq + 1);
    });
    // The hashed form of seq 2, printed on its own, and the same entry pretty-printed further up.
    const { sig, ...unsigned } = bySeq(2);
    expect(lines).toContain(canonicalJson(unsigned));
    expect(createHash('sha256').update(canonicalJson(unsigned), 'utf8').digest('hex')).toBe(hashes[0]![1]);
    expect(section).toMatch(new RegExp(`^sig\\s+${sig.replace(/[+/]/g, '\\$&')}$`, 'm'));
    const pretty = /```json\n([\s\S]+?)\n```/.exec(doc)![1]!;
    expect(JSON.parse(pretty)).toEqual(bySeq(2));
    // Non-ASCII is hashed as UTF-8, as Python's json.dumps(..., ensure_ascii=False) writes it.
    expect(canonicalJson(bySeq(6))).toContain('press − pre-record');
    expect(canonicalJson(bySeq(6))).toContain('录像时段外');
  });

  it('fragment times follow the two-track rule from the printed tfdt and trun values', () => {
    const S = Date.parse(/With `S` = (\S+Z)/.exec(section)![1]!);
    const { header, rows } = table('tfdt + Σ durations');
    const scales = header.map((h) => Number(/÷ (\d+)/.exec(h)?.[1] ?? 0));
    const spans = rows.map((r) => {
      const tracks = r.flatMap((c, i) => {
        const m = /^(\d+) \+ (\d+) =/.exec(c);
        return m && scales[i]
          ? [{ t0: Number(m[1]) / scales[i]!, t1: (Number(m[1]) + Number(m[2])) / scales[i]! }]
          : [];
      });
      return { m0: Math.min(...tracks.map((t) => t.t0)), m1: Math.max(...tracks.map((t) => t.t1)), row: r };
    });
    const origin = spans[0]!.m0;
    const at = (m: number) => new Date(Math.round(S + (Math.round((m - origin) * 1e6) / 1e6) * 1000)).toISOString();
    const chain = table('fragmentIndex').rows;
    for (const [i, s] of spans.entries()) {
      expect(`${at(s.m0).slice(11, 23)} ${at(s.m1).slice(11, 23)}`).toBe(`${s.row.at(-2)} ${s.row.at(-1)}`);
      const entry = chain.find((c) => c[1] === 'fragment' && c[2] === String(i))!;
      expect(entry[3]).toBe(s.row[1]);
      expect(`${entry[4]} ${entry[5]}`).toBe(`${s.row.at(-2)} ${s.row.at(-1)}`);
    }
    // Neighbours overlap (fragment 1 starts by its audio before fragment 0 ends by its video); the
    // last fragment has no video.
    expect(spans[1]!.m0).toBeLessThan(spans[0]!.m1);
    expect(spans.at(-1)!.row[2]).toBe('—');
  });

  it('seal, cut and re-seal follow the rules for their kind', () => {
    const rows = table('fragmentIndex').rows.map(([seq, kind, index, bytes, start, end]) => {
      const [byteStart, byteEnd] = bytes!.split('–').map(Number);
      return { seq: Number(seq), kind, index: Number(index), byteStart: byteStart!, byteEnd: byteEnd!, start, end };
    });
    const [init, f0, f1, , f3, seal, cut, reseal] = rows;
    const size = Number(/rec-ex_000000\.mp4`, (\d+) bytes/.exec(section)![1]);
    expect(seal).toMatchObject({
      kind: 'seal',
      index: 4,
      byteStart: 0,
      byteEnd: size,
      start: init!.start,
      end: f3!.end,
    });
    expect(cut).toMatchObject({ kind: 'discard', index: 0, byteStart: f0!.byteStart, byteEnd: f0!.byteEnd });
    expect(cut).toMatchObject({ start: f0!.start, end: f0!.end });
    expect(bySeq(6)).toMatchObject({ byteStart: f0!.byteStart, byteEnd: f0!.byteEnd, fragmentIndex: 0 });
    const keptSize = init!.byteEnd + rows.slice(2, 5).reduce((n, r) => n + r.byteEnd - r.byteStart, 0);
    expect(reseal).toMatchObject({ kind: 'seal', index: 3, byteStart: 0, byteEnd: keptSize });
    expect(reseal).toMatchObject({ start: f1!.start, end: f3!.end });
  });
});
