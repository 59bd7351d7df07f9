#!/usr/bin/env node
// Line and branch coverage per workspace, from the summary c8 wrote (`npm run coverage`), and
// a check against the floors in scripts/coverage-floors.json: a workspace below its floor fails
// the run. `--write-floors` sets each floor a little under today's figure (runs vary a little).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const summaryFile = join(root, 'artifacts', 'coverage', 'coverage-summary.json');
const floorsFile = join(root, 'scripts', 'coverage-floors.json');
if (!existsSync(summaryFile)) {
  console.error(`no ${relative(root, summaryFile)}: run npm run coverage first`);
  process.exit(1);
}
const summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
const totals = new Map();
for (const [file, figures] of Object.entries(summary)) {
  if (file === 'total') continue;
  const m = /^(packages|services|apps)\/([^/]+)\//.exec(relative(root, file));
  if (!m) continue;
  const name = `${m[1]}/${m[2]}`;
  const t = totals.get(name) ?? { lines: [0, 0], branches: [0, 0] };
  t.lines[0] += figures.lines.covered;
  t.lines[1] += figures.lines.total;
  t.branches[0] += figures.branches.covered;
  t.branches[1] += figures.branches.total;
  totals.set(name, t);
}
const pct = ([covered, total]) => (total === 0 ? 100 : (100 * covered) / total);
// A floor leaves two points of slack, or five lines/branches' worth in a small workspace, where
// one branch taken or not by a timing-dependent test moves the figure by several points.
const floorOf = ([covered, total]) =>
  Math.max(0, Math.floor(pct([covered, total]) - Math.max(2, total ? (100 * 5) / total : 0)));
const floors = existsSync(floorsFile) ? JSON.parse(readFileSync(floorsFile, 'utf8')) : {};
const failures = [];
console.log(`${'workspace'.padEnd(26)} ${'lines'.padStart(7)} ${'branches'.padStart(9)}   floor (lines / branches)`);
for (const [name, t] of [...totals].sort(([a], [b]) => a.localeCompare(b))) {
  const lines = pct(t.lines);
  const branches = pct(t.branches);
  const floor = floors[name];
  const below = floor && (lines < floor.lines || branches < floor.branches);
  if (below) failures.push(name);
  console.log(
    `${name.padEnd(26)} ${lines.toFixed(1).padStart(6)}% ${branches.toFixed(1).padStart(8)}%   ${
      floor ? `${floor.lines} / ${floor.branches}` : '-'
    }${below ? '   BELOW THE FLOOR' : ''}`,
  );
}
const all = summary.total;
console.log(`${'all'.padEnd(26)} ${all.lines.pct.toFixed(1).padStart(6)}% ${all.branches.pct.toFixed(1).padStart(8)}%`);
if (process.argv.includes('--write-floors')) {
  const next = Object.fromEntries(
    [...totals].map(([name, t]) => [name, { lines: floorOf(t.lines), branches: floorOf(t.branches) }]),
  );
  writeFileSync(floorsFile, `${JSON.stringify(next, null, 2)}\n`);
  console.log(`floors written to ${relative(root, floorsFile)}`);
} else if (failures.length) {
  console.error(`coverage fell below the floor in: ${failures.join(', ')}`);
  process.exit(1);
}
