#!/usr/bin/env node
// Checks the workspaces against each other (knip checks the registry packages):
// 1. every `@runnerly/*` import is declared in the importing workspace's package.json —
//    in `dependencies` when product code imports it, `devDependencies` at least when only
//    tests and test helpers do — and nothing declared is left unused;
// 2. the package graph has no cycle, development dependencies (test code) included;
// 3. production runs compiled JavaScript: every export is `{ "@runnerly/compiled": "./dist/x.js",
//    "default": "./src/x.ts" }` and the workspace's tsconfig writes to dist/ (see apps/runnerly/bin/runnerly.js).
// Exits 1 with one line per problem.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const folders = rootPkg.workspaces.flatMap((pattern) => {
  const base = pattern.replace(/\/\*$/, '');
  return readdirSync(join(root, base))
    .map((name) => join(root, base, name))
    .filter((dir) => statSync(join(dir, 'package.json'), { throwIfNoEntry: false })?.isFile());
});

const workspaces = new Map();
for (const dir of folders) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  workspaces.set(pkg.name, { dir, pkg });
}

/** Files of a workspace that hold code, without built output and installed packages. */
function codeFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (['node_modules', 'dist', 'dist-types'].includes(name) || name.startsWith('.')) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) codeFiles(full, out);
    else if (/\.(ts|tsx|mjs|js)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const isTestCode = (file) =>
  /\.test\.tsx?$/.test(file) ||
  /(^|\/)testing\.ts$/.test(file) ||
  /\/(fixtures|e2e)\//.test(file) ||
  /(^|\/)(vite|vitest)\.config\.ts$/.test(file);
// eslint-disable-next-line security/detect-unsafe-regex -- one optional group, no nested repetition; run on the repository's own files
const importPattern = /(?:from\s+|import\s*\(\s*|import\s+)['"](@runnerly\/[a-z0-9-]+)(?:\/[^'"]*)?['"]/g;

const problems = [];
const edges = new Map();
for (const [name, { dir, pkg }] of workspaces) {
  const declared = { ...pkg.dependencies };
  const declaredDev = { ...pkg.devDependencies };
  const usedProd = new Set();
  const usedAny = new Set();
  for (const file of codeFiles(dir)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const target = match[1];
      if (target === name) continue;
      if (!workspaces.has(target)) {
        problems.push(`${relative(root, file)}: imports ${target}, which is no workspace`);
        continue;
      }
      usedAny.add(target);
      if (!isTestCode(relative(dir, file))) usedProd.add(target);
    }
  }
  for (const target of usedProd) {
    if (!(target in declared)) problems.push(`${name}: product code imports ${target}: add it to "dependencies"`);
  }
  for (const target of usedAny) {
    if (!usedProd.has(target) && !(target in declared) && !(target in declaredDev)) {
      problems.push(`${name}: tests import ${target}: add it to "devDependencies"`);
    }
  }
  for (const target of Object.keys({ ...declared, ...declaredDev })) {
    if (target.startsWith('@runnerly/') && !usedAny.has(target)) {
      problems.push(`${name}: declares ${target} but never imports it`);
    }
  }
  edges.set(name, [...usedAny]);
}

// Compiled output: what production (the image, `runnerly up`) loads under the @runnerly/compiled condition.
for (const [name, { dir, pkg }] of workspaces) {
  for (const [key, target] of Object.entries(pkg.exports ?? {})) {
    const source = typeof target === 'string' ? target : target?.default;
    const want =
      typeof source === 'string' ? source.replace(/^\.\/src\//, './dist/').replace(/\.tsx?$/, '.js') : undefined;
    if (typeof target !== 'object' || !source?.startsWith('./src/') || target['@runnerly/compiled'] !== want) {
      problems.push(
        `${name}: export "${key}" must be { "@runnerly/compiled": "${want ?? './dist/….js'}", "default": "${source ?? './src/….ts'}" } (production loads dist/)`,
      );
    }
  }
  const tsconfig = join(dir, 'tsconfig.json');
  if (
    pkg.exports &&
    statSync(tsconfig, { throwIfNoEntry: false }) &&
    !/"outDir":\s*"dist"/.test(readFileSync(tsconfig, 'utf8'))
  ) {
    problems.push(`${name}: tsconfig.json must set "outDir": "dist" (and "tsBuildInfoFile": "dist/.tsbuildinfo")`);
  }
}

// Cycles, test code included: depth-first search over the import graph.
const state = new Map();
const stack = [];
function visit(node) {
  state.set(node, 'open');
  stack.push(node);
  for (const next of edges.get(node) ?? []) {
    if (state.get(next) === 'open') {
      problems.push(`package cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
}
for (const name of workspaces.keys()) if (!state.has(name)) visit(name);

if (problems.length) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(
  `workspaces: ${workspaces.size} checked, every import declared, no package cycle, exports compiled to dist/`,
);
