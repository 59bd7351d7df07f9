import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roadRun, writeTcx } from '@runnerly/activity-files/fixtures';
import { sampleStravaExport } from './fixtures/strava-export.ts';
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

describe('a Strava bulk-export ZIP', () => {
  let sys: ImportsTestSystem;
  before(async () => {
    sys = await startImportsTestSystem('imp_export');
  });
  after(async () => {
    await sys.close();
  });

  test('every run is imported with its Strava id, name and description; other sports skipped; the corrupt file failed; re-uploading adds nothing', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const exp = sampleStravaExport();
    const res = await upload(sys.urls.imports!, user, token, [
      { name: 'export_123456.zip', bytes: exp.zip, type: 'application/zip' },
    ]);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.total, exp.entries.length);
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.status, 'done');
    assert.equal(job.added, exp.runs.length, JSON.stringify(job.files, null, 1));
    assert.equal(job.skipped, exp.skipped.length);
    assert.equal(job.failed, 1);
    const byId = new Map(job.files.map((f) => [f.strava_activity_id, f]));
    const broken = byId.get(exp.corruptId)!;
    assert.equal(broken.status, 'failed');
    assert.equal(broken.error?.code, 'corrupt_file');
    for (const id of exp.skipped) assert.equal(byId.get(id)!.status, 'skipped', id);
    const runs = await allRuns(sys.urls.data!, user, token);
    assert.equal(runs.length, exp.runs.length);
    for (const r of exp.runs) {
      const file = byId.get(r.id)!;
      assert.equal(file.status, 'added', `${r.id}: ${JSON.stringify(file)}`);
      const run = runs.find((x) => x.id === file.run_id);
      assert.ok(run, r.id);
      assert.equal(run.strava_activity_id, r.id);
      assert.equal(run.name, r.name);
      const detail = await getJson(`${sys.urls.data}/runs/${run.id}`, token);
      assert.equal(detail.body.description ?? '', r.description);
      assert.ok(
        Math.abs(run.distance_m - r.truth.distance) / r.truth.distance < 0.01,
        `${r.name}: ${run.distance_m} vs ${r.truth.distance}`,
      );
    }
    assert.equal(runs.find((x) => x.strava_activity_id === exp.runs[1]!.id).sport_type, 'TrailRun');

    const again = await upload(sys.urls.imports!, user, token, [{ name: 'export_123456.zip', bytes: exp.zip }]);
    const second = await waitForJob(sys.urls.imports!, user, again.body.job_id, token);
    assert.equal(second.added, 0);
    assert.equal(second.duplicates, exp.runs.length);
    assert.equal((await allRuns(sys.urls.data!, user, token)).length, exp.runs.length);

    const list = await getJson(`${sys.urls.imports}/users/${user}/imports`, token);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.jobs.map((j: { job_id: string }) => j.job_id),
      [again.body.job_id, res.body.job_id],
    );
  });

  test('the same run as a device file and in the export is stored once', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const exp = sampleStravaExport({ startTime: Date.parse('2024-05-04T06:00:00Z'), idBase: 30_000_000_000 });
    // The watch's own TCX of the first export run (the export has it as GPX): other bytes, same run.
    const device = writeTcx(roadRun(11, Date.parse('2024-05-04T06:00:00Z')));
    const first = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, [{ name: 'watch.tcx', bytes: device }])).body.job_id,
      token,
    );
    assert.equal(first.added, 1);
    const job = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, [{ name: 'export.zip', bytes: exp.zip }])).body.job_id,
      token,
    );
    const same = job.files.find((f) => f.strava_activity_id === exp.runs[0]!.id)!;
    assert.equal(same.status, 'duplicate', JSON.stringify(same));
    assert.equal(same.run_id, first.files[0]!.run_id);
    assert.equal(job.added, exp.runs.length - 1);
    const runs = await allRuns(sys.urls.data!, user, token);
    assert.equal(runs.length, exp.runs.length);
    const merged = runs.find((r) => r.id === same.run_id);
    assert.equal(merged.strava_activity_id, exp.runs[0]!.id, "the export's Strava id is kept on the merged run");
  });

  test('a plain ZIP of activity files (no activities.csv) imports each file; unsafe names are ignored', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const a = roadRun(51, Date.parse('2025-01-05T08:00:00Z'));
    const zip = writeZip([
      { name: 'runs/jan.tcx', data: writeTcx(a) },
      { name: '../../etc/evil.gpx', data: writeTcx(roadRun(52, Date.parse('2025-01-06T08:00:00Z'))) },
      { name: 'readme.txt', data: 'hello' },
    ]);
    const res = await upload(sys.urls.imports!, user, token, [{ name: 'runs.zip', bytes: zip }]);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.deepEqual(
      job.files.map((f) => [f.name, f.status]),
      [['runs/jan.tcx', 'added']],
    );
  });
});
