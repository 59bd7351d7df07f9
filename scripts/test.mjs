#!/usr/bin/env node
// Runs every *.test.ts file under the given folders (default: the whole repo) with node's
// test runner through tsx. Test files decide for themselves whether they need the
// distributed servers (see packages/storage/src/testing.ts); this script only says which
// suite is running.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, relative } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const dirs = only.length
  ? only.map((d) => resolve(d))
  : [join(root, 'packages'), join(root, 'services'), join(root, 'apps'), join(root, 'bench')];

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// The slowest files (seconds in the last timed distributed run, test-order.json) start first, so
// that two long ones do not end the run alone; the others follow in name order.
const slow = JSON.parse(readFileSync(join(root, 'scripts/test-order.json'), 'utf8'));
const weight = (f) => slow[relative(root, f)] ?? 0;
const files = dirs
  .flatMap((d) => (statSync(d, { throwIfNoEntry: false })?.isFile() ? [d] : walk(d, [])))
  .sort()
  .sort((a, b) => weight(b) - weight(a));
const mode = process.env.RUNNERLY_TEST_MODE === 'distributed' ? 'distributed' : 'embedded';
console.log(`runnerly tests: ${mode} suite, ${files.length} files`);
if (mode === 'embedded') {
  console.log(
    '  (the distributed suite on PostgreSQL and RabbitMQ is skipped: run it with RUNNERLY_TEST_MODE=distributed, see README)',
  );
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const child = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    ...files.map((f) => relative(process.cwd(), f)),
  ],
  { stdio: 'inherit', env: { ...process.env, RUNNERLY_TEST_MODE: mode } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
