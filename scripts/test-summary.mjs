// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs';

export const REPORT = '.vitest-report.json';

export function printSummary() {
  if (!existsSync(REPORT)) {
    console.log('0 passed, 1 failed');
    return;
  }
  const r = JSON.parse(readFileSync(REPORT, 'utf8'));
  // A suite that failed to load has no test results: count it as a failure.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0,
  ).length;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(
    `${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed${skipped ? `, ${skipped} skipped` : ''}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) printSummary();
