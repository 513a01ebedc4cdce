import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';

/**
 * A per-device event sequence number that never goes backwards, even across
 * restarts and power cuts: the station de-duplicates on (device, seq).
 * Numbers are reserved in blocks so the disk is written once per block.
 */
export function createSequence(file: string, blockSize = 100): { next(): number } {
  mkdirSync(dirname(file), { recursive: true });
  let current = 0;
  try {
    current = Number(JSON.parse(readFileSync(file, 'utf8')).reserved) || 0;
  } catch {
    current = 0;
  }
  let reserved = current;
  const reserve = (upTo: number) => {
    writeFileAtomic(file, JSON.stringify({ reserved: upTo }), { fsync: true });
    reserved = upTo;
  };
  return {
    next() {
      current += 1;
      if (current > reserved) reserve(current + blockSize - 1);
      return current;
    },
  };
}
