import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { topics } from '@runnerly/contracts';
import { sampleActivities } from '@runnerly/activity-files/fixtures';
import { createJob } from './store.ts';
import { newUser, startImportsTestSystem, upload, waitForJob, type ImportsTestSystem } from './testing.ts';
import { waitFor } from '@runnerly/testing';

describe('account.deleted', () => {
  let sys: ImportsTestSystem;
  before(async () => {
    // Its "waiting" jobs are written straight to the database and must stay waiting: no sweeper pass.
    sys = await startImportsTestSystem('imp_delete', { SWEEP_SECONDS: '3600' });
  });
  after(async () => {
    await sys.close();
  });

  const blobDir = () => join(sys.dataDir, 'imports');

  /** A finished import over HTTP, and a job whose bytes still wait on disk (as after a crash before its work was queued). */
  async function importsOf(user: string): Promise<string[]> {
    const token = await sys.userToken(user);
    const samples = sampleActivities({ startTime: Date.parse('2025-06-02T06:00:00Z') }).slice(0, 2);
    const res = await upload(
      sys.urls.imports!,
      user,
      token,
      samples.map((s) => ({ name: s.fileName, bytes: s.bytes })),
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal((await waitForJob(sys.urls.imports!, user, res.body.job_id, token)).status, 'done');
    // A finished job's uploaded bytes are removed just after it is marked done.
    for (let i = 0; i < 100 && existsSync(join(blobDir(), res.body.job_id)); i++)
      await new Promise((r) => setTimeout(r, 50));
    const waiting = randomUUID();
    mkdirSync(join(blobDir(), waiting), { recursive: true });
    writeFileSync(join(blobDir(), waiting, '0'), samples[0]!.bytes);
    await createJob(
      sys.db,
      { id: waiting, userId: user },
      [
        {
          name: samples[0]!.fileName,
          entry: null,
          size: samples[0]!.bytes.length,
          blob: `${waiting}/0`,
          status: 'pending',
        },
      ],
      new Date(),
    );
    return [res.body.job_id as string, waiting];
  }

  async function held(user: string, jobIds: string[]) {
    const jobs = await sys.db.selectFrom('import_jobs').select('id').where('user_id', '=', user).execute();
    const files = await sys.db.selectFrom('import_files').select('id').where('job_id', 'in', jobIds).execute();
    return {
      jobs: jobs.length,
      files: files.length,
      folders: jobIds.filter((id) => existsSync(join(blobDir(), id))).length,
    };
  }

  test("removes the user's jobs, per-file rows and uploaded files, and nobody else's; twice is harmless", async () => {
    const user = newUser();
    const other = newUser();
    const mine = await importsOf(user);
    const theirs = await importsOf(other);
    assert.deepEqual(await held(user, mine), { jobs: 2, files: 3, folders: 1 });
    const theirsBefore = await held(other, theirs);

    await sys.bus.publish(topics.accountDeleted, { user_id: user });
    await waitFor('the jobs to go', async () => (await held(user, mine)).jobs === 0, 10_000);
    assert.deepEqual(await held(user, mine), { jobs: 0, files: 0, folders: 0 });
    const token = await sys.userToken(user);
    const list = await fetch(`${sys.urls.imports}/users/${user}/imports`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.deepEqual(await list.json(), { jobs: [] });
    assert.equal(
      (
        await fetch(`${sys.urls.imports}/users/${user}/imports/${mine[0]}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
      404,
    );

    await sys.bus.publish(topics.accountDeleted, { user_id: user });
    await sys.bus.publish(topics.accountDeleted, { user_id: user });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(await held(user, mine), { jobs: 0, files: 0, folders: 0 });
    assert.deepEqual(await held(other, theirs), theirsBefore);
    assert.ok(readdirSync(blobDir()).includes(theirs[1]!), "the other runner's waiting upload is still there");
    assert.equal(await sys.bus.deadLetterCount('imports.account-deleted'), 0);
  });
});
