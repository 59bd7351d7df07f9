// The original file of every imported run is kept (each ZIP entry on its own, in the database
// whatever UPLOAD_STORE says) and answered byte for byte to its runner only; it goes with the run
// and with the account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scopes, topics } from '@runnerly/contracts';
import { waitFor } from '@runnerly/testing';
import { writeZip } from './fixtures/zip-writer.ts';
import { newUser, startImportsTestSystem, upload, waitForJob, type ImportsTestSystem } from './testing.ts';

const corpus = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../shared/activity-corpus/files/${name}`, import.meta.url)));
const fit = corpus('sportslib__6916663933.fit');
const gpx = corpus('sportslib__1681613317.gpx');

async function original(base: string, user: string, runId: string, token: string) {
  const res = await fetch(`${base}/users/${user}/runs/${runId}/original`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

for (const store of ['files', 'database'] as const) {
  describe(`original files of imported runs (UPLOAD_STORE=${store})`, () => {
    let sys: ImportsTestSystem;
    before(async () => {
      sys = await startImportsTestSystem(`imp_originals_${store}`, { UPLOAD_STORE: store });
    });
    after(async () => {
      await sys.close();
    });

    test('a FIT upload and a ZIP entry are answered byte for byte, with their names; not to another runner', async () => {
      const user = newUser();
      const token = await sys.userToken(user);
      const zip = writeZip([{ name: 'watch/2017-03-19 évening.gpx', data: gpx }]);
      const res = await upload(sys.urls.imports!, user, token, [
        { name: 'race.fit', bytes: fit },
        { name: 'old.zip', bytes: zip },
      ]);
      assert.equal(res.status, 202);
      const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
      const [fromFit, fromZip] = job.files;
      assert.equal(fromFit!.status, 'added');
      assert.equal(fromZip!.status, 'added');

      const a = await original(sys.urls.imports!, user, fromFit!.run_id!, token);
      assert.equal(a.status, 200);
      assert.ok(a.bytes.equals(fit), 'the FIT comes back byte for byte');
      assert.match(a.headers.get('content-disposition') ?? '', /attachment; filename="race\.fit"/);
      const b = await original(sys.urls.imports!, user, fromZip!.run_id!, token);
      assert.equal(b.status, 200);
      assert.ok(b.bytes.equals(gpx), 'the ZIP entry, not the ZIP');
      assert.match(b.headers.get('content-disposition') ?? '', /filename\*=UTF-8''2017-03-19%20%C3%A9vening\.gpx/);

      // Another runner: on their own path the run is not theirs (404); on this runner's path, refused.
      const other = newUser();
      const otherToken = await sys.userToken(other);
      const c = await original(sys.urls.imports!, other, fromFit!.run_id!, otherToken);
      assert.equal(c.status, 404);
      assert.equal(JSON.parse(c.bytes.toString()).code, 'not_found');
      assert.equal((await original(sys.urls.imports!, user, fromFit!.run_id!, otherToken)).status, 403);
    });

    test('a duplicate upload points at the stored run; the file goes with the run and with the account', async () => {
      const user = newUser();
      const token = await sys.userToken(user);
      const first = await waitForJob(
        sys.urls.imports!,
        user,
        (await upload(sys.urls.imports!, user, token, [{ name: 'a.gpx', bytes: gpx }])).body.job_id,
        token,
      );
      const again = await waitForJob(
        sys.urls.imports!,
        user,
        (
          await upload(sys.urls.imports!, user, token, [
            { name: 'b.fit', bytes: fit },
            { name: 'c.gpx', bytes: gpx },
          ])
        ).body.job_id,
        token,
      );
      assert.equal(again.files[1]!.status, 'duplicate');
      assert.equal(again.files[1]!.run_id, first.files[0]!.run_id);
      const gpxRun = first.files[0]!.run_id!;
      const fitRun = again.files[0]!.run_id!;
      assert.equal((await original(sys.urls.imports!, user, gpxRun, token)).status, 200);

      // The run deleted at the data service → run.deleted → its files go.
      const writer = await sys.serviceToken([scopes.runsWrite]);
      const del = await fetch(`${sys.urls.data!}/runs/${gpxRun}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${writer}` },
      });
      assert.equal(del.status, 204);
      await waitFor('the original of the deleted run to go', async () => {
        return (await original(sys.urls.imports!, user, gpxRun, token)).status === 404;
      });
      const left = await sys.db.selectFrom('original_files').select('name').where('user_id', '=', user).execute();
      assert.deepEqual(
        left.map((r) => r.name),
        ['b.fit'],
      );
      assert.equal((await original(sys.urls.imports!, user, fitRun, token)).status, 200);

      await sys.bus.publish(topics.accountDeleted, { user_id: user });
      await waitFor('the originals of the deleted account to go', async () => {
        const rows = await sys.db
          .selectFrom('original_file_runs')
          .select('run_id')
          .where('user_id', '=', user)
          .execute();
        const files = await sys.db.selectFrom('original_files').select('id').where('user_id', '=', user).execute();
        return rows.length === 0 && files.length === 0;
      });
    });
  });
}
