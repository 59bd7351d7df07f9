// Two replicas of every service (the services reach the first token dealer; the simulator runs
// once) on PostgreSQL, RabbitMQ and Redis, as `runnerly up --replicas` runs them: a runner
// signs up through one gateway, links Strava through the other, and uploads a ZIP while the
// backfill runs; then the second replica of every service is killed with SIGKILL mid-work.
// The survivors carry on: the backfill finishes, the import finishes, every run is stored once.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { RabbitBus } from '@runnerly/bus';
import { httpBrowser, signUpAtGateway } from '@runnerly/gateway/testing';
import { writeZip } from '@runnerly/imports/fixtures';
import { amqpTestUrl, freshStore, isDistributed, type TestStore } from '@runnerly/storage/testing';
import { control } from '@runnerly/strava-sim/testing';
import { expectedRunIds } from '@runnerly/strava/testing';
import { waitFor } from '@runnerly/testing';
import { alive, readState, type SupervisorState } from './state.ts';

const root = resolve(import.meta.dirname, '..', '..', '..', '..');
const main = join(root, 'apps', 'runnerly', 'src', 'main.ts');
const built = existsSync(join(root, 'apps', 'runnerly', 'dist', 'main.js'));
const skip = !isDistributed()
  ? 'replicas share PostgreSQL, RabbitMQ and Redis: the distributed suite runs them'
  : !built
    ? 'not built: run `npm run build` (tsc -b) first'
    : false;
const replicated = ['tokendealer', 'accounts', 'data', 'strava', 'imports', 'training', 'races', 'reports', 'gateway'];
const withDatabase = replicated;

describe('two replicas of every service, one of each killed mid-work', { skip }, () => {
  const stores: TestStore[] = [];
  let bus: RabbitBus;
  let up: ChildProcess;
  let output = '';
  let dataDir: string;
  const announced = new Set<string>();
  const state = () => readState(dataDir) as SupervisorState;
  const url = (service: string, replica = 1) =>
    state().processes.find((p) => p.service === service && p.replica === replica)!.url;

  before(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_OPTIONS: '',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      RUNNERLY_BASE_PORT: String(22_000 + Math.floor(Math.random() * 60) * 10),
      AMQP_URL: amqpTestUrl(),
      AMQP_QUEUE_EXPIRES_SECONDS: '120',
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      GATEWAY_RATE_LIMIT_API: '100000',
      STRAVA_SIM_ATHLETES: '3',
      STRAVA_SIM_ACTIVITIES: '400',
      STRAVA_SYNC_LEASE_SECONDS: '3',
    };
    for (const service of withDatabase) {
      const store = await freshStore(`replicas_${service}`);
      stores.push(store);
      env[`${service.toUpperCase()}_DATABASE_URL`] = store.databaseUrl;
    }
    dataDir = stores[0]!.dataDir;
    env.DATA_DIR = dataDir;
    bus = new RabbitBus({
      url: amqpTestUrl(),
      namespace: `test-${randomBytes(5).toString('hex')}`,
      queueExpiresMs: 120_000,
      disposable: true,
    });
    // The runs the data service announces, relayed from its outbox by whichever replica claims them.
    await bus.subscribe('test.replicas', ['run.imported'], async (m) => {
      for (const r of (m.payload as { runs: Array<{ id: string }> }).runs) announced.add(r.id);
    });
    env.AMQP_NAMESPACE = bus.namespace;
    up = spawn(
      process.execPath,
      ['--import', 'tsx', main, 'up', '--replicas', replicated.map((s) => `${s}=2`).join(',')],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    for (const s of [up.stdout!, up.stderr!])
      s.on('data', (d: Buffer) => {
        output += d.toString();
        if (output.length > 400_000) output = output.slice(-200_000);
      });
    await waitFor(
      'every replica ready',
      () => readState(dataDir)?.processes.every((p) => p.state === 'ready'),
      240_000,
      500,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${output.slice(-4000)}`);
    });
  });
  after(async () => {
    if (up?.exitCode === null) {
      const exit = new Promise((r) => up.once('exit', r));
      up.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 30_000))]);
    }
    for (const p of readState(dataDir)?.processes ?? []) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
    await bus?.close();
    for (const s of stores) await s.cleanup();
  });

  // A failure says what the supervisor and the services printed last and where each process stood.
  const explained = (test: () => Promise<void>) => async () => {
    try {
      await test();
    } catch (err) {
      const table = (readState(dataDir)?.processes ?? [])
        .map((p) => `${p.service}#${p.replica} ${p.state} restarts=${p.restarts} last_exit=${p.last_exit ?? '-'}`)
        .join('\n');
      if (err instanceof Error) err.message += `\n--- processes\n${table}\n--- last output\n${output.slice(-6000)}`;
      throw err;
    }
  };

  it(
    'carries on through both gateways: every Strava run and every file stored once',
    explained(async () => {
      assert.equal(state().processes.length, 2 * replicated.length + 1, 'two of each, one simulator');
      const one = httpBrowser(url('gateway', 1), async () => {});
      const userId = await signUpAtGateway(one, 'replicas.runner@example.com');
      // The same session at the other gateway: the sessions live in Redis.
      const two = httpBrowser(url('gateway', 2), async () => {});
      for (const [k, v] of one.jar) two.jar.set(k, v);
      assert.equal((await two.request('GET', '/api/session')).body.user?.id, userId);

      const sim = url('strava-sim');
      const athlete = (await control<Array<{ id: number }>>(sim, 'GET', '/athletes'))[0]!.id;
      const expected = await expectedRunIds(sim, athlete);
      assert.ok(expected.length > 100, `a history of ${expected.length} runs`);
      const link = await one.request('POST', `/api/strava/users/${userId}/link`);
      assert.equal(link.status, 200, JSON.stringify(link.body));
      const authorize = new URL(link.body.authorize_url as string);
      authorize.searchParams.set('sim_auto', 'approve');
      authorize.searchParams.set('sim_athlete', String(athlete));
      const approved = await fetch(authorize, { redirect: 'manual' });
      const callback = new URL(approved.headers.get('location')!);
      const linked = await two.request('GET', `/api/strava/oauth/callback${callback.search}`);
      assert.match(linked.headers.get('location') ?? '', /strava=linked$/);

      const files = 40;
      const zip = writeZip(
        Array.from({ length: files }, (_, i) => ({
          name: `export/${i}.gpx`,
          data: writeGpx(roadRun(30 + (i % 7), Date.parse('2024-03-01T06:30:00Z') + i * 86_400_000)),
        })),
      );
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(zip)]), 'export.zip');
      const upload = await two.request('POST', `/api/imports/users/${userId}/imports`, { form });
      assert.equal(upload.status, 202, JSON.stringify(upload.body));

      // Mid-work: the backfill under way, the import not finished. The second replica of each dies.
      await waitFor('the backfill under way', async () => {
        const status = await one.request('GET', `/api/strava/users/${userId}/status`);
        return status.body.pages_done >= 1;
      });
      // Each second replica as it runs now (one that is restarting has no process to kill yet).
      const killed = await waitFor('every second replica running', () => {
        const seconds = state().processes.filter((p) => p.replica === 2);
        return seconds.every((p) => p.pid && alive(p.pid)) && seconds;
      });
      for (const p of killed) process.kill(p.pid!, 'SIGKILL');
      const killedAt = Date.now();

      // Gateway 1 carries on alone while the supervisor brings the others back.
      const status = await waitFor(
        'the backfill done',
        async () => {
          const s = await one.request('GET', `/api/strava/users/${userId}/status`);
          return s.status === 200 && s.body.backfill_done === true ? s.body : undefined;
        },
        180_000,
        500,
      );
      const job = await waitFor(
        'the import done',
        async () => {
          const j = await one.request('GET', `/api/imports/users/${userId}/imports/${upload.body.job_id}`);
          return j.status === 200 && (j.body.status === 'done' || j.body.status === 'failed') ? j.body : undefined;
        },
        180_000,
        500,
      );
      const recovered = (Date.now() - killedAt) / 1000;
      assert.equal(job.status, 'done');
      assert.equal(
        job.added,
        files,
        JSON.stringify(job.files?.filter((f: { status: string }) => f.status !== 'added')),
      );
      assert.equal(job.duplicates, 0);

      const runs: Array<{ id: string; source: string; source_id: string }> = [];
      let before: string | undefined;
      for (;;) {
        const page = await one.request(
          'GET',
          `/api/data/users/${userId}/runs?limit=100${before ? `&before=${encodeURIComponent(before)}` : ''}`,
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        runs.push(...page.body.runs);
        if (!page.body.next_before) break;
        before = page.body.next_before;
      }
      assert.equal(runs.length, expected.length + files, `${expected.length} from Strava and ${files} files`);
      assert.equal(new Set(runs.map((r) => r.id)).size, runs.length, 'each run once');
      assert.equal(status.imported, expected.length, 'the backfill imported each Strava run once');
      // Every stored run was announced on the bus: no event lost with the killed replicas.
      await waitFor('every run announced', () => runs.every((r) => announced.has(r.id)), 30_000, 250).catch(() => {
        throw new Error(`${runs.filter((r) => !announced.has(r.id)).length} of ${runs.length} runs never announced`);
      });
      // Every killed replica is back.
      await waitFor('every replica back', () => state().processes.every((p) => p.state === 'ready'), 60_000, 250);
      for (const p of killed) {
        const now = state().processes.find((x) => x.service === p.service && x.replica === 2)!;
        // Back by itself; a restart that came up while a service it calls was still down may have
        // exited and been restarted again (said here with its last lines).
        assert.ok(now.restarts >= 1, `${p.service} #2 restarted`);
        if (now.restarts > 1) {
          const lines = output.split('\n').filter((l) => l.includes(`"service":"${p.service}"`));
          console.log(`# ${p.service} #2 restarted ${now.restarts} times:\n${lines.slice(-5).join('\n')}`);
        }
      }
      console.log(
        `# replicas: ${killed.length} processes killed with SIGKILL mid-work (one of each service); backfill of ${expected.length} runs and import of ${files} files done ${recovered.toFixed(1)} s after, ${runs.length} runs, none twice, every one announced on the bus`,
      );
    }),
  );
});
