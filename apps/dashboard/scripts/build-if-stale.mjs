#!/usr/bin/env node
// Builds the dashboard when dist/ is missing or older than its sources, so that
// `npm install && npm start` serves an up-to-date dashboard on a fresh clone.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const app = resolve(import.meta.dirname, '..');
const index = join(app, 'dist', 'index.html');

function newest(path) {
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path under the dashboard folder, walked by this build script
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  // eslint-disable-next-line security/detect-non-literal-fs-filename -- a path under the dashboard folder, walked by this build script
  return Math.max(0, ...readdirSync(path).map((n) => newest(join(path, n))));
}

const built = statSync(index, { throwIfNoEntry: false })?.mtimeMs ?? 0;
const sources = Math.max(
  ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(app, p))),
);
if (built && built >= sources) {
  if (process.argv.includes('--verbose')) console.log('dashboard: up to date');
  process.exit(0);
}
console.log(built ? 'dashboard: sources changed, rebuilding…' : 'dashboard: not built yet, building…');
const vite = join(app, 'node_modules', '.bin', 'vite');
const bin = statSync(vite, { throwIfNoEntry: false }) ? vite : resolve(app, '../../node_modules/.bin/vite');
const result = spawnSync(bin, ['build', '--logLevel', 'warn'], { cwd: app, stdio: 'inherit' });
process.exit(result.status ?? 1);
