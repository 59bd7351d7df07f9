// The complete export, as a runner gets it through the gateway with the whole system running as
// `npm start` runs it: asked for, built in the background with its progress, mailed, downloaded
// with the owner's session only — runner.json, every run in full, the original files byte for
// byte, a GPX of a run with a track and no file. And the original file of a run on its own.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpBrowser, mailboxLink, signUpAtGateway } from '@runnerly/gateway/testing';
import { readZip } from '@runnerly/imports/testing';
import { waitFor } from '@runnerly/testing';
import { startEmbedded, type EmbeddedSystem } from './embedded.ts';

type Browser = ReturnType<typeof httpBrowser>;

const fit = readFileSync(
  fileURLToPath(new URL('../../../../shared/activity-corpus/files/sportslib__6916663933.fit', import.meta.url)),
);

/** A GET with the browser's cookies, the answer as bytes. */
async function download(b: Browser, base: string, path: string) {
  const cookie = [...b.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(`${base}${path}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('the complete export and the original files, through the gateway', () => {
  let sys: EmbeddedSystem;
  let dataDir: string;
  let base: string;
  let alice: Browser;
  let bob: Browser;
  let aliceId: string;
  let fitRun: string;
  let trackRun: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'runnerly-export-'));
    sys = await startEmbedded({ basePort: 0, dataDir, quiet: true, env: { GATEWAY_MAP_TILES_URL: 'off' } });
    base = sys.urls.gateway!;
    alice = httpBrowser(base, async () => {});
    bob = httpBrowser(base, async () => {});
    aliceId = await signUpAtGateway(alice, 'alice.export@example.com');
    await signUpAtGateway(bob, 'bob.export@example.com');

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(fit)]), 'coros.fit');
    const up = await alice.request('POST', `/api/imports/users/${aliceId}/imports`, { form });
    assert.equal(up.status, 202, JSON.stringify(up.body));
    const job = await waitFor('the import', async () => {
      const j = (await alice.request('GET', `/api/imports/users/${aliceId}/imports/${up.body.job_id}`)).body;
      return j.status === 'done' && j;
    });
    fitRun = job.files[0].run_id;
    // A run typed in with a track (as Strava gives one): no file.
    const n = 120;
    const batch = await alice.request('POST', '/api/data/runs/batch', {
      json: {
        runs: [
          {
            user_id: aliceId,
            source: 'manual',
            source_id: 'track-without-file',
            name: 'Park loop',
            sport_type: 'Run',
            start_time: '2026-10-04T07:00:00Z',
            timezone: 'Europe/Paris',
            distance_m: n * 10,
            moving_time_s: n * 3,
            elapsed_time_s: n * 3,
            streams: {
              time: Array.from({ length: n }, (_, i) => i * 3),
              distance: Array.from({ length: n }, (_, i) => i * 10),
              latlng: Array.from({ length: n }, (_, i) => [48.85 + i * 0.00009, 2.35]),
              altitude: Array.from({ length: n }, () => 35),
            },
          },
        ],
      },
    });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
    trackRun = batch.body.runs[0].id;
  });
  after(async () => {
    await sys?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the original file of a run byte for byte, to its runner only', async () => {
    const mine = await download(alice, base, `/api/runs/${fitRun}/original`);
    assert.equal(mine.status, 200);
    assert.ok(mine.bytes.equals(fit));
    assert.match(mine.headers.get('content-disposition') ?? '', /filename="coros\.fit"/);
    const none = await download(alice, base, `/api/runs/${trackRun}/original`);
    assert.equal(none.status, 404);
    assert.equal(JSON.parse(none.bytes.toString()).code, 'not_found');
    assert.equal((await download(bob, base, `/api/runs/${fitRun}/original`)).status, 404, "not Bob's");
    assert.equal(
      (
        await download(
          httpBrowser(base, async () => {}),
          base,
          `/api/runs/${fitRun}/original`,
        )
      ).status,
      401,
    );
  });

  it('builds the export in the background, shows its progress, mails the link; the ZIP holds everything', async () => {
    const asked = await alice.request('POST', '/api/me/exports');
    assert.equal(asked.status, 202, JSON.stringify(asked.body));
    const id = asked.body.export_id as string;
    assert.ok(['queued', 'running', 'ready'].includes(asked.body.status));
    const seen = new Set<string>();
    const ready = await waitFor('the export to be ready', async () => {
      const list = await alice.request('GET', '/api/me/exports');
      assert.equal(list.status, 200);
      const e = list.body.exports.find((x: { export_id: string }) => x.export_id === id);
      seen.add(`${e.status} ${e.done}/${e.total}`);
      return e.status === 'ready' && e;
    });
    assert.equal(ready.total, 2);
    assert.equal(ready.done, 2, [...seen].join(', '));
    assert.ok(ready.expires_at > new Date(Date.now() + 6 * 86_400_000).toISOString(), 'kept about 7 days');

    // The mail links to the Account page (sign-in first if need be), where the download is.
    assert.equal(await mailboxLink(alice, /export is ready/i), `/account?export=${id}`);
    const link = `/api/me/exports/${id}/zip`;
    const zip = await download(alice, base, link);
    assert.equal(zip.status, 200);
    assert.equal(zip.headers.get('content-type'), 'application/zip');
    const entries = await readZip(zip.bytes);
    const names = [...entries.keys()].sort();
    const runner = JSON.parse(entries.get('runner.json')!.toString());
    assert.equal(runner.user_id, aliceId);
    assert.equal(runner.account.profile.email, 'alice.export@example.com');
    assert.equal(runner.runs.length, 2);
    const original = names.find((n) => n.startsWith('originals/'))!;
    assert.match(original, new RegExp(`${fitRun}_coros\\.fit$`));
    assert.ok(entries.get(original)!.equals(fit), 'the original file byte for byte');
    const gpx = names.filter((n) => n.startsWith('gpx/'));
    assert.deepEqual(gpx, [`gpx/2026-10-04_${trackRun}.gpx`], 'a GPX for the run without a file only');
    const track = entries.get(gpx[0]!)!.toString();
    assert.equal(track.match(/<trkpt /g)?.length, 120);
    assert.match(track, /<time>2026-10-04T07:00:03\.000Z<\/time>/);
    const fitDetail = JSON.parse(entries.get(`runs/2020-03-14_${fitRun}.json`)!.toString());
    assert.ok(fitDetail.streams.time.length > 100, 'streams in the run detail');
    assert.ok(fitDetail.splits_km.length >= 10, 'splits');
    assert.ok(fitDetail.best_efforts.length > 0, 'best efforts');

    // Only the owner's session: Bob gets nothing, nor does a browser signed out.
    assert.equal((await download(bob, base, link)).status, 404);
    assert.equal(
      (
        await download(
          httpBrowser(base, async () => {}),
          base,
          link,
        )
      ).status,
      401,
    );
  });
});
