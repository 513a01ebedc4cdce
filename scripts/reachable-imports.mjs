// What a package's entry module reaches through relative imports, read as text (no build, no
// loader): the browser-safe tests of @liuhen/device-profiles and @liuhen/contract walk it to show
// that nothing the browser loads imports a Node built-in or a Node-only package.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/**
 * Every module specifier reachable from `entry` (a .ts file) through relative imports, with the
 * file importing it, and the files read.
 * @param {string} entry
 * @returns {{ files: Set<string>, imports: { file: string, spec: string }[] }}
 */
export function reachableImports(entry) {
  const files = new Set();
  const imports = [];
  const visit = (file) => {
    if (files.has(file)) return;
    files.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      imports.push({ file, spec });
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
    }
  };
  visit(entry);
  return { files, imports };
}
