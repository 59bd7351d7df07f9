// The complete export is a background job whose row is the truth: asked for, built (runs in
// full, original files, a GPX of a run with a track and no file), and, when the service stopped
// in the middle, built by the next instance to start.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { scopes, topics } from '@runnerly/contracts';
import type { RunningService } from '@runnerly/service-kit';
import { waitFor } from '@runnerly/testing';
import { expireExports } from './exports.ts';
import {
  getJson,
  newUser,
  readZip,
  startAnotherImports,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

async function addTrackRun(sys: ImportsTestSystem, user: string): Promise<string> {
  const token = await sys.serviceToken([scopes.runsWrite]);
  const n = 50;
  const res = await fetch(`${sys.urls.data!}/runs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      runs: [
        {
          user_id: user,
          source: 'strava',
          source_id: '987654321',
          name: 'Lunch <run> & co',
          sport_type: 'Run',
          start_time: '2026-09-01T12:00:00Z',
          timezone: 'UTC',
          distance_m: n * 10,
          moving_time_s: n * 3,
          elapsed_time_s: n * 3,
          streams: {
            time: Array.from({ length: n }, (_, i) => i * 3),
            latlng: Array.from({ length: n }, (_, i) => [45 + i * 0.00009, 6]),
            heartrate: Array.from({ length: n }, () => 150),
          },
        },
      ],
    }),
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { runs: Array<{ id: string }> }).runs[0]!.id;
}

async function exportsOf(sys: ImportsTestSystem, base: string, user: string, token: string) {
  const res = await getJson(`${base}/users/${user}/exports`, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.exports as Array<{ export_id: string; status: string; done: number; total: number }>;
}

describe('the complete export, built in the background', () => {
  let sys: ImportsTestSystem;
  let second: RunningService | undefined;
  before(async () => {
    sys = await startImportsTestSystem('imp_exports');
  });
  after(async () => {
    await second?.close();
    await sys.close();
  });

  test('a ZIP of runner.json, the runs in full, the original file and a GPX of the run without one', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const gpx = writeGpx(roadRun(61, Date.parse('2026-08-02T06:00:00Z')));
    const job = await waitForJob(
      sys.urls.imports!,
      user,
      (await upload(sys.urls.imports!, user, token, [{ name: 'morning.gpx', bytes: gpx }])).body.job_id,
      token,
    );
    const fileRun = job.files[0]!.run_id!;
    const trackRun = await addTrackRun(sys, user);

    const asked = await fetch(`${sys.urls.imports!}/users/${user}/exports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ runner: { user_id: user, note: 'from the gateway' } }),
    });
    assert.equal(asked.status, 202);
    const { export_id: id } = (await asked.json()) as { export_id: string };
    const ready = await waitFor('the export', async () => {
      const [e] = await exportsOf(sys, sys.urls.imports!, user, token);
      return e?.export_id === id && e.status === 'ready' && e;
    });
    assert.deepEqual([ready.done, ready.total], [2, 2]);
    const zip = await fetch(`${sys.urls.imports!}/users/${user}/exports/${id}/zip`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(zip.status, 200);
    const entries = await readZip(Buffer.from(await zip.arrayBuffer()));
    assert.deepEqual([...entries.keys()].sort(), [
      `gpx/2026-09-01_${trackRun}.gpx`,
      `originals/2026-08-02_${fileRun}_morning.gpx`,
      'runner.json',
      `runs/2026-08-02_${fileRun}.json`,
      `runs/2026-09-01_${trackRun}.json`,
    ]);
    assert.ok(entries.get(`originals/2026-08-02_${fileRun}_morning.gpx`)!.equals(Buffer.from(gpx)), 'byte for byte');
    assert.equal(JSON.parse(entries.get('runner.json')!.toString()).note, 'from the gateway');
    const track = entries.get(`gpx/2026-09-01_${trackRun}.gpx`)!.toString();
    assert.match(track, /<name>Lunch &lt;run&gt; &amp; co<\/name>/);
    assert.equal(track.match(/<gpxtpx:hr>150<\/gpxtpx:hr>/g)?.length, 50);
    const detail = JSON.parse(entries.get(`runs/2026-08-02_${fileRun}.json`)!.toString());
    assert.ok(detail.streams.latlng.length > 10, 'the streams');
    assert.ok(Array.isArray(detail.splits_km) && detail.splits_km.length > 0, 'the splits');

    // Not another runner's, not before it is ready.
    const other = newUser();
    const otherToken = await sys.userToken(other);
    const foreign = await fetch(`${sys.urls.imports!}/users/${other}/exports/${id}/zip`, {
      headers: { authorization: `Bearer ${otherToken}` },
    });
    assert.equal(foreign.status, 404);
    assert.deepEqual(await exportsOf(sys, sys.urls.imports!, other, otherToken), []);

    // Past its date the ZIP is refused at once, and the sweep deletes it.
    await sys.db
      .updateTable('export_jobs')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', id)
      .execute();
    const late = await fetch(`${sys.urls.imports!}/users/${user}/exports/${id}/zip`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(late.status, 410);
    assert.equal(((await late.json()) as { code: string }).code, 'export_expired');
    assert.equal(await expireExports({ db: sys.db, now: () => new Date() }), 1);
    assert.equal((await exportsOf(sys, sys.urls.imports!, user, token))[0]!.status, 'expired');
    assert.deepEqual(await sys.db.selectFrom('export_zips').select('job_id').where('job_id', '=', id).execute(), []);

    // The account deleted: its exports go.
    await sys.bus.publish(topics.accountDeleted, { user_id: user });
    await waitFor('the exports of the deleted account to go', async () => {
      const rows = await sys.db.selectFrom('export_jobs').select('id').where('user_id', '=', user).execute();
      return rows.length === 0;
    });
  });

  test('an export left running when the service stopped is built by the next instance to start', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    await addTrackRun(sys, user);
    const id = randomUUID();
    const at = new Date().toISOString();
    // As a stopped instance leaves it: running, half done, no message on the bus any more.
    await sys.db
      .insertInto('export_jobs')
      .values({
        id,
        user_id: user,
        status: 'running',
        total: 1,
        done: 0,
        runner_json: '{}',
        size: null,
        error: null,
        created_at: at,
        updated_at: at,
        finished_at: null,
        expires_at: null,
      })
      .execute();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await exportsOf(sys, sys.urls.imports!, user, token))[0]!.status, 'running');

    second = await startAnotherImports(sys);
    const ready = await waitFor('the resumed export', async () => {
      const [e] = await exportsOf(sys, second!.url, user, token);
      return e?.status === 'ready' && e;
    });
    assert.deepEqual([ready.done, ready.total], [1, 1]);
    const outbox = await sys.db.selectFrom('outbox').select(['topic', 'payload']).execute();
    assert.ok(
      outbox.some((o) => o.topic === 'export.ready' && String(o.payload).includes(id)),
      'export.ready written',
    );
  });
});
