import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources (the "liuhen-source"
// export condition), so tests never run against a stale dist/.
// Keep Vite's own server conditions and add ours; never add "import" here:
// it would reach Node's require() and load ESM wrappers (ws) into CJS code.
const conditions = ['liuhen-source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['liuhen-source'] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // scripts/*.test.mjs: the generated files (API contract) are current.
          include: ['*/src/**/*.test.ts', 'scripts/*.test.mjs'],
          testTimeout: 10_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['gateway/test/**/*.test.ts', 'firmware-host/test/**/*.test.ts', 'evidence/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 90_000 },
      },
    ],
    maxWorkers: 2,
  },
});
