// Builds what is not built: TypeScript projects (tsc -b is incremental) and
// the dashboard when its sources (or the contract it bundles) are newer than its build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`build failed: ${cmd} ${args.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

export function buildIfNeeded() {
  if (!existsSync(join(root, 'node_modules'))) {
    console.error('dependencies are missing: run "npm install" first');
    process.exit(1);
  }
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b']);
  const dash = join(root, 'dashboard');
  const built = join(dash, 'dist/index.html');
  const sources = Math.max(
    newestMtime(join(dash, 'src')),
    newestMtime(join(root, 'contract/src')),
    statSync(join(dash, 'index.html')).mtimeMs,
  );
  if (!existsSync(built) || statSync(built).mtimeMs < sources) {
    console.log('building the dashboard ...');
    run('npm', ['run', '--silent', 'build', '-w', 'dashboard', '--', '--logLevel', 'warn']);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) buildIfNeeded();
