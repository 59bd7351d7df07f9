#!/usr/bin/env node
// Before `npm start`: compiles what changed (`tsc -b`, incremental: about a second when nothing
// did, a minute or so on a fresh clone) and builds the dashboard when its sources are newer, so
// that `npm start` runs compiled JavaScript, as production does, without a TypeScript loader.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsc = resolve(root, 'node_modules/.bin/tsc');
if (!existsSync(resolve(root, 'apps/runnerly/dist/main.js')))
  console.log('runnerly: compiling the services (first start only, about a minute)…');
const compiled = spawnSync(tsc, ['-b'], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('runnerly: the sources do not compile (see above). `npm run runnerly -- start` runs them as they are.');
  process.exit(compiled.status ?? 1);
}
const dashboard = spawnSync(process.execPath, [resolve(root, 'apps/dashboard/scripts/build-if-stale.mjs')], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(dashboard.status ?? 1);
