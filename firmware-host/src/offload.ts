/**
 * Offload of evidence segments to the station over HTTP: resumable (a broken
 * upload continues from the station's last byte), idempotent, marked footage
 * first, then oldest first. A segment is evicted from the recorder only after
 * the station acknowledged it, only when space is needed, oldest first and
 * unmarked before marked. Nothing else on the recorder deletes evidence.
 *
 * At every start everything unacknowledged is resumed: segments with a
 * manifest, and segments that reached evidence/ without one (the recorder
 * stopped or lost power right after keeping them), whose facts come from
 * their chain. The chains of discarded pre-record buffer (evidence/discarded/)
 * are offloaded too, so the station can verify the whole chain. A segment
 * whose chain the station refuses is quarantined: kept, never retried.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename, join } from 'node:path';
import { CHAIN_SUFFIX, readChainFile, segmentLayout } from '@liuhen/evidence';
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
  /** The station refused the segment's chain: kept here, not retried (the station holds a copy and a review item). */
  quarantined?: { reason: string; at: string };
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
  /** The loop, while it runs: a stop waits for the upload or move in hand to finish. */
  let looping: Promise<void> = Promise.resolve();
  let wake: (() => void) | null = null;
  let attempt = 0;
  let uploadedBytes = 0;

  const manifests = (): SegmentManifest[] =>
    (existsSync(opts.evidenceDir) ? readdirSync(opts.evidenceDir) : [])
      .filter((f) => f.endsWith('.mp4.json'))
      .map((f) => JSON.parse(readFileSync(join(opts.evidenceDir, f), 'utf8')) as SegmentManifest);

  /** Marked first, then oldest first; quarantined segments wait for a person. */
  const nextPending = (): SegmentManifest | undefined =>
    manifests()
      .filter((m) => !m.acked && !m.quarantined && existsSync(join(opts.evidenceDir, m.name)))
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
    if (res.status === 422) {
      const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
      if (body.code === 'chain-refused') {
        const reason = body.message ?? 'the station refused the evidence chain';
        writeManifest(opts.evidenceDir, { ...m, quarantined: { reason, at: new Date().toISOString() } });
        opts.log(`QUARANTINED ${m.name}: ${reason}. Kept on the recorder; the station holds a copy for review.`);
        return;
      }
      throw new Error(`station refused ${m.name}: 422 ${body.message ?? ''}`);
    }
    if (!res.ok) throw new Error(`station refused ${m.name}: ${res.status} ${await res.text()}`);
    writeManifest(opts.evidenceDir, { ...m, acked: true });
    opts.log(`offloaded ${m.name} (${m.bytes} bytes), acknowledged`);
  }

  const discardedDir = join(opts.evidenceDir, 'discarded');
  const discardRefusals = new Map<string, string>();
  const sentDir = join(discardedDir, 'sent');
  const refusedDir = join(discardedDir, 'refused');
  const pendingDiscards = (): string[] =>
    existsSync(discardedDir)
      ? readdirSync(discardedDir)
          .filter((f) => f.endsWith(CHAIN_SUFFIX))
          .sort()
      : [];

  /**
   * Sends the chain of each discarded segment (the lines, not footage: there is none) so the
   * station holds every entry of the chain. Failures wait for the next round; they never hold
   * up footage.
   */
  async function offloadDiscards(): Promise<void> {
    const files = pendingDiscards();
    if (files.length > 0 && !keyRegistered) await registerKey();
    for (const file of files) {
      if (stopped) return;
      const name = file.slice(0, -CHAIN_SUFFIX.length);
      const res = await fetch(`${opts.stationUrl()}/api/devices/${opts.deviceId}/discards/${name}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ chain: readFileSync(join(discardedDir, file), 'utf8') }),
      });
      if (res.status === 409 || res.status === 422) {
        const body = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
        if (body.code === 'key-required') {
          keyRegistered = false;
          return;
        }
        // A final answer (another chain is held under this name, the segment itself is stored, or
        // the chain does not verify): kept aside here for a person, not sent again.
        mkdirSync(refusedDir, { recursive: true });
        renameSync(join(discardedDir, file), join(refusedDir, file));
        writeFileAtomic(
          join(refusedDir, `${file}.refused.json`),
          JSON.stringify({
            status: res.status,
            code: body.code ?? null,
            message: body.message ?? null,
            at: new Date().toISOString(),
          }),
        );
        opts.log(
          `DISCARD CHAIN REFUSED ${name}: ${res.status} ${body.code ?? ''} ${body.message ?? ''}; kept in ${refusedDir}`,
        );
        continue;
      }
      if (!res.ok) {
        const why = `${res.status} ${await res.text()}`;
        // Said once per answer, not every round.
        if (discardRefusals.get(name) !== why)
          opts.log(`discard chain of ${name} not offloaded yet: station answered ${why}`);
        discardRefusals.set(name, why);
        return;
      }
      discardRefusals.delete(name);
      mkdirSync(sentDir, { recursive: true });
      renameSync(join(discardedDir, file), join(sentDir, file));
    }
  }

  /**
   * Segments in evidence/ without a manifest: kept just before a stop or power cut. Their size,
   * hash and time come from the chain's last seal; without a chain they are hashed.
   */
  async function adoptUnlisted(): Promise<void> {
    const listed = new Set(manifests().map((m) => m.name));
    for (const name of existsSync(opts.evidenceDir) ? readdirSync(opts.evidenceDir) : []) {
      if (!name.endsWith('.mp4') || listed.has(name)) continue;
      const path = join(opts.evidenceDir, name);
      const chain = await readChainFile(path + CHAIN_SUFFIX);
      const layout = chain ? segmentLayout(chain.entries.map((e) => ({ e }))) : null;
      const seal = layout?.seals.at(-1)?.e;
      const frags = layout?.kept.map((p) => p.part.e).filter((e) => e.fragmentIndex >= 0) ?? [];
      const st = statSync(path);
      const m: SegmentManifest = {
        name,
        index: Number(/_(\d+)\.mp4$/.exec(name)?.[1] ?? -1),
        bytes: seal?.byteEnd ?? st.size,
        sha256: seal?.sha256 ?? (await sha256Of(path)),
        startedAt: frags[0]?.start ?? seal?.start ?? new Date(st.mtimeMs).toISOString(),
        endedAt: frags.at(-1)?.end ?? seal?.end ?? new Date(st.mtimeMs).toISOString(),
        recordingIds: [],
        officerId: seal?.officerId ?? null,
        marked: false,
        acked: false,
      };
      writeManifest(opts.evidenceDir, m);
      opts.log(`resuming offload of ${name}: kept before the last stop, facts taken from its chain`);
    }
  }

  async function loop(): Promise<void> {
    await adoptUnlisted().catch((err: Error) => opts.log(`could not list unsent segments: ${err.message}`));
    while (!stopped) {
      let m: SegmentManifest | undefined;
      try {
        m = nextPending();
      } catch (err) {
        // The evidence folder could not be read (removed, or the card failed): say so and wait.
        opts.log(`offload: cannot read ${opts.evidenceDir}: ${(err as Error).message}`);
        await new Promise<void>((r) => setTimeout(r, 5000).unref());
        continue;
      }
      if (!m) {
        await offloadDiscards().catch((err: Error) => opts.log(`discard chains not offloaded yet: ${err.message}`));
        if (stopped || (existsSync(opts.evidenceDir) && nextPending())) continue;
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
    /**
     * Registers a closed evidence segment for offload. With its size and hash known (the chain's
     * seal) the manifest is written at once, so a stop right after cannot lose it.
     */
    async add(seg: {
      path: string;
      index: number;
      startedAt: Date;
      endedAt: Date;
      recordingIds: string[];
      officerId: string | null;
      marked: boolean;
      bytes?: number | null;
      sha256?: string | null;
    }): Promise<SegmentManifest> {
      const name = basename(seg.path);
      const m: SegmentManifest = {
        name,
        index: seg.index,
        bytes: seg.bytes ?? statSync(seg.path).size,
        sha256: seg.sha256 ?? (await sha256Of(seg.path)),
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
      looping = loop().catch((err: Error) => opts.log(`offload stopped: ${err.message}`));
    },
    /**
     * Stops after the request in hand (so nothing under evidence/ moves once this resolves); a
     * request that hangs is given up after `graceMs` and its segment is sent again next start.
     */
    async stop(graceMs = 5000): Promise<void> {
      stopped = true;
      wake?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([looping, new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
      clearTimeout(timer);
    },
    /** Tries now instead of waiting out a backoff (e.g. the link just came back). */
    kick(): void {
      attempt = 0;
      wake?.();
    },
    pending: () => manifests().filter((m) => !m.acked && !m.quarantined).length,
    /** Discarded segments whose chain the station does not hold yet. */
    pendingDiscards: () => pendingDiscards().length,
    /** Segments the station refused, kept here for review. */
    quarantined: () => manifests().filter((m) => m.quarantined),
    /** Closed segments the station has not acknowledged yet, and their size (telemetry). */
    backlog(): { segments: number; bytes: number } {
      let segments = 0;
      let bytes = 0;
      for (const m of manifests()) {
        if (m.acked || m.quarantined) continue;
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
