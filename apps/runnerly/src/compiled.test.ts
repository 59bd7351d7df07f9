import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Production (the image, `runnerly up`) runs the `tsc -b` output with plain node: no tsx, the
// workspace packages resolved to dist/ through the @runnerly/compiled export condition. CI builds
// before it tests (`npm run typecheck` is `tsc -b`); without a build there is nothing to run.
const root = resolve(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'apps', 'runnerly', 'bin', 'runnerly.js');
const built = existsSync(join(root, 'apps', 'runnerly', 'dist', 'main.js'));
const skip = built ? false : 'not built: run `npm run build` (tsc -b) to test the compiled output';
const plainNode = (args: string[]) =>
  execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });

describe('the compiled output', { skip }, () => {
  // Plain node refuses a .ts file (ERR_UNKNOWN_FILE_EXTENSION): loading the registry proves it all compiled.
  it('loads every service of the registry without TypeScript', () => {
    const out = plainNode([
      '--conditions=@runnerly/compiled',
      '--input-type=module',
      '-e',
      `const { loadServices } = await import(${JSON.stringify(join(root, 'apps/runnerly/dist/registry.js'))});
       console.log(JSON.stringify((await loadServices()).map((s) => s.module.name)));`,
    ]);
    const names = JSON.parse(out) as string[];
    assert.ok(names.includes('gateway') && names.includes('tokendealer'), names.join(','));
  });

  it('runnerly --version names the release and says it runs compiled', () => {
    const version = (
      JSON.parse(readFileSync(join(root, 'apps', 'runnerly', 'package.json'), 'utf8')) as { version: string }
    ).version;
    assert.match(
      readFileSync(join(root, 'CHANGELOG.md'), 'utf8'),
      new RegExp(`^## ${version.replaceAll('.', '\\.')} `, 'm'),
    );
    assert.equal(plainNode([bin, '--version']).trim(), `runnerly ${version} (Node.js ${process.version}, compiled)`);
  });
});
