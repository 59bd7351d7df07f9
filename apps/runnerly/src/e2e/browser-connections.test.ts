import { it } from 'node:test';
import assert from 'node:assert/strict';
import { call, noChromium, signedInRunner, useBrowserSystem } from './browser-harness.ts';
import { syntheticRun, writeFit, writeGpx } from '@runnerly/activity-files/fixtures';
import { sampleStravaExport } from '@runnerly/imports/fixtures';
import { control } from '@runnerly/strava-sim/testing';

const e2e = useBrowserSystem('conn');
const shot = e2e.shot;

const runner = (name: string) => signedInRunner(e2e, name);

const noProblems = (problems: string[]) => problems.filter((p) => !/401|Unauthorized/.test(p));

it(
  "connects to the Strava simulator, shows the sync progress, and the simulator's runs land on home",
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const sim = e2e.sys.urls['strava-sim']!;
    const { context, page, problems } = await runner('Kip');

    // Home's empty state points to Connections and Upload.
    await page.goto(`${base}/`);
    await page.getByText('No runs yet').waitFor();
    await page.locator('.empty').getByRole('link', { name: 'Connect Strava' }).click();
    await page.getByRole('heading', { name: 'Connections and imports', level: 1 }).waitFor();
    await page.locator('.badge-sim', { hasText: 'Strava simulator' }).waitFor();
    await page.getByText('No imports yet.').waitFor();
    await shot(page, '15-connections');

    // Slow list pages (1.2 s each) so the progress can be watched.
    const fault = await fetch(`${sim}/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'latency', latencyMs: 1200, path: '/api/v3/athlete/activities', count: null }),
    });
    assert.equal(fault.status, 201);

    // Among the athlete's activities, one the Data Service refuses (a start time Strava should
    // never send): the page names it and says why, every other one is imported.
    const athlete = (await control<Array<{ id: number }>>(sim, 'GET', '/athletes'))[0]!.id;
    const made = await control<{ activity: { id: number } }>(sim, 'POST', `/athletes/${athlete}/activities`, {
      sport_type: 'Run',
      name: 'Track session with a broken clock',
      poison: ['bad_start_date'],
    });
    const poisonedId = String(made.activity.id);

    await page.getByRole('button', { name: 'Connect with Strava' }).click();
    // The simulator's consent page, then back to Runnerly.
    await page.getByText('Strava simulator — not the real Strava').waitFor();
    await page.getByRole('combobox').selectOption(String(athlete));
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(/\/connections$/);
    await page.getByText('Strava is connected.').waitFor();
    await page.getByText('Syncing', { exact: true }).waitFor();
    const bar = page.locator('progress#strava-progress');
    await bar.waitFor();
    await page
      .getByText(/Importing your history: [1-9]\d* runs? imported, about \d+ of \d+ activities looked through/)
      .waitFor({ timeout: 15_000 });
    assert.ok(Number(await bar.getAttribute('value')) > 0, 'the bar moved');
    await page.getByText(/left \(Strava lets apps/).waitFor();
    await shot(page, '16-strava-syncing');

    // Home shows the sync in one line with a thin bar, then back to Connections.
    await page.getByRole('link', { name: 'Home' }).click();
    const homeSync = page.getByRole('region', { name: 'Strava' });
    await homeSync.getByText(/Importing your history: [1-9]\d* runs? imported/).waitFor();
    await homeSync.locator('progress.bar-progress.thin').waitFor();
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByText('Syncing', { exact: true }).waitFor();

    await fetch(`${sim}/sim/faults`, { method: 'DELETE' });
    // The page polls while syncing: it turns to "Up to date" on its own.
    await page.getByText('Up to date', { exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText(/History imported: \d+ runs? imported\./).waitFor();
    await page.getByText(/Last sync just now/).waitFor();
    const refused = page.locator('details.rejected');
    await refused.getByText('1 Strava activity could not be imported; every other one was.').click();
    await refused.getByText('Track session with a broken clock').waitFor();
    await refused.getByText(`Strava activity ${poisonedId}`).waitFor();
    assert.match(await refused.locator('li').innerText(), /start time/i);
    await shot(page, '17-strava-refused');

    const latest = await call<{ runs: Array<{ name: string; source: string }> }>(page, 'GET', '/api/me/runs?limit=10');
    assert.equal(latest.body.runs.length, 10, 'the simulator athlete has more than 10 runs');
    assert.ok(latest.body.runs.every((r) => r.source === 'strava'));
    await page.getByRole('link', { name: 'Home' }).click();
    await page.getByRole('heading', { name: 'Last 10 runs' }).waitFor();
    const rows = page.locator('table.runs tbody tr');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 10);
    await page.getByRole('link', { name: latest.body.runs[0]!.name }).first().waitFor();
    // The sync, compact: runs imported and when, no bar, and no polling once idle.
    await homeSync.getByText(/^\d+ runs? imported$/).waitFor();
    await homeSync.getByText('last synced just now').waitFor();
    await homeSync.getByText('Up to date', { exact: true }).waitFor();
    assert.equal(await homeSync.locator('progress').count(), 0);
    let statusCalls = 0;
    const countStatus = (r: { url(): string }) => {
      if (r.url().endsWith('/status')) statusCalls++;
    };
    page.on('request', countStatus);
    await page.waitForTimeout(2500);
    page.off('request', countStatus);
    assert.equal(statusCalls, 0, 'Home does not ask again when not syncing');
    await shot(page, '20-home-synced');

    // Disconnect, keeping the runs.
    await page.getByRole('link', { name: 'Connections' }).click();
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByLabel('Keep them in Runnerly').check();
    await page.getByRole('button', { name: 'Disconnect and keep runs' }).click();
    await page.getByText('Strava is disconnected. The runs it imported stay in Runnerly.').waitFor();
    await page.getByRole('button', { name: 'Connect with Strava' }).waitFor();
    assert.equal((await call<{ runs: unknown[] }>(page, 'GET', '/api/me/runs?limit=10')).body.runs.length, 10);

    // The simulator's consent page has no favicon; that is not ours.
    assert.deepEqual(
      noProblems(problems).filter((p) => !p.endsWith(`${sim}/favicon.ico`)),
      [],
      'no console errors',
    );
    await context.close();
  },
);

it(
  'uploads GPX and FIT files and a Strava export ZIP, shows progress and per-file results, opens an imported run',
  { skip: noChromium },
  async () => {
    const base = e2e.sys.urls.gateway!;
    const { context, page, problems } = await runner('Eliud');
    const day = 86_400_000;
    const t0 = Date.now() - 3 * day;
    const gpx = writeGpx(syntheticRun({ seed: 3, startTime: t0, heartRate: true, cadence: true }));
    const fit = writeFit(
      syntheticRun({ seed: 4, startTime: t0 - day, heartRate: true, start: { lat: 45.76, lon: 4.83, altitude: 170 } }),
    );
    const sample = sampleStravaExport({ startTime: t0 - 30 * day, idBase: 20_000_000_000 });

    await page.goto(`${base}/import`);
    await page.getByRole('heading', { name: 'Import runs from files', level: 1 }).waitFor();
    await page.getByText('Drop files here').waitFor();
    // The file input, as a keyboard or mouse user picks files.
    await page.getByLabel('Choose files').setInputFiles([
      { name: 'tempo.gpx', mimeType: 'application/gpx+xml', buffer: Buffer.from(gpx) },
      { name: 'long-run.fit', mimeType: 'application/octet-stream', buffer: Buffer.from(fit) },
    ]);
    const first = page.getByRole('region', { name: 'Upload of 2 files' });
    await first.getByText('Finished: 2 of 2 files').waitFor({ timeout: 30_000 });
    await first.getByText('2 added').waitFor();
    assert.equal(await first.locator('tbody tr.file-added').count(), 2);

    // The export ZIP, dropped on the zone.
    const zipName = 'export_12345678.zip';
    const dataTransfer = await page.evaluateHandle(
      ([b64, name]) => {
        const bytes = Uint8Array.from(atob(b64 as string), (c) => c.charCodeAt(0));
        const dt = new (
          globalThis as unknown as { DataTransfer: new () => { items: { add(f: File): void } } }
        ).DataTransfer();
        dt.items.add(new File([bytes], name as string, { type: 'application/zip' }));
        return dt;
      },
      [sample.zip.toString('base64'), zipName] as const,
    );
    await page.dispatchEvent('.dropzone', 'drop', { dataTransfer });
    const zip = page.getByRole('region', { name: `Upload of ${zipName}` });
    await zip
      .getByText(/^(Uploading|Importing|Finished)/)
      .first()
      .waitFor();
    await zip.getByText(/^Finished: \d+ of \d+ files$/).waitFor({ timeout: 30_000 });
    await zip.getByText(`${sample.runs.length} added`).waitFor();
    await zip.getByText(`${sample.skipped.length} skipped`).waitFor();
    await zip.getByText('1 failed').waitFor();
    const failed = zip.locator('tbody tr.file-failed');
    assert.equal(await failed.count(), 1);
    assert.match(await failed.innerText(), new RegExp(sample.corruptId));
    assert.equal(await zip.locator('tbody tr.file-skipped').count(), sample.skipped.length);
    await page.getByRole('heading', { name: 'Recent imports' }).waitFor();
    await page.locator('.recent-imports li').nth(1).waitFor();
    await shot(page, '17-upload-results');

    await page.setViewportSize({ width: 390, height: 800 });
    await page.waitForTimeout(100);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    )) as number;
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (${overflow}px)`);
    await shot(page, '19-upload-results-phone');
    await page.setViewportSize({ width: 1100, height: 800 });

    // The GPX run: route, charts, splits.
    await first.locator('tr', { hasText: 'tempo.gpx' }).getByRole('link', { name: 'Open the run' }).click();
    await page.locator('h1').waitFor();
    const route = page.getByRole('img', { name: /Route of the run/ });
    await route.waitFor();
    assert.ok((await route.locator('path.route-line').getAttribute('d'))!.length > 100, 'the route is drawn');
    const chart = page.locator('svg.chart-svg');
    await chart.waitFor();
    assert.ok((await chart.locator('path.series').count()) >= 2, 'pace and heart rate (and elevation) lines');
    const splitRows = page.getByRole('table', { name: /Splits per kilometre/ }).locator('tbody tr');
    await splitRows.first().waitFor();
    assert.ok((await splitRows.count()) >= 3);
    await page.getByText('File upload').waitFor();
    await shot(page, '18-imported-run');

    // A past import reopens with its results.
    await page.getByRole('link', { name: 'Upload' }).click();
    await page.locator('.recent-imports li a').first().click();
    await page
      .getByRole('region', { name: /Import of/ })
      .getByText(/^Finished:/)
      .waitFor();

    assert.deepEqual(noProblems(problems), [], 'no console errors');
    await context.close();
  },
);
