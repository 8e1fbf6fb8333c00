// Builds the web app when its output is missing or older than its sources, so `npm start`
// and `npm test` always serve what the sources say without rebuilding every time.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'apps/web');
const builtIndex = path.join(web, 'dist/index.html');

function newestMtime(entry) {
  const stat = fs.statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

export function webBuildIsStale() {
  if (!fs.existsSync(builtIndex)) return true;
  // The workspace packages the web app imports (packages/*) are its sources too.
  const sources = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public']
    .map((name) => path.join(web, name))
    .concat(path.join(root, 'packages'))
    .filter((p) => fs.existsSync(p));
  const newestSource = Math.max(...sources.map(newestMtime));
  return newestSource > fs.statSync(builtIndex).mtimeMs;
}

export function ensureWebBuild() {
  if (!webBuildIsStale()) return;
  console.log('Building the web app…');
  const result = spawnSync('npm', ['run', 'build', '-w', 'apps/web', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('The web app failed to build.');
    process.exit(result.status ?? 1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureWebBuild();
