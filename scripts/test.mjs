// `npm test`: every suite (unit, database on PGlite — and PostgreSQL when DATABASE_URL is set —,
// API journeys, browser), then one summary line: "Tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureWebBuild();

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'instainstru-test-')), 'report.json');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);

let summary = 'Tests: no report was written';
if (fs.existsSync(report)) {
  const json = JSON.parse(fs.readFileSync(report, 'utf8'));
  const skipped = (json.numPendingTests ?? 0) + (json.numTodoTests ?? 0);
  // A file that failed outside its tests (a hook, an import) counts as one failure, and so do
  // errors Vitest caught outside any test: the line must never say 0 failed on a red run.
  const brokenFiles = (json.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  let failed = json.numFailedTests + brokenFiles;
  if (failed === 0 && result.status !== 0) failed = 1;
  summary = `Tests: ${json.numPassedTests} passed, ${failed} failed, ${skipped} skipped`;
  if (json.numTotalTests === 0) summary += ' (no test ran)';
}
console.log(`\n${summary}`);
process.exit(result.status ?? 1);
