// `npm test`: every suite (unit, database on PGlite — and PostgreSQL when DATABASE_URL is set —,
// API journeys, browser), then one summary line: "Tests: N passed, N failed, N skipped (browser: N passed)".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { summaryLine } from './test-summary.mjs';
import { ensureWebBuild } from './web-build.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
ensureWebBuild();

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'instainstru-test-')), 'report.json');
const result = spawnSync(
  process.execPath,
  [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } },
);

const json = fs.existsSync(report) ? JSON.parse(fs.readFileSync(report, 'utf8')) : null;
const summary = summaryLine(json, result.status);
console.log(`\n${summary}`);
process.exit(result.status ?? 1);
