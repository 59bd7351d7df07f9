// Processes killed with SIGKILL in the middle of an import, as an operator's `kill -9` or the
// kernel's OOM killer would: the data service while it stores a ZIP's batches, the imports
// service while it works through a ZIP. Real processes on PostgreSQL and RabbitMQ; each kill
// touches only this test's own processes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '@runnerly/storage';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { childBusEnv } from '@runnerly/bus/testing';
import { freshStore, isDistributed, type TestStore } from '@runnerly/storage/testing';
import { spawnService, tcpProxy, waitFor, type ServiceProcess, type TcpProxy } from '@runnerly/testing';
import { scopes } from '@runnerly/contracts';
import { writeZip } from './fixtures/zip-writer.ts';
import { allRuns, newUser, startImportsTestSystem, upload, waitForJob, type ImportsTestSystem } from './testing.ts';

const distributed = isDistributed() ? false : 'needs PostgreSQL and RabbitMQ (distributed suite)';
const day = (i: number) => Date.parse('2025-01-01T06:30:00Z') + i * 86_400_000;
const zipOf = (n: number) =>
  writeZip(
    Array.from({ length: n }, (_, i) => ({ name: `export/${i}.gpx`, data: writeGpx(roadRun(30 + (i % 9), day(i))) })),
  );
const dataServer = resolve(import.meta.dirname, '..', '..', 'data', 'src', 'server.ts');
const importsServer = resolve(import.meta.dirname, 'server.ts');

async function killed(p: ServiceProcess): Promise<void> {
  const exit = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exit;
}

/** Rows the data service committed for this runner, read from its database. */
async function storedRuns(databaseUrl: string, userId: string): Promise<number> {
  const database = openDatabase<{ runs: { user_id: string } }>({ service: 'data', databaseUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{ n: number }>`select count(*) as n from runs where user_id = ${userId}`.execute(
      database.db,
    );
    return Number(rows[0]!.n);
  } finally {
    await database.close();
  }
}

describe('the data service killed with SIGKILL while it stores a ZIP', { skip: distributed }, () => {
  let sys: ImportsTestSystem;
  let store: TestStore;
  let proxy: TcpProxy;
  let data: ServiceProcess;
  let env: Record<string, string>;
  before(async () => {
    store = await freshStore('kill_data');
    // The imports service reaches the data process through a proxy that follows it to its new port.
    proxy = await tcpProxy(() => Number(new URL(data.url).port));
    sys = await startImportsTestSystem('kill_data_imports', { DATA_URL: `http://127.0.0.1:${proxy.port}` });
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: store.dataDir,
      DATABASE_URL: store.databaseUrl!,
      TOKENDEALER_URL: sys.urls.tokendealer!,
      ...childBusEnv(sys.bus),
    };
    data = await spawnService(dataServer, 'data', env);
  });
  after(async () => {
    if (data?.child.exitCode === null) await killed(data);
    await sys?.close();
    await proxy?.close();
    await store?.cleanup();
  });

  test('no batch half stored; the ones it had not committed are sent again once it is back; every run once', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const n = 100;
    const accepted = await upload(sys.urls.imports!, user, token, [{ name: 'export.zip', bytes: zipOf(n) }]);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    const atKill = await waitFor(
      'a first batch committed',
      async () => {
        const count = await storedRuns(store.databaseUrl!, user);
        return count > 0 ? count : undefined;
      },
      60_000,
      20,
    );
    await killed(data);
    const afterKill = await storedRuns(store.databaseUrl!, user);
    assert.ok(afterKill < n, `killed mid-import (${afterKill} of ${n} stored)`);
    // The imports service sends 25 runs a batch, each in one transaction: none is half there.
    assert.equal(afterKill % 25, 0, `whole batches only (${afterKill} stored, ${atKill} seen)`);

    const killedAt = performance.now();
    data = await spawnService(dataServer, 'data', env);
    const job = await waitForJob(sys.urls.imports!, user, accepted.body.job_id, token, 120_000);
    const recovered = (performance.now() - killedAt) / 1000;
    assert.equal(job.status, 'done');
    assert.equal(job.added, n, JSON.stringify(job.files.filter((f) => f.status !== 'added').slice(0, 3)));
    assert.equal(job.duplicates, 0);
    assert.equal(job.failed, 0);
    const runs = await allRuns(data.url, user, await sys.serviceToken([scopes.runsRead]));
    assert.equal(runs.length, n);
    assert.equal(new Set(runs.map((r) => r.start_time)).size, n, 'each run once');
    console.log(
      `# data kill -9 mid-ZIP: ${afterKill} of ${n} runs committed at the kill (whole batches), job done ${recovered.toFixed(1)} s after it (restart included), ${n} runs, none twice`,
    );
  });
});

describe('the imports service killed with SIGKILL mid-ZIP', { skip: distributed }, () => {
  let sys: ImportsTestSystem;
  let store: TestStore;
  let worker: ServiceProcess;
  let env: Record<string, string>;
  before(async () => {
    sys = await startImportsTestSystem('kill_imports');
    store = await freshStore('kill_imports_worker');
    const client = sys.credentials.get('imports')!;
    env = {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      DATA_DIR: store.dataDir,
      DATABASE_URL: store.databaseUrl!,
      TOKENDEALER_URL: sys.urls.tokendealer!,
      DATA_URL: sys.urls.data!,
      CLIENT_ID: client.clientId,
      CLIENT_SECRET: client.clientSecret,
      ...childBusEnv(sys.bus, '-worker'),
      // One parser thread and one batch at a time: the kill lands with most of the ZIP to go.
      PARSE_THREADS: '1',
      WORK_CONCURRENCY: '1',
    };
    worker = await spawnService(importsServer, 'imports', env);
  });
  after(async () => {
    if (worker?.child.exitCode === null) await killed(worker);
    await sys?.close();
    await store?.cleanup();
  });

  test('the restarted service resumes the job: every run stored once, none called a duplicate', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const reader = await sys.serviceToken([scopes.runsRead]);
    const n = 100;
    const accepted = await upload(worker.url, user, token, [{ name: 'export.zip', bytes: zipOf(n) }]);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    await waitFor('some runs stored', async () => (await allRuns(sys.urls.data!, user, reader)).length > 0, 60_000, 20);
    await killed(worker);
    const stored = (await allRuns(sys.urls.data!, user, reader)).length;
    assert.ok(stored < n, `killed mid-ZIP (${stored} of ${n} stored)`);

    const killedAt = performance.now();
    worker = await spawnService(importsServer, 'imports', env);
    const job = await waitForJob(worker.url, user, accepted.body.job_id, token, 120_000);
    const recovered = (performance.now() - killedAt) / 1000;
    assert.equal(job.status, 'done');
    assert.equal(job.added, n, JSON.stringify(job.files.filter((f) => f.status !== 'added').slice(0, 3)));
    assert.equal(job.duplicates, 0, 'runs stored before the kill are its own, not duplicates');
    const runs = await allRuns(sys.urls.data!, user, reader);
    assert.equal(runs.length, n);
    assert.equal(new Set(runs.map((r) => r.start_time)).size, n, 'each run once');
    console.log(
      `# imports kill -9 mid-ZIP: ${stored} of ${n} runs stored at the kill, job done ${recovered.toFixed(1)} s after it (restart included), ${n} runs, none twice, 0 duplicates`,
    );
  });
});
