/**
 * Offload of evidence segments to the station over HTTP: resumable (a broken
 * upload continues from the station's last byte), idempotent, marked footage
 * first, then oldest first. A segment is evicted from the recorder only after
 * the station acknowledged it, only when space is needed, oldest first and
 * unmarked before marked. Nothing else on the recorder deletes evidence.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, rmSync, statSync, statfsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { backoffDelay } from './backoff.js';

export interface SegmentManifest {
  name: string;
  index: number;
  bytes: number;
  sha256: string;
  startedAt: string;
  endedAt: string;
  recordingIds: string[];
  officerId: string | null;
  marked: boolean;
  acked: boolean;
}

export interface OffloaderOptions {
  deviceId: string;
  /** http://station:8080 */
  stationUrl: () => string;
  evidenceDir: string;
  log: (msg: string) => void;
  chunkBytes?: number;
  /** Keep at least this much free on the recorder; evict acknowledged footage below it. */
  minFreeBytes?: number;
  /** For tests: the free space the recorder sees. */
  freeBytes?: () => number;
  /** The evidence key, registered with the station before the first upload. */
  publicKeyPem?: string;
  /** An enrolled recorder's station credentials (the MQTT user and password), sent as HTTP Basic. */
  credentials?: { username: string; password: string };
}

const manifestPath = (dir: string, name: string) => join(dir, `${name}.json`);

/**
 * One chunk of a segment, streamed from disk with node:http: fetch() with a
 * stream body is slower here and costs the agent ~10 MB of memory.
 */
function patchChunk(
  url: string,
  file: string,
  start: number,
  end: number,
  auth: Record<string, string>,
): Promise<{ status: number; uploadOffset: number | null; body: string }> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, {
      method: 'PATCH',
      headers: {
        ...auth,
        'content-type': 'application/offset+octet-stream',
        'content-length': String(end - start),
        'upload-offset': String(start),
      },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d));
      res.on('end', () => {
        const h = res.headers['upload-offset'];
        resolve({ status: res.statusCode ?? 0, uploadOffset: h ? Number(h) : null, body });
      });
      res.on('error', reject);
    });
    const src = createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 20 });
    src.on('error', (err) => req.destroy(err));
    src.pipe(req);
  });
}

function writeManifest(dir: string, m: SegmentManifest): void {
  writeFileAtomic(manifestPath(dir, m.name), JSON.stringify(m));
}

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function createOffloader(opts: OffloaderOptions) {
  const chunkBytes = opts.chunkBytes ?? 16 * 1024 * 1024;
  let running = false;
  let stopped = false;
  let wake: (() => void) | null = null;
  let attempt = 0;
  let uploadedBytes = 0;

  const manifests = (): SegmentManifest[] =>
    readdirSync(opts.evidenceDir)
      .filter((f) => f.endsWith('.mp4.json'))
      .map((f) => JSON.parse(readFileSync(join(opts.evidenceDir, f), 'utf8')) as SegmentManifest);

  /** Marked first, then oldest first. */
  const nextPending = (): SegmentManifest | undefined =>
    manifests()
      .filter((m) => !m.acked)
      .sort((a, b) => Number(b.marked) - Number(a.marked) || a.index - b.index)[0];

  const auth: Record<string, string> = opts.credentials
    ? {
        authorization: `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString('base64')}`,
      }
    : {};
  let keyRegistered = !opts.publicKeyPem;
  async function registerKey(): Promise<void> {
    const res = await fetch(`${opts.stationUrl()}/api/devices/${opts.deviceId}/key`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ publicKeyPem: opts.publicKeyPem }),
    });
    if (!res.ok) throw new Error(`station refused the evidence key: ${res.status} ${await res.text()}`);
    keyRegistered = true;
  }

  async function uploadOne(m: SegmentManifest): Promise<void> {
    if (!keyRegistered) await registerKey();
    const base = `${opts.stationUrl()}/api/devices/${opts.deviceId}/uploads/${m.name}`;
    const path = join(opts.evidenceDir, m.name);
    const head = await fetch(base, { headers: auth });
    if (!head.ok) throw new Error(`station answered ${head.status} to where-to-resume: ${await head.text()}`);
    const where = (await head.json()) as { offset: number; complete: boolean };
    const complete = where.complete;
    let offset = where.offset;
    while (!complete && offset < m.bytes) {
      const end = Math.min(m.bytes, offset + chunkBytes);
      const res = await patchChunk(base, path, offset, end, auth);
      if (res.status === 409 && res.uploadOffset !== null) {
        offset = res.uploadOffset;
        continue;
      }
      if (res.status !== 200) throw new Error(`station answered ${res.status} to a chunk: ${res.body}`);
      uploadedBytes += end - offset;
      offset = (JSON.parse(res.body) as { offset: number }).offset;
    }
    const chainFile = `${path}.chain.jsonl`;
    const res = await fetch(`${base}/complete`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        bytes: m.bytes,
        sha256: m.sha256,
        startedAt: m.startedAt,
        endedAt: m.endedAt,
        officerId: m.officerId,
        recordingIds: m.recordingIds,
        marked: m.marked,
        ...(existsSync(chainFile) ? { chain: readFileSync(chainFile, 'utf8') } : {}),
      }),
    });
    if (!res.ok) throw new Error(`station refused ${m.name}: ${res.status} ${await res.text()}`);
    writeManifest(opts.evidenceDir, { ...m, acked: true });
    opts.log(`offloaded ${m.name} (${m.bytes} bytes), acknowledged`);
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      const m = nextPending();
      if (!m) {
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 5000).unref();
        });
        wake = null;
        continue;
      }
      try {
        await uploadOne(m);
        attempt = 0;
      } catch (err) {
        const delay = backoffDelay(attempt++, 1000, 30_000);
        opts.log(`offload of ${m.name} paused: ${(err as Error).message}; retrying in ${delay} ms`);
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, delay).unref();
        });
        wake = null;
      }
    }
  }

  return {
    /** Registers a closed evidence segment for offload (hashes it once). */
    async add(seg: {
      path: string;
      index: number;
      startedAt: Date;
      endedAt: Date;
      recordingIds: string[];
      officerId: string | null;
      marked: boolean;
    }): Promise<SegmentManifest> {
      const name = basename(seg.path);
      const m: SegmentManifest = {
        name,
        index: seg.index,
        bytes: statSync(seg.path).size,
        sha256: await sha256Of(seg.path),
        startedAt: seg.startedAt.toISOString(),
        endedAt: seg.endedAt.toISOString(),
        recordingIds: seg.recordingIds,
        officerId: seg.officerId,
        marked: seg.marked,
        acked: false,
      };
      writeManifest(opts.evidenceDir, m);
      wake?.();
      return m;
    },
    start(): void {
      if (running) return;
      running = true;
      void loop();
    },
    stop(): void {
      stopped = true;
      wake?.();
    },
    /** Tries now instead of waiting out a backoff (e.g. the link just came back). */
    kick(): void {
      attempt = 0;
      wake?.();
    },
    pending: () => manifests().filter((m) => !m.acked).length,
    /** Closed segments the station has not acknowledged yet, and their size (telemetry). */
    backlog(): { segments: number; bytes: number } {
      let segments = 0;
      let bytes = 0;
      for (const m of manifests()) {
        if (m.acked) continue;
        segments += 1;
        bytes += m.bytes;
      }
      return { segments, bytes };
    },
    uploadedBytes: () => uploadedBytes,
    /**
     * Frees space by deleting acknowledged segments, oldest first and unmarked
     * before marked, until `minFreeBytes` is free. Returns the bytes freed.
     */
    evictIfNeeded(): number {
      const min = opts.minFreeBytes ?? 0;
      const free =
        opts.freeBytes ??
        (() => {
          const s = statfsSync(opts.evidenceDir);
          return s.bavail * s.bsize;
        });
      const available = free();
      let freed = 0;
      const candidates = manifests()
        .filter((m) => m.acked)
        .sort((a, b) => Number(a.marked) - Number(b.marked) || a.index - b.index);
      for (const m of candidates) {
        if (available + freed >= min) break;
        const path = join(opts.evidenceDir, m.name);
        rmSync(path, { force: true });
        rmSync(`${path}.chain.jsonl`, { force: true });
        rmSync(manifestPath(opts.evidenceDir, m.name), { force: true });
        freed += m.bytes;
        opts.log(`evicted acknowledged ${m.name} to free space`);
      }
      return freed;
    },
  };
}
export type Offloader = ReturnType<typeof createOffloader>;
