/**
 * Where document bytes live: content-addressed files under the footage root,
 * `documents/<case>/<sha256>`. A file is written to a temporary name, flushed
 * and renamed, so a power cut leaves either nothing or the whole file; the
 * same bytes uploaded twice are one file, and an existing file is never
 * overwritten (its name is its hash). Behind this interface an S3-compatible
 * store can take the station's place.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { link, mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface StoredBytes {
  /** Relative to the footage root. */
  path: string;
  sha256: string;
  bytes: number;
}

export interface DocumentStore {
  put(caseId: string, bytes: Buffer): Promise<StoredBytes>;
  open(path: string): ReadStream;
  size(path: string): Promise<number | null>;
}

export function createDocumentStore(root: string): DocumentStore {
  return {
    async put(caseId, bytes) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const path = join('documents', caseId, sha256);
      const abs = join(root, path);
      await mkdir(dirname(abs), { recursive: true });
      const tmp = `${abs}.${randomUUID()}.part`;
      const fh = await open(tmp, 'wx');
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      // link() fails when the name exists: the same bytes are already stored, and stored bytes are never replaced.
      await link(tmp, abs).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      await unlink(tmp);
      return { path, sha256, bytes: bytes.length };
    },
    open: (path) => createReadStream(join(root, path)),
    async size(path) {
      return stat(join(root, path)).then(
        (s) => s.size,
        () => null,
      );
    },
  };
}
