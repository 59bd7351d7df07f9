import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { roadRun, writeGpx } from '@runnerly/activity-files/fixtures';
import { serviceLogger } from '@runnerly/service-kit';
import { writeZip } from './fixtures/zip-writer.ts';
import { imports } from './service.ts';
import { createJob } from './store.ts';
import {
  allRuns,
  getJson,
  newUser,
  startImportsTestSystem,
  upload,
  waitForJob,
  type ImportsTestSystem,
} from './testing.ts';

describe('limits, access and bad input', () => {
  let sys: ImportsTestSystem;
  before(async () => {
    sys = await startImportsTestSystem('imp_limits', { MAX_ZIP_ENTRIES: '500', MAX_UNZIPPED_MB: '20' });
  });
  after(async () => {
    await sys.close();
  });

  test('zip bombs are refused before anything is inflated, and nothing is stored', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const ratio = writeZip([{ name: 'activities/1.gpx', data: new Uint8Array(16 * 1024 * 1024), method: 'deflate' }]);
    assert.ok(ratio.length < 100_000);
    const lying = writeZip([{ name: 'a.gpx', data: writeGpx(roadRun(61, Date.now())), declaredSize: 4_000_000_000 }]);
    const total = writeZip(
      Array.from({ length: 3 }, (_, i) => ({
        name: `media/${i}.jpg`,
        data: randomBytes(8 * 1024 * 1024),
        method: 'store' as const,
      })),
    );
    const many = writeZip(Array.from({ length: 501 }, (_, i) => ({ name: `f${i}.gpx`, data: '' })));
    for (const [label, zip, pattern] of [
      ['ratio', ratio, /compressed \d+:1/],
      ['declared size', lying, /expand to more than|compressed/],
      ['total', total, /expand to more than 20 MB/],
      ['entry count', many, /501 entries/],
    ] as const) {
      const res = await upload(sys.urls.imports!, user, token, [{ name: 'bomb.zip', bytes: zip }]);
      assert.equal(res.status, 413, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, 'zip_bomb');
      assert.match(res.body.message, pattern);
    }
    assert.equal((await getJson(`${sys.urls.imports}/users/${user}/imports`, token)).body.jobs.length, 0);
    assert.deepEqual(await allRuns(sys.urls.data!, user, token), []);
  });

  test('a damaged ZIP fails as a file', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const zip = writeZip([{ name: 'a.gpx', data: writeGpx(roadRun(62, Date.now())) }]);
    const res = await upload(sys.urls.imports!, user, token, [
      { name: 'cut.zip', bytes: zip.subarray(0, zip.length - 30) },
    ]);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const job = await waitForJob(sys.urls.imports!, user, res.body.job_id, token);
    assert.equal(job.status, 'failed');
    assert.equal(job.files[0]!.error?.code, 'corrupt_file');
  });

  test('a user token reaches only its own jobs', async () => {
    const alice = newUser();
    const bob = newUser();
    const aliceToken = await sys.userToken(alice);
    const bobToken = await sys.userToken(bob);
    const res = await upload(sys.urls.imports!, alice, aliceToken, [
      { name: 'a.gpx', bytes: writeGpx(roadRun(63, Date.parse('2025-02-01T07:00:00Z'))) },
    ]);
    const jobId = res.body.job_id as string;
    await waitForJob(sys.urls.imports!, alice, jobId, aliceToken);
    assert.equal((await getJson(`${sys.urls.imports}/users/${alice}/imports/${jobId}`, bobToken)).status, 403);
    assert.equal((await getJson(`${sys.urls.imports}/users/${alice}/imports`, bobToken)).status, 403);
    const asBob = await getJson(`${sys.urls.imports}/users/${bob}/imports/${jobId}`, bobToken);
    assert.equal(asBob.status, 404);
    assert.equal(asBob.body.code, 'not_found');
    assert.equal((await upload(sys.urls.imports!, alice, bobToken, [{ name: 'a.gpx', bytes: 'x' }])).status, 403);
    const service = await sys.serviceToken(['imports:read']);
    assert.equal((await getJson(`${sys.urls.imports}/users/${alice}/imports/${jobId}`, service)).status, 200);
    const noWrite = await upload(sys.urls.imports!, alice, service, [{ name: 'a.gpx', bytes: 'x' }]);
    assert.equal(noWrite.status, 403);
  });

  test('bad requests get 4xx {code, message}', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    const base = `${sys.urls.imports}/users/${user}/imports`;
    const cases: Array<[string, Promise<Response>, number, string]> = [
      ['no token', fetch(base), 401, 'unauthorized'],
      [
        'json body',
        fetch(base, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{"file":"x"}',
        }),
        415,
        'unsupported_media_type',
      ],
      [
        'no files',
        fetch(base, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
          body: (() => {
            const f = new FormData();
            f.append('note', 'hello');
            return f;
          })(),
        }),
        400,
        'no_files',
      ],
      [
        'bad user id',
        fetch(`${sys.urls.imports}/users/nope/imports`, { headers: { authorization: `Bearer ${token}` } }),
        400,
        'invalid_request',
      ],
      ['bad job id', fetch(`${base}/123`, { headers: { authorization: `Bearer ${token}` } }), 400, 'invalid_request'],
      [
        'unknown job',
        fetch(`${base}/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } }),
        404,
        'not_found',
      ],
      [
        'bad limit',
        fetch(`${base}?limit=0`, { headers: { authorization: `Bearer ${token}` } }),
        400,
        'invalid_request',
      ],
      [
        'cut multipart',
        fetch(base, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
          body: '--xyz\r\nContent-Disposition: form-data; name="f"; filename="a.gpx"\r\n\r\n<gpx',
        }),
        400,
        'invalid_upload',
      ],
    ];
    for (const [label, pending, status, code] of cases) {
      const res = await pending;
      const body = (await res.json()) as { code: string; message: string };
      assert.equal(res.status, status, `${label}: ${JSON.stringify(body)}`);
      assert.equal(body.code, code, label);
      assert.ok(body.message, label);
    }
  });

  // Last on purpose: with the in-process bus the second instance takes over the work queue.
  test('a job left pending by a crash is finished by the next instance', async () => {
    const user = newUser();
    const token = await sys.userToken(user);
    // As if the process died after the job was committed and before any work was queued.
    const jobId = randomUUID();
    mkdirSync(join(sys.dataDir, 'imports', jobId), { recursive: true });
    const bytes = writeGpx(roadRun(64, Date.parse('2025-03-01T07:00:00Z')));
    writeFileSync(join(sys.dataDir, 'imports', jobId, '0'), bytes);
    await createJob(
      sys.db,
      { id: jobId, userId: user },
      [{ name: 'left.gpx', entry: null, size: bytes.length, blob: `${jobId}/0`, status: 'pending' }],
      new Date(),
    );
    assert.equal((await getJson(`${sys.urls.imports}/users/${user}/imports/${jobId}`, token)).body.status, 'queued');
    const creds = sys.credentials.get('imports')!;
    const second = await imports.start({
      env: {
        PORT: '0',
        LOG_LEVEL: 'warn',
        DATA_DIR: sys.dataDir,
        TOKENDEALER_URL: sys.urls.tokendealer,
        DATA_URL: sys.urls.data,
        CLIENT_ID: creds.clientId,
        CLIENT_SECRET: creds.clientSecret,
        ...(process.env.RUNNERLY_TEST_MODE === 'distributed' ? { DATABASE_URL: importsDatabaseUrl(sys) } : {}),
      },
      bus: sys.bus,
      logger: serviceLogger('imports-2', 'warn'),
    });
    try {
      const job = await waitForJob(second.url, user, jobId, token);
      assert.equal(job.status, 'done');
      assert.equal(job.added, 1);
      // The folder goes right after the job is marked finished.
      for (let i = 0; i < 100 && existsSync(join(sys.dataDir, 'imports', jobId)); i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(
        existsSync(join(sys.dataDir, 'imports', jobId)),
        false,
        'the bytes are dropped once the job is finished',
      );
    } finally {
      await second.close();
    }
  });
});

function importsDatabaseUrl(sys: ImportsTestSystem): string {
  return sys.importsDatabaseUrl!;
}
