import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Replaces a small state file so a reader (or a power cut) sees either the old
 * or the new content, never half of it: write a temp file, optionally fsync
 * it, rename over the original.
 */
export function writeFileAtomic(path: string, data: string, opts: { fsync?: boolean } = {}): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
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
