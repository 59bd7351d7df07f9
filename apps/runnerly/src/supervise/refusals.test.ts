import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// What `runnerly up` refuses before it starts anything, and says why.
const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const main = join(root, 'apps', 'runnerly', 'src', 'main.ts');

function up(args: string[], env: Record<string, string | undefined>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'runnerly-refusals-'));
  try {
    const res = spawnSync(process.execPath, ['--import', 'tsx', main, 'up', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      // NODE_V8_COVERAGE: the coverage run measures the command too.
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_V8_COVERAGE: process.env.NODE_V8_COVERAGE,
        DATA_DIR: dataDir,
        ...env,
      },
    });
    return { code: res.status, err: res.stderr };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const amqp = { AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' };

describe('runnerly up refuses, saying why', () => {
  it('without a shared bus', () => {
    const r = up([], {});
    assert.equal(r.code, 1);
    assert.match(r.err, /need a shared message bus: set AMQP_URL/);
  });
  it('replicas of a service whose database would be one SQLite file', () => {
    const r = up(['--replicas', 'data=2'], amqp);
    assert.equal(r.code, 1);
    assert.match(r.err, /--replicas data=2: .* must be PostgreSQL: set DATA_DATABASE_URL/);
  });
  it('replicas of the simulator, which keeps its world in memory', () => {
    const r = up(['--replicas', 'strava-sim=2'], amqp);
    assert.equal(r.code, 1);
    assert.match(r.err, /the simulator keeps its world in memory; it runs once/);
  });
  it('replicas of a service that does not run with these settings, and malformed counts', () => {
    const sim = up(['--replicas', 'strava-sim=2'], { ...amqp, STRAVA_CLIENT_ID: '123' });
    assert.equal(sim.code, 1);
    assert.match(sim.err, /--replicas: strava-sim does not run with these settings/);
    const bad = up(['--replicas', 'strava'], amqp);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--replicas takes service=count/);
  });
});
