/**
 * The contract's index is for the browser too (the dashboard imports it): nothing it reaches may
 * import a Node built-in or a Node-only package. Node-only helpers live behind `./node`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier reachable from `entry` through relative imports, with the file importing it. */
function reach(entry: string): { file: string; spec: string }[] {
  const seen = new Set<string>();
  const out: { file: string; spec: string }[] = [];
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      out.push({ file, spec });
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return out;
}

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
