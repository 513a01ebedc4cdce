/** Fixtures for the evidence tests: real fragmented MP4 made by ffmpeg, chained with a test key. */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveFfmpeg } from '@liuhen/device-profiles/node';
import {
  PUBLIC_KEY_FILE,
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  type ChainEntry,
  type DeviceKeys,
  type FragmentMeta,
} from '../src/index.js';

export const FMP4_FLAGS = '+frag_keyframe+empty_moov+default_base_moof';

const made: string[] = [];

/** A new temporary directory, removed by `removeTempDirs` (call it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `liuhen-ev-${prefix}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface SourceOptions {
  /** Frame size, default 320x240. */
  size?: string;
  fps?: number;
  /** Extra encoder arguments, e.g. ['-qp', '10'] for big files. */
  extra?: string[];
}

function source(seconds: number, live = false, o: SourceOptions = {}): string[] {
  const re = live ? ['-re'] : [];
  const fps = o.fps ?? 15;
  return [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...[...re, '-f', 'lavfi', '-i', `testsrc2=size=${o.size ?? '320x240'}:rate=${fps}`],
    ...[...re, '-f', 'lavfi', '-i', 'sine'],
    ...['-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(fps), '-c:a', 'aac'],
    ...(o.extra ?? []),
    ...['-t', String(seconds)],
  ];
}

function run(args: string[]): void {
  const r = spawnSync(resolveFfmpeg(), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg failed: ${r.stderr}`);
}

/** One fragmented MP4 of `seconds`, 1 s fragments, as the recorder writes them. */
export function makeFmp4(path: string, seconds: number, extra: string[] = []): string {
  run([...source(seconds), ...extra, '-f', 'mp4', '-movflags', FMP4_FLAGS, '-frag_duration', '1000000', path]);
  return path;
}

/** Consecutive segments from one encoder (ffmpeg's segment muxer), sorted by name. */
export function makeSegments(dir: string, seconds: number, segmentSeconds: number, o: SourceOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  run([
    ...source(seconds, false, o),
    '-f',
    'segment',
    '-segment_time',
    String(segmentSeconds),
    '-reset_timestamps',
    '1',
    '-segment_format',
    'mp4',
    '-segment_format_options',
    `movflags=${FMP4_FLAGS}:frag_duration=1000000`,
    join(dir, 'seg-%03d.mp4'),
  ]);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.mp4'))
    .sort()
    .map((n) => join(dir, n));
}

/** Starts ffmpeg writing a fragmented MP4 in real time (-re); resolves when it exits. */
export function recordLive(path: string, seconds: number): Promise<void> {
  const p = spawn(resolveFfmpeg(), [
    ...source(seconds, true),
    // Without it ffmpeg writes to the file in 256 KB chunks, not fragment by fragment.
    '-flush_packets',
    '1',
    '-f',
    'mp4',
    '-movflags',
    FMP4_FLAGS,
    '-frag_duration',
    '1000000',
    path,
  ]);
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${err}`)))),
  );
}

export const META: FragmentMeta = { officerId: '33010099', clockOffsetMs: 120 };

export interface ChainedFolder {
  dir: string;
  segments: string[];
  keys: DeviceKeys;
  keyDir: string;
  headFile: string;
}

/**
 * Records `seconds` into segments in `dir/footage`, chains and seals them (device key in
 * `dir/keys`), and copies the public key next to the footage, as an offload would.
 */
export async function chainedFolder(dir: string, seconds = 8, segmentSeconds = 4): Promise<ChainedFolder> {
  const footage = join(dir, 'footage');
  const segments = makeSegments(footage, seconds, segmentSeconds);
  const keyDir = join(dir, 'keys');
  const keys = await createDeviceKeys(keyDir);
  const headFile = join(dir, 'chain-head.json');
  const writer = await createChainWriter({ deviceId: 'rec-001', keyPair: keys, headFile, fsync: false });
  let t = Date.parse('2025-11-26T02:00:00.000Z');
  for (const s of segments) {
    await chainClosedSegment(writer, s, { ...META, segmentStartMs: t });
    t += segmentSeconds * 1000;
  }
  await writer.close();
  copyFileSync(keys.publicKeyPath, join(footage, PUBLIC_KEY_FILE));
  return { dir: footage, segments, keys, keyDir, headFile };
}

export function copyDir(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  for (const n of readdirSync(from)) copyFileSync(join(from, n), join(to, n));
  return to;
}

export function readChain(segmentPath: string): ChainEntry[] {
  return readFileSync(`${segmentPath}.chain.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ChainEntry);
}

export function writeChain(segmentPath: string, entries: ChainEntry[]): void {
  writeFileSync(`${segmentPath}.chain.jsonl`, entries.map((e) => JSON.stringify(e) + '\n').join(''));
}

/**
 * Builds the evidence package (tsc -b) so its CLI can be run as shipped, from dist/. Nothing to do
 * when `npm test` built it first, but the check alone can take a minute on a busy machine: give the
 * calling hook BUILD_TIMEOUT_MS.
 */
export function buildEvidenceCli(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsc = spawnSync('npx', ['tsc', '-b', 'evidence'], { cwd: root, encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`tsc -b evidence failed: ${tsc.stdout}${tsc.stderr}`);
}
export const BUILD_TIMEOUT_MS = 180_000;
