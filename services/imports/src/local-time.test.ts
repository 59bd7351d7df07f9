// A run's zone is where it was run: its first position, else the clock offset its file was
// written with, else the runner's profile zone (from the accounts service) — never the server's.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { allRuns, startImportsTestSystem, upload, waitForJob, type ImportsTestSystem } from './testing.ts';

const corpus =
  process.env.RUNNERLY_ACTIVITY_CORPUS ??
  resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'activity-corpus');
const file = (name: string) => readFileSync(resolve(corpus, 'files', name));

describe('the zone of an imported run', { skip: !existsSync(corpus) && 'no shared activity corpus' }, () => {
  let sys: ImportsTestSystem;
  before(async () => {
    sys = await startImportsTestSystem('imp_local_time', {}, { accounts: true });
  });
  after(async () => {
    await sys.close();
  });

  async function zonesOf(userId: string, names: string[]): Promise<Record<string, string>> {
    const token = await sys.userToken(userId);
    const res = await upload(
      sys.urls.imports!,
      userId,
      token,
      names.map((name) => ({ name, bytes: file(name) })),
    );
    assert.equal(res.status, 202);
    const job = await waitForJob(sys.urls.imports!, userId, res.body.job_id, token);
    assert.deepEqual(
      job.files.map((f) => f.status),
      names.map(() => 'added'),
    );
    const runs = await allRuns(sys.urls.data!, userId, token);
    const byRun = new Map(job.files.map((f) => [f.run_id, f.name]));
    return Object.fromEntries(runs.map((r) => [byRun.get(r.id), r.timezone]));
  }

  test("is the place of the first position, whatever the runner's zone", async () => {
    const user = await sys.addRunner('Asia/Tokyo');
    assert.deepEqual(await zonesOf(user, ['sportslib__1681613317.gpx', 'tcxparser__test.tcx']), {
      // A Strava app recording in Paris; a Forerunner 410 run in New York.
      'sportslib__1681613317.gpx': 'Europe/Paris',
      'tcxparser__test.tcx': 'America/New_York',
    });
  });

  test("without positions, the file's clock offset, else the runner's profile zone", async () => {
    const user = await sys.addRunner('Australia/Sydney');
    assert.deepEqual(
      await zonesOf(user, ['sportslib__6860622783.fit', 'sportstracker__Forerunner405-Running_CadenceSensor.tcx']),
      {
        // A treadmill FIT whose local clock was 5 h behind UTC (the US east coast in February).
        'sportslib__6860622783.fit': 'Etc/GMT+5',
        // A footpod TCX of UTC times only: nothing but the runner's zone says where.
        'sportstracker__Forerunner405-Running_CadenceSensor.tcx': 'Australia/Sydney',
      },
    );
  });
});
