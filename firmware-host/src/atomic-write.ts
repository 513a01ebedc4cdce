import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Replaces a small state file so a reader (or a power cut) sees either the old
 * or the new content, never half of it: write a temp file, optionally fsync
 * it, rename over the original. `mode` (e.g. 0o600 for credentials) is set on
 * the temp file before the rename, so the file is never readable by others.
 */
export function writeFileAtomic(path: string, data: string, opts: { fsync?: boolean; mode?: number } = {}): void {
  const tmp = `${path}.tmp`;
  if (opts.mode !== undefined) {
    // A temp file left by a crash would keep its old mode: create it afresh (the umask only removes bits).
    rmSync(tmp, { force: true });
    writeFileSync(tmp, data, { mode: opts.mode });
  } else {
    writeFileSync(tmp, data);
  }
  if (opts.fsync) {
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  renameSync(tmp, path);
}
