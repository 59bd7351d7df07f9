import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { multisportLegs, syntheticRun, writeFit, writeGpx, writeTcx } from '@runnerly/activity-files/fixtures';
import {
  allRuns,
  getJson,
  newUser,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

const day = 86_400_000;

describe('what a file holds becomes runs, one per activity', () => {
  let sys: ImportsTestSystem;
  before(async () => {
    sys = await startImportsTestSystem('imp_file_runs');
  });
  after(async () => {
    await sys.close();
  });

  test('a TCX of three activities on three days is three runs, each with its own start and distance', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const start = Date.parse('2025-10-06T06:30:00Z');
    const runs = [0, 1, 2].map((i) =>
      syntheticRun({ seed: 70 + i, startTime: start + i * day, legs: [{ seconds: 1500 + 300 * i, speed: 3 }] }),
    );
    const res = await upload(sys.urls.imports!, user, token, [{ name: 'history.tcx', bytes: writeTcx(runs) }]);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    const file = job.files[0]!;
    assert.equal(file.status, 'added');
    assert.equal(file.run_ids?.length, 3);
    assert.match(file.note ?? '', /3 runs/);
    const stored = (await allRuns(sys.urls.data!, user, token)).sort((a, b) =>
      a.start_time.localeCompare(b.start_time),
    );
    assert.deepEqual(
      stored.map((r) => [r.start_time, r.elapsed_time_s, Math.round(r.distance_m)]),
      runs.map((r) => [new Date(r.truth.startTime).toISOString(), r.truth.elapsedTime, Math.round(r.truth.distance)]),
    );
  });

  test('a triathlon file stores its run and tells the runner what was left out', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const [bike, run] = multisportLegs(75, Date.parse('2025-10-12T07:00:00Z'));
    const res = await upload(sys.urls.imports!, user, token, [{ name: 'tri.fit', bytes: writeFit([bike, run]) }]);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.files[0]!.status, 'added');
    assert.match(job.files[0]!.note ?? '', /not imported.*a ride of \d+\.\d km/);
    const [stored] = await allRuns(sys.urls.data!, user, token);
    assert.ok(Math.abs(stored!.distance_m - run.truth.distance) < 1);
  });

  test('the same race uploaded as FIT and as TCX is one run', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const race = syntheticRun({ seed: 76, startTime: Date.parse('2025-10-19T08:00:00Z') });
    const first = await upload(sys.urls.imports!, user, token, [{ name: 'race.fit', bytes: writeFit(race) }]);
    await waitForJob(sys.urls.imports!, user, first.body.job_id, token);
    const second = await upload(sys.urls.imports!, user, token, [{ name: 'race.tcx', bytes: writeTcx(race) }]);
    const job = await waitForJob(sys.urls.imports!, user, second.body.job_id, token);
    assert.equal(job.files[0]!.status, 'duplicate');
    const runs = await allRuns(sys.urls.data!, user, token);
    assert.equal(runs.length, 1);
    const detail = await getJson(`${sys.urls.data}/runs/${runs[0]!.id}`, token);
    assert.deepEqual(
      detail.body.sources.map((s: { source: string }) => s.source),
      ['file', 'file'],
    );
  });

  test('a GPX that looks like a ride is skipped with the reason, and imported when the runner says it is a run', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const fast = syntheticRun({
      seed: 77,
      startTime: Date.parse('2025-10-26T07:00:00Z'),
      legs: [{ seconds: 7170, speed: 42195 / 7170, turnRate: 0.1 }],
    });
    const files = [{ name: 'sunday.gpx', bytes: writeGpx(fast, { type: null, name: null }) }];
    const refused = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, files)).body.job_id,
      token,
    );
    assert.equal(refused.files[0]!.status, 'skipped');
    assert.match(refused.files[0]!.error!.message, /looks like a ride/);
    const accepted = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, files, '?is_run=true')).body.job_id,
      token,
    );
    assert.equal(accepted.files[0]!.status, 'added');
  });

  test('a treadmill run and a GPX without sport are marked for what they are', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const treadmill = syntheticRun({ seed: 78, startTime: Date.parse('2025-11-02T18:00:00Z'), gps: false });
    const outdoor = syntheticRun({ seed: 79, startTime: Date.parse('2025-11-03T07:00:00Z') });
    const res = await upload(sys.urls.imports!, user, token, [
      { name: 'treadmill.fit', bytes: writeFit(treadmill) },
      { name: 'morning.gpx', bytes: writeGpx(outdoor, { type: null, name: null }) },
    ]);
    await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    const runs = (await allRuns(sys.urls.data!, user, token)).sort((a, b) => a.start_time.localeCompare(b.start_time));
    assert.deepEqual(
      runs.map((r) => [r.sport_type, r.trainer, r.has_gps, r.sport_inferred]),
      [
        ['Treadmill', true, false, false],
        ['Run', false, true, true],
      ],
    );
  });
});
