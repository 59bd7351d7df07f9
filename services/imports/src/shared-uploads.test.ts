// Replicas of the imports service on different machines share their database, not a disk: with
// UPLOAD_STORE=database an upload taken by one replica is parsed by another, which never sees the
// first one's folder. The first replica here cannot reach the data service, so its attempts fail
// and the job's work is redelivered until the second one, with its own empty folder, does it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import type { RunningService } from '@runnerly/service-kit';
import { scopes } from '@runnerly/contracts';
import { writeZip } from './fixtures/zip-writer.ts';
import {
  allRuns,
  newUser,
  startAnotherImports,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

const day = (i: number) => Date.parse('2025-06-01T06:30:00Z') + i * 86_400_000;

describe('an upload taken by one imports replica, parsed by another (UPLOAD_STORE=database)', () => {
  let sys: ImportsTestSystem;
  let second: RunningService;
  const firstDir = mkdtempSync(join(tmpdir(), 'imports-first-'));
  const secondDir = mkdtempSync(join(tmpdir(), 'imports-second-'));
  before(async () => {
    // The system's imports service is the first replica: it takes uploads, but every run it sends fails.
    sys = await startImportsTestSystem('shared_uploads', {
      UPLOAD_STORE: 'database',
      UPLOAD_DIR: firstDir,
      DATA_URL: 'http://127.0.0.1:1',
    });
    second = await startAnotherImports(sys, { UPLOAD_STORE: 'database', UPLOAD_DIR: secondDir });
  });
  after(async () => {
    await second?.close();
    await sys?.close();
  });

  test("the second replica imports every file of it, without the first one's folder", async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const n = 6;
    const zip = writeZip(
      Array.from({ length: n }, (_, i) => ({ name: `export/${i}.gpx`, data: writeGpx(roadRun(30 + i, day(i))) })),
    );
    const files = [
      { name: 'export.zip', bytes: zip },
      { name: 'single.gpx', bytes: writeGpx(roadRun(50, day(n))) },
    ];
    const accepted = await upload(sys.urls.imports!, user, token, files);
    assert.equal(accepted.status, 202, JSON.stringify(accepted.body));
    assert.deepEqual(readdirSync(firstDir), [], "nothing waits on the first replica's disk");
    assert.deepEqual(readdirSync(secondDir), []);
    const job = await waitForJob(second.url, user, accepted.body.job_id, token, 90_000);
    assert.equal(job.status, 'done');
    assert.deepEqual(
      job.files.map((f: { status: string }) => f.status),
      Array(n + 1).fill('added'),
      JSON.stringify(job.files.map((f: { error?: unknown }) => f.error)),
    );
    const runs = await allRuns(sys.urls.data!, user, await sys.serviceToken([scopes.runsRead]));
    assert.equal(runs.length, n + 1);
    // The job done, its bytes are gone from the database too.
    const left = await sys.db.selectFrom('upload_bytes').select('file_id').execute();
    assert.deepEqual(left, []);
  });
});
