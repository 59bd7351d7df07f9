import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  corrupt,
  gzip,
  roadRun,
  sampleActivities,
  truncate,
  writeFit,
  writeGpx,
  writeTcx,
} from '@runnerly/activity-files/fixtures';
import {
  allRuns,
  getJson,
  newUser,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

describe('uploading run files over HTTP (multipart)', () => {
  let sys: ImportsTestSystem;
  before(async () => {
    sys = await startImportsTestSystem('imp_upload', { MAX_FILE_MB: '2' });
  });
  after(async () => {
    await sys.close();
  });

  test('GPX, TCX, FIT and .gz files become runs in the data service with the right distance', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const samples = sampleActivities({ startTime: Date.parse('2025-06-02T06:00:00Z') });
    const res = await upload(
      sys.urls.imports!,
      user,
      token,
      samples.map((s) => ({ name: s.fileName, bytes: s.bytes })),
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.job_id, /^[0-9a-f-]{36}$/);
    assert.equal(res.body.total, samples.length);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.status, 'done');
    assert.deepEqual(
      job.files.map((f) => f.status),
      samples.map(() => 'added'),
      JSON.stringify(job.files),
    );
    assert.equal(job.added, samples.length);
    assert.equal(job.done, samples.length);
    const runs = await allRuns(sys.urls.data!, user, token);
    assert.equal(runs.length, samples.length);
    for (const [i, s] of samples.entries()) {
      const run = runs.find((r) => r.id === job.files[i]!.run_id);
      assert.ok(run, `${s.name}: run stored`);
      assert.equal(run.source, 'file');
      assert.ok(
        Math.abs(run.distance_m - s.truth.distance) / s.truth.distance < 0.01,
        `${s.name}: ${run.distance_m} vs ${s.truth.distance}`,
      );
      assert.ok(
        Math.abs(run.moving_time_s - s.truth.timerTime) / s.truth.timerTime < 0.02,
        `${s.name}: moving ${run.moving_time_s} vs the timer's ${s.truth.timerTime}`,
      );
    }
    const detail = await getJson(`${sys.urls.data}/runs/${job.files[0]!.run_id}`, token);
    assert.equal(detail.status, 200);
    assert.ok(detail.body.name.length > 0);
    assert.ok(detail.body.has_streams, 'streams stored');
    assert.ok(detail.body.summary_polyline);
    assert.ok(detail.body.splits_km.length >= 5);
  });

  test('uploading the same files again adds nothing: they are duplicates', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const run = roadRun(41, Date.parse('2025-07-01T17:30:00Z'));
    const files = [{ name: 'evening.gpx', bytes: writeGpx(run) }];
    const first = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, files)).body.job_id,
      token,
    );
    const second = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, files)).body.job_id,
      token,
    );
    assert.equal(first.added, 1);
    assert.equal(second.added, 0);
    assert.equal(second.duplicates, 1);
    assert.equal(second.files[0]!.run_id, first.files[0]!.run_id);
    assert.equal((await allRuns(sys.urls.data!, user, token)).length, 1);
  });

  test('zero-byte, truncated, corrupt, wrong-content and huge files fail alone with a clear reason; nothing is stored for them', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const good = roadRun(42, Date.parse('2025-08-01T07:00:00Z'));
    const other = roadRun(43, Date.parse('2025-08-02T07:00:00Z'));
    const huge = new Uint8Array(3 * 1024 * 1024).fill(0x20);
    const res = await upload(sys.urls.imports!, user, token, [
      { name: 'empty.gpx', bytes: new Uint8Array(0) },
      { name: 'cut.fit', bytes: truncate(writeFit(other)) },
      { name: 'damaged.tcx', bytes: corrupt(writeTcx(other)) },
      {
        name: 'holiday.jpg.gpx',
        bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF not a run at all')]),
      },
      { name: 'notes.txt', bytes: 'just some notes' },
      { name: 'huge.gpx', bytes: huge },
      { name: 'good.gpx.gz', bytes: gzip(writeGpx(good)) },
    ]);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    const byName = Object.fromEntries(job.files.map((f) => [f.name, f]));
    assert.equal(byName['empty.gpx']!.error?.code, 'empty_file');
    assert.equal(byName['cut.fit']!.error?.code, 'truncated_file');
    assert.equal(byName['damaged.tcx']!.error?.code, 'corrupt_file');
    assert.equal(byName['holiday.jpg.gpx']!.error?.code, 'unknown_format');
    assert.equal(byName['notes.txt']!.error?.code, 'unknown_format');
    assert.equal(byName['huge.gpx']!.error?.code, 'too_large');
    for (const f of job.files.filter((x) => x.name !== 'good.gpx.gz')) {
      assert.equal(f.status, 'failed', f.name);
      assert.ok(f.error!.message.length > 10, `${f.name}: ${f.error!.message}`);
      assert.equal(f.run_id, undefined);
    }
    assert.equal(byName['good.gpx.gz']!.status, 'added');
    assert.equal(job.status, 'done');
    assert.equal(job.failed, 6);
    assert.equal(job.added, 1);
    assert.equal((await allRuns(sys.urls.data!, user, token)).length, 1);
  });

  test('a job where every file fails is failed', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const res = await upload(sys.urls.imports!, user, token, [{ name: 'empty.fit', bytes: new Uint8Array(0) }]);
    assert.equal(res.status, 202);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.status, 'failed');
    assert.equal(job.files[0]!.error?.code, 'empty_file');
  });

  test('a cycling file is skipped, not failed', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const [bike] = (await import('@runnerly/activity-files/fixtures')).multisportLegs(
      44,
      Date.parse('2025-09-01T07:00:00Z'),
    );
    const res = await upload(sys.urls.imports!, user, token, [{ name: 'ride.fit', bytes: writeFit(bike) }]);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.files[0]!.status, 'skipped');
    assert.equal(job.files[0]!.error?.code, 'unsupported_sport');
    assert.equal(job.skipped, 1);
  });
});
