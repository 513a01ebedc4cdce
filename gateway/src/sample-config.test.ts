import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, renderSampleConfig } from './config.js';

const sampleUrl = new URL('../liuhen.sample.yaml', import.meta.url);

describe('gateway/liuhen.sample.yaml', () => {
  it('is up to date with the config schema', () => {
    let onDisk = '';
    try {
      onDisk = readFileSync(sampleUrl, 'utf8');
    } catch {
      // reported by the assertion below
    }
    expect(
      onDisk === renderSampleConfig(),
      'gateway/liuhen.sample.yaml is stale or missing: run `npx tsc -b && node scripts/gen-docs.mjs`',
    ).toBe(true);
  });

  it('parses as YAML into every section of the defaults', () => {
    const parsed = parse(readFileSync(sampleUrl, 'utf8')) as Record<string, unknown>;
    expect(parsed).toEqual(loadConfig({ env: {} }));
  });

  it('loads to exactly the defaults', () => {
    expect(loadConfig({ file: fileURLToPath(sampleUrl), env: {} })).toEqual(loadConfig({ env: {} }));
  });
});
