/**
 * Power cuts and restarts of the whole recorder (agent and encoder killed together, as when the
 * battery is pulled), against a real station: nothing recorded is lost beyond the fragment being
 * written, nothing is overwritten, everything reaches the station, and both copies verify
 * without gaps.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import {
  CHAIN_SUFFIX,
  publicKeyFingerprint,
  readChainFile,
  segmentLayout,
  verifyFolder,
  type ChainEntry,
} from '@liuhen/evidence';
import { startTestGateway, waitFor, type TestGateway } from '../../gateway/test/helpers.js';

const RUNNER = fileURLToPath(new URL('./recorder-process.ts', import.meta.url));
const DEVICE = 'pc-001';
const recording = { segmentSeconds: 8, fragmentSeconds: 1, preRecordSeconds: 3, postRecordSeconds: 0 };

let gw: TestGateway;
const dataDir = mkdtempSync(join(tmpdir(), 'liuhen-powercut-'));
const deviceDir = join(dataDir, DEVICE);
const children: ChildProcess[] = [];
const logs: string[] = [];

interface Recorder {
  child: ChildProcess;
  /** Resolves with the time of the first line matching. */
  line(re: RegExp, timeoutMs: number): Promise<string>;
  exited: Promise<void>;
}

function runRecorder(opts: { record: boolean; enrollCode?: string }): Recorder {
  const settings = {
    dataDir,
    mqttUrl: gw.mqttUrl,
    rtmpUrl: gw.rtmpUrl,
    stationUrl: gw.url,
    recording,
    record: opts.record,
    ...(opts.enrollCode ? { enrollCode: opts.enrollCode } : {}),
  };
  // Its own process group: a power cut takes the agent and its encoders at once.
  const child = spawn(process.execPath, ['--conditions=liuhen-source', '--import', 'tsx', RUNNER], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIUHEN_TEST_RECORDER: JSON.stringify(settings) },
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d.toString('utf8');
    const parts = buf.split('\n');
    buf = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      logs.push(l);
      for (const w of waiters.filter((x) => x.re.test(l))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(l);
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    exited,
    line: (re, timeoutMs) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => re.test(l));
        if (seen) return resolve(seen);
        const t = setTimeout(
          () => reject(new Error(`recorder never printed ${re}: ${lines.slice(-10).join(' | ')}`)),
          timeoutMs,
        );
        waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
      }),
  };
}

/** Every chain file of the recorder, parsed. */
function chainsUnder(dir: string): { file: string; entries: ChainEntry[] }[] {
  const out: { file: string; entries: ChainEntry[] }[] = [];
  const walk = (d: string) => {
    if (!existsSync(d)) return;
    for (const ent of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, ent.name);
      if (ent.isDirectory()) walk(p);
      else if (ent.name.endsWith(CHAIN_SUFFIX)) out.push({ file: p, entries: [] });
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  // The product's defaults: the recorder is enrolled, nothing anonymous or unsigned.
  gw = await startTestGateway({ secure: true });
  const add = await gw.fetch('/api/devices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: DEVICE, profile: 'sim' }),
  });
  expect(add.status).toBe(201);
});
afterAll(async () => {
  if (process.env.LIUHEN_RECORDER_LOG) console.log(logs.join('\n'));
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await gw?.cleanup();
});

describe('power cuts of the whole recorder', () => {
  it('three kills at random moments: every chained fragment kept, ≤ 2 fragments lost each, nothing overwritten, all offloaded, both copies verify', async () => {
    const code = (await (await gw.fetch(`/api/devices/${DEVICE}/enrollment`, { method: 'POST' })).json()) as {
      code: string;
    };
    const kills: number[] = [];
    // The fragments chained on disk at each kill (segment name + fragment index + hash).
    const chainedAtKill: { file: string; fragmentIndex: number; sha256: string; end: number }[][] = [];
    for (let i = 0; i < 3; i++) {
      const rec = runRecorder({ record: true, ...(i === 0 ? { enrollCode: code.code } : {}) });
      await rec.line(/^RECORDING/, 60_000);
      const recordingAt = Date.now();
      // Recording for a random 4–14 s: the cut lands anywhere in a segment.
      const ms = 4000 + Math.floor(Math.random() * 10_000);
      await new Promise((r) => setTimeout(r, ms));
      const snapshot = [];
      for (const f of chainsUnder(deviceDir)) {
        const chain = await readChainFile(f.file).catch(() => null);
        for (const e of chain?.entries ?? [])
          // Fragments recorded since the press (earlier ones may be pre-record outside the window).
          if (e.kind === 'fragment' && Date.parse(e.start) >= recordingAt)
            snapshot.push({
              file: f.file.split('/').pop()!,
              fragmentIndex: e.fragmentIndex,
              sha256: e.sha256,
              end: Date.parse(e.end),
            });
      }
      kills.push(Date.now());
      process.kill(-rec.child.pid!, 'SIGKILL');
      chainedAtKill.push(snapshot);
      await rec.exited;
    }
    // Back on: repairs what the cut left, then a graceful stop and start (the numbering must go on).
    for (let i = 0; i < 2; i++) {
      const rec = runRecorder({ record: false });
      await rec.line(/^READY/, 60_000);
      await new Promise((r) => setTimeout(r, 2000));
      process.kill(rec.child.pid!, 'SIGINT');
      await rec.line(/^STOPPED/, 60_000);
      await rec.exited;
    }
    // A last start offloads everything left.
    const last = runRecorder({ record: false });
    await last.line(/^READY/, 60_000);
    const evidenceDir = join(deviceDir, 'evidence');
    const manifests = () =>
      readdirSync(evidenceDir)
        .filter((f) => f.endsWith('.mp4.json'))
        .map((f) => JSON.parse(readFileSync(join(evidenceDir, f), 'utf8')) as { name: string; acked: boolean });
    await waitFor(
      () => {
        const segs = readdirSync(evidenceDir).filter((f) => f.endsWith('.mp4'));
        const m = manifests();
        return segs.length > 0 && segs.every((s) => m.some((x) => x.name === s && x.acked)) ? true : null;
      },
      120_000,
      'every kept segment acknowledged by the station',
    );
    await waitFor(
      () =>
        existsSync(join(evidenceDir, 'discarded'))
          ? readdirSync(join(evidenceDir, 'discarded')).filter((f) => f.endsWith(CHAIN_SUFFIX)).length === 0 || null
          : true,
      60_000,
      'every discard chain offloaded',
    );
    process.kill(last.child.pid!, 'SIGINT');
    await last.exited;
    // Nothing overwritten: no name conflicts, one chain per segment name.
    expect(logs.filter((l) => /NAME CONFLICT/.test(l))).toEqual([]);
    const files = chainsUnder(deviceDir);
    for (const f of files) f.entries = (await readChainFile(f.file))!.entries;
    const names = files.map((f) => f.file.split('/').pop());
    expect(new Set(names).size).toBe(names.length);

    // Nothing that was on disk and chained at a kill is lost: every such fragment is kept.
    const keptByFile = files
      .filter((f) => !f.file.includes('discarded'))
      .map((f) => ({
        file: f.file.split('/').pop()!,
        parts: segmentLayout(f.entries.map((e) => ({ e }))).kept.map((p) => p.part.e),
      }));
    const kept = keptByFile.flatMap((f) => f.parts.filter((e) => e.fragmentIndex >= 0));
    for (const snapshot of chainedAtKill)
      for (const c of snapshot) {
        const home = keptByFile.find((f) => f.file === c.file);
        expect(
          home?.parts.some((e) => e.fragmentIndex === c.fragmentIndex && e.sha256 === c.sha256),
          `${c.file} fragment ${c.fragmentIndex} was chained before the cut and must be kept`,
        ).toBe(true);
      }

    // Loss per cut: from the kill to the end of the last kept fragment recorded before it. What is
    // lost is the fragment being written plus what the encoder still held (a fragment is written
    // only once the next one's first packets are encoded): at most two 1 s fragments.
    const losses = kills.map((k) => {
      const before = kept.filter((e) => Date.parse(e.start) < k);
      const end = Math.max(...before.map((e) => Date.parse(e.end)));
      return Math.max(0, k - end);
    });
    const onDisk = kills.map((k, i) => k - Math.max(...chainedAtKill[i]!.map((c) => c.end)));
    console.log(
      `power cut loss: ${losses.join(', ')} ms (last chained fragment ended ${onDisk.join(', ')} ms before the cut)`,
    );
    for (const l of losses) expect(l).toBeLessThanOrEqual(2 * recording.fragmentSeconds * 1000);

    // Every kept segment with footage plays. A cut that lands between a segment's header and its
    // first fragment leaves a header-only file: it is kept and chained (init + seal) but has nothing
    // to play.
    const withFootage = new Set(keptByFile.filter((f) => f.parts.some((e) => e.fragmentIndex >= 0)).map((f) => f.file));
    expect(withFootage.size).toBeGreaterThan(0);
    for (const f of readdirSync(evidenceDir).filter((x) => x.endsWith('.mp4') && withFootage.has(x + CHAIN_SUFFIX))) {
      const r = spawnSync(resolveFfmpeg(), ['-v', 'error', '-i', join(evidenceDir, f), '-f', 'null', '-'], {
        encoding: 'utf8',
      });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }

    // Both copies verify without --allow-gaps, with the enrolled key.
    const key = createPublicKey(readFileSync(join(deviceDir, 'keys', 'device.pub.pem')));
    const publicKeys = [{ key, fingerprint: publicKeyFingerprint(key) }];
    const onRecorder = await verifyFolder(deviceDir, { publicKeys });
    const errors = (r: typeof onRecorder) =>
      r.problems.filter((p) => p.severity === 'error').map((p) => `${p.code} ${p.segment ?? ''}: ${p.message}`);
    expect(errors(onRecorder)).toEqual([]);
    const atStation = await verifyFolder(join(gw.dataDir, 'footage', DEVICE, 'device'), { publicKeys });
    expect(errors(atStation)).toEqual([]);
    expect(atStation.segments.filter((s) => !s.discarded).length).toBe(
      readdirSync(evidenceDir).filter((x) => x.endsWith('.mp4')).length,
    );
  }, 300_000);
});
