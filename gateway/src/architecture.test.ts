/**
 * Services speak the domain and know nothing of HTTP: no module under gateway/src outside
 * gateway/src/http imports from it. Shared rules live outside (errors.ts, access/scope.ts).
 * Queries live in repositories: only `*-repo.ts` modules, db/ (schema, migrations) and the
 * telemetry store backends build SQL, so a second database engine touches those files only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const HTTP = join(SRC, 'http');

/**
 * The composition root: it builds the HTTP app from the services, so it must name it.
 * Nothing else may; keep this list to the wiring.
 */
const COMPOSITION_ROOTS = new Set(['gateway.ts']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(c|m)?ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module a file imports or re-exports, static or dynamic, resolved to a path when relative. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec));
}

const inHttp = (path: string) => path === HTTP || path.startsWith(HTTP + sep);

/** Files outside http/ that import from it, with what they import (read once: parsing every file is slow on a busy machine). */
let importScan: Map<string, string[]> | undefined;
function offenders(): Map<string, string[]> {
  if (importScan) return importScan;
  const out = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    if (inHttp(file)) continue;
    const bad = importsOf(file).filter(inHttp);
    if (bad.length)
      out.set(
        relative(SRC, file),
        bad.map((p) => relative(SRC, p)),
      );
  }
  importScan = out;
  return out;
}

/** Query building: Kysely's builders and raw SQL, the raw SQLite handle's statements. */
const BUILDS_SQL =
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|prepare)\(|\bsql(`|\.(raw|ref|table|id|lit|join)\b)/;

/** Where queries may be built. */
function mayBuildSql(file: string): boolean {
  const rel = relative(SRC, file).split(sep).join('/');
  return rel.endsWith('-repo.ts') || rel.startsWith('db/') || /^telemetry\/[a-z-]+-store\.ts$/.test(rel);
}

/** Non-test source files outside the repositories that build SQL, with their first offending line. */
function sqlOutsideRepositories(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of sources(SRC)) {
    if (file.endsWith('.test.ts') || mayBuildSql(file)) continue;
    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => BUILDS_SQL.test(l) && !/^\s*(\*|\/\/)/.test(l));
    if (i >= 0) out[relative(SRC, file)] = `${i + 1}: ${lines[i]!.trim()}`;
  }
  return out;
}

describe('architecture', () => {
  it('no file outside repositories and migrations builds SQL (queries live in *-repo.ts)', () => {
    expect(sqlOutsideRepositories()).toEqual({});
  });

  it('sees every form of query building (the SQL check is not vacuous)', () => {
    for (const line of [
      "await db.selectFrom('cases').selectAll().execute();",
      "trx.insertInto('audit').values(row)",
      "db.updateTable('steps').set(x)",
      "  .deleteFrom('links')",
      'raw.prepare("SELECT 1")',
      'sql`count(*)`',
      'sql.lit(5)',
    ])
      expect(BUILDS_SQL.test(line), line).toBe(true);
    for (const line of ['const selected = items.filter(Boolean);', 'prepared.run()', 'const sqlite = open()'])
      expect(BUILDS_SQL.test(line), line).toBe(false);
    expect(mayBuildSql(join(SRC, 'cases', 'steps-repo.ts'))).toBe(true);
    expect(mayBuildSql(join(SRC, 'cases', 'cases.ts'))).toBe(false);
  });

  it('no module outside gateway/src/http imports from it (services throw domain errors: errors.ts)', () => {
    const found = [...offenders()].filter(([file]) => !COMPOSITION_ROOTS.has(file));
    expect(Object.fromEntries(found)).toEqual({});
  });

  it('sees imports of every form (the check is not vacuous)', () => {
    const dir = join(SRC, 'cases');
    const spec = (text: string) =>
      ts
        .preProcessFile(text, true, true)
        .importedFiles.map((f) => resolve(dir, f.fileName))
        .filter(inHttp);
    expect(spec("import { HttpError } from '../http/errors.js';")).toHaveLength(1);
    expect(spec("import type { Scope } from '../http/guard.js';")).toHaveLength(1);
    expect(spec("export { caseVisible } from '../http/scope.js';")).toHaveLength(1);
    expect(spec("const m = await import('../http/scope.js');")).toHaveLength(1);
    expect(spec("import '../http/app.js';")).toHaveLength(1);
    expect(spec("import { x } from '../httpish/errors.js';")).toHaveLength(0);
    // The composition root really does import the HTTP app, so the scan reads real files.
    for (const root of COMPOSITION_ROOTS) expect(offenders().get(root)?.length).toBeGreaterThan(0);
  });
});
