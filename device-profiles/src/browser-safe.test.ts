/**
 * The contract's index is for the browser too (the dashboard imports it): nothing it reaches may
 * import a Node built-in or a Node-only package. Node-only helpers live behind `./node`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachableImports } from '../../scripts/reachable-imports.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const reach = (entry: string) => reachableImports(entry).imports;

describe('@liuhen/device-profiles', () => {
  it('its index reaches no Node built-in and no Node-only package', () => {
    const bad = reach(join(here, 'index.ts')).filter(
      ({ spec }) => spec.startsWith('node:') || spec.startsWith('@ffmpeg-installer/'),
    );
    expect(bad.map(({ file, spec }) => `${file.slice(here.length + 1)} imports ${spec}`)).toEqual([]);
  });

  it('its Node entry does reach them (the check sees imports at all)', () => {
    expect(reach(join(here, 'node.ts')).some(({ spec }) => spec.startsWith('node:'))).toBe(true);
  });
});
