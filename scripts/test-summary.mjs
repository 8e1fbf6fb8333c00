// The one line `npm test` ends with, from Vitest's JSON report. CI reads its leading
// "Tests: N passed, N failed, N skipped"; the parenthesis after it says how many browser tests
// ran, so a run where Chromium never started cannot pass unnoticed.

const isBrowserFile = (file) => String(file.name ?? '').replaceAll('\\', '/').includes('/test/e2e/');

/** A file that failed outside its tests (a hook, an import): it counts as one failure. */
const brokeOutsideTests = (file) =>
  file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed');

function browserCounts(files) {
  const browserFiles = files.filter(isBrowserFile);
  const tests = browserFiles.flatMap((file) => file.assertionResults ?? []);
  const count = (...statuses) => tests.filter((test) => statuses.includes(test.status)).length;
  const failed = count('failed') + browserFiles.filter(brokeOutsideTests).length;
  const skipped = count('pending', 'skipped', 'todo');
  const parts = [`${count('passed')} passed`];
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} skipped`);
  return `browser: ${parts.join(', ')}`;
}

/**
 * @param {any} json Vitest's JSON report, or null when none was written
 * @param {number | null} exitStatus the Vitest process's exit status
 */
export function summaryLine(json, exitStatus) {
  if (!json) return 'Tests: no report was written';
  const files = json.testResults ?? [];
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // Errors Vitest caught outside any test count too: the line must never say 0 failed on a red run.
  let failed = json.numFailedTests + files.filter(brokeOutsideTests).length;
  if (failed === 0 && exitStatus !== 0) failed = 1;
  const line = `Tests: ${json.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
  return json.numTotalTests === 0 ? `${line} (no test ran)` : `${line} (${browserCounts(files)})`;
}
