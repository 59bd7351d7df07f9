// The same work taken twice at once: a replica killed mid-job has its message redelivered to
// another one while it restarts and enqueues its unfinished job again, so two handlers read the
// same pending files. Whichever stores a file's run first, and whichever settles it first, the
// file is added by this job, never counted as a duplicate of itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { scopes } from '@runnerly/contracts';
import { ServiceClient, serviceLogger } from '@runnerly/service-kit';
import type { ImportsDeps } from './deps.ts';
import { createParserPool, type ParserPool } from './parser-pool.ts';
import { createJob, findJob, markEnqueued, type NewFile } from './store.ts';
import { allRuns, newUser, startImportsTestSystem, type ImportsTestSystem } from './testing.ts';
import { handleParseBatch } from './work.ts';

describe('one job handled twice at once', () => {
  let sys: ImportsTestSystem;
  let pool: ParserPool;
  let data: ServiceClient;
  let blobDir: string;
  before(async () => {
    sys = await startImportsTestSystem('imports_redelivery');
    pool = createParserPool(1);
    const token = await sys.serviceToken([scopes.runsWrite, scopes.runsRead]);
    data = new ServiceClient({ service: 'data', baseUrl: sys.urls.data!, tokens: { getToken: async () => token } });
    blobDir = await mkdtemp(join(tmpdir(), 'runnerly-redelivery-'));
  });
  after(async () => {
    await data?.close();
    await pool?.close();
    await sys?.close();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  const depsWith = (client: ImportsDeps['data']): ImportsDeps => ({
    db: sys.db,
    bus: sys.bus,
    pool,
    data: client,
    blobDir,
    uploadStore: 'files',
    defaultTimeZone: 'UTC',
    profileZone: async () => 'UTC',
    logger: serviceLogger('imports-test', 'warn'),
    now: () => new Date(),
    limits: {
      maxFileBytes: 8 * 1024 * 1024,
      maxZipBytes: 64 * 1024 * 1024,
      maxUnzippedBytes: 256 * 1024 * 1024,
      maxZipEntries: 1000,
      maxZipRatio: 100,
      maxFilesPerRequest: 100,
    },
  });

  /** A job of these GPX files (bytes), pending and enqueued, with nobody working on it yet. */
  async function pendingJob(user: string, gpx: Uint8Array[]) {
    const jobId = randomUUID();
    await mkdir(join(blobDir, jobId), { recursive: true });
    const files: NewFile[] = [];
    for (const [i, bytes] of gpx.entries()) {
      await writeFile(join(blobDir, jobId, `${i}.gpx`), bytes);
      files.push({ name: `${i}.gpx`, entry: null, size: bytes.length, status: 'pending', blob: `${jobId}/${i}.gpx` });
    }
    const rows = await createJob(sys.db, { id: jobId, userId: user }, files, new Date());
    // On the bus already, as a redelivered job is: the service's own sweeper leaves it alone (it
    // would take it to its own upload folder, where these bytes are not).
    await markEnqueued(sys.db, jobId, new Date());
    return { jobId, payload: { job_id: jobId, file_ids: rows.map((r) => r.id) } };
  }
  const statuses = (jobId: string) =>
    sys.db
      .selectFrom('import_files')
      .select(['name', 'status'])
      .where('job_id', '=', jobId)
      .orderBy('position')
      .execute();
  const gpxRuns = (n: number) =>
    Array.from({ length: n }, (_, i) => writeGpx(roadRun(30 + i, Date.parse('2025-02-01T06:30:00Z') + i * 86_400_000)));

  test('the handler that stores the runs settles last: every file is still added, none a duplicate', async () => {
    const user = newUser();
    const count = 6;
    const { jobId, payload } = await pendingJob(user, gpxRuns(count));

    // First: its runs reach the data service, then it waits for the other to finish before it
    // settles (a handler slowed down, or one whose answer was lost with a killed data replica).
    let stored!: () => void;
    const firstStored = new Promise<void>((r) => (stored = r));
    let secondDone!: () => void;
    const secondSettled = new Promise<void>((r) => (secondDone = r));
    const first = handleParseBatch(
      payload,
      depsWith({
        get: (path, options) => data.get(path, options),
        post: async (path, options) => {
          const answer = await data.post(path, options);
          stored();
          await secondSettled;
          return answer as never;
        },
      }),
    );
    // Second: read the same pending files at the same moment, sends once the first has stored.
    const second = handleParseBatch(
      payload,
      depsWith({
        get: (path, options) => data.get(path, options),
        post: async (path, options) => {
          await firstStored;
          return data.post(path, options);
        },
      }),
    ).finally(() => secondDone());
    await Promise.all([first, second]);

    const job = (await findJob(sys.db, jobId))!;
    // On a failure, say why each file ended as it did.
    const why = await sys.db
      .selectFrom('import_files')
      .select(['name', 'status', 'error_code', 'error_message'])
      .where('job_id', '=', jobId)
      .execute();
    assert.equal(job.status, 'done', JSON.stringify(why));
    assert.deepEqual(
      (await statuses(jobId)).filter((f) => f.status !== 'added'),
      [],
      'each file added by this job',
    );
    const token = await sys.userToken(user);
    assert.equal((await allRuns(sys.urls.data!, user, token)).length, count, 'each run stored once');
  });

  test('the same file twice in one job, and again in a later job: the first copy added, the others duplicates', async () => {
    const user = newUser();
    const [a, b] = gpxRuns(2);
    const first = await pendingJob(user, [a!, b!, a!]);
    await handleParseBatch(first.payload, depsWith(data));
    assert.deepEqual(
      (await statuses(first.jobId)).map((f) => f.status),
      ['added', 'added', 'duplicate'],
    );
    const again = await pendingJob(user, [b!]);
    await handleParseBatch(again.payload, depsWith(data));
    assert.deepEqual(
      (await statuses(again.jobId)).map((f) => f.status),
      ['duplicate'],
    );
    const token = await sys.userToken(user);
    assert.equal((await allRuns(sys.urls.data!, user, token)).length, 2);
  });
});
