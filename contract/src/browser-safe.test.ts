/**
 * The contract is for the browser too (the dashboard bundles it): nothing it reaches may import a
 * Node built-in or a Node-only package. Its only package is TypeBox; every module is reached from
 * the index, so none escapes the check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reachableImports } from '../../scripts/reachable-imports.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** What a browser may load: the contract's own modules and TypeBox (its index and subpaths). */
const browserSafe = (spec: string) => spec.startsWith('.') || /^@sinclair\/typebox(\/|$)/.test(spec);

describe('@liuhen/contract', () => {
  const { files, imports } = reachableImports(join(here, 'index.ts'));

  it('its index reaches no Node built-in and no package but TypeBox', () => {
    const bad = imports.filter(({ spec }) => !browserSafe(spec));
    expect(bad.map(({ file, spec }) => `${file.slice(here.length + 1)} imports ${spec}`)).toEqual([]);
  });

  it('every module of the package is reached from the index', () => {
    const modules = readdirSync(here).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(modules.filter((f) => !files.has(join(here, f)))).toEqual([]);
  });

  it("builds schemas from the tree-shakable namespace, not TypeBox's Type object (bundle size)", () => {
    const whole = [...files].filter((f) =>
      /import\s*\{[^}]*\bType\b[^}]*\}\s*from\s*'@sinclair\/typebox'/.test(readFileSync(f, 'utf8')),
    );
    expect(whole.map((f) => f.slice(here.length + 1))).toEqual([]);
  });

  it('the check sees imports at all (and would refuse a Node one)', () => {
    expect(imports.some(({ spec }) => spec === '@sinclair/typebox')).toBe(true);
    expect(['node:fs', 'fs', 'better-sqlite3', '@liuhen/gateway'].filter(browserSafe)).toEqual([]);
  });
});
