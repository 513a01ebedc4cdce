/**
 * Resumable, idempotent uploads of recorder segments (the offload). A device
 * sends a file in chunks at explicit offsets; a broken transfer continues from
 * the last byte the station holds. On completion the station checks size and
 * SHA-256 (and the device's evidence chain, when a verifier is configured),
 * moves the file into the footage store, indexes it and acknowledges. Only an
 * acknowledged segment may be evicted on the recorder.
 */
import { createHash, type Hash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { syncPath } from '@liuhen/evidence';
import { DomainError, type DomainErrorKind } from '../errors.js';

export const SEGMENT_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\\.mp4$';
const segmentNameRe = new RegExp(SEGMENT_NAME_PATTERN);

/**
 * An upload refused. `offset` is where the station's copy stands, so the recorder resumes there
 * (the API sends it as Upload-Offset); `kind` is the domain's refusal (errors.ts).
 */
export class UploadError extends DomainError {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly offset?: number,
    /** Stable reason, where the recorder may act on it. */
    code?: string,
  ) {
    super(message, code === undefined ? {} : { code });
  }
}

/**
 * The evidence chain of an upload does not verify: the station will not index it. The received
 * file is still at `file` (in the partial store), for the caller to quarantine.
 */
export class ChainRefusedError extends UploadError {
  constructor(
    readonly segment: string,
    readonly reason: string,
    readonly file: string,
  ) {
    super('unacceptable', `segment ${segment}: the evidence chain does not verify: ${reason}`);
  }
}

/** How long a question for the offset waits for a chunk still being written. */
const IN_FLIGHT_WAIT_MS = 5000;

interface Progress {
  offset: number;
  hash: Hash;
  /** Background fsyncs of appended chunks; completion waits for them before acknowledging. */
  flushed: Promise<void>;
}

export interface UploadStoreOptions {
  dataDir: string;
  footageRoot: string;
  /** Largest segment accepted, bytes. */
  maxBytes: number;
}

export function createUploadStore(opts: UploadStoreOptions) {
  const partialRoot = join(opts.dataDir, 'uploads');
  mkdirSync(partialRoot, { recursive: true });
  /** Running hashes of partial files, so completion need not re-read them. */
  const progress = new Map<string, Progress>();
  /** Segments with a chunk being written: a second writer at the same offset would duplicate bytes. */
  /** Chunks being written now, by upload: one writer per upload, and an offset asked meanwhile waits for it. */
  const writing = new Map<string, Promise<number>>();

  const check = (deviceId: string, name: string) => {
    if (!segmentNameRe.test(name))
      throw new UploadError('invalid', `segment name ${name} is not a plain .mp4 file name`);
    if (!name.startsWith(`${deviceId}_`))
      throw new UploadError('invalid', `segment ${name} does not belong to device ${deviceId}`);
  };
  const partPath = (deviceId: string, name: string) => join(partialRoot, deviceId, `${name}.part`);
  const finalRel = (deviceId: string, name: string) => join(deviceId, 'device', name);

  /** Rebuilds the running hash from disk (after a station restart). */
  async function progressFor(deviceId: string, name: string): Promise<Progress> {
    const key = `${deviceId}/${name}`;
    const path = partPath(deviceId, name);
    const size = existsSync(path) ? statSync(path).size : 0;
    let p = progress.get(key);
    if (!p || p.offset !== size) {
      const hash = createHash('sha256');
      if (size > 0) for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      p = { offset: size, hash, flushed: Promise.resolve() };
      progress.set(key, p);
    }
    return p;
  }

  return {
    partialRoot,
    footageRoot: opts.footageRoot,
    /** Bytes the station holds for this segment: where the device resumes. */
    async offset(deviceId: string, name: string): Promise<{ offset: number; complete: boolean }> {
      check(deviceId, name);
      if (existsSync(join(opts.footageRoot, finalRel(deviceId, name)))) {
        return { offset: statSync(join(opts.footageRoot, finalRel(deviceId, name))).size, complete: true };
      }
      // A chunk still being written (its sender may have gone; the station notices when the socket
      // closes) decides where the device resumes: answer once it has settled, or after 5 s with
      // what is on disk then (a resume meanwhile is refused as a second writer and retried).
      const inFlight = writing.get(`${deviceId}/${name}`);
      if (inFlight) await Promise.race([inFlight.catch(() => 0), delay(IN_FLIGHT_WAIT_MS, 0, { ref: false })]);
      const path = partPath(deviceId, name);
      return { offset: existsSync(path) ? statSync(path).size : 0, complete: false };
    },

    /** Appends a chunk at `offset`; a wrong offset is refused with the right one, as is a second writer. */
    async append(deviceId: string, name: string, offset: number, body: Readable): Promise<number> {
      const key = `${deviceId}/${name}`;
      if (writing.has(key)) {
        body.resume(); // drain what the client sends so the refusal can be answered
        throw new UploadError(
          'conflict',
          `a chunk of ${name} is being written now: wait for it, then continue from its offset`,
        );
      }
      const written = this.appendUnlocked(deviceId, name, offset, body);
      writing.set(key, written);
      try {
        return await written;
      } finally {
        writing.delete(key);
      }
    },

    async appendUnlocked(deviceId: string, name: string, offset: number, body: Readable): Promise<number> {
      check(deviceId, name);
      if (existsSync(join(opts.footageRoot, finalRel(deviceId, name)))) {
        throw new UploadError(
          'conflict',
          `segment ${name} is already complete`,
          statSync(join(opts.footageRoot, finalRel(deviceId, name))).size,
        );
      }
      const path = partPath(deviceId, name);
      mkdirSync(join(partialRoot, deviceId), { recursive: true });
      const p = await progressFor(deviceId, name);
      if (offset !== p.offset)
        throw new UploadError('conflict', `upload of ${name} continues at byte ${p.offset}, not ${offset}`, p.offset);
      let written = 0;
      // A large buffer: the default 16 KiB makes every network chunk wait for its own write.
      const out = createWriteStream(path, { flags: 'a', highWaterMark: 4 * 1024 * 1024 });
      const key = `${deviceId}/${name}`;
      try {
        await pipeline(
          body,
          async function* (source) {
            for await (const chunk of source) {
              const b = chunk as Buffer;
              written += b.length;
              if (p.offset + written > opts.maxBytes)
                throw new UploadError('too-large', `segment ${name} is larger than ${opts.maxBytes} bytes`);
              p.hash.update(b);
              yield b;
            }
          },
          out,
        );
      } catch (err) {
        // The partial file now holds an unknown tail: rebuild the hash from disk next time.
        progress.delete(key);
        throw err;
      }
      p.offset += written;
      // Durable before acknowledgement (complete() waits), not before the next chunk: a
      // station crash meanwhile only shortens the file, and the device resumes from its size.
      p.flushed = p.flushed.then(() => syncPath(path)).catch(() => undefined);
      return p.offset;
    },

    /**
     * Checks the whole file against what the device says it sent; on success
     * moves it into the footage store. Idempotent: completing again returns the
     * stored file's details.
     */
    async complete(
      deviceId: string,
      name: string,
      expect: { bytes: number; sha256: string },
      /** Extra check of the received file (the evidence chain); a reason refuses it. */
      verify?: (file: string) => Promise<string | null>,
    ): Promise<{ path: string; bytes: number; sha256: string; already: boolean }> {
      check(deviceId, name);
      const rel = finalRel(deviceId, name);
      const final = join(opts.footageRoot, rel);
      const key = `${deviceId}/${name}`;
      if (existsSync(final)) {
        const sha = createHash('sha256');
        for await (const chunk of createReadStream(final)) sha.update(chunk as Buffer);
        const sha256 = sha.digest('hex');
        if (sha256 !== expect.sha256)
          throw new UploadError('conflict', `segment ${name} is already stored with a different SHA-256`);
        return { path: rel, bytes: statSync(final).size, sha256, already: true };
      }
      const path = partPath(deviceId, name);
      if (!existsSync(path)) throw new UploadError('not-found', `nothing uploaded for ${name}`);
      const p = await progressFor(deviceId, name);
      if (p.offset !== expect.bytes) {
        throw new UploadError(
          'conflict',
          `segment ${name}: the station holds ${p.offset} of ${expect.bytes} bytes; send the rest`,
          p.offset,
        );
      }
      const sha256 = p.hash.copy().digest('hex');
      if (sha256 !== expect.sha256) {
        // Corrupt in transit or on disk: start over rather than keep a bad prefix.
        progress.delete(key);
        await rm(path, { force: true });
        throw new UploadError(
          'unacceptable',
          `segment ${name}: SHA-256 mismatch (got ${sha256}); upload it again from byte 0`,
          0,
        );
      }
      const refused = verify ? await verify(path) : null;
      if (refused) {
        // Kept as received (nothing is dropped): the caller moves it to quarantine; the device keeps its copy too.
        await p.flushed;
        progress.delete(key);
        throw new ChainRefusedError(name, refused, path);
      }
      await p.flushed;
      await syncPath(path);
      const finalDir = join(opts.footageRoot, deviceId, 'device');
      mkdirSync(finalDir, { recursive: true });
      renameSync(path, final);
      // The rename itself must survive a power cut: after the ack the device may evict its copy.
      await syncPath(finalDir);
      progress.delete(key);
      return { path: rel, bytes: expect.bytes, sha256, already: false };
    },

    /**
     * A partial file that is, whole, exactly `sha256`: the repeat of an upload already dealt with
     * (quarantined). Removed; returns whether it was.
     */
    async dropIfExactly(deviceId: string, name: string, bytes: number, sha256: string): Promise<boolean> {
      check(deviceId, name);
      const path = partPath(deviceId, name);
      if (!existsSync(path) || writing.has(`${deviceId}/${name}`)) return false;
      const p = await progressFor(deviceId, name);
      if (p.offset !== bytes || p.hash.copy().digest('hex') !== sha256) return false;
      progress.delete(`${deviceId}/${name}`);
      await rm(path, { force: true });
      return true;
    },

    /** The stored sidecar of a segment (e.g. its chain file), or null. */
    readSidecar(deviceId: string, name: string, suffix: string): string | null {
      check(deviceId, name);
      const file = join(opts.footageRoot, deviceId, 'device', `${name}${suffix}`);
      return existsSync(file) ? readFileSync(file, 'utf8') : null;
    },

    /**
     * Stores the device's chain file next to the segment (it travels with the segment). Never
     * replaces one: the same text again is a no-op; another text is refused (409). The new file
     * appears whole or not at all (temp file, fsync, hard link: the link fails if one exists).
     */
    async saveSidecar(deviceId: string, name: string, suffix: string, content: string): Promise<string> {
      check(deviceId, name);
      const rel = join(deviceId, 'device', `${name}${suffix}`);
      const final = join(opts.footageRoot, rel);
      const tmp = join(opts.footageRoot, `${rel}.${process.pid}.${Date.now()}.tmp`);
      mkdirSync(join(opts.footageRoot, deviceId, 'device'), { recursive: true });
      writeFileSync(tmp, content);
      await syncPath(tmp);
      try {
        linkSync(tmp, final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        if (readFileSync(final, 'utf8') !== content) {
          throw new UploadError(
            'conflict',
            `segment ${name} already has its evidence chain here; a stored chain is never replaced`,
            undefined,
            'chain-conflict',
          );
        }
      } finally {
        rmSync(tmp, { force: true });
      }
      await syncPath(join(opts.footageRoot, deviceId, 'device'));
      return rel;
    },
  };
}
export type UploadStore = ReturnType<typeof createUploadStore>;
