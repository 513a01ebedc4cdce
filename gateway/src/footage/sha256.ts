import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export const sha256Text = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * SHA-256 of a file, read through a read-only descriptor (a sealed original is never opened for
 * writing). An abort signal stops a long read (a background job past its time limit).
 */
export async function sha256File(path: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const stream = createReadStream(path, { flags: 'r', highWaterMark: 1 << 20, ...(signal ? { signal } : {}) });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
