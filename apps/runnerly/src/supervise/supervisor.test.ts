import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { RabbitBus } from '@runnerly/bus';
import { amqpTestUrl, freshStore, isDistributed, type TestStore } from '@runnerly/storage/testing';
import { waitFor } from '@runnerly/testing';
import { alive, readState, type SupervisorState } from './state.ts';

// `runnerly up` needs RabbitMQ, and its services run the compiled output (CI builds before it tests).
// The distributed suite runs it always; the embedded suite when RabbitMQ answers (as in CI). The
// supervisor itself runs from the sources (`npm run runnerly -- up`), its services compiled.
const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const main = join(root, 'apps', 'runnerly', 'src', 'main.ts');
const built = existsSync(join(root, 'apps', 'runnerly', 'dist', 'main.js'));
const rabbitAnswers = await new Promise<boolean>((done) => {
  const url = new URL(amqpTestUrl());
  const socket = connect(Number(url.port || 5672), url.hostname, () => {
    socket.end();
    done(true);
  });
  socket.on('error', () => done(false));
});
const skip = !built
  ? 'not built: run `npm run build` (tsc -b) first'
  : !isDistributed() && !rabbitAnswers
    ? `runnerly up needs RabbitMQ, and none answers at ${new URL(amqpTestUrl()).host}`
    : false;
// Replicas share their service's database, which must be PostgreSQL: the distributed suite runs
// strava twice; the embedded suite (SQLite files) one of each, and kills the races service instead.
const replicated = isDistributed() ? 'strava' : undefined;
const victim = { service: replicated ?? 'races', replica: replicated ? 2 : 1 };
const isVictim = (p: { service: string; replica: number }) =>
  p.service === victim.service && p.replica === victim.replica;

interface Line {
  service?: string;
  replica?: number;
  supervisor?: boolean;
  msg?: string;
  at: number;
}

describe('runnerly up, the process manager', { skip }, () => {
  let store: TestStore;
  let up: ChildProcess;
  let exited: Promise<number | null>;
  const lines: Line[] = [];
  const basePort = 21_000 + Math.floor(Math.random() * 80) * 10;
  let env: NodeJS.ProcessEnv;
  // The services' namespace on RabbitMQ: closing this bus deletes its exchange, their queues expire.
  let bus: RabbitBus;

  const status = () =>
    new Promise<{ code: number; out: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', main, 'status'], { env, cwd: root }, (err, out) =>
        done({ code: err ? Number((err as { code?: number }).code) : 0, out }),
      );
    });
  const state = () => readState(store.dataDir) as SupervisorState;
  const seen = (service: string, msg: RegExp, replica = 1) =>
    lines.findIndex((l) => l.supervisor && l.service === service && l.replica === replica && msg.test(l.msg ?? ''));

  before(async () => {
    // Strava runs twice: its replicas share a PostgreSQL database; the others keep SQLite files.
    store = await freshStore('supervisor_strava');
    bus = new RabbitBus({
      url: amqpTestUrl(),
      namespace: `test-${randomBytes(5).toString('hex')}`,
      queueExpiresMs: 120_000,
      disposable: true,
    });
    await bus.subscribe('test.supervisor', ['run.imported'], async () => {});
    env = {
      ...process.env,
      NODE_OPTIONS: '',
      DATA_DIR: store.dataDir,
      RUNNERLY_BASE_PORT: String(basePort),
      AMQP_URL: amqpTestUrl(),
      AMQP_NAMESPACE: bus.namespace,
      AMQP_QUEUE_EXPIRES_SECONDS: '120',
      ...(store.databaseUrl ? { STRAVA_DATABASE_URL: store.databaseUrl } : {}),
      LOG_LEVEL: 'info',
      LOG_FORMAT: '',
    };
    up = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'up', ...(replicated ? ['--replicas', `${replicated}=2`] : [])],
      {
        env,
        cwd: root,
        stdio: 'pipe',
      },
    );
    exited = new Promise((done) => up.on('exit', (code) => done(code)));
    createInterface({ input: up.stdout! }).on('line', (text) => {
      try {
        lines.push({ ...(JSON.parse(text) as Omit<Line, 'at'>), at: Date.now() });
      } catch {
        lines.push({ msg: text, at: Date.now() });
      }
    });
    up.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  });
  after(async () => {
    if (up && up.exitCode === null) up.kill('SIGKILL');
    for (const p of readState(store.dataDir)?.processes ?? [])
      if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    await bus?.close();
    await store?.cleanup();
  });

  it(`starts every service after the ones it calls answer /readyz${replicated ? `, two replicas of ${replicated}` : ''}`, async () => {
    await waitFor('every process ready', () => state()?.processes.every((p) => p.state === 'ready'), 180_000, 250);
    assert.equal((await status()).code, 0);
    const processes = state().processes;
    assert.ok(processes.every((p) => p.state === 'ready' && p.pid !== null));
    // Each service started only once the ones it calls were ready.
    for (const [service, deps] of [
      ['accounts', ['tokendealer']],
      ['strava', ['tokendealer', 'data']],
      ['training', ['data', 'races']],
      ['reports', ['accounts', 'data', 'training']],
      ['gateway', ['accounts', 'data', 'strava', 'imports', 'training', 'races', 'reports']],
    ] as const) {
      for (const dep of deps) {
        assert.ok(seen(dep, /^ready/) >= 0, `${dep} ready`);
        assert.ok(seen(dep, /^ready/) < seen(service, /^starting/), `${dep} ready before ${service} starts`);
      }
    }
    const { out } = await status();
    assert.match(out, /^runnerly up \(pid \d+\) running for/);
    assert.match(out, /\ngateway\s+1\s+\d+\s+http:\/\/127\.0\.0\.1:\d+\s+ready\s+ready\s+0\s/);
    if (!replicated) return;
    assert.equal(processes.filter((p) => p.service === replicated).length, 2);
    // The second replica answers on its own port, a hundred further.
    const first = processes.find((p) => p.service === replicated && p.replica === 1)!;
    const second = processes.find((p) => p.service === replicated && p.replica === 2)!;
    assert.equal(Number(new URL(second.url).port), Number(new URL(first.url).port) + 100);
    assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
    // The services that call it are told both replicas (the service client takes them in turn).
    const gateway = processes.find((p) => p.service === 'gateway')!;
    const environ = readFileSync(`/proc/${gateway.pid}/environ`, 'utf8').split('\0');
    assert.ok(
      environ.includes(`STRAVA_URL=${first.url},${second.url}`),
      environ.find((e) => e.startsWith('STRAVA_URL=')),
    );
    assert.match(
      out,
      new RegExp(`\\n${replicated}\\s+2\\s+\\d+\\s+http://127\\.0\\.0\\.1:\\d+\\s+ready\\s+ready\\s+0\\s`),
    );
    assert.ok(
      lines.some((l) => !l.supervisor && l.service === replicated && l.replica === 2),
      'the logs of the second replica say which one they come from',
    );
  });

  it(`restarts ${victim.service}${replicated ? ' #2' : ''} killed with SIGKILL and counts the restart; the others keep running`, async () => {
    const before = state().processes.find(isVictim)!;
    const others = state().processes.filter((p) => !isVictim(p));
    process.kill(before.pid!, 'SIGKILL');
    await waitFor(
      'the killed process restarted and ready',
      () => {
        const p = state().processes.find(isVictim)!;
        return p.state === 'ready' && p.pid !== before.pid ? p : undefined;
      },
      60_000,
    );
    const after = state().processes.find(isVictim)!;
    assert.equal(after.restarts, 1);
    assert.match(after.last_exit ?? '', /^SIGKILL at /);
    assert.match(
      lines[seen(victim.service, /^exited/, victim.replica)]?.msg ?? '',
      /^exited \(SIGKILL\); restarting in 1 s$/,
    );
    for (const o of others)
      assert.equal(state().processes.find((p) => p.service === o.service && p.replica === o.replica)!.pid, o.pid);
    const { code, out } = await status();
    assert.equal(code, 0);
    assert.match(
      out,
      new RegExp(`\\n${victim.service}\\s+${victim.replica}\\s+\\d+\\s+\\S+\\s+ready\\s+ready\\s+1\\s`),
    );
  });

  it('stops on SIGTERM, callers first, every process by itself, and status says it is gone', async () => {
    const pids = state().processes.map((p) => p.pid!);
    up.kill('SIGTERM');
    assert.equal(await exited, 0, 'nothing had to be killed');
    assert.ok(
      pids.every((pid) => !alive(pid)),
      'no process left behind',
    );
    assert.ok(state().processes.every((p) => p.state === 'stopped'));
    const stoppedAt = (service: string) =>
      lines.findIndex((l) => !l.supervisor && l.service === service && l.msg === 'stopped');
    assert.ok(stoppedAt('gateway') >= 0 && stoppedAt('tokendealer') >= 0);
    assert.ok(stoppedAt('gateway') < stoppedAt('data'), 'the gateway stops before the data service');
    assert.ok(stoppedAt('data') < stoppedAt('tokendealer'), 'the token dealer stops last');
    const { code, out } = await status();
    assert.equal(code, 3);
    assert.match(out, /runnerly up is not running/);
  });
});
