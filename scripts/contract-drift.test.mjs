// The dashboard cannot drift from the gateway: a field renamed in the generated
// client types (what `npm run docs` writes when a gateway schema changes) makes
// the dashboard's type check fail where the dashboard reads it. The staleness test
// (openapi.test.mjs) keeps the generated file in step with the gateway; this test
// proves the other half on a copy, so the real tree is never touched.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DASHBOARD = fileURLToPath(new URL('../dashboard/', import.meta.url));
const TSC = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
const SCHEMA = 'src/lib/api/schema.d.ts';

let copy = '';

/** Type-checks the copy's lib/ modules (plain TypeScript, so tsc alone is enough and quick). */
function typeCheck() {
  const run = spawnSync(process.execPath, [TSC, '-p', join(copy, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the dashboard against the API contract', () => {
  beforeAll(() => {
    // Inside dashboard/ so the copy resolves the same node_modules as the real one.
    copy = mkdtempSync(join(DASHBOARD, '.contract-drift-'));
    cpSync(join(DASHBOARD, 'src'), join(copy, 'src'), { recursive: true });
    writeFileSync(
      join(copy, 'tsconfig.json'),
      JSON.stringify({ extends: '../tsconfig.json', include: ['src/lib/**/*.ts'], exclude: ['src/**/*.test.ts'] }),
    );
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('a field renamed in the generated types fails the dashboard type check', { timeout: 120_000 }, () => {
    // The unchanged copy checks clean, so a failure below is the rename's and nothing else's.
    const before = typeCheck();
    expect(before.output).toBe('');
    expect(before.status).toBe(0);

    // The gateway renames Device.activeAlerts; `npm run docs` would write this.
    const schema = readFileSync(join(copy, SCHEMA), 'utf8');
    expect(schema).toMatch(/\bactiveAlerts:/);
    writeFileSync(join(copy, SCHEMA), schema.replace(/\bactiveAlerts:/g, 'activeAlertCount:'));

    const after = typeCheck();
    expect(after.status).not.toBe(0);
    expect(after.output).toMatch(/device-state\.ts.*Property 'activeAlerts' does not exist/);
  });
});
