// Faults the imports service recovers from by itself: its database unreachable (503 with
// Retry-After, /readyz says so), the broker away for over a minute with an upload made
// meanwhile (answered at once, processed once the broker is back: the database is the truth,
// the queue a trigger), the data service's answers lost mid-ZIP (the retry does not call
// its own runs duplicates). Each fault touches only this test's own connections (a TCP proxy
// in front of the server), never the servers others use.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { amqpTestUrl, isDistributed, postgresAdminUrl } from '@runnerly/storage/testing';
import { tcpProxy, waitFor, type TcpProxy } from '@runnerly/testing';
import { writeZip } from './fixtures/zip-writer.ts';
import {
  allRuns,
  getJson,
  newUser,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

const distributed = isDistributed() ? false : 'needs PostgreSQL and RabbitMQ (distributed suite)';
/** The broker outage of the upload test: over the minute that used to strand a job. */
const OUTAGE_MS = Number(process.env.RUNNERLY_FAULT_OUTAGE_SECONDS ?? 65) * 1000;
const day = (i: number) => Date.parse('2025-04-01T06:30:00Z') + i * 86_400_000;
const gpx = (i: number) => writeGpx(roadRun(40 + (i % 7), day(i)));

describe('the imports database unreachable', { skip: distributed }, () => {
  let sys: ImportsTestSystem;
  let pg: TcpProxy;
  before(async () => {
    pg = await tcpProxy(Number(new URL(postgresAdminUrl()).port || 5432));
    sys = await startImportsTestSystem(
      'faults_pg',
      {},
      { databaseUrl: (s, url) => (s === 'imports' ? pg.url(url) : url) },
    );
  });
  after(async () => {
    await sys.close();
    await pg.close();
  });

  test('answers 503 with Retry-After (never 500), /readyz names the database, both recover by themselves', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const list = `${sys.urls.imports}/users/${user}/imports`;
    assert.equal((await getJson(list, token)).status, 200);
    pg.cut();
    const res = await fetch(list, { headers: { authorization: `Bearer ${token}` } });
    const body = (await res.json()) as { code: string };
    assert.equal(res.status, 503);
    assert.equal(body.code, 'unavailable');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    const ready = await getJson(`${sys.urls.imports}/readyz`);
    assert.equal(ready.status, 503);
    assert.notEqual(ready.body.checks.database, 'ok');
    assert.equal(ready.body.checks.bus, 'ok');
    // An upload during the outage is refused the same way, and leaves nothing behind.
    const refused = await upload(sys.urls.imports!, user, token, [{ name: 'a.gpx', bytes: gpx(0) }]);
    assert.equal(refused.status, 503);
    const restored = Date.now();
    pg.restore();
    await waitFor('the job list again', async () => (await getJson(list, token)).status === 200, 15_000);
    const seconds = (Date.now() - restored) / 1000;
    assert.ok(seconds < 10, `recovered in ${seconds} s`);
    assert.equal((await getJson(`${sys.urls.imports}/readyz`)).status, 200);
    assert.deepEqual((await getJson(list, token)).body.jobs, []);
    console.log(
      `# imports database cut: 503 + Retry-After meanwhile, recovered ${seconds.toFixed(1)} s after it came back`,
    );
  });
  test('the database cut five times under load: every upload is answered (202 or 503), every job finishes, each run once', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    let cuts = 0;
    let refused = 0;
    const flapping = (async () => {
      for (; cuts < 5; cuts++) {
        await new Promise((r) => setTimeout(r, 1200));
        pg.cut();
        await new Promise((r) => setTimeout(r, 800));
        pg.restore();
      }
    })();
    const jobs: string[] = [];
    for (let j = 0; j < 6; j++) {
      const files = [0, 1].map((k) => ({ name: `f${j}-${k}.gpx`, bytes: gpx(100 + j * 2 + k) }));
      // As a client that honours Retry-After (sooner here): the same upload again.
      for (;;) {
        const res = await upload(sys.urls.imports!, user, token, files);
        if (res.status === 202) {
          jobs.push(res.body.job_id);
          break;
        }
        assert.equal(res.status, 503, JSON.stringify(res.body));
        refused++;
        await new Promise((r) => setTimeout(r, 300));
      }
      await new Promise((r) => setTimeout(r, 700));
    }
    await flapping;
    for (const id of jobs) {
      const job = await waitForJob(sys.urls.imports!, user, id, token, 60_000);
      assert.equal(job.status, 'done');
      assert.equal(job.added, 2, JSON.stringify(job.files));
    }
    const runs = await allRuns(sys.urls.data!, user, await sys.serviceToken(['runs:read']));
    assert.equal(runs.length, 12);
    assert.equal((await getJson(`${sys.urls.imports}/readyz`)).status, 200);
    console.log(
      `# imports database cut ${cuts} times under uploads: ${refused} uploads answered 503 and retried, 6 jobs done, 12 runs stored once`,
    );
  });
});

describe('RabbitMQ away for over a minute, with an upload made meanwhile', { skip: distributed }, () => {
  let sys: ImportsTestSystem;
  let amqp: TcpProxy;
  before(async () => {
    amqp = await tcpProxy(Number(new URL(amqpTestUrl()).port || 5672));
    sys = await startImportsTestSystem('faults_mq', { SWEEP_SECONDS: '1' }, { amqpUrl: (url) => amqp.url(url) });
  });
  after(async () => {
    await sys.close();
    await amqp.close();
  });

  test('the upload is answered at once and processed once the broker is back, each run once', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    amqp.cut();
    const cutAt = Date.now();
    await waitFor('readyz to see the bus gone', async () => {
      const r = await getJson(`${sys.urls.imports}/readyz`);
      return r.status === 503 && r.body.checks.bus !== 'ok';
    });
    const files = Array.from({ length: 3 }, (_, i) => ({ name: `run-${i}.gpx`, bytes: gpx(i) }));
    const started = Date.now();
    const accepted = await upload(sys.urls.imports!, user, token, files);
    const answerMs = Date.now() - started;
    assert.equal(accepted.status, 202);
    assert.ok(answerMs < 5000, `answered after ${answerMs} ms`);
    const jobUrl = `${sys.urls.imports}/users/${user}/imports/${accepted.body.job_id}`;
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - cutAt))));
    assert.equal((await getJson(jobUrl, token)).body.status, 'queued', 'nothing processed while the broker is away');
    const restored = Date.now();
    amqp.restore();
    const job = await waitForJob(sys.urls.imports!, user, accepted.body.job_id, token, 30_000);
    const seconds = (Date.now() - restored) / 1000;
    assert.equal(job.status, 'done');
    assert.equal(job.added, 3);
    assert.equal(job.duplicates, 0);
    const runs = await allRuns(sys.urls.data!, user, await sys.serviceToken(['runs:read']));
    assert.equal(runs.length, 3);
    assert.equal((await getJson(`${sys.urls.imports}/readyz`)).status, 200);
    console.log(
      `# broker away ${(OUTAGE_MS / 1000).toFixed(0)} s: upload answered in ${answerMs} ms, job done ${seconds.toFixed(1)} s after the broker came back, 3 runs stored once`,
    );
  });
});

describe("the data service's answers lost mid-ZIP", () => {
  let sys: ImportsTestSystem;
  let data: TcpProxy;
  before(async () => {
    data = await tcpProxy(() => Number(new URL(sys.urls.data!).port));
    sys = await startImportsTestSystem('faults_data', { DATA_URL: `http://127.0.0.1:${data.port}` });
  });
  after(async () => {
    await sys.close();
    await data.close();
  });

  test('the retry finds its own runs stored and reports them added, not duplicates; nothing twice', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const n = 12;
    const zip = writeZip(Array.from({ length: n }, (_, i) => ({ name: `activities/${i}.gpx`, data: gpx(i) })));
    data.cut('answers');
    const accepted = await upload(sys.urls.imports!, user, token, [{ name: 'export.zip', bytes: zip }]);
    assert.equal(accepted.status, 202);
    const reader = await sys.serviceToken(['runs:read']);
    // The data service stored the batch; the imports service never heard back.
    await waitFor('the runs stored', async () => (await allRuns(sys.urls.data!, user, reader)).length === n, 30_000);
    data.restore();
    const job = await waitForJob(sys.urls.imports!, user, accepted.body.job_id, token, 60_000);
    assert.equal(job.status, 'done');
    assert.equal(job.added, n, JSON.stringify(job.files.map((f) => f.status)));
    assert.equal(job.duplicates, 0);
    const runs = await allRuns(sys.urls.data!, user, reader);
    assert.equal(runs.length, n);
    assert.equal(new Set(runs.map((r) => r.id)).size, n);
    // Uploading the same export again: now they are duplicates.
    const again = await upload(sys.urls.imports!, user, token, [{ name: 'export.zip', bytes: zip }]);
    const second = await waitForJob(sys.urls.imports!, user, again.body.job_id, token);
    assert.equal(second.duplicates, n);
    assert.equal(second.added, 0);
  });
});
