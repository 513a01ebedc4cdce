import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';
import { createSequence } from './sequence.js';

describe('event sequence', () => {
  it('never repeats a number across restarts, even without a clean stop', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'seq-')), 'seq.json');
    const first = createSequence(file, 10);
    const a = [first.next(), first.next(), first.next()];
    expect(a).toEqual([1, 2, 3]);
    // "Power cut": a new instance reads only what was reserved on disk.
    const second = createSequence(file, 10);
    const b = second.next();
    expect(b).toBeGreaterThan(3);
    expect(JSON.parse(readFileSync(file, 'utf8')).reserved).toBeGreaterThanOrEqual(b);
  });
});

describe('backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 0)).toBe(500);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 30_000, () => 1)).toBe(30_000);
  });
});
