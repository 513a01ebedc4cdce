/**
 * Recorder segments as a recorder makes them, for station tests: real
 * fragmented MP4 (ffmpeg), named `<device>_<n>.mp4`, chained and sealed with
 * the device's own Ed25519 key; some discarded by policy (the file deleted,
 * its chain ending in a signed whole-file `discard`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  CHAIN_SUFFIX,
  chainClosedSegment,
  createChainWriter,
  createDeviceKeys,
  discardSegment,
  type DeviceKeys,
} from '@liuhen/evidence';
import { META, makeSegments, tempDir } from '../../evidence/test/helpers.js';
import type { TestGateway } from './helpers.js';

export interface FixtureSegment {
  name: string;
  /** The segment bytes; null once discarded. */
  bytes: Buffer | null;
  sha256: string | null;
  chain: string;
  discarded: boolean;
  startedAt: string;
  endedAt: string;
}

export const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/**
 * `count` segments of `segmentSeconds` (1) each from `startMs` (device clock); those whose index
 * is in `discard` are discarded by policy with `reason`, as the recorder does it: once the next
 * segment is sealed, so the discard entry follows that segment's entries in seq.
 */
export async function recorderSegments(
  deviceId: string,
  count: number,
  o: { startMs: number; discard?: number[]; reason?: string; clockOffsetMs?: number; segmentSeconds?: number },
): Promise<{ keys: DeviceKeys; segments: FixtureSegment[] }> {
  const work = tempDir(`station-${deviceId}`);
  const seconds = o.segmentSeconds ?? 1;
  // One segment more than needed: the segment muxer may cut the last one short.
  const files = makeSegments(join(work, 'seg'), (count + 1) * seconds, seconds, { size: '160x120', fps: 10 });
  const keys = await createDeviceKeys(join(work, 'keys'));
  const writer = await createChainWriter({ deviceId, keyPair: keys, headFile: join(work, 'head.json'), fsync: false });
  const meta = { ...META, clockOffsetMs: o.clockOffsetMs ?? META.clockOffsetMs };
  const reason = o.reason ?? 'pre-record buffer not claimed by a recording';
  const paths: string[] = [];
  const times: number[] = [];
  let t = o.startMs;
  let pending: string | null = null;
  for (const [i, f] of files.slice(0, count).entries()) {
    const name = `${deviceId}_${String(i + 1).padStart(6, '0')}.mp4`;
    const path = join(work, 'seg', name);
    renameSync(f, path);
    await chainClosedSegment(writer, path, { ...meta, segmentStartMs: t });
    if (pending) await discardSegment(writer, pending, reason, meta);
    pending = o.discard?.includes(i) ? path : null;
    paths.push(path);
    times.push(t);
    t += seconds * 1000;
  }
  if (pending) await discardSegment(writer, pending, reason, meta);
  await writer.close();
  return {
    keys,
    segments: paths.map((path, i) => {
      const bytes = existsSync(path) ? readFileSync(path) : null;
      return {
        name: basename(path),
        bytes,
        sha256: bytes ? sha(bytes) : null,
        chain: readFileSync(`${path}${CHAIN_SUFFIX}`, 'utf8'),
        discarded: bytes === null,
        startedAt: new Date(times[i]!).toISOString(),
        endedAt: new Date(times[i]! + seconds * 1000).toISOString(),
      };
    }),
  };
}

/** Uploads a segment's bytes from byte 0 (PATCH), as the offloader does. */
export async function sendBytes(gw: TestGateway, deviceId: string, name: string, bytes: Buffer): Promise<number> {
  const res = await fetch(`${gw.url}/api/devices/${deviceId}/uploads/${name}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
    body: bytes,
  });
  return res.status;
}

/** Completes an upload; returns the status and the JSON answer. */
export async function complete(
  gw: TestGateway,
  deviceId: string,
  s: { name: string; bytes: Buffer; chain: string; startedAt: string; endedAt: string },
  officerId: string | null = null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}/api/devices/${deviceId}/uploads/${s.name}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      bytes: s.bytes.length,
      sha256: sha(s.bytes),
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      officerId,
      recordingIds: ['rec-fixture'],
      marked: false,
      chain: s.chain,
    }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Sends a discarded segment's chain, as the offloader does. */
export async function sendDiscard(
  gw: TestGateway,
  deviceId: string,
  name: string,
  chain: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gw.url}/api/devices/${deviceId}/discards/${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ chain }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Registers the device's evidence key with the station. */
export async function registerKey(gw: TestGateway, deviceId: string, keys: DeviceKeys): Promise<void> {
  const res = await fetch(`${gw.url}/api/devices/${deviceId}/key`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ publicKeyPem: keys.publicKeyPem }),
  });
  if (res.status !== 200) throw new Error(`key registration answered ${res.status}`);
}
