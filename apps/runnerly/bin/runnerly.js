#!/usr/bin/env node
// The runnerly command as production runs it: compiled JavaScript (`npm run build`, i.e. `tsc -b`,
// writes every workspace's dist/), with the workspace packages resolved to their dist/ through
// the `@runnerly/compiled` export condition (the image sets it in NODE_OPTIONS; without it this
// file starts node again with it). Development runs the sources instead: `npm start`,
// `npm run runnerly -- …` (node --import tsx apps/runnerly/src/main.ts).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
// eslint-disable-next-line security/detect-non-literal-fs-filename -- the compiled entry point beside this file
if (!existsSync(main)) {
  process.stderr.write(
    'runnerly is not built: run `npm run build` (tsc -b) first, or run it from the sources with `npm run runnerly -- …`\n',
  );
  process.exit(2);
}
if (import.meta.resolve('@runnerly/service-kit').endsWith('/dist/index.js')) {
  await import(main);
} else {
  const child = spawn(
    process.execPath,
    ['--conditions=@runnerly/compiled', ...process.execArgv, main, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1)));
}
