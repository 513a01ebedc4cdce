import { open } from 'node:fs/promises';

/**
 * fsync a file or a directory (a directory sync makes a rename or a new file
 * in it durable), on the thread pool so the event loop keeps serving.
 */
export async function syncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
